#include "anjungan/office/accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string_view>

#include "anjungan/platform/crypto.hpp"

namespace anjungan::office {

namespace {

// The most common passwords of breach lists, and the ones an office here would pick first
// (compared case-insensitively, with trailing digits and punctuation taken off too).
constexpr std::array<std::string_view, 64> kCommon{
    "password",    "password1",     "passw0rd",         "123456789",     "1234567890",
    "12345678910", "qwertyuiop",    "qwerty123",        "1q2w3e4r5t",    "1qaz2wsx3edc",
    "abcdefghij",  "abc1234567",    "iloveyou",         "sunshine",      "princess",
    "football",    "baseball",      "welcome",          "administrator", "admin12345",
    "letmein",     "trustno1",      "superman",         "dragon",        "monkey",
    "shadow",      "master",        "michael",          "computer",      "internet",
    "changeme",    "default",       "secret",           "rahasia",       "rahasia123",
    "bismillah",   "indonesia",     "jakarta",          "palangkaraya",  "kalimantan",
    "kalteng",     "diskominfo",    "kominfo",          "anjungan",      "bsre",
    "bssn",        "sertifikat",    "pemerintah",       "pegawai",       "merdeka",
    "garuda",      "sayang",        "cintaku",          "katasandi",     "katasandi123",
    "passwordku",  "asdfghjkl",     "zxcvbnm123",       "0987654321",    "11111111111",
    "aaaaaaaaaa",  "qwertyuiop123", "passwordpassword", "admin"};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::size_t code_points(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

bool is_common(const std::string& password) {
    std::string p = lower(password);
    auto listed = [](const std::string& s) {
        return std::find(kCommon.begin(), kCommon.end(), s) != kCommon.end();
    };
    if (listed(p)) {
        return true;
    }
    // "Password2026!", "bismillah123": the common word with digits or punctuation after it.
    while (!p.empty() && (std::isdigit(static_cast<unsigned char>(p.back())) ||
                          std::ispunct(static_cast<unsigned char>(p.back())))) {
        p.pop_back();
    }
    return !p.empty() && listed(p);
}

}  // namespace

std::optional<PasswordProblem> check_password(const std::string& password,
                                              const std::string& login) {
    if (code_points(password) < kMinPasswordLength) {
        return PasswordProblem{"password.too_short",
                               "the password has " + std::to_string(code_points(password)) +
                                   " characters; it needs at least " +
                                   std::to_string(kMinPasswordLength),
                               "kata sandi harus terdiri dari sedikitnya " +
                                   std::to_string(kMinPasswordLength) + " karakter"};
    }
    if (password.find_first_not_of(password[0]) == std::string::npos) {
        return PasswordProblem{"password.common", "the password is one character repeated",
                               "kata sandi hanya satu karakter yang diulang"};
    }
    if (is_common(password)) {
        return PasswordProblem{"password.common",
                               "the password is one of the most common ones; choose another",
                               "kata sandi ini termasuk yang paling umum; pilih yang lain"};
    }
    if (!login.empty() && lower(password).find(lower(login)) != std::string::npos &&
        code_points(password) < code_points(login) + kMinPasswordLength) {
        return PasswordProblem{"password.is_name", "the password is the login name, or close to it",
                               "kata sandi sama atau mirip dengan nama login"};
    }
    return std::nullopt;
}

std::string hash_password(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("hashing the password ran out of memory");
    }
    return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
        return false;
    }
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& hash) {
    return crypto_pwhash_str_needs_rehash(hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

std::string login_name_problem(const std::string& name) {
    if (name.empty()) {
        return "it is empty; it needs 1 to 64 characters";
    }
    if (name.size() > 64) {
        return "1 to 64 characters";
    }
    for (unsigned char c : name) {
        if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '@')) {
            return "only letters, digits and . _ - @, no spaces (e.g. siti.rahma)";
        }
    }
    return "";
}

ApiToken make_api_token(platform::TimePoint now, int days) {
    platform::Bytes raw(32);
    randombytes_buf(raw.data(), raw.size());
    ApiToken t;
    t.token = platform::base64url(raw);
    t.hash = platform::sha256_hex(t.token);
    t.expires_at = platform::format_utc(now + std::chrono::hours(24) * days);
    return t;
}

}  // namespace anjungan::office
