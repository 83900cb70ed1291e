// The office's HTTP server: the listener, what its APIs share (http_common.hpp), the APIs'
// routes and the request log.
#include "anjungan/office/server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "anjungan/platform/crypto.hpp"
#include "anjungan/sync/protocol.hpp"
#include "http_common.hpp"

namespace anjungan::office {

namespace api {

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
thread_local std::string t_body_sha256;

Context::Context(ServerOptions o, Storage& s, BlobStore& b, const platform::Clock& c)
    : options(std::move(o)), storage(s), blobs(b), clock(c) {
    if (!options.data_dir.empty()) {
        office_key.emplace(office_signing_key(options.data_dir));
    }
    if (options.mail.enabled()) {
        mailer = std::make_unique<Mailer>(options.mail, storage, clock);
    }
}

std::string Context::now_text() const {
    return platform::format_utc(clock.now());
}

std::optional<KioskRecord> Context::authenticate(const httplib::Request& req,
                                                 httplib::Response& res) {
    const std::string kiosk_id = req.get_header_value(std::string(sync::kHeaderKiosk));
    const std::string date = req.get_header_value(std::string(sync::kHeaderDate));
    const std::string sig_text = req.get_header_value(std::string(sync::kHeaderSignature));
    if (kiosk_id.empty() || date.empty() || sig_text.empty()) {
        refuse(res, 401, "unsigned", "the request is not signed by a kiosk");
        return std::nullopt;
    }
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
    const std::string text =
        sync::request_signing_text(req.method, req.target, date, t_body_sha256,
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
    // Named in the request log only now: before, the id is whatever the caller wrote.
    t_actor = "kiosk " + kiosk_id;
    return kiosk;
}

std::optional<StaffRecord> Context::staff(const httplib::Request& req, httplib::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (auth.rfind(prefix, 0) != 0) {
        refuse(res, 401, "no_token", "staff requests need Authorization: Bearer <token>");
        return std::nullopt;
    }
    const auto s =
        storage.staff_by_token_hash(platform::sha256_hex(auth.substr(prefix.size())), now_text());
    if (!s) {
        refuse(res, 401, "bad_token",
               "this token belongs to no active staff member, or it has expired");
        return std::nullopt;
    }
    t_actor = s->name;
    return s;
}

bool Context::fault(const httplib::Request& req, httplib::Response& res, bool after) {
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

}  // namespace api

using api::json;
using api::refuse;
using api::t_actor;
using api::t_request_start;

struct OfficeServer::Impl : api::Context {
    std::unique_ptr<httplib::Server> http;
    ConsoleAuth auth{storage, clock, options.console};
    std::thread thread;
    int port = 0;

    using Context::Context;

    void routes() {
        auto& s = *http;
        api::add_kiosk_api(s, *this);
        api::add_staff_api(s, *this);
        api::add_console(s, *this, auth);
        api::add_confirm_page(s, *this);
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
        s.set_error_handler([](const auto& req, auto& res) {
            if (res.body.empty() && req.path.rfind("/console", 0) == 0) {
                api::console_error_page(req, res);
            } else if (res.body.empty()) {
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
    impl_->http->set_keep_alive_timeout(5);  // an idle connection holds a worker
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
    if (impl_->mailer) {
        impl_->mailer->start();
    }
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
    if (impl_ && impl_->mailer) {
        impl_->mailer->stop();
    }
}

int OfficeServer::port() const {
    return impl_->port;
}

}  // namespace anjungan::office
