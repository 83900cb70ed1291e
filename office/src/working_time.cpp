#include "anjungan/office/working_time.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace anjungan::office {

namespace {

using Days = std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

// A working window of one local day, as UTC instants.
struct Window {
    platform::TimePoint start, end;
};

constexpr int kMaxDaysScanned = 3660;  // ten years: a calendar with no working day left

platform::CivilDate to_civil(sys_days d) {
    const std::chrono::year_month_day ymd{d};
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int parse_clock(const std::string& text, std::size_t at) {
    if (text.size() < at + 5 || text[at + 2] != ':') {
        return -1;
    }
    int h = 0, m = 0;
    for (int i : {0, 1, 3, 4}) {
        if (text[at + i] < '0' || text[at + i] > '9') {
            return -1;
        }
    }
    h = (text[at] - '0') * 10 + (text[at + 1] - '0');
    m = (text[at + 3] - '0') * 10 + (text[at + 4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) {
        return -1;
    }
    return h * 60 + m;
}

}  // namespace

WorkingTime WorkingTime::always(int utc_offset_minutes) {
    WorkingTime w;
    w.hours = {{0, 24 * 60}};
    w.days.fill(true);
    w.utc_offset_minutes = utc_offset_minutes;
    return w;
}

bool WorkingTime::is_working_day(const platform::CivilDate& d) const {
    const sys_days sd{std::chrono::year{d.year} / d.month / d.day};
    const unsigned iso = std::chrono::weekday{sd}.iso_encoding();  // 1 Monday .. 7 Sunday
    if (!days[iso - 1]) {
        return false;
    }
    return std::find(holidays.begin(), holidays.end(), d) == holidays.end();
}

minutes WorkingTime::day_length() const {
    int total = 0;
    for (const auto& [s, e] : hours) {
        total += e - s;
    }
    return minutes(total);
}

minutes WorkingTime::span_of(minutes standard) const {
    const minutes day(24 * 60);
    if (standard.count() > 0 && standard.count() % day.count() == 0) {
        return day_length() * (standard / day);
    }
    return standard;
}

platform::TimePoint WorkingTime::add(platform::TimePoint from, minutes span) const {
    const minutes offset(utc_offset_minutes);
    auto remaining = std::chrono::duration_cast<platform::TimePoint::duration>(span);
    platform::TimePoint at = from;
    sys_days day = std::chrono::floor<Days>(from + offset);
    for (int i = 0; i < kMaxDaysScanned; ++i, day += Days(1)) {
        if (!is_working_day(to_civil(day))) {
            continue;
        }
        for (const auto& [s, e] : hours) {
            const platform::TimePoint ws = platform::TimePoint(day) + minutes(s) - offset;
            const platform::TimePoint we = platform::TimePoint(day) + minutes(e) - offset;
            if (at >= we) {
                continue;
            }
            const platform::TimePoint start = std::max(at, ws);
            if (remaining <= we - start) {
                return start + remaining;
            }
            remaining -= we - start;
            at = we;
        }
    }
    throw std::runtime_error("working time: no working day in ten years (check [working_time])");
}

seconds WorkingTime::between(platform::TimePoint from, platform::TimePoint to) const {
    if (to <= from) {
        return seconds(0);
    }
    const minutes offset(utc_offset_minutes);
    platform::TimePoint::duration total{0};
    const sys_days last = std::chrono::floor<Days>(to + offset);
    for (sys_days day = std::chrono::floor<Days>(from + offset); day <= last; day += Days(1)) {
        if (!is_working_day(to_civil(day))) {
            continue;
        }
        for (const auto& [s, e] : hours) {
            const platform::TimePoint ws = platform::TimePoint(day) + minutes(s) - offset;
            const platform::TimePoint we = platform::TimePoint(day) + minutes(e) - offset;
            const platform::TimePoint a = std::max(from, ws), b = std::min(to, we);
            if (b > a) {
                total += b - a;
            }
        }
    }
    return std::chrono::duration_cast<seconds>(total);
}

WorkingTime parse_working_time(const std::vector<std::string>& hours,
                               const std::vector<std::string>& days,
                               const std::vector<std::string>& holidays, int utc_offset_minutes) {
    WorkingTime w;
    w.utc_offset_minutes = utc_offset_minutes;
    w.hours.clear();
    for (const auto& h : hours) {
        const int s = parse_clock(h, 0), e = h.size() == 11 && h[5] == '-' ? parse_clock(h, 6) : -1;
        if (s < 0 || e < 0 || e <= s) {
            throw std::invalid_argument("hours: '" + h + "' is not a range like 07:30-16:00");
        }
        w.hours.emplace_back(s, e);
    }
    std::sort(w.hours.begin(), w.hours.end());
    for (std::size_t i = 1; i < w.hours.size(); ++i) {
        if (w.hours[i].first < w.hours[i - 1].second) {
            throw std::invalid_argument("hours: the ranges overlap");
        }
    }
    if (w.hours.empty()) {
        throw std::invalid_argument("hours: at least one range is needed");
    }
    static const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    w.days.fill(false);
    for (const auto& d : days) {
        const auto it =
            std::find_if(std::begin(kDays), std::end(kDays), [&](const char* k) { return d == k; });
        if (it == std::end(kDays)) {
            throw std::invalid_argument("days: '" + d +
                                        "' is not one of mon tue wed thu fri sat sun");
        }
        w.days[static_cast<std::size_t>(it - std::begin(kDays))] = true;
    }
    if (std::none_of(w.days.begin(), w.days.end(), [](bool b) { return b; })) {
        throw std::invalid_argument("days: at least one working day is needed");
    }
    for (const auto& h : holidays) {
        platform::CivilDate d{};
        char tail = 0;
        if (h.size() != 10 ||
            std::sscanf(h.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &tail) != 3 ||
            !platform::is_valid_date(d.year, d.month, d.day)) {
            throw std::invalid_argument("holidays: '" + h + "' is not a date like 2026-12-25");
        }
        w.holidays.push_back(d);
    }
    return w;
}

}  // namespace anjungan::office
