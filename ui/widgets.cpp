#include "widgets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace anjungan::ui {

namespace {

bool g_drawing_overlay = false;  // overlays' own buttons stay live while they block the rest

ImDrawList* dl() {
    return ImGui::GetWindowDrawList();
}

ImU32 fade(ImU32 c, float alpha) {
    ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    v.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(v);
}

std::string format(const char* fmt, int a) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a);
    return buf;
}

}  // namespace

bool overlay_active(const Ui& ui) {
    return ui.view.idle_countdown.has_value() || ui.state.confirm_cancel;
}

bool button(Ui& ui, const std::string& id, const char* label, Box box, Tone tone, bool enabled,
            ImFont* font) {
    // Never smaller than a fingertip (15 mm on this panel).
    if (box.w() < ui.min_touch) {
        box.max.x = box.min.x + ui.min_touch;
    }
    if (box.h() < ui.min_touch) {
        box.max.y = box.min.y + ui.min_touch;
    }
    const bool live = enabled && (!overlay_active(ui) || g_drawing_overlay);
    ImGui::SetCursorScreenPos(box.min);
    ImGui::PushID(id.c_str());
    bool pressed = ImGui::InvisibleButton("b", {box.w(), box.h()});
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    pressed = pressed && live;
    if (live) {
        ui.targets.add(id, box.min, box.max);
    }
    const Theme& t = ui.theme;
    ImU32 bg = t.primary, fg = t.primary_text;
    switch (tone) {
        case Tone::kPrimary:
            break;
        case Tone::kSecondary:
            bg = t.secondary;
            fg = t.secondary_text;
            break;
        case Tone::kDanger:
            bg = t.danger;
            fg = t.danger_text;
            break;
        case Tone::kQuiet:
            bg = t.surface;
            fg = t.text;
            break;
        case Tone::kSelected:
            bg = t.focus;
            fg = t.primary_text;
            break;
    }
    if (!enabled) {
        bg = fade(bg, 0.35f);
        fg = fade(fg, 0.6f);
    } else if (held && live) {
        bg = fade(bg, 0.75f);
    }
    const float r = 14 * ui.s;
    dl()->AddRectFilled(box.min, box.max, bg, r);
    dl()->AddRect(box.min, box.max, tone == Tone::kQuiet ? t.outline : fade(t.outline, 0.0f), r, 0,
                  2 * ui.s);
    ImFont* f = font ? font : ui.fonts.bold;
    Box inner{{box.min.x + 12 * ui.s, box.min.y}, {box.max.x - 12 * ui.s, box.max.y}};
    text_centred(ui, f, inner, fg, label);
    return pressed;
}

float text_height(ImFont* font, float width, const std::string& s) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, s.c_str()).y;
}

float text(Ui&, ImFont* font, ImVec2 pos, float width, ImU32 colour, const std::string& s) {
    dl()->AddText(font, font->FontSize, pos, colour, s.c_str(), nullptr, width);
    return text_height(font, width, s);
}

void text_centred(Ui&, ImFont* font, Box box, ImU32 colour, const std::string& s) {
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, box.w(), s.c_str());
    // Each wrapped line centred on its own.
    const char* p = s.c_str();
    const char* end = p + s.size();
    float y = box.centre().y - size.y / 2;
    while (p < end) {
        const char* line_end = font->CalcWordWrapPositionA(1.0f, p, end, box.w());
        if (line_end == p) {
            ++line_end;
        }
        const char* visible_end = line_end;
        while (visible_end > p && (visible_end[-1] == ' ' || visible_end[-1] == '\n')) {
            --visible_end;
        }
        const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, p, visible_end).x;
        dl()->AddText(font, font->FontSize, {box.centre().x - w / 2, y}, colour, p, visible_end);
        y += font->FontSize;
        p = line_end;
        while (p < end && (*p == ' ' || *p == '\n')) {
            ++p;
        }
    }
}

Box draw_header(Ui& ui) {
    float h = std::max(104 * ui.s, ui.min_touch + 24 * ui.s);
    const Box band{{0, 0}, {ui.size.x, h}};
    const Theme& t = ui.theme;
    dl()->AddRectFilled(band.min, band.max, t.header);
    const float pad = 24 * ui.s;

    // The city's emblem; holding it for three seconds is the hidden staff gesture.
    const float er = (h - 2 * pad * 0.6f) / 2;
    const ImVec2 ec{pad + er, h / 2};
    dl()->AddCircleFilled(ec, er, IM_COL32(0xE8, 0xB9, 0x3A, 0xFF), 48);
    dl()->AddCircle(ec, er * 0.78f, t.header, 48, 3 * ui.s);
    // The kiosk's id, in the largest type that fits the emblem (large text included).
    ImFont* id_font = ui.fonts.bold;
    const float id_w =
        id_font->CalcTextSizeA(id_font->FontSize, FLT_MAX, 0, ui.config.kiosk_id.c_str()).x;
    const float id_size = std::min(id_font->FontSize, id_font->FontSize * er * 1.6f / id_w);
    dl()->AddText(id_font, id_size,
                  {ec.x - id_w * id_size / id_font->FontSize / 2, ec.y - id_size / 2},
                  IM_COL32(0x0B, 0x3D, 0x5C, 255), ui.config.kiosk_id.c_str());
    {
        const Box hold{{0, 0}, {ec.x + er + pad / 2, h}};
        const ImVec2 m = ImGui::GetIO().MousePos;
        const bool inside =
            m.x >= hold.min.x && m.x < hold.max.x && m.y >= hold.min.y && m.y < hold.max.y;
        if (inside && ImGui::GetIO().MouseDown[0] && !overlay_active(ui)) {
            if (ui.state.hold_since < 0) {
                ui.state.hold_since = ui.now;
            } else if (ui.now - ui.state.hold_since >= 3.0) {
                ui.send(kiosk::Intent::Kind::kAdminGesture);
                ui.state.hold_since = 1e18;  // once per hold
            }
        } else {
            ui.state.hold_since = -1;
        }
        ui.targets.add("gesture.admin", hold.min, hold.max);
    }

    // The office, then the step indicator, then language and the accessibility toggle.
    const float x = ec.x + er + pad;
    char city[256];
    std::snprintf(city, sizeof city, ui.t(S::kGovernmentOf), ui.config.city_name.c_str());
    dl()->AddText(ui.fonts.bold, ui.fonts.bold->FontSize, {x, h / 2 - ui.fonts.bold->FontSize},
                  t.header_text, city);
    dl()->AddText(ui.fonts.small, ui.fonts.small->FontSize, {x, h / 2 + 2 * ui.s},
                  fade(t.header_text, 0.85f), ui.config.office_name.c_str());

    const float bw = std::max(96 * ui.s, ui.min_touch);
    const float bh = h - 2 * 14 * ui.s;
    float bx = ui.size.x - pad - bw;
    const float by = (h - bh) / 2;
    if (button(ui, "toggle.access", "Aa", {{bx, by}, {bx + bw, by + bh}},
               ui.state.high_contrast ? Tone::kSelected : Tone::kQuiet)) {
        ui.state.high_contrast = !ui.state.high_contrast;
        ui.state.large_text = ui.state.high_contrast;
    }
    bx -= bw + 24 * ui.s;
    const bool en = ui.lang() == domain::Lang::kEn;
    if (button(ui, "lang.toggle.en", "EN", {{bx, by}, {bx + bw, by + bh}},
               en ? Tone::kSelected : Tone::kQuiet)) {
        ui.send(kiosk::Intent::language(domain::Lang::kEn));
    }
    bx -= bw + 8 * ui.s;
    if (button(ui, "lang.toggle.id", "ID", {{bx, by}, {bx + bw, by + bh}},
               en ? Tone::kQuiet : Tone::kSelected)) {
        ui.send(kiosk::Intent::language(domain::Lang::kId));
    }

    if (ui.view.step > 0) {
        // "Step i of n" with a dot per step, between the office and the buttons.
        const std::string label = [&] {
            char buf[96];
            std::snprintf(buf, sizeof buf, ui.t(S::kStepOf), ui.view.step, ui.view.steps);
            return std::string(buf);
        }();
        const float dot = 9 * ui.s, gap = 10 * ui.s;
        const float dots_w = static_cast<float>(ui.view.steps) * (2 * dot + gap);
        const float lw =
            ui.fonts.bold->CalcTextSizeA(ui.fonts.bold->FontSize, FLT_MAX, 0, label.c_str()).x;
        const float w = std::max(dots_w, lw);
        // In the header when there is room (landscape), else in a band below it (portrait).
        float left = bx - pad - w;
        float mid = h / 2;
        if (left <= x + 420 * ui.s) {
            const float strip = ui.fonts.bold->FontSize + 2 * dot + 34 * ui.s;
            dl()->AddRectFilled({0, h}, {ui.size.x, h + strip}, t.header);
            left = (ui.size.x - w) / 2;
            mid = h + strip / 2 - 2 * ui.s;
            h += strip;
        }
        dl()->AddText(ui.fonts.bold, ui.fonts.bold->FontSize,
                      {left + (w - lw) / 2, mid - ui.fonts.bold->FontSize}, t.header_text,
                      label.c_str());
        for (int i = 0; i < ui.view.steps; ++i) {
            const ImVec2 c{left + (w - dots_w) / 2 + static_cast<float>(i) * (2 * dot + gap) + dot,
                           mid + 14 * ui.s + dot};
            if (i < ui.view.step) {
                dl()->AddCircleFilled(c, dot, t.header_text, 16);
            } else {
                dl()->AddCircle(c, dot - ui.s, t.header_text, 16, 2 * ui.s);
            }
        }
    }
    return {{0, h}, {ui.size.x, ui.size.y}};
}

Box draw_footer(Ui& ui, Box below_header, const Footer& f) {
    const float h = std::max(132 * ui.s, ui.min_touch + 40 * ui.s);
    const Box band{{0, ui.size.y - h}, {ui.size.x, ui.size.y}};
    const Theme& t = ui.theme;
    dl()->AddRectFilled(band.min, band.max, t.surface);
    dl()->AddLine(band.min, {band.max.x, band.min.y}, t.outline, 2 * ui.s);
    const float pad = 24 * ui.s;
    const float bh = h - 2 * 20 * ui.s;
    const float y = band.min.y + (h - bh) / 2;
    float x = pad;
    const float bw = std::max(260 * ui.s, ui.min_touch);
    if (f.back) {
        if (button(ui, "nav.back", ui.t(S::kBack), {{x, y}, {x + bw, y + bh}}, Tone::kSecondary)) {
            ui.send(kiosk::Intent::Kind::kBack);
        }
        x += bw + pad;
    }
    if (f.alt) {
        if (button(ui, f.alt_id, f.alt, {{x, y}, {x + bw * 1.3f, y + bh}}, Tone::kQuiet)) {
            ui.send(f.alt_intent);
        }
    } else if (f.cancel) {
        if (button(ui, "nav.cancel", ui.t(S::kCancel), {{x, y}, {x + bw, y + bh}}, Tone::kQuiet)) {
            ui.state.confirm_cancel = true;
        }
    }
    if (f.next) {
        const float nw = std::max(420 * ui.s, ui.min_touch);
        if (button(ui, f.next_id, f.next, {{ui.size.x - pad - nw, y}, {ui.size.x - pad, y + bh}},
                   Tone::kPrimary, f.next_enabled)) {
            ui.send(f.next_intent, {}, f.next_value);
        }
    }
    return {below_header.min, {below_header.max.x, band.min.y}};
}

std::optional<std::string> draw_keyboard(Ui& ui, KeyboardKind kind, const std::string& value,
                                         std::size_t max_chars, Box box,
                                         const std::vector<std::string>& extra) {
    const KeyRows& rows = keyboard_rows(kind);
    float units = 0;
    for (const auto& row : rows) {
        float u = 0;
        for (const auto& k : row) {
            u += k.width;
        }
        units = std::max(units, u);
    }
    const int nrows = static_cast<int>(rows.size()) + (extra.empty() ? 0 : 1);
    const float gap = 10 * ui.s;
    float key_w = (box.w() - (units - 1) * gap) / units;
    const auto rows_f = static_cast<float>(nrows);
    float key_h = (box.h() - (rows_f - 1) * gap) / rows_f;
    key_h = std::min(key_h, std::max(key_w * 1.3f, ui.min_touch));
    key_w = std::min(key_w, 200 * ui.s);
    std::optional<std::string> out;
    float y = box.min.y;
    if (!extra.empty()) {
        const auto n = static_cast<float>(extra.size());
        const float w = (box.w() - (n - 1) * gap) / n;
        float x = box.min.x;
        for (const auto& e : extra) {
            if (button(ui, "key:" + e, e.c_str(), {{x, y}, {x + w, y + key_h}}, Tone::kSecondary,
                       true, ui.fonts.body)) {
                out = apply_key(value, {e, e, Key::Action::kInsert, 1}, max_chars);
            }
            x += w + gap;
        }
        y += key_h + gap;
    }
    for (const auto& row : rows) {
        float row_units = 0;
        for (const auto& k : row) {
            row_units += k.width;
        }
        const float row_w = row_units * key_w + (row_units - 1) * gap;
        float x = box.min.x + (box.w() - row_w) / 2;
        for (const auto& k : row) {
            const float w = k.width * key_w + (k.width - 1) * gap;
            const char* label = k.label.c_str();
            Tone tone = Tone::kQuiet;
            switch (k.action) {
                case Key::Action::kBackspace:
                    label = ui.t(S::kKeyBackspace);
                    tone = Tone::kSecondary;
                    break;
                case Key::Action::kClear:
                    label = ui.t(S::kKeyClear);
                    tone = Tone::kSecondary;
                    break;
                case Key::Action::kSpace:
                    label = ui.t(S::kKeySpace);
                    break;
                case Key::Action::kInsert:
                    break;
            }
            if (button(ui, "key:" + k.id, label, {{x, y}, {x + w, y + key_h}}, tone, true,
                       k.action == Key::Action::kInsert ? ui.fonts.bold : ui.fonts.small)) {
                out = apply_key(value, k, max_chars);
            }
            x += w + gap;
        }
        y += key_h + gap;
    }
    return out;
}

void spinner(Ui& ui, ImVec2 centre, float radius) {
    const float a = static_cast<float>(std::fmod(ui.now * 4.0, 2 * M_PI));
    dl()->PathClear();
    dl()->PathArcTo(centre, radius, a, a + 4.2f, 40);
    dl()->PathStroke(ui.theme.primary, 0, 10 * ui.s);
}

void progress_ring(Ui& ui, ImVec2 centre, float radius, double progress, ImU32 colour) {
    dl()->AddCircle(centre, radius, fade(ui.theme.surface, 0.8f), 64, 14 * ui.s);
    if (progress > 0) {
        const float a0 = static_cast<float>(-M_PI / 2);
        dl()->PathClear();
        dl()->PathArcTo(centre, radius, a0,
                        a0 + static_cast<float>(2 * M_PI * std::clamp(progress, 0.0, 1.0)), 64);
        dl()->PathStroke(colour, 0, 14 * ui.s);
    }
}

void draw_overlays(Ui& ui) {
    if (!overlay_active(ui)) {
        return;
    }
    g_drawing_overlay = true;
    const Theme& t = ui.theme;
    dl()->AddRectFilled({0, 0}, ui.size, t.overlay);
    const float w = std::min(ui.size.x - 80 * ui.s, 1100 * ui.s);
    const float h = 560 * ui.s;
    const Box card{{(ui.size.x - w) / 2, (ui.size.y - h) / 2},
                   {(ui.size.x + w) / 2, (ui.size.y + h) / 2}};
    dl()->AddRectFilled(card.min, card.max, t.background, 24 * ui.s);
    dl()->AddRect(card.min, card.max, t.outline, 24 * ui.s, 0, 3 * ui.s);
    const float pad = 48 * ui.s;
    const float inner = w - 2 * pad;
    const Box buttons{{card.min.x + pad, card.max.y - pad - 120 * ui.s},
                      {card.max.x - pad, card.max.y - pad}};
    if (ui.view.idle_countdown) {
        float y = card.min.y + pad;
        y += text(ui, ui.fonts.title, {card.min.x + pad, y}, inner, t.text, ui.t(S::kIdleTitle));
        y += 24 * ui.s;
        text(ui, ui.fonts.body, {card.min.x + pad, y}, inner, t.text,
             format(ui.t(S::kIdleBody), *ui.view.idle_countdown));
        progress_ring(ui, {card.max.x - pad - 60 * ui.s, card.min.y + pad + 50 * ui.s}, 44 * ui.s,
                      *ui.view.idle_countdown /
                          static_cast<double>(std::max(1, ui.config.timeouts.idle_warning_seconds)),
                      t.warn);
        if (button(ui, "idle.still_here", ui.t(S::kStillHere), buttons)) {
            ui.send(kiosk::Intent::Kind::kStillHere);
        }
    } else if (ui.state.confirm_cancel) {
        float y = card.min.y + pad;
        y += text(ui, ui.fonts.title, {card.min.x + pad, y}, inner, t.text,
                  ui.t(S::kConfirmCancelTitle));
        y += 24 * ui.s;
        text(ui, ui.fonts.body, {card.min.x + pad, y}, inner, t.text, ui.t(S::kConfirmCancelBody));
        const float half = (buttons.w() - 24 * ui.s) / 2;
        if (button(ui, "cancel.no", ui.t(S::kConfirmCancelNo),
                   {buttons.min, {buttons.min.x + half, buttons.max.y}}, Tone::kSecondary)) {
            ui.state.confirm_cancel = false;
            ui.send(kiosk::Intent::Kind::kTouch);
        }
        if (button(ui, "cancel.yes", ui.t(S::kConfirmCancelYes),
                   {{buttons.max.x - half, buttons.min.y}, buttons.max}, Tone::kDanger)) {
            ui.state.confirm_cancel = false;
            ui.send(kiosk::Intent::Kind::kCancel);
        }
    }
    g_drawing_overlay = false;
}

}  // namespace anjungan::ui
