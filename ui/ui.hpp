// What every screen draws with: the session's view (read only), the theme and fonts, the
// UI's own state (focus, typed text, toggles), the touch targets of this frame and the intents
// the person's touches produced. Screens draw; they decide nothing the session decides.
#pragma once

#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "anjungan/kiosk/session.hpp"
#include "anjungan/platform/config.hpp"
#include "strings.hpp"

namespace anjungan::ui {

class Textures;

struct Theme {
    ImU32 background, surface, text, muted, header, header_text, primary, primary_text, secondary,
        secondary_text, danger, danger_text, outline, focus, ok, warn, error, overlay,
        accent;  // large titles: the header's colour, yellow in high contrast
};
Theme theme_for(bool high_contrast);

struct FontSet {
    ImFont* small = nullptr;  // secondary text, captions
    ImFont* body = nullptr;   // text, fields, keys
    ImFont* bold = nullptr;   // buttons, labels
    ImFont* title = nullptr;  // screen titles
    ImFont* huge = nullptr;   // the receipt number
};

// Every touchable thing of the frame, by a stable id ("nav.next", "key:A", "field:nik"): the
// autopilot touches them by id, and the size check measures them.
class TouchTargets {
  public:
    void clear() { rects_.clear(); }
    void add(const std::string& id, ImVec2 min, ImVec2 max) { rects_[id] = {min, max}; }
    std::optional<std::pair<ImVec2, ImVec2>> find(const std::string& id) const {
        const auto it = rects_.find(id);
        return it == rects_.end() ? std::nullopt : std::optional(it->second);
    }
    const std::map<std::string, std::pair<ImVec2, ImVec2>>& all() const { return rects_; }

  private:
    std::map<std::string, std::pair<ImVec2, ImVec2>> rects_;
};

// The UI's own state across frames: nothing here is the applicant's data except what is being
// typed for the session (the session holds the values; these are views on them).
struct UiState {
    bool high_contrast = false;
    bool large_text = false;
    kiosk::Screen screen = kiosk::Screen::kAttract;  // the screen drawn last frame
    double screen_since = 0;                         // seconds (UI clock) on this screen
    std::string focus;                               // the form field being typed
    bool focus_set = false;                          // the first field got the focus
    std::string typed;                               // receipt number or PIN being typed
    std::string typed_phone;      // status lookup: the phone's last 4 digits being typed
    bool phone_focus = false;     // status lookup: the digits field has the keyboard
    bool confirm_cancel = false;  // "cancel the application?" shown
    double hold_since = -1;       // the hidden admin gesture, held since
    int picker_first = 0;         // the work-unit list's first row shown
    float scroll_y = 0;           // the review's cards, scrolled (px)
    std::string reprint;          // admin: the receipt chosen to reprint
};

struct Ui {
    const kiosk::SessionView& view;
    const platform::Config& config;
    UiState& state;
    TouchTargets& targets;
    Textures& textures;
    Theme theme;
    FontSet fonts;
    float s = 1;            // layout scale: 1 on a 1080-pixel short side
    ImVec2 size;            // the window in pixels
    bool portrait = false;  // taller than wide
    float min_touch = 60;   // 15 mm on this panel, in pixels
    double now = 0;         // seconds on the UI's clock (animations)
    std::vector<kiosk::Intent> intents;

    domain::Lang lang() const { return view.lang; }
    const char* t(S id) const { return tr(id, view.lang); }
    const std::string& t(const kiosk::Text& text) const { return text.in(view.lang); }
    void send(kiosk::Intent intent) { intents.push_back(std::move(intent)); }
    void send(kiosk::Intent::Kind kind) { intents.emplace_back(kind); }
    // A field's text, a typed receipt number or PIN.
    void send(kiosk::Intent::Kind kind, std::string field, std::string value = {}) {
        intents.push_back(kiosk::Intent::from_text(kind, std::move(field), std::move(value)));
    }
};

}  // namespace anjungan::ui
