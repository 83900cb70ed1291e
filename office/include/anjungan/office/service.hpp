// What the office's staff API and its command line share: moving a case along the SOP, and the
// JSON shapes of cases.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "anjungan/office/letter.hpp"
#include "anjungan/office/storage.hpp"
#include "anjungan/office/working_time.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

// A text field of the applicant's JSON as the kiosk sent it; "" when missing or not text.
std::string applicant_text(const nlohmann::json& applicant, const char* key);

// {"case_id","receipt_no","kiosk_id","status","blobs":[sha256...]} (the `cases list --json`
// contract) plus received_at, status_at, due_at and overdue.
nlohmann::json case_row_json(const CaseRow& row, platform::TimePoint now);
// The row, the applicant as the kiosk sent it, the attachments, the history and the audit.
nlohmann::json case_detail_json(const CaseDetail& d, platform::TimePoint now);

struct AdvanceResult {
    int http = 200;    // 200 done; 404 no such case; 409 not allowed now; 403 role; 422 input
    std::string code;  // empty, or: not_found, transition, role, reasons, actor, conflict
    std::string message;
    std::optional<CaseDetail> detail;  // the case after the move
};
// Checks the move against the SOP and applies it (compare and set on the current status); the
// next step's deadline counts the office's working time.
AdvanceResult advance_case(Storage& storage, const std::string& receipt_no, const Move& move,
                           platform::TimePoint now, const WorkingTime& working);

// The deadline of the step a case starts by reaching `status` (format_utc), or "" for none:
// the step's standard in working time after `now`.
std::string deadline_for(domain::CaseStatus status, platform::TimePoint now,
                         const std::string& previous_due, const WorkingTime& working);

// The case's recommendation letter: the current one, or (none yet, or `remake`) a new one,
// numbered by the scheme, dated today in the office's time, rendered with its signed QR code
// and kept with the case. Throws LetterError (a bad scheme or emblem) and StorageError.
struct LetterResult {
    int http = 200;  // 404 no such case
    std::string message;
    std::optional<LetterRecord> letter;
    bool made = false;
};
LetterResult case_letter(Storage& storage, const LetterConfig& config,
                         const platform::SigningKey& key, const std::string& receipt_no,
                         const std::string& actor, platform::TimePoint now, int utc_offset_minutes,
                         bool remake = false);

}  // namespace anjungan::office
