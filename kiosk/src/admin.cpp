// Over 600 lines: the staff registry and the guard share the PIN rules and the failure state, and
// are reviewed together as admin mode's security core.
// [SECTION] Shared helpers
// [SECTION] Roles, PIN and id rules
// [SECTION] Staff registry
// [SECTION] Failure state
// [SECTION] Guard: unlock attempts
// [SECTION] Guard: session
#include "anjungan/kiosk/admin.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "anjungan/domain/normalize.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::kiosk {

namespace {

namespace fs = std::filesystem;
namespace chr = std::chrono;
using nlohmann::json;

constexpr std::string_view kBadgeKeyTag = "anjungan-badge-key-v1";
constexpr int kRegistryVersion = 1;
constexpr int kAttemptsVersion = 1;
constexpr std::size_t kMaxNameBytes = 100;
constexpr std::size_t kMaxBadgeBytes = 512;
constexpr int kMaxCountedFailures = 1000000;  // the count stops here (no overflow)

static_assert(PinHashCost{}.opslimit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(PinHashCost{}.memlimit == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(PinHashCost::test_only_minimum().opslimit == crypto_pwhash_OPSLIMIT_MIN);
static_assert(PinHashCost::test_only_minimum().memlimit == crypto_pwhash_MEMLIMIT_MIN);

// [SECTION] Shared helpers ------------------------------------------------------------------

platform::Bytes to_bytes(const std::string& s) {
    return platform::Bytes(s.begin(), s.end());
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Refuses a file group or others may read, as the key files are refused. Returns false when
// the file does not exist.
bool check_private_file(const fs::path& path, const std::string& what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            return false;
        }
        throw StaffRegistryError(StaffRegistryError::Kind::kIo,
                                 what + " " + path.string() + ": " + std::strerror(errno));
    }
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw StaffRegistryError(StaffRegistryError::Kind::kUnsafeFile,
                                 what + " " + path.string() + " may be read by other users (mode " +
                                     mode + "); refusing to use it. Fix with: chmod 600 " +
                                     path.string());
    }
    return true;
}

std::string read_text(const fs::path& path, const std::string& what) {
    try {
        const auto raw = platform::read_file(path);
        return std::string(raw.begin(), raw.end());
    } catch (const platform::FileError& e) {
        throw StaffRegistryError(StaffRegistryError::Kind::kIo, what + ": " + e.what());
    }
}

void write_text(const fs::path& path, std::string text) {
    platform::ensure_directory(path.parent_path(), 0700);
    platform::write_file_durably(path, to_bytes(text), 0600);
    sodium_memzero(text.data(), text.size());
}

std::int64_t to_ms(platform::TimePoint t) {
    return chr::duration_cast<chr::milliseconds>(t.time_since_epoch()).count();
}

platform::TimePoint from_ms(std::int64_t ms) {
    return platform::TimePoint(
        chr::duration_cast<platform::TimePoint::duration>(chr::milliseconds(ms)));
}

// Whole seconds from now to `until`, rounded up; 0 when it has passed.
int seconds_left(platform::TimePoint now, platform::TimePoint until) {
    if (until <= now) {
        return 0;
    }
    return static_cast<int>(chr::ceil<chr::seconds>(until - now).count());
}

std::string seconds_en(int s) {
    return std::to_string(s) + (s == 1 ? " second" : " seconds");
}

std::string minutes_en(int m) {
    return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

int minutes_up(int seconds) {
    return (seconds + 59) / 60;
}

}  // namespace

// [SECTION] Roles, PIN and id rules ---------------------------------------------------------

std::string_view to_code(StaffRole role) {
    return role == StaffRole::kSupervisor ? "supervisor" : "counter";
}

std::optional<StaffRole> parse_staff_role(std::string_view code) {
    if (code == "counter") {
        return StaffRole::kCounter;
    }
    if (code == "supervisor") {
        return StaffRole::kSupervisor;
    }
    return std::nullopt;
}

std::string_view to_code(UnlockOutcome outcome) {
    switch (outcome) {
        case UnlockOutcome::kOk:
            return "ok";
        case UnlockOutcome::kWrong:
            return "wrong";
        case UnlockOutcome::kMustWait:
            return "must_wait";
        case UnlockOutcome::kLockedOut:
            return "locked_out";
        case UnlockOutcome::kNoStaff:
            return "no_staff_registered";
        case UnlockOutcome::kMalformed:
            return "malformed";
        case UnlockOutcome::kUnavailable:
            return "unavailable";
    }
    return "unknown";
}

domain::Validation check_pin(const std::string& pin, const std::string& staff_id) {
    domain::Validation v;  // normalized stays empty: the PIN is never copied anywhere
    if (!pin.empty() && !domain::all_digits(pin)) {  // an empty PIN is too short
        v.error("pin.digits", "PIN hanya boleh berisi angka 0-9.",
                "A PIN may contain the digits 0-9 only.");
        return v;
    }
    if (pin.size() < 6 || pin.size() > 8) {
        v.error("pin.length", "PIN harus terdiri dari 6 sampai 8 angka.",
                "A PIN must have 6 to 8 digits.");
        return v;
    }
    if (pin.find_first_not_of(pin[0]) == std::string::npos) {
        v.error("pin.weak", "PIN terlalu mudah ditebak: satu angka yang diulang (mis. 111111).",
                "The PIN is too easy to guess: one digit repeated (e.g. 111111).");
    }
    bool up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        up = up && pin[i] == pin[i - 1] + 1;
        down = down && pin[i] == pin[i - 1] - 1;
    }
    if (up || down) {
        v.error("pin.weak", "PIN terlalu mudah ditebak: angka berurutan (mis. 123456 atau 654321).",
                "The PIN is too easy to guess: a straight run (e.g. 123456 or 654321).");
    }
    if (!staff_id.empty() && staff_id.find(pin) != std::string::npos) {
        v.error("pin.weak",
                "PIN terlalu mudah ditebak: bagian dari ID petugas (NIP memuat tanggal lahir).",
                "The PIN is too easy to guess: it is part of the staff id (a NIP holds the "
                "birth date).");
    }
    return v;
}

domain::Validation check_staff_id(const std::string& id) {
    domain::Validation v;
    v.normalized = id;
    const bool chars_ok = std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
    if (id.empty() || id.size() > 32 || !chars_ok) {
        v.error("staff.id",
                "ID petugas: 1 sampai 32 karakter dari A-Z, a-z, 0-9, titik, garis bawah, "
                "tanda hubung (mis. NIP).",
                "Staff id: 1 to 32 characters from A-Z, a-z, 0-9, dot, underscore, hyphen "
                "(e.g. a NIP).");
    }
    return v;
}

// [SECTION] Staff registry ------------------------------------------------------------------

fs::path staff_registry_path(const fs::path& data_dir) {
    return data_dir / "keys" / "staff.json";
}

fs::path staff_badge_key_path(const fs::path& data_dir) {
    return data_dir / "keys" / "staff-badge.key";
}

fs::path admin_attempts_path(const fs::path& data_dir) {
    return data_dir / "admin-attempts.json";
}

StaffRegistry StaffRegistry::load(const fs::path& data_dir) {
    StaffRegistry r(data_dir);
    const fs::path path = staff_registry_path(data_dir);
    if (!check_private_file(path, "staff registry")) {
        return r;
    }
    const std::string text = read_text(path, "staff registry " + path.string());
    auto damaged = [&](const std::string& why) {
        return StaffRegistryError(StaffRegistryError::Kind::kDamaged,
                                  "staff registry " + path.string() + " is damaged: " + why +
                                      ". Restore it from a backup, or remove it and register "
                                      "the staff again (anjungan staff add)");
    };
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw damaged(std::string("not JSON (") + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("version") || !j["version"].is_number_integer()) {
        throw damaged("no version");
    }
    if (j["version"].get<int>() != kRegistryVersion) {
        throw damaged("version " + j["version"].dump() + " is not known to this Anjungan");
    }
    if (!j.contains("staff") || !j["staff"].is_array()) {
        throw damaged("no staff list");
    }
    for (const auto& e : j["staff"]) {
        StaffMember m;
        try {
            m.id = e.at("id").get<std::string>();
            m.name = e.at("name").get<std::string>();
            const auto role = parse_staff_role(e.at("role").get<std::string>());
            if (!role) {
                throw damaged("unknown role " + e.at("role").dump());
            }
            m.role = *role;
            m.pin_hash = e.at("pin_hash").get<std::string>();
            m.badge_hash = e.value("badge_hash", std::string());
            m.created_at = e.value("created_at", std::string());
        } catch (const json::exception& ex) {
            throw damaged(std::string("an entry lacks a field (") + ex.what() + ")");
        }
        if (!check_staff_id(m.id).valid()) {
            throw damaged("invalid staff id " + json(m.id).dump());
        }
        if (r.find(m.id)) {
            throw damaged("staff id " + m.id + " appears twice");
        }
        if (m.pin_hash.rfind("$argon2id$", 0) != 0 || m.pin_hash.size() >= crypto_pwhash_STRBYTES) {
            throw damaged("the PIN hash of " + m.id + " is not an Argon2id hash");
        }
        if (!m.badge_hash.empty() && !is_hex64(m.badge_hash)) {
            throw damaged("the badge hash of " + m.id + " is not 64 hex digits");
        }
        r.members_.push_back(std::move(m));
    }
    return r;
}

const StaffMember* StaffRegistry::find(const std::string& id) const {
    for (const auto& m : members_) {
        if (m.id == id) {
            return &m;
        }
    }
    return nullptr;
}

std::string StaffRegistry::badge_hash(const std::string& badge_text, bool create_key) const {
    if (!badge_key_) {
        const fs::path path = staff_badge_key_path(data_dir_);
        if (check_private_file(path, "badge key")) {
            std::string text = read_text(path, "badge key " + path.string());
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
                text.pop_back();
            }
            const std::string prefix = std::string(kBadgeKeyTag) + ":";
            platform::SecretKey key;
            std::size_t len = 0;
            const bool ok =
                text.rfind(prefix, 0) == 0 &&
                text.size() == prefix.size() + 2 * platform::SecretKey::kSize &&
                sodium_hex2bin(key.data(), platform::SecretKey::kSize, text.data() + prefix.size(),
                               text.size() - prefix.size(), nullptr, &len, nullptr) == 0 &&
                len == platform::SecretKey::kSize;
            sodium_memzero(text.data(), text.size());
            if (!ok) {
                throw StaffRegistryError(StaffRegistryError::Kind::kDamaged,
                                         "badge key " + path.string() +
                                             " is damaged; remove it and register the badges "
                                             "again (anjungan staff remove, staff add --badge)");
            }
            badge_key_ = key;
        } else if (create_key) {
            badge_key_ = platform::SecretKey::generate();
            badge_key_is_new_ = true;
        } else {
            throw StaffRegistryError(StaffRegistryError::Kind::kDamaged,
                                     "badge key " + path.string() +
                                         " is missing, so no badge can be recognised; register "
                                         "the badges again (anjungan staff remove, staff add "
                                         "--badge)");
        }
    }
    return platform::keyed_hash_hex(*badge_key_, trim(badge_text));
}

domain::Validation StaffRegistry::add(const NewStaff& staff, const std::string& pin,
                                      const PinHashCost& cost, platform::TimePoint now) {
    domain::Validation v = check_staff_id(staff.id);
    if (v.valid() && find(staff.id)) {
        v.error("staff.exists", "Sudah ada petugas dengan ID ini.",
                "A staff member with this id exists already.");
    }
    const std::string name = trim(staff.name);
    const bool name_ok = !name.empty() && name.size() <= kMaxNameBytes &&
                         std::none_of(name.begin(), name.end(), [](char c) {
                             return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                         });
    if (!name_ok) {
        v.error("staff.name", "Nama petugas: 1 sampai 100 karakter, tanpa karakter kendali.",
                "Staff name: 1 to 100 characters, no control characters.");
    }
    std::string badge;
    if (!staff.badge_text.empty()) {
        const std::string b = trim(staff.badge_text);
        if (b.empty() || b.size() > kMaxBadgeBytes) {
            v.error("badge.length", "Teks kartu petugas: 1 sampai 512 karakter.",
                    "Badge text: 1 to 512 characters.");
        } else {
            badge = badge_hash(b, true);
            const bool taken =
                std::any_of(members_.begin(), members_.end(),
                            [&](const StaffMember& m) { return m.badge_hash == badge; });
            if (taken) {
                v.error("badge.in_use", "Kartu ini sudah terdaftar untuk petugas lain.",
                        "This badge is registered to another staff member already.");
            }
        }
    }
    const domain::Validation p = check_pin(pin, staff.id);
    v.errors.insert(v.errors.end(), p.errors.begin(), p.errors.end());
    if (!v.valid()) {
        return v;
    }
    // PIN-only unlock finds the staff member by the PIN, so two members cannot share one.
    if (match_pin(pin)) {
        v.error("pin.in_use", "PIN ini tidak dapat dipakai. Pilih PIN lain.",
                "This PIN cannot be used. Choose another one.");
        return v;
    }
    platform::init_crypto();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), cost.opslimit, cost.memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw StaffRegistryError(StaffRegistryError::Kind::kIo,
                                 "hashing the PIN failed (not enough memory for " +
                                     std::to_string(cost.memlimit >> 20) + " MiB?)");
    }
    StaffMember m;
    m.id = staff.id;
    m.name = name;
    m.role = staff.role;
    m.pin_hash = hash;
    m.badge_hash = badge;
    m.created_at = platform::format_utc(chr::floor<chr::seconds>(now));
    members_.push_back(std::move(m));
    return v;
}

bool StaffRegistry::remove(const std::string& id) {
    const auto it = std::find_if(members_.begin(), members_.end(),
                                 [&](const StaffMember& m) { return m.id == id; });
    if (it == members_.end()) {
        return false;
    }
    members_.erase(it);
    return true;
}

void StaffRegistry::save() const {
    try {
        if (badge_key_is_new_ && badge_key_) {
            write_text(
                staff_badge_key_path(data_dir_),
                std::string(kBadgeKeyTag) + ":" +
                    platform::to_hex(std::span(badge_key_->data(), platform::SecretKey::kSize)) +
                    "\n");
            badge_key_is_new_ = false;
        }
        json staff = json::array();
        for (const auto& m : members_) {
            json e = {{"id", m.id},
                      {"name", m.name},
                      {"role", std::string(to_code(m.role))},
                      {"pin_hash", m.pin_hash},
                      {"created_at", m.created_at}};
            if (!m.badge_hash.empty()) {
                e["badge_hash"] = m.badge_hash;
            }
            staff.push_back(std::move(e));
        }
        write_text(staff_registry_path(data_dir_),
                   json{{"version", kRegistryVersion}, {"staff", staff}}.dump(2) + "\n");
    } catch (const platform::FileError& e) {
        throw StaffRegistryError(StaffRegistryError::Kind::kIo, e.what());
    }
}

bool StaffRegistry::verify_pin(const StaffMember& member, const std::string& pin) {
    platform::init_crypto();
    return crypto_pwhash_str_verify(member.pin_hash.c_str(), pin.data(), pin.size()) == 0;
}

const StaffMember* StaffRegistry::match_pin(const std::string& pin) const {
    for (const auto& m : members_) {
        if (verify_pin(m, pin)) {
            return &m;
        }
    }
    return nullptr;
}

const StaffMember* StaffRegistry::match_badge(const std::string& badge_text) const {
    const bool any = std::any_of(members_.begin(), members_.end(),
                                 [](const StaffMember& m) { return !m.badge_hash.empty(); });
    if (!any) {
        return nullptr;
    }
    const std::string h = badge_hash(badge_text, false);
    for (const auto& m : members_) {
        if (!m.badge_hash.empty() && sodium_memcmp(m.badge_hash.data(), h.data(), h.size()) == 0) {
            return &m;
        }
    }
    return nullptr;
}

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
