// Attract, language, consent, done and out of service: the screens around the application.
#include <cmath>

#include "screens.hpp"

namespace anjungan::ui {

namespace {

ImDrawList* dl() {
    return ImGui::GetWindowDrawList();
}

void check_mark(Ui& ui, ImVec2 c, float r, ImU32 colour) {
    dl()->AddCircleFilled(c, r, colour, 48);
    const ImVec2 pts[] = {{c.x - r * 0.45f, c.y + r * 0.02f},
                          {c.x - r * 0.12f, c.y + r * 0.35f},
                          {c.x + r * 0.48f, c.y - r * 0.32f}};
    dl()->AddPolyline(pts, 3, ui.theme.primary_text, 0, r * 0.16f);
}

}  // namespace

void draw_attract(Ui& ui) {
    const Box below = draw_header(ui);
    const float p = pad(ui);
    const Box body = inset(below, p);
    const Theme& t = ui.theme;
    // Landscape: what to bring on the left, the two choices on the right; portrait: stacked.
    const Box info = ui.portrait ? Box{body.min, {body.max.x, body.min.y + body.h() * 0.55f}}
                                 : Box{body.min, {body.min.x + body.w() * 0.55f, body.max.y}};
    const Box choices = ui.portrait ? Box{{body.min.x, info.max.y + p}, body.max}
                                    : Box{{info.max.x + p, body.min.y}, body.max};
    float y = info.min.y;
    const float w = info.w() - p;
    y += text(ui, ui.fonts.huge, {info.min.x, y}, w, t.accent, ui.t(S::kServiceTitle));
    y += 20 * ui.s;
    y += text(ui, ui.fonts.body, {info.min.x, y}, w, t.text, ui.t(S::kAttractLead));
    y += 40 * ui.s;
    y += text(ui, ui.fonts.bold, {info.min.x, y}, w, t.text, ui.t(S::kAttractBring));
    y += 12 * ui.s;
    for (S item :
         {S::kAttractBringKtp, S::kAttractBringSk, S::kAttractBringLetter, S::kAttractBringEmail}) {
        const float r = 16 * ui.s;
        check_mark(ui, {info.min.x + r, y + ui.fonts.body->FontSize / 2 + 2 * ui.s}, r, t.focus);
        y += text(ui, ui.fonts.body, {info.min.x + 3 * r, y}, w - 3 * r, t.text, ui.t(item));
        y += 10 * ui.s;
    }

    const float gap = 32 * ui.s;
    const float bh = std::min((choices.h() - gap) * 0.6f, 300 * ui.s);
    const float top = choices.min.y + (choices.h() - (bh + gap + bh * 0.6f)) / 2;
    if (button(ui, "attract.start", ui.t(S::kAttractStart),
               {{choices.min.x, top}, {choices.max.x, top + bh}}, Tone::kPrimary, true,
               ui.fonts.title)) {
        ui.send(kiosk::Intent::Kind::kStart);
    }
    if (button(ui, "attract.status", ui.t(S::kAttractStatus),
               {{choices.min.x, top + bh + gap}, {choices.max.x, top + bh + gap + bh * 0.6f}},
               Tone::kSecondary)) {
        ui.send(kiosk::Intent::Kind::kStatusLookup);
    }
    // A gentle pulse invites a touch.
    const float a = 0.55f + 0.45f * static_cast<float>(std::sin(ui.now * 2.5));
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(t.muted);
    c.w = a;
    text_centred(ui, ui.fonts.body,
                 {{choices.min.x, choices.max.y - 60 * ui.s}, {choices.max.x, choices.max.y}},
                 ImGui::ColorConvertFloat4ToU32(c), ui.t(S::kAttractTouch));
}

void draw_language(Ui& ui) {
    const Box below = draw_header(ui);
    Footer f;
    f.cancel = false;
    const Box body = draw_footer(ui, below, f);
    const Box area = draw_title(ui, body, ui.t(S::kLanguageTitle));
    const float p = pad(ui);
    const Box b = inset(area, p);
    const float gap = 40 * ui.s;
    const float bh = std::min(ui.portrait ? (b.h() - gap) / 2 : b.h(), 320 * ui.s);
    Box id_box, en_box;
    if (ui.portrait) {
        id_box = {{b.min.x, b.min.y}, {b.max.x, b.min.y + bh}};
        en_box = {{b.min.x, b.min.y + bh + gap}, {b.max.x, b.min.y + 2 * bh + gap}};
    } else {
        const float bw = (b.w() - gap) / 2;
        const float top = b.min.y + (b.h() - bh) / 2;
        id_box = {{b.min.x, top}, {b.min.x + bw, top + bh}};
        en_box = {{b.max.x - bw, top}, {b.max.x, top + bh}};
    }
    const bool en = ui.lang() == domain::Lang::kEn;
    if (button(ui, "lang.id", ui.t(S::kLanguageId), id_box, en ? Tone::kSecondary : Tone::kPrimary,
               true, ui.fonts.title)) {
        ui.send(kiosk::Intent::language(domain::Lang::kId));
        ui.send(kiosk::Intent::Kind::kNext);
    }
    if (button(ui, "lang.en", ui.t(S::kLanguageEn), en_box, en ? Tone::kPrimary : Tone::kSecondary,
               true, ui.fonts.title)) {
        ui.send(kiosk::Intent::language(domain::Lang::kEn));
        ui.send(kiosk::Intent::Kind::kNext);
    }
}

void draw_consent(Ui& ui) {
    const Box below = draw_header(ui);
    Footer f;
    f.next = ui.t(S::kConsentAccept);
    f.next_id = "consent.accept";
    f.next_intent = kiosk::Intent::Kind::kAccept;
    f.alt = ui.t(S::kConsentDecline);
    f.alt_id = "consent.decline";
    f.alt_intent = kiosk::Intent::Kind::kDecline;
    const Box body = draw_footer(ui, below, f);
    const Box area = draw_title(ui, body, ui.t(S::kConsentTitle), ui.t(S::kConsentScroll));
    const float p = pad(ui);
    const Box box{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.5f}};
    ImGui::GetWindowDrawList()->AddRectFilled(box.min, box.max, ui.theme.surface, 16 * ui.s);
    ImGui::SetCursorScreenPos({box.min.x + 24 * ui.s, box.min.y + 16 * ui.s});
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui.theme.text));
    ImGui::BeginChild("notice", {box.w() - 32 * ui.s, box.h() - 32 * ui.s}, false,
                      ImGuiWindowFlags_NoBackground);
    // Touch scrolling: the notice follows the finger.
    if (ImGui::IsWindowHovered() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4 * ui.s)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
    }
    ImGui::PushFont(ui.fonts.body);
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - 8 * ui.s);
    for (const auto& paragraph : ui.view.notice) {
        ImGui::TextUnformatted(ui.t(paragraph).c_str());
        ImGui::Dummy({1, 18 * ui.s});
    }
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void draw_done(Ui& ui) {
    const Box below = draw_header(ui);
    const float p = pad(ui);
    const Box body = inset(below, p);
    const float r = 90 * ui.s;
    const ImVec2 c{body.centre().x, body.min.y + body.h() * 0.25f};
    check_mark(ui, c, r, ui.theme.ok);
    float y = c.y + r + 40 * ui.s;
    text_centred(ui, ui.fonts.huge, {{body.min.x, y}, {body.max.x, y + 120 * ui.s}}, ui.theme.text,
                 ui.t(S::kDoneTitle));
    y += 140 * ui.s;
    text_centred(ui, ui.fonts.body, {{body.min.x + p, y}, {body.max.x - p, y + 100 * ui.s}},
                 ui.theme.text, ui.t(S::kDoneBody));
    const float bw = 480 * ui.s, bh = 120 * ui.s;
    if (button(ui, "done.finish", ui.t(S::kFinish),
               {{c.x - bw / 2, body.max.y - bh}, {c.x + bw / 2, body.max.y}})) {
        ui.send(kiosk::Intent::Kind::kFinish);
    }
}

void draw_out_of_service(Ui& ui) {
    const Box below = draw_header(ui);
    const Box body = inset(below, pad(ui));
    const float r = 80 * ui.s;
    const ImVec2 c{body.centre().x, body.min.y + body.h() * 0.3f};
    dl()->AddCircleFilled(c, r, ui.theme.warn, 48);
    dl()->AddRectFilled({c.x - r * 0.6f, c.y - r * 0.14f}, {c.x + r * 0.6f, c.y + r * 0.14f},
                        ui.theme.primary_text);
    float y = c.y + r + 40 * ui.s;
    text_centred(ui, ui.fonts.title, {{body.min.x, y}, {body.max.x, y + 80 * ui.s}}, ui.theme.text,
                 ui.t(S::kOutOfServiceTitle));
    y += 110 * ui.s;
    text_centred(ui, ui.fonts.body, {{body.min.x, y}, {body.max.x, y + 120 * ui.s}}, ui.theme.text,
                 ui.t(ui.view.message));
}

}  // namespace anjungan::ui
