// Cryptography through libsodium: hashes, the device key that protects personal data at rest,
// authenticated encryption of fields and files, and the kiosk's Ed25519 signing key.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "anjungan/platform/durable_file.hpp"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace anjungan::platform {

class CryptoError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Initialises libsodium once; every function here calls it, so callers need not.
void init_crypto();

std::string to_hex(std::span<const std::uint8_t> data);
std::string sha256_hex(std::span<const std::uint8_t> data);
// SHA-256 of data that arrives in pieces (a file read in chunks).
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::span<const std::uint8_t> data);
    std::string hex();  // once, at the end

  private:
    ::evp_md_ctx_st* ctx_;
};
std::string sha256_hex(std::string_view text);
bool is_sha256_hex(std::string_view text);
std::string base64url(std::span<const std::uint8_t> data);
std::optional<Bytes> from_base64url(std::string_view text);

// A UUID version 4 from the system's CSPRNG, lower-case, "8-4-4-4-12".
std::string new_uuid_v4();
bool is_uuid(std::string_view text);

// A 256-bit secret that wipes itself. The device key is one; subkeys are derived per purpose.
class SecretKey {
  public:
    static constexpr std::size_t kSize = 32;
    SecretKey();  // zero key; use generate() or load_key_file()
    ~SecretKey();
    SecretKey(const SecretKey& other);
    SecretKey& operator=(const SecretKey& other);

    static SecretKey generate();
    // The subkey for one purpose (libsodium's KDF, context "ANJUNGAN").
    SecretKey derive(std::uint64_t purpose) const;

    const std::uint8_t* data() const { return bytes_.data(); }
    std::uint8_t* data() { return bytes_.data(); }

  private:
    std::array<std::uint8_t, kSize> bytes_{};
};

// What each derived subkey is for; the numbers are part of the data format: never reuse one.
enum class KeyPurpose : std::uint64_t {
    kFieldEncryption = 1,
    kBlobEncryption = 2,
    kLookupHash = 3,
    kKeyCheck = 4,
};

// Authenticated encryption of a small value (XChaCha20-Poly1305); `context` binds the
// ciphertext to where it belongs (for example a case id), so it cannot be moved elsewhere.
Bytes seal(const SecretKey& key, std::span<const std::uint8_t> plain, std::string_view context);
// Returns nothing when the key is wrong or the data was altered or moved.
std::optional<Bytes> unseal(const SecretKey& key, std::span<const std::uint8_t> sealed,
                            std::string_view context);

// Encryption of a file's content in 64 KiB chunks (secretstream): truncation, reordering and
// tampering are all detected. `context` is bound into every chunk.
Bytes seal_stream(const SecretKey& key, std::span<const std::uint8_t> plain,
                  std::string_view context);
std::optional<Bytes> open_stream(const SecretKey& key, std::span<const std::uint8_t> sealed,
                                 std::string_view context);

// A keyed hash (BLAKE2b-256) for lookups by a personal value without storing the value.
std::string keyed_hash_hex(const SecretKey& key, std::string_view text);

// Key files hold one line "<tag>:<hex>" and are created with mode 0600. Loading refuses a file
// that group or others may read, a wrong tag or a wrong length, naming the file and the fix.
void write_secret_key_file(const std::filesystem::path& path, const SecretKey& key);
SecretKey read_secret_key_file(const std::filesystem::path& path);

// The kiosk's Ed25519 signing key.
class SigningKey {
  public:
    static constexpr std::size_t kPublicSize = 32;
    static constexpr std::size_t kSignatureSize = 64;
    SigningKey();
    ~SigningKey();
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;
    SigningKey(SigningKey&& other) noexcept;

    static SigningKey generate();
    static SigningKey read_file(const std::filesystem::path& path);
    void write_file(const std::filesystem::path& path) const;

    std::array<std::uint8_t, kPublicSize> public_key() const;
    // The public key as base64url without padding (43 characters), as the office registers it.
    std::string public_key_text() const;
    std::array<std::uint8_t, kSignatureSize> sign(std::span<const std::uint8_t> message) const;

  private:
    std::array<std::uint8_t, 64> secret_{};
};

bool verify_signature(std::span<const std::uint8_t> public_key,
                      std::span<const std::uint8_t> message, std::span<const std::uint8_t> sig);

}  // namespace anjungan::platform
