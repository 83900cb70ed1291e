// The kiosk's widgets: large touch buttons, wrapped text, the header and footer, the on-screen
// keyboard, overlays. Everything is placed in screen pixels; sizes scale with Ui::s.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "keyboard.hpp"
#include "ui.hpp"

namespace anjungan::ui {

enum class Tone { kPrimary, kSecondary, kDanger, kQuiet, kSelected };

struct Box {
    ImVec2 min, max;
    float w() const { return max.x - min.x; }
    float h() const { return max.y - min.y; }
    ImVec2 centre() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
};

// A button of at least Ui::min_touch in both directions; `id` is its touch target. Returns true
// on the frame it is released over (a tap). Disabled buttons are drawn muted and register no
// target; nothing is tappable while an overlay blocks the screen.
bool button(Ui& ui, const std::string& id, const char* label, Box box, Tone tone = Tone::kPrimary,
            bool enabled = true, ImFont* font = nullptr);

// Wrapped text at `pos`, `width` wide; returns its height.
float text(Ui& ui, ImFont* font, ImVec2 pos, float width, ImU32 colour, const std::string& s);
float text_height(ImFont* font, float width, const std::string& s);
// Text centred in `box` (wrapped to its width).
void text_centred(Ui& ui, ImFont* font, Box box, ImU32 colour, const std::string& s);

// The header band (office, step, language, accessibility) and the area below it.
Box draw_header(Ui& ui);
struct Footer {
    bool back = true;
    bool cancel = true;
    const char* next = nullptr;  // the main button's label; none when null
    bool next_enabled = true;
    kiosk::Intent::Kind next_intent = kiosk::Intent::Kind::kNext;
    std::string next_value;  // the intent's value (a typed receipt number)
    std::string next_id = "nav.next";
    // A second choice in the cancel button's place ("I do not agree").
    const char* alt = nullptr;
    std::string alt_id;
    kiosk::Intent::Kind alt_intent = kiosk::Intent::Kind::kCancel;
};
// The footer band; returns the body: between header and footer.
Box draw_footer(Ui& ui, Box below_header, const Footer& f);

// The keyboard of `kind` filling `box`, with extra full-text keys (e-mail domains) in a row on
// top. Returns the new value after a key press.
std::optional<std::string> draw_keyboard(Ui& ui, KeyboardKind kind, const std::string& value,
                                         std::size_t max_chars, Box box,
                                         const std::vector<std::string>& extra = {});

void spinner(Ui& ui, ImVec2 centre, float radius);
// A ring filled to `progress` (0..1), for the countdown to an automatic capture.
void progress_ring(Ui& ui, ImVec2 centre, float radius, double progress, ImU32 colour);

// Overlays drawn over the screen; each blocks the screen's own buttons while shown.
void draw_overlays(Ui& ui);
bool overlay_active(const Ui& ui);

}  // namespace anjungan::ui
