// Shared by the simulated scanners (plain files, and SANE's pnm backend): where a purpose's
// pages are kept.
#pragma once

#include <filesystem>

#include "anjungan/drivers/scanner.hpp"

namespace anjungan::drivers {

inline bool is_folder(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_directory(p, ec);
}

// The subfolder "sk" or "letter" of `root` for that purpose when it exists, else `root`.
inline std::filesystem::path purpose_folder(const std::filesystem::path& root,
                                            ScanPurpose purpose) {
    const char* sub = purpose == ScanPurpose::kSk       ? "sk"
                      : purpose == ScanPurpose::kLetter ? "letter"
                                                        : nullptr;
    if (sub != nullptr && is_folder(root / sub)) {
        return root / sub;
    }
    return root;
}

}  // namespace anjungan::drivers
