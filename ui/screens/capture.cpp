// The captures: the camera's live preview with its guidance (KTP, selfie), and the scanner's
// pages (SK, letter).
#include <algorithm>

#include "screens.hpp"
#include "textures.hpp"

namespace anjungan::ui {

namespace {

using domain::DocumentKind;

ImDrawList* dl() {
    return ImGui::GetWindowDrawList();
}

// `image` fitted into `box` keeping its aspect; returns where it went.
Box fit(const cv::Mat& image, Box box) {
    if (image.empty()) {
        return box;
    }
    const float k = std::min(box.w() / static_cast<float>(image.cols),
                             box.h() / static_cast<float>(image.rows));
    const float w = static_cast<float>(image.cols) * k, h = static_cast<float>(image.rows) * k;
    const ImVec2 o{box.min.x + (box.w() - w) / 2, box.min.y + (box.h() - h) / 2};
    return {o, {o.x + w, o.y + h}};
}

void image(Ui& ui, const cv::Mat& img, Box where, int max_side, std::uint64_t version = 0) {
    if (ImTextureID tex = ui.textures.get(img, max_side, version)) {
        dl()->AddImage(tex, where.min, where.max);
    }
}

// The target outline, the detected corners and the countdown over the preview.
void overlay(Ui& ui, const kiosk::CaptureView& c, Box shown) {
    const Theme& th = ui.theme;
    const bool selfie = c.kind == DocumentKind::kSelfie;
    const bool good = c.verdict && c.verdict->ok();
    const ImU32 guide = good ? th.ok : IM_COL32(255, 255, 255, 230);
    const ImVec2 mid = shown.centre();
    if (selfie) {
        const float rx = shown.w() * 0.17f, ry = shown.h() * 0.36f;
        dl()->PathClear();
        for (int i = 0; i <= 64; ++i) {
            const float a = static_cast<float>(i) / 64 * 2 * static_cast<float>(M_PI);
            dl()->PathLineTo(
                {mid.x + rx * std::cos(a), mid.y - shown.h() * 0.04f + ry * std::sin(a)});
        }
        dl()->PathStroke(guide, 0, 6 * ui.s);
    } else {
        // An ID-1 card (85.6 x 54 mm) at about three quarters of the frame's width.
        const float w = shown.w() * 0.72f, h = w / 1.586f;
        dl()->AddRect({mid.x - w / 2, mid.y - h / 2}, {mid.x + w / 2, mid.y + h / 2}, guide,
                      18 * ui.s, 0, 6 * ui.s);
    }
    if (c.verdict && c.verdict->corners && !c.preview.empty()) {
        const float k = shown.w() / static_cast<float>(c.preview.cols);
        ImVec2 pts[4];
        for (int i = 0; i < 4; ++i) {
            pts[i] = {shown.min.x + (*c.verdict->corners)[i].x * k,
                      shown.min.y + (*c.verdict->corners)[i].y * k};
        }
        const ImU32 col = good ? th.ok : th.warn;
        dl()->AddPolyline(pts, 4, col, ImDrawFlags_Closed, 5 * ui.s);
        for (const auto& p : pts) {
            dl()->AddCircleFilled(p, 12 * ui.s, col, 20);
        }
    }
    if (c.progress > 0 && !c.taken) {
        // The countdown to the automatic capture: a ring that closes, and "hold still".
        const ImVec2 rc{shown.max.x - 90 * ui.s, shown.min.y + 90 * ui.s};
        dl()->AddCircleFilled(rc, 70 * ui.s, IM_COL32(0, 0, 0, 140), 48);
        progress_ring(ui, rc, 56 * ui.s, c.progress, th.ok);
        text_centred(ui, ui.fonts.bold,
                     {{rc.x - 60 * ui.s, rc.y - 30 * ui.s}, {rc.x + 60 * ui.s, rc.y + 30 * ui.s}},
                     IM_COL32(255, 255, 255, 255),
                     fmt("%d", static_cast<int>((1 - c.progress) * 3) + 1));
    }
}

}  // namespace

void draw_camera_capture(Ui& ui) {
    const auto& c = ui.view.capture;
    const bool selfie = c.kind == DocumentKind::kSelfie;
    const bool captured = std::count(ui.view.captured.begin(), ui.view.captured.end(), c.kind) > 0;
    const Box below = draw_header(ui);
    Footer foot;
    foot.next = ui.t(S::kNext);
    foot.next_enabled = c.taken || captured;
    const Box body = draw_footer(ui, below, foot);
    const Box area = draw_title(ui, body, ui.t(selfie ? S::kSelfieTitle : S::kKtpTitle),
                                ui.t(selfie ? S::kSelfieHow : S::kKtpHow));
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.6f}};
    const Box view = ui.portrait ? Box{inner.min, {inner.max.x, inner.min.y + inner.w() * 9 / 16}}
                                 : Box{inner.min, {inner.min.x + inner.w() * 0.64f, inner.max.y}};
    const Box side = ui.portrait ? Box{{inner.min.x, view.max.y + p * 0.5f}, inner.max}
                                 : Box{{view.max.x + p, inner.min.y}, inner.max};
    const Theme& t = ui.theme;

    dl()->AddRectFilled(view.min, view.max, IM_COL32(20, 24, 28, 255), 16 * ui.s);
    if (c.taken && !c.pages.empty()) {
        // The accepted picture, straightened, with a tick.
        const Box shown = fit(c.pages.front(), inset(view, 24 * ui.s));
        image(ui, c.pages.front(), shown, 1024);
        dl()->AddRect(shown.min, shown.max, t.ok, 8 * ui.s, 0, 6 * ui.s);
    } else if (!c.preview.empty()) {
        // The preview as the camera sees it (not mirrored: what is shown is what is kept).
        const Box shown = fit(c.preview, view);
        image(ui, c.preview, shown, static_cast<int>(std::max(shown.w(), shown.h())),
              c.preview_seq);
        overlay(ui, c, shown);
    } else {
        spinner(ui, view.centre(), 50 * ui.s);
        text_centred(
            ui, ui.fonts.body,
            {{view.min.x, view.centre().y + 70 * ui.s}, {view.max.x, view.centre().y + 130 * ui.s}},
            IM_COL32(255, 255, 255, 255), ui.t(S::kNoPreview));
    }

    // The guidance, large, in the colour of its state.
    float y = side.min.y;
    const ImU32 colour = c.taken || (c.verdict && c.verdict->ok()) ? t.ok : t.warn;
    const Box band{{side.min.x, y}, {side.max.x, y + 10 * ui.s}};
    dl()->AddRectFilled(band.min, band.max, colour, 5 * ui.s);
    y += 30 * ui.s;
    y += text(ui, ui.fonts.title, {side.min.x, y}, side.w(), t.text, ui.t(c.guidance));
    y += 24 * ui.s;
    if (c.taken) {
        const float bh = std::max(120 * ui.s, ui.min_touch);
        if (button(ui, "capture.retake", ui.t(S::kRetake), {{side.min.x, y}, {side.max.x, y + bh}},
                   Tone::kSecondary)) {
            ui.send(kiosk::Intent::Kind::kRetake);
        }
        return;
    }
    if (c.progress > 0) {
        y += text(ui, ui.fonts.bold, {side.min.x, y}, side.w(), t.ok, ui.t(S::kHoldStill));
        y += 16 * ui.s;
    }
    y += text(ui, ui.fonts.body, {side.min.x, y}, side.w(), t.muted, ui.t(S::kCaptureAuto));
    y += 16 * ui.s;
    if (c.failures > 0) {
        y += text(ui, ui.fonts.body, {side.min.x, y}, side.w(), t.error,
                  fmt(ui.t(S::kRefused), c.failures));
    }
    if (c.shutter_enabled) {
        const float bh = std::max(140 * ui.s, ui.min_touch);
        if (button(ui, "capture.shutter", ui.t(S::kShutter),
                   {{side.min.x, side.max.y - bh}, side.max})) {
            ui.send(kiosk::Intent::Kind::kShutter);
        }
    }
}

void draw_scanner_capture(Ui& ui) {
    const auto& c = ui.view.capture;
    const bool sk = c.kind == DocumentKind::kSk;
    const Box below = draw_header(ui);
    Footer foot;
    foot.next = ui.t(S::kNext);
    foot.next_enabled = !c.pages.empty() && !c.scanning;
    const Box body = draw_footer(ui, below, foot);
    const Box area = draw_title(ui, body, ui.t(sk ? S::kSkTitle : S::kLetterTitle),
                                ui.t(sk ? S::kSkHow : S::kLetterHow));
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p * 0.6f}};
    const Box pages = ui.portrait ? Box{inner.min, {inner.max.x, inner.min.y + inner.h() * 0.6f}}
                                  : Box{inner.min, {inner.min.x + inner.w() * 0.62f, inner.max.y}};
    const Box side = ui.portrait ? Box{{inner.min.x, pages.max.y + p * 0.5f}, inner.max}
                                 : Box{{pages.max.x + p, inner.min.y}, inner.max};
    const Theme& t = ui.theme;

    // Thumbnails of the accepted pages, each with "remove".
    dl()->AddRectFilled(pages.min, pages.max, t.surface, 16 * ui.s);
    const float gap = 24 * ui.s;
    const float remove_h = std::max(80 * ui.s, ui.min_touch);
    const float th = pages.h() - 2 * gap - remove_h - gap - ui.fonts.body->FontSize;
    const float tw = th / 1.414f;
    float x = pages.min.x + gap;
    for (std::size_t i = 0; i < c.pages.size(); ++i) {
        if (x + tw > pages.max.x) {
            break;
        }
        const Box slot{{x, pages.min.y + gap}, {x + tw, pages.min.y + gap + th}};
        const Box shown = fit(c.pages[i], slot);
        image(ui, c.pages[i], shown, 600);
        dl()->AddRect(shown.min, shown.max, t.outline, 0, 0, 2 * ui.s);
        const int n = static_cast<int>(i) + 1;
        text_centred(
            ui, ui.fonts.body,
            {{x, slot.max.y + 4 * ui.s}, {x + tw, slot.max.y + 4 * ui.s + ui.fonts.body->FontSize}},
            t.text, fmt(ui.t(S::kPage), n));
        const float ry = slot.max.y + 8 * ui.s + ui.fonts.body->FontSize;
        if (button(ui, "page.remove:" + std::to_string(n), ui.t(S::kRemovePage),
                   {{x, ry}, {x + tw, ry + remove_h}}, Tone::kQuiet, !c.scanning, ui.fonts.body)) {
            ui.send(kiosk::Intent::remove_page(n));
        }
        x += tw + gap;
    }
    if (c.pages.empty() && !c.scanning) {
        text_centred(ui, ui.fonts.body, inset(pages, gap), t.muted, ui.t(c.guidance));
    }

    float y = side.min.y;
    if (c.scanning) {
        spinner(ui, {side.centre().x, y + 80 * ui.s}, 50 * ui.s);
        y += 160 * ui.s;
        text_centred(ui, ui.fonts.title, {{side.min.x, y}, {side.max.x, y + 70 * ui.s}}, t.text,
                     ui.t(S::kScanning));
        return;
    }
    const float bh = std::max(200 * ui.s, ui.min_touch);
    if (button(ui, "scan.page", ui.t(c.pages.empty() ? S::kScanPage : S::kScanAnother),
               {{side.min.x, y}, {side.max.x, y + bh}},
               c.pages.empty() ? Tone::kPrimary : Tone::kSecondary, true, ui.fonts.title)) {
        ui.send(kiosk::Intent::Kind::kScanPage);
    }
    y += bh + 30 * ui.s;
    if (!ui.view.message.empty()) {
        y += text(ui, ui.fonts.body, {side.min.x, y}, side.w(), t.error, ui.t(ui.view.message));
        y += 16 * ui.s;
    }
    if (c.verdict && !c.verdict->ok() && !c.pages.empty()) {
        text(ui, ui.fonts.body, {side.min.x, y}, side.w(), t.warn, ui.t(c.guidance));
    } else if (!c.pages.empty()) {
        text(ui, ui.fonts.body, {side.min.x, y}, side.w(), t.muted, ui.t(c.guidance));
    }
}

}  // namespace anjungan::ui
