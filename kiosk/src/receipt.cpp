#include "anjungan/kiosk/receipt.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/samples/sample_case.hpp"

namespace anjungan::kiosk {

namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

printing::Bilingual document_label(domain::DocumentKind k) {
    return {std::string(label(k, domain::Lang::kId)), std::string(label(k, domain::Lang::kEn))};
}

}  // namespace

printing::ReceiptClaim receipt_claim(const domain::CaseRecord& rec) {
    printing::ReceiptClaim c;
    c.receipt_no = rec.receipt_no;
    c.case_id = rec.case_id;
    c.kiosk_id = rec.kiosk_id;
    if (!platform::parse_utc(rec.created_at, c.issued_at)) {
        throw std::invalid_argument("case " + rec.case_id + " has no valid creation time (" +
                                    rec.created_at + ")");
    }
    return c;
}

std::string case_fingerprint(const domain::CaseRecord& rec) {
    std::vector<std::string> lines;
    for (const auto& a : rec.attachments) {
        lines.push_back(std::string(to_code(a.kind)) + "/" + std::to_string(a.page) + "/" +
                        a.sha256);
    }
    std::sort(lines.begin(), lines.end());
    std::string text = rec.case_id + "\n" + rec.receipt_no + "\n" + rec.created_at + "\n";
    for (const auto& l : lines) {
        text += l + "\n";
    }
    const std::string hex = platform::sha256_hex(text);
    // The first 40 bits as 8 base-32 characters.
    const std::uint64_t bits = std::stoull(hex.substr(0, 10), nullptr, 16);
    std::string out;
    for (int i = 7; i >= 0; --i) {
        out += kCrockford[(bits >> (5 * i)) & 31u];
        if (i == 4) {
            out += '-';
        }
    }
    return out;
}

printing::ReceiptContent receipt_content(const domain::CaseRecord& rec,
                                         const platform::SigningKey& key, int utc_offset_minutes,
                                         int copy, platform::TimePoint now) {
    printing::ReceiptContent c;
    const auto claim = receipt_claim(rec);
    c.receipt_no = rec.receipt_no;
    c.kiosk_id = rec.kiosk_id;
    c.issued_local = platform::format_local(claim.issued_at, utc_offset_minutes);
    const auto& a = rec.applicant;
    c.masked_name =
        domain::mask_name(a.certificate_name.empty() ? a.full_name : a.certificate_name);
    c.masked_nip = a.nip.empty() ? "-" : domain::mask_number(a.nip);
    // One line per kind of document, in the order the SOP lists them.
    for (auto kind : {domain::DocumentKind::kLetter, domain::DocumentKind::kKtp,
                      domain::DocumentKind::kSk, domain::DocumentKind::kSelfie}) {
        const auto pages =
            std::count_if(rec.attachments.begin(), rec.attachments.end(),
                          [&](const domain::Attachment& x) { return x.kind == kind; });
        if (pages > 0) {
            c.documents.push_back({document_label(kind), static_cast<int>(pages)});
        }
    }
    for (const auto& s : domain::remaining_steps(rec.status)) {
        c.next_steps.push_back({{std::string(s.what_id), std::string(s.what_en)},
                                {std::string(s.time_id), std::string(s.time_en)}});
    }
    c.qr_payload = printing::make_payload(claim, key);
    c.fingerprint = case_fingerprint(rec);
    c.reprint = copy;
    if (copy > 0) {
        c.reprinted_local = platform::format_local(now, utc_offset_minutes);
    }
    return c;
}

printing::KeyRing known_kiosk_keys(const std::filesystem::path& data_dir,
                                   const std::string& kiosk_id) {
    const auto published = data_dir / "keys" / "kiosk-keys.json";
    std::error_code ec;
    printing::KeyRing ring;
    if (std::filesystem::exists(published, ec)) {
        ring = printing::KeyRing::load(published);
    }
    const auto own = signing_key_path(data_dir);
    if (std::filesystem::exists(own, ec)) {
        ring.add(kiosk_id, platform::SigningKey::read_file(own).public_key());
    }
    return ring;
}

printing::Layout receipt_layout(const platform::PrinterConfig& config) {
    printing::Layout l;
    l.paper = config.paper_mm == 80 ? printing::Paper::k80mm : printing::Paper::k58mm;
    l.dpi = config.dpi;
    return l;
}

ReceiptPrint print_receipt(Store& store, printing::Printer& printer,
                           const platform::SigningKey& key, const platform::Config& config,
                           const std::string& case_id, const std::string& requested_by,
                           const platform::Clock& clock) {
    const auto rec = store.find_by_id(case_id);
    if (!rec) {
        throw StoreError(StoreError::Kind::kInvalidCase, "no case " + case_id + " to print");
    }
    ReceiptPrint out;
    out.receipt_no = rec->receipt_no;
    // Recorded before anything is sent: if the kiosk dies mid-print, the next copy is marked.
    out.record = store.begin_print(case_id, requested_by);

    printing::PrintDocument doc;
    doc.title = rec->receipt_no +
                (out.record.copy > 0 ? "-R" + std::to_string(out.record.copy) : std::string());
    doc.dpi = config.printer.dpi;
    try {
        const auto content =
            receipt_content(*rec, key, config.utc_offset_minutes, out.record.copy, clock.now());
        const auto layout = receipt_layout(config.printer);
        if (config.printer.format == "pdf") {
            doc.data = printing::render_pdf(content, layout).data;
            doc.mime = "application/pdf";
        } else {
            doc.data = printing::render_png(content, layout).data;
            doc.mime = "image/png";
        }
    } catch (const std::exception& e) {
        out.result.printer.state = printing::PrinterState::kError;
        out.result.detail = std::string("the receipt could not be rendered: ") + e.what();
        store.finish_print(out.record.id, PrintState::kNotSent, 0, "error", out.result.detail);
        spdlog::error("receipt {}: {}", rec->receipt_no, out.result.detail);
        out.record.state = PrintState::kNotSent;
        return out;
    }

    out.result = printer.print(doc);
    const PrintState state = out.result.printed     ? PrintState::kPrinted
                             : out.result.submitted ? PrintState::kFailed
                                                    : PrintState::kNotSent;
    const std::string printer_state(printing::to_code(out.result.printer.state));
    std::string detail = out.result.detail;
    if (!out.result.printer.detail.empty()) {
        detail += "; " + out.result.printer.detail;
    }
    store.finish_print(out.record.id, state, out.result.job_id, printer_state, detail);
    out.record.state = state;
    out.record.job_id = out.result.job_id;
    out.record.printer_state = printer_state;
    out.record.detail = detail;
    if (out.result.printed) {
        spdlog::info("receipt {} copy {} printed on {} (job {}, {:.0f} ms)", rec->receipt_no,
                     out.record.copy, printer.describe(), out.result.job_id,
                     out.result.completed_ms);
    } else {
        spdlog::warn("receipt {} copy {} not printed on {}: {} ({})", rec->receipt_no,
                     out.record.copy, printer.describe(), printer_state, detail);
    }
    return out;
}

domain::CaseRecord sample_case(const platform::Config& config, const platform::Clock& clock) {
    domain::CaseRecord r;
    r.case_id = platform::new_uuid_v4();
    r.kiosk_id = config.kiosk_id;
    r.created_at = platform::format_utc(std::chrono::floor<std::chrono::seconds>(clock.now()));
    r.receipt_no = domain::make_receipt_number(
        config.kiosk_id, platform::civil_date(clock.now(), config.utc_offset_minutes),
        domain::kMaxDailyReceipts);
    r.applicant = samples::sample_applicant();
    for (const auto& d : samples::sample_documents()) {
        r.attachments.push_back(
            {d.kind, d.page, platform::sha256_hex(d.content), d.content.size(), d.media_type});
    }
    return r;
}

printing::PrintResult print_test_receipt(printing::Printer& printer,
                                         const platform::SigningKey& key,
                                         const platform::Config& config,
                                         const platform::Clock& clock) {
    auto content =
        receipt_content(sample_case(config, clock), key, config.utc_offset_minutes, 0, clock.now());
    content.sample = true;
    const auto layout = receipt_layout(config.printer);
    printing::PrintDocument doc;
    doc.title = "anjungan-print-test";
    doc.dpi = layout.dpi;
    if (config.printer.format == "pdf") {
        doc.data = printing::render_pdf(content, layout).data;
        doc.mime = "application/pdf";
    } else {
        doc.data = printing::render_png(content, layout).data;
    }
    return printer.print(doc);
}

}  // namespace anjungan::kiosk
