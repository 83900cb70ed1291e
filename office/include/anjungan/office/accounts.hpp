// Console accounts: login names, the policy a new password must meet, Argon2id hashes
// (libsodium's crypto_pwhash_str, rehashed when libsodium's parameters change), and the API
// tokens staff members get. The operators' commands and the console's admin pages share them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

// Why a password is refused, for the operator or the staff member choosing it.
struct PasswordProblem {
    std::string code;     // "password.too_short", "password.common", "password.is_name"
    std::string message;  // English, for the command line
    std::string message_id;
};

inline constexpr std::size_t kMinPasswordLength = 10;  // characters (UTF-8 code points)

// Nothing when `password` may be used by the account `login`: at least kMinPasswordLength
// characters, not one of the common passwords (nor one with digits appended), not the login
// name, not one character repeated.
std::optional<PasswordProblem> check_password(const std::string& password,
                                              const std::string& login);

// An Argon2id hash in libsodium's string form ("$argon2id$v=19$m=...").
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// True when `hash` was made with other parameters than today's: rehash on the next sign-in.
bool password_needs_rehash(const std::string& hash);

// Why a login name is refused ("" when it may be used): 1 to 64 letters, digits and . _ - @.
std::string login_name_problem(const std::string& name);

// A new API token: 256 random bits (base64url), shown once; only its hash is stored.
struct ApiToken {
    std::string token;
    std::string hash;        // sha256_hex(token)
    std::string expires_at;  // format_utc
};
ApiToken make_api_token(platform::TimePoint now, int days);

}  // namespace anjungan::office
