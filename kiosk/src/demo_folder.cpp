#include "anjungan/kiosk/demo_folder.hpp"

#include <spdlog/spdlog.h>

#include <string>

#include "anjungan/kiosk/admin.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "sqlite.hpp"

namespace anjungan::kiosk {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMarkerText =
    "This data folder belongs to the Anjungan demo (anjungan-kiosk --demo). Its staff member "
    "'demo' has the PIN published in the README: never use this folder for a real kiosk.\n";

// The cases in the folder's database (0 when it has none or no tables yet).
std::int64_t count_cases(const fs::path& data_dir) {
    const fs::path db_path = data_dir / "anjungan.db";
    std::error_code ec;
    if (!fs::exists(db_path, ec) || fs::file_size(db_path, ec) == 0) {
        return 0;
    }
    const sql::Db db(db_path.string(), SQLITE_OPEN_READONLY);
    sql::Stmt has(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'");
    if (!has.step()) {
        return 0;
    }
    sql::Stmt n(db, "SELECT COUNT(*) FROM cases");
    n.step();
    return n.integer(0);
}

}  // namespace

fs::path demo_marker_path(const fs::path& data_dir) {
    return data_dir / "demo-folder.txt";
}

void claim_demo_folder(const fs::path& data_dir) {
    std::error_code ec;
    if (fs::is_regular_file(demo_marker_path(data_dir), ec)) {
        return;
    }
    const std::string where = "the data folder " + data_dir.string();
    const std::string advice =
        " `--demo` adds a staff member whose PIN is published, so it does not run here; "
        "nothing was changed. Run the demo in a folder of its own (--data-dir demo-data, or "
        "leave out --config and --data-dir), or this kiosk without --demo.";
    if (fs::exists(data_dir, ec) && !fs::is_directory(data_dir, ec)) {
        throw DemoFolderRefused(where + " is a file, not a folder.");
    }
    std::int64_t cases = 0;
    int real_staff = 0;
    bool demo_staff = false;
    std::string names;
    try {
        cases = count_cases(data_dir);
        const auto reg = StaffRegistry::load(data_dir);
        for (const auto& m : reg.members()) {
            if (m.id == kDemoStaffId && StaffRegistry::verify_pin(m, kDemoStaffPin)) {
                demo_staff = true;
                continue;
            }
            ++real_staff;
            names += (names.empty() ? "" : ", ") + m.id;
        }
    } catch (const std::exception& e) {
        throw DemoFolderRefused(where + " is not the demo's (no " +
                                demo_marker_path(data_dir).string() +
                                ") and what it holds cannot be read: " + e.what() + "." + advice);
    }
    // Cases beside the demo's staff member alone: a demo folder made before the marker.
    if (real_staff > 0 || (cases > 0 && !demo_staff)) {
        std::string holds;
        if (cases > 0) {
            holds = std::to_string(cases) + " case(s)";
        }
        if (real_staff > 0) {
            holds += (holds.empty() ? "" : " and ") + std::to_string(real_staff) +
                     " staff member(s) (" + names + ")";
        }
        throw DemoFolderRefused(where + " holds " + holds +
                                " of a real kiosk and is not the demo's (no " +
                                demo_marker_path(data_dir).string() + ")." + advice);
    }
    platform::ensure_directory(data_dir, 0700);
    platform::write_file_durably(
        demo_marker_path(data_dir),
        {reinterpret_cast<const std::uint8_t*>(kMarkerText.data()), kMarkerText.size()}, 0600);
    spdlog::info("demo: {} is the demo's data folder now ({})", data_dir.string(),
                 demo_marker_path(data_dir).string());
}

void ensure_demo_staff(const fs::path& data_dir, platform::TimePoint now) {
    auto reg = StaffRegistry::load(data_dir);
    if (reg.find(kDemoStaffId) != nullptr) {
        return;
    }
    const auto v = reg.add({kDemoStaffId, "Petugas Demo", StaffRole::kSupervisor, {}},
                           kDemoStaffPin, PinHashCost::interactive(), now);
    if (v.valid()) {
        reg.save();
    }
}

}  // namespace anjungan::kiosk
