#include "anjungan/platform/crypto.hpp"

#include <openssl/evp.h>
#include <sodium.h>
#include <sys/stat.h>

#include <cstring>

namespace anjungan::platform {

namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "ANJUNGAN";
constexpr std::size_t kStreamChunk = 64 * 1024;
constexpr std::string_view kStreamMagic = "ANJS1";
constexpr std::string_view kDeviceKeyTag = "anjungan-device-key-v1";
constexpr std::string_view kSigningKeyTag = "anjungan-signing-key-v1";

const std::uint8_t* ad_ptr(std::string_view s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

std::string read_tagged_hex(const std::filesystem::path& path, std::string_view tag,
                            std::size_t bytes, std::uint8_t* out) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        throw CryptoError("key file " + path.string() + ": " + std::strerror(errno));
    }
    // Before the mode: "chmod 600" is no advice for a folder standing where the key should be.
    if (!S_ISREG(st.st_mode)) {
        throw CryptoError("key file " + path.string() + " is " +
                          (S_ISDIR(st.st_mode) ? "a folder" : "not a regular file") +
                          ", not a key file; move it aside and restore the key from the "
                          "kiosk's backup");
    }
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw CryptoError("key file " + path.string() + " may be read by other users (mode " +
                          mode + "); refusing to use it. Fix with: chmod 600 " + path.string());
    }
    const Bytes raw = read_file(path);
    std::string text(raw.begin(), raw.end());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    const std::string prefix = std::string(tag) + ":";
    if (text.rfind(prefix, 0) != 0) {
        throw CryptoError("key file " + path.string() + " is not a " + std::string(tag) +
                          " file (wrong header)");
    }
    const std::string hex = text.substr(prefix.size());
    std::size_t len = 0;
    if (hex.size() != bytes * 2 ||
        sodium_hex2bin(out, bytes, hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
        len != bytes) {
        throw CryptoError("key file " + path.string() + " is damaged (expected " +
                          std::to_string(bytes * 2) + " hex digits)");
    }
    return hex;
}

void write_tagged_hex(const std::filesystem::path& path, std::string_view tag,
                      std::span<const std::uint8_t> bytes) {
    std::string line = std::string(tag) + ":" + to_hex(bytes) + "\n";
    write_file_durably(
        path, std::span(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()), 0600);
    sodium_memzero(line.data(), line.size());
}

}  // namespace

void init_crypto() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) {
        throw CryptoError("libsodium could not be initialised");
    }
}

std::string to_hex(std::span<const std::uint8_t> data) {
    std::string out(data.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data.data(), data.size());
    out.pop_back();
    return out;
}

// SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA extensions: 1.4 GB/s here
// against libsodium's 170 MB/s, and sync hashes every byte it moves more than once.
Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
        throw CryptoError("SHA-256 is not available from libcrypto");
    }
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(ctx_);
}

void Sha256::update(std::span<const std::uint8_t> data) {
    EVP_DigestUpdate(ctx_, data.data(), data.size());
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_, digest, &n);
    return to_hex({digest, n});
}

std::string sha256_hex(std::span<const std::uint8_t> data) {
    Sha256 h;
    h.update(data);
    return h.hex();
}

std::string sha256_hex(std::string_view text) {
    return sha256_hex(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) {
        return false;
    }
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string base64url(std::span<const std::uint8_t> data) {
    const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(data.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<Bytes> from_base64url(std::string_view text) {
    Bytes out(text.size());
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

std::string new_uuid_v4() {
    init_crypto();
    std::uint8_t b[16];
    randombytes_buf(b, sizeof b);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    const std::string hex = to_hex(b);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

bool is_uuid(std::string_view t) {
    if (t.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = t[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

SecretKey::SecretKey() = default;
SecretKey::~SecretKey() {
    sodium_memzero(bytes_.data(), bytes_.size());
}
SecretKey::SecretKey(const SecretKey& other) = default;
SecretKey& SecretKey::operator=(const SecretKey& other) = default;

SecretKey SecretKey::generate() {
    init_crypto();
    SecretKey k;
    crypto_kdf_keygen(k.bytes_.data());
    return k;
}

SecretKey SecretKey::derive(std::uint64_t purpose) const {
    init_crypto();
    SecretKey sub;
    crypto_kdf_derive_from_key(sub.bytes_.data(), kSize, purpose, kKdfContext, bytes_.data());
    return sub;
}

Bytes seal(const SecretKey& key, std::span<const std::uint8_t> plain, std::string_view context) {
    init_crypto();
    constexpr std::size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    Bytes out(nb + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    randombytes_buf(out.data(), nb);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + nb, &clen, plain.data(), plain.size(),
                                               ad_ptr(context), context.size(), nullptr, out.data(),
                                               key.data());
    out.resize(nb + clen);
    return out;
}

std::optional<Bytes> unseal(const SecretKey& key, std::span<const std::uint8_t> sealed,
                            std::string_view context) {
    init_crypto();
    constexpr std::size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    constexpr std::size_t ab = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (sealed.size() < nb + ab) {
        return std::nullopt;
    }
    Bytes out(sealed.size() - nb - ab);
    unsigned long long plen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            out.data(), &plen, nullptr, sealed.data() + nb, sealed.size() - nb, ad_ptr(context),
            context.size(), sealed.data(), key.data()) != 0) {
        return std::nullopt;
    }
    out.resize(plen);
    return out;
}

Bytes seal_stream(const SecretKey& key, std::span<const std::uint8_t> plain,
                  std::string_view context) {
    init_crypto();
    constexpr std::size_t hb = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    constexpr std::size_t ab = crypto_secretstream_xchacha20poly1305_ABYTES;
    const std::size_t chunks = plain.size() / kStreamChunk + 1;
    Bytes out(kStreamMagic.size() + hb + plain.size() + chunks * ab);
    std::memcpy(out.data(), kStreamMagic.data(), kStreamMagic.size());
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, out.data() + kStreamMagic.size(),
                                                    key.data());
    std::size_t w = kStreamMagic.size() + hb;
    std::size_t r = 0;
    for (std::size_t i = 0; i < chunks; ++i) {
        const std::size_t n = std::min(kStreamChunk, plain.size() - r);
        const bool last = i + 1 == chunks;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &st, out.data() + w, &clen, plain.data() + r, n, ad_ptr(context), context.size(),
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        r += n;
        w += clen;
    }
    out.resize(w);
    sodium_memzero(&st, sizeof st);
    return out;
}

std::optional<Bytes> open_stream(const SecretKey& key, std::span<const std::uint8_t> sealed,
                                 std::string_view context) {
    init_crypto();
    constexpr std::size_t hb = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    constexpr std::size_t ab = crypto_secretstream_xchacha20poly1305_ABYTES;
    const std::size_t head = kStreamMagic.size() + hb;
    if (sealed.size() < head + ab ||
        std::memcmp(sealed.data(), kStreamMagic.data(), kStreamMagic.size()) != 0) {
        return std::nullopt;
    }
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, sealed.data() + kStreamMagic.size(),
                                                        key.data()) != 0) {
        return std::nullopt;
    }
    Bytes out;
    out.reserve(sealed.size());
    std::size_t r = head;
    std::uint8_t buf[kStreamChunk];
    bool final_seen = false;
    while (r < sealed.size() && !final_seen) {
        const std::size_t n = std::min(kStreamChunk + ab, sealed.size() - r);
        unsigned long long plen = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&st, buf, &plen, &tag, sealed.data() + r, n,
                                                       ad_ptr(context), context.size()) != 0) {
            return std::nullopt;
        }
        out.insert(out.end(), buf, buf + plen);
        r += n;
        final_seen = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    sodium_memzero(buf, sizeof buf);
    if (!final_seen || r != sealed.size()) {
        return std::nullopt;  // truncated, or data after the final chunk
    }
    return out;
}

std::string keyed_hash_hex(const SecretKey& key, std::string_view text) {
    init_crypto();
    std::uint8_t out[32];
    crypto_generichash(out, sizeof out, ad_ptr(text), text.size(), key.data(), SecretKey::kSize);
    return to_hex(out);
}

void write_secret_key_file(const std::filesystem::path& path, const SecretKey& key) {
    write_tagged_hex(path, kDeviceKeyTag, std::span(key.data(), SecretKey::kSize));
}

SecretKey read_secret_key_file(const std::filesystem::path& path) {
    SecretKey key;
    std::string hex = read_tagged_hex(path, kDeviceKeyTag, SecretKey::kSize, key.data());
    sodium_memzero(hex.data(), hex.size());
    return key;
}

SigningKey::SigningKey() = default;
SigningKey::~SigningKey() {
    sodium_memzero(secret_.data(), secret_.size());
}
SigningKey::SigningKey(SigningKey&& other) noexcept : secret_(other.secret_) {
    sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey SigningKey::generate() {
    init_crypto();
    SigningKey k;
    std::uint8_t pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(pk, k.secret_.data());
    return k;
}

SigningKey SigningKey::read_file(const std::filesystem::path& path) {
    init_crypto();
    SigningKey k;
    std::string hex = read_tagged_hex(path, kSigningKeyTag, k.secret_.size(), k.secret_.data());
    sodium_memzero(hex.data(), hex.size());
    return k;
}

void SigningKey::write_file(const std::filesystem::path& path) const {
    write_tagged_hex(path, kSigningKeyTag, secret_);
}

std::array<std::uint8_t, SigningKey::kPublicSize> SigningKey::public_key() const {
    std::array<std::uint8_t, kPublicSize> pk{};
    crypto_sign_ed25519_sk_to_pk(pk.data(), secret_.data());
    return pk;
}

std::string SigningKey::public_key_text() const {
    return base64url(public_key());
}

std::array<std::uint8_t, SigningKey::kSignatureSize> SigningKey::sign(
    std::span<const std::uint8_t> message) const {
    std::array<std::uint8_t, kSignatureSize> sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.data());
    return sig;
}

bool verify_signature(std::span<const std::uint8_t> public_key,
                      std::span<const std::uint8_t> message, std::span<const std::uint8_t> sig) {
    init_crypto();
    if (public_key.size() != crypto_sign_PUBLICKEYBYTES || sig.size() != crypto_sign_BYTES) {
        return false;
    }
    return crypto_sign_verify_detached(sig.data(), message.data(), message.size(),
                                       public_key.data()) == 0;
}

}  // namespace anjungan::platform
