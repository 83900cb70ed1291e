// anjungan-office: the office back end (serving the kiosk and staff APIs) and the operators'
// commands on its data folder. Logs are JSON lines on stderr; results go to stdout.
//
//   anjungan-office --listen HOST:PORT --data DIR [--config FILE]
//   anjungan-office kiosks add KIOSK_ID PUBLIC_KEY | kiosks list [--json] | kiosks retire ID
//   anjungan-office staff add NAME --role ROLE [--display-name TEXT] [--password-stdin] [--json]
//   anjungan-office staff passwd NAME --password-stdin | staff disable NAME | staff enable NAME
//   anjungan-office staff list [--json]
//   anjungan-office cases list [--json] [--status S] [--overdue] | cases show RECEIPT_NO [--json]
//   anjungan-office case advance RECEIPT_NO --to STATUS --role ROLE --actor NAME
//                   [--note TEXT] [--reason TEXT]... [--json]
//   anjungan-office letter RECEIPT_NO --out FILE.pdf [--remake] | letter verify FILE [--json]
//                   [--public-key KEY] | letter key
//   anjungan-office package RECEIPT_NO --out FILE.zip
//   anjungan-office mail list [--state S] [--json] | mail send
//   anjungan-office audit [--limit N] [--json]
//   anjungan-office keys show [--json] | keys rotate-data [--drop-old] | blobs collect
//   anjungan-office report reach --from YYYY-MM-DD --to YYYY-MM-DD
//                   --by unit|month|status|employment|step --format csv|json
#include <sodium.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <thread>
#include <toml.hpp>

#include "anjungan/office/accounts.hpp"
#include "anjungan/office/data_keys.hpp"
#include "anjungan/office/handoff.hpp"
#include "anjungan/office/letter.hpp"
#include "anjungan/office/mail.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/config.hpp"
#include "anjungan/platform/crypto.hpp"
#include "report.hpp"
#include "settings.hpp"

namespace {

using namespace anjungan;
using nlohmann::json;
using office::cli::Settings;

// One JSON object per line: {"ts","level", ...the message's fields or "msg"}.
class JsonLineSink : public spdlog::sinks::base_sink<std::mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string text(msg.payload.data(), msg.payload.size());
        json line = {{"ts", platform::format_utc(msg.time)},
                     {"level", spdlog::level::to_string_view(msg.level).data()}};
        const json parsed = !text.empty() && text.front() == '{' ? json::parse(text, nullptr, false)
                                                                 : json(nullptr);
        if (parsed.is_object()) {
            line.update(parsed);
        } else {
            line["msg"] = text;
        }
        std::cerr << line.dump() << '\n';
    }
    void flush_() override { std::cerr.flush(); }
};

// One line of standard input as the password, checked against the policy; nothing (with the
// reason on stderr) when it is refused.
std::optional<std::string> read_password(const std::string& login) {
    std::string password;
    if (!std::getline(std::cin, password)) {
        std::cerr << "anjungan-office: --password-stdin: no line on standard input\n";
        return std::nullopt;
    }
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    if (const auto problem = office::check_password(password, login)) {
        std::cerr << "anjungan-office: password refused: " << problem->message << "\n";
        return std::nullopt;
    }
    return password;
}

std::pair<std::string, int> split_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw std::runtime_error("--listen wants HOST:PORT, e.g. 127.0.0.1:8480, not '" + listen +
                                 "'");
    }
    const std::string port_text = listen.substr(colon + 1);
    if (port_text.empty() || port_text.find_first_not_of("0123456789") != std::string::npos ||
        port_text.size() > 5 || std::stoi(port_text) > 65535) {
        throw std::runtime_error("--listen: '" + port_text + "' is not a port number");
    }
    return {listen.substr(0, colon), std::stoi(port_text)};
}

office::OfficeServer* g_server = nullptr;
extern "C" void on_signal(int) {
    if (g_server) {
        g_server->stop();  // httplib's stop only shuts the listening socket down
    }
}

office::BlobPolicy blob_policy(const Settings& s) {
    office::BlobPolicy p;
    p.max_bytes = static_cast<std::uint64_t>(std::max(1, s.max_blob_mb)) << 20;
    p.kiosk_quota_bytes = static_cast<std::uint64_t>(std::max(0, s.kiosk_quota_mb)) << 20;
    p.min_free_bytes = static_cast<std::uint64_t>(std::max(0, s.min_free_mb)) << 20;
    p.collect_after = std::chrono::hours(std::max(1, s.blob_collect_after_hours));
    return p;
}

void print_case_table(const std::vector<office::CaseRow>& rows, platform::TimePoint now) {
    const std::string now_text = platform::format_utc(now);
    std::cout << "RECEIPT               STATUS                KIOSK     RECEIVED (UTC)          "
                 "DUE (UTC)\n";
    for (const auto& r : rows) {
        std::string status(domain::to_code(r.status));
        status.resize(std::max<std::size_t>(status.size(), 21), ' ');
        std::string receipt = r.receipt_no;
        receipt.resize(std::max<std::size_t>(receipt.size(), 21), ' ');
        std::string kiosk_id = r.kiosk_id;
        kiosk_id.resize(std::max<std::size_t>(kiosk_id.size(), 9), ' ');
        std::cout << receipt << " " << status << " " << kiosk_id << " " << r.received_at << "  "
                  << (r.due_at.empty() ? "-" : r.due_at)
                  << (!r.due_at.empty() && r.due_at < now_text ? "  OVERDUE" : "") << "\n";
    }
    std::cout << rows.size() << " case(s)\n";
}

void print_case(const json& d) {
    std::cout << "Receipt   " << d["receipt_no"].get<std::string>() << "\n"
              << "Case id   " << d["case_id"].get<std::string>() << "\n"
              << "Kiosk     " << d["kiosk_id"].get<std::string>() << "\n"
              << "Status    " << d["status"].get<std::string>() << " ("
              << d["status_label"]["id"].get<std::string>() << " / "
              << d["status_label"]["en"].get<std::string>() << ")\n"
              << "Due       "
              << (d["due_at"].get<std::string>().empty() ? "-" : d["due_at"].get<std::string>())
              << (d["overdue"].get<bool>() ? "  OVERDUE" : "") << "\n"
              << "Applicant " << d["applicant"].value("certificate_name", "") << ", "
              << d["applicant"].value("work_unit", "") << "\n"
              << "Documents\n";
    for (const auto& a : d["attachments"]) {
        std::cout << "  " << a["kind"].get<std::string>() << " p" << a["page"].get<int>() << "  "
                  << a["sha256"].get<std::string>() << "  " << a["size"].get<std::uint64_t>()
                  << " bytes\n";
    }
    std::cout << "History\n";
    for (const auto& h : d["history"]) {
        std::cout << "  #" << h["seq"].get<std::int64_t>() << " " << h["at"].get<std::string>()
                  << "  " << h["status"].get<std::string>() << "  by "
                  << h["actor"].get<std::string>() << " (" << h["role"].get<std::string>() << ")"
                  << (h["note"].get<std::string>().empty() ? ""
                                                           : ": " + h["note"].get<std::string>())
                  << "\n";
        for (const auto& r : h["reasons"]) {
            std::cout << "      - " << r.get<std::string>() << "\n";
        }
    }
    std::cout << "Allowed next:";
    for (const auto& n : d["allowed_next"]) {
        std::cout << " " << n["status"].get<std::string>() << " [";
        bool first = true;
        for (const auto& r : n["roles"]) {
            std::cout << (first ? "" : ",") << r.get<std::string>();
            first = false;
        }
        std::cout << "]";
    }
    std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"anjungan-office: the office back end for Anjungan kiosks"};
    app.require_subcommand(0, 1);
    std::string config_file, listen, data;
    app.add_option("--config", config_file, "Configuration file (TOML, section [office])");
    app.add_option("--listen", listen, "HOST:PORT to serve on (default 127.0.0.1:8480)");
    app.add_option("--data", data, "The office's data folder (database and attachments)");

    auto* kiosks = app.add_subcommand("kiosks", "Register and list kiosks")->require_subcommand(1);
    std::string kiosk_id, public_key;
    bool as_json = false;
    auto* kiosks_add = kiosks->add_subcommand("add", "Register a kiosk's public key");
    kiosks_add->add_option("KIOSK_ID", kiosk_id)->required();
    kiosks_add->add_option("PUBLIC_KEY", public_key, "From `anjungan keys show` on the kiosk")
        ->required();
    auto* kiosks_list = kiosks->add_subcommand("list", "Registered kiosks");
    kiosks_list->add_flag("--json", as_json);
    auto* kiosks_retire = kiosks->add_subcommand("retire", "Refuse a kiosk's requests from now on");
    kiosks_retire->add_option("KIOSK_ID", kiosk_id)->required();

    auto* staff = app.add_subcommand("staff", "Staff accounts: the console and the staff API")
                      ->require_subcommand(1);
    std::string staff_name, role_code, display_name;
    bool password_stdin = false;
    auto* staff_add = staff->add_subcommand(
        "add",
        "Add a staff member (a console account with --password-stdin); prints their API "
        "token once");
    staff_add->add_option("NAME", staff_name, "The login name")->required();
    staff_add->add_option("--role", role_code, "head, division_head, section_head, verifier, admin")
        ->required();
    staff_add->add_option("--display-name", display_name, "As the console shows the person");
    staff_add->add_flag("--password-stdin", password_stdin,
                        "Read the console password from one line of standard input");
    staff_add->add_flag("--json", as_json);
    auto* staff_passwd = staff->add_subcommand("passwd", "Set a staff member's console password");
    staff_passwd->add_option("NAME", staff_name)->required();
    staff_passwd
        ->add_flag("--password-stdin", password_stdin,
                   "Read the password from one line of standard input")
        ->required();
    auto* staff_disable = staff->add_subcommand(
        "disable", "Stop a staff member's sign-in; their sessions and API token end at once");
    staff_disable->add_option("NAME", staff_name)->required();
    auto* staff_enable = staff->add_subcommand("enable", "Let a disabled staff member in again");
    staff_enable->add_option("NAME", staff_name)->required();
    auto* staff_list = staff->add_subcommand("list", "Staff members");
    staff_list->add_flag("--json", as_json);

    auto* cases = app.add_subcommand("cases", "Cases at the office")->require_subcommand(1);
    std::string receipt_no, status_filter;
    bool overdue = false;
    auto* cases_list = cases->add_subcommand("list", "All cases (or by status)");
    cases_list->add_flag("--json", as_json,
                         "A JSON array of {case_id, receipt_no, kiosk_id, status, blobs, ...}");
    cases_list->add_option("--status", status_filter, "Only cases with this status");
    cases_list->add_flag("--overdue", overdue, "Only cases past their step's deadline");
    auto* cases_show = cases->add_subcommand("show", "One case with its history");
    cases_show->add_option("RECEIPT_NO", receipt_no)->required();
    cases_show->add_flag("--json", as_json);

    auto* case_cmd = app.add_subcommand("case", "Work a case along the SOP")->require_subcommand(1);
    office::Move move;
    std::string to_code;
    auto* advance = case_cmd->add_subcommand("advance", "Move a case to its next status");
    advance->add_option("RECEIPT_NO", receipt_no)->required();
    advance->add_option("--to", to_code, "The new status (e.g. head_disposition, returned)")
        ->required();
    advance->add_option("--role", role_code, "head, division_head, section_head, verifier, admin")
        ->required();
    advance->add_option("--actor", move.actor, "Who makes the move (name)")->required();
    advance->add_option("--note", move.note, "A note for the record (and the applicant)");
    advance->add_option("--reason", move.reasons, "A reason for returning the case (repeatable)");
    advance->add_flag("--json", as_json);

    auto* letter =
        app.add_subcommand("letter", "The recommendation letter to BSrE")->require_subcommand(0, 1);
    std::string out_file, letter_file, public_key_text;
    bool remake = false;
    letter->add_option("RECEIPT_NO", receipt_no, "The case whose current letter is wanted");
    letter->add_option("--out", out_file, "Write the letter (PDF) here");
    letter->add_flag("--remake", remake, "Make a new letter (a new number; the old one is void)");
    auto* letter_verify =
        letter->add_subcommand("verify", "Check that a letter is genuine (exit 0 only then)");
    letter_verify->add_option("FILE", letter_file, "The letter: PDF, or a PNG image")->required();
    letter_verify->add_option("--public-key", public_key_text,
                              "The office's public key (default: this office's, from --data)");
    letter_verify->add_flag("--json", as_json);
    auto* letter_key = letter->add_subcommand("key", "Print the office's public key for letters");

    auto* package = app.add_subcommand(
        "package",
        "The hand-off to BSrE as one ZIP: the files within BSrE's limits and the fields");
    package->add_option("RECEIPT_NO", receipt_no)->required();
    package->add_option("--out", out_file, "Write the ZIP here")->required();

    auto* mail = app.add_subcommand("mail", "E-mail to applicants ([smtp])")->require_subcommand(1);
    std::string mail_state;
    auto* mail_list = mail->add_subcommand("list", "The outbox, newest first");
    mail_list->add_option("--state", mail_state, "pending, sent or failed");
    mail_list->add_flag("--json", as_json);
    auto* mail_send =
        mail->add_subcommand("send", "Queue the messages of new moves and send what is due, now");

    int audit_limit = 50;
    auto* audit = app.add_subcommand("audit", "The audit trail, newest first");
    audit->add_option("--limit", audit_limit);
    audit->add_flag("--json", as_json);

    office::cli::ReachArgs reach_args;  // report reach (office/cli/report.cpp)
    auto* report = app.add_subcommand("report", "Reports the SOP asks for")->require_subcommand(1);
    auto* report_reach = report->add_subcommand("reach", "How many the service reached");
    office::cli::add_reach_options(*report_reach, reach_args);

    // Data at rest and the disk (issue 16, items 3 and 7).
    auto* keys_cmd = app.add_subcommand("keys", "The office's keys")->require_subcommand(1);
    bool drop_old = false;
    auto* keys_rotate = keys_cmd->add_subcommand(
        "rotate-data",
        "Add a data key and re-seal the database's personal data and every document with it");
    keys_rotate->add_flag("--drop-old", drop_old,
                          "Then remove the older keys from the key file (refused while "
                          "anything still needs one)");
    auto* blobs_cmd = app.add_subcommand("blobs", "The documents on disk")->require_subcommand(1);
    auto* blobs_collect =
        blobs_cmd->add_subcommand("collect",
                                  "Remove partial uploads and documents of no case older than "
                                  "office.blob_collect_after_hours");

    // A public key is base64url and may begin with '-' (one in 64): CLI11 would read it as an
    // option. After `kiosks add KIOSK_ID`, a key-shaped argument is a positional ("--" first).
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i + 2 < args.size(); ++i) {
        if (args[i] == "kiosks" && args[i + 1] == "add" && i + 3 < args.size() &&
            args[i + 3].size() == 43 && args[i + 3][0] == '-' &&
            args[i + 3].find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789-_") == std::string::npos) {
            args.insert(args.begin() + static_cast<std::ptrdiff_t>(i + 3), "--");
            break;
        }
    }
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    auto sink = std::make_shared<JsonLineSink>();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("office", sink));
    Settings s;
    try {
        if (!config_file.empty()) {
            office::cli::read_config(config_file, s);
        }
        if (!listen.empty())
            s.listen = listen;
        if (!data.empty())
            s.data = data;
        office::cli::finish(s);
        spdlog::set_level(spdlog::level::from_str(s.log_level));
        platform::init_crypto();
        const auto data_keys =
            office::DataKeys::open(s.data_key.empty() ? office::DataKeys::default_path(s.data)
                                                      : std::filesystem::path(s.data_key));
        auto storage = office::open_sqlite_storage(s.data, data_keys);
        platform::SystemClock clock;
        const auto now_text = [&] { return platform::format_utc(clock.now()); };

        if (kiosks_add->parsed()) {
            const auto key = platform::from_base64url(public_key);
            if (!key || key->size() != platform::SigningKey::kPublicSize) {
                std::cerr << "anjungan-office: '" << public_key
                          << "' is not an Ed25519 public key (43 characters of base64url, as "
                             "`anjungan keys show` prints it)\n";
                return 2;
            }
            if (const auto why = platform::kiosk_id_problem(kiosk_id); !why.empty()) {
                std::cerr << "anjungan-office: kiosk id '" << kiosk_id << "': " << why << "\n";
                return 2;
            }
            storage->add_kiosk(kiosk_id, public_key, now_text());
            std::cout << "kiosk " << kiosk_id << " registered\n";
            return 0;
        }
        if (kiosks_list->parsed()) {
            json out = json::array();
            for (const auto& k : storage->kiosks()) {
                out.push_back({{"kiosk_id", k.kiosk_id},
                               {"public_key", k.public_key},
                               {"added_at", k.added_at},
                               {"active", k.active}});
                if (!as_json) {
                    std::cout << k.kiosk_id << "  " << k.public_key << "  " << k.added_at
                              << (k.active ? "" : "  retired") << "\n";
                }
            }
            if (as_json)
                std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (kiosks_retire->parsed()) {
            if (!storage->kiosk(kiosk_id)) {
                std::cerr << "anjungan-office: no kiosk " << kiosk_id << "\n";
                return 1;
            }
            storage->set_kiosk_active(kiosk_id, false);
            storage->audit("operator", "kiosk.retire", "", kiosk_id, now_text());
            std::cout << "kiosk " << kiosk_id << " retired: its requests are refused\n";
            return 0;
        }
        if (staff_add->parsed()) {
            const auto role = office::role_from_code(role_code);
            if (!role) {
                std::cerr << "anjungan-office: unknown role '" << role_code
                          << "' (head, division_head, section_head, verifier, admin)\n";
                return 2;
            }
            if (const auto why = office::login_name_problem(staff_name); !why.empty()) {
                std::cerr << "anjungan-office: login name '" << staff_name << "': " << why << "\n";
                return 2;
            }
            if (storage->staff_by_name(staff_name)) {
                std::cerr << "anjungan-office: there is already a staff member " << staff_name
                          << "\n";
                return 2;
            }
            office::NewStaff n;
            n.name = staff_name;
            n.role = *role;
            n.display_name = display_name;
            if (password_stdin) {
                const auto password = read_password(staff_name);
                if (!password) {
                    return 2;
                }
                n.password_hash = office::hash_password(*password);
            }
            const auto api_token = office::make_api_token(clock.now(), s.token_days);
            const std::string& token = api_token.token;
            n.token_hash = api_token.hash;
            n.token_expires_at = api_token.expires_at;
            try {
                storage->add_staff(n, now_text());
            } catch (const office::StorageError& e) {
                if (e.kind() != office::StorageError::Kind::kConflict) {
                    throw;
                }
                // Added by someone else meanwhile, or a record this version cannot read.
                std::cerr << "anjungan-office: there is already a staff member " << staff_name
                          << "\n";
                return 2;
            }
            if (as_json) {
                std::cout << json{{"name", staff_name},
                                  {"role", role_code},
                                  {"token", token},
                                  {"token_expires_at", n.token_expires_at},
                                  {"console", password_stdin}}
                                 .dump()
                          << "\n";
            } else {
                std::cout << "staff " << staff_name << " (" << role_code << ") added. API token "
                          << "(shown once, keep it safe):\n"
                          << token << "\n";
            }
            return 0;
        }
        if (staff_passwd->parsed()) {
            if (!storage->staff_by_name(staff_name)) {
                std::cerr << "anjungan-office: no staff member " << staff_name << "\n";
                return 1;
            }
            const auto password = read_password(staff_name);
            if (!password) {
                return 2;
            }
            storage->set_staff_password(staff_name, office::hash_password(*password), "operator",
                                        now_text());
            std::cout << "the console password of " << staff_name << " is set\n";
            return 0;
        }
        if (staff_disable->parsed() || staff_enable->parsed()) {
            const bool enable = staff_enable->parsed();
            if (!storage->set_staff_active(staff_name, enable, "operator", now_text())) {
                std::cerr << "anjungan-office: no staff member " << staff_name << "\n";
                return 1;
            }
            std::cout << staff_name
                      << (enable ? " may sign in again\n"
                                 : " is disabled: no sign-in; their sessions and API token end\n");
            return 0;
        }
        if (staff_list->parsed()) {
            json out = json::array();
            for (const auto& m : storage->staff()) {
                out.push_back({{"name", m.name},
                               {"role", office::to_code(m.role)},
                               {"added_at", m.added_at},
                               {"active", m.active},
                               {"display_name", m.display_name},
                               {"console", m.has_password},
                               {"token_expires_at", m.token_expires_at}});
                if (!as_json) {
                    std::cout << m.name << "  " << office::to_code(m.role) << " ("
                              << office::label(m.role) << ")  " << m.added_at << "\n";
                }
            }
            if (as_json)
                std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (cases_list->parsed()) {
            office::CaseFilter f;
            if (!status_filter.empty()) {
                f.status = domain::status_from_code(status_filter);
                if (!f.status) {
                    std::cerr << "anjungan-office: unknown status '" << status_filter << "'\n";
                    return 2;
                }
            }
            f.overdue_only = overdue;
            f.now = now_text();
            const auto rows = storage->cases(f);
            if (as_json) {
                json out = json::array();
                for (const auto& r : rows)
                    out.push_back(office::case_row_json(r, clock.now()));
                std::cout << out.dump(2) << "\n";
            } else {
                print_case_table(rows, clock.now());
            }
            return 0;
        }
        if (cases_show->parsed()) {
            const auto d = storage->case_by_receipt(receipt_no);
            if (!d) {
                std::cerr << "anjungan-office: no case with receipt number " << receipt_no << "\n";
                return 1;
            }
            storage->audit("operator", "case.view", d->row.case_id, "cases show", now_text());
            const json j = office::case_detail_json(*d, clock.now());
            if (as_json)
                std::cout << j.dump(2) << "\n";
            else
                print_case(j);
            return 0;
        }
        if (advance->parsed()) {
            const auto to = domain::status_from_code(to_code);
            const auto role = office::role_from_code(role_code);
            if (!to || !role) {
                std::cerr << "anjungan-office: "
                          << (!to ? "unknown status '" + to_code + "'"
                                  : "unknown role '" + role_code + "'")
                          << "\n";
                return 2;
            }
            move.to = *to;
            move.role = *role;
            const auto r = office::advance_case(*storage, receipt_no, move, clock.now(), s.working);
            if (r.http != 200) {
                if (as_json)
                    std::cout << sync::error_body(r.code, r.message).dump() << "\n";
                std::cerr << "anjungan-office: refused (" << r.code << "): " << r.message << "\n";
                return r.http == 404 ? 1 : 3;
            }
            if (as_json)
                std::cout << office::case_detail_json(*r.detail, clock.now()).dump(2) << "\n";
            else
                std::cout << r.message << "\n";
            return 0;
        }
        if (letter_verify->parsed()) {
            std::vector<std::uint8_t> key;
            if (public_key_text.empty()) {
                const auto k = office::office_signing_key(s.data).public_key();
                key.assign(k.begin(), k.end());
            } else if (const auto k = platform::from_base64url(public_key_text);
                       k && k->size() == platform::SigningKey::kPublicSize) {
                key = *k;
            } else {
                std::cerr << "anjungan-office: --public-key: not an Ed25519 public key\n";
                return 2;
            }
            const auto c = office::verify_letter_file(letter_file, key);
            if (as_json) {
                std::cout << json{{"genuine", c.genuine}, {"code", c.code},
                                  {"message", c.message}, {"letter_no", c.letter_no},
                                  {"case_id", c.case_id}, {"date", c.date}}
                                 .dump()
                          << "\n";
            } else if (c.genuine) {
                std::cout << "genuine: letter " << c.letter_no << " of " << c.date << " (case "
                          << c.case_id << ")\n";
            } else {
                std::cout << "NOT genuine (" << c.code << "): " << c.message << "\n";
            }
            return c.genuine ? 0 : 1;
        }
        if (letter_key->parsed()) {
            std::cout << office::office_signing_key(s.data).public_key_text() << "\n";
            return 0;
        }
        if (letter->parsed()) {
            if (receipt_no.empty() || out_file.empty()) {
                std::cerr << "anjungan-office letter: give RECEIPT_NO and --out FILE.pdf\n";
                return 2;
            }
            const auto key = office::office_signing_key(s.data);
            const auto r = office::case_letter(*storage, s.letter, key, receipt_no, "operator",
                                               clock.now(), s.utc_offset_minutes, remake);
            if (!r.letter) {
                std::cerr << "anjungan-office: " << r.message << "\n";
                return 1;
            }
            platform::write_file_durably(out_file, r.letter->pdf, 0640);
            std::cout << (r.made ? "made " : "") << "letter " << r.letter->letter_no << " ("
                      << r.letter->issued_on << ") written to " << out_file << "\n";
            return 0;
        }
        if (package->parsed()) {
            const auto d = storage->case_by_receipt(receipt_no);
            if (!d) {
                std::cerr << "anjungan-office: no case with receipt number " << receipt_no << "\n";
                return 1;
            }
            office::BlobStore blobs(s.data, blob_policy(s), data_keys);
            const auto h =
                office::make_handoff(*d, blobs, storage->current_letter(d->row.case_id), s.handoff);
            const auto zip = office::handoff_zip(h);
            platform::write_file_durably(out_file, zip, 0640);
            storage->audit("operator", "package.download", d->row.case_id,
                           std::to_string(zip.size()) + " bytes", now_text());
            int problems = 0;
            for (const auto& f : h.files) {
                if (!f.problem.empty()) {
                    std::cerr << "anjungan-office: " << f.name << ": "
                              << (f.problem == "no_letter"
                                      ? "no recommendation letter yet (anjungan-office letter " +
                                            receipt_no + " --out FILE.pdf makes one)"
                                  : f.problem == "missing"
                                      ? std::string("not in the case")
                                      : "over BSrE's limit of " + std::to_string(f.limit) +
                                            " bytes and cannot be made smaller")
                              << "\n";
                    ++problems;
                }
            }
            std::cout << "package of " << receipt_no << " written to " << out_file << " ("
                      << zip.size() << " bytes" << (problems ? ", incomplete" : "") << ")\n";
            return problems ? 3 : 0;
        }
        if (mail_list->parsed()) {
            json out = json::array();
            for (const auto& m : storage->mail("", mail_state, 200)) {
                out.push_back({{"id", m.id},
                               {"case_id", m.case_id},
                               {"kind", m.kind},
                               {"to", m.recipient},
                               {"subject", m.subject},
                               {"state", m.state},
                               {"attempts", m.attempts},
                               {"next_at", m.next_at},
                               {"last_error", m.last_error},
                               {"created_at", m.created_at},
                               {"sent_at", m.sent_at},
                               {"message_id", m.message_id}});
                if (!as_json) {
                    std::cout << m.id << "  " << m.state << "  " << m.kind << "  "
                              << domain::mask_email(m.recipient) << "  " << m.created_at
                              << (m.last_error.empty() ? "" : "  " + m.last_error) << "\n";
                }
            }
            if (as_json)
                std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (mail_send->parsed()) {
            if (!s.mail.enabled()) {
                std::cerr
                    << "anjungan-office: e-mail is off: set [smtp] url in the configuration\n";
                return 2;
            }
            office::Mailer mailer(s.mail, *storage, clock);
            const int sent = mailer.run_once();
            std::cout << sent << " message(s) sent\n";
            return 0;
        }
        if (report_reach->parsed()) {
            return office::cli::run_reach(*storage, s.working, reach_args, std::cout, std::cerr);
        }
        if (audit->parsed()) {
            json out = json::array();
            for (const auto& a : storage->audit_log(audit_limit)) {
                out.push_back({{"at", a.at},
                               {"actor", a.actor},
                               {"action", a.action},
                               {"case_id", a.case_id},
                               {"detail", a.detail}});
                if (!as_json) {
                    std::cout << a.at << "  " << a.actor << "  " << a.action << "  " << a.case_id
                              << "  " << a.detail << "\n";
                }
            }
            if (as_json)
                std::cout << out.dump(2) << "\n";
            return 0;
        }

        if (keys_rotate->parsed()) {
            const std::uint32_t id = data_keys->add_key();
            const auto r = office::reseal_sqlite_storage(s.data, data_keys);
            office::BlobStore blobs(s.data, blob_policy(s), data_keys);
            const int files = blobs.reseal();
            std::error_code ec;
            std::filesystem::remove_all(std::filesystem::path(s.data) / "previews", ec);
            storage->audit("operator", "keys.rotate_data", "",
                           "key " + std::to_string(id) + ", " + std::to_string(r.rows) + " rows, " +
                               std::to_string(files) + " documents",
                           now_text());
            std::cout << "data key " << id << " seals from now on (" << data_keys->path().string()
                      << "); re-sealed " << r.rows << " row(s) and " << files
                      << " document(s); the page previews will be drawn again\n";
            int old_use = 0;
            for (const auto& [key_id, n] : r.key_use) {
                old_use += key_id == id ? 0 : n;
            }
            if (drop_old) {
                if (old_use > 0) {
                    std::cerr << "anjungan-office: " << old_use
                              << " row(s) still sealed with an older key; the older keys stay\n";
                    return 1;
                }
                data_keys->drop_keys_below(id);
                std::cout << "older data keys removed from " << data_keys->path().string()
                          << "; a backup made before now needs the key file's backup\n";
            } else {
                std::cout << "older keys stay in the file (backups and partial uploads sealed "
                             "with them stay readable); restart a running office so it seals "
                             "with the new key, then `keys rotate-data --drop-old` removes them\n";
            }
            return 0;
        }
        if (blobs_collect->parsed()) {
            office::BlobStore blobs(s.data, blob_policy(s), data_keys);
            const auto c = blobs.collect(
                [&](const std::string& sha) { return !storage->cases_with_blob(sha).empty(); });
            std::cout << c.partials << " partial upload(s) and " << c.blobs
                      << " document(s) of no case removed (" << c.bytes << " bytes)\n";
            return 0;
        }

        // No subcommand: serve.
        const auto [host, port] = split_listen(s.listen);
        office::BlobStore blobs(s.data, blob_policy(s), data_keys);
        office::ServerOptions o = office::cli::server_options(s);
        o.host = host;
        o.port = port;
        office::OfficeServer server(o, *storage, blobs, clock);
        const int bound = server.bind();
        g_server = &server;
        std::signal(SIGTERM, on_signal);
        std::signal(SIGINT, on_signal);
        spdlog::info(json{{"event", "listening"},
                          {"host", host},
                          {"port", bound},
                          {"data", s.data},
                          {"tls", !s.tls_cert.empty()},
                          {"console", "http" + std::string(s.tls_cert.empty() ? "" : "s") + "://" +
                                          host + ":" + std::to_string(bound) + "/console/"}}
                         .dump());
        // Collection of partial uploads and documents of no case, hourly while serving.
        std::mutex collect_mutex;
        std::condition_variable collect_wake;
        bool stopping = false;
        std::thread collector([&] {
            std::unique_lock lock(collect_mutex);
            while (!collect_wake.wait_for(lock, std::chrono::hours(1), [&] { return stopping; })) {
                lock.unlock();
                try {
                    blobs.collect([&](const std::string& sha) {
                        return !storage->cases_with_blob(sha).empty();
                    });
                } catch (const std::exception& e) {
                    spdlog::warn(
                        json{{"event", "blobs.collect_failed"}, {"what", e.what()}}.dump());
                }
                lock.lock();
            }
        });
        server.serve();
        {
            std::lock_guard lock(collect_mutex);
            stopping = true;
        }
        collect_wake.notify_all();
        collector.join();
        g_server = nullptr;
        spdlog::info(json{{"event", "stopped"}}.dump());
        return 0;
    } catch (const std::exception& e) {
        spdlog::error(json{{"event", "fatal"}, {"what", e.what()}}.dump());
        std::cerr << "anjungan-office: " << e.what() << "\n";
        return 1;
    }
}
