// What the staff registry (staff.cpp) and the guard (guard.cpp) share: private to
// kiosk/src/admin/. Admin mode is split in two: who the staff are and how their PINs and badges
// are checked (staff.cpp), and unlocking, delays, lock-out and the unlocked session (guard.cpp).
#pragma once

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "anjungan/domain/normalize.hpp"
#include "anjungan/kiosk/admin.hpp"
#include "anjungan/platform/durable_file.hpp"

namespace anjungan::kiosk::admin_detail {

namespace fs = std::filesystem;
namespace chr = std::chrono;
using nlohmann::json;

inline constexpr std::string_view kBadgeKeyTag = "anjungan-badge-key-v1";
inline constexpr int kRegistryVersion = 1;
inline constexpr int kAttemptsVersion = 1;
inline constexpr std::size_t kMaxNameBytes = 100;
inline constexpr std::size_t kMaxBadgeBytes = 512;
inline constexpr int kMaxCountedFailures = 1000000;  // the count stops here (no overflow)

// [SECTION] Shared helpers ------------------------------------------------------------------

inline platform::Bytes to_bytes(const std::string& s) {
    return platform::Bytes(s.begin(), s.end());
}

inline std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

inline bool is_hex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Refuses a file group or others may read, as the key files are refused. Returns false when
// the file does not exist.
inline bool check_private_file(const fs::path& path, const std::string& what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            return false;
        }
        throw StaffRegistryError(StaffRegistryError::Kind::kIo,
                                 what + " " + path.string() + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {  // before the mode: "chmod 600" is no advice for a folder
        throw StaffRegistryError(StaffRegistryError::Kind::kIo,
                                 what + " " + path.string() + " is " +
                                     (S_ISDIR(st.st_mode) ? "a folder" : "not a regular file") +
                                     ", not a file; move it aside");
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

inline std::string read_text(const fs::path& path, const std::string& what) {
    try {
        const auto raw = platform::read_file(path);
        return std::string(raw.begin(), raw.end());
    } catch (const platform::FileError& e) {
        throw StaffRegistryError(StaffRegistryError::Kind::kIo, what + ": " + e.what());
    }
}

inline void write_text(const fs::path& path, std::string text) {
    platform::ensure_directory(path.parent_path(), 0700);
    platform::write_file_durably(path, to_bytes(text), 0600);
    sodium_memzero(text.data(), text.size());
}

inline std::int64_t to_ms(platform::TimePoint t) {
    return chr::duration_cast<chr::milliseconds>(t.time_since_epoch()).count();
}

inline platform::TimePoint from_ms(std::int64_t ms) {
    return platform::TimePoint(
        chr::duration_cast<platform::TimePoint::duration>(chr::milliseconds(ms)));
}

// Whole seconds from now to `until`, rounded up; 0 when it has passed.
inline int seconds_left(platform::TimePoint now, platform::TimePoint until) {
    if (until <= now) {
        return 0;
    }
    return static_cast<int>(chr::ceil<chr::seconds>(until - now).count());
}

inline std::string seconds_en(int s) {
    return std::to_string(s) + (s == 1 ? " second" : " seconds");
}

inline std::string minutes_en(int m) {
    return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

inline int minutes_up(int seconds) {
    return (seconds + 59) / 60;
}

}  // namespace anjungan::kiosk::admin_detail
