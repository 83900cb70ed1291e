// Review (everything the person gave, each part editable) and the receipt.
#include <algorithm>

#include "screens.hpp"
#include "textures.hpp"

namespace anjungan::ui {

namespace {

using domain::DocumentKind;

ImDrawList* dl() {
    return ImGui::GetWindowDrawList();
}

struct Row {
    S label;
    std::string value;
};

struct Card {
    S title;
    std::vector<Row> rows;
    std::string edit_screen;
};

struct CardMetrics {
    float pad, label_w, bw, value_w;
};

CardMetrics metrics(const Ui& ui, float w) {
    const float pad = 20 * ui.s;
    const float label_w = w * 0.36f;
    const float bw = std::max(170 * ui.s, ui.min_touch);
    return {pad, label_w, bw, w - label_w - bw - 3 * pad};
}

// A row is as tall as its label or its value, whichever wraps to more lines.
float row_height(const Ui& ui, const CardMetrics& m, const Row& r) {
    return std::max({text_height(ui.fonts.small, m.value_w, r.value.empty() ? "-" : r.value),
                     text_height(ui.fonts.small, m.label_w, ui.t(r.label)),
                     ui.fonts.small->FontSize});
}

float card_height(const Ui& ui, float w, const Card& c) {
    const CardMetrics m = metrics(ui, w);
    float h = m.pad + ui.fonts.bold->FontSize + 10 * ui.s;
    for (const auto& r : c.rows) {
        h += row_height(ui, m, r) + 6 * ui.s;
    }
    h += m.pad;
    const float bh = std::max(h - 2 * m.pad, ui.min_touch);
    return std::max(h, bh + 2 * m.pad);
}

// A card of label/value rows with a "change" button; returns its bottom. The button takes
// touches only while it is wholly inside `visible` (the cards' column may scroll).
float card(Ui& ui, float x, float y, float w, const Card& c, Box visible) {
    const Theme& t = ui.theme;
    const CardMetrics m = metrics(ui, w);
    const float h = card_height(ui, w, c);
    const float bh = std::max(h - 2 * m.pad, ui.min_touch);
    dl()->AddRectFilled({x, y}, {x + w, y + h}, t.surface, 14 * ui.s);
    float cy = y + m.pad;
    text(ui, ui.fonts.bold, {x + m.pad, cy}, w, t.text, ui.t(c.title));
    cy += ui.fonts.bold->FontSize + 10 * ui.s;
    for (const auto& r : c.rows) {
        text(ui, ui.fonts.small, {x + m.pad, cy}, m.label_w, t.muted, ui.t(r.label));
        text(ui, ui.fonts.small, {x + m.pad + m.label_w, cy}, m.value_w, t.text,
             r.value.empty() ? "-" : r.value);
        cy += row_height(ui, m, r) + 6 * ui.s;
    }
    const float by = y + m.pad;
    const Box edit{{x + w - m.pad - m.bw, by}, {x + w - m.pad, by + std::min(bh, 110 * ui.s)}};
    const bool inside = edit.min.y >= visible.min.y - 0.5f && edit.max.y <= visible.max.y + 0.5f;
    if (button(ui, "review.edit:" + c.edit_screen, ui.t(S::kEdit), edit, Tone::kSecondary,
               inside)) {
        ui.send(kiosk::Intent::Kind::kEdit, c.edit_screen);
    }
    return y + h;
}

// The cards in `column`. When they are taller than it (large text, values that wrap) the
// column scrolls: the cards follow the finger, and the bar at its side shows where it is and
// can be dragged. Drawn in the screen's own window (not a
// child window), so the overlays stay above it as above every other screen.
void draw_cards(Ui& ui, const std::vector<Card>& cards, Box column) {
    const float gap = 16 * ui.s;
    const float bar = ImGui::GetStyle().ScrollbarSize;
    auto total_for = [&](float w) {
        float total = -gap;
        for (const auto& c : cards) {
            total += card_height(ui, w, c) + gap;
        }
        return total;
    };
    if (total_for(column.w()) <= column.h()) {
        float y = column.min.y;
        for (const auto& c : cards) {
            y = card(ui, column.min.x, y, column.w(), c, column) + gap;
        }
        return;
    }
    const float w = column.w() - bar - 12 * ui.s;
    const float total = total_for(w);
    const float range = total - column.h();
    float& offset = ui.state.scroll_y;
    offset = std::clamp(offset, 0.0f, range);
    ImGui::PushClipRect(column.min, column.max, true);  // drawing and touches
    float y = column.min.y - offset;
    for (const auto& c : cards) {
        y = card(ui, column.min.x, y, w, c, column) + gap;
    }
    ImGui::PopClipRect();
    // Submitted after the cards' buttons, so those keep their touches.
    const bool live = !overlay_active(ui);
    const float drag = live ? ImGui::GetIO().MouseDelta.y : 0;
    ImGui::SetCursorScreenPos(column.min);
    ImGui::InvisibleButton("review.cards.drag", {w, column.h()});
    if (ImGui::IsItemActive()) {
        offset = std::clamp(offset - drag, 0.0f, range);
    }
    const Box track{{column.max.x - bar, column.min.y}, column.max};
    ImGui::SetCursorScreenPos(track.min);
    ImGui::InvisibleButton("review.cards.bar", {track.w(), track.h()});
    const float thumb_h = std::max(track.h() * column.h() / total, ui.min_touch);
    if (ImGui::IsItemActive()) {
        offset =
            std::clamp(offset + drag * range / std::max(1.0f, track.h() - thumb_h), 0.0f, range);
    }
    const float thumb_y = track.min.y + (track.h() - thumb_h) * (offset / range);
    const Theme& t = ui.theme;
    dl()->AddRectFilled(track.min, track.max, t.surface, bar / 2);
    dl()->AddRectFilled({track.min.x + 4 * ui.s, thumb_y},
                        {track.max.x - 4 * ui.s, thumb_y + thumb_h}, t.outline, bar / 2);
}

S doc_label(DocumentKind k) {
    switch (k) {
        case DocumentKind::kKtp:
            return S::kDocKtp;
        case DocumentKind::kSk:
            return S::kDocSk;
        case DocumentKind::kLetter:
            return S::kDocLetter;
        case DocumentKind::kSelfie:
            return S::kDocSelfie;
    }
    return S::kDocKtp;
}

}  // namespace

void draw_review(Ui& ui) {
    const Box below = draw_header(ui);
    Footer foot;
    foot.next = ui.t(S::kSubmit);
    foot.next_id = "review.submit";
    foot.next_intent = kiosk::Intent::Kind::kSubmit;
    const Box body = draw_footer(ui, below, foot);
    const Box area = draw_title(ui, body, ui.t(S::kReviewTitle), ui.t(S::kReviewLead));
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.5f}};
    const Box left = ui.portrait ? Box{inner.min, {inner.max.x, inner.min.y + inner.h() * 0.58f}}
                                 : Box{inner.min, {inner.min.x + inner.w() * 0.56f, inner.max.y}};
    const Box right = ui.portrait ? Box{{inner.min.x, left.max.y + p * 0.5f}, inner.max}
                                  : Box{{left.max.x + p, inner.min.y}, inner.max};
    const auto& a = ui.view.applicant;
    const auto employment = a.employment == domain::EmploymentStatus::kPns    ? S::kChoosePns
                            : a.employment == domain::EmploymentStatus::kPppk ? S::kChoosePppk
                                                                              : S::kChooseOtherAsn;
    draw_cards(
        ui,
        {{S::kIdentityTitle,
          {{S::kFieldFullName, a.full_name},
           {S::kFieldCertificateName, a.certificate_name},
           {S::kFieldNik, a.nik},
           {S::kFieldEmployment, ui.t(employment)},
           {S::kFieldNip, a.nip},
           {S::kFieldSex, ui.t(a.sex == domain::Sex::kMale ? S::kChooseMale : S::kChooseFemale)}},
          "identity"},
         {S::kContactTitle, {{S::kFieldEmail, a.email}, {S::kFieldPhone, a.phone}}, "contact"},
         // The office's address in BSrE's parts and order: province, city, street.
         {S::kWorkTitle,
          {{S::kFieldWorkUnit, a.work_unit},
           {S::kFieldPosition, a.position},
           {S::kFieldOfficeProvince, a.office_province},
           {S::kFieldOfficeCity, a.office_city},
           {S::kFieldOfficeAddress, a.office_address}},
          "work"}},
        left);

    // The documents: two by two, each with its picture and "retake".
    const float gap = 20 * ui.s;
    const float cw = (right.w() - gap) / 2, ch = (right.h() - gap) / 2;
    const Theme& t = ui.theme;
    for (std::size_t i = 0; i < ui.view.documents.size() && i < 4; ++i) {
        const auto& d = ui.view.documents[i];
        const float x = right.min.x + static_cast<float>(i % 2) * (cw + gap);
        const float cy = right.min.y + static_cast<float>(i / 2) * (ch + gap);
        dl()->AddRectFilled({x, cy}, {x + cw, cy + ch}, t.surface, 14 * ui.s);
        std::string label = ui.t(doc_label(d.kind));
        if (d.kind == DocumentKind::kSk || d.kind == DocumentKind::kLetter) {
            label += "  (" + fmt(ui.t(S::kPages), d.pages) + ")";
        }
        const float lh =
            text(ui, ui.fonts.bold, {x + 14 * ui.s, cy + 10 * ui.s}, cw - 28 * ui.s, t.text, label);
        const float bh = std::max(84 * ui.s, ui.min_touch);
        const Box pic{{x + 14 * ui.s, cy + 20 * ui.s + lh},
                      {x + cw - 14 * ui.s, cy + ch - bh - 24 * ui.s}};
        if (!d.image.empty()) {
            const float k = std::min(pic.w() / static_cast<float>(d.image.cols),
                                     pic.h() / static_cast<float>(d.image.rows));
            const float w = static_cast<float>(d.image.cols) * k;
            const float h = static_cast<float>(d.image.rows) * k;
            const ImVec2 o{pic.min.x + (pic.w() - w) / 2, pic.min.y + (pic.h() - h) / 2};
            if (ImTextureID tex = ui.textures.get(d.image, 480)) {
                dl()->AddImage(tex, o, {o.x + w, o.y + h});
            }
        }
        const char* code = d.kind == DocumentKind::kKtp      ? "ktp"
                           : d.kind == DocumentKind::kSk     ? "sk"
                           : d.kind == DocumentKind::kLetter ? "letter"
                                                             : "selfie";
        if (button(ui, std::string("review.retake:") + code, ui.t(S::kRetake),
                   {{x + 14 * ui.s, cy + ch - bh - 12 * ui.s},
                    {x + cw - 14 * ui.s, cy + ch - 12 * ui.s}},
                   Tone::kSecondary, true, ui.fonts.body)) {
            ui.send(kiosk::Intent::retake(d.kind));
        }
    }
}

void draw_receipt(Ui& ui) {
    const auto& v = ui.view;
    const Box below = draw_header(ui);
    Footer foot;
    foot.back = false;
    foot.cancel = false;
    foot.next = ui.t(S::kFinish);
    foot.next_id = "receipt.finish";
    foot.next_intent = kiosk::Intent::Kind::kFinish;
    foot.next_enabled = !v.saving && !v.printing && !v.receipt_no.empty();
    const Box body = draw_footer(ui, below, foot);
    const Theme& t = ui.theme;
    const float p = pad(ui);
    if (v.saving || v.receipt_no.empty()) {
        spinner(ui, {body.centre().x, body.centre().y - 60 * ui.s}, 70 * ui.s);
        text_centred(
            ui, ui.fonts.title,
            {{body.min.x, body.centre().y + 40 * ui.s}, {body.max.x, body.centre().y + 120 * ui.s}},
            t.text, ui.t(S::kReceiptSaving));
        return;
    }
    const Box area = draw_title(ui, body, ui.t(S::kReceiptTitle));
    float y = area.min.y;
    text_centred(ui, ui.fonts.body, {{area.min.x, y}, {area.max.x, y + 50 * ui.s}}, t.muted,
                 ui.t(S::kReceiptNumber));
    y += 60 * ui.s;
    const Box number{{area.min.x + p * 4, y}, {area.max.x - p * 4, y + 170 * ui.s}};
    dl()->AddRectFilled(number.min, number.max, t.surface, 20 * ui.s);
    dl()->AddRect(number.min, number.max, t.primary, 20 * ui.s, 0, 4 * ui.s);
    text_centred(ui, ui.fonts.huge, number, t.text, v.receipt_no);
    y = number.max.y + 40 * ui.s;
    const Box status{{area.min.x + p * 4, y}, {area.max.x - p * 4, y + 110 * ui.s}};
    if (v.printing) {
        spinner(ui, {status.min.x + 50 * ui.s, status.centre().y}, 34 * ui.s);
        text(ui, ui.fonts.title, {status.min.x + 120 * ui.s, status.centre().y - 35 * ui.s},
             status.w(), t.text, ui.t(S::kReceiptPrinting));
    } else if (v.printed) {
        text_centred(ui, ui.fonts.title, status, t.ok, ui.t(S::kReceiptPrinted));
    } else {
        dl()->AddRectFilled(status.min, {status.max.x, status.max.y + 40 * ui.s}, t.surface,
                            14 * ui.s);
        dl()->AddRect(status.min, {status.max.x, status.max.y + 40 * ui.s}, t.error, 14 * ui.s, 0,
                      4 * ui.s);
        // The session says why and what happens now; the catalogue's text when it says nothing.
        const std::string why =
            v.message.empty() ? std::string(ui.t(S::kReceiptNotPrinted)) : ui.t(v.message);
        text_centred(ui, ui.fonts.body, {status.min, {status.max.x, status.max.y + 40 * ui.s}},
                     t.text, why);
    }
    y = status.max.y + 70 * ui.s;
    text_centred(ui, ui.fonts.body, {{area.min.x + p * 4, y}, {area.max.x - p * 4, y + 100 * ui.s}},
                 t.muted, ui.t(S::kReceiptNext));
}

}  // namespace anjungan::ui
