// The schedule book on the console (office/schedule.hpp): the upcoming sessions of assisted
// registration at BSrE as a list with the places left, or a week's grid (Monday to Friday);
// adding a session; a session's page with its applicants, assigning a case (by receipt number,
// or from the cases waiting for step 4 that have no session), unassigning, changing and
// cancelling the session; the CSV export; and the case page's line. Each change queues the
// applicants' invitations (or cancellations) for the background sender.
#include "anjungan/office/schedule.hpp"

#include <cstdio>

#include "anjungan/office/csv.hpp"
#include "console.hpp"

namespace anjungan::office::console {

namespace {

constexpr int kMaxCapacity = 200;
constexpr int kWaitingShown = 15;

bool may_plan(const Visit& v) {
    const Role r = v.staff().role;
    return r == Role::kVerifier || r == Role::kSectionHead || r == Role::kAdmin;
}

platform::TimePoint utc_of(const std::string& text) {
    platform::TimePoint t{};
    platform::parse_utc(text, t);
    return t;
}

// The local date "YYYY-MM-DD" and time "HH:MM" of a stored UTC time.
std::string local_date(const api::Context& ctx, const std::string& utc) {
    return platform::format_date(platform::civil_date(utc_of(utc), ctx.options.utc_offset_minutes));
}
std::string local_hhmm(const api::Context& ctx, const std::string& utc) {
    return platform::format_local(utc_of(utc), ctx.options.utc_offset_minutes).substr(11, 5);
}

// "Senin, 07-12-2026" in the visit's language.
std::string day_label(const api::Context& ctx, const std::string& utc, domain::Lang lang) {
    const auto local = utc_of(utc) + std::chrono::minutes(ctx.options.utc_offset_minutes);
    const unsigned wd =
        std::chrono::weekday(std::chrono::floor<std::chrono::days>(local)).c_encoding();
    const std::string d = platform::format_local(utc_of(utc), ctx.options.utc_offset_minutes);
    return text("weekday_" + std::to_string(wd), lang) + ", " + d.substr(0, 10);
}

json session_json(const api::Context& ctx, const ScheduleSession& s, domain::Lang lang) {
    const int left = s.places_left();
    return {{"id", s.id},
            {"url", "/console/schedule/" + std::to_string(s.id)},
            {"day", day_label(ctx, s.starts_at, lang)},
            {"start", local_hhmm(ctx, s.starts_at)},
            {"end", local_hhmm(ctx, s.ends_at)},
            {"zone", platform::zone_name(ctx.options.utc_offset_minutes)},
            {"place", s.place},
            {"capacity", s.capacity},
            {"assigned", s.assigned},
            {"left", left},
            {"left_text", s.cancelled_at.empty()
                              ? (left > 0 ? text("schedule_left_n", lang, std::to_string(left))
                                          : text("schedule_full", lang))
                              : text("schedule_cancelled", lang)},
            {"full", left == 0},
            {"note", s.note},
            {"cancelled", !s.cancelled_at.empty()},
            {"cancelled_at", local_time(ctx, s.cancelled_at)},
            {"cancelled_by", s.cancelled_by},
            {"created_by", s.created_by},
            {"created_at", local_time(ctx, s.created_at)}};
}

// What a session form was given, kept to show it again with the refusal.
struct SessionForm {
    std::string date, start, end, place, capacity, note;
    std::string error, field;  // the refusal and the field it names (its input's id suffix)

    static SessionForm from(const httplib::Request& req) {
        auto cut = [&req](const char* name, std::size_t max) {
            std::string v = param(req, name);
            const auto b = v.find_first_not_of(" \t\r\n");
            const auto e = v.find_last_not_of(" \t\r\n");
            v = b == std::string::npos ? "" : v.substr(b, e - b + 1);
            return v.substr(0, max);
        };
        return {cut("date", 20),
                cut("start", 10),
                cut("end", 10),
                cut("place", 300),
                cut("capacity", 10),
                cut("note", 1000),
                "",
                ""};
    }
    json to_json() const {
        return {
            {"date", date},         {"start", start},
            {"end", end},           {"place", place},
            {"capacity", capacity}, {"note", note},
            {"error", error},       {"bad_" + (field.empty() ? std::string("none") : field), true}};
    }
    // The session it describes, or false with `error` and `field` set.
    bool parse(const api::Context& ctx, domain::Lang lang, ScheduleSession& s) {
        const int offset = ctx.options.utc_offset_minutes;
        auto refuse = [&](const char* f, std::string why) {
            field = f;
            error = std::move(why);
            return false;
        };
        if (!local_to_utc(date, "00:00", offset)) {
            return refuse("date", text("schedule_bad_date", lang));
        }
        const auto a = local_to_utc(date, start, offset);
        if (!a) {
            return refuse("start", text("schedule_bad_time", lang, text("schedule_start", lang)));
        }
        const auto b = local_to_utc(date, end, offset);
        if (!b) {
            return refuse("end", text("schedule_bad_time", lang, text("schedule_end", lang)));
        }
        if (*b <= *a) {
            return refuse("end", text("schedule_end_before", lang));
        }
        if (place.empty() || place.size() > 200) {
            return refuse("place", text("schedule_bad_place", lang));
        }
        int n = 0;
        char tail = 0;
        if (std::sscanf(capacity.c_str(), "%d%c", &n, &tail) != 1 || n < 1 || n > kMaxCapacity ||
            capacity.find_first_not_of("0123456789") != std::string::npos) {
            return refuse("capacity",
                          text("schedule_bad_capacity", lang, std::to_string(kMaxCapacity)));
        }
        if (note.size() > 500) {
            return refuse("note", text("schedule_bad_note", lang));
        }
        s.starts_at = platform::format_utc(*a);
        s.ends_at = platform::format_utc(*b);
        s.place = place;
        s.capacity = n;
        s.note = note;
        return true;
    }
};

// The Monday of the week a local date is in ("" when malformed); and today's.
std::string monday_of(const std::string& date) {
    const auto t = local_to_utc(date, "00:00", 0);
    if (!t) {
        return "";
    }
    const auto day = std::chrono::floor<std::chrono::days>(*t);
    const unsigned iso = std::chrono::weekday(day).iso_encoding();  // Monday 1 .. Sunday 7
    return platform::format_utc(day - std::chrono::days(iso - 1)).substr(0, 10);
}
std::string plus_days(const std::string& date, int days) {
    const auto t = local_to_utc(date, "00:00", 0);
    return t ? platform::format_utc(*t + std::chrono::days(days)).substr(0, 10) : "";
}
std::string today(const api::Context& ctx) {
    return platform::format_date(
        platform::civil_date(ctx.clock.now(), ctx.options.utc_offset_minutes));
}

void list_page(Console& c, const httplib::Request& req, httplib::Response& res, const Visit& v,
               int status, const SessionForm& form) {
    auto& ctx = c.ctx;
    const auto lang = v.lang;
    const bool week = param(req, "view") == "week";
    json model = {{"may_add", may_plan(v)},
                  {"form", form.to_json()},
                  {"week_view", week},
                  {"list_url", "/console/schedule"},
                  {"error", form.error}};
    std::string title = text("schedule_title", lang);
    if (week) {
        std::string asked = param(req, "week");
        std::string monday = monday_of(asked.empty() ? today(ctx) : asked);
        if (monday.empty()) {
            model["error"] = text("schedule_bad_date", lang);
            status = 400;
            monday = monday_of(today(ctx));
        }
        const auto sessions = ctx.storage.schedule_sessions(
            local_midnight_utc(ctx, monday), local_midnight_utc(ctx, monday, 5), true);
        json days = json::array();
        for (int i = 0; i < 5; ++i) {
            const std::string d = plus_days(monday, i);
            json cells = json::array();
            for (const auto& s : sessions) {
                if (local_date(ctx, s.starts_at) == d) {
                    cells.push_back(session_json(ctx, s, lang));
                }
            }
            const auto t = local_to_utc(d, "12:00", 0);
            const unsigned wd =
                std::chrono::weekday(std::chrono::floor<std::chrono::days>(*t)).c_encoding();
            days.push_back({{"label", text("weekday_" + std::to_string(wd), lang)},
                            {"date", d.substr(8, 2) + "-" + d.substr(5, 2) + "-" + d.substr(0, 4)},
                            {"today", d == today(ctx)},
                            {"sessions", cells},
                            {"empty", cells.empty()}});
        }
        const std::string friday = plus_days(monday, 4);
        model["days"] = days;
        model["week_title"] =
            text("schedule_week_of", lang,
                 monday.substr(8, 2) + "-" + monday.substr(5, 2) + "-" + monday.substr(0, 4),
                 friday.substr(8, 2) + "-" + friday.substr(5, 2) + "-" + friday.substr(0, 4));
        model["prev_url"] = "/console/schedule?view=week&week=" + plus_days(monday, -7);
        model["next_url"] = "/console/schedule?view=week&week=" + plus_days(monday, 7);
        model["this_url"] = "/console/schedule?view=week";
        model["csv_url"] = "/console/schedule.csv" + query({{"from", monday}, {"to", friday}});
        title = text("schedule_week", lang);
    } else {
        json rows = json::array();
        for (const auto& s :
             ctx.storage.schedule_sessions(local_midnight_utc(ctx, today(ctx)), "", false)) {
            rows.push_back(session_json(ctx, s, lang));
        }
        model["sessions"] = rows;
        model["empty"] = rows.empty();
        model["week_url"] = "/console/schedule?view=week";
        model["csv_url"] = "/console/schedule.csv" + query({{"from", today(ctx)}});
    }
    model["today"] = today(ctx);
    page(res, status, v, "schedule", model, title);
}

void get_list(Console& c, const httplib::Request& req, httplib::Response& res) {
    if (const auto v = visit(c, req, res)) {
        list_page(c, req, res, *v, 200, {});
    }
}

// A visit that may change the book (a POST with its CSRF token), or nothing answered.
std::optional<Visit> planner(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto v = visit(c, req, res);
    if (!v || !csrf_ok(c, *v, req, res)) {
        return std::nullopt;
    }
    if (!may_plan(*v)) {
        c.ctx.storage.audit(v->actor(), "console.schedule_forbidden", "", req.path,
                            c.ctx.now_text());
        message_page(res, 403, *v, text("error_title", v->lang),
                     text("schedule_not_yours", v->lang));
        return std::nullopt;
    }
    return v;
}

void post_add(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = planner(c, req, res);
    if (!v) {
        return;
    }
    SessionForm form = SessionForm::from(req);
    ScheduleSession s;
    if (!form.parse(c.ctx, v->lang, s)) {
        list_page(c, req, res, *v, 422, form);
        return;
    }
    const auto made = c.ctx.storage.add_schedule_session(s, v->actor(), c.ctx.now_text());
    see_other(res, "/console/schedule/" + std::to_string(made.id) + "?m=added");
}

void wake_mailer(Console& c) {
    if (c.ctx.mailer) {
        c.ctx.mailer->wake();
    }
}

struct Loaded {
    Visit visit;
    ScheduleSession session;
};

std::optional<ScheduleSession> session_of(Console& c, const httplib::Request& req) {
    std::int64_t id = 0;
    try {
        id = std::stoll(std::string(req.matches[1]));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return c.ctx.storage.schedule_session(id);
}

void session_page(Console& c, const httplib::Request& req, httplib::Response& res, const Visit& v,
                  const ScheduleSession& s, int status, const std::string& ok,
                  const std::string& error, const SessionForm* edit = nullptr,
                  const std::string& receipt = "") {
    auto& ctx = c.ctx;
    const auto lang = v.lang;
    (void)req;
    json people = json::array();
    for (const auto& a : ctx.storage.schedule_assignments(s.id)) {
        people.push_back({{"receipt_no", a.receipt_no},
                          {"url", "/console/cases/" + a.receipt_no},
                          {"name", a.applicant_name},
                          {"work_unit", a.work_unit},
                          {"status", std::string(domain::to_code(a.status))},
                          {"status_label", std::string(domain::label(a.status, lang))},
                          {"assigned_by", a.assigned_by},
                          {"assigned_at", local_time(ctx, a.assigned_at)}});
    }
    json waiting = json::array();
    if (s.cancelled_at.empty()) {
        const std::vector<domain::CaseStatus> statuses(std::begin(kScheduleStatuses),
                                                       std::end(kScheduleStatuses));
        for (const auto& r : ctx.storage.unscheduled_cases(statuses, kWaitingShown)) {
            waiting.push_back({{"receipt_no", r.receipt_no},
                               {"url", "/console/cases/" + r.receipt_no},
                               {"name", r.applicant_name},
                               {"work_unit", r.work_unit},
                               {"status_label", std::string(domain::label(r.status, lang))}});
        }
    }
    SessionForm form;
    if (edit) {
        form = *edit;
    } else {
        form.date = local_date(ctx, s.starts_at);
        form.start = local_hhmm(ctx, s.starts_at);
        form.end = local_hhmm(ctx, s.ends_at);
        form.place = s.place;
        form.capacity = std::to_string(s.capacity);
        form.note = s.note;
    }
    const std::string base = "/console/schedule/" + std::to_string(s.id);
    page(res, status, v, "schedule_session",
         {{"s", session_json(ctx, s, lang)},
          {"people", people},
          {"has_people", !people.empty()},
          {"waiting", waiting},
          {"has_waiting", !waiting.empty()},
          {"may_plan", may_plan(v) && s.cancelled_at.empty()},
          {"open", s.cancelled_at.empty()},
          {"full", s.places_left() == 0},
          {"base", base},
          {"receipt", receipt},
          {"form", form.to_json()},
          {"mail_on", ctx.options.mail.enabled()},
          {"week_url", "/console/schedule?view=week&week=" + local_date(ctx, s.starts_at)},
          {"ok", ok},
          {"error", error}},
         text("schedule_session_title", lang, day_label(ctx, s.starts_at, lang)));
}

std::string banner_text(const std::string& m, domain::Lang lang) {
    for (const char* k : {"added", "assigned", "moved", "unassigned", "changed", "cancelled"}) {
        if (m == k) {
            return text(std::string("schedule_done_") + k, lang);
        }
    }
    return "";
}

void get_session(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    const auto s = session_of(c, req);
    if (!s) {
        message_page(res, 404, *v, text("error_title", v->lang), text("schedule_missing", v->lang));
        return;
    }
    session_page(c, req, res, *v, *s, 200, banner_text(param(req, "m"), v->lang), "");
}

// The loaded session for a POST that changes it, or nothing answered.
std::optional<Loaded> load_for_change(Console& c, const httplib::Request& req,
                                      httplib::Response& res) {
    auto v = planner(c, req, res);
    if (!v) {
        return std::nullopt;
    }
    auto s = session_of(c, req);
    if (!s) {
        message_page(res, 404, *v, text("error_title", v->lang), text("schedule_missing", v->lang));
        return std::nullopt;
    }
    if (!s->cancelled_at.empty()) {
        session_page(c, req, res, *v, *s, 409, "", text("schedule_is_cancelled", v->lang));
        return std::nullopt;
    }
    return Loaded{std::move(*v), std::move(*s)};
}

void post_assign(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto l = load_for_change(c, req, res);
    if (!l) {
        return;
    }
    auto& ctx = c.ctx;
    const auto lang = l->visit.lang;
    std::string receipt = param(req, "receipt").substr(0, 60);
    while (!receipt.empty() && receipt.back() == ' ') {
        receipt.pop_back();
    }
    while (!receipt.empty() && receipt.front() == ' ') {
        receipt.erase(0, 1);
    }
    for (char& ch : receipt) {
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    const auto d = receipt.empty() ? std::nullopt : ctx.storage.case_by_receipt(receipt);
    if (!d) {
        session_page(c, req, res, l->visit, l->session, 422, "",
                     text("schedule_no_receipt", lang, receipt), nullptr, receipt);
        return;
    }
    bool waiting = false;
    for (const auto st : kScheduleStatuses) {
        waiting = waiting || d->row.status == st;
    }
    if (!waiting) {
        session_page(c, req, res, l->visit, l->session, 422, "",
                     text("schedule_not_waiting", lang, receipt,
                          std::string(domain::label(d->row.status, lang))),
                     nullptr, receipt);
        return;
    }
    using O = Storage::ScheduleAssign::Outcome;
    const auto now = ctx.clock.now();
    const auto r = ctx.storage.assign_schedule(l->session.id, d->row.case_id, l->visit.actor(),
                                               ctx.now_text());
    switch (r.outcome) {
        case O::kAssigned:
            break;
        case O::kAlreadyThere:
            see_other(res, "/console/schedule/" + std::to_string(l->session.id) + "?m=assigned");
            return;
        case O::kFull: {
            const auto fresh = ctx.storage.schedule_session(l->session.id);
            session_page(c, req, res, l->visit, fresh ? *fresh : l->session, 409, "",
                         text("schedule_is_full", lang), nullptr, receipt);
            return;
        }
        case O::kCancelled:
        case O::kNoSession:
        case O::kNoCase: {
            const auto fresh = ctx.storage.schedule_session(l->session.id);
            session_page(c, req, res, l->visit, fresh ? *fresh : l->session, 409, "",
                         text("schedule_is_cancelled", lang), nullptr, receipt);
            return;
        }
    }
    const auto fresh = ctx.storage.schedule_session(l->session.id);
    queue_invitation(ctx.storage, ctx.options.mail, fresh ? *fresh : l->session, r.assignment, now);
    if (r.moved_from) {
        if (const auto old = ctx.storage.schedule_session(r.moved_from->session_id)) {
            queue_invitation(ctx.storage, ctx.options.mail, *old, *r.moved_from, now, true);
        }
    }
    wake_mailer(c);
    see_other(res, "/console/schedule/" + std::to_string(l->session.id) +
                       (r.moved_from ? "?m=moved" : "?m=assigned"));
}

void post_unassign(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto l = load_for_change(c, req, res);
    if (!l) {
        return;
    }
    auto& ctx = c.ctx;
    const std::string receipt = param(req, "receipt").substr(0, 60);
    const auto d = ctx.storage.case_by_receipt(receipt);
    const auto ended = d ? ctx.storage.unassign_schedule(l->session.id, d->row.case_id,
                                                         l->visit.actor(), ctx.now_text())
                         : std::nullopt;
    if (!ended) {
        session_page(c, req, res, l->visit, l->session, 422, "",
                     text("schedule_not_in", l->visit.lang, receipt));
        return;
    }
    queue_invitation(ctx.storage, ctx.options.mail, l->session, *ended, ctx.clock.now(), true);
    wake_mailer(c);
    see_other(res, "/console/schedule/" + std::to_string(l->session.id) + "?m=unassigned");
}

void post_cancel(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto l = load_for_change(c, req, res);
    if (!l) {
        return;
    }
    auto& ctx = c.ctx;
    if (!ctx.storage.cancel_schedule_session(l->session.id, l->visit.actor(), ctx.now_text())) {
        const auto fresh = ctx.storage.schedule_session(l->session.id);
        session_page(c, req, res, l->visit, fresh ? *fresh : l->session, 409, "",
                     text("schedule_is_cancelled", l->visit.lang));
        return;
    }
    const auto now = ctx.clock.now();
    for (const auto& a : ctx.storage.schedule_assignments(l->session.id)) {
        queue_invitation(ctx.storage, ctx.options.mail, l->session, a, now, true);
    }
    wake_mailer(c);
    see_other(res, "/console/schedule/" + std::to_string(l->session.id) + "?m=cancelled");
}

void post_change(Console& c, const httplib::Request& req, httplib::Response& res) {
    auto l = load_for_change(c, req, res);
    if (!l) {
        return;
    }
    auto& ctx = c.ctx;
    const auto lang = l->visit.lang;
    SessionForm form = SessionForm::from(req);
    ScheduleSession s = l->session;
    if (!form.parse(ctx, lang, s)) {
        session_page(c, req, res, l->visit, l->session, 422, "", form.error, &form);
        return;
    }
    if (s.starts_at == l->session.starts_at && s.ends_at == l->session.ends_at &&
        s.place == l->session.place && s.capacity == l->session.capacity &&
        s.note == l->session.note) {
        see_other(res, "/console/schedule/" + std::to_string(s.id));
        return;
    }
    std::optional<ScheduleSession> changed;
    try {
        changed = ctx.storage.change_schedule_session(s, l->visit.actor(), ctx.now_text());
    } catch (const StorageError& e) {
        if (e.kind() != StorageError::Kind::kRefused) {
            throw;
        }
        form.field = "capacity";
        form.error = text("schedule_capacity_below", lang, std::to_string(l->session.assigned));
        session_page(c, req, res, l->visit, l->session, 409, "", form.error, &form);
        return;
    }
    if (!changed) {
        session_page(c, req, res, l->visit, l->session, 409, "",
                     text("schedule_is_cancelled", lang));
        return;
    }
    // The time or the place changed: everyone in it gets the new invitation.
    if (changed->starts_at != l->session.starts_at || changed->ends_at != l->session.ends_at ||
        changed->place != l->session.place || changed->note != l->session.note) {
        const auto now = ctx.clock.now();
        for (const auto& a : ctx.storage.schedule_assignments(changed->id)) {
            queue_invitation(ctx.storage, ctx.options.mail, *changed, a, now);
        }
        wake_mailer(c);
    }
    see_other(res, "/console/schedule/" + std::to_string(s.id) + "?m=changed");
}

void get_csv(Console& c, const httplib::Request& req, httplib::Response& res) {
    const auto v = visit(c, req, res);
    if (!v) {
        return;
    }
    auto& ctx = c.ctx;
    const std::string from = param(req, "from"), to = param(req, "to");
    const std::string from_utc = from.empty() ? "" : local_midnight_utc(ctx, from);
    const std::string before_utc = to.empty() ? "" : local_midnight_utc(ctx, to, 1);
    if ((!from.empty() && from_utc.empty()) || (!to.empty() && before_utc.empty())) {
        message_page(res, 400, *v, text("error_title", v->lang),
                     text("schedule_bad_date", v->lang));
        return;
    }
    const std::string body =
        schedule_csv(ctx.storage, from_utc, before_utc, ctx.options.utc_offset_minutes);
    ctx.storage.audit(v->actor(), "schedule.export", "", "from " + from + " to " + to,
                      ctx.now_text());
    secure_headers(res);
    res.set_header("Content-Disposition", "attachment; filename=\"jadwal" +
                                              (from.empty() ? "" : "-" + from) +
                                              (to.empty() ? "" : "-" + to) + ".csv\"");
    res.set_content(body, "text/csv; charset=utf-8");
}

}  // namespace

json schedule_json(Console& c, const Visit& v, const CaseDetail& d) {
    const auto a = c.ctx.storage.schedule_of_case(d.row.case_id);
    if (!a) {
        return false;
    }
    const auto s = c.ctx.storage.schedule_session(a->session_id);
    if (!s) {
        return false;
    }
    json j = session_json(c.ctx, *s, v.lang);
    j["assigned_by"] = a->assigned_by;
    j["assigned_at"] = local_time(c.ctx, a->assigned_at);
    return j;
}

void add_schedule_pages(httplib::Server& s, Console& c) {
    const std::string id = "/console/schedule/([0-9]{1,18})";
    s.Get("/console/schedule", [&c](const auto& q, auto& r) { get_list(c, q, r); });
    s.Post("/console/schedule", [&c](const auto& q, auto& r) { post_add(c, q, r); });
    s.Get("/console/schedule\\.csv", [&c](const auto& q, auto& r) { get_csv(c, q, r); });
    s.Get(id, [&c](const auto& q, auto& r) { get_session(c, q, r); });
    s.Post(id, [&c](const auto& q, auto& r) { post_change(c, q, r); });
    s.Post(id + "/assign", [&c](const auto& q, auto& r) { post_assign(c, q, r); });
    s.Post(id + "/unassign", [&c](const auto& q, auto& r) { post_unassign(c, q, r); });
    s.Post(id + "/cancel", [&c](const auto& q, auto& r) { post_cancel(c, q, r); });
}

}  // namespace anjungan::office::console
