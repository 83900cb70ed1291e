#include "anjungan/printing/qr_payload.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/platform/config.hpp"

namespace anjungan::printing {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::size_t kCaseIdChars = 26;      // 16 bytes
constexpr std::size_t kSignatureChars = 103;  // 64 bytes
constexpr std::size_t kTimeChars = 14;        // YYYYMMDDHHMMSS
// Signatures are made over this context plus the payload's text, so a kiosk signature on a
// receipt can never be replayed as a signature on anything else the kiosk signs.
constexpr std::string_view kSignatureContext = "anjungan/receipt-qr\n";

std::vector<std::uint8_t> message_for(std::string_view signed_text) {
    const std::string joined = std::string(kSignatureContext) + std::string(signed_text);
    return std::vector<std::uint8_t>(joined.begin(), joined.end());
}

std::string compact_time(platform::TimePoint t) {
    // "2026-11-24T03:15:00Z" -> "20261124031500"
    std::string out;
    for (char c : platform::format_utc(t)) {
        if (c >= '0' && c <= '9') {
            out += c;
        }
    }
    return out;
}

std::optional<platform::TimePoint> parse_compact_time(std::string_view s) {
    if (s.size() != kTimeChars ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                            std::string(s.substr(6, 2)) + "T" + std::string(s.substr(8, 2)) + ":" +
                            std::string(s.substr(10, 2)) + ":" + std::string(s.substr(12, 2)) + "Z";
    const int year = std::stoi(std::string(s.substr(0, 4)));
    platform::TimePoint t;
    if (year < 2000 || year > 2099 || !platform::parse_utc(iso, t)) {
        return std::nullopt;
    }
    return t;
}

std::optional<std::array<std::uint8_t, 16>> uuid_bytes(std::string_view uuid) {
    if (!platform::is_uuid(uuid)) {
        return std::nullopt;
    }
    std::array<std::uint8_t, 16> out{};
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < uuid.size() && n < out.size();) {
        if (uuid[i] == '-') {
            ++i;
            continue;
        }
        auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
        out[n++] = static_cast<std::uint8_t>(nibble(uuid[i]) * 16 + nibble(uuid[i + 1]));
        i += 2;
    }
    return out;
}

std::string uuid_text(std::span<const std::uint8_t> b) {
    const std::string hex = platform::to_hex(b);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

// Empty when the field is fine, otherwise what is wrong with it.
std::string receipt_problem(std::string_view receipt_no) {
    const auto r = domain::parse_receipt_number(receipt_no);
    if (!r) {
        return "'" + std::string(receipt_no) + "' is not a receipt number";
    }
    if (r->text != receipt_no) {
        return "'" + std::string(receipt_no) + "' is not in canonical form (" + r->text + ")";
    }
    return {};
}

ParseResult fail(PayloadFault fault, std::string detail) {
    ParseResult r;
    r.fault = fault;
    r.detail = std::move(detail);
    return r;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

}  // namespace

std::string base32(std::span<const std::uint8_t> data) {
    std::string out;
    out.reserve((data.size() * 8 + 4) / 5);
    unsigned buffer = 0;
    int bits = 0;
    for (std::uint8_t b : data) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31u];
            bits -= 5;
        }
    }
    if (bits > 0) {
        out += kAlphabet[(buffer << (5 - bits)) & 31u];
    }
    return out;
}

std::optional<platform::Bytes> from_base32(std::string_view text) {
    // Lengths that no byte count produces (1, 3, 6 mod 8) are refused.
    const std::size_t rest = text.size() % 8;
    if (rest == 1 || rest == 3 || rest == 6) {
        return std::nullopt;
    }
    platform::Bytes out;
    out.reserve(text.size() * 5 / 8);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const auto pos = kAlphabet.find(c);
        if (pos == std::string_view::npos) {
            return std::nullopt;
        }
        buffer = ((buffer << 5) | static_cast<unsigned>(pos)) & 0xfffu;
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>((buffer >> (bits - 8)) & 0xffu));
            bits -= 8;
        }
    }
    // The left-over bits must be zero: otherwise two texts would decode to the same bytes.
    if (bits > 0 && (buffer & ((1u << bits) - 1u)) != 0) {
        return std::nullopt;
    }
    return out;
}

std::string_view to_code(PayloadFault f) {
    switch (f) {
        case PayloadFault::kNone:
            return "ok";
        case PayloadFault::kEmpty:
            return "payload.empty";
        case PayloadFault::kTooLong:
            return "payload.too_long";
        case PayloadFault::kNotAnjungan:
            return "payload.not_anjungan";
        case PayloadFault::kVersion:
            return "payload.version";
        case PayloadFault::kFields:
            return "payload.fields";
        case PayloadFault::kReceiptNo:
            return "payload.receipt_no";
        case PayloadFault::kCaseId:
            return "payload.case_id";
        case PayloadFault::kKioskId:
            return "payload.kiosk_id";
        case PayloadFault::kKioskMismatch:
            return "payload.kiosk_mismatch";
        case PayloadFault::kIssuedAt:
            return "payload.issued_at";
        case PayloadFault::kSignatureEncoding:
            return "payload.signature_encoding";
    }
    return "payload.unknown";
}

std::string make_payload(const ReceiptClaim& claim, const platform::SigningKey& key) {
    if (const auto why = receipt_problem(claim.receipt_no); !why.empty()) {
        throw std::invalid_argument("receipt payload: " + why);
    }
    if (const auto why = platform::kiosk_id_problem(claim.kiosk_id); !why.empty()) {
        throw std::invalid_argument("receipt payload: kiosk id '" + claim.kiosk_id + "' " + why);
    }
    if (domain::parse_receipt_number(claim.receipt_no)->kiosk_id != claim.kiosk_id) {
        throw std::invalid_argument("receipt payload: receipt " + claim.receipt_no +
                                    " was not issued by kiosk " + claim.kiosk_id);
    }
    const auto id = uuid_bytes(claim.case_id);
    if (!id) {
        throw std::invalid_argument("receipt payload: case id '" + claim.case_id +
                                    "' is not a UUID");
    }
    const std::string time = compact_time(claim.issued_at);
    if (!parse_compact_time(time)) {
        throw std::invalid_argument("receipt payload: issue time " +
                                    platform::format_utc(claim.issued_at) +
                                    " is outside 2000..2099");
    }
    const std::string signed_text = std::string(kPayloadPrefix) + claim.receipt_no + ":" +
                                    base32(*id) + ":" + claim.kiosk_id + ":" + time;
    const auto sig = key.sign(message_for(signed_text));
    return signed_text + ":" + base32(sig);
}

ParseResult parse_payload(std::string_view text) {
    if (text.empty()) {
        return fail(PayloadFault::kEmpty, "the code is empty");
    }
    if (text.size() > kMaxPayloadSize) {
        return fail(PayloadFault::kTooLong, "the code holds " + std::to_string(text.size()) +
                                                " characters; a receipt has at most " +
                                                std::to_string(kMaxPayloadSize));
    }
    if (text.size() < 4 || text.substr(0, 2) != "AJ" || text[3] != ':' || text[2] < '0' ||
        text[2] > '9') {
        return fail(PayloadFault::kNotAnjungan, "not an Anjungan receipt code");
    }
    if (text.substr(0, kPayloadPrefix.size()) != kPayloadPrefix) {
        return fail(PayloadFault::kVersion, "receipt code version " + std::string(1, text[2]) +
                                                " is not known to this kiosk (it reads " +
                                                std::string(kPayloadPrefix.substr(0, 3)) + ")");
    }
    const auto fields = split(text.substr(kPayloadPrefix.size()), ':');
    if (fields.size() != 5) {
        return fail(PayloadFault::kFields, "expected 5 fields after " +
                                               std::string(kPayloadPrefix) + ", found " +
                                               std::to_string(fields.size()));
    }
    const auto receipt_no = fields[0];
    const auto case_id = fields[1];
    const auto kiosk_id = fields[2];
    const auto time = fields[3];
    const auto signature = fields[4];

    if (const auto why = receipt_problem(receipt_no); !why.empty()) {
        return fail(PayloadFault::kReceiptNo, why);
    }
    std::optional<platform::Bytes> id;
    if (case_id.size() == kCaseIdChars) {
        id = from_base32(case_id);
    }
    if (!id || id->size() != 16) {
        return fail(PayloadFault::kCaseId,
                    "case id '" + std::string(case_id) + "' is not 26 base-32 characters");
    }
    if (const auto why = platform::kiosk_id_problem(std::string(kiosk_id)); !why.empty()) {
        return fail(PayloadFault::kKioskId, "kiosk id '" + std::string(kiosk_id) + "' " + why);
    }
    if (domain::parse_receipt_number(receipt_no)->kiosk_id != kiosk_id) {
        return fail(PayloadFault::kKioskMismatch, "receipt " + std::string(receipt_no) +
                                                      " does not belong to kiosk " +
                                                      std::string(kiosk_id));
    }
    const auto issued_at = parse_compact_time(time);
    if (!issued_at) {
        return fail(PayloadFault::kIssuedAt,
                    "issue time '" + std::string(time) + "' is not a UTC time YYYYMMDDHHMMSS");
    }
    std::optional<platform::Bytes> sig;
    if (signature.size() == kSignatureChars) {
        sig = from_base32(signature);
    }
    if (!sig || sig->size() != platform::SigningKey::kSignatureSize) {
        return fail(PayloadFault::kSignatureEncoding,
                    "the signature is not 103 base-32 characters");
    }

    ParsedPayload p;
    p.claim.receipt_no = std::string(receipt_no);
    p.claim.case_id = uuid_text(*id);
    p.claim.kiosk_id = std::string(kiosk_id);
    p.claim.issued_at = *issued_at;
    std::copy(sig->begin(), sig->end(), p.signature.begin());
    p.signed_text = std::string(text.substr(0, text.size() - signature.size() - 1));
    ParseResult r;
    r.payload = std::move(p);
    return r;
}

std::string to_text(const ParsedPayload& p) {
    const auto id = uuid_bytes(p.claim.case_id);
    return std::string(kPayloadPrefix) + p.claim.receipt_no + ":" +
           (id ? base32(*id) : std::string("?")) + ":" + p.claim.kiosk_id + ":" +
           compact_time(p.claim.issued_at) + ":" + base32(p.signature);
}

void KeyRing::add(const std::string& kiosk_id,
                  const std::array<std::uint8_t, platform::SigningKey::kPublicSize>& key) {
    keys_[kiosk_id] = key;
}

bool KeyRing::add(const std::string& kiosk_id, std::string_view public_key) {
    const auto bytes = platform::from_base64url(public_key);
    if (!bytes || bytes->size() != platform::SigningKey::kPublicSize) {
        return false;
    }
    std::array<std::uint8_t, platform::SigningKey::kPublicSize> key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    add(kiosk_id, key);
    return true;
}

const std::array<std::uint8_t, platform::SigningKey::kPublicSize>* KeyRing::find(
    const std::string& kiosk_id) const {
    const auto it = keys_.find(kiosk_id);
    return it == keys_.end() ? nullptr : &it->second;
}

void KeyRing::merge(const KeyRing& other) {
    for (const auto& [id, key] : other.keys_) {
        keys_[id] = key;
    }
}

KeyRing KeyRing::load(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error(path.string() + ": cannot be read");
    }
    nlohmann::json doc;
    try {
        in >> doc;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(path.string() + ": not JSON (" + e.what() + ")");
    }
    if (!doc.is_array()) {
        throw std::runtime_error(path.string() +
                                 ": expected an array of {\"kiosk_id\", \"public_key\"}");
    }
    KeyRing ring;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const auto& e = doc[i];
        const std::string where = path.string() + ": entry " + std::to_string(i + 1);
        if (!e.is_object() || !e.contains("kiosk_id") || !e["kiosk_id"].is_string() ||
            !e.contains("public_key") || !e["public_key"].is_string()) {
            throw std::runtime_error(where + " needs string fields kiosk_id and public_key");
        }
        const std::string id = e["kiosk_id"].get<std::string>();
        if (const auto why = platform::kiosk_id_problem(id); !why.empty()) {
            throw std::runtime_error(where + ": kiosk id '" + id + "' " + why);
        }
        if (!ring.add(id, e["public_key"].get<std::string>())) {
            throw std::runtime_error(where + ": public_key of " + id +
                                     " is not a base64url Ed25519 key (43 characters)");
        }
    }
    return ring;
}

Verification verify_payload(std::string_view text, const KeyRing& keys) {
    Verification v;
    const auto parsed = parse_payload(text);
    if (!parsed.payload) {
        v.reason = std::string(to_code(parsed.fault));
        v.detail = parsed.detail;
        return v;
    }
    v.claim = parsed.payload->claim;
    const auto* key = keys.find(v.claim->kiosk_id);
    if (key == nullptr) {
        v.reason = "unknown_kiosk";
        v.detail = "no public key is known for kiosk " + v.claim->kiosk_id;
        return v;
    }
    if (!platform::verify_signature(*key, message_for(parsed.payload->signed_text),
                                    parsed.payload->signature)) {
        v.reason = "bad_signature";
        v.detail = "the signature does not match kiosk " + v.claim->kiosk_id + "'s key";
        return v;
    }
    v.valid = true;
    v.reason = "ok";
    return v;
}

}  // namespace anjungan::printing
