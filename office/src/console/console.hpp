// The office console's room (private to office/src/console): what its pages share. The console
// is server-rendered HTML from the mustache templates in office/console/templates (compiled in),
// with plain CSS, working without script (its only scripts are its own static files: copy
// buttons, charts); every text comes from the catalogue (strings.cpp), Indonesian
// first. Files:
//   routes.cpp     add_console: sign-in and out, the language switch, static files, headers
//   page.cpp       a visit (session, language, CSRF), rendering a page into the layout
//   cases.cpp      the inbox, all cases, the case page and its moves
//   documents.cpp  the case's files: images as they are, PDF pages drawn as PNG (poppler)
//   letter.cpp     the recommendation letter on the case page
//   admin.cpp      staff accounts, kiosks, the audit trail
//   strings.cpp    the catalogue
//   assets.cpp     the compiled-in templates and static files
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "../http_common.hpp"
#include "anjungan/domain/problem.hpp"
#include "anjungan/office/console_auth.hpp"

namespace anjungan::office::console {

using nlohmann::json;

// The catalogue: {key: text} in one language; text() throws std::logic_error on an unknown key.
const json& catalogue(domain::Lang lang);
std::string text(std::string_view key, domain::Lang lang);
// The text with its first "{}" (and second) replaced.
std::string text(std::string_view key, domain::Lang lang, const std::string& arg);
std::string text(std::string_view key, domain::Lang lang, const std::string& a,
                 const std::string& b);

// A compiled-in file ("templates/case.mustache", "static/console.css"), or nothing. With
// ANJUNGAN_CONSOLE_ASSETS set to a folder, files are read from there instead (template work).
std::optional<std::string> asset(std::string_view name);
// Renders templates/NAME.mustache with `model` (escaped by default); throws std::logic_error
// when the template is missing or malformed.
std::string render(std::string_view name, const json& model);

// The return reasons offered on the case page: code, and the catalogue key of its label.
struct ReturnReason {
    const char* code;
};
inline constexpr ReturnReason kReturnReasons[] = {
    {"ktp_unreadable"},  {"ktp_not_colour"}, {"sk_not_latest"}, {"letter_unsigned"},
    {"email_not_go_id"}, {"name_mismatch"},  {"nip_mismatch"},  {"selfie_unclear"},
};

inline constexpr char kSessionCookie[] = "anjungan_session";
inline constexpr char kLangCookie[] = "anjungan_lang";

struct Console {
    api::Context& ctx;
    ConsoleAuth& auth;
};

// One request by a signed-in staff member.
struct Visit {
    ConsoleSession session;
    domain::Lang lang = domain::Lang::kId;
    std::string path;  // what was asked for, with its query (for the language switch)
    const StaffRecord& staff() const { return session.staff; }
    bool admin() const { return session.staff.role == Role::kAdmin; }
    // As the audit trail names a staff member: "name (role)", like the moves.
    std::string actor() const {
        return session.staff.name + " (" + std::string(to_code(session.staff.role)) + ")";
    }
};

// The headers of every console answer: CSP with scripts only from the console's own files, no
// framing, no referrer; and Cache-Control: no-store (every page but the static files shows or
// guards personal data).
void secure_headers(httplib::Response& res, bool cacheable = false);
domain::Lang lang_of(const httplib::Request& req);
std::string cookie(const httplib::Request& req, std::string_view name);

// The visit of a valid session, or nothing with a 303 to /console/login already answered (the
// body holds no personal data).
std::optional<Visit> visit(Console& c, const httplib::Request& req, httplib::Response& res);
// The visit and the case its URL names (req.matches[1], a receipt number), or nothing with
// the sign-in redirect or the 404 page already answered.
std::optional<std::pair<Visit, CaseDetail>> case_visit(Console& c, const httplib::Request& req,
                                                       httplib::Response& res);
// A POST's CSRF token against the session's, in constant time; when it does not match, the 403
// page is answered and false returned.
// The refusal is audited.
bool csrf_ok(Console& c, const Visit& v, const httplib::Request& req, httplib::Response& res);

// Renders templates/NAME into the layout (navigation, user, language switch, logout form) and
// answers it. `model` gets "t" (the catalogue) and "csrf" added.
void page(httplib::Response& res, int status, const Visit& v, std::string_view name, json model,
          const std::string& title);
// A page with one message (403, 404, ...).
void message_page(httplib::Response& res, int status, const Visit& v, const std::string& title,
                  const std::string& message);
void see_other(httplib::Response& res, const std::string& location);

// A role as the console names it, in the visit's language.
std::string role_label(Role r, domain::Lang lang);
// Local time as the office reads it ("24-11-2026 10:15 WIB"), from a stored UTC time.
std::string local_time(const api::Context& ctx, const std::string& utc);
// "12 mnt", "1 j 5 mnt" / "12 min", "1 h 5 min".
std::string duration_text(std::chrono::seconds s, domain::Lang lang);
// A local date "YYYY-MM-DD" as the UTC time of its midnight (plus `days`), or "" when malformed.
std::string local_midnight_utc(const api::Context& ctx, const std::string& date, int days = 0);
// A query parameter, or "".
std::string param(const httplib::Request& req, const char* name);
// A URL query string from pairs, each value percent-encoded; empty values left out.
std::string query(const std::vector<std::pair<std::string, std::string>>& pairs);

// The recommendation letter (letter.cpp): the case page's part, and making one as `v` (its
// number, or "" when it cannot be made: logged).
json letter_json(Console& c, const Visit& v, const CaseDetail& d);
std::string make_letter_for(Console& c, const Visit& v, const std::string& receipt_no, bool remake);

// The routes of each part.
void add_letter_pages(httplib::Server& s, Console& c);
void add_handoff_pages(httplib::Server& s, Console& c);
// The case page's e-mail section (console/mail.cpp): the applicant's messages, their states,
// whether the address is confirmed (a warning at the section head's step when it is not).
json mail_json(Console& c, const Visit& v, const CaseDetail& d);
// The hand-off page's link for the verifier (and the administrator) once the case is verified.
json handoff_link(const Visit& v, const CaseDetail& d);
// The administrator's outbox page (/console/admin/mail) and its "try again".
void add_mail_pages(httplib::Server& s, Console& c);
void add_case_pages(httplib::Server& s, Console& c);
void add_documents(httplib::Server& s, Console& c);
void add_admin_pages(httplib::Server& s, Console& c);
// The reach report (reports.cpp): /console/reports and its CSV.
void add_report_pages(httplib::Server& s, Console& c);
// The schedule book (schedule.cpp): /console/schedule (list, week), a session's page, the CSV;
// and the case page's session (false when it has none).
void add_schedule_pages(httplib::Server& s, Console& c);
json schedule_json(Console& c, const Visit& v, const CaseDetail& d);

}  // namespace anjungan::office::console
