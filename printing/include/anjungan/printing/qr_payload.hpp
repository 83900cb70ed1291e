// The receipt's QR payload: who issued which receipt, signed by the kiosk, no personal data.
//
//   AJ1:PKY1-261124-0042-2:<case id, 26>:PKY1:20261124031500:<Ed25519 signature, 103>
//
// "AJ" and a version digit, the receipt number, the case id (16 bytes), the kiosk id, the
// issue time (UTC, YYYYMMDDHHMMSS) and the kiosk's signature over everything before it. Binary
// fields are RFC 4648 base 32 without padding, so the whole text stays in QR alphanumeric
// mode (upper case, digits, ':' and '-'): about 175 characters, a version 7 code at level M.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/crypto.hpp"

namespace anjungan::printing {

constexpr std::string_view kPayloadPrefix = "AJ1:";
// Longer input is refused before it is looked at.
constexpr std::size_t kMaxPayloadSize = 256;

// What a receipt claims. The case id is a UUID in its usual lower-case text form; the time is
// whole seconds.
struct ReceiptClaim {
    std::string receipt_no;
    std::string case_id;
    std::string kiosk_id;
    platform::TimePoint issued_at;
};

// Builds the signed payload. Throws std::invalid_argument when a field breaks its rule (the
// same rules the parser applies), so a kiosk can never print a receipt nobody can read.
std::string make_payload(const ReceiptClaim& claim, const platform::SigningKey& key);

// Why a payload was refused. The codes are stable (tests, logs, the CLI's JSON).
enum class PayloadFault {
    kNone,
    kEmpty,              // "payload.empty"
    kTooLong,            // "payload.too_long"
    kNotAnjungan,        // "payload.not_anjungan": some other QR code
    kVersion,            // "payload.version": an Anjungan code of a version this build lacks
    kFields,             // "payload.fields": not six fields
    kReceiptNo,          // "payload.receipt_no"
    kCaseId,             // "payload.case_id"
    kKioskId,            // "payload.kiosk_id"
    kKioskMismatch,      // "payload.kiosk_mismatch": kiosk id and receipt number disagree
    kIssuedAt,           // "payload.issued_at"
    kSignatureEncoding,  // "payload.signature_encoding"
};
std::string_view to_code(PayloadFault f);

struct ParsedPayload {
    ReceiptClaim claim;
    std::array<std::uint8_t, platform::SigningKey::kSignatureSize> signature{};
    std::string signed_text;  // the part the signature covers (before the last ':')
};

struct ParseResult {
    std::optional<ParsedPayload> payload;
    PayloadFault fault = PayloadFault::kNone;
    std::string detail;  // English, for logs and operators: what exactly was wrong
};

// Strict: only the canonical form the kiosk writes is accepted (no lower case, no spaces, no
// forgiven characters, no extra bits in base 32). Never throws.
ParseResult parse_payload(std::string_view text);

// The canonical text of a parsed payload: parse_payload(to_text(p)) gives p back, and for any
// text the parser accepts, to_text of the result is that text (one claim, one spelling).
std::string to_text(const ParsedPayload& p);

// The kiosks' public keys by kiosk id, as the office publishes them.
class KeyRing {
  public:
    void add(const std::string& kiosk_id,
             const std::array<std::uint8_t, platform::SigningKey::kPublicSize>& key);
    // `public_key` as base64url (43 characters); false when it is not a key.
    bool add(const std::string& kiosk_id, std::string_view public_key);
    const std::array<std::uint8_t, platform::SigningKey::kPublicSize>* find(
        const std::string& kiosk_id) const;
    std::size_t size() const { return keys_.size(); }
    // Adds every key of `other`; where both know a kiosk, `other`'s key wins.
    void merge(const KeyRing& other);

    // A JSON array of {"kiosk_id", "public_key"}. Throws std::runtime_error naming the file and
    // the entry when it is unreadable or malformed.
    static KeyRing load(const std::filesystem::path& path);

  private:
    std::map<std::string, std::array<std::uint8_t, platform::SigningKey::kPublicSize>> keys_;
};

struct Verification {
    bool valid = false;
    // "ok", a PayloadFault code, "unknown_kiosk" or "bad_signature".
    std::string reason;
    std::string detail;
    std::optional<ReceiptClaim> claim;  // when the payload parsed, even if not valid
};

Verification verify_payload(std::string_view text, const KeyRing& keys);

// RFC 4648 base 32 without padding, upper case; the decoder refuses non-canonical text.
std::string base32(std::span<const std::uint8_t> data);
std::optional<platform::Bytes> from_base32(std::string_view text);

}  // namespace anjungan::printing
