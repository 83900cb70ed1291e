#include "anjungan/platform/clock.hpp"

#include <cstdio>
#include <string_view>

namespace anjungan::platform {

namespace chr = std::chrono;

bool is_valid_date(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return false;
    }
    const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                  chr::day{static_cast<unsigned>(day)}};
    return ymd.ok();
}

CivilDate civil_date(TimePoint t, int utc_offset_minutes) {
    const auto local = t + chr::minutes{utc_offset_minutes};
    const chr::year_month_day ymd{chr::floor<chr::days>(local)};
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string format_date(const CivilDate& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string format_utc(TimePoint t) {
    const auto secs = chr::floor<chr::seconds>(t);
    const auto day = chr::floor<chr::days>(secs);
    const chr::year_month_day ymd{day};
    const chr::hh_mm_ss hms{secs - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

bool parse_utc(const std::string& text, TimePoint& out) {
    // Exactly "YYYY-MM-DDTHH:MM:SSZ": every digit a digit (no signs or blanks, which sscanf
    // would let through).
    static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != kShape.size()) {
        return false;
    }
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const char c = text[i];
        if (kShape[i] == 'd' ? (c < '0' || c > '9') : c != kShape[i]) {
            return false;
        }
    }
    auto num = [&](std::size_t from, std::size_t n) {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    const int y = num(0, 4), mo = num(5, 2), d = num(8, 2);
    const int h = num(11, 2), mi = num(14, 2), s = num(17, 2);
    // system_clock counts nanoseconds: it holds 1678..2261 only. Refuse what it cannot hold.
    if (y < kMinYear || y > kMaxYear || !is_valid_date(y, mo, d) || h > 23 || mi > 59 || s > 59) {
        return false;
    }
    out = utc_time(y, mo, d, h, mi, s);
    return true;
}

TimePoint utc_time(int year, int month, int day, int hour, int minute, int second) {
    const chr::sys_days days{chr::year{year} / chr::month{static_cast<unsigned>(month)} /
                             chr::day{static_cast<unsigned>(day)}};
    return TimePoint{days} + chr::hours{hour} + chr::minutes{minute} + chr::seconds{second};
}

const Clock& system_clock() {
    static const SystemClock clock;
    return clock;
}

std::string zone_name(int utc_offset_minutes) {
    switch (utc_offset_minutes) {
        case 7 * 60:
            return "WIB";
        case 8 * 60:
            return "WITA";
        case 9 * 60:
            return "WIT";
        default:
            break;
    }
    const int a = std::abs(utc_offset_minutes);
    const char sign = utc_offset_minutes < 0 ? '-' : '+';
    char buf[16];
    if (a % 60 == 0) {
        std::snprintf(buf, sizeof buf, "UTC%c%d", sign, a / 60);
    } else {
        std::snprintf(buf, sizeof buf, "UTC%c%d:%02d", sign, a / 60, a % 60);
    }
    return buf;
}

std::string format_local(TimePoint t, int utc_offset_minutes) {
    // format_utc gives "2026-11-24T03:15:00Z" for the shifted time: "24-11-2026 10:15 WIB".
    const std::string s = format_utc(t + chr::minutes(utc_offset_minutes));
    return s.substr(8, 2) + "-" + s.substr(5, 2) + "-" + s.substr(0, 4) + " " + s.substr(11, 5) +
           " " + zone_name(utc_offset_minutes);
}

}  // namespace anjungan::platform
