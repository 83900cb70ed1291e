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

// A card of label/value rows with a "change" button; returns its bottom.
float card(Ui& ui, float x, float y, float w, S title, const std::vector<Row>& rows,
           const std::string& edit_screen) {
    const Theme& t = ui.theme;
    const float pad = 20 * ui.s;
    const float label_w = w * 0.36f;
    const float bw = std::max(170 * ui.s, ui.min_touch);
    const float value_w = w - label_w - bw - 3 * pad;
    float h = pad + ui.fonts.bold->FontSize + 10 * ui.s;
    for (const auto& r : rows) {
        h += std::max(text_height(ui.fonts.small, value_w, r.value.empty() ? "-" : r.value),
                      ui.fonts.small->FontSize) +
             6 * ui.s;
    }
    h += pad;
    const float bh = std::max(h - 2 * pad, ui.min_touch);
    h = std::max(h, bh + 2 * pad);
    dl()->AddRectFilled({x, y}, {x + w, y + h}, t.surface, 14 * ui.s);
    float cy = y + pad;
    text(ui, ui.fonts.bold, {x + pad, cy}, w, t.text, ui.t(title));
    cy += ui.fonts.bold->FontSize + 10 * ui.s;
    for (const auto& r : rows) {
        text(ui, ui.fonts.small, {x + pad, cy}, label_w, t.muted, ui.t(r.label));
        cy += std::max(text(ui, ui.fonts.small, {x + pad + label_w, cy}, value_w, t.text,
                            r.value.empty() ? "-" : r.value),
                       ui.fonts.small->FontSize) +
              6 * ui.s;
    }
    const float by = y + pad;
    if (button(ui, "review.edit:" + edit_screen, ui.t(S::kEdit),
               {{x + w - pad - bw, by}, {x + w - pad, by + std::min(bh, 110 * ui.s)}},
               Tone::kSecondary)) {
        ui.send(kiosk::Intent::Kind::kEdit, edit_screen);
    }
    return y + h;
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
    float y = left.min.y;
    y = card(
        ui, left.min.x, y, left.w(), S::kIdentityTitle,
        {{S::kFieldFullName, a.full_name},
         {S::kFieldCertificateName, a.certificate_name},
         {S::kFieldNik, a.nik},
         {S::kFieldEmployment, ui.t(employment)},
         {S::kFieldNip, a.nip},
         {S::kFieldSex, ui.t(a.sex == domain::Sex::kMale ? S::kChooseMale : S::kChooseFemale)}},
        "identity");
    y += 16 * ui.s;
    y = card(ui, left.min.x, y, left.w(), S::kContactTitle,
             {{S::kFieldEmail, a.email}, {S::kFieldPhone, a.phone}}, "contact");
    y += 16 * ui.s;
    card(ui, left.min.x, y, left.w(), S::kWorkTitle,
         {{S::kFieldWorkUnit, a.work_unit},
          {S::kFieldPosition, a.position},
          {S::kFieldOfficeAddress, a.office_address}},
         "work");

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
