// Staff mode: the PIN pad, then device health, the outbox, receipts to reprint and actions.
#include <algorithm>

#include "anjungan/printing/printer.hpp"
#include "screens.hpp"

namespace anjungan::ui {

namespace {

using kiosk::Intent;

ImDrawList* dl() {
    return ImGui::GetWindowDrawList();
}

// One health line: a coloured dot, the device, its state and the detail operators need.
float health_line(Ui& ui, float x, float y, float w, const std::string& name, bool ok,
                  const std::string& state, const std::string& detail) {
    const Theme& t = ui.theme;
    dl()->AddCircleFilled({x + 14 * ui.s, y + 20 * ui.s}, 13 * ui.s, ok ? t.ok : t.error, 20);
    text(ui, ui.fonts.bold, {x + 40 * ui.s, y}, w - 40 * ui.s, t.text, name + ": " + state);
    float h = ui.fonts.bold->FontSize + 2 * ui.s;
    if (!detail.empty()) {
        h += text(ui, ui.fonts.small, {x + 40 * ui.s, y + h}, w - 40 * ui.s, t.muted, detail);
    }
    return h + 14 * ui.s;
}

}  // namespace

void draw_admin_pin(Ui& ui) {
    const auto& a = ui.view.admin;
    const Box below = draw_header(ui);
    Footer foot;
    foot.cancel = false;
    foot.next = ui.t(S::kPinEnter);
    foot.next_id = "pin.enter";
    foot.next_intent = Intent::Kind::kAdminPin;
    foot.next_value = ui.state.typed;
    foot.next_enabled = ui.state.typed.size() >= 6 && a.wait_seconds == 0;
    const std::size_t before = ui.intents.size();
    const Box body = draw_footer(ui, below, foot);
    if (ui.intents.size() > before && ui.intents.back().kind == Intent::Kind::kAdminPin) {
        ui.state.typed.clear();  // the PIN leaves the UI with the intent
    }
    const Box area = draw_title(ui, body, ui.t(S::kPinTitle), ui.t(S::kPinHow));
    const float p = pad(ui);
    const Theme& t = ui.theme;
    const float w = std::min(area.w() - 2 * p, 640 * ui.s);
    const float x = area.centre().x - w / 2;
    float y = area.min.y;
    // One dot per digit typed: the PIN itself is never shown.
    const float r = 16 * ui.s;
    for (std::size_t i = 0; i < 8; ++i) {
        const ImVec2 c{x + w / 2 + (static_cast<float>(i) - 3.5f) * 4 * r, y + r};
        if (i < ui.state.typed.size()) {
            dl()->AddCircleFilled(c, r, t.text, 20);
        } else {
            dl()->AddCircle(c, r, t.outline, 20, 3 * ui.s);
        }
    }
    y += 2 * r + 20 * ui.s;
    if (a.wait_seconds > 0) {
        y += text(ui, ui.fonts.body, {x, y}, w, t.error, fmt(ui.t(S::kPinWait), a.wait_seconds));
    } else if (!a.message.empty()) {
        y += text(ui, ui.fonts.body, {x, y}, w, t.warn, ui.t(a.message));
    }
    y += 16 * ui.s;
    if (a.wait_seconds == 0) {
        if (auto typed = draw_keyboard(ui, KeyboardKind::kPin, ui.state.typed, 8,
                                       {{x, y}, {x + w, std::min(area.max.y, y + w)}})) {
            ui.state.typed = *typed;
            ui.send(Intent::Kind::kTouch);
        }
    }
}

void draw_admin(Ui& ui) {
    const auto& a = ui.view.admin;
    const Box below = draw_header(ui);
    const Box area = draw_title(ui, below, fmt(ui.t(S::kAdminTitle), a.staff_id),
                                fmt(ui.t(S::kAdminLocksIn), a.seconds_until_lock));
    const float p = pad(ui);
    const Box inner{{area.min.x + p, area.min.y}, {area.max.x - p, area.max.y - p}};
    const float gap = p;
    const float cw = (inner.w() - 2 * gap) / 3;
    const Theme& t = ui.theme;
    const Box col1{inner.min, {inner.min.x + cw, inner.max.y}};
    const Box col2{{col1.max.x + gap, inner.min.y}, {col1.max.x + gap + cw, inner.max.y}};
    const Box col3{{col2.max.x + gap, inner.min.y}, inner.max};

    // Column 1: health.
    float y = col1.min.y;
    if (!a.message.empty()) {
        dl()->AddRectFilled({col1.min.x, y}, {col1.max.x, y + 8 * ui.s}, t.focus);
        y += 16 * ui.s;
        y += text(ui, ui.fonts.bold, {col1.min.x, y}, col1.w(), t.text, ui.t(a.message));
        y += 20 * ui.s;
    }
    y += text(ui, ui.fonts.title, {col1.min.x, y}, col1.w(), t.text, ui.t(S::kAdminHealth));
    y += 10 * ui.s;
    y += health_line(ui, col1.min.x, y, col1.w(), ui.t(S::kCameraMissing), a.camera.ok(),
                     std::string(drivers::to_code(a.camera.state)), a.camera.detail);
    y += health_line(ui, col1.min.x, y, col1.w(), ui.t(S::kScannerMissing), a.scanner.ok(),
                     std::string(drivers::to_code(a.scanner.state)), a.scanner.detail);
    const auto pe = printing::explain(a.printer.state);
    y += health_line(ui, col1.min.x, y, col1.w(), ui.t(S::kPrinter),
                     a.printer.state == printing::PrinterState::kReady,
                     ui.lang() == domain::Lang::kEn ? pe.en : pe.id, a.printer.detail);
    const double gb = static_cast<double>(a.disk_free_bytes) / 1e9;
    char disk[64];
    std::snprintf(disk, sizeof disk, "%.1f GB", gb);
    y += health_line(ui, col1.min.x, y, col1.w(), ui.t(S::kAdminDisk), gb >= 1.0, disk, "");
    char outbox[256];
    std::snprintf(outbox, sizeof outbox, ui.t(S::kAdminOutbox), a.outbox.pending, a.outbox.sent,
                  a.outbox.quarantined);
    y += text(ui, ui.fonts.body, {col1.min.x, y}, col1.w(), t.text, outbox);
    y += 8 * ui.s;
    y += text(ui, ui.fonts.body, {col1.min.x, y}, col1.w(), t.muted,
              std::string(ui.t(S::kAdminLastSync)) + ": " +
                  (a.last_sync.empty() ? ui.t(S::kAdminNever) : a.last_sync));
    // What stops sync, and the cases the office refused (quarantined), for staff to act on.
    if (!a.sync_error.empty()) {
        y += text(ui, ui.fonts.body, {col1.min.x, y}, col1.w(), t.error, a.sync_error);
    }
    for (const auto& q : a.quarantined) {
        y += text(ui, ui.fonts.body, {col1.min.x, y}, col1.w(), t.error, q);
    }

    // Column 2: actions.
    y = col2.min.y;
    y += text(ui, ui.fonts.title, {col2.min.x, y}, col2.w(), t.text, ui.t(S::kAdminActions));
    y += 10 * ui.s;
    // Eight actions share the column's height.
    const float bh = std::max(std::min(92 * ui.s, (col2.max.y - y) / 8 - 14 * ui.s), ui.min_touch);
    auto action = [&](kiosk::AdminAction act, S label, const std::string& arg, Tone tone) {
        const std::string id(kiosk::to_code(act));
        if (button(ui, "admin." + id + (arg.empty() ? "" : ":" + arg), ui.t(label),
                   {{col2.min.x, y}, {col2.max.x, y + bh}}, tone)) {
            ui.send(Intent::admin(act, arg));
        }
        y += bh + 14 * ui.s;
    };
    action(kiosk::AdminAction::kRefresh, S::kAdminRefresh, "", Tone::kSecondary);
    action(kiosk::AdminAction::kSync, S::kAdminSyncNow, "", Tone::kSecondary);
    action(kiosk::AdminAction::kTestPrint, S::kAdminTestPrint, "", Tone::kSecondary);
    action(kiosk::AdminAction::kTestCapture, S::kAdminTestCapture, "", Tone::kSecondary);
    action(kiosk::AdminAction::kTestScan, S::kAdminTestScan, "", Tone::kSecondary);
    if (a.out_of_service) {
        action(kiosk::AdminAction::kOutOfService, S::kAdminServiceOn, "off", Tone::kSecondary);
    } else {
        action(kiosk::AdminAction::kOutOfService, S::kAdminServiceOff, "on", Tone::kDanger);
    }
    action(kiosk::AdminAction::kRestart, S::kAdminRestart, "", Tone::kQuiet);
    action(kiosk::AdminAction::kLock, S::kAdminLock, "", Tone::kPrimary);

    // Column 3: receipts to reprint, recent cases, the audit log.
    y = col3.min.y;
    y += text(ui, ui.fonts.title, {col3.min.x, y}, col3.w(), t.text, ui.t(S::kAdminAwaiting));
    y += 10 * ui.s;
    if (a.awaiting_print.empty()) {
        y += text(ui, ui.fonts.body, {col3.min.x, y}, col3.w(), t.muted,
                  ui.t(S::kAdminNoneAwaiting));
    }
    for (std::size_t i = 0; i < a.awaiting_print.size() && i < 3; ++i) {
        const auto& c = a.awaiting_print[i];
        text(ui, ui.fonts.bold, {col3.min.x, y + 24 * ui.s}, col3.w() * 0.6f, t.text, c.receipt_no);
        if (button(ui, "admin.reprint:" + c.receipt_no, ui.t(S::kAdminReprint),
                   {{col3.max.x - col3.w() * 0.38f, y}, {col3.max.x, y + bh}}, Tone::kSecondary,
                   true, ui.fonts.body)) {
            ui.send(Intent::admin(kiosk::AdminAction::kReprint, c.receipt_no));
        }
        y += bh + 10 * ui.s;
    }
    y += 20 * ui.s;
    y += text(ui, ui.fonts.bold, {col3.min.x, y}, col3.w(), t.text, ui.t(S::kAdminRecent));
    for (std::size_t i = 0; i < a.recent.size() && i < 4; ++i) {
        const auto& c = a.recent[i];
        y += text(ui, ui.fonts.small, {col3.min.x, y}, col3.w(), t.text,
                  c.receipt_no + "  " + c.masked_name + "  " +
                      std::string(domain::label(c.status, ui.lang())));
    }
    y += 20 * ui.s;
    y += text(ui, ui.fonts.bold, {col3.min.x, y}, col3.w(), t.text, ui.t(S::kAdminAudit));
    for (const auto& e : a.audit) {
        if (y > col3.max.y - 40 * ui.s) {
            break;
        }
        y += text(ui, ui.fonts.small, {col3.min.x, y}, col3.w(), t.muted,
                  e.at.substr(std::min<std::size_t>(11, e.at.size()), 5) + " " + e.actor + ": " +
                      e.action);
    }
}

}  // namespace anjungan::ui
