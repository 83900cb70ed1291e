#include "screens.hpp"

#include <chrono>
#include <cstdio>

#include "anjungan/platform/clock.hpp"

namespace anjungan::ui {

using kiosk::Screen;

float pad(const Ui& ui) {
    return 40 * ui.s;
}

Box inset(Box b, float by) {
    return {{b.min.x + by, b.min.y + by}, {b.max.x - by, b.max.y - by}};
}

std::string fmt(const char* format, int a) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, a);
    return buf;
}

std::string fmt(const char* format, int a, int b, int c) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, a, b, c);
    return buf;
}

std::string fmt(const char* format, const std::string& a) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, a.c_str());
    return buf;
}

// "2026-11-24T03:15:00Z" in the office's time: "24-11-2026 10:15 WIB".
std::string local_time(const std::string& utc, int offset_minutes) {
    platform::TimePoint t;
    if (!platform::parse_utc(utc, t)) {
        return utc;
    }
    return platform::format_local(t, offset_minutes);
}

Box draw_title(Ui& ui, Box body, const std::string& title, const std::string& lead) {
    const float p = pad(ui);
    float y = body.min.y + p * 0.8f;
    const float w = body.w() - 2 * p;
    y += text(ui, ui.fonts.title, {body.min.x + p, y}, w, ui.theme.text, title);
    if (!lead.empty()) {
        y += 8 * ui.s;
        y += text(ui, ui.fonts.body, {body.min.x + p, y}, w, ui.theme.muted, lead);
    }
    return {{body.min.x, y + p * 0.6f}, body.max};
}

void draw_screen(Ui& ui) {
    // The background is the GL clear colour (KioskApp::background): no full-screen quad to
    // fill, which a software renderer pays for on every pixel.
    switch (ui.view.screen) {
        case Screen::kAttract:
            draw_attract(ui);
            break;
        case Screen::kLanguage:
            draw_language(ui);
            break;
        case Screen::kConsent:
            draw_consent(ui);
            break;
        case Screen::kIdentity:
        case Screen::kContact:
        case Screen::kWork:
            draw_form(ui);
            break;
        case Screen::kDuplicate:
            draw_duplicate(ui);
            break;
        case Screen::kCaptureKtp:
        case Screen::kCaptureSelfie:
            draw_camera_capture(ui);
            break;
        case Screen::kCaptureSk:
        case Screen::kCaptureLetter:
            draw_scanner_capture(ui);
            break;
        case Screen::kReview:
            draw_review(ui);
            break;
        case Screen::kReceipt:
            draw_receipt(ui);
            break;
        case Screen::kDone:
            draw_done(ui);
            break;
        case Screen::kNeedHelp:
            draw_need_help(ui);
            break;
        case Screen::kDeviceFault:
            draw_device_fault(ui);
            break;
        case Screen::kOutOfService:
            draw_out_of_service(ui);
            break;
        case Screen::kStatusLookup:
            draw_status_lookup(ui);
            break;
        case Screen::kStatusResult:
            draw_status_result(ui);
            break;
        case Screen::kAdminPin:
            draw_admin_pin(ui);
            break;
        case Screen::kAdmin:
            draw_admin(ui);
            break;
    }
    draw_overlays(ui);
}

}  // namespace anjungan::ui
