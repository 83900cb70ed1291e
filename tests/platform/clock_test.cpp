// Tests for civil dates and the UTC text form (platform/clock.hpp).
//
// Expectations come from the Gregorian calendar rules and the documented text form
// "YYYY-MM-DDTHH:MM:SSZ", worked out by hand.

#include "anjungan/platform/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace anjungan::platform {
namespace {

using namespace std::chrono_literals;

// ---- is_valid_date ------------------------------------------------------------------------

TEST(ClockIsValidDate, Year2000IsLeapBecauseDivisibleBy400) {
    EXPECT_TRUE(is_valid_date(2000, 2, 29));
}

TEST(ClockIsValidDate, Year1900IsNotLeapBecauseDivisibleBy100Only) {
    EXPECT_FALSE(is_valid_date(1900, 2, 29));
    EXPECT_TRUE(is_valid_date(1900, 2, 28));
}

TEST(ClockIsValidDate, Year2024IsLeapBecauseDivisibleBy4) {
    EXPECT_TRUE(is_valid_date(2024, 2, 29));
    EXPECT_FALSE(is_valid_date(2024, 2, 30));
}

TEST(ClockIsValidDate, Year2023IsNotLeap) {
    EXPECT_FALSE(is_valid_date(2023, 2, 29));
    EXPECT_TRUE(is_valid_date(2023, 2, 28));
}

TEST(ClockIsValidDate, RefusesMonthOutsideOneToTwelve) {
    EXPECT_FALSE(is_valid_date(2026, 0, 1));
    EXPECT_FALSE(is_valid_date(2026, 13, 1));
    EXPECT_FALSE(is_valid_date(2026, -1, 1));
    EXPECT_TRUE(is_valid_date(2026, 1, 1));
    EXPECT_TRUE(is_valid_date(2026, 12, 1));
}

TEST(ClockIsValidDate, RefusesDayZeroAndNegative) {
    EXPECT_FALSE(is_valid_date(2026, 1, 0));
    EXPECT_FALSE(is_valid_date(2026, 1, -5));
}

TEST(ClockIsValidDate, AcceptsTheLastDayOfEachMonthAndRefusesTheDayAfter) {
    const int last_day[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2026: not leap
    for (int month = 1; month <= 12; ++month) {
        const int last = last_day[month - 1];
        EXPECT_TRUE(is_valid_date(2026, month, last)) << "2026-" << month << "-" << last;
        EXPECT_FALSE(is_valid_date(2026, month, last + 1)) << "2026-" << month << "-" << last + 1;
    }
}

TEST(ClockIsValidDate, RefusesDay32InAnyMonth) {
    for (int month = 1; month <= 12; ++month) {
        EXPECT_FALSE(is_valid_date(2026, month, 32)) << "month " << month;
    }
}

// ---- civil_date -----------------------------------------------------------------------------

TEST(ClockCivilDate, WibOffsetMovesLateUtcEveningToTheNextDay) {
    // 17:30 UTC + 7 h = 00:30 WIB on the next day.
    const auto t = utc_time(2026, 11, 23, 17, 30);
    EXPECT_EQ(civil_date(t, 420), (CivilDate{2026, 11, 24}));
}

TEST(ClockCivilDate, WibOffsetKeepsTheSameDayOneMinuteBeforeLocalMidnight) {
    // 16:59 UTC + 7 h = 23:59 WIB, still the 23rd.
    const auto t = utc_time(2026, 11, 23, 16, 59);
    EXPECT_EQ(civil_date(t, 420), (CivilDate{2026, 11, 23}));
}

TEST(ClockCivilDate, WibOffsetExactlyAtLocalMidnightIsTheNewDay) {
    // 17:00 UTC + 7 h = 00:00 WIB of the 24th.
    EXPECT_EQ(civil_date(utc_time(2026, 11, 23, 17, 0), 420), (CivilDate{2026, 11, 24}));
}

TEST(ClockCivilDate, ZeroOffsetIsTheUtcDate) {
    EXPECT_EQ(civil_date(utc_time(2026, 11, 23, 17, 30), 0), (CivilDate{2026, 11, 23}));
}

TEST(ClockCivilDate, WibOffsetCrossesTheYearBoundary) {
    // 2026-12-31 17:00 UTC is 2027-01-01 00:00 WIB.
    EXPECT_EQ(civil_date(utc_time(2026, 12, 31, 17, 0), 420), (CivilDate{2027, 1, 1}));
}

TEST(ClockCivilDate, NegativeOffsetMovesEarlyUtcMorningToThePreviousDay) {
    // 02:00 UTC - 5 h = 21:00 of the previous day.
    EXPECT_EQ(civil_date(utc_time(2026, 11, 24, 2, 0), -300), (CivilDate{2026, 11, 23}));
}

TEST(ClockCivilDate, WibOffsetCrossesIntoLeapDay) {
    // 2024-02-28 18:00 UTC is 2024-02-29 01:00 WIB.
    EXPECT_EQ(civil_date(utc_time(2024, 2, 28, 18, 0), 420), (CivilDate{2024, 2, 29}));
}

TEST(ClockCivilDate, CivilDatesCompareChronologically) {
    EXPECT_LT((CivilDate{2026, 11, 23}), (CivilDate{2026, 11, 24}));
    EXPECT_LT((CivilDate{2026, 11, 30}), (CivilDate{2026, 12, 1}));
    EXPECT_LT((CivilDate{2025, 12, 31}), (CivilDate{2026, 1, 1}));
}

// ---- format_date --------------------------------------------------------------------------

TEST(ClockFormatDate, WritesIsoDateWithZeroPadding) {
    EXPECT_EQ(format_date({2026, 11, 23}), "2026-11-23");
    EXPECT_EQ(format_date({2026, 1, 5}), "2026-01-05");
}

// ---- format_utc / parse_utc -----------------------------------------------------------------

TEST(ClockFormatUtc, WritesSecondPrecisionWithZ) {
    EXPECT_EQ(format_utc(utc_time(2026, 11, 23, 8, 15, 30)), "2026-11-23T08:15:30Z");
    EXPECT_EQ(format_utc(utc_time(2026, 1, 2, 3, 4, 5)), "2026-01-02T03:04:05Z");
}

TEST(ClockFormatUtc, TruncatesSubSecondsInsteadOfRounding) {
    const auto t = utc_time(2026, 11, 23, 8, 15, 30) + 999ms;
    EXPECT_EQ(format_utc(t), "2026-11-23T08:15:30Z");
}

TEST(ClockFormatUtc, WritesMidnightAndTheLastSecondOfTheDay) {
    EXPECT_EQ(format_utc(utc_time(2026, 11, 23)), "2026-11-23T00:00:00Z");
    EXPECT_EQ(format_utc(utc_time(2026, 12, 31, 23, 59, 59)), "2026-12-31T23:59:59Z");
}

TEST(ClockParseUtc, ReadsTheFormFormatUtcWrites) {
    TimePoint t{};
    ASSERT_TRUE(parse_utc("2026-11-23T08:15:30Z", t));
    EXPECT_EQ(t, utc_time(2026, 11, 23, 8, 15, 30));
}

TEST(ClockParseUtc, RoundTripsThroughFormatUtc) {
    const std::vector<TimePoint> points = {
        utc_time(2026, 11, 23, 8, 15, 30), utc_time(2024, 2, 29, 23, 59, 59), utc_time(2000, 1, 1),
        utc_time(1999, 12, 31, 12, 0, 1),  utc_time(2038, 1, 19, 3, 14, 8),
    };
    for (const auto& p : points) {
        const std::string text = format_utc(p);
        TimePoint back{};
        ASSERT_TRUE(parse_utc(text, back)) << text;
        EXPECT_EQ(back, p) << text;
        EXPECT_EQ(format_utc(back), text);
    }
}

TEST(ClockParseUtc, LeavesOutputUnchangedWhenRefusing) {
    const TimePoint before = utc_time(2020, 5, 5, 5, 5, 5);
    TimePoint t = before;
    EXPECT_FALSE(parse_utc("not a time", t));
    EXPECT_EQ(t, before);
}

TEST(ClockParseUtc, RefusesMalformedStrings) {
    const std::vector<std::string> bad = {
        "",
        "2026-11-23",
        "2026-11-23T08:15:30",     // no Z
        "2026-11-23T08:15:30z",    // lower-case z
        "2026-11-23 08:15:30Z",    // space instead of T
        "2026/11/23T08:15:30Z",    // slashes
        "2026-11-23T08:15:30+07",  // an offset instead of Z
        "2026-11-23T08:15:30ZZ",   // trailing garbage
        " 2026-11-23T08:15:30Z",   // leading blank
        "2026-11-23T08:15:30.5Z",  // fractions are not the stored form
        "2026-11-23T8:15:30Z",     // hour not zero-padded
        "26-11-23T08:15:30Z",      // two-digit year
        "abcd-ef-ghTij:kl:mnZ",    // right length, no digits
    };
    for (const auto& s : bad) {
        TimePoint t{};
        EXPECT_FALSE(parse_utc(s, t)) << "accepted '" << s << "'";
    }
}

TEST(ClockParseUtc, RefusesImpossibleDatesAndTimes) {
    const std::vector<std::string> bad = {
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-23T24:00:00Z",
        "2026-11-23T08:60:00Z", "2026-11-23T08:15:60Z",
    };
    for (const auto& s : bad) {
        TimePoint t{};
        EXPECT_FALSE(parse_utc(s, t)) << "accepted '" << s << "'";
    }
}

// Twenty characters, but not the form format_utc writes: every field of that form is exactly
// its number of zero-padded digits, so signs and blanks inside a field are malformed.
TEST(ClockParseUtc, RefusesSignsAndBlanksInsideNumericFields) {
    const std::vector<std::string> bad = {
        "2026-11-23T08:15:-1Z",  // negative second
        "2026-11-23T08:-1:30Z",  // negative minute
        "2026-11-23T-1:15:30Z",  // negative hour
        "2026-11-23T+8:15:30Z",  // plus sign
        "2026-11-23T 8:15:30Z",  // blank-padded hour
        "2026-+1-23T08:15:30Z",  // plus sign in the month
        " 026-11-23T08:15:30Z",  // blank-padded year
    };
    for (const auto& s : bad) {
        ASSERT_EQ(s.size(), 20u) << s;
        TimePoint t{};
        EXPECT_FALSE(parse_utc(s, t)) << "accepted '" << s << "' as " << format_utc(t);
    }
}

// Whatever parse_utc accepts must be the time the text names: formatting the result gives the
// same text back. Years far from today are either refused or kept exactly, never wrapped.
TEST(ClockParseUtc, AcceptedTextFormatsBackUnchanged) {
    const std::vector<std::string> texts = {
        "1970-01-01T00:00:00Z", "2026-11-23T08:15:30Z", "2099-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z", "1600-03-01T00:00:00Z", "2300-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    };
    for (const auto& s : texts) {
        TimePoint t{};
        if (parse_utc(s, t)) {
            EXPECT_EQ(format_utc(t), s) << "accepted '" << s << "' as another time";
        }
    }
}

// ---- clocks -------------------------------------------------------------------------------

TEST(ClockFixedClock, StaysPutAndMovesOnlyWhenTold) {
    FixedClock clock(utc_time(2026, 11, 23, 8));
    EXPECT_EQ(clock.now(), utc_time(2026, 11, 23, 8));
    clock.advance(std::chrono::hours{10});
    EXPECT_EQ(clock.now(), utc_time(2026, 11, 23, 18));
    clock.set(utc_time(2027, 1, 1));
    EXPECT_EQ(clock.now(), utc_time(2027, 1, 1));
}

TEST(ClockUtcTime, AddsHoursMinutesSecondsToMidnight) {
    const auto midnight = utc_time(2026, 11, 23);
    EXPECT_EQ(utc_time(2026, 11, 23, 1, 2, 3) - midnight,
              std::chrono::hours{1} + std::chrono::minutes{2} + std::chrono::seconds{3});
    EXPECT_EQ(utc_time(2026, 11, 24) - midnight, std::chrono::hours{24});
}

// One clock interface: the fixed clock's steady milliseconds move with its wall time; the
// system clock's never go back.
TEST(ClockTest, SteadyMillisecondsMoveWithTheFixedClockAndNeverGoBack) {
    FixedClock fixed(utc_time(2026, 11, 24, 3, 0));
    const std::int64_t t0 = fixed.ms();
    fixed.advance(std::chrono::milliseconds(1500));
    EXPECT_EQ(fixed.ms() - t0, 1500);
    const Clock& real = system_clock();
    std::int64_t last = real.ms();
    for (int i = 0; i < 1000; ++i) {
        const std::int64_t now = real.ms();
        EXPECT_GE(now, last);
        last = now;
    }
}

// The one local-time format of receipts, screens and letters.
TEST(LocalTimeTest, ShowsLocalTimeWithTheZoneName) {
    const auto t = utc_time(2026, 11, 24, 3, 15, 30);
    EXPECT_EQ(format_local(t, 420), "24-11-2026 10:15 WIB");
    EXPECT_EQ(format_local(t, 480), "24-11-2026 11:15 WITA");
    EXPECT_EQ(format_local(t, 540), "24-11-2026 12:15 WIT");
    // 7 hours ahead of UTC, across midnight and the year's end.
    EXPECT_EQ(format_local(utc_time(2026, 11, 24, 17, 30), 420), "25-11-2026 00:30 WIB");
    EXPECT_EQ(format_local(utc_time(2026, 12, 31, 20, 0), 420), "01-01-2027 03:00 WIB");
    const std::string s = format_local(utc_time(2026, 6, 1, 0, 0), 420);
    EXPECT_EQ(s.substr(s.size() - 3), "WIB");
    EXPECT_EQ(s, "01-06-2026 07:00 WIB");
    // Offsets without a name.
    EXPECT_EQ(format_local(t, 0), "24-11-2026 03:15 UTC+0");
    EXPECT_EQ(format_local(t, 330), "24-11-2026 08:45 UTC+5:30");
    EXPECT_EQ(format_local(t, -180), "24-11-2026 00:15 UTC-3");
    EXPECT_EQ(format_local(t, -210), "23-11-2026 23:45 UTC-3:30");
}

}  // namespace
}  // namespace anjungan::platform
