// Working time (office/working_time.hpp): the SOP's deadlines count the office's hours, working
// days and holidays; and CSV cells a spreadsheet cannot run (office/csv.hpp).
#include "anjungan/office/working_time.hpp"

#include <gtest/gtest.h>

#include "anjungan/office/csv.hpp"
#include "anjungan/office/service.hpp"

namespace anjungan::office {
namespace {

using namespace std::chrono_literals;

// A local (WIB) time as UTC.
platform::TimePoint wib(int y, int mo, int d, int h, int mi) {
    return platform::utc_time(y, mo, d, h, mi) - 7h;
}

WorkingTime office_hours() {
    return parse_working_time({"07:30-12:00", "13:00-16:00"}, {"mon", "tue", "wed", "thu", "fri"},
                              {"2026-12-25"}, 420);
}

TEST(WorkingTime, ADeadlineSkipsTheEveningAndTheWeekend) {
    const auto w = office_hours();
    // Friday 4 December 2026, 17:00: the office is closed until Monday 07:30.
    EXPECT_EQ(w.add(wib(2026, 12, 4, 17, 0), 10min), wib(2026, 12, 7, 7, 40));
    // Friday 15:55: five minutes on Friday, five on Monday.
    EXPECT_EQ(w.add(wib(2026, 12, 4, 15, 55), 10min), wib(2026, 12, 7, 7, 35));
    // The lunch break does not count.
    EXPECT_EQ(w.add(wib(2026, 12, 8, 11, 55), 15min), wib(2026, 12, 8, 13, 10));
    // Within the hours, it is the wall clock.
    EXPECT_EQ(w.add(wib(2026, 12, 8, 9, 0), 10min), wib(2026, 12, 8, 9, 10));
    // Before opening, the count starts at opening.
    EXPECT_EQ(w.add(wib(2026, 12, 8, 6, 0), 10min), wib(2026, 12, 8, 7, 40));
}

TEST(WorkingTime, HolidaysAreSkipped) {
    const auto w = office_hours();
    // Thursday 24 December 15:50; Friday 25 is Christmas; the weekend follows: Monday 28.
    EXPECT_EQ(w.add(wib(2026, 12, 24, 15, 50), 15min), wib(2026, 12, 28, 7, 35));
    EXPECT_FALSE(w.is_working_day({2026, 12, 25}));
    EXPECT_FALSE(w.is_working_day({2026, 12, 26}));  // Saturday
    EXPECT_TRUE(w.is_working_day({2026, 12, 28}));
}

TEST(WorkingTime, OneDayIsOneWorkingDay) {
    const auto w = office_hours();
    EXPECT_EQ(w.day_length(), 450min);
    EXPECT_EQ(w.span_of(24h), 450min);
    EXPECT_EQ(w.span_of(15min), 15min);
    // Sent to BSrE on Friday at 10:00: due on Monday at 10:00.
    EXPECT_EQ(w.add(wib(2026, 12, 4, 10, 0), w.span_of(24h)), wib(2026, 12, 7, 10, 0));
}

TEST(WorkingTime, BetweenCountsOnlyOpenTime) {
    const auto w = office_hours();
    EXPECT_EQ(w.between(wib(2026, 12, 4, 15, 50), wib(2026, 12, 7, 7, 40)), 20min);
    EXPECT_EQ(w.between(wib(2026, 12, 5, 9, 0), wib(2026, 12, 6, 9, 0)), 0s);  // a weekend
    EXPECT_EQ(w.between(wib(2026, 12, 8, 7, 30), wib(2026, 12, 8, 16, 0)), 450min);
    EXPECT_EQ(w.between(wib(2026, 12, 8, 10, 0), wib(2026, 12, 8, 9, 0)), 0s);
    // between() and add() agree.
    const auto from = wib(2026, 12, 3, 14, 17);
    EXPECT_EQ(w.between(from, w.add(from, 777min)), 777min);
}

TEST(WorkingTime, ReceivedOnFridayEveningIsNotOverdueOnSaturday) {
    const auto w = office_hours();
    const auto received = wib(2026, 12, 4, 18, 30);
    const std::string due = deadline_for(domain::CaseStatus::kReceived, received, "", w);
    EXPECT_EQ(due, platform::format_utc(wib(2026, 12, 7, 7, 40)));
    EXPECT_FALSE(due < platform::format_utc(wib(2026, 12, 5, 10, 0)));  // Saturday: not late
    EXPECT_TRUE(due < platform::format_utc(wib(2026, 12, 7, 8, 0)));    // Monday 08:00: late
    // The wall clock would have made it late by Friday 18:40.
    EXPECT_EQ(deadline_for(domain::CaseStatus::kReceived, received, "", WorkingTime::always()),
              platform::format_utc(received + 10min));
}

TEST(WorkingTime, BadConfigurationIsRefusedByName) {
    EXPECT_THROW(parse_working_time({"7:30-16:00"}, {"mon"}, {}, 420), std::invalid_argument);
    EXPECT_THROW(parse_working_time({"16:00-07:30"}, {"mon"}, {}, 420), std::invalid_argument);
    EXPECT_THROW(parse_working_time({"07:00-12:00", "11:00-15:00"}, {"mon"}, {}, 420),
                 std::invalid_argument);
    EXPECT_THROW(parse_working_time({"07:30-16:00"}, {"monday"}, {}, 420), std::invalid_argument);
    EXPECT_THROW(parse_working_time({"07:30-16:00"}, {}, {}, 420), std::invalid_argument);
    EXPECT_THROW(parse_working_time({}, {"mon"}, {}, 420), std::invalid_argument);
    EXPECT_THROW(parse_working_time({"07:30-16:00"}, {"mon"}, {"2026-02-30"}, 420),
                 std::invalid_argument);
    try {
        parse_working_time({"07:30-16:00"}, {"mon"}, {"25-12-2026"}, 420);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("25-12-2026"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(parse_working_time({"00:00-24:00"}, {"sat", "sun"}, {}, 420));
}

TEST(Csv, CellsASpreadsheetWouldRunAreEscaped) {
    EXPECT_EQ(csv_cell("Dinas Kesehatan"), "Dinas Kesehatan");
    EXPECT_EQ(csv_cell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
    EXPECT_EQ(csv_cell("+62812"), "'+62812");
    EXPECT_EQ(csv_cell("-1"), "'-1");
    EXPECT_EQ(csv_cell("@cmd"), "'@cmd");
    EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_cell("=1,2"), "\"'=1,2\"");
    EXPECT_EQ(csv_row({"a", "b c", ""}), "a,b c,\r\n");
}

}  // namespace
}  // namespace anjungan::office
