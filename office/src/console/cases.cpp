// The console's case pages: the inbox (what waits for the signed-in role), all cases with
// filters and search, and the case page with the applicant, the documents, the history and the
// moves the role may make (each a plain form; compare and set against the status shown).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <set>

#include "anjungan/domain/validators.hpp"
#include "anjungan/office/service.hpp"
#include "console.hpp"
#include "documents.hpp"

namespace anjungan::office::console {

namespace {

using domain::CaseStatus;
constexpr int kPageSize = 25;
constexpr char kReceiptRoute[] = "([0-9A-Z-]{1,40})";

// The deadline column: "sisa 7 mnt" / "terlambat 3 mnt" / "-".
json deadline_json(const api::Context& ctx, const CaseRow& r, domain::Lang lang) {
    json j = {{"due", r.due_at.empty() ? "-" : local_time(ctx, r.due_at)}, {"overdue", false}};
    platform::TimePoint due;
    if (r.due_at.empty() || !platform::parse_utc(r.due_at, due)) {
        j["left"] = text("no_deadline", lang);
        return j;
    }
    const auto now = ctx.clock.now();
    if (due < now) {
        j["overdue"] = true;
        j["left"] =
            text("overdue_by", lang,
                 duration_text(std::chrono::duration_cast<std::chrono::seconds>(now - due), lang));
    } else {
        j["left"] =
            text("time_left", lang,
                 duration_text(std::chrono::duration_cast<std::chrono::seconds>(due - now), lang));
    }
    return j;
}

json row_json(const api::Context& ctx, const CaseRow& r, domain::Lang lang,
              const std::string& list) {
    json j = deadline_json(ctx, r, lang);
    j["receipt_no"] = r.receipt_no;
    j["url"] = "/console/cases/" + r.receipt_no + query({{"list", list}});
    j["name"] = r.applicant_name;
    j["work_unit"] = r.work_unit;
    j["status"] = std::string(domain::to_code(r.status));
    j["status_label"] = std::string(domain::label(r.status, lang));
    j["received"] = local_time(ctx, r.received_at);
    return j;
}

// The list a case was opened from ("inbox", or the filters' query string without "?") goes into
// its link, so the case page can offer the previous and next case of that list.
std::string rows_html(const api::Context& ctx, const std::vector<CaseRow>& rows, domain::Lang lang,
                      const std::string& caption, const std::string& from_list) {
    json list = json::array();
    for (const auto& r : rows) {
        list.push_back(row_json(ctx, r, lang, from_list));
    }
    return render("rows", {{"t", catalogue(lang)}, {"rows", list}, {"caption", caption}});
}

CaseFilter inbox_filter(const Visit& v) {
    CaseFilter f;
    f.statuses = waiting_for(v.staff().role);
    f.with_blobs = false;
    return f;
}

// The filters of the all-cases list, from its query parameters.
struct ListFilter {
    CaseFilter filter;
    std::string error;
    std::vector<std::pair<std::string, std::string>> kept;  // the parameters as given
    std::string query() const {                             // "status=...&q=..." (no "?")
        const std::string q = console::query(kept);
        return q.empty() ? "" : q.substr(1);
    }
};

ListFilter list_filter(const api::Context& ctx, domain::Lang lang,
                       const std::function<std::string(const char*)>& get) {
    ListFilter l;
    auto& f = l.filter;
    const std::string status = get("status"), unit = get("unit"), from = get("from"),
                      to = get("to"), q = get("q"), overdue = get("overdue");
    if (!status.empty()) {
        f.status = domain::status_from_code(status);
    }
    f.work_unit = unit;
    if (!from.empty()) {
        f.received_from = local_midnight_utc(ctx, from);
        l.error = f.received_from.empty() ? text("bad_date", lang) : l.error;
    }
    if (!to.empty()) {
        f.received_before = local_midnight_utc(ctx, to, 1);
        l.error = f.received_before.empty() ? text("bad_date", lang) : l.error;
    }
    f.overdue_only = overdue == "1";
    f.now = ctx.now_text();
    f.text = q.substr(0, 100);
    f.newest_first = true;
    f.with_blobs = false;
    l.kept = {{"status", status}, {"unit", unit}, {"from", from},
              {"to", to},         {"q", q},       {"overdue", overdue == "1" ? "1" : ""}};
    return l;
}

void inbox(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    auto& ctx = c.ctx;
    CaseFilter f = inbox_filter(*v);
    f.limit = 200;
    const auto rows = ctx.storage.cases(f);
    json counts = json::array();
    for (const auto& [status, n] : ctx.storage.status_counts()) {
        counts.push_back({{"label", std::string(domain::label(status, v->lang))},
                          {"n", std::to_string(n)},
                          {"url", "/console/cases" +
                                      query({{"status", std::string(domain::to_code(status))}})}});
    }
    const auto all = ctx.storage.counts(ctx.now_text());
    page(res, 200, *v, "inbox",
         {{"rows", rows_html(ctx, rows, v->lang, text("inbox_title", v->lang), "inbox")},
          {"empty", rows.empty()},
          {"counts", counts},
          {"overdue_n", std::to_string(all.overdue)},
          {"overdue_url", "/console/cases?overdue=1"}},
         text("inbox_title", v->lang));
}

void all_cases(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    auto& ctx = c.ctx;
    const auto lang = v->lang;
    auto l = list_filter(ctx, lang, [&req](const char* name) { return param(req, name); });
    auto& f = l.filter;
    const std::string& error = l.error;
    const std::string status = param(req, "status"), unit = param(req, "unit"),
                      from = param(req, "from"), to = param(req, "to"), q = param(req, "q");
    const int total = ctx.storage.count_cases(f);
    const int pages = std::max(1, (total + kPageSize - 1) / kPageSize);
    int n = 1;
    try {
        n = std::clamp(std::stoi(param(req, "page").empty() ? "1" : param(req, "page")), 1, pages);
    } catch (const std::exception&) {
    }
    f.limit = kPageSize;
    f.offset = (n - 1) * kPageSize;
    const auto rows = ctx.storage.cases(f);

    auto page_url = [&](int k) {
        auto p = l.kept;
        p.emplace_back("page", k > 1 ? std::to_string(k) : "");
        return "/console/cases" + query(p);
    };
    json statuses = json::array();
    for (const auto s : domain::all_statuses()) {
        const std::string code(domain::to_code(s));
        statuses.push_back({{"code", code},
                            {"label", std::string(domain::label(s, lang))},
                            {"selected", code == status}});
    }
    json units = json::array();
    for (const auto& u : ctx.storage.work_units()) {
        units.push_back({{"name", u}, {"selected", u == unit}});
    }
    page(res, error.empty() ? 200 : 400, *v, "cases",
         {{"rows", rows_html(ctx, rows, lang, text("cases_title", lang), l.query())},
          {"empty", rows.empty()},
          {"statuses", statuses},
          {"units", units},
          {"from", from},
          {"to", to},
          {"q", q},
          {"overdue", f.overdue_only},
          {"error", error},
          {"found", text("found", lang, std::to_string(total))},
          {"page_of", text("page_of", lang, std::to_string(n) + " / " + std::to_string(pages))},
          {"prev_url", n > 1 ? json(page_url(n - 1)) : json(false)},
          {"next_url", n < pages ? json(page_url(n + 1)) : json(false)}},
         text("cases_title", lang));
}

// The decoded parts of a NIK or NIP: [{label, value}], or the first problem.
json decoded_json(const domain::Validation& val, bool nik, domain::Lang lang) {
    json out = json::array();
    if (!val.valid()) {
        out.push_back({{"label", ""},
                       {"value", text("number_problem", lang, val.errors.front().message(lang))},
                       {"problem", true}});
        return out;
    }
    if (nik) {
        std::string region;
        for (const char* key : {"regency", "province"}) {
            if (const auto* f = val.field(key)) {
                region += (region.empty() ? "" : ", ") + *f;
            }
        }
        if (const auto* d = val.field("district_code")) {
            region += (region.empty() ? "" : " ") + std::string("(") + *d + ")";
        }
        out.push_back({{"label", text("region", lang)}, {"value", region}});
    } else if (const auto* s = val.field("service_start")) {
        out.push_back({{"label", text("service_start", lang)}, {"value", *s}});
    }
    if (const auto* b = val.field("birth_date")) {
        out.push_back({{"label", text("birth_date", lang)}, {"value", *b}});
    }
    if (const auto* s = val.field("sex")) {
        out.push_back({{"label", text("sex", lang)}, {"value", text("sex_" + *s, lang)}});
    }
    if (const auto* e = val.field("employment"); e && !nik) {
        out.push_back({{"label", text("employment", lang)}, {"value", *e}});
    }
    return out;
}

struct Banner {
    std::string kind;  // "ok", "error", "warn"
    std::string text;
};

// The case page; `banner` says what just happened (a move, a refusal, a stale page).
void case_page(Console& c, const httplib::Request& req, httplib::Response& res, const Visit& v,
               const CaseDetail& d, int status, const Banner& banner,
               const std::string& note = "") {
    auto& ctx = c.ctx;
    const auto lang = v.lang;
    const json& a = d.payload.applicant;
    auto field = [&](const char* key) {
        return a.contains(key) && a[key].is_string() ? a[key].get<std::string>() : std::string();
    };
    const auto today = platform::civil_date(ctx.clock.now(), ctx.options.utc_offset_minutes);
    const std::string nik = field("nik"), nip = field("nip");
    json fields = json::array();
    auto add = [&](const char* key, std::string value, json decoded = json::array()) {
        fields.push_back({{"label", text(key, lang)},
                          {"value", value},
                          {"decoded", decoded},
                          {"has_decoded", !decoded.empty()},
                          {"mono", std::string(key) == "nik" || std::string(key) == "nip"}});
    };
    add("full_name", field("full_name"));
    add("certificate_name", field("certificate_name"));
    add("nik", nik, decoded_json(domain::validate_nik(nik, today), true, lang));
    add("nip", nip,
        nip.empty() ? json::array() : decoded_json(domain::validate_nip(nip, today), false, lang));
    const std::string employment = field("employment");
    add("employment", employment == "pns" || employment == "pppk" || employment == "other_asn"
                          ? text("employment_" + employment, lang)
                          : employment);
    const std::string sex = field("sex");
    add("sex", sex == "M" || sex == "F" ? text("sex_" + sex, lang) : sex);
    add("email", field("email"));
    add("phone", field("phone"));
    add("position", field("position"));
    add("work_unit", field("work_unit"));
    add("office_province", field("office_province"));
    add("office_city", field("office_city"));
    add("office_address", field("office_address"));

    json warnings = json::array();
    if (a.contains("confirmed_warnings") && a["confirmed_warnings"].is_array()) {
        // As the kiosk signed them: shown only when well-formed, never trusted to be.
        for (const auto& w : a["confirmed_warnings"]) {
            const char* key = lang == domain::Lang::kId ? "id" : "en";
            if (w.is_object() && w.contains(key) && w[key].is_string() && w.contains("code") &&
                w["code"].is_string()) {
                warnings.push_back({{"text", w[key]}, {"code", w["code"]}});
            }
        }
    }
    json same = json::array();
    if (!nik.empty()) {
        for (const auto& other : ctx.storage.cases_with_nik(nik)) {
            if (other.case_id != d.row.case_id) {
                same.push_back({{"receipt_no", other.receipt_no},
                                {"url", "/console/cases/" + other.receipt_no},
                                {"status_label", std::string(domain::label(other.status, lang))}});
            }
        }
    }

    json history = json::array();
    for (const auto& h : d.history) {
        const auto role = role_from_code(h.role);
        history.push_back({{"at", local_time(ctx, h.at)},
                           {"status_label", std::string(domain::label(h.status, lang))},
                           {"actor", h.actor},
                           {"role", role ? role_label(*role, lang) : h.role},
                           {"note", h.note},
                           {"reasons", h.reasons},
                           {"has_reasons", !h.reasons.empty()}});
    }
    // Who opened the case: the audit trail's views, first time per person.
    json opened = json::array();
    std::set<std::string> seen;
    for (const auto& e : d.audit) {
        if (e.action == "case.view" && seen.insert(e.actor).second) {
            opened.push_back({{"actor", e.actor}, {"at", local_time(ctx, e.at)}});
        }
    }
    const std::string me = v.actor();
    if (!seen.count(me)) {
        opened.push_back({{"actor", me}, {"at", text("now", lang)}});
    }

    json moves = json::array();
    for (const auto to : domain::allowed_next(d.row.status)) {
        const auto roles = roles_for(d.row.status, to);
        if (std::find(roles.begin(), roles.end(), v.staff().role) == roles.end()) {
            continue;
        }
        const std::string code(domain::to_code(to));
        // A refused move's form keeps what was typed and ticked; the other forms stay empty.
        const bool refused = req.method == "POST" && param(req, "to") == code;
        std::set<std::string> ticked;
        std::string other;
        for (std::size_t i = 0; refused && i < req.get_param_value_count("reasons"); ++i) {
            const std::string value = req.get_param_value("reasons", i);
            bool listed = false;
            for (const auto& r : kReturnReasons) {
                listed = listed || value == r.code;
            }
            if (listed) {
                ticked.insert(value);
            } else {
                other = value;
            }
        }
        json reasons = json::array();
        if (to == CaseStatus::kReturned) {
            for (const auto& r : kReturnReasons) {
                reasons.push_back({{"code", r.code},
                                   {"label", text(std::string("reason_") + r.code, lang)},
                                   {"id", std::string("reason-") + r.code},
                                   {"checked", ticked.count(r.code) > 0}});
            }
        }
        moves.push_back({{"to", code},
                         {"label", text("to_" + code, lang)},
                         {"reasons", reasons},
                         {"has_reasons", !reasons.empty()},
                         {"note_required", to == CaseStatus::kRejected},
                         {"danger", to == CaseStatus::kRejected || to == CaseStatus::kReturned},
                         {"note", refused ? note : ""},
                         {"other", refused ? other : ""}});
    }

    // The list the case was opened from (the inbox when none): its previous and next case.
    const std::string from_list = param(req, "list").substr(0, 1000);
    CaseFilter within = inbox_filter(v);
    std::string back = "/console/", list_label = text("inbox_title", lang);
    if (!from_list.empty() && from_list != "inbox") {
        httplib::Params p;
        httplib::detail::parse_query_text(from_list, p);
        within = list_filter(ctx, lang, [&p](const char* name) {
                     const auto it = p.find(name);
                     return it == p.end() ? std::string() : it->second;
                 }).filter;
        back = "/console/cases?" + from_list;
        list_label = text("cases_title", lang);
    }
    const auto n = ctx.storage.neighbours(within, d.row.receipt_no);
    const std::string keep = from_list.empty() ? "" : query({{"list", from_list}});
    json around = json::object();
    around["back"] = back;
    around["label"] = list_label;
    around["position"] = n.position > 0 ? text("position_of", lang, std::to_string(n.position),
                                               std::to_string(n.total))
                                        : "";
    around["previous"] =
        n.previous.empty() ? json(false) : json("/console/cases/" + n.previous + keep);
    around["next"] = n.next.empty() ? json(false) : json("/console/cases/" + n.next + keep);
    // Not in the list (any more): the list's first case is what comes next.
    if (n.position == 0) {
        within.limit = 1;
        for (const auto& r : ctx.storage.cases(within)) {
            if (r.case_id != d.row.case_id) {
                around["next"] = "/console/cases/" + r.receipt_no + keep;
            }
        }
    }

    json model = deadline_json(ctx, d.row, lang);
    model.update(
        json{{"receipt_no", d.row.receipt_no},
             {"url", "/console/cases/" + d.row.receipt_no},
             {"status", std::string(domain::to_code(d.row.status))},
             {"status_label", std::string(domain::label(d.row.status, lang))},
             {"next_step", std::string(domain::next_step(d.row.status, lang))},
             {"received", local_time(ctx, d.row.received_at)},
             {"kiosk_id", d.row.kiosk_id},
             {"fields", fields},
             {"warnings", warnings},
             {"has_warnings", !warnings.empty()},
             {"same_nik", same},
             {"has_same_nik", !same.empty()},
             {"documents", documents_json(ctx, d, lang)},
             {"letter", letter_json(c, v, d)},
             {"mail", mail_json(c, v, d)},
             {"handoff", handoff_link(v, d)},
             {"schedule", schedule_json(c, v, d)},
             {"history", history},
             {"opened", opened},
             {"moves", moves},
             {"has_moves", !moves.empty()},
             {"banner", banner.text.empty() ? json(false)
                                            : json{{"kind", banner.kind}, {"text", banner.text}}},
             {"around", around},
             {"list", from_list}});
    page(res, status, v, "case", model, text("case_title", lang, d.row.receipt_no));
}

void get_case(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    const auto d = c.ctx.storage.case_by_receipt(req.matches[1]);
    if (!d) {
        message_page(res, 404, *v, text("error_title", v->lang), text("not_found", v->lang));
        return;
    }
    c.ctx.storage.audit(v->actor(), "case.view", d->row.case_id, "console", c.ctx.now_text());
    Banner b;
    if (const auto moved = domain::status_from_code(param(req, "moved"))) {
        b = {"ok", text("moved", v->lang, std::string(domain::label(*moved, v->lang)))};
    }
    if (const std::string letter = param(req, "letter"); !letter.empty()) {
        b = {"ok", text("letter_made_now", v->lang, letter.substr(0, 80))};
    }
    case_page(c, req, res, *v, *d, 200, b);
}

// The text a listed reason is kept as (and the kiosk shows): Indonesian, then English.
std::string reason_text(const std::string& value) {
    for (const auto& r : kReturnReasons) {
        if (value == r.code) {
            const std::string key = std::string("reason_") + r.code;
            return text(key, domain::Lang::kId) + " / " + text(key, domain::Lang::kEn);
        }
    }
    return value;
}

std::string trimmed(std::string s, std::size_t max) {
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
    return s.substr(0, max);
}

void post_move(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v || !csrf_ok(c, *v, req, res)) {
        return;
    }
    auto& ctx = c.ctx;
    const auto lang = v->lang;
    const auto d = ctx.storage.case_by_receipt(req.matches[1]);
    if (!d) {
        message_page(res, 404, *v, text("error_title", lang), text("not_found", lang));
        return;
    }
    const std::string note = trimmed(param(req, "note"), 2000);
    // The page the form was on showed this status: anything else means someone moved it.
    const std::string from = param(req, "from");
    if (!from.empty() && from != domain::to_code(d->row.status)) {
        case_page(c, req, res, *v, *d, 409,
                  {"warn", text("stale", lang, std::string(domain::label(d->row.status, lang)))});
        return;
    }
    const auto to = domain::status_from_code(param(req, "to"));
    const auto roles = to ? roles_for(d->row.status, *to) : std::vector<Role>{};
    if (!to || std::find(roles.begin(), roles.end(), v->staff().role) == roles.end()) {
        ctx.storage.audit(
            v->actor(), "console.move_forbidden", d->row.case_id,
            std::string(domain::to_code(d->row.status)) + " -> " + param(req, "to").substr(0, 40),
            ctx.now_text());
        spdlog::warn(json{{"event", "console.move_forbidden"},
                          {"by", v->staff().name},
                          {"case", d->row.receipt_no},
                          {"to", param(req, "to")}}
                         .dump());
        case_page(c, req, res, *v, *d, 403, {"error", text("forbidden_move", lang)}, note);
        return;
    }
    Move m;
    m.to = *to;
    m.role = v->staff().role;
    m.actor = v->staff().name;
    m.note = note;
    if (*to == CaseStatus::kReturned) {
        const auto n = req.get_param_value_count("reasons");
        for (std::size_t i = 0; i < n; ++i) {
            const std::string r = trimmed(req.get_param_value("reasons", i), 300);
            if (!r.empty()) {
                m.reasons.push_back(reason_text(r));
            }
        }
        if (m.reasons.empty()) {
            case_page(c, req, res, *v, *d, 422, {"error", text("need_reasons", lang)}, note);
            return;
        }
    }
    if (*to == CaseStatus::kRejected && note.empty()) {
        case_page(c, req, res, *v, *d, 422, {"error", text("need_note", lang)}, note);
        return;
    }
    const auto r =
        advance_case(ctx.storage, d->row.receipt_no, m, ctx.clock.now(), ctx.options.working);
    if (r.http != 200) {
        const auto fresh = ctx.storage.case_by_receipt(d->row.receipt_no);
        if (r.code == "conflict" && fresh) {
            case_page(
                c, req, res, *v, *fresh, 409,
                {"warn", text("stale", lang, std::string(domain::label(fresh->row.status, lang)))});
        } else {
            case_page(c, req, res, *v, fresh ? *fresh : *d, r.http == 403 ? 403 : 422,
                      {"error", text("move_refused", lang, r.message)}, note);
        }
        return;
    }
    if (*to == CaseStatus::kSentToBsre && !ctx.storage.current_letter(d->row.case_id)) {
        make_letter_for(c, *v, d->row.receipt_no, false);  // the move stands either way
    }
    spdlog::info(
        json{{"event", "case.advanced"}, {"by", v->staff().name}, {"what", r.message}}.dump());
    see_other(res, "/console/cases/" + d->row.receipt_no +
                       query({{"moved", std::string(domain::to_code(*to))},
                              {"list", param(req, "list").substr(0, 1000)}}));
}

}  // namespace

void add_case_pages(httplib::Server& s, Console& c) {
    const std::string receipt = kReceiptRoute;
    s.Get("/console/", [&c](const auto& q, auto& r) { inbox(c, q, r); });
    s.Get("/console/cases", [&c](const auto& q, auto& r) { all_cases(c, q, r); });
    s.Get("/console/cases/" + receipt, [&c](const auto& q, auto& r) { get_case(c, q, r); });
    s.Post("/console/cases/" + receipt, [&c](const auto& q, auto& r) { post_move(c, q, r); });
}

}  // namespace anjungan::office::console
