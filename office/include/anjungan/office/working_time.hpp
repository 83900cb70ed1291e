// Working time: the office's hours, working days and public holidays, so the SOP's step
// standards (workflow.hpp) count time the office is open, not the wall clock. A case received
// on Friday evening is due on Monday morning, not overdue on Saturday.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "anjungan/platform/clock.hpp"

namespace anjungan::office {

struct WorkingTime {
    // Opening hours of a working day in minutes since local midnight, [start, end), sorted and
    // not overlapping (a lunch break is two ranges). Default 07:30-16:00.
    std::vector<std::pair<int, int>> hours{{7 * 60 + 30, 16 * 60}};
    std::array<bool, 7> days{true, true, true, true, true, false, false};  // Monday first
    std::vector<platform::CivilDate> holidays;  // public holidays and joint leave days
    int utc_offset_minutes = 420;               // the office's local time (WIB)

    // Every minute counts (tests and offices that never close).
    static WorkingTime always(int utc_offset_minutes = 420);

    bool is_working_day(const platform::CivilDate& d) const;
    std::chrono::minutes day_length() const;  // the sum of the hours' ranges
    // The instant at which `span` of working time after `from` has passed.
    platform::TimePoint add(platform::TimePoint from, std::chrono::minutes span) const;
    // The working time between two instants (zero when `to` is not after `from`).
    std::chrono::seconds between(platform::TimePoint from, platform::TimePoint to) const;
    // The working time a step standard stands for: minutes as they are, whole days (1440
    // minutes and multiples, as step 4's "one day") as that many working days.
    std::chrono::minutes span_of(std::chrono::minutes standard) const;
};

// Parses "HH:MM-HH:MM" ranges, day codes ("mon".."sun") and "YYYY-MM-DD" holidays; throws
// std::invalid_argument naming the bad item. At least one day and one range are required.
WorkingTime parse_working_time(const std::vector<std::string>& hours,
                               const std::vector<std::string>& days,
                               const std::vector<std::string>& holidays, int utc_offset_minutes);

}  // namespace anjungan::office
