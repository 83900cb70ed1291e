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
    foot.next_enabled = !ui.state.typed.empty() && ui.state.typed_phone.size() == 4 &&
                        ui.view.lookup_wait_seconds == 0;
    foot.next_intent = kiosk::Intent::Kind::kTypeReceipt;
    foot.next_value = ui.state.typed + " " + ui.state.typed_phone;
    const Box body = draw_footer(ui, below, foot);
    const Box area = draw_title(ui, body, ui.t(S::kStatusTitle), ui.t(S::kStatusHow));
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.5f}};
    const Theme& t = ui.theme;
    // The number typed so far, then the keyboard.
    const float fh = std::max(96 * ui.s, ui.min_touch);
    float y = inner.min.y;
    auto* dl = ImGui::GetWindowDrawList();
    const bool blink = std::fmod(ui.now, 1.0) < 0.6;
    // One field: a large touch target that takes the keyboard when touched.
    auto field_at = [&](const std::string& id, Box box, const std::string& value, bool focused) {
        dl->AddRectFilled(box.min, box.max, t.surface, 10 * ui.s);
        dl->AddRect(box.min, box.max, focused ? t.focus : t.outline, 10 * ui.s, 0,
                    (focused ? 4 : 2) * ui.s);
        dl->AddText(ui.fonts.title, ui.fonts.title->FontSize,
                    {box.min.x + 20 * ui.s, box.min.y + (fh - ui.fonts.title->FontSize) / 2},
                    t.text, (value + (focused && blink ? "|" : "")).c_str());
        ImGui::SetCursorScreenPos(box.min);
        ImGui::PushID(id.c_str());
        const bool tapped = ImGui::InvisibleButton("field", {box.w(), box.h()});
        ImGui::PopID();
        if (overlay_active(ui)) {
            return false;
        }
        ui.targets.add("status.field." + id, box.min, box.max);
        if (tapped) {
            ui.send(kiosk::Intent::Kind::kTouch);
        }
        return tapped;
    };
    const float number_w = std::min(inner.w() * 0.6f, 800 * ui.s);
    const float phone_x = inner.min.x + number_w + p;
    const float phone_w = std::min(inner.max.x - phone_x, 420 * ui.s);
    text(ui, ui.fonts.bold, {inner.min.x, y}, number_w, t.text, ui.t(S::kStatusNumber));
    text(ui, ui.fonts.bold, {phone_x, y}, phone_w, t.text, ui.t(S::kStatusPhone));
    y += ui.fonts.bold->FontSize + 8 * ui.s;
    if (field_at("receipt", {{inner.min.x, y}, {inner.min.x + number_w, y + fh}}, ui.state.typed,
                 !ui.state.phone_focus)) {
        ui.state.phone_focus = false;
    }
    if (field_at("phone", {{phone_x, y}, {phone_x + phone_w, y + fh}}, ui.state.typed_phone,
                 ui.state.phone_focus)) {
        ui.state.phone_focus = true;
    }
    y += fh + 12 * ui.s;
    if (!ui.view.message.empty()) {
        y += text(ui, ui.fonts.body, {inner.min.x, y}, inner.w(), t.error, ui.t(ui.view.message));
    } else {
        y += text(ui, ui.fonts.small, {inner.min.x, y}, inner.w(), t.muted,
                  ui.t(S::kStatusPhoneWhy));
    }
    y += 18 * ui.s;
    if (ui.state.phone_focus) {
        const float w = std::min(inner.w(), 620 * ui.s);
        if (auto typed = draw_keyboard(ui, KeyboardKind::kDigits, ui.state.typed_phone, 4,
                                       {{inner.min.x, y}, {inner.min.x + w, inner.max.y}})) {
            ui.state.typed_phone = *typed;
            ui.send(kiosk::Intent::Kind::kTouch);
        }
    } else if (auto typed = draw_keyboard(ui, KeyboardKind::kReceipt, ui.state.typed, 24,
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
