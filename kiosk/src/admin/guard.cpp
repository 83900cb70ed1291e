// Admin mode, part two: the failure state that survives restarts, unlock attempts with their
// delays and lock-out, and the unlocked session (inactivity, actions recorded in the audit log).
#include "common.hpp"

namespace anjungan::kiosk {

using namespace admin_detail;
namespace fs = std::filesystem;
namespace chr = std::chrono;

// [SECTION] Failure state -------------------------------------------------------------------

FailureState read_failure_state(const fs::path& data_dir) {
    const fs::path path = admin_attempts_path(data_dir);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        if (ec) {
            throw StaffRegistryError(StaffRegistryError::Kind::kIo,
                                     "admin attempts " + path.string() + ": " + ec.message());
        }
        return {};
    }
    const std::string text = read_text(path, "admin attempts " + path.string());
    FailureState s;
    try {
        const json j = json::parse(text);
        if (j.at("version").get<int>() != kAttemptsVersion) {
            throw std::runtime_error("unknown version");
        }
        s.failures = j.at("failures").get<int>();
        s.blocked_until = from_ms(j.at("blocked_until_ms").get<std::int64_t>());
        s.locked_out = j.at("locked_out").get<bool>();
        if (s.failures < 0) {
            throw std::runtime_error("negative count");
        }
    } catch (const std::exception& e) {
        throw StaffRegistryError(StaffRegistryError::Kind::kDamaged,
                                 "admin attempts " + path.string() + " is damaged (" + e.what() +
                                     "); reset it with: anjungan staff reset-lockout");
    }
    return s;
}

void write_failure_state(const fs::path& data_dir, const FailureState& state) {
    const json j = {{"version", kAttemptsVersion},
                    {"failures", state.failures},
                    {"blocked_until_ms", to_ms(state.blocked_until)},
                    {"blocked_until", platform::format_utc(state.blocked_until)},
                    {"locked_out", state.locked_out}};
    try {
        write_text(admin_attempts_path(data_dir), j.dump() + "\n");
    } catch (const platform::FileError& e) {
        throw StaffRegistryError(StaffRegistryError::Kind::kIo, e.what());
    }
}

// [SECTION] Guard: unlock attempts ----------------------------------------------------------

namespace {

// The delay after failure n (1 <= n < max): first * 2^(n-1) seconds.
chr::seconds delay_after(const AdminPolicy& p, int n) {
    const int exponent = std::clamp(n - 1, 0, 30);
    const long long s = static_cast<long long>(std::max(p.first_delay_seconds, 0)) << exponent;
    return chr::seconds(std::min<long long>(s, 365LL * 24 * 3600));
}

chr::seconds lockout_length(const AdminPolicy& p) {
    return chr::minutes(std::max(p.lockout_minutes, 0));
}

// The longest a block can last under the policy: a longer one means the clock went back.
chr::seconds longest_block(const AdminPolicy& p, bool locked_out) {
    return locked_out ? lockout_length(p)
                      : delay_after(p, std::max(p.max_failures_before_lockout - 1, 1));
}

// The state after one more failure at `now`.
FailureState after_failure(const AdminPolicy& p, const FailureState& s, platform::TimePoint now) {
    FailureState n;
    n.failures = std::min(s.failures + 1, kMaxCountedFailures);
    n.locked_out = n.failures >= p.max_failures_before_lockout;
    n.blocked_until = now + (n.locked_out ? lockout_length(p) : delay_after(p, n.failures));
    return n;
}

bool pin_shape_ok(const std::string& pin) {
    return pin.size() >= 6 && pin.size() <= 8 && domain::all_digits(pin);
}

}  // namespace

AdminGuard::AdminGuard(fs::path data_dir, const platform::Clock& clock, AdminPolicy policy,
                       AuditFn audit)
    : data_dir_(std::move(data_dir)), clock_(clock), policy_(policy), audit_(std::move(audit)) {
    if (!audit_) {
        throw std::invalid_argument("AdminGuard needs an audit function");
    }
    if (policy_.max_failures_before_lockout < 1 || policy_.first_delay_seconds < 0 ||
        policy_.lockout_minutes < 0 || policy_.inactivity_seconds < 1) {
        throw std::invalid_argument("AdminGuard: the policy's numbers are out of range");
    }
}

// The persisted state, failing closed: a damaged file is a lock-out from now, and a block
// longer than the policy allows (the clock went back) is cut to the longest allowed from now.
FailureState AdminGuard::load_state(platform::TimePoint now) {
    FailureState s;
    try {
        s = read_failure_state(data_dir_);
    } catch (const StaffRegistryError& e) {
        if (e.kind() != StaffRegistryError::Kind::kDamaged) {
            throw;
        }
        s.failures = policy_.max_failures_before_lockout;
        s.locked_out = true;
        s.blocked_until = now + lockout_length(policy_);
        write_failure_state(data_dir_, s);
        audit_("kiosk", "admin attempts damaged", std::string(e.what()) + "; locked out");
        return s;
    }
    const auto longest = longest_block(policy_, s.locked_out);
    if (s.blocked_until > now + longest) {
        s.blocked_until = now + longest;
        write_failure_state(data_dir_, s);
    }
    return s;
}

UnlockResult AdminGuard::attempt_status() {
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    UnlockResult r;
    r.outcome = UnlockOutcome::kOk;
    r.message_id = "Masukkan PIN petugas.";
    r.message_en = "Enter the staff PIN.";
    FailureState s;
    try {
        s = load_state(now);
    } catch (const StaffRegistryError&) {
        r.outcome = UnlockOutcome::kUnavailable;
        r.message_id = "Mode admin tidak tersedia. Hubungi operator.";
        r.message_en = "Admin mode is unavailable. Call the operator.";
        return r;
    }
    r.failures = s.failures;
    if (now < s.blocked_until) {
        r.until = s.blocked_until;
        r.wait_seconds = seconds_left(now, s.blocked_until);
        if (s.locked_out) {
            const int m = minutes_up(r.wait_seconds);
            r.outcome = UnlockOutcome::kLockedOut;
            r.message_id = "Terlalu banyak percobaan salah. Mode admin terkunci selama " +
                           std::to_string(m) + " menit lagi.";
            r.message_en =
                "Too many wrong attempts. Admin mode is locked for " + minutes_en(m) + " more.";
        } else {
            r.outcome = UnlockOutcome::kMustWait;
            r.message_id =
                "Tunggu " + std::to_string(r.wait_seconds) + " detik sebelum mencoba lagi.";
            r.message_en = "Wait " + seconds_en(r.wait_seconds) + " before trying again.";
        }
    }
    return r;
}

UnlockResult AdminGuard::unlock_with_pin(const std::string& pin) {
    return attempt(Method::kPin, {}, pin);
}

UnlockResult AdminGuard::unlock_with_badge(const std::string& badge_text, const std::string& pin) {
    return attempt(Method::kBadge, badge_text, pin);
}

UnlockResult AdminGuard::attempt(Method method, const std::string& badge_text,
                                 const std::string& pin) {
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    expire_locked(now);
    const std::string how = method == Method::kPin ? "pin" : "badge + pin";
    UnlockResult r;
    auto refuse = [&](UnlockOutcome outcome, const std::string& detail, std::string id,
                      std::string en) {
        r.outcome = outcome;
        r.message_id = std::move(id);
        r.message_en = std::move(en);
        audit_("kiosk", "admin unlock refused", how + ": " + detail);
        return r;
    };
    auto unavailable = [&](const std::string& why) {
        return refuse(UnlockOutcome::kUnavailable, "unavailable: " + why,
                      "Mode admin tidak tersedia: data petugas tidak dapat dibaca. Hubungi "
                      "operator.",
                      "Admin mode is unavailable: the staff data cannot be read. Call the "
                      "operator.");
    };

    // 1. A running delay or lock-out: refused without looking at the PIN, not counted.
    FailureState state;
    try {
        state = load_state(now);
    } catch (const StaffRegistryError& e) {
        return unavailable(e.what());
    }
    r.failures = state.failures;
    if (now < state.blocked_until) {
        r.until = state.blocked_until;
        r.wait_seconds = seconds_left(now, state.blocked_until);
        if (state.locked_out) {
            const int m = minutes_up(r.wait_seconds);
            return refuse(
                UnlockOutcome::kLockedOut,
                "locked out until " + platform::format_utc(state.blocked_until),
                "Terlalu banyak percobaan salah. Mode admin terkunci selama " + std::to_string(m) +
                    " menit lagi.",
                "Too many wrong attempts. Admin mode is locked for " + minutes_en(m) + " more.");
        }
        return refuse(UnlockOutcome::kMustWait,
                      "must wait " + std::to_string(r.wait_seconds) + " s",
                      "Tunggu " + std::to_string(r.wait_seconds) + " detik sebelum mencoba lagi.",
                      "Wait " + seconds_en(r.wait_seconds) + " before trying again.");
    }

    // 2. Whom to check against.
    std::optional<StaffRegistry> registry;
    try {
        registry = StaffRegistry::load(data_dir_);
    } catch (const StaffRegistryError& e) {
        return unavailable(e.what());
    }
    if (registry->empty()) {
        return refuse(UnlockOutcome::kNoStaff, "no staff registered",
                      "Belum ada petugas terdaftar. Daftarkan dengan: anjungan staff add",
                      "No staff registered yet. Register with: anjungan staff add");
    }

    // 3. Input that cannot be anyone's PIN or badge: refused, not counted.
    if (!pin_shape_ok(pin)) {
        return refuse(UnlockOutcome::kMalformed, "malformed pin",
                      "PIN terdiri dari 6 sampai 8 angka.", "A PIN has 6 to 8 digits.");
    }
    if (method == Method::kBadge) {
        const std::string b = trim(badge_text);
        if (b.empty() || b.size() > kMaxBadgeBytes) {
            return refuse(UnlockOutcome::kMalformed, "malformed badge",
                          "Kartu petugas tidak terbaca. Pindai lagi.",
                          "The staff badge could not be read. Scan it again.");
        }
    }

    // 4. Whose badge it is (a keyed hash, no PIN involved yet).
    const StaffMember* holder = nullptr;
    if (method == Method::kBadge) {
        try {
            holder = registry->match_badge(badge_text);
        } catch (const StaffRegistryError& e) {
            return unavailable(e.what());
        }
    }

    // 5. Count the attempt as failed before checking the PIN, so that a power cut or a crash
    // while checking cannot give a free guess; a success sets the count back to zero.
    const FailureState failed = after_failure(policy_, state, now);
    try {
        write_failure_state(data_dir_, failed);
    } catch (const StaffRegistryError& e) {
        return unavailable(std::string("cannot save the attempt count: ") + e.what());
    }

    // 6. Check the PIN.
    const StaffMember* member = nullptr;
    std::string what_failed;
    if (method == Method::kPin) {
        member = registry->match_pin(pin);
        what_failed = "no staff member has this pin";
    } else if (!holder) {
        what_failed = "unknown badge";
    } else if (StaffRegistry::verify_pin(*holder, pin)) {
        member = holder;
    } else {
        what_failed = "wrong pin for the badge of " + holder->id;
    }

    if (member) {
        std::string note;
        try {
            write_failure_state(data_dir_, {});
        } catch (const StaffRegistryError& e) {
            note = " (attempt count not reset: " + std::string(e.what()) + ")";
        }
        if (unlocked_ && staff_id_ != member->id) {
            lock_locked("replaced by another unlock");
        }
        audit_(member->id, "admin unlock", how + note);
        unlocked_ = true;
        staff_id_ = member->id;
        role_ = member->role;
        last_touch_ = now;
        r.outcome = UnlockOutcome::kOk;
        r.staff_id = member->id;
        r.staff_name = member->name;
        r.role = member->role;
        r.failures = 0;
        r.message_id = "Mode admin terbuka untuk " + member->name + ".";
        r.message_en = "Admin mode unlocked for " + member->name + ".";
        return r;
    }

    r.outcome = UnlockOutcome::kWrong;
    r.failures = failed.failures;
    r.until = failed.blocked_until;
    r.wait_seconds = seconds_left(now, failed.blocked_until);
    const std::string wrong_id = method == Method::kPin ? "PIN salah" : "Kartu atau PIN salah";
    const std::string wrong_en = method == Method::kPin ? "Wrong PIN" : "Wrong badge or PIN";
    if (failed.locked_out) {
        const int m = minutes_up(r.wait_seconds);
        r.message_id = wrong_id + ". Terlalu banyak percobaan: mode admin terkunci selama " +
                       std::to_string(m) + " menit.";
        r.message_en =
            wrong_en + ". Too many attempts: admin mode is locked for " + minutes_en(m) + ".";
    } else {
        const std::string max = std::to_string(policy_.max_failures_before_lockout);
        r.message_id = wrong_id + " (percobaan " + std::to_string(failed.failures) + " dari " +
                       max + "). Coba lagi dalam " + std::to_string(r.wait_seconds) + " detik.";
        r.message_en = wrong_en + " (attempt " + std::to_string(failed.failures) + " of " + max +
                       "). Try again in " + seconds_en(r.wait_seconds) + ".";
    }
    audit_("kiosk", "admin unlock failed",
           how + ": " + what_failed + "; failure " + std::to_string(failed.failures) + " of " +
               std::to_string(policy_.max_failures_before_lockout) + "; " +
               (failed.locked_out ? "locked out until " : "next attempt at ") +
               platform::format_utc(failed.blocked_until));
    return r;
}

// [SECTION] Guard: session ------------------------------------------------------------------

bool AdminGuard::expire_locked(platform::TimePoint now) {
    if (!unlocked_) {
        return false;
    }
    if (now < last_touch_) {
        last_touch_ = now;  // the clock went back: count the inactivity from here
    }
    if (now - last_touch_ >= chr::seconds(policy_.inactivity_seconds)) {
        lock_locked("inactivity: " + std::to_string(policy_.inactivity_seconds) +
                    " s without a touch");
        return true;
    }
    return false;
}

void AdminGuard::lock_locked(const std::string& reason) {
    if (!unlocked_) {
        return;
    }
    const std::string who = staff_id_;
    unlocked_ = false;  // locked first: a failing audit cannot keep the session open
    staff_id_.clear();
    audit_(who, "admin lock", reason);
}

bool AdminGuard::unlocked() {
    const std::lock_guard lock(mutex_);
    expire_locked(clock_.now());
    return unlocked_;
}

std::string AdminGuard::staff_id() {
    const std::lock_guard lock(mutex_);
    expire_locked(clock_.now());
    return unlocked_ ? staff_id_ : std::string();
}

std::optional<StaffRole> AdminGuard::role() {
    const std::lock_guard lock(mutex_);
    expire_locked(clock_.now());
    return unlocked_ ? std::optional(role_) : std::nullopt;
}

int AdminGuard::seconds_until_lock() {
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    expire_locked(now);
    return unlocked_ ? seconds_left(now, last_touch_ + chr::seconds(policy_.inactivity_seconds))
                     : 0;
}

bool AdminGuard::touch() {
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    if (expire_locked(now) || !unlocked_) {
        return false;
    }
    last_touch_ = now;
    return true;
}

void AdminGuard::lock(const std::string& reason) {
    const std::lock_guard lock(mutex_);
    if (!expire_locked(clock_.now())) {
        lock_locked(reason);
    }
}

bool AdminGuard::tick() {
    const std::lock_guard lock(mutex_);
    return expire_locked(clock_.now());
}

bool AdminGuard::record_action(const std::string& action, const std::string& detail) {
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    expire_locked(now);
    if (!unlocked_) {
        audit_("kiosk", "admin action refused", action + ": admin mode is locked");
        return false;
    }
    audit_(staff_id_, action, detail);
    last_touch_ = now;
    return true;
}

}  // namespace anjungan::kiosk
