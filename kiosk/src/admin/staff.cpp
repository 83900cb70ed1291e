// Admin mode, part one: staff roles, the PIN and id rules, and the staff registry (PIN hashes,
// badge hashes) with its file.
#include "common.hpp"

namespace anjungan::kiosk {

using namespace admin_detail;
namespace fs = std::filesystem;

static_assert(PinHashCost{}.opslimit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(PinHashCost{}.memlimit == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(PinHashCost::test_only_minimum().opslimit == crypto_pwhash_OPSLIMIT_MIN);
static_assert(PinHashCost::test_only_minimum().memlimit == crypto_pwhash_MEMLIMIT_MIN);

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

}  // namespace anjungan::kiosk
