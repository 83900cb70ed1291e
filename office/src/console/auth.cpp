#include <sodium.h>

#include <algorithm>

#include "anjungan/office/accounts.hpp"
#include "anjungan/office/console_auth.hpp"
#include "anjungan/platform/crypto.hpp"

namespace anjungan::office {

namespace {

using std::chrono::seconds;

std::string random_token() {
    platform::Bytes raw(32);  // 256 bits
    randombytes_buf(raw.data(), raw.size());
    return platform::base64url(raw);
}

// A hash to verify against when there is no account, so that a missing name costs as long as a
// wrong password and tells nothing.
const std::string& dummy_hash() {
    static const std::string h = hash_password("no such account, no such password");
    return h;
}

int seconds_until(const std::string& until, platform::TimePoint now) {
    platform::TimePoint t;
    if (until.empty() || !platform::parse_utc(until, t) || t <= now) {
        return 0;
    }
    return static_cast<int>(std::chrono::ceil<seconds>(t - now).count());
}

}  // namespace

ConsoleAuth::ConsoleAuth(Storage& storage, const platform::Clock& clock, ConsolePolicy policy)
    : storage_(storage), clock_(clock), policy_(policy) {}

bool ConsoleAuth::same_token(const std::string& a, const std::string& b) {
    return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SignInResult ConsoleAuth::sign_in(const std::string& name, const std::string& password,
                                  const std::string& address) {
    const auto now = clock_.now();
    const std::string at = platform::format_utc(now);
    const std::string keys[] = {"account:" + name, "address:" + address};
    const std::string who = name + " from " + address;
    SignInResult r;

    // Blocked under either key: refused before the password is looked at.
    for (const auto& key : keys) {
        const auto f = storage_.login_failures(key);
        if (const int wait = seconds_until(f.blocked_until, now); wait > 0) {
            const bool locked = f.count >= policy_.lock_after;
            r.outcome = locked ? SignInResult::Outcome::kLocked : SignInResult::Outcome::kWait;
            r.wait_seconds = wait;
            r.message_id = locked
                               ? "Terlalu banyak percobaan gagal. Masuk dikunci selama " +
                                     std::to_string((wait + 59) / 60) + " menit."
                               : "Tunggu " + std::to_string(wait) + " detik sebelum mencoba lagi.";
            r.message_en = locked
                               ? "Too many failed attempts. Sign-in is locked for " +
                                     std::to_string((wait + 59) / 60) + " minutes."
                               : "Wait " + std::to_string(wait) + " seconds before trying again.";
            storage_.audit("console", "console.sign_in_refused", "",
                           who + ": " + (locked ? "locked" : "slowed") + " (" + key + ")", at);
            return r;
        }
    }

    const auto staff = storage_.staff_by_name(name);
    const std::string hash = staff ? storage_.staff_password_hash(name) : std::string();
    const bool right =
        verify_password(hash.empty() ? dummy_hash() : hash, password) && !hash.empty();
    if (right && !staff->active) {
        r.outcome = SignInResult::Outcome::kDisabled;
        r.message_id = "Akun ini dinonaktifkan. Hubungi admin kantor.";
        r.message_en = "This account is disabled. Ask the office's administrator.";
        storage_.audit("console", "console.sign_in_refused", "", who + ": disabled", at);
        return r;
    }
    if (!right) {
        r.outcome = SignInResult::Outcome::kWrong;
        r.message_id = "Nama pengguna atau kata sandi salah.";
        r.message_en = "Wrong user name or password.";
        for (const auto& key : keys) {
            auto f = storage_.login_failures(key);
            f.count = std::min(f.count + 1, 1000000);
            f.last_at = at;
            f.blocked_until.clear();
            if (f.count >= policy_.lock_after) {
                f.blocked_until = platform::format_utc(now + policy_.lock_for);
                storage_.audit("console", "console.locked", "", who + " (" + key + ")", at);
            } else if (f.count >= policy_.free_failures) {
                const int doublings = std::min(f.count - policy_.free_failures, 16);
                const auto delay =
                    std::min<seconds>(policy_.first_delay * (1 << doublings), policy_.lock_for);
                f.blocked_until = platform::format_utc(now + delay);
            }
            storage_.set_login_failures(key, f);
        }
        storage_.audit("console", "console.sign_in_failed", "", who, at);
        return r;
    }

    for (const auto& key : keys) {
        storage_.clear_login_failures(key);
    }
    if (password_needs_rehash(hash)) {
        storage_.set_staff_password(name, hash_password(password), "console", at);
    }
    r.outcome = SignInResult::Outcome::kOk;
    r.cookie = random_token();
    r.csrf = random_token();
    r.staff = staff;
    storage_.create_console_session(platform::sha256_hex(r.cookie),
                                    ConsoleSessionRecord{name, r.csrf, at, at});
    storage_.audit(name, "console.sign_in", "", "from " + address, at);
    return r;
}

std::optional<ConsoleSession> ConsoleAuth::session(const std::string& cookie, SessionEnd* why) {
    SessionEnd ignored;
    SessionEnd& end = why ? *why : ignored;
    end = SessionEnd::kUnknown;
    if (cookie.empty()) {
        return std::nullopt;
    }
    const std::string hash = platform::sha256_hex(cookie);
    const auto s = storage_.console_session(hash);
    if (!s) {
        return std::nullopt;
    }
    const auto now = clock_.now();
    platform::TimePoint created, seen;
    const bool times =
        platform::parse_utc(s->created_at, created) && platform::parse_utc(s->last_seen_at, seen);
    const auto staff = storage_.staff_by_name(s->staff_name);
    if (!times || !staff || !staff->active || now - created >= policy_.absolute ||
        now - seen >= policy_.idle) {
        end = staff && !staff->active                      ? SessionEnd::kDisabled
              : times && now - created >= policy_.absolute ? SessionEnd::kAbsolute
              : times                                      ? SessionEnd::kIdle
                                                           : SessionEnd::kUnknown;
        storage_.end_console_session(hash);
        return std::nullopt;
    }
    // The idle time starts again: written at most every 1/60 of the idle timeout (30 s of 30
    // min), so page views are not each a write queued behind the kiosks' uploads.
    if (now - seen >= policy_.idle / 60) {
        storage_.touch_console_session(hash, platform::format_utc(now));
    }
    return ConsoleSession{*staff, s->csrf};
}

void ConsoleAuth::sign_out(const std::string& cookie) {
    const std::string hash = platform::sha256_hex(cookie);
    if (const auto s = storage_.console_session(hash)) {
        storage_.end_console_session(hash);
        storage_.audit(s->staff_name, "console.sign_out", "", "",
                       platform::format_utc(clock_.now()));
    }
}

}  // namespace anjungan::office
