// Identity, contact and work: fields on one side, the keyboard (or the work-unit list) on the
// other; each key press hands the whole value to the session, which validates as it goes.
#include <algorithm>
#include <cmath>

#include "../form_fields.hpp"
#include "anjungan/platform/config.hpp"
#include "screens.hpp"

namespace anjungan::ui {

namespace {

using kiosk::Screen;

std::vector<std::string> problems_of(const Ui& ui, const std::vector<domain::FieldProblem>& list,
                                     const std::string& field) {
    std::vector<std::string> out;
    for (const auto& p : list) {
        if (p.field == field) {
            out.push_back(p.problem.message(ui.lang()));
        }
    }
    return out;
}

void draw_picker(Ui& ui, const FieldSpec& f, Box box) {
    const auto& units = work_units(ui.config);
    const float gap = 10 * ui.s;
    const float row = std::max(88 * ui.s, ui.min_touch);
    const float arrows = std::max(96 * ui.s, ui.min_touch);
    const int visible = std::max(1, static_cast<int>((box.h() - arrows - gap) / (row + gap)));
    const int count = static_cast<int>(units.size());
    int& first = ui.state.picker_first;
    first = std::clamp(first, 0, std::max(0, count - visible));
    const std::string current = value_of(ui.view.applicant, f.name);
    float y = box.min.y;
    for (int i = first; i < std::min(count, first + visible); ++i) {
        const bool selected = units[i] == current;
        if (button(ui, "option:" + f.name + ":" + std::to_string(i), units[i].c_str(),
                   {{box.min.x, y}, {box.max.x, y + row}},
                   selected ? Tone::kSelected : Tone::kQuiet, true, ui.fonts.body)) {
            ui.send(kiosk::Intent::set_field(f.name, units[i]));
            ui.state.focus.clear();
        }
        y += row + gap;
    }
    const float half = (box.w() - gap) / 2;
    const float ay = box.max.y - arrows;
    if (button(ui, "picker.up", "\xE2\x80\xA6 \xE2\x96\xB2",
               {{box.min.x, ay}, {box.min.x + half, box.max.y}}, Tone::kSecondary, first > 0)) {
        first = std::max(0, first - visible);
    }
    if (button(ui, "picker.down", "\xE2\x96\xBC \xE2\x80\xA6", {{box.max.x - half, ay}, box.max},
               Tone::kSecondary, first + visible < count)) {
        first = std::min(count - visible, first + visible);
    }
}

}  // namespace

void draw_form(Ui& ui) {
    const Screen screen = ui.view.screen;
    const auto& specs = fields(screen);
    const Box below = draw_header(ui);
    Footer foot;
    foot.next = ui.t(S::kNext);
    const Box body = draw_footer(ui, below, foot);
    const S title = screen == Screen::kIdentity  ? S::kIdentityTitle
                    : screen == Screen::kContact ? S::kContactTitle
                                                 : S::kWorkTitle;
    const Box area = draw_title(ui, body, ui.t(title));
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.6f}};
    const Box left_box = ui.portrait
                             ? Box{inner.min, {inner.max.x, inner.min.y + inner.h() * 0.5f}}
                             : Box{inner.min, {inner.min.x + inner.w() * 0.44f, inner.max.y}};
    const Box right = ui.portrait ? Box{{inner.min.x, left_box.max.y + p * 0.5f}, inner.max}
                                  : Box{{left_box.max.x + p, inner.min.y}, inner.max};
    const Theme& t = ui.theme;

    // The focus starts on the first empty field to type.
    if (!ui.state.focus_set) {
        ui.state.focus_set = true;
        for (const auto& f : specs) {
            if (f.choices.empty() && !f.picker && value_of(ui.view.applicant, f.name).empty()) {
                ui.state.focus = f.name;
                break;
            }
        }
    }
    const FieldSpec* focused = nullptr;

    // Fields: label, value (or choices), then its problems.
    const float box_h = std::max(72 * ui.s, ui.min_touch);
    const float gap = 12 * ui.s;
    // One field in the column [x, x + w) from y; returns its height.
    auto draw_field = [&](const FieldSpec& f, const float x, const float w, float y) {
        const float y0 = y;
        const Box left{{x, left_box.min.y}, {x + w, left_box.max.y}};
        const bool is_focus = ui.state.focus == f.name;
        if (is_focus) {
            focused = &f;
        }
        y += text(ui, ui.fonts.bold, {left.min.x, y}, left.w(), t.text, ui.t(f.label));
        y += 4 * ui.s;
        const std::string value = value_of(ui.view.applicant, f.name);
        if (!f.choices.empty()) {
            const auto n = static_cast<float>(f.choices.size());
            const float cw = (left.w() - (n - 1) * gap) / n;
            float cx = left.min.x;
            for (const auto& c : f.choices) {
                if (button(ui, "choice:" + f.name + ":" + c.code, ui.t(c.label),
                           {{cx, y}, {cx + cw, y + box_h}},
                           value == c.code ? Tone::kSelected : Tone::kQuiet, true, ui.fonts.body)) {
                    ui.send(kiosk::Intent::set_field(f.name, c.code));
                }
                cx += cw + gap;
            }
        } else {
            const Box vb{{left.min.x, y}, {left.max.x, y + box_h}};
            // The value box is a target of its own: touching it moves the keyboard there.
            ImGui::SetCursorScreenPos(vb.min);
            ImGui::PushID(f.name.c_str());
            const bool tapped = ImGui::InvisibleButton("field", {vb.w(), vb.h()});
            ImGui::PopID();
            if (!overlay_active(ui)) {
                ui.targets.add("field:" + f.name, vb.min, vb.max);
                if (tapped) {
                    ui.state.focus = f.name;
                    ui.send(kiosk::Intent::Kind::kTouch);
                }
            }
            const bool has_error = !problems_of(ui, ui.view.errors, f.name).empty();
            auto* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(vb.min, vb.max, t.surface, 10 * ui.s);
            dl->AddRect(vb.min, vb.max,
                        is_focus    ? t.focus
                        : has_error ? t.error
                                    : t.outline,
                        10 * ui.s, 0, (is_focus ? 4 : 2) * ui.s);
            std::string shown = value;
            ImU32 colour = t.text;
            if (shown.empty() && !is_focus) {
                shown = f.picker ? ui.t(S::kChooseWorkUnit)
                        : f.hint ? ui.t(*f.hint)
                                 : ui.t(S::kTapToType);
                colour = t.muted;
            }
            ImFont* font = ui.fonts.body;
            // Long values show their end, where the typing happens.
            const float avail = vb.w() - 40 * ui.s;
            while (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, shown.c_str()).x > avail &&
                   shown.size() > 4) {
                shown = "\xE2\x80\xA6" + shown.substr(std::min<std::size_t>(shown.size(), 5));
            }
            const float ty = vb.min.y + (vb.h() - font->FontSize) / 2;
            dl->AddText(font, font->FontSize, {vb.min.x + 18 * ui.s, ty}, colour, shown.c_str());
            if (is_focus && std::fmod(ui.now, 1.0) < 0.6) {
                const float cx =
                    vb.min.x + 18 * ui.s +
                    (value.empty()
                         ? 0
                         : font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, shown.c_str()).x) +
                    3 * ui.s;
                dl->AddLine({cx, ty}, {cx, ty + font->FontSize}, t.focus, 3 * ui.s);
            }
        }
        y += box_h + 4 * ui.s;
        for (const auto& e : problems_of(ui, ui.view.errors, f.name)) {
            y += text(ui, ui.fonts.small, {left.min.x, y}, left.w(), t.error, "\xE2\x80\xA2 " + e);
        }
        return y + gap - y0;
    };
    float y = left_box.min.y;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].beside_next && i + 1 < specs.size()) {
            const float half = (left_box.w() - 2 * gap) / 2;
            const float h1 = draw_field(specs[i], left_box.min.x, half, y);
            const float h2 = draw_field(specs[i + 1], left_box.max.x - half, half, y);
            y += std::max(h1, h2);
            ++i;
        } else {
            y += draw_field(specs[i], left_box.min.x, left_box.w(), y);
        }
    }

    // The question ("is this right?") comes before the keyboard: it needs an answer.
    if (ui.view.question) {
        float qy = right.min.y;
        auto* dl = ImGui::GetWindowDrawList();
        float h = 60 * ui.s;
        for (const auto& w : ui.view.warnings) {
            h += text_height(ui.fonts.body, right.w() - 48 * ui.s, w.problem.message(ui.lang())) +
                 12 * ui.s;
        }
        h += 60 * ui.s + std::max(110 * ui.s, ui.min_touch);
        dl->AddRectFilled(right.min, {right.max.x, right.min.y + h}, t.surface, 16 * ui.s);
        dl->AddRect(right.min, {right.max.x, right.min.y + h}, t.warn, 16 * ui.s, 0, 4 * ui.s);
        qy += 24 * ui.s;
        qy += text(ui, ui.fonts.title, {right.min.x + 24 * ui.s, qy}, right.w() - 48 * ui.s, t.warn,
                   ui.t(S::kQuestionTitle));
        qy += 12 * ui.s;
        for (const auto& w : ui.view.warnings) {
            qy += text(ui, ui.fonts.body, {right.min.x + 24 * ui.s, qy}, right.w() - 48 * ui.s,
                       t.text, w.problem.message(ui.lang()));
            qy += 12 * ui.s;
        }
        qy += 24 * ui.s;
        const float bw = (right.w() - 72 * ui.s) / 2;
        const float bh = std::max(110 * ui.s, ui.min_touch);
        if (button(ui, "question.fix", ui.t(S::kQuestionFix),
                   {{right.min.x + 24 * ui.s, qy}, {right.min.x + 24 * ui.s + bw, qy + bh}},
                   Tone::kSecondary)) {
            ui.state.focus = ui.view.warnings.empty() ? "" : ui.view.warnings.front().field;
            ui.send(kiosk::Intent::Kind::kTouch);
        }
        if (button(ui, "question.confirm", ui.t(S::kQuestionConfirm),
                   {{right.max.x - 24 * ui.s - bw, qy}, {right.max.x - 24 * ui.s, qy + bh}})) {
            ui.send(kiosk::Intent::Kind::kConfirm);
        }
        return;
    }
    if (focused == nullptr) {
        ImGui::GetWindowDrawList()->AddRectFilled(right.min, right.max, t.surface, 16 * ui.s);
        text_centred(ui, ui.fonts.body, right, t.muted, ui.t(S::kTapToType));
        return;
    }
    if (focused->picker) {
        draw_picker(ui, *focused, right);
        return;
    }
    std::vector<std::string> extra;
    if (focused->keyboard == KeyboardKind::kEmail) {
        for (const auto& d : ui.config.email_domains) {
            extra.push_back("@" + d);
        }
    }
    // Numeric pads stay a comfortable size rather than filling a wide panel.
    Box kb = right;
    if (focused->keyboard == KeyboardKind::kDigits || focused->keyboard == KeyboardKind::kPhone) {
        const float w = std::min(right.w(), 620 * ui.s);
        kb = {{right.min.x + (right.w() - w) / 2, right.min.y},
              {right.min.x + (right.w() + w) / 2, std::min(right.max.y, right.min.y + 620 * ui.s)}};
    }
    const std::string value = value_of(ui.view.applicant, focused->name);
    if (auto typed = draw_keyboard(ui, focused->keyboard, value, focused->max_chars, kb, extra)) {
        if (*typed != value) {
            ui.send(kiosk::Intent::set_field(focused->name, *typed));
        } else {
            ui.send(kiosk::Intent::Kind::kTouch);
        }
    }
}

void draw_duplicate(Ui& ui) {
    const Box below = draw_header(ui);
    Footer foot;
    foot.next = ui.t(S::kDuplicateContinue);
    foot.next_id = "duplicate.continue";
    foot.next_intent = kiosk::Intent::Kind::kConfirm;
    const Box body = draw_footer(ui, below, foot);
    const Box area = draw_title(ui, body, ui.t(S::kDuplicateTitle));
    const float p = pad(ui);
    float y = area.min.y;
    const Theme& t = ui.theme;
    // Only that a case is open, and what to do: no receipt number, status or name (whoever
    // types a NIK sees this).
    if (!ui.view.message.empty()) {
        const float w = std::min(area.w() - 2 * p, 1100 * ui.s);
        const float h = text_height(ui.fonts.body, w - 48 * ui.s, ui.t(ui.view.message));
        const Box card{{area.min.x + p, y}, {area.min.x + p + w, y + h + 40 * ui.s}};
        ImGui::GetWindowDrawList()->AddRectFilled(card.min, card.max, t.surface, 14 * ui.s);
        text(ui, ui.fonts.body, {card.min.x + 24 * ui.s, card.min.y + 20 * ui.s}, w - 48 * ui.s,
             t.text, ui.t(ui.view.message));
        y = card.max.y + 20 * ui.s;
    }
    if (ui.view.open_case) {
        const float bw = std::max(520 * ui.s, ui.min_touch);
        if (button(ui, "duplicate.status", ui.t(S::kDuplicateStatus),
                   {{area.min.x + p, y + 20 * ui.s}, {area.min.x + p + bw, y + 140 * ui.s}},
                   Tone::kSecondary)) {
            ui.send(kiosk::Intent::Kind::kStatusLookup);
        }
    }
}

}  // namespace anjungan::ui
