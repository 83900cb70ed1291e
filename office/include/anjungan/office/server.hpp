// The office back end's HTTP server (cpp-httplib): the kiosk API of the protocol outline
// (../shared/architecture.md), the staff API for the SOP's moves, and a health endpoint.
// Every request is logged as one JSON line.
//
// Kiosk API (every request signed by a registered kiosk; see sync/protocol.hpp):
//   HEAD  /v1/blobs/{sha256}        404, or 200 with Upload-Offset and Upload-Complete (0/1)
//   PATCH /v1/blobs/{sha256}        Upload-Offset, Upload-Length; 200 {"sha256","offset",
//                                   "complete"}; 409 offset_mismatch; 422 hash_mismatch
//   POST  /v1/cases                 Idempotency-Key: <case_id>; 201 {"result":"accepted",...};
//                                   a replay gets the stored answer; 422 idempotency_conflict;
//                                   409 missing_blobs {"missing": [sha256...]}
//   GET   /v1/status?since=SEQ      {"changes": [...], "next": SEQ, "more": bool}
//   GET   /v1/keys                  {"keys": [{"kiosk_id","public_key","active"}]}
// Staff API (Authorization: Bearer <token from `anjungan-office staff add`>):
//   GET   /v1/staff/cases[?status=S&overdue=1]   GET /v1/staff/cases/{receipt_no}
//   POST  /v1/staff/cases/{receipt_no}/advance   {"to","note","reasons":[...]}; a field of
//                                                the wrong type or shape: 400 bad_request
//                                                {"field": NAME}
//   GET   /v1/staff/blobs/{sha256}               the content of a case's attachment (404 for
//                                                a blob of no case); audited under the case
// Health (no authentication): GET /v1/health   {"ok","status","service"}; with a staff
//   member's bearer token also the time, counts and free disk
// The console (a browser, a signed-in staff member; see office/src/console/console.hpp):
//   GET / and /console -> 303 /console/; GET|POST /console/login; POST /console/logout;
//   GET /console/ (inbox), /console/cases[?filters], /console/cases/{receipt_no} (POST: a move),
//   /console/cases/{receipt_no}/files/{sha256}[/pages/N.png], /console/admin/{staff,kiosks,audit}
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "anjungan/office/blob_store.hpp"
#include "anjungan/office/console_auth.hpp"
#include "anjungan/office/handoff.hpp"
#include "anjungan/office/letter.hpp"
#include "anjungan/office/mail.hpp"
#include "anjungan/office/storage.hpp"
#include "anjungan/office/working_time.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8480;               // 0: any free port (tests)
    int clock_skew_seconds = 900;  // a signed request's date may be this far off
    int threads = 64;      // a browser holds up to 6 connections, each a worker while it lives
    std::string tls_cert;  // both set: HTTPS
    std::string tls_key;
    ConsolePolicy console;         // sign-in throttling and session timeouts
    int utc_offset_minutes = 420;  // the office's local time on the console (WIB)
    std::string preview_dir;       // PDF pages drawn as PNG are kept here; empty: not kept
    LetterConfig letter;           // the recommendation letter ([letter])
    WorkingTime working;           // deadlines count these hours ([working_time])
    MailConfig mail;               // e-mail to applicants ([smtp]); off when no url
    HandoffConfig handoff;         // the hand-off to BSrE ([handoff])
    std::string data_dir;  // the office's key for letters: DATA/keys/office.key; empty: none
    int token_days = 365;  // an API token made on the console's staff page lasts this long
    // In-process fault injection for tests: called before (after = false) and after
    // (after = true, the work is done and committed) each kiosk request; a non-zero status
    // replaces the answer.
    std::function<int(const std::string& method, const std::string& path, bool after)> fault;
};

class OfficeServer {
  public:
    OfficeServer(ServerOptions options, Storage& storage, BlobStore& blobs,
                 const platform::Clock& clock);
    ~OfficeServer();
    OfficeServer(const OfficeServer&) = delete;
    OfficeServer& operator=(const OfficeServer&) = delete;

    // Binds the socket (throws std::runtime_error when it cannot); returns the port.
    int bind();
    // Serves until stop(); call bind() first.
    void serve();
    // bind() and serve() on a thread of its own (tests, the demo).
    int start();
    void stop();
    int port() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace anjungan::office
