// "Staff will help you" and device faults: what happened, and what the person can do now.
#include "screens.hpp"

namespace anjungan::ui {

namespace {

void warning_sign(Ui& ui, ImVec2 c, float r, ImU32 colour) {
    auto* dl = ImGui::GetWindowDrawList();
    dl->AddTriangleFilled({c.x, c.y - r}, {c.x + r * 1.1f, c.y + r * 0.8f},
                          {c.x - r * 1.1f, c.y + r * 0.8f}, colour);
    dl->AddRectFilled({c.x - r * 0.08f, c.y - r * 0.45f}, {c.x + r * 0.08f, c.y + r * 0.3f},
                      ui.theme.primary_text);
    dl->AddCircleFilled({c.x, c.y + r * 0.52f}, r * 0.1f, ui.theme.primary_text);
}

// The common layout: a sign, a title, the session's message, then the choices.
void fault_screen(Ui& ui, S title, const std::string& detail) {
    const Box below = draw_header(ui);
    Footer foot;
    foot.back = false;
    foot.cancel = false;
    foot.next = ui.t(S::kRetry);
    foot.next_id = "help.retry";
    foot.next_intent = kiosk::Intent::Kind::kRetry;
    foot.alt = ui.t(S::kEndSession);
    foot.alt_id = "help.end";
    foot.alt_intent = kiosk::Intent::Kind::kCancel;
    const Box body = draw_footer(ui, below, foot);
    const float p = pad(ui);
    const Box b = inset(body, p);
    const ImVec2 c{b.centre().x, b.min.y + 110 * ui.s};
    warning_sign(ui, c, 90 * ui.s, ui.theme.warn);
    float y = c.y + 130 * ui.s;
    text_centred(ui, ui.fonts.title, {{b.min.x, y}, {b.max.x, y + 80 * ui.s}}, ui.theme.text,
                 ui.t(title));
    y += 110 * ui.s;
    if (!detail.empty()) {
        text_centred(ui, ui.fonts.bold, {{b.min.x, y}, {b.max.x, y + 60 * ui.s}}, ui.theme.muted,
                     detail);
        y += 80 * ui.s;
    }
    text_centred(ui, ui.fonts.body, {{b.min.x + 4 * p, y}, {b.max.x - 4 * p, y + 140 * ui.s}},
                 ui.theme.text, ui.t(ui.view.message));
}

}  // namespace

void draw_need_help(Ui& ui) {
    // The last refusal's guidance says what was wrong with the picture.
    fault_screen(ui, S::kNeedHelpTitle, ui.t(ui.view.capture.guidance));
}

void draw_device_fault(Ui& ui) {
    const S device = ui.view.fault_device == kiosk::FaultDevice::kScanner ? S::kScannerMissing
                                                                          : S::kCameraMissing;
    fault_screen(ui, S::kDeviceFaultTitle, ui.t(device));
}

}  // namespace anjungan::ui
