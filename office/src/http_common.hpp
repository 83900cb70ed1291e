// What the office's HTTP APIs share (private to office/src; server.cpp defines it): JSON
// answers and refusals (the error code also in X-Anjungan-Error), parsing, who is asking (a
// kiosk's signature, a staff member's token), the tests' fault hook, and what the request log
// is told about each request. Each API is a file of its own that registers its routes:
// kiosk_api.cpp (what kiosks call), staff_api.cpp (what staff call), console/ (the staff's
// pages in a browser).
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "anjungan/office/blob_store.hpp"
#include "anjungan/office/console_auth.hpp"
#include "anjungan/office/server.hpp"
#include "anjungan/office/storage.hpp"
#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/crypto.hpp"

namespace anjungan::office::api {

using nlohmann::json;

// A blob's name in a route.
inline constexpr char kSha256Route[] = "([0-9a-f]{64})";

void reply(httplib::Response& res, int status, const json& body);
// An error body (sync::error_body), and its code in X-Anjungan-Error too.
void refuse(httplib::Response& res, int status, std::string_view code, const std::string& why);
std::span<const std::uint8_t> bytes_of(const std::string& s);
// A whole number of at most 19 digits, nothing else.
std::optional<std::uint64_t> parse_u64(const std::string& text);

// Of the request being served on this thread.
extern thread_local std::chrono::steady_clock::time_point t_request_start;
extern thread_local std::string t_actor;        // who, for the request log
extern thread_local std::string t_body_sha256;  // the request body's hash, taken by authenticate()

// What every API's handlers work with.
struct Context {
    Context(ServerOptions o, Storage& s, BlobStore& b, const platform::Clock& c);

    ServerOptions options;
    Storage& storage;
    BlobStore& blobs;
    const platform::Clock& clock;
    std::shared_ptr<void> console_state;             // what the console's handlers share (console/)
    std::optional<platform::SigningKey> office_key;  // signs letters (options.data_dir)
    std::unique_ptr<Mailer> mailer;                  // e-mail to applicants, when configured

    std::string now_text() const;
    // The kiosk a request is signed by, or nothing with the refusal already written.
    std::optional<KioskRecord> authenticate(const httplib::Request& req, httplib::Response& res);
    // The staff member whose bearer token the request carries, or nothing with the refusal
    // already written.
    std::optional<StaffRecord> staff(const httplib::Request& req, httplib::Response& res);
    // ServerOptions::fault: true when it replaced the answer.
    bool fault(const httplib::Request& req, httplib::Response& res, bool after);
};

// Each API registers its routes; the handlers keep a reference to `ctx`.
void add_kiosk_api(httplib::Server& s, Context& ctx);
void add_staff_api(httplib::Server& s, Context& ctx);
// The applicant's e-mail confirmation link: GET|POST /confirm/{token} (console/confirm.cpp).
void add_confirm_page(httplib::Server& s, Context& ctx);
// The console (console/routes.cpp): / and /console/...
void add_console(httplib::Server& s, Context& ctx, ConsoleAuth& auth);
// A console URL the server has no page for (404, 405, 413...): a plain page, not JSON.
void console_error_page(const httplib::Request& req, httplib::Response& res);

}  // namespace anjungan::office::api
