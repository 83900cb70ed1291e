// The staff API (see server.hpp): cases listed, read and moved along the SOP, attachments read;
// every request with a staff member's bearer token.
#include <spdlog/spdlog.h>

#include "anjungan/office/service.hpp"
#include "http_common.hpp"

namespace anjungan::office::api {

namespace {

void staff_cases(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!ctx.staff(req, res)) {
        return;
    }
    CaseFilter f;
    if (req.has_param("status")) {
        f.status = domain::status_from_code(req.get_param_value("status"));
        if (!f.status) {
            refuse(res, 400, "bad_status", "unknown status " + req.get_param_value("status"));
            return;
        }
    }
    f.overdue_only = req.has_param("overdue") && req.get_param_value("overdue") == "1";
    f.now = ctx.now_text();
    json out = json::array();
    for (const auto& row : ctx.storage.cases(f)) {
        out.push_back(case_row_json(row, ctx.clock.now()));
    }
    reply(res, 200, out);
}

void staff_case(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto who = ctx.staff(req, res);
    if (!who) {
        return;
    }
    const auto d = ctx.storage.case_by_receipt(req.matches[1]);
    if (!d) {
        refuse(res, 404, "not_found", "no case with receipt number " + std::string(req.matches[1]));
        return;
    }
    ctx.storage.audit(who->name, "case.view", d->row.case_id, "", ctx.now_text());
    reply(res, 200, case_detail_json(*d, ctx.clock.now()));
}

void staff_advance(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto who = ctx.staff(req, res);
    if (!who) {
        return;
    }
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("to") || !body["to"].is_string()) {
        refuse(res, 400, "bad_request", "the body must be {\"to\": STATUS, \"note\", \"reasons\"}");
        return;
    }
    const auto to = domain::status_from_code(body["to"].get<std::string>());
    if (!to) {
        refuse(res, 400, "bad_status", "unknown status " + body["to"].get<std::string>());
        return;
    }
    Move m;
    m.to = *to;
    m.role = who->role;
    m.actor = who->name;
    m.note = body.value("note", "");
    if (body.contains("reasons") && body["reasons"].is_array()) {
        for (const auto& r : body["reasons"]) {
            if (r.is_string()) {
                m.reasons.push_back(r.get<std::string>());
            }
        }
    }
    const auto r =
        advance_case(ctx.storage, req.matches[1], m, ctx.clock.now(), ctx.options.working);
    if (r.http != 200) {
        refuse(res, r.http, r.code, r.message);
        return;
    }
    spdlog::info(json{{"event", "case.advanced"}, {"by", who->name}, {"what", r.message}}.dump());
    reply(res, 200, case_detail_json(*r.detail, ctx.clock.now()));
}

void staff_blob(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto who = ctx.staff(req, res);
    if (!who) {
        return;
    }
    const std::string sha = req.matches[1];
    if (!ctx.blobs.has(sha)) {
        refuse(res, 404, "not_found", "no blob " + sha);
        return;
    }
    const auto data = platform::read_file(ctx.blobs.path(sha));
    ctx.storage.audit(who->name, "blob.view", "", sha, ctx.now_text());
    res.status = 200;
    res.set_content(std::string(data.begin(), data.end()), "application/octet-stream");
}

}  // namespace

void add_staff_api(httplib::Server& s, Context& ctx) {
    const std::string sha = kSha256Route;
    s.Get("/v1/staff/cases", [&ctx](const auto& q, auto& r) { staff_cases(ctx, q, r); });
    s.Get("/v1/staff/cases/([0-9A-Z-]+)",
          [&ctx](const auto& q, auto& r) { staff_case(ctx, q, r); });
    s.Post("/v1/staff/cases/([0-9A-Z-]+)/advance",
           [&ctx](const auto& q, auto& r) { staff_advance(ctx, q, r); });
    s.Get("/v1/staff/blobs/" + sha, [&ctx](const auto& q, auto& r) { staff_blob(ctx, q, r); });
}

}  // namespace anjungan::office::api
