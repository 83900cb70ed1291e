// Colours and fonts. Noto Sans (fonts-noto-core) at sizes readable from 60 cm on a 1080p panel;
// a high-contrast theme with larger type is one touch away on every screen.
#pragma once

#include <filesystem>
#include <string>

#include "ui.hpp"

namespace anjungan::ui {

struct Fonts {
    FontSet normal;
    FontSet large;  // the large-text setting: every size a quarter bigger
};

// Loads Noto Sans Regular and Bold into ImGui's atlas at `scale`; throws std::runtime_error
// naming the missing file (install fonts-noto-core).
Fonts load_fonts(float scale,
                 const std::filesystem::path& font_dir = "/usr/share/fonts/truetype/noto");

}  // namespace anjungan::ui
