// The kiosk <-> office protocol (../shared/architecture.md, "Protocol outline"): the shapes both
// sides exchange, the request signature, and how an answer is classified. Shared by the kiosk's
// sender (sync/) and the office's kiosk API (office/); no network code here.
//
// Every kiosk request carries three headers:
//   X-Anjungan-Kiosk: <kiosk id>
//   X-Anjungan-Date: <UTC, ISO 8601>           (the office refuses one too far from its clock)
//   X-Anjungan-Signature: <base64url Ed25519>  over request_signing_text(...)
// and every case body carries the kiosk's signature over the case itself, so the record the
// office keeps can be checked again later, without the request.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/platform/crypto.hpp"

namespace anjungan::sync {

inline constexpr std::string_view kHeaderKiosk = "X-Anjungan-Kiosk";
inline constexpr std::string_view kHeaderDate = "X-Anjungan-Date";
inline constexpr std::string_view kHeaderSignature = "X-Anjungan-Signature";
inline constexpr std::string_view kHeaderIdempotencyKey = "Idempotency-Key";
inline constexpr std::string_view kHeaderUploadOffset = "Upload-Offset";
inline constexpr std::string_view kHeaderUploadLength = "Upload-Length";
inline constexpr std::string_view kHeaderUploadComplete = "Upload-Complete";
inline constexpr std::string_view kHeaderReplayed = "Idempotent-Replayed";
// The error code of a refusal, also in the body's "error" (a HEAD answer has no body).
inline constexpr std::string_view kHeaderError = "X-Anjungan-Error";

inline constexpr std::size_t kMinChunk = 256 * 1024;
inline constexpr std::size_t kMaxChunk = 1024 * 1024;

// The text a request signature covers: method, path with query, date, the body's SHA-256 and
// the values of the headers that change a request's meaning (empty when absent).
std::string request_signing_text(std::string_view method, std::string_view path_and_query,
                                 std::string_view date, std::string_view body_sha256,
                                 std::string_view idempotency_key, std::string_view upload_offset,
                                 std::string_view upload_length);

// One attachment of a case, content-addressed.
struct BlobRef {
    std::string kind;  // ktp, sk, letter, selfie
    int page = 1;
    std::string sha256;
    std::uint64_t size = 0;
    std::string media_type;
};

// A case as the kiosk sends it. `applicant` is the domain's JSON (kiosk::Applicant).
struct CasePayload {
    std::string case_id;
    std::string receipt_no;
    std::string kiosk_id;
    std::string created_at;
    nlohmann::json applicant = nlohmann::json::object();
    std::vector<BlobRef> attachments;
};
nlohmann::json to_json(const CasePayload& c);
// Throws ProtocolError naming the first field that is missing or of the wrong type.
CasePayload case_from_json(const nlohmann::json& j);

// The body of POST /v1/cases: {"case": {...}, "signature": "<base64url>"}. The signature
// covers case_signing_text(case), which is stable because nlohmann orders object keys.
std::string case_signing_text(const CasePayload& c);
std::string signed_case_body(const CasePayload& c, const platform::SigningKey& key);

class ProtocolError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The office's answer to an accepted case (201 the first time, the same on a replay).
struct CaseAck {
    std::string case_id;
    std::string receipt_no;
    std::string status;
    std::string accepted_at;
    std::int64_t seq = 0;
};
nlohmann::json to_json(const CaseAck& a);
// Nothing unless the body is exactly an acceptance of `case_id`: a 2xx without it is no ack.
std::optional<CaseAck> parse_case_ack(std::string_view body, std::string_view case_id);

// One entry of GET /v1/status?since=SEQ.
struct StatusEntry {
    std::int64_t seq = 0;
    std::string case_id;
    std::string receipt_no;
    std::string status;  // kiosk::CaseStatus codes
    std::string at;
    std::string note;
    std::string due_at;  // the SLA deadline of the next step; empty when none
};
nlohmann::json to_json(const StatusEntry& e);
struct StatusPage {
    std::vector<StatusEntry> changes;
    std::int64_t next = 0;  // the cursor to ask with next time
    bool more = false;      // another page is waiting
};
nlohmann::json to_json(const StatusPage& p);
std::optional<StatusPage> parse_status_page(std::string_view body);

// An error answer: {"error": "<code>", "message": "...", ...}. Codes the kiosk acts on:
inline constexpr std::string_view kErrMissingBlobs = "missing_blobs";  // 409, "missing": [sha]
inline constexpr std::string_view kErrIdempotencyConflict = "idempotency_conflict";  // 422
inline constexpr std::string_view kErrOffsetMismatch = "offset_mismatch";  // 409, "offset": n
inline constexpr std::string_view kErrHashMismatch = "hash_mismatch";      // 422
nlohmann::json error_body(std::string_view code, std::string_view message);

// JSON from the other side of the wire (a request body at the office, an answer at the kiosk):
// refused (a discarded value) when it is not JSON or is nested deeper than `max_depth`, before
// nlohmann builds it, since copying, dumping and destroying a value recurse once per level and a
// document nested 100,000 deep would overflow the stack. The protocol's deepest is 4.
inline constexpr int kMaxJsonDepth = 32;
nlohmann::json parse_untrusted(std::string_view text, int max_depth = kMaxJsonDepth);
// True when no array or object in `text` nests deeper than `max_depth` (strings skipped).
bool json_depth_within(std::string_view text, int max_depth);

// How the sender treats an HTTP answer that is not the success it expected.
enum class Verdict {
    kRetry,         // transient: 5xx, 404, 408, 409, 429, a 2xx without its body, ...
    kUnregistered,  // 401/403: the kiosk is not (or no longer) known; nothing case-specific
    kRefused,       // 400, 410, 413, 415, 422: refused for good; quarantine, keep the rest going
};
Verdict classify(int http_status);

}  // namespace anjungan::sync
