#include "app.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "screens/screens.hpp"

namespace anjungan::ui {

Layout make_layout(ImVec2 size, int dpi, float panel_short_side) {
    Layout l;
    l.size = size;
    const float short_side = std::min(size.x, size.y);
    l.scale = short_side / 1080.0f;
    // 15 mm at the panel's density, scaled like everything else when the window is smaller
    // than the panel it stands for.
    l.min_touch = 15.0f / 25.4f * static_cast<float>(dpi) * (short_side / panel_short_side);
    return l;
}

KioskApp::KioskApp(kiosk::Session& session, const platform::Config& config, Fonts fonts,
                   Layout layout)
    : session_(session), config_(config), fonts_(fonts), layout_(layout) {
    state_.high_contrast = config.display.high_contrast;
    state_.large_text = config.display.large_text;
    state_.screen = session.view().screen;
}

KioskApp::~KioskApp() {
    work_.wait();
}

void KioskApp::frame(double now) {
    if (work_.ready()) {
        try {
            work_.take();
        } catch (const std::exception& e) {
            spdlog::error("admin action failed: {}", e.what());
        }
    }
    const bool busy = work_.busy();
    if (!busy) {
        session_.tick();
        if (session_.view().screen != state_.screen) {
            after_screen_change(now);
        }
    }

    ImGuiStyle& style = ImGui::GetStyle();
    style.ScrollbarSize = 36 * layout_.scale;
    style.WindowPadding = {0, 0};
    style.WindowBorderSize = 0;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(layout_.size);
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    targets_.clear();
    const FontSet& fonts = state_.large_text ? fonts_.large : fonts_.normal;
    const Theme theme = theme_for(state_.high_contrast);
    if (busy) {
        // The worker is changing the session's view: draw nothing from it.
        auto* dl = ImGui::GetWindowDrawList();
        const ImVec2 c{layout_.size.x / 2, layout_.size.y / 2};
        const float a = static_cast<float>(std::fmod(now * 4.0, 2 * M_PI));
        dl->PathArcTo({c.x, c.y - 60 * layout_.scale}, 60 * layout_.scale, a, a + 4.2f, 40);
        dl->PathStroke(theme.primary, 0, 10 * layout_.scale);
        const char* wait = tr(S::kPleaseWait, busy_lang_);
        const ImVec2 ts = fonts.title->CalcTextSizeA(fonts.title->FontSize, FLT_MAX, 0, wait);
        dl->AddText(fonts.title, fonts.title->FontSize, {c.x - ts.x / 2, c.y + 40 * layout_.scale},
                    theme.text, wait);
        ImGui::End();
        textures_.end_frame();
        return;
    }
    Ui ui{session_.view(),
          config_,
          state_,
          targets_,
          textures_,
          theme,
          fonts,
          layout_.scale,
          layout_.size,
          layout_.size.y > layout_.size.x,
          layout_.min_touch,
          now,
          {}};
    draw_screen(ui);
    ImGui::End();
    textures_.end_frame();
    apply(ui.intents);
    if (session_.view().screen != state_.screen) {
        after_screen_change(now);
    }
}

ImVec4 KioskApp::background() const {
    return ImGui::ColorConvertU32ToFloat4(theme_for(state_.high_contrast).background);
}

void KioskApp::apply(const std::vector<kiosk::Intent>& intents) {
    for (const auto& in : intents) {
        if (in.kind == kiosk::Intent::Kind::kAdminPin ||
            in.kind == kiosk::Intent::Kind::kAdminAction) {
            // Argon2 checks, prints and test scans take from 80 ms to a printer's time-out.
            busy_lang_ = session_.view().lang;
            auto& session = session_;
            work_.start("admin intent", [&session, in] { session.apply(in); });
            return;  // what follows waits for it (the UI sends nothing while busy)
        }
        session_.apply(in);
    }
}

void KioskApp::after_screen_change(double now) {
    state_.screen = session_.view().screen;
    state_.screen_since = now;
    state_.focus.clear();
    state_.focus_set = false;
    state_.typed.clear();
    state_.typed_phone.clear();
    state_.phone_focus = false;
    state_.picker_first = 0;
    state_.scroll_y = 0;  // the review's cards start at the top
    state_.confirm_cancel = false;
    state_.hold_since = -1;
}

}  // namespace anjungan::ui
