// Reach monitoring (monitoring jumlah jangkauan, ../shared/sop.md: "monitoring of how many people
// the service reached"): over a range of the office's local dates, the cases received per work
// unit, per month, per status and per employment status, and for each SOP step the working time
// it took against its standard. `anjungan-office report reach` prints it (CSV or JSON), the
// console shows it at /console/reports.
//
// What counts:
//   - A case belongs to the range by its `received_at` at the office, as a local date
//     (WorkingTime::utc_offset_minutes); `from` and `to` are both inclusive.
//   - Months are the local months of `received_at` ("YYYY-MM"), every month of the range listed,
//     with zero when none. Statuses are the case's current status, every status in the SOP's
//     order. Employment is the applicant's "employment" (pns, pppk, other_asn); a payload
//     without it is a PNS (as domain::Applicant reads it); anything else is "unknown" (listed
//     only when there is such a case). Work units: most cases first, then by name.
//   - Steps (office::step_time): step 1 starts when the case is received, step 2 at the head's
//     disposition, step 3 at the division head's (one standard for the section head and the
//     verifier: it ends when the case leaves section_verified, e.g. reaches sent_to_bsre or is
//     returned), step 4 when it is sent to BSrE; each ends at the case's next status. Every
//     pass through a step counts (a returned case that comes back passes step 1 again).
//   - Time taken is working time (WorkingTime::between), the standard too (WorkingTime::span_of:
//     step 4's "one day" is one working day). "Within the standard": taken <= standard.
//   - A pass still under way is "open": counted, but left out of the share, median and p90.
//   - Median: the middle value, or the mean of the two middle ones (rounded down to the
//     second). p90: the nearest rank (the smallest time at least 90% of passes took at most).
//
// JSON (`report reach --format json`, reach_json), one breakdown per run:
//   {
//     "report": "reach",
//     "from": "2026-01-01", "to": "2026-01-31",      // the local dates, inclusive
//     "utc_offset_minutes": 420,
//     "total": 10000,                                 // cases received in the range
//     "by": "unit",                                   // unit | month | status | employment | step
//     // by unit, month, status, employment: the key is the work unit, "YYYY-MM", the status
//     // code, the employment code
//     "rows": [{"key": "Dinas Kesehatan", "cases": 812}, ...]
//     // by step:
//     "rows": [{"step": 1, "starts_at": "received",
//               "standard_minutes": 10, "standard_working_minutes": 10,
//               "finished": 9800, "open": 200, "within_standard": 9000,
//               "share_within_standard": 0.918367,    // null when finished is 0
//               "median_seconds": 420, "p90_seconds": 660}, ...]  // null when finished is 0
//   }
// CSV (reach_csv): UTF-8 with a byte-order mark, CRLF, one header line, then the rows:
//   unit:       work_unit,cases          month: month,cases
//   status:     status,cases             employment: employment,cases
//   step:       step,starts_at,standard_minutes,standard_working_minutes,finished,open,
//               within_standard,share_within_standard,median_minutes,p90_minutes
//   (share with 4 decimals, minutes with 1; empty when nothing finished).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "anjungan/office/storage.hpp"
#include "anjungan/office/working_time.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

enum class ReachBy { kUnit, kMonth, kStatus, kEmployment, kStep };
std::string_view to_code(ReachBy by);  // "unit", "month", "status", "employment", "step"
std::optional<ReachBy> reach_by_from_code(std::string_view code);

struct ReachCount {
    std::string key;
    int cases = 0;
};

struct StepFigures {
    int step = 0;  // 1..4
    domain::CaseStatus starts_at = domain::CaseStatus::kReceived;
    std::chrono::minutes standard{0};          // as the SOP sets it
    std::chrono::minutes standard_working{0};  // as working time
    int finished = 0;
    int open = 0;
    int within = 0;  // finished within the standard
    std::optional<double> share_within;
    std::optional<std::chrono::seconds> median;
    std::optional<std::chrono::seconds> p90;
};

struct ReachReport {
    platform::CivilDate from, to;
    int utc_offset_minutes = 420;
    int total = 0;
    std::vector<ReachCount> by_unit, by_month, by_status, by_employment;
    std::vector<StepFigures> steps;  // steps 1..4
};

// "YYYY-MM-DD" naming a real day, or nothing.
std::optional<platform::CivilDate> parse_date(std::string_view text);
// The UTC times (format_utc) of local midnight at `from` and of the day after `to`: the
// half-open range Storage::reach_data wants.
std::pair<std::string, std::string> reach_bounds(const platform::CivilDate& from,
                                                 const platform::CivilDate& to,
                                                 int utc_offset_minutes);

// The report of what Storage::reach_data gave for the range.
ReachReport reach_report(const Storage::ReachData& data, const platform::CivilDate& from,
                         const platform::CivilDate& to, const WorkingTime& working);
// Reads the range from `storage` (one call) and reports it.
ReachReport reach_report(Storage& storage, const platform::CivilDate& from,
                         const platform::CivilDate& to, const WorkingTime& working);

// One breakdown as CSV (the BOM first) or JSON, the shapes above.
std::string reach_csv(const ReachReport& report, ReachBy by);
nlohmann::json reach_json(const ReachReport& report, ReachBy by);

}  // namespace anjungan::office
