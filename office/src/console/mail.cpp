// E-mail to applicants on the console: the case page's section (messages and their states,
// the address's confirmation), the administrator's outbox (/console/admin/mail, "try again"),
// and the applicant's confirmation link (/confirm/{token}: a page with one button, so a mail
// scanner that opens every link confirms nothing; single use, expiring).
#include "anjungan/office/mail.hpp"

#include "console.hpp"

namespace anjungan::office::console {

namespace {

std::string state_label(const std::string& state, domain::Lang lang) {
    return text(state == "sent"     ? "mail_sent"
                : state == "failed" ? "mail_failed"
                                    : "mail_pending",
                lang);
}

std::string kind_label(const std::string& kind, domain::Lang lang) {
    if (kind == "invitation") {
        return text("mail_kind_invitation", lang);
    }
    if (const auto s = domain::status_from_code(kind)) {
        return text("mail_kind_status", lang, std::string(domain::label(*s, lang)));
    }
    return kind;
}

json message_json(Console& c, const OutboxRecord& m, domain::Lang lang) {
    return {{"id", m.id},
            {"state", m.state},
            {"state_label", state_label(m.state, lang)},
            {"kind_label", kind_label(m.kind, lang)},
            {"to", domain::mask_email(m.recipient)},
            {"subject", m.subject},
            {"when", local_time(c.ctx, m.state == "sent" ? m.sent_at : m.created_at)},
            {"next", m.state == "pending" ? local_time(c.ctx, m.next_at) : ""},
            {"attempts", m.attempts > 0 ? std::to_string(m.attempts) : ""},
            {"error", m.state == "sent" ? "" : m.last_error.substr(0, 300)}};
}

std::optional<Visit> admin_only(Console& c, const httplib::Request& req, httplib::Response& res,
                                bool post) {
    auto v = visit(c, req, res);
    if (!v || (post && !csrf_ok(c, *v, req, res))) {
        return std::nullopt;
    }
    if (!v->admin()) {
        message_page(res, 403, *v, text("error_title", v->lang), text("admin_only", v->lang));
        return std::nullopt;
    }
    return v;
}

void outbox_page(Console& c, httplib::Response& res, const Visit& v, const std::string& state,
                 const std::string& ok) {
    json rows = json::array();
    for (const auto& m : c.ctx.storage.mail("", state, 200)) {
        json j = message_json(c, m, v.lang);
        j["retry"] = m.state == "sent"
                         ? json(false)
                         : json("/console/admin/mail/" + std::to_string(m.id) + "/retry");
        rows.push_back(j);
    }
    json filters = json::array();
    for (const char* s : {"", "pending", "failed", "sent"}) {
        filters.push_back(
            {{"url", std::string("/console/admin/mail") + (*s ? std::string("?state=") + s : "")},
             {"label", *s ? state_label(s, v.lang) : text("any", v.lang)},
             {"current", state == s}});
    }
    page(res, 200, v, "mail",
         {{"rows", rows},
          {"empty", rows.empty()},
          {"filters", filters},
          {"ok", ok},
          {"enabled", c.ctx.options.mail.enabled()},
          {"server", c.ctx.options.mail.smtp.url}},
         text("mail_title", v.lang));
}

void get_outbox(Console& c, const httplib::Request& req, httplib::Response& res) {
    if (const auto v = admin_only(c, req, res, false)) {
        const std::string s = param(req, "state");
        outbox_page(c, res, *v, s == "pending" || s == "failed" || s == "sent" ? s : "", "");
    }
}

void post_retry(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = admin_only(c, req, res, true);
    if (!v) {
        return;
    }
    const std::int64_t id = std::stoll(req.matches[1]);
    if (!c.ctx.storage.retry_mail(id, v->actor(), c.ctx.now_text())) {
        message_page(res, 404, *v, text("error_title", v->lang), text("page_missing", v->lang));
        return;
    }
    if (c.ctx.mailer) {
        c.ctx.mailer->wake();
    }
    outbox_page(c, res, *v, "", text("mail_retried", v->lang));
}

}  // namespace

json mail_json(Console& c, const Visit& v, const CaseDetail& d) {
    const auto lang = v.lang;
    json messages = json::array();
    for (const auto& m : c.ctx.storage.mail(d.row.case_id, "", 0)) {
        messages.push_back(message_json(c, m, lang));
    }
    const auto confirmation = c.ctx.storage.email_confirmation(d.row.case_id);
    const bool confirmed = confirmation && !confirmation->confirmed_at.empty();
    std::string state;
    if (confirmed) {
        state = text("mail_confirmed", lang, local_time(c.ctx, confirmation->confirmed_at));
    } else if (confirmation) {
        state = text("mail_unconfirmed", lang, local_time(c.ctx, confirmation->expires_at));
    } else {
        state = text("mail_no_link", lang);
    }
    // The section head verifies the file: the SOP wants an active .go.id mailbox.
    const bool verifying = d.row.status == domain::CaseStatus::kDivisionDisposition ||
                           d.row.status == domain::CaseStatus::kSectionVerified;
    return {{"enabled", c.ctx.options.mail.enabled()},
            {"messages", messages},
            {"has_messages", !messages.empty()},
            {"confirmed", confirmed},
            {"confirmation", state},
            // Only where confirming is possible: a link was sent, or will be.
            {"warn", verifying && !confirmed &&
                             (confirmation || (c.ctx.options.mail.enabled() &&
                                               !c.ctx.options.mail.public_url.empty()))
                         ? text("mail_warn_unconfirmed", lang)
                         : ""}};
}

json handoff_link(const Visit& v, const CaseDetail& d) {
    using S = domain::CaseStatus;
    const bool verified = d.row.status == S::kSectionVerified || d.row.status == S::kSentToBsre ||
                          d.row.status == S::kBsreRegistration || d.row.status == S::kIssued;
    const bool role = v.staff().role == Role::kVerifier || v.admin();
    return verified && role ? json("/console/cases/" + d.row.receipt_no + "/handoff") : json(false);
}

void add_mail_pages(httplib::Server& s, Console& c) {
    s.Get("/console/admin/mail", [&c](const auto& q, auto& r) { get_outbox(c, q, r); });
    s.Post("/console/admin/mail/([0-9]{1,18})/retry",
           [&c](const auto& q, auto& r) { post_retry(c, q, r); });
}

}  // namespace anjungan::office::console

namespace anjungan::office::api {

namespace {

void confirm_page(httplib::Response& res, int status, domain::Lang lang, const json& extra) {
    using namespace console;
    secure_headers(res);
    res.status = status;
    json model = {{"t", catalogue(lang)}, {"lang", lang == domain::Lang::kId ? "id" : "en"}};
    model.update(extra);
    res.set_content(render("confirm", model), "text/html; charset=utf-8");
}

}  // namespace

void add_confirm_page(httplib::Server& s, Context& ctx) {
    using namespace console;
    const std::string path = "/confirm/([A-Za-z0-9_-]{43})";
    s.Get(path, [](const httplib::Request& req, httplib::Response& res) {
        const auto lang = param(req, "lang") == "en" ? domain::Lang::kEn : domain::Lang::kId;
        confirm_page(res, 200, lang,
                     {{"ask", true},
                      {"action", req.path},
                      {"other", lang == domain::Lang::kId ? req.path + "?lang=en" : req.path}});
    });
    s.Post(path, [&ctx](const httplib::Request& req, httplib::Response& res) {
        const auto lang = param(req, "lang") == "en" ? domain::Lang::kEn : domain::Lang::kId;
        std::string why;
        const auto case_id = ctx.storage.confirm_email(
            platform::sha256_hex(std::string(req.matches[1])), ctx.now_text(), &why);
        if (case_id) {
            confirm_page(res, 200, lang, {{"done", true}});
        } else {
            confirm_page(res, why == "unknown" ? 404 : 410, lang,
                         {{"refused", text(why == "used"      ? "confirm_used"
                                           : why == "expired" ? "confirm_expired"
                                                              : "confirm_unknown",
                                           lang)}});
        }
    });
}

}  // namespace anjungan::office::api
