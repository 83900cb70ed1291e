// Throttling the kiosk's look-ups (issue 16, item 10): a typed receipt number with the last four
// digits of the applicant's phone, and the duplicate-NIK question on the identity screen. Per
// kiosk, not per session: the state lives in
//
//   DATA/lookup-attempts.json   typed look-ups that failed (count, the last one, the delay or
//                               lock-out running) and the duplicate-NIK checks of the current
//                               hour, written durably on every change
//
// so neither going back to the attract screen nor a restart resets it. UI-free; the session
// calls it. Times come from the clock's wall time (now()), like the admin guard's.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "anjungan/platform/clock.hpp"

namespace anjungan::kiosk {

struct LookupPolicy {
    // Typed look-ups that may fail without a delay: typing slips on a touch keyboard.
    int free_failures = 3;
    // Each further failure starts a delay of first * 2^(n - free - 1) seconds: 10, 20, 40, 80...
    int first_delay_seconds = 10;
    // This many failures lock typed look-ups out for lockout_minutes; after it every further
    // failure locks out again, until failures are forgotten.
    int max_failures = 8;
    int lockout_minutes = 15;
    // Failures are forgotten once the last one is this old (a new person, a new day).
    int forget_after_minutes = 60;
    // Duplicate-NIK checks per hour per kiosk (an applicant needs one; a busy kiosk some six an
    // hour). Beyond it the question is not asked: the NIK is no oracle, the office still sees
    // duplicates by its keyed NIK hash.
    int nik_checks_per_hour = 20;
};

std::filesystem::path lookup_attempts_path(const std::filesystem::path& data_dir);

struct LookupState {
    int failures = 0;
    platform::TimePoint last_failure{};
    platform::TimePoint blocked_until{};  // no typed look-up is checked before this
    platform::TimePoint nik_hour{};       // the start of the current hour of NIK checks
    int nik_checks = 0;
};

class LookupThrottle {
  public:
    // Reads the state; a missing file is the zero state. A damaged or unreadable one is logged
    // and counts as a lock-out from now (fail closed), overwritten by the next change.
    LookupThrottle(std::filesystem::path data_dir, const platform::Clock& clock,
                   LookupPolicy policy = {});

    // Whole seconds (rounded up) before a typed look-up is checked; 0: go ahead.
    int wait_seconds() const;
    bool locked_out() const;  // the wait is a lock-out, not a delay
    // A typed look-up failed (no such receipt, or the digits differ). Returns the wait it
    // started (0: none).
    int record_failure();
    // A typed look-up matched. Failures are NOT forgotten by it: a person who knows one pair
    // would otherwise reset the count between guesses at others.
    void record_success() {}
    // One duplicate-NIK check: true when it may run (and counts it), false when the hour's
    // budget is spent.
    bool allow_nik_check();

    const LookupState& state() const { return state_; }
    const LookupPolicy& policy() const { return policy_; }

  private:
    void forget_old(platform::TimePoint now);
    void save() const;

    std::filesystem::path data_dir_;
    const platform::Clock& clock_;
    LookupPolicy policy_;
    LookupState state_;
};

// The last four digits of a phone number as the applicant typed or the store keeps it (+628...);
// empty when it holds fewer than four digits (a purged case keeps no phone).
std::string phone_last_digits(const std::string& phone);

}  // namespace anjungan::kiosk
