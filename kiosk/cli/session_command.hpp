// `anjungan session --script FILE`: the walk-in session without a window, driven by a script
// of intents with simulated devices, on a simulated clock (one tick = one camera frame).
#pragma once

#include <string>

#include "anjungan/platform/config.hpp"

namespace anjungan::cli {

struct SessionArgs {
    std::string script;
    std::string camera_dir;   // images the simulated camera plays (subfolders ktp/, selfie/, qr/)
    std::string scanner_dir;  // pages the simulated scanner returns (subfolders sk/, letter/)
    std::string sane_config_dir;  // scan through SANE's pnm backend with this SANE_CONFIG_DIR
    bool as_json = false;
    bool trace = false;  // print each screen change
};

int run_session(const platform::Config& config, const SessionArgs& a);

}  // namespace anjungan::cli
