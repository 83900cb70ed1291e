// Over 600 lines: the command-line tool's option table and the small commands; the larger ones
// have their own files in kiosk/cli/.
// anjungan: the operators' and tests' command line for a kiosk.
//
// [SECTION] Shared options and helpers
// [SECTION] validate
// [SECTION] cases
// [SECTION] keygen, store, config
// [SECTION] main
//
// Exit codes: 0 success (or valid), 1 a negative answer (invalid value, failed check, not
// found), 2 usage or configuration errors, 3 a store that cannot be opened, 4 an output that
// would overwrite an input (rectify, export; nothing written), 5 an image holding more than one
// genuine receipt (receipt verify). The usage's footer lists them.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/core/utils/logger.hpp>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/validators.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/log.hpp"
#include "anjungan/samples/sample_case.hpp"
#include "receipt_commands.hpp"
#include "session_command.hpp"
#include "staff_commands.hpp"
#include "sync_commands.hpp"
#include "vision_commands.hpp"

namespace {

using namespace anjungan;
using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kOk = 0, kNegative = 1, kUsage = 2, kStoreUnavailable = 3;

// [SECTION] Shared options and helpers ------------------------------------------------------

struct Globals {
    std::string config_file;
    std::string data_dir;
    std::string lang = "id";
    std::string today;  // YYYY-MM-DD, for tests and replays; default: the kiosk's local date
    platform::Config config;
    platform::SystemClock clock;
    domain::Lang language() const { return lang == "en" ? domain::Lang::kEn : domain::Lang::kId; }

    platform::CivilDate today_date() const {
        if (!today.empty()) {
            platform::TimePoint t;
            if (!platform::parse_utc(today + "T00:00:00Z", t)) {
                throw CLI::ValidationError("--today", "expected YYYY-MM-DD, got " + today);
            }
            return platform::civil_date(t, 0);
        }
        return platform::civil_date(clock.now(), config.utc_offset_minutes);
    }

    std::unique_ptr<kiosk::Store> open_store(bool create) const {
        return kiosk::Store::open(kiosk::StoreOptions::from(config, create), clock);
    }
    // For commands that only read: works on a read-only folder and changes no byte.
    std::unique_ptr<kiosk::Store> open_store_to_read() const {
        auto o = kiosk::StoreOptions::from(config, false);
        o.read_only = true;
        return kiosk::Store::open(o, clock);
    }
};

json problems_json(const std::vector<domain::Problem>& problems, domain::Lang lang) {
    json out = json::array();
    for (const auto& p : problems) {
        out.push_back({{"code", p.code},
                       {"message", p.message(lang)},
                       {"message_id", p.message_id},
                       {"message_en", p.message_en}});
    }
    return out;
}

std::string local_time(const std::string& utc, int offset_minutes) {
    platform::TimePoint t;
    if (!platform::parse_utc(utc, t)) {
        return utc;
    }
    std::string s = platform::format_utc(t + std::chrono::minutes(offset_minutes));
    s[10] = ' ';
    return s.substr(0, 16);
}

std::string actor_name() {
    for (const char* var : {"SUDO_USER", "USER", "LOGNAME"}) {
        if (const char* v = std::getenv(var); v && *v) {
            return v;
        }
    }
    return "uid " + std::to_string(::getuid());
}

// [SECTION] validate ------------------------------------------------------------------------

struct ValidateArgs {
    std::string kind, value, nik;
    bool as_json = false;
};

int run_validate(const Globals& g, const ValidateArgs& a) {
    const auto today = g.today_date();
    domain::Validation v;
    if (a.kind == "nik") {
        v = domain::validate_nik(a.value, today);
    } else if (a.kind == "nip") {
        v = domain::validate_nip(a.value, today);
        if (!a.nik.empty() && v.valid()) {
            for (auto& w : domain::cross_check_nik_nip(a.nik, a.value, today).warnings) {
                v.warnings.push_back(std::move(w));
            }
        }
    } else if (a.kind == "email") {
        v = domain::validate_email(a.value, g.config.email_domains);
    } else if (a.kind == "phone") {
        v = domain::validate_phone(a.value);
    } else {
        v = domain::validate_name(a.value);
    }
    const auto lang = g.language();
    if (a.as_json) {
        json fields = json::object();
        for (const auto& [k, val] : v.fields) {
            fields[k] = val;
        }
        std::cout << json{{"valid", v.valid()},
                          {"kind", a.kind},
                          {"value", v.normalized},
                          {"errors", problems_json(v.errors, lang)},
                          {"warnings", problems_json(v.warnings, lang)},
                          {"fields", fields}}
                         .dump(-1, ' ', false, json::error_handler_t::replace)
                  << "\n";
    } else {
        const bool id = lang == domain::Lang::kId;
        std::cout << a.kind << " " << v.normalized << ": "
                  << (v.valid() ? (id ? "sah" : "valid") : (id ? "TIDAK SAH" : "INVALID")) << "\n";
        for (const auto& p : v.errors) {
            std::cout << "  x " << p.code << ": " << p.message(lang) << "\n";
        }
        for (const auto& p : v.warnings) {
            std::cout << "  ! " << p.code << ": " << p.message(lang) << "\n";
        }
        for (const auto& [k, val] : v.fields) {
            std::cout << "  " << k << ": " << val << "\n";
        }
    }
    return v.valid() ? kOk : kNegative;
}

// [SECTION] cases ---------------------------------------------------------------------------

json case_json(const domain::CaseRecord& r, bool unmasked, domain::Lang lang) {
    json attachments = json::array();
    for (const auto& a : r.attachments) {
        attachments.push_back({{"kind", domain::to_code(a.kind)},
                               {"page", a.page},
                               {"sha256", a.sha256},
                               {"size", a.size},
                               {"media_type", a.media_type}});
    }
    json history = json::array();
    for (const auto& h : r.history) {
        history.push_back({{"status", domain::to_code(h.status)}, {"at", h.at}, {"note", h.note}});
    }
    return {{"case_id", r.case_id},
            {"receipt_no", r.receipt_no},
            {"kiosk_id", r.kiosk_id},
            {"created_at", r.created_at},
            {"status", domain::to_code(r.status)},
            {"status_label", domain::label(r.status, lang)},
            {"next_step", domain::next_step(r.status, lang)},
            {"masked", !unmasked},
            {"purged", r.purged},
            {"applicant", r.purged   ? json::object()
                          : unmasked ? json(r.applicant)
                                     : json(domain::masked(r.applicant))},
            {"attachments", attachments},
            {"history", history}};
}

int run_cases_list(const Globals& g, bool as_json) {
    const auto store = g.open_store_to_read();
    const auto cases = store->list_cases();
    const auto lang = g.language();
    if (as_json) {
        json out = json::array();
        for (const auto& c : cases) {
            out.push_back({{"case_id", c.case_id},
                           {"receipt_no", c.receipt_no},
                           {"created_at", c.created_at},
                           {"status", domain::to_code(c.status)},
                           {"name", c.masked_name},
                           {"work_unit", c.work_unit},
                           {"attachments", c.attachment_count}});
        }
        std::cout << out.dump() << "\n";
        return kOk;
    }
    if (cases.empty()) {
        std::cout << (lang == domain::Lang::kId ? "Belum ada permohonan.\n" : "No cases yet.\n");
        return kOk;
    }
    std::printf("%-20s %-16s %-28s %-22s %s\n", "receipt_no",
                lang == domain::Lang::kId ? "dibuat" : "created", "status",
                lang == domain::Lang::kId ? "nama" : "name", "files");
    for (const auto& c : cases) {
        std::printf("%-20s %-16s %-28s %-22s %d\n", c.receipt_no.c_str(),
                    local_time(c.created_at, g.config.utc_offset_minutes).c_str(),
                    std::string(domain::label(c.status, lang)).substr(0, 28).c_str(),
                    c.masked_name.c_str(), c.attachment_count);
    }
    return kOk;
}

int run_cases_show(const Globals& g, const std::string& receipt, bool as_json, bool unmask) {
    // --unmask writes to the audit log; a plain look changes nothing.
    const auto store = unmask ? g.open_store(false) : g.open_store_to_read();
    const auto rec = store->find_by_receipt(receipt);
    const auto lang = g.language();
    if (!rec) {
        std::cerr << (lang == domain::Lang::kId ? "Tidak ada permohonan dengan nomor "
                                                : "No case with receipt number ")
                  << receipt << "\n";
        return kNegative;
    }
    if (unmask) {
        store->audit(actor_name(), "unmask", "cases show " + rec->receipt_no);
    }
    const json j = case_json(*rec, unmask, lang);
    if (as_json) {
        std::cout << j.dump() << "\n";
        return kOk;
    }
    std::cout << j.at("receipt_no").get<std::string>() << "  (" << rec->case_id << ")\n"
              << "  status:  " << domain::label(rec->status, lang) << "\n"
              << "  next:    " << domain::next_step(rec->status, lang) << "\n"
              << "  created: " << local_time(rec->created_at, g.config.utc_offset_minutes)
              << "  kiosk " << rec->kiosk_id << "\n";
    for (const auto& [k, v] : j.at("applicant").items()) {
        if (v.is_string()) {
            std::cout << "  " << k << ": " << v.get<std::string>() << "\n";
        }
    }
    for (const auto& w : rec->applicant.confirmed_warnings) {
        std::cout << "  confirmed warning: " << w.problem.message(lang) << " (" << w.problem.code
                  << ")\n";
    }
    if (rec->purged) {
        std::cout << (lang == domain::Lang::kId
                          ? "  data pribadi dan berkas sudah dihapus dari anjungan (kantor "
                            "telah menerima permohonan)\n"
                          : "  personal data and files were erased from the kiosk (the office "
                            "has the case)\n");
    }
    for (const auto& a : rec->attachments) {
        std::cout << "  file " << domain::label(a.kind, lang) << " p." << a.page << "  " << a.size
                  << " bytes  sha256 " << a.sha256.substr(0, 16) << "...\n";
    }
    for (const auto& h : rec->history) {
        std::cout << "  " << local_time(h.at, g.config.utc_offset_minutes) << "  "
                  << domain::label(h.status, lang) << (h.note.empty() ? "" : "  (" + h.note + ")")
                  << "\n";
    }
    if (!unmask) {
        std::cout
            << (lang == domain::Lang::kId
                    ? "  (data pribadi disamarkan; --unmask untuk admin, tercatat di log audit)\n"
                    : "  (personal data masked; --unmask for admins, written to the audit log)\n");
    }
    return kOk;
}

struct AddArgs {
    std::string applicant_file, case_id;
    std::vector<std::string> ktp, sk, letter, selfie;
    bool sample = false, as_json = false;
};

std::string media_type_of(const fs::path& p) {
    const std::string ext = p.extension().string();
    if (ext == ".jpg" || ext == ".jpeg") {
        return "image/jpeg";
    }
    if (ext == ".png") {
        return "image/png";
    }
    if (ext == ".pdf") {
        return "application/pdf";
    }
    if (ext == ".ppm" || ext == ".pnm") {
        return "image/x-portable-pixmap";
    }
    return "application/octet-stream";
}

int run_cases_add(const Globals& g, const AddArgs& a) {
    domain::NewCase c;
    c.case_id = a.case_id.empty() ? platform::new_uuid_v4() : a.case_id;
    if (a.sample) {
        c.applicant = samples::sample_applicant();
        c.documents = samples::sample_documents();
    } else {
        if (a.applicant_file.empty()) {
            std::cerr << "cases add: give --applicant FILE.json (or --sample)\n";
            return kUsage;
        }
        try {
            const auto raw = platform::read_file(a.applicant_file);
            c.applicant = json::parse(raw.begin(), raw.end()).get<domain::Applicant>();
        } catch (const std::exception& e) {
            std::cerr << "cases add: " << a.applicant_file << ": " << e.what() << "\n";
            return kUsage;
        }
        auto add = [&](domain::DocumentKind kind, const std::vector<std::string>& files) {
            int page = 1;
            for (const auto& f : files) {
                c.documents.push_back({kind, page++, media_type_of(f), platform::read_file(f)});
            }
        };
        try {
            add(domain::DocumentKind::kKtp, a.ktp);
            add(domain::DocumentKind::kSk, a.sk);
            add(domain::DocumentKind::kLetter, a.letter);
            add(domain::DocumentKind::kSelfie, a.selfie);
        } catch (const platform::FileError& e) {
            std::cerr << "cases add: " << e.what() << "\n";
            return kUsage;
        }
    }
    const auto lang = g.language();
    const auto check = domain::check_applicant(
        c.applicant, {g.config.email_domains, g.config.work_units}, g.today_date());
    const auto doc_problems = domain::check_documents(c.documents);
    if (!check.valid() || !doc_problems.empty()) {
        json errors = json::array();
        for (const auto& e : check.errors) {
            errors.push_back({{"field", e.field},
                              {"code", e.problem.code},
                              {"message", e.problem.message(lang)}});
        }
        for (const auto& p : doc_problems) {
            errors.push_back(
                {{"field", "documents"}, {"code", p.code}, {"message", p.message(lang)}});
        }
        if (a.as_json) {
            std::cout << json{{"stored", false}, {"errors", errors}}.dump() << "\n";
        } else {
            for (const auto& e : errors) {
                std::cerr << "  x " << e["field"].get<std::string>() << " ("
                          << e["code"].get<std::string>()
                          << "): " << e["message"].get<std::string>() << "\n";
            }
        }
        return kNegative;
    }
    c.applicant = check.normalized;
    const auto store = g.open_store(true);
    const auto rec = store->submit(c);
    json warnings = json::array();
    for (const auto& w : check.warnings) {
        warnings.push_back(
            {{"field", w.field}, {"code", w.problem.code}, {"message", w.problem.message(lang)}});
    }
    if (a.as_json) {
        std::cout << json{{"stored", true},
                          {"case_id", rec.case_id},
                          {"receipt_no", rec.receipt_no},
                          {"attachments", rec.attachments.size()},
                          {"warnings", warnings}}
                         .dump()
                  << "\n";
    } else {
        std::cout << rec.receipt_no << "  " << rec.case_id << "\n";
        for (const auto& w : warnings) {
            std::cout << "  ! " << w["code"].get<std::string>() << ": "
                      << w["message"].get<std::string>() << "\n";
        }
    }
    return kOk;
}

// [SECTION] keygen, store, config -----------------------------------------------------------

int run_keygen(const Globals& g, bool as_json) {
    const fs::path dir = g.config.data_dir;
    const fs::path device = kiosk::device_key_path(dir), signing = kiosk::signing_key_path(dir);
    std::error_code ec;
    const bool device_existed = fs::exists(device, ec);
    const bool signing_existed = fs::exists(signing, ec);
    // Opening the store creates the device key, the signing key and the database when the
    // folder holds none, and checks an existing key against the database: a device key is
    // never replaced, since that would make the stored personal data unreadable. A damaged
    // store (keys or files without their database) is refused before anything is written.
    const auto store = g.open_store(true);
    if (!fs::exists(signing, ec)) {
        platform::SigningKey::generate().write_file(signing);
    }
    const auto pub = platform::SigningKey::read_file(signing).public_key_text();
    store->audit(actor_name(), "keygen",
                 std::string(device_existed ? "device key kept" : "device key created") + ", " +
                     (signing_existed ? "signing key kept" : "signing key created"));
    if (as_json) {
        std::cout << json{{"kiosk_id", g.config.kiosk_id},
                          {"device_key", device.string()},
                          {"device_key_created", !device_existed},
                          {"signing_key", signing.string()},
                          {"signing_key_created", !signing_existed},
                          {"public_key", pub}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "device key:  " << device.string()
                  << (device_existed ? " (kept)" : " (created)")
                  << "\nsigning key: " << signing.string()
                  << (signing_existed ? " (kept)" : " (created)") << "\npublic key:  " << pub
                  << "\nRegister it at the office: anjungan-office kiosks add " << g.config.kiosk_id
                  << " " << pub << "\n";
    }
    return kOk;
}

int run_store_verify(const Globals& g, bool as_json) {
    const auto store = g.open_store_to_read();
    const auto r = store->verify();
    if (as_json) {
        std::cout << json{{"ok", r.ok()},
                          {"cases", r.cases},
                          {"attachments", r.attachments},
                          {"outbox_pending", r.outbox_pending},
                          {"problems", r.problems}}
                         .dump()
                  << "\n";
    } else {
        std::cout << (r.ok() ? "ok" : "PROBLEMS") << ": " << r.cases << " cases, " << r.attachments
                  << " attachments checked, " << r.outbox_pending << " waiting to be sent\n";
        for (const auto& p : r.problems) {
            std::cout << "  x " << p << "\n";
        }
    }
    return r.ok() ? kOk : kNegative;
}

}  // namespace

// [SECTION] main ----------------------------------------------------------------------------

int main(int argc, char** argv) {
    Globals g;
    CLI::App app{"anjungan: the kiosk's command line (validation, cases, keys, store checks)"};
    app.require_subcommand(1);
    app.footer(
        "Exit codes: 0 success or valid; 1 a negative answer (invalid value, failed check, not "
        "found); 2 usage or configuration error; 3 the store cannot be opened; 4 the output "
        "would overwrite an input (rectify, export: nothing was written); 5 the image holds more "
        "than one genuine receipt (receipt verify).");
    app.fallthrough();  // global options may also follow the subcommand
    app.add_option("--config", g.config_file, "Kiosk configuration file (TOML)");
    auto* data_dir_opt =
        app.add_option("--data-dir", g.data_dir, "Data folder (wins over data.dir in the file)");
    app.add_option("--lang", g.lang, "Language of messages: id (default) or en")
        ->check(CLI::IsMember({"id", "en"}));
    app.add_option("--today", g.today, "Validate as if today were YYYY-MM-DD (tests, replays)");
    std::string log_level;
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off");

    ValidateArgs va;
    auto* validate = app.add_subcommand("validate", "Check a NIK, NIP, e-mail, phone or name");
    validate->add_option("kind", va.kind, "nik, nip, email, phone or name")
        ->required()
        ->check(CLI::IsMember({"nik", "nip", "email", "phone", "name"}));
    validate->add_option("value", va.value, "The value as typed")->required();
    validate->add_flag("--json", va.as_json, "One JSON object on stdout");
    validate->add_option("--nik", va.nik, "With nip: cross-check birth date and sex with this NIK");

    auto* cases = app.add_subcommand("cases", "List, show and add cases in the local store");
    cases->require_subcommand(1);
    bool list_json = false;
    auto* list = cases->add_subcommand("list", "All cases, personal data masked");
    list->add_flag("--json", list_json, "A JSON array on stdout");
    std::string receipt;
    bool show_json = false, unmask = false;
    auto* show = cases->add_subcommand("show", "One case by its receipt number");
    show->add_option("receipt_no", receipt, "Receipt number, e.g. PKY1-261123-0001-X")->required();
    show->add_flag("--json", show_json, "One JSON object on stdout");
    show->add_flag("--unmask", unmask,
                   "Show personal data (admins only; written to the audit log)");
    AddArgs aa;
    auto* add = cases->add_subcommand("add", "Store a case from files (or --sample)");
    add->add_option("--applicant", aa.applicant_file, "Applicant JSON (fields as in `cases show`)");
    add->add_option("--ktp", aa.ktp, "KTP image");
    add->add_option("--sk", aa.sk, "SK pages, in order");
    add->add_option("--letter", aa.letter, "Application letter pages, in order");
    add->add_option("--selfie", aa.selfie, "Selfie image");
    add->add_option("--case-id", aa.case_id, "Case id (UUID); default: a new one");
    add->add_flag("--sample", aa.sample, "A sample applicant with synthetic documents");
    add->add_flag("--json", aa.as_json, "One JSON object on stdout");

    bool keygen_json = false;
    auto* keygen = app.add_subcommand("keygen", "Create the device key and the kiosk signing key");
    keygen->add_flag("--json", keygen_json, "One JSON object on stdout");

    auto* store_cmd = app.add_subcommand("store", "Check the local store");
    store_cmd->require_subcommand(1);
    bool verify_json = false;
    auto* verify =
        store_cmd->add_subcommand("verify", "Integrity, decryption and every file's hash");
    verify->add_flag("--json", verify_json, "One JSON object on stdout");
    int gc_minutes = 60;
    bool gc_json = false;
    auto* gc = store_cmd->add_subcommand(
        "gc", "Remove temporary and unreferenced files left by interrupted writes");
    gc->add_option("--min-age-minutes", gc_minutes, "Only files older than this (default 60)")
        ->check(CLI::NonNegativeNumber);
    gc->add_flag("--json", gc_json, "One JSON object on stdout");

    cli::VisionArgs check_args, rectify_args, export_args;
    const auto kinds = CLI::IsMember({"ktp", "sk", "letter", "selfie"});
    auto* check =
        app.add_subcommand("check", "Check image quality: KTP, SK or letter page, selfie");
    check->add_option("--kind", check_args.kind, "ktp, sk, letter or selfie")
        ->required()
        ->check(kinds);
    check->add_flag("--json", check_args.as_json, "One JSON object per line per file");
    check->add_option("files", check_args.files, "Image files")->required();
    auto* rectify = app.add_subcommand("rectify", "Find the document and straighten it");
    rectify->add_option("--kind", rectify_args.kind, "ktp, sk or letter")
        ->required()
        ->check(CLI::IsMember({"ktp", "sk", "letter"}));
    rectify->add_option("files", rectify_args.files, "IN OUT")->required()->expected(2);
    auto* export_cmd = app.add_subcommand(
        "export", "Export for BSrE: KTP/selfie as JPEG <= 300 KB, SK/letter as one PDF <= 500 KB");
    export_cmd->add_option("--kind", export_args.kind, "ktp, sk, letter or selfie")
        ->required()
        ->check(kinds);
    export_cmd->add_option("files", export_args.files, "IN... OUT")->required()->expected(2, -1);

    auto* receipt_cmd = app.add_subcommand("receipt", "Render, verify and reprint receipts");
    receipt_cmd->require_subcommand(1);
    cli::RenderArgs render_args;
    auto* render = receipt_cmd->add_subcommand(
        "render", "Render a receipt to PNG (at the printer's dpi) or PDF");
    auto* render_receipt =
        render->add_option("--receipt", render_args.receipt_no, "A stored case's receipt number");
    auto* render_sample =
        render->add_flag("--sample", render_args.sample, "A sample receipt (marked as such)");
    render_receipt->excludes(render_sample);
    render->add_option("--out", render_args.out, "FILE.png or FILE.pdf")->required();
    render->add_option("--paper", render_args.paper, "Paper width in mm: 58 or 80")
        ->check(CLI::IsMember({58, 80}));
    render->add_option("--dpi", render_args.dpi, "Printer resolution (default: printer.dpi)")
        ->check(CLI::Range(100, 600));
    render->add_option("--copy", render_args.copy, "Render as the n-th reprint")
        ->check(CLI::Range(0, 999));
    cli::VerifyArgs verify_args;
    auto* receipt_verify = receipt_cmd->add_subcommand(
        "verify",
        "Find every QR code in a scan or photo of a receipt and verify its signature (exit 5: "
        "more than one receipt in the picture)");
    receipt_verify->add_option("image", verify_args.image, "Image file (PNG, JPEG, PPM, ...)")
        ->required();
    receipt_verify->add_flag("--json", verify_args.as_json, "One JSON object on stdout");
    receipt_verify->add_option("--keys", verify_args.keys_file,
                               "More kiosk keys: a JSON array of {kiosk_id, public_key}");
    std::string reprint_no;
    bool reprint_json = false;
    auto* receipt_print = receipt_cmd->add_subcommand(
        "print", "Print a stored case's receipt again (marked as a reprint once one printed)");
    receipt_print->add_option("receipt_no", reprint_no, "Receipt number")->required();
    receipt_print->add_flag("--json", reprint_json, "One JSON object on stdout");
    bool pending_json = false;
    auto* receipt_pending = receipt_cmd->add_subcommand(
        "pending", "Receipts that were tried but never printed (waiting for a reprint)");
    receipt_pending->add_flag("--json", pending_json, "A JSON array on stdout");
    bool print_test_json = false;
    auto* print_test = app.add_subcommand(
        "print-test", "Print a sample receipt and report the printer's state and timings");
    print_test->add_flag("--json", print_test_json, "One JSON object on stdout");

    cli::SessionArgs session_args;
    auto* session_cmd = app.add_subcommand(
        "session", "Run a walk-in session headless from a script of intents (simulated devices)");
    session_cmd->add_option("--script", session_args.script, "The script (one intent per line)")
        ->required();
    session_cmd->add_option("--camera-dir", session_args.camera_dir,
                            "Images the simulated camera plays (ktp/, selfie/, qr/ subfolders)");
    session_cmd->add_option("--scanner-dir", session_args.scanner_dir,
                            "Pages the simulated scanner returns (sk/, letter/ subfolders)");
    session_cmd->add_option("--sane-config-dir", session_args.sane_config_dir,
                            "Scan through SANE's pnm backend (a SANE_CONFIG_DIR listing pnm)");
    session_cmd->add_flag("--json", session_args.as_json, "One JSON object on stdout");
    session_cmd->add_flag("--trace", session_args.trace, "Print each screen change on stderr");

    cli::StaffArgs staff_args;
    cli::add_staff_commands(app, staff_args);
    cli::SyncArgs sync_args;
    cli::add_sync_commands(app, *cases, sync_args);

    auto* config_cmd = app.add_subcommand("config", "Show the effective configuration");
    config_cmd->require_subcommand(1);
    auto* config_show = config_cmd->add_subcommand("show", "Print the configuration as TOML");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kOk : kUsage;
    }

    try {
        std::optional<fs::path> file, dir;
        if (!g.config_file.empty()) {
            file = g.config_file;
        } else if (const char* env = std::getenv("ANJUNGAN_CONFIG"); env && *env) {
            file = env;
        }
        if (data_dir_opt->count() > 0) {
            // An empty value (an unset shell variable, "$DIR") must not mean the default,
            // which is the production store.
            if (g.data_dir.empty()) {
                std::cerr << "anjungan: --data-dir is empty; give the data folder, or leave the "
                             "option out to use data.dir from the configuration\n";
                return kUsage;
            }
            dir = g.data_dir;
        }
        g.config = platform::load_config(file, dir);
    } catch (const platform::ConfigError& e) {
        std::cerr << "anjungan: " << e.what() << "\n";
        return kUsage;
    }
    // A command-line tool answers on stdout; its log (stderr) shows warnings and worse unless
    // asked for more. log.level in the file is for the long-running programs.
    platform::init_logging(log_level.empty() ? "warn" : log_level);
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);

    try {
        if (*validate) {
            return run_validate(g, va);
        }
        if (*list) {
            return run_cases_list(g, list_json);
        }
        if (*show) {
            return run_cases_show(g, receipt, show_json, unmask);
        }
        if (*add) {
            return run_cases_add(g, aa);
        }
        if (*keygen) {
            return run_keygen(g, keygen_json);
        }
        if (*verify) {
            return run_store_verify(g, verify_json);
        }
        if (*gc) {
            const auto store = g.open_store(false);
            const auto c = store->collect_garbage(std::chrono::minutes(gc_minutes));
            store->audit(actor_name(), "store gc",
                         std::to_string(c.temp_files + c.orphan_files) + " files removed");
            if (gc_json) {
                std::cout << json{{"temp_files", c.temp_files},
                                  {"orphan_files", c.orphan_files},
                                  {"bytes", c.bytes}}
                                 .dump()
                          << "\n";
            } else {
                std::cout << "removed " << c.temp_files << " temporary and " << c.orphan_files
                          << " unreferenced files (" << c.bytes << " bytes)\n";
            }
            return kOk;
        }
        if (*check) {
            return cli::run_check(g.config, g.language(), check_args);
        }
        if (*rectify) {
            return cli::run_rectify(g.config, rectify_args);
        }
        if (*export_cmd) {
            return cli::run_export(g.config, export_args);
        }
        const cli::ReceiptContext rctx{g.config, g.language(), actor_name()};
        if (*render) {
            return cli::run_receipt_render(rctx, render_args);
        }
        if (*receipt_verify) {
            return cli::run_receipt_verify(rctx, verify_args);
        }
        if (*receipt_print) {
            return cli::run_receipt_print(rctx, reprint_no, reprint_json);
        }
        if (*receipt_pending) {
            return cli::run_receipt_pending(rctx, pending_json);
        }
        if (*print_test) {
            return cli::run_print_test(rctx, print_test_json);
        }
        if (*session_cmd) {
            return cli::run_session(g.config, session_args);
        }
        if (sync_args.selected()) {
            return cli::run_sync_command(g.config, actor_name(), sync_args);
        }
        if (staff_args.selected()) {
            return cli::run_staff_command({g.config, g.language(), actor_name()}, staff_args);
        }
        if (*config_show) {
            std::cout << platform::to_toml(g.config);
            return kOk;
        }
    } catch (const platform::ConfigError& e) {
        std::cerr << "anjungan: " << e.what() << "\n";
        return kUsage;
    } catch (const CLI::ValidationError& e) {
        std::cerr << "anjungan: " << e.what() << "\n";
        return kUsage;
    } catch (const kiosk::StoreError& e) {
        std::cerr << "anjungan: store " << g.config.data_dir.string() << ": " << e.what() << "\n";
        return e.kind() == kiosk::StoreError::Kind::kInvalidCase ||
                       e.kind() == kiosk::StoreError::Kind::kDuplicateCase
                   ? kNegative
                   : kStoreUnavailable;
    } catch (const std::exception& e) {
        std::cerr << "anjungan: " << e.what() << "\n";
        return kStoreUnavailable;
    }
    return kUsage;
}
