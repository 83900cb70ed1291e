// Status lookup (scan the receipt's QR, or type its number) and the case's timeline.
#include <cstdio>

#include "anjungan/platform/clock.hpp"
#include "screens.hpp"

namespace anjungan::ui {

void draw_status_lookup(Ui& ui) {
    const Box below = draw_header(ui);
    Footer foot;
    foot.cancel = false;
    foot.next = ui.t(S::kStatusFind);
    foot.next_id = "status.find";
    foot.next_enabled = !ui.state.typed.empty();
    foot.next_intent = kiosk::Intent::Kind::kTypeReceipt;
    foot.next_value = ui.state.typed;
    const Box body = draw_footer(ui, below, foot);
    const Box area = draw_title(ui, body, ui.t(S::kStatusTitle), ui.t(S::kStatusHow));
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.5f}};
    const Theme& t = ui.theme;
    // The number typed so far, then the keyboard.
    const float fh = std::max(96 * ui.s, ui.min_touch);
    float y = inner.min.y;
    text(ui, ui.fonts.bold, {inner.min.x, y}, inner.w(), t.text, ui.t(S::kStatusNumber));
    y += ui.fonts.bold->FontSize + 8 * ui.s;
    const Box field{{inner.min.x, y}, {inner.min.x + std::min(inner.w(), 900 * ui.s), y + fh}};
    auto* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(field.min, field.max, t.surface, 10 * ui.s);
    dl->AddRect(field.min, field.max, t.focus, 10 * ui.s, 0, 4 * ui.s);
    dl->AddText(ui.fonts.title, ui.fonts.title->FontSize,
                {field.min.x + 20 * ui.s, field.min.y + (fh - ui.fonts.title->FontSize) / 2},
                t.text, (ui.state.typed + (std::fmod(ui.now, 1.0) < 0.6 ? "|" : "")).c_str());
    if (!ui.view.message.empty()) {
        text(ui, ui.fonts.body, {field.max.x + p, y}, inner.max.x - field.max.x - p, t.error,
             ui.t(ui.view.message));
    }
    y += fh + 30 * ui.s;
    if (auto typed = draw_keyboard(ui, KeyboardKind::kReceipt, ui.state.typed, 24,
                                   {{inner.min.x, y}, inner.max})) {
        ui.state.typed = *typed;
        ui.send(kiosk::Intent::Kind::kTouch);
    }
}

void draw_status_result(Ui& ui) {
    const Box below = draw_header(ui);
    Footer foot;
    foot.cancel = false;
    foot.next = ui.t(S::kFinish);
    foot.next_id = "status.finish";
    foot.next_intent = kiosk::Intent::Kind::kFinish;
    const Box body = draw_footer(ui, below, foot);
    const Box area = draw_title(ui, body, ui.t(S::kStatusResultTitle));
    if (!ui.view.status) {
        return;
    }
    const auto& st = *ui.view.status;
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.5f}};
    const Box left = ui.portrait ? Box{inner.min, {inner.max.x, inner.min.y + inner.h() * 0.45f}}
                                 : Box{inner.min, {inner.min.x + inner.w() * 0.5f, inner.max.y}};
    const Box right = ui.portrait ? Box{{inner.min.x, left.max.y + p}, inner.max}
                                  : Box{{left.max.x + p, inner.min.y}, inner.max};
    const Theme& t = ui.theme;
    float y = left.min.y;
    y += text(ui, ui.fonts.title, {left.min.x, y}, left.w(), t.text, st.receipt_no);
    y += text(ui, ui.fonts.body, {left.min.x, y}, left.w(), t.muted, st.masked_name);
    y += 30 * ui.s;
    y += text(ui, ui.fonts.bold, {left.min.x, y}, left.w(), t.muted, ui.t(S::kStatusNow));
    y += text(ui, ui.fonts.title, {left.min.x, y}, left.w(), t.primary, ui.t(st.label));
    y += 30 * ui.s;
    y += text(ui, ui.fonts.bold, {left.min.x, y}, left.w(), t.muted, ui.t(S::kStatusNextStep));
    text(ui, ui.fonts.body, {left.min.x, y}, left.w(), t.text, ui.t(st.next_step));

    // The timeline: newest at the bottom, a dot per change.
    float ty = right.min.y;
    ty += text(ui, ui.fonts.bold, {right.min.x, ty}, right.w(), t.muted, ui.t(S::kStatusHistory));
    ty += 16 * ui.s;
    auto* dl = ImGui::GetWindowDrawList();
    const float x = right.min.x + 20 * ui.s;
    for (std::size_t i = 0; i < st.history.size(); ++i) {
        const auto& h = st.history[i];
        const bool last = i + 1 == st.history.size();
        dl->AddCircleFilled({x, ty + 20 * ui.s}, 14 * ui.s, last ? t.primary : t.outline, 20);
        if (!last) {
            dl->AddLine({x, ty + 34 * ui.s}, {x, ty + 110 * ui.s}, t.outline, 4 * ui.s);
        }
        text(ui, ui.fonts.bold, {x + 40 * ui.s, ty}, right.w() - 60 * ui.s, t.text,
             std::string(domain::label(h.status, ui.lang())));
        text(ui, ui.fonts.small, {x + 40 * ui.s, ty + 44 * ui.s}, right.w() - 60 * ui.s, t.muted,
             local_time(h.at, ui.config.utc_offset_minutes) +
                 (h.note.empty() ? "" : "  \xC2\xB7  " + h.note));
        ty += 110 * ui.s;
        if (ty > right.max.y - 100 * ui.s) {
            break;
        }
    }
}

}  // namespace anjungan::ui
