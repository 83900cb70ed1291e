// Over 600 lines: the payload's every refusal against one canonical signed receipt.
// The receipt's QR payload: canonical text in QR alphanumeric mode, signed by the kiosk, refused
// on any change; base 32 per RFC 4648; the office's list of kiosk keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/printing/qr_payload.hpp"
#include "test_support.hpp"

namespace anjungan::printing {
namespace {

using platform::SigningKey;
using platform::utc_time;
using test::TempDir;

constexpr std::string_view kQrAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

platform::Bytes bytes_of(std::string_view s) {
    return platform::Bytes(s.begin(), s.end());
}

std::string text_of(const platform::Bytes& b) {
    return std::string(b.begin(), b.end());
}

// `s` with its first letter in lower case (digits have no case).
std::string lower_first_letter(std::string s) {
    const auto it = std::find_if(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    EXPECT_NE(it, s.end()) << s;
    if (it != s.end()) {
        *it = static_cast<char>(*it - 'A' + 'a');
    }
    return s;
}

// The receipt number with a wrong check character.
std::string wrong_check(std::string receipt_no) {
    receipt_no.back() = receipt_no.back() == 'A' ? 'B' : 'A';
    return receipt_no;
}

// The fields of a payload's text, split at ':' (the prefix "AJ1" is the first).
std::vector<std::string> fields_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ':') {
            out.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        out += (i == 0 ? "" : ":") + fields[i];
    }
    return out;
}

class PayloadTest : public ::testing::Test {
  protected:
    SigningKey key = SigningKey::generate();
    SigningKey other_key = SigningKey::generate();

    static ReceiptClaim claim(const std::string& kiosk = "PKY1", int counter = 42) {
        ReceiptClaim c;
        c.kiosk_id = kiosk;
        c.receipt_no = domain::make_receipt_number(kiosk, {2026, 11, 24}, counter);
        c.case_id = "3f2b8c1e-9a4d-4e7b-8c2a-5d6e7f801234";
        c.issued_at = utc_time(2026, 11, 24, 3, 15, 0);
        return c;
    }

    KeyRing ring() const {
        KeyRing r;
        r.add("PKY1", key.public_key());
        return r;
    }

    std::string payload() const { return make_payload(claim(), key); }
};

// [round trip] ---------------------------------------------------------------------------

TEST_F(PayloadTest, RoundTripsThroughParseAndVerify) {
    const ReceiptClaim c = claim();
    const std::string text = make_payload(c, key);
    const auto parsed = parse_payload(text);
    ASSERT_TRUE(parsed.payload) << parsed.detail;
    EXPECT_EQ(parsed.fault, PayloadFault::kNone);
    EXPECT_EQ(parsed.payload->claim.receipt_no, c.receipt_no);
    EXPECT_EQ(parsed.payload->claim.case_id, c.case_id);
    EXPECT_EQ(parsed.payload->claim.kiosk_id, c.kiosk_id);
    EXPECT_EQ(parsed.payload->claim.issued_at, c.issued_at);
    EXPECT_EQ(parsed.payload->signed_text, text.substr(0, text.rfind(':')));
    EXPECT_EQ(to_text(*parsed.payload), text);

    const auto v = verify_payload(text, ring());
    EXPECT_TRUE(v.valid) << v.detail;
    EXPECT_EQ(v.reason, "ok");
    ASSERT_TRUE(v.claim);
    EXPECT_EQ(v.claim->receipt_no, c.receipt_no);
    EXPECT_EQ(v.claim->case_id, c.case_id);
    EXPECT_EQ(platform::format_utc(v.claim->issued_at), "2026-11-24T03:15:00Z");
}

TEST_F(PayloadTest, IsPureQrAlphanumericAndShort) {
    for (const std::string kiosk : {"PKY1", "PK", "PKY12345"}) {
        const std::string text = make_payload(claim(kiosk), key);
        for (char ch : text) {
            EXPECT_NE(kQrAlphanumeric.find(ch), std::string_view::npos)
                << "'" << ch << "' is not QR alphanumeric in " << text;
        }
        EXPECT_EQ(text.rfind("AJ1:", 0), 0u) << text;
        EXPECT_LE(text.size(), 181u) << text;
        EXPECT_LE(text.size(), kMaxPayloadSize);
    }
    EXPECT_EQ(make_payload(claim("PKY12345"), key).size(), 181u);
    EXPECT_EQ(make_payload(claim("PKY1"), key).size(), 173u);
}

TEST_F(PayloadTest, HoldsOnlyTheClaimFields) {
    const ReceiptClaim c = claim();
    const std::string text = make_payload(c, key);
    const auto f = fields_of(text);
    ASSERT_EQ(f.size(), 6u) << text;
    EXPECT_EQ(f[0], "AJ1");
    EXPECT_EQ(f[1], c.receipt_no);
    // The case id's 16 bytes, nothing more.
    const platform::Bytes id = {0x3f, 0x2b, 0x8c, 0x1e, 0x9a, 0x4d, 0x4e, 0x7b,
                                0x8c, 0x2a, 0x5d, 0x6e, 0x7f, 0x80, 0x12, 0x34};
    EXPECT_EQ(f[2], base32(id));
    EXPECT_EQ(f[3], "PKY1");
    EXPECT_EQ(f[4], "20261124031500");
    EXPECT_EQ(f[5].size(), 103u);
    const auto sig = from_base32(f[5]);
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->size(), SigningKey::kSignatureSize);
    // Deterministic (Ed25519): the same claim gives the same text, so nothing else varies.
    EXPECT_EQ(make_payload(c, key), text);
}

TEST_F(PayloadTest, MakeRefusesClaimsTheParserWouldRefuse) {
    auto bad = [&](auto change) {
        ReceiptClaim c = claim();
        change(c);
        EXPECT_THROW(make_payload(c, key), std::invalid_argument);
    };
    bad([](ReceiptClaim& c) { c.receipt_no = wrong_check(c.receipt_no); });
    bad([](ReceiptClaim& c) {
        std::transform(c.receipt_no.begin(), c.receipt_no.end(), c.receipt_no.begin(), ::tolower);
    });
    bad([](ReceiptClaim& c) { c.kiosk_id = "PKY2"; });
    bad([](ReceiptClaim& c) { c.kiosk_id = "pky1"; });
    bad([](ReceiptClaim& c) { c.case_id = "not-a-uuid"; });
    bad([](ReceiptClaim& c) { c.case_id = "3F2B8C1E-9A4D-4E7B-8C2A-5D6E7F801234"; });
    bad([](ReceiptClaim& c) { c.issued_at = utc_time(1999, 12, 31, 23, 59, 59); });
    bad([](ReceiptClaim& c) { c.issued_at = utc_time(2100, 1, 1); });
}

// [tampering] -----------------------------------------------------------------------------

bool is_refusal_reason(const std::string& reason) {
    return reason == "bad_signature" || reason.rfind("payload.", 0) == 0;
}

TEST_F(PayloadTest, EveryChangedCharacterIsRefused) {
    const std::string text = payload();
    const KeyRing keys = ring();
    ASSERT_TRUE(verify_payload(text, keys).valid);
    const std::string replacements = "A7Z0:- Q2$";
    int tried = 0;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        for (char r : replacements) {
            if (r == text[pos]) {
                continue;
            }
            std::string t = text;
            t[pos] = r;
            const auto v = verify_payload(t, keys);
            ++tried;
            // Whatever the parser accepts has exactly one spelling.
            if (const auto p = parse_payload(t); p.payload) {
                EXPECT_EQ(to_text(*p.payload), t) << "position " << pos;
            }
            EXPECT_FALSE(v.valid) << "position " << pos << " -> '" << r << "': " << t;
            EXPECT_TRUE(is_refusal_reason(v.reason))
                << "position " << pos << ": reason '" << v.reason << "'";
        }
    }
    EXPECT_GT(tried, static_cast<int>(text.size()) * 8);
}

TEST_F(PayloadTest, DroppedOrAddedCharactersAreRefused) {
    const std::string text = payload();
    const KeyRing keys = ring();
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        std::string dropped = text;
        dropped.erase(pos, 1);
        EXPECT_FALSE(verify_payload(dropped, keys).valid) << "dropped " << pos;
        std::string added = text;
        added.insert(pos, 1, 'A');
        EXPECT_FALSE(verify_payload(added, keys).valid) << "added at " << pos;
    }
    EXPECT_FALSE(verify_payload(text + " ", keys).valid);
    EXPECT_FALSE(verify_payload(" " + text, keys).valid);
}

TEST_F(PayloadTest, EveryFlippedSignatureBitIsABadSignature) {
    const std::string text = payload();
    const KeyRing keys = ring();
    auto f = fields_of(text);
    const auto sig = from_base32(f[5]);
    ASSERT_TRUE(sig);
    ASSERT_EQ(sig->size(), 64u);
    for (std::size_t byte = 0; byte < sig->size(); ++byte) {
        for (int bit = 0; bit < 8; ++bit) {
            auto flipped = *sig;
            flipped[byte] = static_cast<std::uint8_t>(flipped[byte] ^ (1u << bit));
            f[5] = base32(flipped);
            const auto parsed = parse_payload(join(f));
            ASSERT_TRUE(parsed.payload) << parsed.detail;
            EXPECT_EQ(to_text(*parsed.payload), join(f));
            const auto v = verify_payload(join(f), keys);
            EXPECT_FALSE(v.valid) << "byte " << byte << " bit " << bit;
            EXPECT_EQ(v.reason, "bad_signature") << "byte " << byte << " bit " << bit;
        }
    }
}

TEST_F(PayloadTest, ASignatureByAnotherKeyIsABadSignature) {
    const std::string forged = make_payload(claim(), other_key);
    const auto v = verify_payload(forged, ring());
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.reason, "bad_signature");
    ASSERT_TRUE(v.claim);  // it parsed: the claim is shown, but not trusted
    EXPECT_EQ(v.claim->kiosk_id, "PKY1");
}

TEST_F(PayloadTest, AnUnknownKioskIsNamed) {
    const std::string text = make_payload(claim("PKY2"), key);
    const auto v = verify_payload(text, ring());
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.reason, "unknown_kiosk");
    EXPECT_NE(v.detail.find("PKY2"), std::string::npos) << v.detail;
    EXPECT_EQ(verify_payload(text, KeyRing{}).reason, "unknown_kiosk");
}

TEST_F(PayloadTest, AClaimRelabelledToAnotherKioskIsRefused) {
    KeyRing keys = ring();
    keys.add("PKY2", other_key.public_key());
    const std::string text = payload();
    auto f = fields_of(text);

    // Only the kiosk field: it no longer matches the receipt number.
    auto only_kiosk = f;
    only_kiosk[3] = "PKY2";
    const auto v1 = verify_payload(join(only_kiosk), keys);
    EXPECT_FALSE(v1.valid);
    EXPECT_EQ(v1.reason, "payload.kiosk_mismatch");

    // Kiosk and a well-formed receipt number of that kiosk: the signature no longer matches,
    // under either kiosk's key.
    auto both = f;
    both[1] = domain::make_receipt_number("PKY2", {2026, 11, 24}, 42);
    both[3] = "PKY2";
    const auto v2 = verify_payload(join(both), keys);
    EXPECT_FALSE(v2.valid);
    EXPECT_EQ(v2.reason, "bad_signature");
    KeyRing same_key;
    same_key.add("PKY2", key.public_key());
    const auto v3 = verify_payload(join(both), same_key);
    EXPECT_FALSE(v3.valid);
    EXPECT_EQ(v3.reason, "bad_signature");
}

TEST_F(PayloadTest, ASignatureIsBoundToItsOwnTextOnly) {
    // Another receipt's valid signature pasted onto this receipt's fields.
    const std::string a = make_payload(claim("PKY1", 42), key);
    const std::string b = make_payload(claim("PKY1", 43), key);
    auto fa = fields_of(a);
    fa[5] = fields_of(b)[5];
    const auto v = verify_payload(join(fa), ring());
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.reason, "bad_signature");
    // A plain Ed25519 signature over the signed text (without the receipt context) is refused.
    auto fs = fields_of(a);
    const std::string signed_text = a.substr(0, a.rfind(':'));
    fs[5] = base32(key.sign(bytes_of(signed_text)));
    EXPECT_EQ(verify_payload(join(fs), ring()).reason, "bad_signature");
}

// [faults] --------------------------------------------------------------------------------

struct FaultCase {
    std::string name;
    std::string text;
    PayloadFault fault;
    std::string detail_part;  // what the detail must mention
};

TEST_F(PayloadTest, EveryFaultIsReachedWithAClearDetail) {
    const std::string good = payload();
    const auto f = fields_of(good);
    auto with = [&](std::size_t field, const std::string& value) {
        auto g = f;
        g[field] = value;
        return join(g);
    };
    std::string lower_receipt = f[1];
    std::transform(lower_receipt.begin(), lower_receipt.end(), lower_receipt.begin(), ::tolower);
    const std::string case_id_lower = lower_first_letter(f[2]);
    std::string case_id_trailing = f[2];
    case_id_trailing.back() = kBase32Alphabet[kBase32Alphabet.find(case_id_trailing.back()) ^ 1u];
    std::string sig_trailing = f[5];
    sig_trailing.back() = kBase32Alphabet[kBase32Alphabet.find(sig_trailing.back()) ^ 1u];
    const std::string sig_lower = lower_first_letter(f[5]);

    const std::vector<FaultCase> cases = {
        {"empty", "", PayloadFault::kEmpty, "empty"},
        {"too long", std::string(257, 'A'), PayloadFault::kTooLong, "257"},
        {"too long, otherwise good", good + std::string(kMaxPayloadSize, 'A'),
         PayloadFault::kTooLong, "256"},
        {"url", "https://example.go.id/cek?no=PKY1-261124-0042-2", PayloadFault::kNotAnjungan,
         "not an Anjungan"},
        {"short", "AJ1", PayloadFault::kNotAnjungan, "not an Anjungan"},
        {"no digit", "AJX:" + good.substr(4), PayloadFault::kNotAnjungan, "not an Anjungan"},
        {"lower prefix", "aj1:" + good.substr(4), PayloadFault::kNotAnjungan, "not an Anjungan"},
        {"version 2", "AJ2:" + good.substr(4), PayloadFault::kVersion, "version 2"},
        {"version 0", "AJ0:" + good.substr(4), PayloadFault::kVersion, "version 0"},
        {"four fields", good.substr(0, good.rfind(':')), PayloadFault::kFields, "found 4"},
        {"six fields", good + ":AAAA", PayloadFault::kFields, "found 6"},
        {"receipt lower case", with(1, lower_receipt), PayloadFault::kReceiptNo, "canonical"},
        {"receipt without dashes",
         with(1, domain::make_receipt_number("PKY1", {2026, 11, 24}, 42).erase(4, 1)),
         PayloadFault::kReceiptNo, "canonical"},
        {"receipt check char", with(1, wrong_check(f[1])), PayloadFault::kReceiptNo,
         "not a receipt number"},
        {"receipt empty", with(1, ""), PayloadFault::kReceiptNo, "not a receipt number"},
        {"case id short", with(2, f[2].substr(1)), PayloadFault::kCaseId, "26"},
        {"case id long", with(2, f[2] + "A"), PayloadFault::kCaseId, "26"},
        {"case id lower case", with(2, case_id_lower), PayloadFault::kCaseId, case_id_lower},
        {"case id digit 1", with(2, "1" + f[2].substr(1)), PayloadFault::kCaseId, "base-32"},
        {"case id trailing bits", with(2, case_id_trailing), PayloadFault::kCaseId,
         case_id_trailing},
        {"case id as uuid", with(2, "3f2b8c1e-9a4d-4e7b-8c2a-5d6e7f801234"), PayloadFault::kCaseId,
         "case id"},
        {"kiosk id lower case", with(3, "pky1"), PayloadFault::kKioskId, "pky1"},
        {"kiosk id too short", with(3, "P"), PayloadFault::kKioskId, "2 to 8"},
        {"kiosk id with I", with(3, "PKI1"), PayloadFault::kKioskId, "I, L, O or U"},
        {"kiosk id empty", with(3, ""), PayloadFault::kKioskId, "kiosk id"},
        {"kiosk mismatch", with(3, "PKY2"), PayloadFault::kKioskMismatch, "PKY2"},
        {"month 13", with(4, "20261301031500"), PayloadFault::kIssuedAt, "20261301031500"},
        {"30 February", with(4, "20260230031500"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"hour 24", with(4, "20261124240000"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"second 60", with(4, "20261124031560"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"year 1999", with(4, "19991231235959"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"year 2100", with(4, "21000101000000"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"13 digits", with(4, "2026112403150"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"iso form", with(4, "2026-11-24T03"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"sign in time", with(4, "2026112403150-"), PayloadFault::kIssuedAt, "YYYYMMDDHHMMSS"},
        {"signature short", with(5, f[5].substr(1)), PayloadFault::kSignatureEncoding, "103"},
        {"signature padded", with(5, f[5] + "="), PayloadFault::kSignatureEncoding, "103"},
        {"signature padded in place", with(5, f[5].substr(0, 102) + "="),
         PayloadFault::kSignatureEncoding, "103"},
        {"signature lower case", with(5, sig_lower), PayloadFault::kSignatureEncoding, "103"},
        {"signature trailing bits", with(5, sig_trailing), PayloadFault::kSignatureEncoding, "103"},
        {"signature empty", with(5, ""), PayloadFault::kSignatureEncoding, "103"},
    };
    std::set<PayloadFault> reached;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name + ": " + c.text);
        const auto r = parse_payload(c.text);
        EXPECT_FALSE(r.payload);
        EXPECT_EQ(r.fault, c.fault) << "got " << to_code(r.fault) << ": " << r.detail;
        EXPECT_FALSE(r.detail.empty());
        EXPECT_NE(r.detail.find(c.detail_part), std::string::npos)
            << "detail '" << r.detail << "' does not mention '" << c.detail_part << "'";
        const auto v = verify_payload(c.text, ring());
        EXPECT_FALSE(v.valid);
        EXPECT_EQ(v.reason, to_code(c.fault));
        EXPECT_EQ(v.detail, r.detail);
        reached.insert(r.fault);
    }
    // Every fault but kNone was reached.
    EXPECT_EQ(reached.size(), 11u);
}

TEST_F(PayloadTest, FaultCodesAreStableAndDistinct) {
    const std::vector<std::pair<PayloadFault, std::string>> expected = {
        {PayloadFault::kNone, "ok"},
        {PayloadFault::kEmpty, "payload.empty"},
        {PayloadFault::kTooLong, "payload.too_long"},
        {PayloadFault::kNotAnjungan, "payload.not_anjungan"},
        {PayloadFault::kVersion, "payload.version"},
        {PayloadFault::kFields, "payload.fields"},
        {PayloadFault::kReceiptNo, "payload.receipt_no"},
        {PayloadFault::kCaseId, "payload.case_id"},
        {PayloadFault::kKioskId, "payload.kiosk_id"},
        {PayloadFault::kKioskMismatch, "payload.kiosk_mismatch"},
        {PayloadFault::kIssuedAt, "payload.issued_at"},
        {PayloadFault::kSignatureEncoding, "payload.signature_encoding"},
    };
    std::set<std::string> codes;
    for (const auto& [fault, code] : expected) {
        EXPECT_EQ(to_code(fault), code);
        codes.insert(std::string(to_code(fault)));
    }
    EXPECT_EQ(codes.size(), expected.size());
}

TEST_F(PayloadTest, ParserNeverThrowsOnRandomInput) {
    std::mt19937 rng(7);
    const std::string good = payload();
    for (int i = 0; i < 3000; ++i) {
        std::string t = good;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t pos = rng() % t.size();
            t[pos] = static_cast<char>(rng() % 256);
        }
        if (rng() % 3 == 0) {
            t.resize(rng() % (t.size() + 1));
        }
        ParseResult r;
        EXPECT_NO_THROW(r = parse_payload(t)) << t;
        if (t != good) {
            EXPECT_FALSE(verify_payload(t, ring()).valid) << t;
        }
        if (r.payload) {
            EXPECT_EQ(to_text(*r.payload), t);
        }
    }
}

// [base 32] -------------------------------------------------------------------------------

TEST(Base32Test, MatchesRfc4648Vectors) {
    const std::vector<std::pair<std::string, std::string>> vectors = {
        {"", ""},
        {"f", "MY"},
        {"fo", "MZXQ"},
        {"foo", "MZXW6"},
        {"foob", "MZXW6YQ"},
        {"fooba", "MZXW6YTB"},
        {"foobar", "MZXW6YTBOI"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base32(bytes_of(plain)), encoded) << plain;
        const auto back = from_base32(encoded);
        ASSERT_TRUE(back) << encoded;
        EXPECT_EQ(text_of(*back), plain);
    }
}

TEST(Base32Test, RoundTripsEveryLengthUpTo70) {
    std::mt19937 rng(11);
    for (std::size_t n = 0; n <= 70; ++n) {
        for (int rep = 0; rep < 5; ++rep) {
            platform::Bytes b(n);
            for (auto& x : b) {
                x = static_cast<std::uint8_t>(rng());
            }
            const std::string t = base32(b);
            EXPECT_EQ(t.size(), (n * 8 + 4) / 5);
            for (char ch : t) {
                EXPECT_NE(kBase32Alphabet.find(ch), std::string_view::npos);
            }
            const auto back = from_base32(t);
            ASSERT_TRUE(back) << t;
            EXPECT_EQ(*back, b);
        }
    }
    // All 0x00 and all 0xff bytes too.
    EXPECT_EQ(*from_base32(base32(platform::Bytes(64, 0xff))), platform::Bytes(64, 0xff));
    EXPECT_EQ(base32(platform::Bytes(5, 0)), "AAAAAAAA");
    EXPECT_EQ(base32(platform::Bytes(5, 0xff)), "77777777");
}

TEST(Base32Test, RefusesNonCanonicalText) {
    EXPECT_FALSE(from_base32("my"));        // lower case
    EXPECT_FALSE(from_base32("MZxW6"));     // one lower-case letter
    EXPECT_FALSE(from_base32("MY======"));  // padding
    EXPECT_FALSE(from_base32("MY="));
    EXPECT_FALSE(from_base32("MZXW6YQ="));
    EXPECT_FALSE(from_base32("MZ XQ"));  // space
    EXPECT_FALSE(from_base32("MZ1Q"));   // 0, 1, 8, 9 are not in the alphabet
    EXPECT_FALSE(from_base32("MZ0Q"));
    EXPECT_FALSE(from_base32("MZ8Q"));
    EXPECT_FALSE(from_base32(std::string("MZ\0Q", 4)));
    // Lengths no byte count produces: 1, 3 and 6 mod 8.
    for (const std::string t : {"M", "MZX", "MZXW6Y", "MZXW6YTBM", "MZXW6YTBOIM"}) {
        EXPECT_FALSE(from_base32(t)) << t;
    }
    // Non-zero left-over bits: "MZ" decodes to "f" but leaves 2 bits that must be zero.
    EXPECT_TRUE(from_base32("MY"));
    EXPECT_FALSE(from_base32("MZ"));
    EXPECT_FALSE(from_base32("MZXR"));        // "fo" with a trailing bit set
    EXPECT_FALSE(from_base32("MZXW7"));       // "foo" with a trailing bit set
    EXPECT_FALSE(from_base32("MZXW6YR"));     // "foob"
    EXPECT_FALSE(from_base32("MZXW6YTBOJ"));  // "foobar"
    // Every length accepted for some text of that length is accepted once canonical.
    EXPECT_TRUE(from_base32(""));
    EXPECT_TRUE(from_base32("")->empty());
}

// [key ring] ------------------------------------------------------------------------------

class KeyRingTest : public ::testing::Test {
  protected:
    TempDir dir;
    SigningKey a = SigningKey::generate();
    SigningKey b = SigningKey::generate();

    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const auto p = dir / name;
        std::ofstream(p) << content;
        return p;
    }

    // Loading `content` must fail with a message naming the file (and `part`).
    void expect_refused(const std::string& name, const std::string& content,
                        const std::string& part) const {
        const auto p = write(name, content);
        try {
            KeyRing::load(p);
            ADD_FAILURE() << name << " was accepted";
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(p.string()), std::string::npos) << what;
            EXPECT_NE(what.find(part), std::string::npos) << what << " lacks " << part;
        }
    }
};

TEST_F(KeyRingTest, LoadsAGoodFile) {
    const auto p =
        write("keys.json", "[{\"kiosk_id\": \"PKY1\", \"public_key\": \"" + a.public_key_text() +
                               "\"}, {\"kiosk_id\": \"PKY2\", \"public_key\": \"" +
                               b.public_key_text() + "\"}]");
    const KeyRing ring = KeyRing::load(p);
    EXPECT_EQ(ring.size(), 2u);
    ASSERT_TRUE(ring.find("PKY1"));
    EXPECT_EQ(*ring.find("PKY1"), a.public_key());
    ASSERT_TRUE(ring.find("PKY2"));
    EXPECT_EQ(*ring.find("PKY2"), b.public_key());
    EXPECT_EQ(ring.find("PKY3"), nullptr);
    EXPECT_EQ(KeyRing::load(write("empty.json", "[]")).size(), 0u);

    // A payload of PKY2 signed with b verifies with the loaded ring.
    ReceiptClaim c;
    c.kiosk_id = "PKY2";
    c.receipt_no = domain::make_receipt_number("PKY2", {2026, 11, 24}, 1);
    c.case_id = platform::new_uuid_v4();
    c.issued_at = utc_time(2026, 11, 24, 3);
    EXPECT_TRUE(verify_payload(make_payload(c, b), ring).valid);
    EXPECT_EQ(verify_payload(make_payload(c, a), ring).reason, "bad_signature");
}

TEST_F(KeyRingTest, RefusesBrokenFilesNamingThem) {
    const std::string key = a.public_key_text();
    expect_refused("notjson.json", "[{\"kiosk_id\": \"PKY1\",", "not JSON");
    expect_refused("empty.json", "", "not JSON");
    expect_refused("object.json", "{\"kiosk_id\": \"PKY1\", \"public_key\": \"" + key + "\"}",
                   "expected an array");
    expect_refused("strings.json", "[\"PKY1\"]", "entry 1");
    expect_refused("nokey.json", "[{\"kiosk_id\": \"PKY1\"}]", "entry 1");
    expect_refused("numberkey.json", "[{\"kiosk_id\": \"PKY1\", \"public_key\": 5}]", "entry 1");
    expect_refused(
        "second.json",
        "[{\"kiosk_id\": \"PKY1\", \"public_key\": \"" + key + "\"}, {\"kiosk_id\": \"PKY2\"}]",
        "entry 2");
    expect_refused("badkey.json", "[{\"kiosk_id\": \"PKY1\", \"public_key\": \"abc\"}]",
                   "public_key of PKY1");
    expect_refused("shortkey.json",
                   "[{\"kiosk_id\": \"PKY1\", \"public_key\": \"" + key.substr(1) + "\"}]",
                   "public_key of PKY1");
    expect_refused("badid.json", "[{\"kiosk_id\": \"pky1\", \"public_key\": \"" + key + "\"}]",
                   "kiosk id 'pky1'");
    expect_refused("longid.json",
                   "[{\"kiosk_id\": \"PKY123456\", \"public_key\": \"" + key + "\"}]",
                   "kiosk id 'PKY123456'");
    try {
        KeyRing::load(dir / "missing.json");
        ADD_FAILURE() << "a missing file was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos) << e.what();
    }
}

TEST_F(KeyRingTest, AddRefusesWhatIsNotAKey) {
    KeyRing ring;
    EXPECT_TRUE(ring.add("PKY1", a.public_key_text()));
    EXPECT_FALSE(ring.add("PKY2", "not a key"));
    EXPECT_FALSE(ring.add("PKY2", a.public_key_text().substr(0, 42)));
    EXPECT_FALSE(ring.add("PKY2", a.public_key_text() + "AA"));
    EXPECT_EQ(ring.size(), 1u);
    EXPECT_EQ(ring.find("PKY2"), nullptr);
}

TEST_F(KeyRingTest, MergeLetsTheOtherRingWin) {
    const SigningKey c = SigningKey::generate();
    KeyRing mine;
    mine.add("PKY1", a.public_key());
    mine.add("PKY2", a.public_key());
    KeyRing theirs;
    theirs.add("PKY2", b.public_key());
    theirs.add("PKY3", c.public_key());
    mine.merge(theirs);
    EXPECT_EQ(mine.size(), 3u);
    EXPECT_EQ(*mine.find("PKY1"), a.public_key());  // only mine knows it: kept
    EXPECT_EQ(*mine.find("PKY2"), b.public_key());  // both know it: theirs wins
    EXPECT_EQ(*mine.find("PKY3"), c.public_key());
    // The merged-in ring is unchanged.
    EXPECT_EQ(theirs.size(), 2u);
    EXPECT_EQ(theirs.find("PKY1"), nullptr);
}

}  // namespace
}  // namespace anjungan::printing
