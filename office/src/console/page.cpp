// What every console page does: who is asking (the session cookie), in which language, the
// CSRF check of a POST, the security headers, and the layout around a page.
#include <cstdio>

#include "console.hpp"

namespace anjungan::office::console {

void secure_headers(httplib::Response& res, bool cacheable) {
    // Every action is a plain form; the only scripts are the console's own files (copy
    // buttons, charts), never inline, and every page works without them.
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", cacheable ? "public, max-age=3600" : "no-store");
}

std::string cookie(const httplib::Request& req, std::string_view name) {
    const std::string header = req.get_header_value("Cookie");
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto end = header.find(';', pos);
        if (end == std::string::npos) {
            end = header.size();
        }
        std::string_view part(header.data() + pos, end - pos);
        while (!part.empty() && part.front() == ' ') {
            part.remove_prefix(1);
        }
        if (part.size() > name.size() && part.substr(0, name.size()) == name &&
            part[name.size()] == '=') {
            return std::string(part.substr(name.size() + 1));
        }
        pos = end + 1;
    }
    return "";
}

domain::Lang lang_of(const httplib::Request& req) {
    return cookie(req, kLangCookie) == "en" ? domain::Lang::kEn : domain::Lang::kId;
}

void see_other(httplib::Response& res, const std::string& location) {
    res.status = 303;
    res.set_header("Location", location);
    res.set_content("", "text/plain");
}

std::optional<Visit> visit(Console& c, const httplib::Request& req, httplib::Response& res) {
    secure_headers(res);
    const std::string value = cookie(req, kSessionCookie);
    SessionEnd why = SessionEnd::kUnknown;
    const auto s = c.auth.session(value, &why);
    if (!s) {
        // The sign-in page says why: timed out, the account disabled, or not signed in.
        see_other(res, why == SessionEnd::kIdle || why == SessionEnd::kAbsolute
                           ? "/console/login?m=expired"
                       : why == SessionEnd::kDisabled ? "/console/login?m=disabled"
                                                      : "/console/login?m=needed");
        return std::nullopt;
    }
    api::t_actor = s->staff.name;
    // The page to come back to after the language switch: what was asked for, or for a form's
    // answer the page the form is on (a POST's URL is no page of its own).
    std::string back = req.target;
    if (req.method != "GET") {
        back = req.path;
        for (const char* page : {"/console/admin/staff", "/console/admin/kiosks"}) {
            if (back.rfind(page, 0) == 0) {
                back = page;
            }
        }
        if (back.rfind("/console/cases/", 0) == 0) {
            back = back.substr(0, back.find('/', std::string("/console/cases/").size()));
        }
        if (back.rfind("/console/schedule/", 0) == 0) {  // a session's forms: its page
            back = back.substr(0, back.find('/', std::string("/console/schedule/").size()));
        }
    }
    return Visit{*s, lang_of(req), back};
}

bool csrf_ok(Console& c, const Visit& v, const httplib::Request& req, httplib::Response& res) {
    const std::string sent = req.has_param("csrf") ? req.get_param_value("csrf") : "";
    if (!sent.empty() && ConsoleAuth::same_token(sent, v.session.csrf)) {
        return true;
    }
    c.ctx.storage.audit(v.actor(), "console.csrf_refused", "",
                        req.method + " " + req.path + (sent.empty() ? " (no token)" : ""),
                        c.ctx.now_text());
    message_page(res, 403, v, text("error_title", v.lang), text("forbidden", v.lang));
    return false;
}

void page(httplib::Response& res, int status, const Visit& v, std::string_view name, json model,
          const std::string& title) {
    const auto& t = catalogue(v.lang);
    model["t"] = t;
    model["csrf"] = v.session.csrf;
    const std::string body = render(name, model);
    const auto& s = v.staff();
    json frame = {
        {"t", t},
        {"lang", v.lang == domain::Lang::kId ? "id" : "en"},
        {"title", title},
        {"body", body},
        {"csrf", v.session.csrf},
        {"user", s.display_name.empty() ? s.name : s.display_name},
        {"role", role_label(s.role, v.lang)},
        {"admin", v.admin()},
        {"back", httplib::detail::encode_query_param(v.path)},
        {"nav_" + std::string(name), true},
    };
    secure_headers(res);
    res.status = status;
    res.set_content(render("layout", frame), "text/html; charset=utf-8");
}

std::optional<std::pair<Visit, CaseDetail>> case_visit(Console& c, const httplib::Request& req,
                                                       httplib::Response& res) {
    auto v = visit(c, req, res);
    if (!v) {
        return std::nullopt;
    }
    auto d = c.ctx.storage.case_by_receipt(req.matches[1]);
    if (!d) {
        message_page(res, 404, *v, text("error_title", v->lang), text("not_found", v->lang));
        return std::nullopt;
    }
    return std::make_pair(std::move(*v), std::move(*d));
}

void message_page(httplib::Response& res, int status, const Visit& v, const std::string& title,
                  const std::string& message) {
    page(res, status, v, "message", {{"heading", title}, {"message", message}}, title);
}

std::string role_label(Role r, domain::Lang lang) {
    return text("role_" + std::string(to_code(r)), lang);
}

std::string local_time(const api::Context& ctx, const std::string& utc) {
    platform::TimePoint t;
    if (utc.empty() || !platform::parse_utc(utc, t)) {
        return utc;
    }
    return platform::format_local(t, ctx.options.utc_offset_minutes);
}

std::string duration_text(std::chrono::seconds s, domain::Lang lang) {
    const long long total = std::max<long long>(0, s.count());
    const long long days = total / 86400, hours = total % 86400 / 3600,
                    minutes = (total % 3600 + 59) / 60;
    const bool id = lang == domain::Lang::kId;
    std::string out;
    if (days > 0) {
        out = std::to_string(days) + (id ? " hr " : " d ");
    }
    if (days > 0 || hours > 0) {
        out += std::to_string(hours) + (id ? " j " : " h ");
    }
    return out + std::to_string(minutes) + (id ? " mnt" : " min");
}

std::string local_midnight_utc(const api::Context& ctx, const std::string& date, int days) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        m < 1 || m > 12 || d < 1 || d > 31 || y < platform::kMinYear || y > platform::kMaxYear) {
        return "";
    }
    const auto t = platform::utc_time(y, m, d) + std::chrono::hours(24) * days -
                   std::chrono::minutes(ctx.options.utc_offset_minutes);
    return platform::format_utc(t);
}

std::string param(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : "";
}

std::string query(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [k, v] : pairs) {
        if (!v.empty()) {
            out += (out.empty() ? "?" : "&") + k + "=" + httplib::detail::encode_query_param(v);
        }
    }
    return out;
}

}  // namespace anjungan::office::console
