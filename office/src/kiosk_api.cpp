// The kiosk API (see server.hpp): health, resumable blob uploads, cases, the status feed and
// the kiosks' keys.
#include <spdlog/spdlog.h>
#include <sys/statvfs.h>

#include <filesystem>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/sync/protocol.hpp"
#include "http_common.hpp"

namespace anjungan::office::api {

namespace fs = std::filesystem;

namespace {

void head_blob(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (ctx.fault(req, res, false)) {
        return;
    }
    const auto kiosk = ctx.authenticate(req, res);
    if (!kiosk) {
        return;
    }
    const std::string sha = req.matches[1];
    // The kiosk's own partial upload, never another's (whose offset is not its business).
    const auto st = ctx.blobs.state(sha, kiosk->kiosk_id);
    if (!st.held_by.empty()) {
        refuse(res, 409, "upload_in_progress",
               "another kiosk's upload of this blob is under way; try again later");
        res.set_header(std::string(sync::kHeaderUploadOffset), "0");
        return;
    }
    if (!st.known) {
        res.status = 404;
        res.set_header(std::string(sync::kHeaderUploadOffset), "0");
        return;
    }
    res.status = 200;
    res.set_header(std::string(sync::kHeaderUploadOffset), std::to_string(st.offset));
    res.set_header(std::string(sync::kHeaderUploadComplete), st.complete ? "1" : "0");
    if (req.method == "GET" && st.complete) {
        // GET by a kiosk is not part of the protocol; staff read blobs through their API.
        res.status = 405;
    }
    ctx.fault(req, res, true);
}

void patch_blob(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (ctx.fault(req, res, false)) {
        return;
    }
    const auto kiosk = ctx.authenticate(req, res);
    if (!kiosk) {
        return;
    }
    const std::string sha = req.matches[1];
    const auto offset = parse_u64(req.get_header_value(std::string(sync::kHeaderUploadOffset)));
    const auto total = parse_u64(req.get_header_value(std::string(sync::kHeaderUploadLength)));
    if (!offset || !total) {
        refuse(res, 400, "bad_upload", "PATCH needs Upload-Offset and Upload-Length");
        return;
    }
    const auto p =
        ctx.blobs.append(sha, *offset, *total, bytes_of(req.body), t_body_sha256, kiosk->kiosk_id);
    res.set_header(std::string(sync::kHeaderUploadOffset), std::to_string(p.state.offset));
    using R = BlobStore::Patch::Result;
    switch (p.result) {
        case R::kOk:
            reply(res, 200,
                  {{"sha256", sha}, {"offset", p.state.offset}, {"complete", p.state.complete}});
            break;
        case R::kOffsetMismatch: {
            json body = sync::error_body(sync::kErrOffsetMismatch, p.message);
            body["offset"] = p.state.offset;
            reply(res, 409, body);
            break;
        }
        case R::kHashMismatch:
            refuse(res, 422, sync::kErrHashMismatch, p.message);
            break;
        case R::kTooLarge:
            refuse(res, 413, "too_large", p.message);
            break;
        case R::kBadRequest:
            refuse(res, 400, "bad_upload", p.message);
            break;
        // Each of these passes: the kiosk keeps the case and tries again later (5xx and 409
        // are "retry" to sync::classify).
        case R::kHeldByOther:
            refuse(res, 409, "upload_in_progress", p.message);
            break;
        case R::kQuotaExceeded:
            refuse(res, 507, "quota_exceeded", p.message);
            break;
        case R::kInsufficientStorage:
            refuse(res, 507, "insufficient_storage", p.message);
            break;
    }
    ctx.fault(req, res, true);
}

void answer_known(Context& ctx, const httplib::Request& req, httplib::Response& res,
                  const Storage::Idempotent& known, const std::string& body_sha) {
    if (known.body_sha256 != body_sha) {
        refuse(res, 422, sync::kErrIdempotencyConflict,
               "case id " + req.get_header_value(std::string(sync::kHeaderIdempotencyKey)) +
                   " was accepted before with different content; a case id is never reused");
        return;
    }
    res.status = known.answer.status;
    res.set_header(std::string(sync::kHeaderReplayed), "true");
    res.set_content(known.answer.body, "application/json");
    ctx.fault(req, res, true);
}

// What makes a case unacceptable whatever is retried: an empty string when it is fine.
std::string case_problem(const Context& ctx, const sync::CasePayload& c) {
    if (!platform::is_uuid(c.case_id)) {
        return "case id '" + c.case_id + "' is not a lower-case UUID";
    }
    const auto r = domain::parse_receipt_number(c.receipt_no);
    if (!r || r->text != c.receipt_no) {
        return "receipt number '" + c.receipt_no + "' is not valid (check character)";
    }
    if (r->kiosk_id != c.kiosk_id) {
        return "receipt number " + c.receipt_no + " is not one of kiosk " + c.kiosk_id + "'s";
    }
    int ktp = 0, selfie = 0, sk = 0, letter = 0;
    for (const auto& a : c.attachments) {
        ktp += a.kind == "ktp";
        selfie += a.kind == "selfie";
        sk += a.kind == "sk";
        letter += a.kind == "letter";
        if (a.size == 0) {
            return "attachment " + a.kind + " page " + std::to_string(a.page) + " is empty";
        }
    }
    if (ktp != 1 || selfie != 1 || sk < 1 || letter < 1) {
        return "the documents are incomplete: one KTP, one selfie, the SK and the letter "
               "are needed";
    }
    domain::Applicant a;
    try {
        a = c.applicant.get<domain::Applicant>();
    } catch (const std::exception& e) {
        return std::string("applicant: ") + e.what();
    }
    platform::CivilDate today = platform::civil_date(ctx.clock.now(), 7 * 60);
    domain::ApplicantRules rules;
    rules.address_parts = false;  // kiosks before the address in parts sent one line
    const auto check = domain::check_applicant(a, rules, today);
    if (!check.valid()) {
        std::string why = "applicant:";
        for (const auto& p : check.errors) {
            why += " " + p.field + " (" + p.problem.code + ")";
        }
        return why;
    }
    return {};
}

void post_case(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (ctx.fault(req, res, false)) {
        return;
    }
    const auto kiosk = ctx.authenticate(req, res);
    if (!kiosk) {
        return;
    }
    if (!sync::json_depth_within(req.body, sync::kMaxJsonDepth)) {
        refuse(res, 400, "invalid_case",
               "the body nests deeper than " + std::to_string(sync::kMaxJsonDepth) + " levels");
        return;
    }
    const json body = sync::parse_untrusted(req.body);
    sync::CasePayload c;
    std::string signature;
    try {
        if (!body.is_object() || !body.contains("case") || !body.contains("signature") ||
            !body["signature"].is_string()) {
            throw sync::ProtocolError("the body must be {\"case\": {...}, \"signature\": \"...\"}");
        }
        c = sync::case_from_json(body["case"]);
        signature = body["signature"].get<std::string>();
    } catch (const sync::ProtocolError& e) {
        refuse(res, 400, "invalid_case", e.what());
        return;
    }
    const std::string key = req.get_header_value(std::string(sync::kHeaderIdempotencyKey));
    if (key.empty() || key != c.case_id) {
        refuse(res, 400, "idempotency_key",
               "Idempotency-Key must be the case id (" + c.case_id + ")");
        return;
    }
    if (c.kiosk_id != kiosk->kiosk_id) {
        refuse(res, 422, "kiosk_mismatch",
               "case of kiosk " + c.kiosk_id + " sent by kiosk " + kiosk->kiosk_id);
        return;
    }
    const std::string signed_text = sync::case_signing_text(c);
    const auto pub = platform::from_base64url(kiosk->public_key);
    const auto sig = platform::from_base64url(signature);
    if (!pub || !sig || !platform::verify_signature(*pub, bytes_of(signed_text), *sig)) {
        refuse(res, 422, "bad_case_signature",
               "the case is not signed by kiosk " + kiosk->kiosk_id + "'s key");
        return;
    }
    const std::string body_sha = platform::sha256_hex(bytes_of(signed_text));
    if (const auto known = ctx.storage.idempotent(key)) {
        answer_known(ctx, req, res, *known, body_sha);
        return;
    }
    if (const std::string why = case_problem(ctx, c); !why.empty()) {
        refuse(res, 422, "invalid_case", why);
        return;
    }
    json missing = json::array();
    for (const auto& a : c.attachments) {
        const auto st = ctx.blobs.state(a.sha256, kiosk->kiosk_id);
        if (!st.complete || st.offset != a.size) {
            missing.push_back(a.sha256);
        }
    }
    if (!missing.empty()) {
        json out = sync::error_body(
            sync::kErrMissingBlobs,
            std::to_string(missing.size()) + " attachment(s) not uploaded (completely) yet");
        out["missing"] = missing;
        reply(res, 409, out);
        return;
    }
    const auto now = ctx.clock.now();
    const std::string at = platform::format_utc(now);
    Storage::Accepted acc;
    try {
        acc = ctx.storage.accept_case(
            c, signature, body_sha, at,
            deadline_for(domain::CaseStatus::kReceived, now, "", ctx.options.working),
            [&](std::int64_t seq) {
                return sync::to_json(sync::CaseAck{c.case_id, c.receipt_no, "received", at, seq})
                    .dump();
            });
    } catch (const StorageError& e) {
        if (e.kind() == StorageError::Kind::kRefused) {
            refuse(res, 422, "invalid_case", e.what());
            return;
        }
        throw;
    }
    if (acc.replay) {
        answer_known(ctx, req, res, {acc.body_sha256, acc.answer}, body_sha);
        return;
    }
    {
        // The case holds its blobs now: they leave the kiosk's quota.
        std::vector<std::string> held;
        for (const auto& a : c.attachments) {
            held.push_back(a.sha256);
        }
        ctx.blobs.settle(kiosk->kiosk_id, held);
    }
    spdlog::info(json{
        {"event", "case.accepted"},
        {"case_id", c.case_id},
        {"receipt_no", c.receipt_no},
        {"kiosk_id", c.kiosk_id},
        {"seq",
         acc.seq}}.dump());
    res.status = acc.answer.status;
    res.set_content(acc.answer.body, "application/json");
    ctx.fault(req, res, true);
}

void status_feed(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (ctx.fault(req, res, false)) {
        return;
    }
    const auto kiosk = ctx.authenticate(req, res);
    if (!kiosk) {
        return;
    }
    const auto since = parse_u64(req.has_param("since") ? req.get_param_value("since") : "0");
    const auto limit = parse_u64(req.has_param("limit") ? req.get_param_value("limit") : "500");
    if (!since || !limit || *limit == 0) {
        refuse(res, 400, "bad_query", "since and limit must be whole numbers (limit > 0)");
        return;
    }
    const auto page = ctx.storage.feed(kiosk->kiosk_id, static_cast<std::int64_t>(*since),
                                       static_cast<int>(std::min<std::uint64_t>(*limit, 1000)));
    reply(res, 200, sync::to_json(page));
    ctx.fault(req, res, true);
}

void keys(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!ctx.authenticate(req, res)) {
        return;
    }
    json list = json::array();
    for (const auto& k : ctx.storage.kiosks()) {
        list.push_back(
            {{"kiosk_id", k.kiosk_id}, {"public_key", k.public_key}, {"active", k.active}});
    }
    reply(res, 200, {{"keys", list}});
}

void health(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    json j{{"status", "ok"}, {"service", "anjungan-office"}, {"time", ctx.now_text()}};
    try {
        const auto c = ctx.storage.counts(ctx.now_text());
        j["kiosks"] = c.kiosks;
        j["cases"] = c.cases;
        j["open_cases"] = c.open_cases;
        j["overdue"] = c.overdue;
        j["last_seq"] = c.last_seq;
        j["database"] = "ok";
    } catch (const std::exception& e) {
        j["status"] = "degraded";
        j["database"] = e.what();
    }
    struct statvfs vfs {};
    if (::statvfs(ctx.blobs.path(std::string(64, '0')).parent_path().parent_path().c_str(), &vfs) ==
        0) {
        j["free_disk_bytes"] = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
    }
    j["ok"] = j["status"] == "ok";
    // The counts and the free disk for staff only; anyone else (a kiosk's probe needs no more)
    // learns that the office answers, and whether it is well.
    const std::string auth = req.get_header_value("Authorization");
    const auto who =
        auth.rfind("Bearer ", 0) == 0
            ? ctx.storage.staff_by_token_hash(platform::sha256_hex(auth.substr(7)), ctx.now_text())
            : std::nullopt;
    if (who) {
        t_actor = who->name;
    } else {
        j = json{{"ok", j["ok"]}, {"status", j["status"]}, {"service", j["service"]}};
    }
    reply(res, j["ok"] ? 200 : 503, j);
}

}  // namespace

void add_kiosk_api(httplib::Server& s, Context& ctx) {
    const std::string sha = kSha256Route;
    s.Get("/v1/health", [&ctx](const auto& q, auto& r) { health(ctx, q, r); });
    // cpp-httplib 0.11 routes HEAD to the GET handlers (it has no Server::Head).
    s.Get("/v1/blobs/" + sha, [&ctx](const auto& q, auto& r) { head_blob(ctx, q, r); });
    s.Patch("/v1/blobs/" + sha, [&ctx](const auto& q, auto& r) { patch_blob(ctx, q, r); });
    s.Post("/v1/cases", [&ctx](const auto& q, auto& r) { post_case(ctx, q, r); });
    s.Get("/v1/status", [&ctx](const auto& q, auto& r) { status_feed(ctx, q, r); });
    s.Get("/v1/keys", [&ctx](const auto& q, auto& r) { keys(ctx, q, r); });
}

}  // namespace anjungan::office::api
