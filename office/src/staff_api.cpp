// The staff API (see server.hpp): cases listed, read and moved along the SOP, attachments read;
// every request with a staff member's bearer token.
#include <spdlog/spdlog.h>

#include "anjungan/office/service.hpp"
#include "anjungan/sync/protocol.hpp"
#include "http_common.hpp"

namespace anjungan::office::api {

namespace {

// A refusal of the request's `field`: 400 bad_request, the field named in the body too.
void refuse_field(httplib::Response& res, const std::string& field, const std::string& why) {
    json body = sync::error_body("bad_request", field + ": " + why);
    body["field"] = field;
    reply(res, 400, body);
    res.set_header(std::string(sync::kHeaderError), "bad_request");
}

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
    const std::string overdue = req.has_param("overdue") ? req.get_param_value("overdue") : "0";
    if (overdue != "0" && overdue != "1") {
        refuse_field(res, "overdue", "must be 0 or 1");
        return;
    }
    f.overdue_only = overdue == "1";
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

// The limits of the console's form (console/cases.cpp), refused here rather than cut.
constexpr std::size_t kMaxNote = 2000;
constexpr std::size_t kMaxReason = 300;
constexpr std::size_t kMaxReasons = 20;

// The body of an advance as a Move (to, note, reasons), or nothing with the refusal written.
std::optional<Move> move_of(const httplib::Request& req, httplib::Response& res) {
    const json body = sync::parse_untrusted(req.body);
    if (!body.is_object()) {
        refuse_field(res, "body", "must be a JSON object {\"to\": STATUS, \"note\", \"reasons\"}");
        return std::nullopt;
    }
    for (const auto& [key, value] : body.items()) {
        if (key != "to" && key != "note" && key != "reasons") {
            refuse_field(res, key, "unknown field (to, note, reasons)");
            return std::nullopt;
        }
    }
    if (!body.contains("to") || !body["to"].is_string()) {
        refuse_field(res, "to", "must be a status code (a string)");
        return std::nullopt;
    }
    const auto to = domain::status_from_code(body["to"].get<std::string>());
    if (!to) {
        refuse(res, 400, "bad_status", "unknown status " + body["to"].get<std::string>());
        return std::nullopt;
    }
    Move m;
    m.to = *to;
    if (body.contains("note")) {
        if (!body["note"].is_string()) {
            refuse_field(res, "note", "must be a string");
            return std::nullopt;
        }
        m.note = body["note"].get<std::string>();
        if (m.note.size() > kMaxNote) {
            refuse_field(res, "note", "at most " + std::to_string(kMaxNote) + " bytes");
            return std::nullopt;
        }
    }
    if (body.contains("reasons")) {
        const json& reasons = body["reasons"];
        if (!reasons.is_array() || reasons.size() > kMaxReasons) {
            refuse_field(res, "reasons",
                         "must be a list of at most " + std::to_string(kMaxReasons) + " strings");
            return std::nullopt;
        }
        for (std::size_t i = 0; i < reasons.size(); ++i) {
            const std::string field = "reasons[" + std::to_string(i) + "]";
            if (!reasons[i].is_string() || reasons[i].get<std::string>().empty() ||
                reasons[i].get<std::string>().size() > kMaxReason) {
                refuse_field(res, field,
                             "must be a string of 1 to " + std::to_string(kMaxReason) + " bytes");
                return std::nullopt;
            }
            m.reasons.push_back(reasons[i].get<std::string>());
        }
    }
    return m;
}

void staff_advance(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto who = ctx.staff(req, res);
    if (!who) {
        return;
    }
    auto m = move_of(req, res);
    if (!m) {
        return;
    }
    m->role = who->role;
    m->actor = who->name;
    const auto r =
        advance_case(ctx.storage, req.matches[1], *m, ctx.clock.now(), ctx.options.working);
    if (r.http != 200) {
        refuse(res, r.http, r.code, r.message);
        return;
    }
    spdlog::info(json{{"event", "case.advanced"}, {"by", who->name}, {"what", r.message}}.dump());
    reply(res, 200, case_detail_json(*r.detail, ctx.clock.now()));
}

// Only a blob that is an attachment of a case is served (every role sees every case, as in
// the console), and each read is audited under that case; an orphan upload is nobody's to read.
void staff_blob(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto who = ctx.staff(req, res);
    if (!who) {
        return;
    }
    const std::string sha = req.matches[1];
    const auto holders = ctx.storage.cases_with_blob(sha);
    if (holders.empty() || !ctx.blobs.has(sha)) {
        refuse(res, 404, "not_found", "no attachment of any case is blob " + sha);
        return;
    }
    const auto data = ctx.blobs.read(sha);
    ctx.storage.audit(who->name, "blob.view", holders.front().case_id, sha, ctx.now_text());
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
