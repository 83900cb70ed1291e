// The kiosk UI over a session: each frame it ticks the session, draws the current screen and
// applies the intents the touches made. Admin intents that wait on devices or on Argon2 (a PIN
// check, a reprint, a test print) run on a worker thread while a "please wait" card shows, so
// the frame never blocks on them.
#pragma once

#include "anjungan/kiosk/session.hpp"
#include "anjungan/platform/task.hpp"
#include "textures.hpp"
#include "theme.hpp"
#include "ui.hpp"

namespace anjungan::ui {

struct Layout {
    ImVec2 size{1920, 1080};
    float scale = 1;       // min(width, height) / 1080
    float min_touch = 60;  // 15 mm in pixels
};

// The layout for a window of `size` showing a panel of `dpi` pixels per inch at
// `panel_short_side` pixels (the demo's smaller window keeps the kiosk's proportions).
Layout make_layout(ImVec2 size, int dpi, float panel_short_side);

class KioskApp {
  public:
    KioskApp(kiosk::Session& session, const platform::Config& config, Fonts fonts, Layout layout);
    ~KioskApp();

    // One frame, between ImGui::NewFrame() and ImGui::Render(). `now` is in seconds.
    void frame(double now);

    const TouchTargets& targets() const { return targets_; }
    const UiState& state() const { return state_; }
    bool busy() const { return work_.busy(); }
    // The colour to clear the frame with: the theme's background.
    ImVec4 background() const;
    std::size_t texture_uploads() const { return textures_.uploads(); }

  private:
    void apply(const std::vector<kiosk::Intent>& intents);
    void after_screen_change(double now);

    kiosk::Session& session_;
    const platform::Config& config_;
    Fonts fonts_;
    Layout layout_;
    UiState state_;
    TouchTargets targets_;
    Textures textures_;
    platform::Task<void> work_;  // an admin intent on a worker (PIN hash, printer, scanner)
    domain::Lang busy_lang_ = domain::Lang::kId;
};

}  // namespace anjungan::ui
