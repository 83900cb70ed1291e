// The demo's own data folder. `anjungan-kiosk --demo` adds a staff member whose PIN is published
// in the README, and plays sample inputs; it must never do so in a real kiosk's data folder.
// A folder is the demo's when it holds the marker DATA/demo-folder.txt, which the demo writes
// when it claims a folder that holds no cases and no staff (a new one, or one that `anjungan
// keygen` just made, as scripts/run.sh does).
#pragma once

#include <filesystem>
#include <stdexcept>

#include "anjungan/platform/clock.hpp"

namespace anjungan::kiosk {

// The demo's staff member (admin mode: hold the emblem three seconds, then this PIN).
inline constexpr const char* kDemoStaffId = "demo";
inline constexpr const char* kDemoStaffPin = "246813";

std::filesystem::path demo_marker_path(const std::filesystem::path& data_dir);

// The demo may not use this folder. The message names the folder, what it holds and what to do;
// nothing was changed.
class DemoFolderRefused : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Makes `data_dir` the demo's, or confirms it is: returns when it holds the marker, or holds no
// cases and no staff (then the marker is written). A folder the demo made before the marker
// existed (its only staff member the demo's, with the published PIN) is the demo's too. Throws
// DemoFolderRefused, changing nothing, when it holds cases or staff of a real kiosk, or a store
// or staff registry that cannot be read.
void claim_demo_folder(const std::filesystem::path& data_dir);

// Adds the demo's staff member (a supervisor with kDemoStaffPin) unless it is there. Only for a
// folder claim_demo_folder accepted.
void ensure_demo_staff(const std::filesystem::path& data_dir, platform::TimePoint now);

}  // namespace anjungan::kiosk
