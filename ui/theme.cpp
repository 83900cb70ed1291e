#include "theme.hpp"

#include <stdexcept>

namespace anjungan::ui {

namespace {
// Latin, Latin-1 and Latin Extended-A: Indonesian and English names and addresses.
const ImWchar kTextRanges[] = {0x0020, 0x017F, 0x2013, 0x2026, 0};
}  // namespace

Theme theme_for(bool high_contrast) {
    if (high_contrast) {
        // White and yellow on black: WCAG AAA contrast everywhere.
        return Theme{
            .background = IM_COL32(0, 0, 0, 255),
            .surface = IM_COL32(24, 24, 24, 255),
            .text = IM_COL32(255, 255, 255, 255),
            .muted = IM_COL32(220, 220, 220, 255),
            .header = IM_COL32(0, 0, 0, 255),
            .header_text = IM_COL32(255, 255, 255, 255),
            .primary = IM_COL32(255, 214, 0, 255),
            .primary_text = IM_COL32(0, 0, 0, 255),
            .secondary = IM_COL32(255, 255, 255, 255),
            .secondary_text = IM_COL32(0, 0, 0, 255),
            .danger = IM_COL32(255, 120, 120, 255),
            .danger_text = IM_COL32(0, 0, 0, 255),
            .outline = IM_COL32(255, 255, 255, 255),
            .focus = IM_COL32(0, 200, 255, 255),
            .ok = IM_COL32(80, 255, 120, 255),
            .warn = IM_COL32(255, 214, 0, 255),
            .error = IM_COL32(255, 120, 120, 255),
            .overlay = IM_COL32(0, 0, 0, 210),
            .accent = IM_COL32(255, 214, 0, 255),
        };
    }
    // A calm government palette: deep teal-blue header, off-white page, blue actions.
    return Theme{
        .background = IM_COL32(0xF4, 0xF6, 0xF8, 255),
        .surface = IM_COL32(0xFF, 0xFF, 0xFF, 255),
        .text = IM_COL32(0x17, 0x1C, 0x24, 255),
        .muted = IM_COL32(0x4A, 0x55, 0x63, 255),
        .header = IM_COL32(0x0B, 0x3D, 0x5C, 255),
        .header_text = IM_COL32(0xFF, 0xFF, 0xFF, 255),
        .primary = IM_COL32(0x0A, 0x5F, 0xA8, 255),
        .primary_text = IM_COL32(0xFF, 0xFF, 0xFF, 255),
        .secondary = IM_COL32(0xDD, 0xE6, 0xEF, 255),
        .secondary_text = IM_COL32(0x0B, 0x3D, 0x5C, 255),
        .danger = IM_COL32(0xB3, 0x26, 0x1E, 255),
        .danger_text = IM_COL32(0xFF, 0xFF, 0xFF, 255),
        .outline = IM_COL32(0xB8, 0xC4, 0xD0, 255),
        .focus = IM_COL32(0x0A, 0x7C, 0x6E, 255),
        .ok = IM_COL32(0x1B, 0x7F, 0x3B, 255),
        .warn = IM_COL32(0xB2, 0x6A, 0x00, 255),
        .error = IM_COL32(0xB3, 0x26, 0x1E, 255),
        .overlay = IM_COL32(0x0B, 0x1A, 0x26, 170),
        .accent = IM_COL32(0x0B, 0x3D, 0x5C, 255),
    };
}

Fonts load_fonts(float scale, const std::filesystem::path& font_dir) {
    const auto regular = font_dir / "NotoSans-Regular.ttf";
    const auto bold = font_dir / "NotoSans-Bold.ttf";
    for (const auto& f : {regular, bold}) {
        if (!std::filesystem::exists(f)) {
            throw std::runtime_error("font missing: " + f.string() +
                                     " (install the Debian package fonts-noto-core)");
        }
    }
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // large sizes: no oversampling needed, and the atlas stays small
    cfg.OversampleV = 1;
    // Titles show fixed texts, numbers and ids: Latin-1 is enough, and the large sizes are
    // what fills the atlas (the whole atlas is uploaded at start-up).
    static const ImWchar title_ranges[] = {0x0020, 0x00FF, 0x2013, 0x2026, 0};
    static const ImWchar huge_ranges[] = {0x0020, 0x007E, 0x2026, 0x2026, 0};
    auto add = [&](const std::filesystem::path& file, float px, const ImWchar* glyphs) {
        ImFont* f = io.Fonts->AddFontFromFileTTF(file.c_str(), px * scale, &cfg, glyphs);
        if (f == nullptr) {
            throw std::runtime_error("cannot load the font " + file.string());
        }
        return f;
    };
    Fonts out;
    auto set = [&](float k) {
        FontSet s;
        s.small = add(regular, 27 * k, kTextRanges);
        s.body = add(regular, 34 * k, kTextRanges);
        s.bold = add(bold, 34 * k, kTextRanges);
        s.title = add(bold, 52 * k, title_ranges);
        s.huge = add(bold, 100 * k, huge_ranges);
        return s;
    };
    out.normal = set(1.0f);
    out.large = set(1.25f);
    return out;
}

}  // namespace anjungan::ui
