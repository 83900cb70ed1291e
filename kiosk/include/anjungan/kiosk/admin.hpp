// Admin mode's security core: who may unlock the kiosk's admin mode, how, with what penalties,
// and when it locks itself again. UI-free; the session/UI code calls AdminGuard.
//
//   DATA/keys/staff.json        the staff registry (mode 0600; refused when group or others may
//                               read it): id, name, role, the PIN's Argon2id hash
//                               (crypto_pwhash_str), the badge's keyed BLAKE2b hash, created_at
//   DATA/keys/staff-badge.key   the key of the badge hashes (mode 0600), made with the first
//                               badge; without it no badge matches (re-register the badges)
//   DATA/admin-attempts.json    consecutive failed unlock attempts and the running delay or
//                               lock-out, written durably before a PIN is checked, so neither
//                               a restart nor a power cut resets them
//
// Neither the PIN nor the badge text is ever stored, logged or audited.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/clock.hpp"
#include "anjungan/platform/crypto.hpp"

namespace anjungan::kiosk {

// [SECTION] Staff and their PINs ------------------------------------------------------------

enum class StaffRole { kCounter, kSupervisor };
std::string_view to_code(StaffRole role);  // "counter", "supervisor"
std::optional<StaffRole> parse_staff_role(std::string_view code);

// The cost of hashing a new PIN (libsodium's crypto_pwhash, Argon2id). Verification always uses
// the cost recorded in the stored hash, so changing it only affects PINs set afterwards.
struct PinHashCost {
    unsigned long long opslimit = 2;   // crypto_pwhash_OPSLIMIT_INTERACTIVE
    std::size_t memlimit = 64u << 20;  // crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB)
    // libsodium's INTERACTIVE limits: one verify took 75-80 ms on the build machine (AMD EPYC,
    // 2 cores; 127 ms while it was busy). PIN-only unlock verifies against each member in turn.
    static constexpr PinHashCost interactive() { return {}; }
    // libsodium's minimum limits (1 pass, 8 KiB): a verify takes microseconds and offers no
    // protection at all. For tests ONLY, never for a real kiosk.
    static constexpr PinHashCost test_only_minimum() { return {1, 8192}; }
};

// PIN rules: 6 to 8 digits, not one digit repeated (111111), not a straight run up or down
// (123456, 654321, 01234567), not a part of the staff id (a NIP holds the birth date).
// Codes: pin.digits, pin.length, pin.weak. The PIN itself never appears in a message.
domain::Validation check_pin(const std::string& pin, const std::string& staff_id = {});

// Staff ids: 1-32 characters from A-Z a-z 0-9 . _ - (a NIP or a short id). Code: staff.id.
domain::Validation check_staff_id(const std::string& id);

struct StaffMember {
    std::string id;
    std::string name;
    StaffRole role = StaffRole::kCounter;
    std::string pin_hash;    // crypto_pwhash_str (Argon2id), "$argon2id$v=19$..."
    std::string badge_hash;  // keyed BLAKE2b-256 of the badge text (hex); empty: no badge
    std::string created_at;  // platform::format_utc
};

struct NewStaff {
    std::string id;
    std::string name;
    StaffRole role = StaffRole::kCounter;
    std::string badge_text;  // the text of the staff QR badge; empty: no badge
};

// The staff registry cannot be used: unsafe permissions, damaged content, a file-system error.
// The message names the file and the fix.
class StaffRegistryError : public std::runtime_error {
  public:
    enum class Kind { kUnsafeFile, kDamaged, kIo };
    StaffRegistryError(Kind kind, const std::string& reason)
        : std::runtime_error(reason), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

std::filesystem::path staff_registry_path(const std::filesystem::path& data_dir);
std::filesystem::path staff_badge_key_path(const std::filesystem::path& data_dir);
std::filesystem::path admin_attempts_path(const std::filesystem::path& data_dir);

// The staff registry in memory. Small (a handful of counter staff), read whole and written
// whole (platform::write_file_durably, mode 0600). Not locked against concurrent writers:
// edits come from one operator at a time through `anjungan staff`.
class StaffRegistry {
  public:
    // Reads DATA/keys/staff.json; a missing file is an empty registry. Throws
    // StaffRegistryError when the file may be read by group or others, or is damaged.
    static StaffRegistry load(const std::filesystem::path& data_dir);

    const std::vector<StaffMember>& members() const { return members_; }
    bool empty() const { return members_.empty(); }
    const StaffMember* find(const std::string& id) const;

    // Checks the new member (staff.id, staff.name, staff.exists, badge.length, badge.in_use,
    // the PIN rules, and pin.in_use: another member has this PIN, since PIN-only unlock must
    // know whose it is), then hashes the PIN and adds the member in memory; call save() to
    // keep it. Returns the problems; nothing is added when there is any.
    domain::Validation add(const NewStaff& staff, const std::string& pin, const PinHashCost& cost,
                           platform::TimePoint now);
    bool remove(const std::string& id);

    // Writes the registry durably with mode 0600 (and the badge key, when one was made).
    void save() const;

    // The member whose PIN this is (each hash verified in turn: about one verify's time per
    // member), or nullptr.
    const StaffMember* match_pin(const std::string& pin) const;
    // The member who holds this badge (surrounding white space is ignored), or nullptr.
    const StaffMember* match_badge(const std::string& badge_text) const;
    static bool verify_pin(const StaffMember& member, const std::string& pin);

  private:
    explicit StaffRegistry(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {}
    // The keyed hash of a (trimmed) badge text. Reads the badge key, or makes one in memory
    // when `create_key` and there is none yet (save() writes it).
    std::string badge_hash(const std::string& badge_text, bool create_key) const;

    std::filesystem::path data_dir_;
    std::vector<StaffMember> members_;
    mutable std::optional<platform::SecretKey> badge_key_;
    mutable bool badge_key_is_new_ = false;
};

// [SECTION] Failed attempts: delays and lock-out --------------------------------------------

struct AdminPolicy {
    int max_failures_before_lockout = 5;  // this many consecutive failures lock admin mode out
    int first_delay_seconds = 2;          // after failure n (< max): first * 2^(n-1): 2, 4, 8, 16
    int lockout_minutes = 15;
    int inactivity_seconds = 120;  // an unlocked session without a touch for this long locks
};

// DATA/admin-attempts.json. Failures are counted across lock-outs: once a lock-out has ended,
// every further failure locks admin mode out again, until a success (or `anjungan staff
// reset-lockout`) sets the count back to zero.
struct FailureState {
    int failures = 0;                     // consecutive failed attempts
    platform::TimePoint blocked_until{};  // no PIN is checked before this
    bool locked_out = false;              // blocked_until ends a lock-out, not a delay
};
// A missing file is the zero state; a damaged one throws StaffRegistryError(kDamaged).
FailureState read_failure_state(const std::filesystem::path& data_dir);
void write_failure_state(const std::filesystem::path& data_dir, const FailureState& state);

// [SECTION] The guard -----------------------------------------------------------------------

enum class UnlockOutcome {
    kOk,
    kWrong,        // no staff member with this PIN, an unknown badge, or the badge's PIN wrong
    kMustWait,     // a delay after a failure is running: the PIN was not checked
    kLockedOut,    // too many failures: the PIN was not checked
    kNoStaff,      // the registry is empty: `anjungan staff add` first
    kMalformed,    // not 6-8 digits, or an empty or oversized badge text: not checked
    kUnavailable,  // the staff registry or the attempts file cannot be used (see the audit)
};
// "ok", "wrong", "must_wait", "locked_out", "no_staff_registered", "malformed", "unavailable"
std::string_view to_code(UnlockOutcome outcome);

struct UnlockResult {
    UnlockOutcome outcome = UnlockOutcome::kWrong;
    std::string staff_id;  // kOk only
    std::string staff_name;
    StaffRole role = StaffRole::kCounter;
    int failures = 0;  // consecutive failures after this attempt (0 after a success)
    // kWrong: the delay (or lock-out) this failure started; kMustWait, kLockedOut: what is left.
    // Whole seconds, rounded up.
    int wait_seconds = 0;
    platform::TimePoint until{};  // the end of that delay or lock-out; epoch when none
    std::string message_id;       // for the screen, Bahasa Indonesia
    std::string message_en;       // for the screen, English
    bool ok() const { return outcome == UnlockOutcome::kOk; }
    const std::string& message(domain::Lang lang) const {
        return lang == domain::Lang::kId ? message_id : message_en;
    }
};

// actor, action, detail: the kiosk passes Store::audit. An exception from it propagates (an
// admin action that cannot be audited does not happen); the attempt count is saved first.
using AuditFn = std::function<void(const std::string& actor, const std::string& action,
                                   const std::string& detail)>;

// Unlocks admin mode with a staff PIN (after the UI's hidden gesture) or a staff badge plus
// PIN, counts failures with growing delays and a lock-out, and locks again after inactivity.
// All time comes from the clock. Thread-safe (one mutex); an unlock attempt holds it while the
// PIN hashes are verified, so the UI should call it off its render thread.
//
// Audit entries (actor, action, detail); the PIN and badge text never appear:
//   staff id, "admin unlock", "pin" | "badge + pin"
//   "kiosk",  "admin unlock failed", what failed, the failure count and the wait it started
//   "kiosk",  "admin unlock refused", "must wait N s" | "locked out until T" | "malformed pin"
//             | "malformed badge" | "no staff registered" | "unavailable: reason"
//   staff id, "admin lock", the reason ("inactivity: 120 s without a touch" when it locks
//             itself, "replaced by another unlock", or what lock() was given)
//   staff id, the action given to record_action, its detail
//   "kiosk",  "admin action refused", "ACTION: admin mode is locked"
class AdminGuard {
  public:
    AdminGuard(std::filesystem::path data_dir, const platform::Clock& clock, AdminPolicy policy,
               AuditFn audit);

    UnlockResult unlock_with_pin(const std::string& pin);
    // The badge picks the staff member; the PIN must be theirs.
    UnlockResult unlock_with_badge(const std::string& badge_text, const std::string& pin);

    // Whether a PIN would be checked now, for the screen's countdown; no audit, nothing counted.
    // outcome kOk (attempts accepted), kMustWait or kLockedOut, with failures and wait_seconds.
    UnlockResult attempt_status();

    // The session. Every call first locks it when the last touch is inactivity_seconds old.
    bool unlocked();
    std::string staff_id();  // empty when locked
    std::optional<StaffRole> role();
    int seconds_until_lock();  // 0 when locked
    bool touch();              // any admin interaction; false (nothing done) when locked
    void lock(const std::string& reason);  // no-op when locked
    bool tick();  // call periodically: true when this call locked it for inactivity

    // Audits an admin action as the current staff member and counts as a touch. Refused
    // (false, audited as refused) when locked.
    bool record_action(const std::string& action, const std::string& detail);

    const AdminPolicy& policy() const { return policy_; }

  private:
    enum class Method { kPin, kBadge };
    UnlockResult attempt(Method method, const std::string& badge_text, const std::string& pin);
    FailureState load_state(platform::TimePoint now);
    bool expire_locked(platform::TimePoint now);  // mutex held
    void lock_locked(const std::string& reason);  // mutex held

    std::filesystem::path data_dir_;
    const platform::Clock& clock_;
    AdminPolicy policy_;
    AuditFn audit_;
    std::mutex mutex_;
    bool unlocked_ = false;
    std::string staff_id_;
    StaffRole role_ = StaffRole::kCounter;
    platform::TimePoint last_touch_{};
};

}  // namespace anjungan::kiosk
