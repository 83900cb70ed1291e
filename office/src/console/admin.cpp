// The console's admin pages (role admin only): staff accounts (add, disable, enable, reset a
// password), the registered kiosks (retire one), and the audit trail with filters.
#include "anjungan/office/accounts.hpp"
#include "console.hpp"

namespace anjungan::office::console {

namespace {

constexpr int kAuditPage = 50;

// The visit of an administrator, or nothing with the answer written (sign-in, or 403).
std::optional<Visit> admin_visit(Console& c, const httplib::Request& req, httplib::Response& res,
                                 bool post) {
    auto v = visit(c, req, res);
    if (!v) {
        return std::nullopt;
    }
    if (post && !csrf_ok(c, *v, req, res)) {
        return std::nullopt;
    }
    if (!v->admin()) {
        message_page(res, 403, *v, text("error_title", v->lang), text("admin_only", v->lang));
        return std::nullopt;
    }
    return v;
}

std::string actor_of(const Visit& v) {
    return v.staff().name;
}

void staff_page(Console& c, httplib::Response& res, const Visit& v, int status,
                const std::string& ok, const std::string& error,
                const json& form = json::object()) {
    const auto lang = v.lang;
    json people = json::array();
    for (const auto& s : c.ctx.storage.staff()) {
        people.push_back(
            {{"name", s.name},
             {"display_name", s.display_name},
             {"role", role_label(s.role, lang)},
             {"active", s.active},
             {"console", s.has_password},
             {"added", local_time(c.ctx, s.added_at)},
             {"token_until", s.token_expires_at.empty() ? std::string("-")
                                                        : local_time(c.ctx, s.token_expires_at)},
             {"self", s.name == v.staff().name},
             {"base", "/console/admin/staff/" + s.name}});
    }
    json roles = json::array();
    for (const auto r : all_roles()) {
        roles.push_back({{"code", std::string(to_code(r))},
                         {"label", role_label(r, lang)},
                         {"selected", form.value("role", "") == to_code(r)}});
    }
    page(res, status, v, "staff",
         {{"people", people},
          {"roles", roles},
          {"ok", ok},
          {"error", error},
          {"form_name", form.value("name", "")},
          {"form_display", form.value("display_name", "")}},
         text("staff_title", lang));
}

void get_staff(Console& c, const httplib::Request& req, httplib::Response& res) {
    if (const auto v = admin_visit(c, req, res, false)) {
        staff_page(c, res, *v, 200, "", "");
    }
}

void post_staff_add(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = admin_visit(c, req, res, true);
    if (!v) {
        return;
    }
    const auto lang = v->lang;
    const std::string name = param(req, "name"), display = param(req, "display_name"),
                      password = param(req, "password"), role_code = param(req, "role");
    const json form = {{"name", name}, {"display_name", display}, {"role", role_code}};
    const auto role = role_from_code(role_code);
    if (const auto why = login_name_problem(name); !why.empty() || !role) {
        staff_page(c, res, *v, 422, "", text("name_refused", lang, why.empty() ? role_code : why),
                   form);
        return;
    }
    if (c.ctx.storage.staff_by_name(name)) {
        staff_page(c, res, *v, 409, "", text("name_taken", lang, name), form);
        return;
    }
    if (const auto problem = check_password(password, name)) {
        staff_page(c, res, *v, 422, "",
                   text("password_refused", lang,
                        lang == domain::Lang::kId ? problem->message_id : problem->message),
                   form);
        return;
    }
    const auto token = make_api_token(c.ctx.clock.now(), c.ctx.options.token_days);
    NewStaff n{
        name, *role, display.substr(0, 100), token.hash, token.expires_at, hash_password(password)};
    try {
        c.ctx.storage.add_staff(n, c.ctx.now_text());
    } catch (const StorageError& e) {
        if (e.kind() != StorageError::Kind::kConflict) {
            throw;
        }
        // Added meanwhile, or a record this version cannot read (an unknown role).
        staff_page(c, res, *v, 409, "", text("name_taken", lang, name), form);
        return;
    }
    c.ctx.storage.audit(actor_of(*v), "staff.add.console", "", name + " " + role_code,
                        c.ctx.now_text());
    // The token is shown on this answer only (no redirect that would carry it in a URL).
    staff_page(c, res, *v, 201, text("staff_added", lang, name, token.token), "");
}

void post_staff_action(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = admin_visit(c, req, res, true);
    if (!v) {
        return;
    }
    const auto lang = v->lang;
    const std::string name = req.matches[1], action = req.matches[2];
    if (!c.ctx.storage.staff_by_name(name)) {
        message_page(res, 404, *v, text("error_title", lang), text("page_missing", lang));
        return;
    }
    const std::string now = c.ctx.now_text();
    if (action == "disable" || action == "enable") {
        if (action == "disable" && name == v->staff().name) {
            staff_page(c, res, *v, 422, "", text("not_self", lang));
            return;
        }
        c.ctx.storage.set_staff_active(name, action == "enable", actor_of(*v), now);
        staff_page(c, res, *v, 200,
                   text(action == "enable" ? "staff_enabled" : "staff_disabled", lang, name), "");
        return;
    }
    const std::string password = param(req, "password");
    if (const auto problem = check_password(password, name)) {
        staff_page(c, res, *v, 422, "",
                   text("password_refused", lang,
                        lang == domain::Lang::kId ? problem->message_id : problem->message));
        return;
    }
    c.ctx.storage.set_staff_password(name, hash_password(password), actor_of(*v), now);
    staff_page(c, res, *v, 200, text("password_set", lang, name), "");
}

void kiosks_page(Console& c, httplib::Response& res, const Visit& v, const std::string& ok) {
    json kiosks = json::array();
    for (const auto& k : c.ctx.storage.kiosks()) {
        kiosks.push_back({{"id", k.kiosk_id},
                          {"key", k.public_key},
                          {"added", local_time(c.ctx, k.added_at)},
                          {"active", k.active},
                          {"retire", "/console/admin/kiosks/" + k.kiosk_id + "/retire"}});
    }
    page(res, 200, v, "kiosks", {{"kiosks", kiosks}, {"empty", kiosks.empty()}, {"ok", ok}},
         text("kiosks_title", v.lang));
}

void get_kiosks(Console& c, const httplib::Request& req, httplib::Response& res) {
    if (const auto v = admin_visit(c, req, res, false)) {
        kiosks_page(c, res, *v, "");
    }
}

void post_retire(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = admin_visit(c, req, res, true);
    if (!v) {
        return;
    }
    const std::string id = req.matches[1];
    if (!c.ctx.storage.kiosk(id)) {
        message_page(res, 404, *v, text("error_title", v->lang), text("page_missing", v->lang));
        return;
    }
    c.ctx.storage.set_kiosk_active(id, false);
    c.ctx.storage.audit(actor_of(*v), "kiosk.retire", "", id, c.ctx.now_text());
    kiosks_page(c, res, *v, text("kiosk_retired", v->lang, id));
}

void get_audit(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = admin_visit(c, req, res, false);
    if (!v) {
        return;
    }
    const auto lang = v->lang;
    AuditFilter f;
    const std::string actor = param(req, "actor"), action = param(req, "action"),
                      receipt = param(req, "case"), from = param(req, "from"),
                      to = param(req, "to");
    f.actor = actor.substr(0, 100);
    f.action = action.substr(0, 100);
    std::string error;
    bool no_case = false;
    if (!receipt.empty()) {
        const auto d = c.ctx.storage.case_by_receipt(receipt);
        f.case_id = d ? d->row.case_id : receipt;  // a receipt number, or a case id
        no_case = !d && receipt.size() != 36;
    }
    if (!from.empty()) {
        f.from = local_midnight_utc(c.ctx, from);
        error = f.from.empty() ? text("bad_date", lang) : error;
    }
    if (!to.empty()) {
        f.before = local_midnight_utc(c.ctx, to, 1);
        error = f.before.empty() ? text("bad_date", lang) : error;
    }
    int n = 1;
    try {
        n = std::max(1, std::stoi(param(req, "page").empty() ? "1" : param(req, "page")));
    } catch (const std::exception&) {
    }
    f.limit = kAuditPage + 1;  // one more: is there a next page?
    f.offset = (n - 1) * kAuditPage;
    auto entries = no_case ? std::vector<AuditRecord>{} : c.ctx.storage.audit_log(f);
    const bool more = static_cast<int>(entries.size()) > kAuditPage;
    entries.resize(std::min<std::size_t>(entries.size(), kAuditPage));
    json rows = json::array();
    for (const auto& e : entries) {
        rows.push_back(
            {{"at", local_time(c.ctx, e.at)},
             {"actor", e.actor},
             {"action", e.action},
             {"case_id", e.case_id},
             {"receipt_no", e.receipt_no},
             {"receipt_url", e.receipt_no.empty() ? "" : "/console/cases/" + e.receipt_no},
             {"detail", e.detail.substr(0, 300)}});
    }
    const std::vector<std::pair<std::string, std::string>> kept = {
        {"actor", actor}, {"action", action}, {"case", receipt}, {"from", from}, {"to", to}};
    auto page_url = [&](int k) {
        auto p = kept;
        p.emplace_back("page", k > 1 ? std::to_string(k) : "");
        return "/console/admin/audit" + query(p);
    };
    page(res, error.empty() ? 200 : 400, *v, "audit",
         {{"rows", rows},
          {"empty", rows.empty()},
          {"actor", actor},
          {"action", action},
          {"case", receipt},
          {"from", from},
          {"to", to},
          {"error", error},
          {"page_of", text("page_of", lang, std::to_string(n))},
          {"prev_url", n > 1 ? json(page_url(n - 1)) : json(false)},
          {"next_url", more ? json(page_url(n + 1)) : json(false)}},
         text("audit_title", lang));
}

}  // namespace

void add_admin_pages(httplib::Server& s, Console& c) {
    s.Get("/console/admin/staff", [&c](const auto& q, auto& r) { get_staff(c, q, r); });
    s.Post("/console/admin/staff", [&c](const auto& q, auto& r) { post_staff_add(c, q, r); });
    s.Post("/console/admin/staff/([A-Za-z0-9._@-]{1,64})/(disable|enable|password)",
           [&c](const auto& q, auto& r) { post_staff_action(c, q, r); });
    s.Get("/console/admin/kiosks", [&c](const auto& q, auto& r) { get_kiosks(c, q, r); });
    s.Post("/console/admin/kiosks/([A-Za-z0-9._-]{1,64})/retire",
           [&c](const auto& q, auto& r) { post_retire(c, q, r); });
    s.Get("/console/admin/audit", [&c](const auto& q, auto& r) { get_audit(c, q, r); });
}

}  // namespace anjungan::office::console
