// What the session says to the person at the kiosk and to staff, in Indonesian and English: the
// one catalogue of the session's texts (the screens' own labels are in ui/strings.inc). A text
// that names something (a field, a page, a receipt) takes it as an argument.
#pragma once

#include <string>

#include "anjungan/drivers/scanner.hpp"
#include "anjungan/kiosk/session.hpp"
#include "anjungan/printing/printer.hpp"
#include "anjungan/vision/verdict.hpp"

namespace anjungan::kiosk::texts {

// Flow.
Text out_of_service_default();
Text no_such_field(const std::string& field);

// Forms.
Text check_marked_fields();
Text is_this_right();
Text nik_has_open_case();

// Camera captures.
Text look_at_camera();
Text guidance(vision::Kind kind, const vision::Verdict& v);
Text guidance_not_found(vision::Kind kind);
Text captured();
Text ktp_taken();
Text photo_taken();
Text capture_too_long();
Text capture_refused_too_often();

// Scans.
Text place_page();
Text scan_at_least_one_page();
Text page_accepted(std::size_t pages);
Text scan_fault(drivers::ScanFault fault, const std::string& detail);

// Devices gone.
Text camera_missing();
Text scanner_missing();

// Submit and print.
Text not_saved();
Text receipt_printed();
Text receipt_not_printed(const std::string& receipt_no, printing::PrinterState state);

// Status lookup.
Text invalid_receipt();
Text not_an_anjungan_code();
Text receipt_not_valid();
Text unknown_receipt(const std::string& receipt_no);
Text phone_digits_needed();
Text lookup_no_match(int wait_seconds);
Text lookup_wait(int wait_seconds);
Text show_one_receipt();

// Admin mode.
Text unknown_action(const std::string& action);
Text test_print_result(bool printed, printing::PrinterState state);
Text camera_no_picture(const std::string& detail);
Text camera_gives(int cols, int rows, bool ktp_readable);
Text scanner_result(const drivers::ScanResult& r);
Text receipt_not_found(const std::string& receipt_no);
Text reprinted(const std::string& receipt_no, int copy);
Text not_printed(printing::PrinterState state);
Text out_of_service_set(bool on);
Text sync_started();
Text sync_not_running();
Text restarting();
Text badge_read();

}  // namespace anjungan::kiosk::texts
