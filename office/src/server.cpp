#include "anjungan/office/server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/statvfs.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/office/service.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/sync/protocol.hpp"

namespace anjungan::office {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

void reply(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void refuse(httplib::Response& res, int status, std::string_view code, const std::string& why) {
    reply(res, status, sync::error_body(code, why));
    // Also as a header: the answer to a HEAD request carries no body.
    res.set_header(std::string(sync::kHeaderError), std::string(code));
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::optional<std::uint64_t> parse_u64(const std::string& text) {
    if (text.empty() || text.size() > 19 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoull(text);
}

thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local std::string t_actor;
thread_local std::string t_body_sha256;  // the request body's hash, taken by authenticate()

}  // namespace

struct OfficeServer::Impl {
    ServerOptions options;
    Storage& storage;
    BlobStore& blobs;
    const platform::Clock& clock;
    std::unique_ptr<httplib::Server> http;
    std::thread thread;
    int port = 0;

    Impl(ServerOptions o, Storage& s, BlobStore& b, const platform::Clock& c)
        : options(std::move(o)), storage(s), blobs(b), clock(c) {}

    std::string now_text() const { return platform::format_utc(clock.now()); }

    // The kiosk a request is signed by, or nothing with the refusal already written.
    std::optional<KioskRecord> authenticate(const httplib::Request& req, httplib::Response& res) {
        const std::string kiosk_id = req.get_header_value(std::string(sync::kHeaderKiosk));
        const std::string date = req.get_header_value(std::string(sync::kHeaderDate));
        const std::string sig_text = req.get_header_value(std::string(sync::kHeaderSignature));
        if (kiosk_id.empty() || date.empty() || sig_text.empty()) {
            refuse(res, 401, "unsigned", "the request is not signed by a kiosk");
            return std::nullopt;
        }
        t_actor = "kiosk " + kiosk_id;
        const auto kiosk = storage.kiosk(kiosk_id);
        if (!kiosk || !kiosk->active) {
            refuse(res, 401, "unknown_kiosk",
                   "kiosk " + kiosk_id + " is not registered at this office (or was retired)");
            return std::nullopt;
        }
        platform::TimePoint when;
        if (!platform::parse_utc(date, when)) {
            refuse(res, 401, "bad_date", "X-Anjungan-Date is not a UTC time");
            return std::nullopt;
        }
        const auto skew = std::chrono::abs(clock.now() - when);
        if (skew > std::chrono::seconds(options.clock_skew_seconds)) {
            res.set_header(std::string(sync::kHeaderError), "clock_skew");
            json body = sync::error_body(
                "clock_skew",
                "the kiosk's clock is " +
                    std::to_string(std::chrono::duration_cast<std::chrono::seconds>(skew).count()) +
                    " s off the office's; set its time (NTP)");
            body["office_time"] = now_text();
            reply(res, 401, body);
            return std::nullopt;
        }
        t_body_sha256 = platform::sha256_hex(bytes_of(req.body));
        const std::string text = sync::request_signing_text(
            req.method, req.target, date, t_body_sha256,
            req.get_header_value(std::string(sync::kHeaderIdempotencyKey)),
            req.get_header_value(std::string(sync::kHeaderUploadOffset)),
            req.get_header_value(std::string(sync::kHeaderUploadLength)));
        const auto key = platform::from_base64url(kiosk->public_key);
        const auto sig = platform::from_base64url(sig_text);
        if (!key || !sig || !platform::verify_signature(*key, bytes_of(text), *sig)) {
            refuse(res, 401, "bad_signature",
                   "the request's signature does not match kiosk " + kiosk_id + "'s key");
            return std::nullopt;
        }
        return kiosk;
    }

    std::optional<StaffRecord> staff(const httplib::Request& req, httplib::Response& res) {
        const std::string auth = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        if (auth.rfind(prefix, 0) != 0) {
            refuse(res, 401, "no_token", "staff requests need Authorization: Bearer <token>");
            return std::nullopt;
        }
        const auto s =
            storage.staff_by_token_hash(platform::sha256_hex(auth.substr(prefix.size())));
        if (!s) {
            refuse(res, 401, "bad_token", "this token belongs to no active staff member");
            return std::nullopt;
        }
        t_actor = s->name;
        return s;
    }

    bool fault(const httplib::Request& req, httplib::Response& res, bool after) {
        if (!options.fault) {
            return false;
        }
        const int status = options.fault(req.method, req.path, after);
        if (status == 0) {
            return false;
        }
        res.headers.clear();
        refuse(res, status, "injected", "fault injected by a test");
        if (status >= 200 && status < 300) {
            res.set_content("<html>a captive portal</html>", "text/html");
        }
        return true;
    }

    void head_blob(const httplib::Request& req, httplib::Response& res) {
        if (fault(req, res, false) || !authenticate(req, res)) {
            return;
        }
        const std::string sha = req.matches[1];
        const auto st = blobs.state(sha);
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
        fault(req, res, true);
    }

    void patch_blob(const httplib::Request& req, httplib::Response& res) {
        if (fault(req, res, false) || !authenticate(req, res)) {
            return;
        }
        const std::string sha = req.matches[1];
        const auto offset = parse_u64(req.get_header_value(std::string(sync::kHeaderUploadOffset)));
        const auto total = parse_u64(req.get_header_value(std::string(sync::kHeaderUploadLength)));
        if (!offset || !total) {
            refuse(res, 400, "bad_upload", "PATCH needs Upload-Offset and Upload-Length");
            return;
        }
        const auto p = blobs.append(sha, *offset, *total, bytes_of(req.body), t_body_sha256);
        res.set_header(std::string(sync::kHeaderUploadOffset), std::to_string(p.state.offset));
        using R = BlobStore::Patch::Result;
        switch (p.result) {
            case R::kOk:
                reply(
                    res, 200,
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
        }
        fault(req, res, true);
    }

    void post_case(const httplib::Request& req, httplib::Response& res) {
        if (fault(req, res, false)) {
            return;
        }
        const auto kiosk = authenticate(req, res);
        if (!kiosk) {
            return;
        }
        const json body = json::parse(req.body, nullptr, false);
        sync::CasePayload c;
        std::string signature;
        try {
            if (!body.is_object() || !body.contains("case") || !body.contains("signature") ||
                !body["signature"].is_string()) {
                throw sync::ProtocolError(
                    "the body must be {\"case\": {...}, \"signature\": \"...\"}");
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
        if (const auto known = storage.idempotent(key)) {
            answer_known(req, res, *known, body_sha);
            return;
        }
        if (const std::string why = case_problem(c); !why.empty()) {
            refuse(res, 422, "invalid_case", why);
            return;
        }
        json missing = json::array();
        for (const auto& a : c.attachments) {
            std::error_code ec;
            const auto size = fs::file_size(blobs.path(a.sha256), ec);
            if (ec || size != a.size) {
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
        const auto now = clock.now();
        const std::string at = platform::format_utc(now);
        Storage::Accepted acc;
        try {
            acc = storage.accept_case(
                c, signature, body_sha, at, deadline_for(domain::CaseStatus::kReceived, now, ""),
                [&](std::int64_t seq) {
                    return sync::to_json(
                               sync::CaseAck{c.case_id, c.receipt_no, "received", at, seq})
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
            answer_known(req, res, {acc.body_sha256, acc.answer}, body_sha);
            return;
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
        fault(req, res, true);
    }

    void answer_known(const httplib::Request& req, httplib::Response& res,
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
        fault(req, res, true);
    }

    // What makes a case unacceptable whatever is retried: an empty string when it is fine.
    std::string case_problem(const sync::CasePayload& c) const {
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
        platform::CivilDate today = platform::civil_date(clock.now(), 7 * 60);
        const auto check = domain::check_applicant(a, {}, today);
        if (!check.valid()) {
            std::string why = "applicant:";
            for (const auto& p : check.errors) {
                why += " " + p.field + " (" + p.problem.code + ")";
            }
            return why;
        }
        return {};
    }

    void status_feed(const httplib::Request& req, httplib::Response& res) {
        if (fault(req, res, false)) {
            return;
        }
        const auto kiosk = authenticate(req, res);
        if (!kiosk) {
            return;
        }
        const auto since = parse_u64(req.has_param("since") ? req.get_param_value("since") : "0");
        const auto limit = parse_u64(req.has_param("limit") ? req.get_param_value("limit") : "500");
        if (!since || !limit || *limit == 0) {
            refuse(res, 400, "bad_query", "since and limit must be whole numbers (limit > 0)");
            return;
        }
        const auto page = storage.feed(kiosk->kiosk_id, static_cast<std::int64_t>(*since),
                                       static_cast<int>(std::min<std::uint64_t>(*limit, 1000)));
        reply(res, 200, sync::to_json(page));
        fault(req, res, true);
    }

    void keys(const httplib::Request& req, httplib::Response& res) {
        if (!authenticate(req, res)) {
            return;
        }
        json list = json::array();
        for (const auto& k : storage.kiosks()) {
            list.push_back(
                {{"kiosk_id", k.kiosk_id}, {"public_key", k.public_key}, {"active", k.active}});
        }
        reply(res, 200, {{"keys", list}});
    }

    void health(const httplib::Request&, httplib::Response& res) {
        json j{{"status", "ok"}, {"service", "anjungan-office"}, {"time", now_text()}};
        try {
            const auto c = storage.counts(now_text());
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
        if (::statvfs(blobs.path(std::string(64, '0')).parent_path().parent_path().c_str(), &vfs) ==
            0) {
            j["free_disk_bytes"] = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
        }
        reply(res, j["status"] == "ok" ? 200 : 503, j);
    }

    void staff_cases(const httplib::Request& req, httplib::Response& res) {
        if (!staff(req, res)) {
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
        f.now = now_text();
        json out = json::array();
        for (const auto& row : storage.cases(f)) {
            out.push_back(case_row_json(row, clock.now()));
        }
        reply(res, 200, out);
    }

    void staff_case(const httplib::Request& req, httplib::Response& res) {
        const auto who = staff(req, res);
        if (!who) {
            return;
        }
        const auto d = storage.case_by_receipt(req.matches[1]);
        if (!d) {
            refuse(res, 404, "not_found",
                   "no case with receipt number " + std::string(req.matches[1]));
            return;
        }
        storage.audit(who->name, "case.view", d->row.case_id, "", now_text());
        reply(res, 200, case_detail_json(*d, clock.now()));
    }

    void staff_advance(const httplib::Request& req, httplib::Response& res) {
        const auto who = staff(req, res);
        if (!who) {
            return;
        }
        const json body = json::parse(req.body, nullptr, false);
        if (!body.is_object() || !body.contains("to") || !body["to"].is_string()) {
            refuse(res, 400, "bad_request",
                   "the body must be {\"to\": STATUS, \"note\", \"reasons\"}");
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
        const auto r = advance_case(storage, req.matches[1], m, clock.now());
        if (r.http != 200) {
            refuse(res, r.http, r.code, r.message);
            return;
        }
        spdlog::info(
            json{{"event", "case.advanced"}, {"by", who->name}, {"what", r.message}}.dump());
        reply(res, 200, case_detail_json(*r.detail, clock.now()));
    }

    void staff_blob(const httplib::Request& req, httplib::Response& res) {
        const auto who = staff(req, res);
        if (!who) {
            return;
        }
        const std::string sha = req.matches[1];
        if (!blobs.has(sha)) {
            refuse(res, 404, "not_found", "no blob " + sha);
            return;
        }
        const auto data = platform::read_file(blobs.path(sha));
        storage.audit(who->name, "blob.view", "", sha, now_text());
        res.status = 200;
        res.set_content(std::string(data.begin(), data.end()), "application/octet-stream");
    }

    void routes() {
        auto& s = *http;
        const std::string sha = "([0-9a-f]{64})";
        s.Get("/v1/health", [this](const auto& q, auto& r) { health(q, r); });
        // cpp-httplib 0.11 routes HEAD to the GET handlers (it has no Server::Head).
        s.Get("/v1/blobs/" + sha, [this](const auto& q, auto& r) { head_blob(q, r); });
        s.Patch("/v1/blobs/" + sha, [this](const auto& q, auto& r) { patch_blob(q, r); });
        s.Post("/v1/cases", [this](const auto& q, auto& r) { post_case(q, r); });
        s.Get("/v1/status", [this](const auto& q, auto& r) { status_feed(q, r); });
        s.Get("/v1/keys", [this](const auto& q, auto& r) { keys(q, r); });
        s.Get("/v1/staff/cases", [this](const auto& q, auto& r) { staff_cases(q, r); });
        s.Get("/v1/staff/cases/([0-9A-Z-]+)", [this](const auto& q, auto& r) { staff_case(q, r); });
        s.Post("/v1/staff/cases/([0-9A-Z-]+)/advance",
               [this](const auto& q, auto& r) { staff_advance(q, r); });
        s.Get("/v1/staff/blobs/" + sha, [this](const auto& q, auto& r) { staff_blob(q, r); });
        s.set_exception_handler([](const auto&, auto& res, std::exception_ptr ep) {
            std::string what = "unknown error";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            spdlog::error(json{{"event", "error"}, {"what", what}}.dump());
            refuse(res, 500, "internal", what);
        });
        s.set_error_handler([](const auto&, auto& res) {
            if (res.body.empty()) {
                refuse(res, res.status, "http_" + std::to_string(res.status),
                       res.status == 404 ? "no such endpoint" : "request refused");
            }
        });
        s.set_pre_routing_handler([](const auto&, auto&) {
            t_request_start = std::chrono::steady_clock::now();
            t_actor.clear();
            return httplib::Server::HandlerResponse::Unhandled;
        });
        s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            // Kiosks probe the health endpoint every few seconds while the link is down.
            const auto level = req.path == "/v1/health" && res.status == 200 ? spdlog::level::debug
                                                                             : spdlog::level::info;
            const auto ms = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - t_request_start)
                                .count();
            spdlog::log(level, json{{"event", "request"},
                                    {"method", req.method},
                                    {"path", req.path},
                                    {"status", res.status},
                                    {"by", t_actor},
                                    {"bytes_in", req.body.size()},
                                    {"bytes_out", res.body.size()},
                                    {"ms", std::round(ms * 10) / 10},
                                    {"remote", req.remote_addr}}
                                   .dump());
        });
    }
};

OfficeServer::OfficeServer(ServerOptions options, Storage& storage, BlobStore& blobs,
                           const platform::Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), storage, blobs, clock)) {
    platform::init_crypto();
    if (!impl_->options.tls_cert.empty() && !impl_->options.tls_key.empty()) {
        impl_->http = std::make_unique<httplib::SSLServer>(impl_->options.tls_cert.c_str(),
                                                           impl_->options.tls_key.c_str());
    } else {
        impl_->http = std::make_unique<httplib::Server>();
    }
    if (!impl_->http->is_valid()) {
        throw std::runtime_error("the HTTPS server cannot start: check tls_cert and tls_key");
    }
    const int threads = std::max(2, impl_->options.threads);
    impl_->http->new_task_queue = [threads] {
        return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    impl_->http->set_payload_max_length(4u << 20);  // a chunk is at most 1 MiB
    // Nagle off: httplib writes headers and body apart, and the body would wait ~40 ms for the
    // kiosk's delayed ACK on every answer. Connections live for many requests (a case is ~12).
    impl_->http->set_tcp_nodelay(true);
    impl_->http->set_keep_alive_max_count(1000);
    impl_->http->set_keep_alive_timeout(15);
    impl_->http->set_read_timeout(30);
    impl_->http->set_write_timeout(30);
    impl_->routes();
}

OfficeServer::~OfficeServer() {
    stop();
}

int OfficeServer::bind() {
    auto& o = impl_->options;
    if (o.port == 0) {
        impl_->port = impl_->http->bind_to_any_port(o.host);
    } else {
        impl_->port = impl_->http->bind_to_port(o.host, o.port) ? o.port : -1;
    }
    if (impl_->port <= 0) {
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                 " (in use, or not an address of this machine)");
    }
    return impl_->port;
}

void OfficeServer::serve() {
    impl_->http->listen_after_bind();
}

int OfficeServer::start() {
    const int p = bind();
    impl_->thread = std::thread([this] { serve(); });
    for (int i = 0; i < 500 && !impl_->http->is_running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return p;
}

void OfficeServer::stop() {
    if (impl_ && impl_->http) {
        impl_->http->stop();
    }
    if (impl_ && impl_->thread.joinable()) {
        impl_->thread.join();
    }
}

int OfficeServer::port() const {
    return impl_->port;
}

}  // namespace anjungan::office
