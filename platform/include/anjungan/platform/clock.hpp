// Time for the domain: an injectable clock and civil (calendar) dates.
//
// The kiosk lives in one time zone (Palangka Raya is WIB, UTC+7, no daylight saving), so a
// fixed UTC offset from configuration is enough and avoids depending on the system's tzdata.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace anjungan::platform {

using TimePoint = std::chrono::system_clock::time_point;

// The one clock interface: the wall clock for what is stored and shown, and a steady one for
// intervals (frame times, idle timers, device health). Injected everywhere, so tests, the
// autopilot and `anjungan session` run on a clock they move.
class Clock {
  public:
    virtual ~Clock() = default;
    // UTC wall time: what is stored, signed and shown.
    virtual TimePoint now() const = 0;
    // Milliseconds on a clock that never goes back (its zero is arbitrary): for intervals.
    virtual std::int64_t ms() const = 0;
};

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
    std::int64_t ms() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
};

// The process's real clock, for parts that are not given one.
const Clock& system_clock();

// A clock that stays where it is put: for tests and for replaying a session. Its steady
// milliseconds are its wall time's, so moving it forward moves both.
class FixedClock final : public Clock {
  public:
    explicit FixedClock(TimePoint t) : t_(t) {}
    TimePoint now() const override { return t_; }
    std::int64_t ms() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(t_.time_since_epoch()).count();
    }
    void set(TimePoint t) { t_ = t; }
    void advance(std::chrono::system_clock::duration d) { t_ += d; }

  private:
    TimePoint t_;
};

struct CivilDate {
    int year = 0;
    int month = 0;  // 1..12
    int day = 0;    // 1..31

    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// True when year/month/day names a real day of the proleptic Gregorian calendar.
bool is_valid_date(int year, int month, int day);

// The civil date at `t` in a zone `utc_offset_minutes` east of UTC.
CivilDate civil_date(TimePoint t, int utc_offset_minutes);

// "2026-11-23"
std::string format_date(const CivilDate& d);

// "2026-11-23T08:15:30Z" (UTC, second precision): the form stored and exchanged.
std::string format_utc(TimePoint t);

// The zone's name for an offset: Indonesia's WIB, WITA, WIT (UTC+7, +8, +9), else "UTC+5:30",
// "UTC-3", "UTC+0".
std::string zone_name(int utc_offset_minutes);

// `t` as people at the kiosk and in the office read it: "24-11-2026 10:15 WIB". The one local
// time format of receipts, screens and letters.
std::string format_local(TimePoint t, int utc_offset_minutes);

// The years parse_utc accepts: well inside what a nanosecond system_clock can hold.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

// Parses the form format_utc writes; returns false on anything else, including years outside
// kMinYear..kMaxYear.
bool parse_utc(const std::string& text, TimePoint& out);

// A time point for tests and fixtures: midnight UTC of the given day plus hours.
TimePoint utc_time(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

}  // namespace anjungan::platform
