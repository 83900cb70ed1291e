// Tests for hashing, ids, encryption at rest, key files and signatures (platform/crypto.hpp).
//
// Known-answer values are the published FIPS 180-2 / RFC 4648 vectors; everything else checks
// the documented properties (round trips, and refusal of anything altered, moved or cut).

#include "anjungan/platform/crypto.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace anjungan::platform {
namespace {

namespace fs = std::filesystem;

Bytes bytes_of(std::string_view s) {
    return Bytes(s.begin(), s.end());
}

// Deterministic, non-repeating-looking content of `n` bytes.
Bytes pattern(std::size_t n) {
    Bytes b(n);
    std::uint32_t x = 2463534242u;
    for (auto& byte : b) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        byte = static_cast<std::uint8_t>(x);
    }
    return b;
}

bool same_key(const SecretKey& a, const SecretKey& b) {
    return std::memcmp(a.data(), b.data(), SecretKey::kSize) == 0;
}

class TempDirTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = "/tmp/anjungan-crypto-test-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
};

// ---- hashes and encodings ----------------------------------------------------------------------

TEST(CryptoSha256, MatchesFipsVectorForAbc) {
    EXPECT_EQ(sha256_hex(std::string_view("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoSha256, MatchesVectorForEmptyInput) {
    EXPECT_EQ(sha256_hex(std::string_view("")),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(CryptoSha256, MatchesFipsTwoBlockVector) {
    EXPECT_EQ(
        sha256_hex(std::string_view("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(CryptoSha256, SpanAndTextOverloadsAgree) {
    const Bytes b = bytes_of("abc");
    EXPECT_EQ(sha256_hex(std::span<const std::uint8_t>(b)), sha256_hex(std::string_view("abc")));
}

TEST(CryptoSha256, IsSha256HexAcceptsOnlyLowerCaseHexOf64) {
    EXPECT_TRUE(is_sha256_hex(sha256_hex(std::string_view("abc"))));
    EXPECT_FALSE(is_sha256_hex(""));
    EXPECT_FALSE(is_sha256_hex(std::string(63, 'a')));
    EXPECT_FALSE(is_sha256_hex(std::string(65, 'a')));
    EXPECT_FALSE(is_sha256_hex(std::string(64, 'A')));
    EXPECT_FALSE(is_sha256_hex(std::string(64, 'g')));
}

TEST(CryptoHex, WritesLowerCaseHex) {
    const Bytes b = {0x00, 0x01, 0xab, 0xff};
    EXPECT_EQ(to_hex(b), "0001abff");
    EXPECT_EQ(to_hex(Bytes{}), "");
}

TEST(CryptoBase64url, MatchesRfc4648VectorsWithoutPadding) {
    EXPECT_EQ(base64url(bytes_of("")), "");
    EXPECT_EQ(base64url(bytes_of("f")), "Zg");
    EXPECT_EQ(base64url(bytes_of("fo")), "Zm8");
    EXPECT_EQ(base64url(bytes_of("foo")), "Zm9v");
    EXPECT_EQ(base64url(bytes_of("foob")), "Zm9vYg");
    EXPECT_EQ(base64url(bytes_of("fooba")), "Zm9vYmE");
    EXPECT_EQ(base64url(bytes_of("foobar")), "Zm9vYmFy");
}

TEST(CryptoBase64url, UsesDashAndUnderscoreInsteadOfPlusAndSlash) {
    // 0xFB 0xFF = 111110 111111 1111(00): 62, 63, 60 -> '-', '_', '8'.
    EXPECT_EQ(base64url(Bytes{0xfb, 0xff}), "-_8");
}

TEST(CryptoBase64url, DecodingInvertsEncodingForEveryLength) {
    for (std::size_t n = 0; n <= 70; ++n) {
        const Bytes x = pattern(n);
        const auto back = from_base64url(base64url(x));
        ASSERT_TRUE(back.has_value()) << "length " << n;
        EXPECT_EQ(*back, x) << "length " << n;
    }
}

TEST(CryptoBase64url, RefusesGarbage) {
    for (const char* bad : {"!!!!", "Zm9v!", "Zm+v", "Zm/v", "Zm8=", "Z", "Zm9vY", " Zm9v", "Zm9v ",
                            "Zm\n9v", "\xff\xfe"}) {
        EXPECT_FALSE(from_base64url(bad).has_value()) << "accepted '" << bad << "'";
    }
}

// ---- UUIDs
// ---------------------------------------------------------------------------------------

TEST(CryptoUuid, NewUuidHasTheVersion4Form) {
    for (int i = 0; i < 200; ++i) {
        const std::string u = new_uuid_v4();
        ASSERT_TRUE(is_uuid(u)) << u;
        ASSERT_EQ(u.size(), 36u);
        EXPECT_EQ(u[14], '4') << u;                                          // version nibble
        EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;  // RFC 4122 variant
    }
}

TEST(CryptoUuid, ThousandNewUuidsAreDistinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        seen.insert(new_uuid_v4());
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(CryptoUuid, IsUuidRefusesOtherShapes) {
    EXPECT_TRUE(is_uuid("123e4567-e89b-42d3-a456-426614174000"));
    EXPECT_FALSE(is_uuid(""));
    EXPECT_FALSE(is_uuid("123E4567-E89B-42D3-A456-426614174000"));   // upper case
    EXPECT_FALSE(is_uuid("123e4567e89b42d3a456426614174000"));       // no dashes
    EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-42661417400"));    // short
    EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-4266141740000"));  // long
    EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456_426614174000"));   // wrong separator
    EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-42661417400g"));   // not hex
}

// ---- keys and derivation
// ---------------------------------------------------------------------------

TEST(CryptoSecretKey, GeneratedKeysDiffer) {
    EXPECT_FALSE(same_key(SecretKey::generate(), SecretKey::generate()));
}

TEST(CryptoSecretKey, DeriveGivesDifferentSubkeysPerPurpose) {
    const SecretKey master = SecretKey::generate();
    const SecretKey a = master.derive(static_cast<std::uint64_t>(KeyPurpose::kFieldEncryption));
    const SecretKey b = master.derive(static_cast<std::uint64_t>(KeyPurpose::kBlobEncryption));
    const SecretKey c = master.derive(static_cast<std::uint64_t>(KeyPurpose::kLookupHash));
    const SecretKey d = master.derive(static_cast<std::uint64_t>(KeyPurpose::kKeyCheck));
    EXPECT_FALSE(same_key(a, b));
    EXPECT_FALSE(same_key(a, c));
    EXPECT_FALSE(same_key(a, d));
    EXPECT_FALSE(same_key(b, c));
    EXPECT_FALSE(same_key(b, d));
    EXPECT_FALSE(same_key(c, d));
    EXPECT_FALSE(same_key(a, master));
}

TEST(CryptoSecretKey, DeriveIsDeterministic) {
    const SecretKey master = SecretKey::generate();
    EXPECT_TRUE(same_key(master.derive(1), master.derive(1)));
    const SecretKey copy = master;
    EXPECT_TRUE(same_key(copy.derive(2), master.derive(2)));
}

TEST(CryptoSecretKey, DifferentMastersDeriveDifferentSubkeys) {
    EXPECT_FALSE(same_key(SecretKey::generate().derive(1), SecretKey::generate().derive(1)));
}

TEST(CryptoKeyedHash, DependsOnKeyAndText) {
    const SecretKey k1 = SecretKey::generate();
    const SecretKey k2 = SecretKey::generate();
    const std::string h = keyed_hash_hex(k1, "6271014508900001");
    EXPECT_TRUE(is_sha256_hex(h));  // 32 bytes as lower-case hex
    EXPECT_EQ(h, keyed_hash_hex(k1, "6271014508900001"));
    EXPECT_NE(h, keyed_hash_hex(k2, "6271014508900001"));
    EXPECT_NE(h, keyed_hash_hex(k1, "6271014508900002"));
}

// ---- seal / open
// ---------------------------------------------------------------------------------

TEST(CryptoSeal, RoundTrips) {
    const SecretKey key = SecretKey::generate();
    for (std::size_t n : {0u, 1u, 16u, 1000u}) {
        const Bytes plain = pattern(n);
        const Bytes sealed = seal(key, plain, "case-1");
        const auto back = unseal(key, sealed, "case-1");
        ASSERT_TRUE(back.has_value()) << n;
        EXPECT_EQ(*back, plain);
    }
}

TEST(CryptoSeal, CiphertextDoesNotContainThePlainText) {
    const SecretKey key = SecretKey::generate();
    const std::string secret = "6271014508900001-secret-nik";
    const Bytes sealed = seal(key, bytes_of(secret), "ctx");
    const std::string text(sealed.begin(), sealed.end());
    EXPECT_EQ(text.find(secret), std::string::npos);
}

TEST(CryptoSeal, SealingTwiceGivesDifferentCiphertexts) {
    const SecretKey key = SecretKey::generate();
    const Bytes plain = bytes_of("same value");
    EXPECT_NE(seal(key, plain, "ctx"), seal(key, plain, "ctx"));
}

TEST(CryptoSeal, OpenFailsWithAWrongKey) {
    const Bytes sealed = seal(SecretKey::generate(), bytes_of("hello"), "ctx");
    EXPECT_FALSE(unseal(SecretKey::generate(), sealed, "ctx").has_value());
}

TEST(CryptoSeal, OpenFailsWithAWrongContext) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal(key, bytes_of("hello"), "case-1");
    EXPECT_FALSE(unseal(key, sealed, "case-2").has_value());
    EXPECT_FALSE(unseal(key, sealed, "").has_value());
}

TEST(CryptoSeal, OpenFailsWhenAnySingleByteIsFlipped) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal(key, bytes_of("a small personal value"), "ctx");
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        Bytes bad = sealed;
        bad[i] ^= 0x01;
        EXPECT_FALSE(unseal(key, bad, "ctx").has_value()) << "flipped byte " << i;
    }
}

TEST(CryptoSeal, OpenFailsOnTruncatedOrTooShortInput) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal(key, bytes_of("hello"), "ctx");
    for (std::size_t n = 0; n < sealed.size(); ++n) {
        const Bytes cut(sealed.begin(), sealed.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_FALSE(unseal(key, cut, "ctx").has_value()) << "kept " << n << " bytes";
    }
}

TEST(CryptoSeal, OpenFailsWithBytesAppended) {
    const SecretKey key = SecretKey::generate();
    Bytes sealed = seal(key, bytes_of("hello"), "ctx");
    sealed.push_back(0);
    EXPECT_FALSE(unseal(key, sealed, "ctx").has_value());
}

// ---- seal_stream / open_stream
// ---------------------------------------------------------------------

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kStreamTag = crypto_secretstream_xchacha20poly1305_ABYTES;

class CryptoStreamSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(CryptoStreamSizes, RoundTrips) {
    const SecretKey key = SecretKey::generate();
    const Bytes plain = pattern(GetParam());
    const Bytes sealed = seal_stream(key, plain, "blob-ctx");
    EXPECT_GT(sealed.size(), plain.size());
    const auto back = open_stream(key, sealed, "blob-ctx");
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, plain);
}

TEST_P(CryptoStreamSizes, FailsWhenTheLastByteIsDropped) {
    const SecretKey key = SecretKey::generate();
    Bytes sealed = seal_stream(key, pattern(GetParam()), "ctx");
    sealed.pop_back();
    EXPECT_FALSE(open_stream(key, sealed, "ctx").has_value());
}

TEST_P(CryptoStreamSizes, FailsWhenTheWholeLastChunkIsDropped) {
    // The content is cut into 64 KiB chunks and a final chunk holding the rest (possibly
    // nothing), each carrying an authentication tag.
    const std::size_t n = GetParam();
    const SecretKey key = SecretKey::generate();
    Bytes sealed = seal_stream(key, pattern(n), "ctx");
    const std::size_t last = n % kChunk + kStreamTag;
    ASSERT_GT(sealed.size(), last);
    sealed.resize(sealed.size() - last);
    EXPECT_FALSE(open_stream(key, sealed, "ctx").has_value());
}

TEST_P(CryptoStreamSizes, FailsWithAWrongContext) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal_stream(key, pattern(GetParam()), "case-1/ktp");
    EXPECT_FALSE(open_stream(key, sealed, "case-2/ktp").has_value());
}

TEST_P(CryptoStreamSizes, FailsWithAWrongKey) {
    const Bytes sealed = seal_stream(SecretKey::generate(), pattern(GetParam()), "ctx");
    EXPECT_FALSE(open_stream(SecretKey::generate(), sealed, "ctx").has_value());
}

TEST_P(CryptoStreamSizes, FailsWithBytesAppended) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal_stream(key, pattern(GetParam()), "ctx");
    Bytes one = sealed;
    one.push_back(0x00);
    EXPECT_FALSE(open_stream(key, one, "ctx").has_value());
    Bytes many = sealed;
    many.insert(many.end(), 100, 0x42);
    EXPECT_FALSE(open_stream(key, many, "ctx").has_value());
}

TEST_P(CryptoStreamSizes, FailsWithAFlippedByteAnywhere) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal_stream(key, pattern(GetParam()), "ctx");
    // The first bytes (format tag and stream header), the middle, and the last byte.
    std::vector<std::size_t> positions = {
        0, 4, 5, 10, 28, 29, sealed.size() / 2, sealed.size() - 1};
    for (std::size_t p = 0; p < sealed.size(); p += 4099) {
        positions.push_back(p);
    }
    for (std::size_t p : positions) {
        Bytes bad = sealed;
        bad[p] ^= 0x80;
        EXPECT_FALSE(open_stream(key, bad, "ctx").has_value()) << "flipped byte " << p;
    }
}

INSTANTIATE_TEST_SUITE_P(Sizes, CryptoStreamSizes,
                         ::testing::Values(0u, 1u, 65535u, 65536u, 65537u, 300000u),
                         [](const ::testing::TestParamInfo<std::size_t>& param_info) {
                             return "Bytes" + std::to_string(param_info.param);
                         });

TEST(CryptoStream, EveryByteFlipIsDetectedForSmallContent) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal_stream(key, pattern(40), "ctx");
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        Bytes bad = sealed;
        bad[i] ^= 0x01;
        EXPECT_FALSE(open_stream(key, bad, "ctx").has_value()) << "flipped byte " << i;
    }
}

TEST(CryptoStream, FailsOnEveryTruncationOfSmallContent) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal_stream(key, pattern(40), "ctx");
    for (std::size_t n = 0; n < sealed.size(); ++n) {
        const Bytes cut(sealed.begin(), sealed.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_FALSE(open_stream(key, cut, "ctx").has_value()) << "kept " << n;
    }
}

TEST(CryptoStream, FailsWhenFullChunksAreSwapped) {
    // 300000 bytes: four full chunks, then the rest. Swap the second and the third.
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal_stream(key, pattern(300000), "ctx");
    const std::size_t full = kChunk + kStreamTag;
    const std::size_t tail = 300000 % kChunk + kStreamTag;
    const std::size_t head = sealed.size() - 4 * full - tail;
    Bytes swapped = sealed;
    std::swap_ranges(swapped.begin() + static_cast<std::ptrdiff_t>(head + full),
                     swapped.begin() + static_cast<std::ptrdiff_t>(head + 2 * full),
                     swapped.begin() + static_cast<std::ptrdiff_t>(head + 2 * full));
    ASSERT_NE(swapped, sealed);
    EXPECT_FALSE(open_stream(key, swapped, "ctx").has_value());
}

TEST(CryptoStream, FailsWhenAFullChunkIsRemovedFromTheMiddle) {
    const SecretKey key = SecretKey::generate();
    const Bytes sealed = seal_stream(key, pattern(300000), "ctx");
    const std::size_t full = kChunk + kStreamTag;
    const std::size_t tail = 300000 % kChunk + kStreamTag;
    const std::size_t head = sealed.size() - 4 * full - tail;
    Bytes cut = sealed;
    cut.erase(cut.begin() + static_cast<std::ptrdiff_t>(head + full),
              cut.begin() + static_cast<std::ptrdiff_t>(head + 2 * full));
    EXPECT_FALSE(open_stream(key, cut, "ctx").has_value());
}

TEST(CryptoStream, SealedSmallValueCannotBeOpenedAsStreamNorViceVersa) {
    const SecretKey key = SecretKey::generate();
    const Bytes plain = pattern(100);
    EXPECT_FALSE(open_stream(key, seal(key, plain, "ctx"), "ctx").has_value());
    EXPECT_FALSE(unseal(key, seal_stream(key, plain, "ctx"), "ctx").has_value());
}

TEST(CryptoStream, RefusesEmptyInput) {
    EXPECT_FALSE(open_stream(SecretKey::generate(), Bytes{}, "ctx").has_value());
}

// ---- key files
// -------------------------------------------------------------------------------------

using CryptoKeyFile = TempDirTest;

TEST_F(CryptoKeyFile, SecretKeyFileRoundTripsWithMode0600) {
    const SecretKey key = SecretKey::generate();
    const fs::path p = dir_ / "device.key";
    write_secret_key_file(p, key);
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_TRUE(same_key(read_secret_key_file(p), key));
}

TEST_F(CryptoKeyFile, SecretKeyFileIsOneLineOfTaggedHex) {
    // The file is text: one line "<tag>:<hex>".
    const SecretKey key = SecretKey::generate();
    const fs::path p = dir_ / "device.key";
    write_secret_key_file(p, key);
    const Bytes raw = read_file(p);
    const std::string text(raw.begin(), raw.end());
    EXPECT_NE(text.find(to_hex(std::span<const std::uint8_t>(key.data(), SecretKey::kSize))),
              std::string::npos);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST_F(CryptoKeyFile, RefusesKeyFileReadableByOthersWithChmodHint) {
    const fs::path p = dir_ / "device.key";
    write_secret_key_file(p, SecretKey::generate());
    ASSERT_EQ(::chmod(p.c_str(), 0644), 0);
    try {
        read_secret_key_file(p);
        FAIL() << "a key file with mode 0644 was accepted";
    } catch (const CryptoError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("chmod 600"), std::string::npos) << what;
        EXPECT_NE(what.find(p.string()), std::string::npos) << what;
    }
}

TEST_F(CryptoKeyFile, RefusesKeyFileReadableByGroup) {
    const fs::path p = dir_ / "device.key";
    write_secret_key_file(p, SecretKey::generate());
    ASSERT_EQ(::chmod(p.c_str(), 0640), 0);
    EXPECT_THROW(read_secret_key_file(p), CryptoError);
}

TEST_F(CryptoKeyFile, RefusesWrongHeader) {
    const fs::path p = dir_ / "device.key";
    const std::string line = "some-other-key-v1:" + std::string(64, 'a') + "\n";
    write_file_durably(p, bytes_of(line), 0600);
    EXPECT_THROW(read_secret_key_file(p), CryptoError);
}

TEST_F(CryptoKeyFile, RefusesSigningKeyFileAsDeviceKeyAndViceVersa) {
    const fs::path sk = dir_ / "signing.key";
    const fs::path dk = dir_ / "device.key";
    SigningKey::generate().write_file(sk);
    write_secret_key_file(dk, SecretKey::generate());
    EXPECT_THROW(read_secret_key_file(sk), CryptoError);
    EXPECT_THROW(SigningKey::read_file(dk), CryptoError);
}

TEST_F(CryptoKeyFile, RefusesTruncatedHex) {
    const fs::path p = dir_ / "device.key";
    write_secret_key_file(p, SecretKey::generate());
    const Bytes raw = read_file(p);
    std::string text(raw.begin(), raw.end());
    ASSERT_EQ(text.back(), '\n');
    text.pop_back();
    text.pop_back();  // one hex digit fewer
    text += "\n";
    fs::remove(p);
    write_file_durably(p, bytes_of(text), 0600);
    EXPECT_THROW(read_secret_key_file(p), CryptoError);
}

TEST_F(CryptoKeyFile, RefusesNonHexDigits) {
    const fs::path p = dir_ / "device.key";
    write_secret_key_file(p, SecretKey::generate());
    const Bytes raw = read_file(p);
    std::string text(raw.begin(), raw.end());
    text[text.size() - 2] = 'z';
    write_file_durably(p, bytes_of(text), 0600);
    EXPECT_THROW(read_secret_key_file(p), CryptoError);
}

TEST_F(CryptoKeyFile, RefusesMissingKeyFile) {
    EXPECT_THROW(read_secret_key_file(dir_ / "absent.key"), CryptoError);
}

// ---- signing
// ---------------------------------------------------------------------------------------

TEST(CryptoSigning, SignatureVerifiesWithThePublicKey) {
    const SigningKey key = SigningKey::generate();
    const Bytes msg = bytes_of("PKY1-261123-0042-2");
    const auto sig = key.sign(msg);
    const auto pk = key.public_key();
    EXPECT_TRUE(verify_signature(pk, msg, sig));
}

TEST(CryptoSigning, VerificationFailsOnAChangedMessage) {
    const SigningKey key = SigningKey::generate();
    const Bytes msg = bytes_of("case 1: received");
    const auto sig = key.sign(msg);
    const auto pk = key.public_key();
    for (std::size_t i = 0; i < msg.size(); ++i) {
        Bytes bad = msg;
        bad[i] ^= 0x01;
        EXPECT_FALSE(verify_signature(pk, bad, sig)) << "changed byte " << i;
    }
    Bytes longer = msg;
    longer.push_back('!');
    EXPECT_FALSE(verify_signature(pk, longer, sig));
}

TEST(CryptoSigning, VerificationFailsOnAnyChangedSignatureByte) {
    const SigningKey key = SigningKey::generate();
    const Bytes msg = bytes_of("case 1: received");
    const auto sig = key.sign(msg);
    const auto pk = key.public_key();
    for (std::size_t i = 0; i < sig.size(); ++i) {
        auto bad = sig;
        bad[i] ^= 0x01;
        EXPECT_FALSE(verify_signature(pk, msg, bad)) << "changed signature byte " << i;
    }
}

TEST(CryptoSigning, VerificationFailsWithAnotherKeysPublicKey) {
    const SigningKey a = SigningKey::generate();
    const SigningKey b = SigningKey::generate();
    const Bytes msg = bytes_of("hello");
    const auto pk_b = b.public_key();
    EXPECT_FALSE(verify_signature(pk_b, msg, a.sign(msg)));
}

TEST(CryptoSigning, VerificationRefusesWrongSizes) {
    const SigningKey key = SigningKey::generate();
    const Bytes msg = bytes_of("hello");
    const auto sig = key.sign(msg);
    const auto pk = key.public_key();
    EXPECT_FALSE(verify_signature(std::span<const std::uint8_t>(pk.data(), 31), msg, sig));
    EXPECT_FALSE(verify_signature(pk, msg, std::span<const std::uint8_t>(sig.data(), 63)));
}

TEST(CryptoSigning, PublicKeyTextIs43Base64urlCharacters) {
    const SigningKey key = SigningKey::generate();
    const std::string text = key.public_key_text();
    EXPECT_EQ(text.size(), 43u);
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        EXPECT_TRUE(ok) << "character '" << c << "' in " << text;
    }
    const auto decoded = from_base64url(text);
    ASSERT_TRUE(decoded.has_value());
    const auto pk = key.public_key();
    EXPECT_EQ(*decoded, Bytes(pk.begin(), pk.end()));
}

TEST(CryptoSigning, GeneratedKeysDiffer) {
    EXPECT_NE(SigningKey::generate().public_key(), SigningKey::generate().public_key());
}

TEST_F(CryptoKeyFile, SigningKeyFileRoundTripsWithMode0600) {
    const SigningKey key = SigningKey::generate();
    const fs::path p = dir_ / "signing.key";
    key.write_file(p);
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    const SigningKey back = SigningKey::read_file(p);
    EXPECT_EQ(back.public_key(), key.public_key());
    const Bytes msg = bytes_of("signed after reload");
    const auto pk = key.public_key();
    EXPECT_TRUE(verify_signature(pk, msg, back.sign(msg)));
}

TEST_F(CryptoKeyFile, RefusesSigningKeyFileReadableByOthers) {
    const fs::path p = dir_ / "signing.key";
    SigningKey::generate().write_file(p);
    ASSERT_EQ(::chmod(p.c_str(), 0644), 0);
    try {
        SigningKey::read_file(p);
        FAIL() << "a signing key file with mode 0644 was accepted";
    } catch (const CryptoError& e) {
        EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
    }
}

TEST(CryptoSigning, MovedKeyKeepsSigning) {
    SigningKey a = SigningKey::generate();
    const auto pk = a.public_key();
    SigningKey b(std::move(a));
    const Bytes msg = bytes_of("moved");
    EXPECT_EQ(b.public_key(), pk);
    EXPECT_TRUE(verify_signature(pk, msg, b.sign(msg)));
}

}  // namespace
}  // namespace anjungan::platform
