// Signing in to the office console: passwords checked against the Argon2id hashes, failed
// sign-ins slowed and then locked per account and per client address, sessions kept in storage
// by the hash of their cookie (256 random bits) with an idle and an absolute timeout, and a CSRF
// token bound to each session. Everything is in Storage, so any office process can answer.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "anjungan/office/storage.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

struct ConsolePolicy {
    std::chrono::seconds idle{30 * 60};           // no request for this long: signed out
    std::chrono::seconds absolute{12 * 60 * 60};  // signed out this long after signing in
    int free_failures = 3;                        // failed sign-ins before they are slowed
    std::chrono::seconds first_delay{2};          // then 2, 4, 8, ... s before the next try
    int lock_after = 10;                          // failed sign-ins under one key: locked
    std::chrono::seconds lock_for{15 * 60};
};

struct SignInResult {
    enum class Outcome {
        kOk,        // signed in: `cookie` and `csrf` are set
        kWrong,     // no such account, no console password, or the wrong password
        kDisabled,  // the right password of a disabled account
        kWait,      // too many failures lately: try again in `wait_seconds`
        kLocked,    // locked for `wait_seconds` after lock_after failures
    };
    Outcome outcome = Outcome::kWrong;
    std::string cookie;  // the session cookie's value; only its hash is stored
    std::string csrf;
    std::optional<StaffRecord> staff;
    int wait_seconds = 0;
    std::string message_id;  // for the sign-in page
    std::string message_en;
};

// Why a cookie has no session (any more).
enum class SessionEnd {
    kUnknown,   // no such session: never was, forged, or signed out
    kIdle,      // no request for longer than the idle timeout
    kAbsolute,  // longer than the absolute timeout since signing in
    kDisabled,  // the account was disabled
};

struct ConsoleSession {
    StaffRecord staff;
    std::string csrf;
};

class ConsoleAuth {
  public:
    ConsoleAuth(Storage& storage, const platform::Clock& clock, ConsolePolicy policy = {});

    // `address` is the client's address (throttled apart from the account). Every outcome but
    // kOk is audited, and so is kOk.
    SignInResult sign_in(const std::string& name, const std::string& password,
                         const std::string& address);
    // The session of a cookie, or nothing when it is unknown, timed out (then ended) or its
    // account is disabled. A valid session's idle time starts again.
    std::optional<ConsoleSession> session(const std::string& cookie, SessionEnd* why = nullptr);
    void sign_out(const std::string& cookie);

    // Compares two tokens in constant time (CSRF tokens).
    static bool same_token(const std::string& a, const std::string& b);

  private:
    Storage& storage_;
    const platform::Clock& clock_;
    ConsolePolicy policy_;
};

}  // namespace anjungan::office
