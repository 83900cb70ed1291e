// The screens: one function per screen of the session (kiosk::Screen), grouped by file. Each
// draws the view and turns touches into intents; none decides anything the session decides.
#pragma once

#include <string>

#include "../widgets.hpp"

namespace anjungan::ui {

// Draws the whole frame for the session's current screen, then the overlays.
void draw_screen(Ui& ui);

// Shared by the screens: a title at the top of `body`; returns the area below it.
Box draw_title(Ui& ui, Box body, const std::string& title, const std::string& lead = {});
Box inset(Box b, float by);
std::string fmt(const char* format, int a);
std::string fmt(const char* format, int a, int b, int c);
std::string fmt(const char* format, const std::string& a);
// A UTC time ("2026-11-24T03:15:00Z") in the office's time, "24-11-2026 10:15 WIB".
std::string local_time(const std::string& utc, int offset_minutes);
// The screen-local padding.
float pad(const Ui& ui);

void draw_attract(Ui& ui);
void draw_language(Ui& ui);
void draw_consent(Ui& ui);
void draw_form(Ui& ui);  // identity, contact, work
void draw_duplicate(Ui& ui);
void draw_camera_capture(Ui& ui);   // KTP, selfie
void draw_scanner_capture(Ui& ui);  // SK, letter
void draw_review(Ui& ui);
void draw_receipt(Ui& ui);
void draw_done(Ui& ui);
void draw_need_help(Ui& ui);
void draw_device_fault(Ui& ui);
void draw_out_of_service(Ui& ui);
void draw_status_lookup(Ui& ui);
void draw_status_result(Ui& ui);
void draw_admin_pin(Ui& ui);
void draw_admin(Ui& ui);

}  // namespace anjungan::ui
