// The console's routes under /console/ (and / redirecting there): signing in and out, the
// language switch, the static files; the pages register their own (cases, documents, admin).
#include <spdlog/spdlog.h>

#include "console.hpp"

namespace anjungan::office::console {

namespace {

std::string cookie_header(const Console& c, const std::string& name, const std::string& value,
                          const std::string& extra = "") {
    const bool tls = !c.ctx.options.tls_cert.empty() && !c.ctx.options.tls_key.empty();
    return name + "=" + value + "; Path=/console; HttpOnly; SameSite=Strict" +
           (tls ? "; Secure" : "") + extra;
}

void login_page(httplib::Response& res, int status, domain::Lang lang, const std::string& user,
                const std::string& error, const std::string& info) {
    secure_headers(res);
    res.status = status;
    res.set_content(render("login", {{"t", catalogue(lang)},
                                     {"lang", lang == domain::Lang::kId ? "id" : "en"},
                                     {"username", user},
                                     {"error", error},
                                     {"info", info},
                                     {"back", "/console/login"}}),
                    "text/html; charset=utf-8");
}

void get_login(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto lang = lang_of(req);
    // Already signed in: straight to the inbox.
    if (const auto v = cookie(req, kSessionCookie); !v.empty() && c.auth.session(v)) {
        secure_headers(res);
        see_other(res, "/console/");
        return;
    }
    const std::string m = param(req, "m");
    const std::string info = m == "expired"    ? text("login_expired", lang)
                             : m == "out"      ? text("login_out", lang)
                             : m == "needed"   ? text("login_needed", lang)
                             : m == "disabled" ? text("login_disabled", lang)
                                               : "";
    login_page(res, 200, lang, "", "", info);
}

void post_login(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto lang = lang_of(req);
    const std::string user = param(req, "username");
    const std::string password = param(req, "password");
    const auto r = c.auth.sign_in(user, password, req.remote_addr);
    using O = SignInResult::Outcome;
    if (r.outcome != O::kOk) {
        const int status = r.outcome == O::kWait || r.outcome == O::kLocked ? 429 : 401;
        if (r.wait_seconds > 0) {
            res.set_header("Retry-After", std::to_string(r.wait_seconds));
        }
        login_page(res, status, lang, user, lang == domain::Lang::kId ? r.message_id : r.message_en,
                   "");
        return;
    }
    secure_headers(res);
    res.set_header("Set-Cookie", cookie_header(c, kSessionCookie, r.cookie));
    api::t_actor = r.staff ? r.staff->name : user;
    see_other(res, "/console/");
}

void post_logout(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    if (!csrf_ok(c, *v, req, res)) {
        return;
    }
    c.auth.sign_out(cookie(req, kSessionCookie));
    res.set_header("Set-Cookie", cookie_header(c, kSessionCookie, "", "; Max-Age=0"));
    see_other(res, "/console/login?m=out");
}

// GET /console/lang?to=en&back=/console/...: a preference, not a state change of the office.
void get_lang(Console& c, const httplib::Request& req, httplib::Response& res) {
    const std::string to = param(req, "to") == "en" ? "en" : "id";
    std::string back = param(req, "back");
    // Only back into the console (no open redirect), and no header injection.
    if (back.rfind("/console/", 0) != 0 || back.find_first_of("\r\n\\") != std::string::npos ||
        back.rfind("//", 0) == 0) {
        back = "/console/";
    }
    secure_headers(res);
    res.set_header("Set-Cookie", cookie_header(c, kLangCookie, to, "; Max-Age=31536000"));
    see_other(res, back);
}

void get_static(const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    const auto data = asset("static/" + name);
    secure_headers(res, true);
    if (!data) {
        res.status = 404;
        res.set_content("no such file", "text/plain");
        return;
    }
    const bool css = name.size() > 4 && name.compare(name.size() - 4, 4, ".css") == 0;
    const bool svg = name.size() > 4 && name.compare(name.size() - 4, 4, ".svg") == 0;
    const bool js = name.size() > 3 && name.compare(name.size() - 3, 3, ".js") == 0;
    const bool md = name.size() > 3 && name.compare(name.size() - 3, 3, ".md") == 0;
    res.set_content(*data, css   ? "text/css; charset=utf-8"
                           : svg ? "image/svg+xml"
                           : js  ? "text/javascript; charset=utf-8"
                           : md  ? "text/plain; charset=utf-8"
                                 : "application/octet-stream");
}

}  // namespace

}  // namespace anjungan::office::console

namespace anjungan::office::api {

void console_error_page(const httplib::Request& req, httplib::Response& res) {
    using namespace console;
    const auto lang = lang_of(req);
    secure_headers(res);
    res.set_content(
        render("error",
               {{"t", catalogue(lang)},
                {"lang", lang == domain::Lang::kId ? "id" : "en"},
                {"status", std::to_string(res.status)},
                {"message", text(res.status == 404 ? "page_missing" : "request_refused", lang)}}),
        "text/html; charset=utf-8");
}

void add_console(httplib::Server& s, Context& ctx, ConsoleAuth& auth) {
    using namespace console;
    static_assert(sizeof(Console) > 0);
    // One Console for the server's life: the handlers keep a reference to it.
    auto* c = new Console{ctx, auth};
    ctx.console_state.reset(c, [](void* p) { delete static_cast<Console*>(p); });
    auto to_console = [](const auto&, auto& res) {
        secure_headers(res);
        see_other(res, "/console/");
    };
    s.Get("/", to_console);
    s.Get("/console", to_console);
    s.Get("/console/login", [c](const auto& q, auto& r) { get_login(*c, q, r); });
    s.Post("/console/login", [c](const auto& q, auto& r) { post_login(*c, q, r); });
    s.Post("/console/logout", [c](const auto& q, auto& r) { post_logout(*c, q, r); });
    s.Get("/console/lang", [c](const auto& q, auto& r) { get_lang(*c, q, r); });
    s.Get("/console/static/([a-z0-9_.-]+)", [](const auto& q, auto& r) { get_static(q, r); });
    add_case_pages(s, *c);
    add_documents(s, *c);
    add_letter_pages(s, *c);
    add_handoff_pages(s, *c);
    add_mail_pages(s, *c);
    add_admin_pages(s, *c);
    add_report_pages(s, *c);
    add_schedule_pages(s, *c);
}

}  // namespace anjungan::office::api
