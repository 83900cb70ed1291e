#include "receipt_commands.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/drivers/image_file.hpp"
#include "anjungan/drivers/qr_reader.hpp"
#include "anjungan/kiosk/receipt.hpp"
#include "anjungan/kiosk/receipt_codes.hpp"
#include "anjungan/samples/sample_case.hpp"

namespace anjungan::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kOk = 0, kNegative = 1, kUsage = 2, kUnavailable = 3;
// receipt verify: the picture holds two or more different genuine receipts.
constexpr int kSeveralReceipts = 5;

std::unique_ptr<kiosk::Store> open_store(const platform::Config& config, bool create) {
    static const platform::SystemClock clock;
    return kiosk::Store::open(kiosk::StoreOptions::from(config, create), clock);
}

platform::SigningKey kiosk_key(const platform::Config& config) {
    return platform::SigningKey::read_file(kiosk::signing_key_path(config.data_dir));
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

json result_json(const printing::PrintResult& r) {
    return {{"printed", r.printed},
            {"submitted", r.submitted},
            {"job_id", r.job_id},
            {"printer_state", std::string(printing::to_code(r.printer.state))},
            {"printer_reasons", r.printer.reasons},
            {"printer_message", r.printer.message},
            {"detail", r.detail},
            {"accepted_ms", r.accepted_ms < 0 ? json(nullptr) : json(r.accepted_ms)},
            {"completed_ms", r.completed_ms < 0 ? json(nullptr) : json(r.completed_ms)}};
}

std::string explain(printing::PrinterState s, domain::Lang lang) {
    const auto e = printing::explain(s);
    return lang == domain::Lang::kId ? e.id : e.en;
}

}  // namespace

int run_receipt_render(const ReceiptContext& ctx, const RenderArgs& a) {
    if (a.sample == !a.receipt_no.empty()) {
        std::cerr << "receipt render: give --receipt RECEIPT_NO or --sample (one of them)\n";
        return kUsage;
    }
    const bool pdf = ends_with(a.out, ".pdf");
    if (!pdf && !ends_with(a.out, ".png")) {
        std::cerr << "receipt render: --out must end in .png or .pdf: " << a.out << "\n";
        return kUsage;
    }
    platform::PrinterConfig pc = ctx.config.printer;
    if (a.paper != 0) {
        pc.paper_mm = a.paper;
    }
    if (a.dpi != 0) {
        pc.dpi = a.dpi;
    }
    const auto store = open_store(ctx.config, a.sample);
    platform::SystemClock clock;
    domain::CaseRecord rec;
    if (a.sample) {
        rec = kiosk::sample_case(ctx.config, clock);
    } else {
        const auto found = store->find_by_receipt(a.receipt_no);
        if (!found) {
            std::cerr << "receipt render: no case with receipt number " << a.receipt_no << "\n";
            return kNegative;
        }
        rec = *found;
    }
    auto content = kiosk::receipt_content(rec, kiosk_key(ctx.config), ctx.config.utc_offset_minutes,
                                          a.copy, clock.now());
    content.sample = a.sample;
    const auto layout = kiosk::receipt_layout(pc);
    const auto out =
        pdf ? printing::render_pdf(content, layout) : printing::render_png(content, layout);
    platform::write_file_durably(a.out, out.data, 0644);
    std::cout << a.out << ": receipt " << rec.receipt_no << ", " << pc.paper_mm << " mm at "
              << pc.dpi << " dpi, " << out.width_dots << "x" << out.height_dots
              << " dots; QR version " << out.qr.version << ", " << out.qr.module_dots
              << " dots per module\n";
    return kOk;
}

namespace {

json claim_json(const std::optional<printing::ReceiptClaim>& claim) {
    json j = {{"receipt_no", nullptr},
              {"case_id", nullptr},
              {"kiosk_id", nullptr},
              {"issued_at", nullptr}};
    if (claim) {
        j["receipt_no"] = claim->receipt_no;
        j["case_id"] = claim->case_id;
        j["kiosk_id"] = claim->kiosk_id;
        j["issued_at"] = platform::format_utc(claim->issued_at);
    }
    return j;
}

// One code of the picture, for the lines below the verdict.
std::string code_line(const kiosk::CheckedCode& c, domain::Lang lang) {
    const auto& v = c.verification;
    std::string line =
        "  code at (" + std::to_string(c.code.x) + ", " + std::to_string(c.code.y) + "): ";
    if (v.valid) {
        line += (lang == domain::Lang::kId ? "SAH" : "VALID");
    } else if (!c.anjungan()) {
        line += "not an Anjungan receipt";
    } else {
        line += (lang == domain::Lang::kId ? "TIDAK SAH: " : "INVALID: ") + v.reason;
    }
    if (v.claim) {
        line += (v.valid ? ", receipt " : ", claims receipt ") + v.claim->receipt_no + ", case " +
                v.claim->case_id;
    }
    return line;
}

}  // namespace

// The verdict covers every code in the picture and does not depend on their order (see
// kiosk/receipt_codes.hpp). JSON: the original keys (valid, reason, receipt_no, case_id,
// kiosk_id, issued_at, detail, codes_found) keep their meaning for the code the verdict is
// about; "receipts" counts the different genuine receipts and "codes" lists every code.
int run_receipt_verify(const ReceiptContext& ctx, const VerifyArgs& a) {
    json out = {{"valid", false},     {"reason", nullptr},   {"receipt_no", nullptr},
                {"case_id", nullptr}, {"kiosk_id", nullptr}, {"issued_at", nullptr}};
    std::optional<kiosk::ReceiptCodes> found;
    auto finish = [&](int code, const std::string& detail) {
        out["detail"] = detail;
        const bool id = ctx.lang == domain::Lang::kId;
        if (a.as_json) {
            std::cout << out.dump() << "\n";
        } else if (out["valid"].get<bool>()) {
            std::cout << (id ? "SAH" : "VALID") << ": receipt "
                      << out["receipt_no"].get<std::string>() << ", case "
                      << out["case_id"].get<std::string>() << ", kiosk "
                      << out["kiosk_id"].get<std::string>() << ", issued "
                      << out["issued_at"].get<std::string>() << "\n";
        } else if (out["reason"] == "several_receipts") {
            std::cout << (id ? "LEBIH DARI SATU TANDA TERIMA" : "MORE THAN ONE RECEIPT") << ": "
                      << detail << "\n";
        } else {
            std::cout << (id ? "TIDAK SAH" : "INVALID") << ": " << out["reason"].get<std::string>()
                      << " (" << detail << ")\n";
        }
        if (!a.as_json && found && found->codes.size() > 1) {
            for (const auto& c : found->codes) {
                std::cout << code_line(c, ctx.lang) << "\n";
            }
        }
        return code;
    };

    cv::Mat grey;
    try {
        grey = drivers::read_image_file(a.image, cv::IMREAD_GRAYSCALE);
    } catch (const drivers::ImageFileError& e) {
        // Missing, not an image, or a size no camera or scanner makes (refused undecoded).
        out["reason"] = "unreadable_image";
        return finish(kUnavailable, e.what());
    }
    if (grey.empty()) {
        out["reason"] = "unreadable_image";
        return finish(kUnavailable, a.image + " is missing or not an image OpenCV can read");
    }
    printing::KeyRing keys = kiosk::known_kiosk_keys(ctx.config.data_dir, ctx.config.kiosk_id);
    if (!a.keys_file.empty()) {
        try {
            keys.merge(printing::KeyRing::load(a.keys_file));  // the given list wins
        } catch (const std::exception& e) {
            std::cerr << "receipt verify: " << e.what() << "\n";
            out["reason"] = "keys_unreadable";
            return finish(kUsage, e.what());
        }
    }
    // The thorough read: repair passes for dead dots and paper grain (drivers/qr_reader.hpp).
    found = kiosk::check_receipt_codes(drivers::find_qr_codes(grey), keys);
    const auto& r = *found;
    out["codes_found"] = r.codes.size();
    out["receipts"] = r.receipts;
    json codes = json::array();
    for (const auto& c : r.codes) {
        json j = claim_json(c.verification.claim);
        j["valid"] = c.verification.valid;
        j["reason"] = c.verification.reason;
        j["detail"] = c.verification.detail;
        j["x"] = c.code.x;
        j["y"] = c.code.y;
        codes.push_back(std::move(j));
    }
    out["codes"] = std::move(codes);
    out["reason"] = r.reason;
    out["valid"] = r.valid();
    if (r.chosen) {
        const json claim = claim_json(r.codes[*r.chosen].verification.claim);
        for (const char* k : {"receipt_no", "case_id", "kiosk_id", "issued_at"}) {
            out[k] = claim.at(k);
        }
    }
    if (r.reason == "no_qr_found") {
        return finish(kNegative, "no QR code was found in " + a.image +
                                     " (also after repairing dead dots and paper grain)");
    }
    if (r.reason == "several_receipts") {
        return finish(kSeveralReceipts, r.detail);
    }
    return finish(r.valid() ? kOk : kNegative, r.detail);
}

int run_receipt_print(const ReceiptContext& ctx, const std::string& receipt_no, bool as_json) {
    const auto store = open_store(ctx.config, false);
    const auto rec = store->find_by_receipt(receipt_no);
    if (!rec) {
        std::cerr << "receipt print: no case with receipt number " << receipt_no << "\n";
        return kNegative;
    }
    const auto printer = printing::make_printer(ctx.config);
    platform::SystemClock clock;
    const auto p = kiosk::print_receipt(*store, *printer, kiosk_key(ctx.config), ctx.config,
                                        rec->case_id, "staff:" + ctx.actor, clock);
    store->audit(ctx.actor, "receipt print",
                 rec->receipt_no + " copy " + std::to_string(p.record.copy) + ": " +
                     std::string(kiosk::to_code(p.record.state)) + " (" + p.record.printer_state +
                     ")");
    if (as_json) {
        json j = result_json(p.result);
        j["receipt_no"] = p.receipt_no;
        j["copy"] = p.record.copy;
        j["state"] = std::string(kiosk::to_code(p.record.state));
        std::cout << j.dump() << "\n";
    } else {
        std::cout << p.receipt_no << " copy " << p.record.copy << ": "
                  << kiosk::to_code(p.record.state) << " on " << printer->describe() << "\n";
        if (!p.result.printed) {
            std::cout << explain(p.result.printer.state, ctx.lang) << "\n"
                      << p.record.detail << "\n";
        }
    }
    return p.result.printed ? kOk : kNegative;
}

int run_receipt_pending(const ReceiptContext& ctx, bool as_json) {
    const auto store = open_store(ctx.config, false);
    json arr = json::array();
    for (const auto& c : store->awaiting_print()) {
        const auto prints = store->prints_of(c.case_id);
        const auto& last = prints.back();
        arr.push_back({{"receipt_no", c.receipt_no},
                       {"case_id", c.case_id},
                       {"created_at", c.created_at},
                       {"attempts", prints.size()},
                       {"last_state", std::string(kiosk::to_code(last.state))},
                       {"printer_state", last.printer_state},
                       {"detail", last.detail}});
    }
    if (as_json) {
        std::cout << arr.dump() << "\n";
        return kOk;
    }
    if (arr.empty()) {
        std::cout << (ctx.lang == domain::Lang::kId ? "Tidak ada tanda terima yang menunggu cetak."
                                                    : "No receipt is waiting to be printed.")
                  << "\n";
    }
    for (const auto& e : arr) {
        std::cout << e["receipt_no"].get<std::string>() << "  "
                  << e["created_at"].get<std::string>() << "  " << e["attempts"].get<int>()
                  << " attempt(s), last: " << e["printer_state"].get<std::string>() << "\n";
    }
    return kOk;
}

int run_print_test(const ReceiptContext& ctx, bool as_json) {
    const auto printer = printing::make_printer(ctx.config);
    const auto before = printer->status();
    // The sample is signed with this kiosk's key when it has one, so the printed code can be
    // scanned at the kiosk; a fresh key otherwise (the code then reads as unknown_kiosk).
    std::error_code ec;
    const auto key_path = kiosk::signing_key_path(ctx.config.data_dir);
    const auto key = fs::exists(key_path, ec) ? platform::SigningKey::read_file(key_path)
                                              : platform::SigningKey::generate();
    platform::SystemClock clock;
    const auto r = kiosk::print_test_receipt(*printer, key, ctx.config, clock);
    if (as_json) {
        json j = result_json(r);
        j["printer"] = printer->describe();
        j["state_before"] = std::string(printing::to_code(before.state));
        j["reasons_before"] = before.reasons;
        j["message_before"] = before.message;
        j["explanation"] = explain(r.printer.state, ctx.lang);
        std::cout << j.dump() << "\n";
    } else {
        std::cout << "printer: " << printer->describe() << "\n"
                  << "state before: " << printing::to_code(before.state)
                  << (before.detail.empty() ? "" : " (" + before.detail + ")") << "\n"
                  << "test receipt: " << (r.printed ? "printed" : "NOT printed") << " (" << r.detail
                  << ")\n"
                  << "state after: " << printing::to_code(r.printer.state) << " - "
                  << explain(r.printer.state, ctx.lang) << "\n";
        if (r.accepted_ms >= 0) {
            std::cout << "accepted after " << static_cast<int>(r.accepted_ms) << " ms";
            if (r.completed_ms >= 0) {
                std::cout << ", completed after " << static_cast<int>(r.completed_ms) << " ms";
            }
            std::cout << "\n";
        }
    }
    return r.printed ? kOk : kNegative;
}

}  // namespace anjungan::cli
