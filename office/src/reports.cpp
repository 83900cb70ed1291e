#include "anjungan/office/reports.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "anjungan/office/csv.hpp"
#include "anjungan/office/workflow.hpp"

namespace anjungan::office {

namespace {

using domain::CaseStatus;
using std::chrono::seconds;

constexpr CaseStatus kStepStarts[] = {CaseStatus::kReceived, CaseStatus::kHeadDisposition,
                                      CaseStatus::kDivisionDisposition, CaseStatus::kSentToBsre};
constexpr const char* kEmployments[] = {"pns", "pppk", "other_asn"};

// The step (1..4) a status starts, or 0 (section_verified continues step 3).
int step_started_by(CaseStatus s) {
    for (int i = 0; i < 4; ++i) {
        if (kStepStarts[i] == s) {
            return i + 1;
        }
    }
    return 0;
}

std::string month_key(const platform::CivilDate& d) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
    return buf;
}

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string employment_key(const std::string& code) {
    if (code.empty()) {
        return "pns";  // as domain::Applicant reads a payload without it
    }
    for (const char* e : kEmployments) {
        if (code == e) {
            return code;
        }
    }
    return "unknown";
}

void finish_step(StepFigures& f, std::vector<seconds>& taken) {
    f.finished = static_cast<int>(taken.size());
    if (taken.empty()) {
        return;
    }
    std::sort(taken.begin(), taken.end());
    const std::size_t n = taken.size();
    f.median = n % 2 ? taken[n / 2] : (taken[n / 2 - 1] + taken[n / 2]) / 2;
    // Nearest rank: the ceil(0.9 n)-th smallest (integers, so no rounding surprise).
    const std::size_t rank = (9 * n + 9) / 10;
    f.p90 = taken[rank - 1];
    f.share_within = static_cast<double>(f.within) / static_cast<double>(n);
}

}  // namespace

std::string_view to_code(ReachBy by) {
    switch (by) {
        case ReachBy::kUnit:
            return "unit";
        case ReachBy::kMonth:
            return "month";
        case ReachBy::kStatus:
            return "status";
        case ReachBy::kEmployment:
            return "employment";
        case ReachBy::kStep:
            return "step";
    }
    return "unit";
}

std::optional<ReachBy> reach_by_from_code(std::string_view code) {
    for (const auto by : {ReachBy::kUnit, ReachBy::kMonth, ReachBy::kStatus, ReachBy::kEmployment,
                          ReachBy::kStep}) {
        if (to_code(by) == code) {
            return by;
        }
    }
    return std::nullopt;
}

std::optional<platform::CivilDate> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
    }
    const auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    const platform::CivilDate d{num(0, 4), num(5, 2), num(8, 2)};
    if (d.year < platform::kMinYear || d.year > platform::kMaxYear ||
        !platform::is_valid_date(d.year, d.month, d.day)) {
        return std::nullopt;
    }
    return d;
}

std::pair<std::string, std::string> reach_bounds(const platform::CivilDate& from,
                                                 const platform::CivilDate& to,
                                                 int utc_offset_minutes) {
    const std::chrono::minutes offset(utc_offset_minutes);
    const auto start = platform::utc_time(from.year, from.month, from.day) - offset;
    const auto end =
        platform::utc_time(to.year, to.month, to.day) + std::chrono::hours(24) - offset;
    return {platform::format_utc(start), platform::format_utc(end)};
}

ReachReport reach_report(const Storage::ReachData& data, const platform::CivilDate& from,
                         const platform::CivilDate& to, const WorkingTime& working) {
    ReachReport r;
    r.from = from;
    r.to = to;
    r.utc_offset_minutes = working.utc_offset_minutes;
    r.total = static_cast<int>(data.cases.size());

    std::unordered_map<std::string, int> units;
    std::map<std::string, int> months;  // every month of the range, in order
    for (platform::CivilDate m{from.year, from.month, 1};
         m.year < to.year || (m.year == to.year && m.month <= to.month);) {
        months[month_key(m)] = 0;
        if (++m.month > 12) {
            m.month = 1;
            ++m.year;
        }
    }
    std::map<CaseStatus, int> statuses;
    std::map<std::string, int> employments;
    for (const auto& c : data.cases) {
        ++units[c.work_unit];
        platform::TimePoint t;
        if (platform::parse_utc(c.received_at, t)) {
            ++months[month_key(platform::civil_date(t, working.utc_offset_minutes))];
        }
        ++statuses[c.status];
        ++employments[employment_key(c.employment)];
    }
    for (const auto& [k, n] : units) {
        r.by_unit.push_back({k, n});
    }
    std::sort(r.by_unit.begin(), r.by_unit.end(), [](const ReachCount& a, const ReachCount& b) {
        return a.cases != b.cases ? a.cases > b.cases : a.key < b.key;
    });
    for (const auto& [k, n] : months) {
        r.by_month.push_back({k, n});
    }
    for (const auto s : domain::all_statuses()) {
        r.by_status.push_back({std::string(domain::to_code(s)), statuses[s]});
    }
    for (const char* e : kEmployments) {
        r.by_employment.push_back({e, employments[e]});
    }
    if (const auto it = employments.find("unknown"); it != employments.end()) {
        r.by_employment.push_back({"unknown", it->second});
    }

    // The steps: each case's history in seq order (reach_data gives it by case, then seq).
    std::vector<std::vector<seconds>> taken(4);
    for (int i = 0; i < 4; ++i) {
        StepFigures f;
        f.step = i + 1;
        f.starts_at = kStepStarts[i];
        f.standard = step_time(kStepStarts[i]).value_or(std::chrono::minutes(0));
        f.standard_working = working.span_of(f.standard);
        r.steps.push_back(f);
    }
    const auto& h = data.history;
    std::vector<platform::TimePoint> at(h.size());
    std::vector<bool> at_ok(h.size());
    for (std::size_t i = 0; i < h.size(); ++i) {
        at_ok[i] = platform::parse_utc(h[i].at, at[i]);
    }
    for (std::size_t begin = 0; begin < h.size();) {
        std::size_t end = begin;
        while (end < h.size() && h[end].case_id == h[begin].case_id) {
            ++end;
        }
        for (std::size_t i = begin; i < end; ++i) {
            const int step = step_started_by(h[i].status);
            if (step == 0) {
                continue;
            }
            std::size_t j = i + 1;
            while (step == 3 && j < end && keeps_deadline(h[j].status)) {
                ++j;
            }
            auto& f = r.steps[static_cast<std::size_t>(step - 1)];
            if (j >= end) {
                ++f.open;
                continue;
            }
            if (!at_ok[i] || !at_ok[j]) {
                continue;
            }
            const seconds took = working.between(at[i], at[j]);
            taken[static_cast<std::size_t>(step - 1)].push_back(took);
            if (took <= f.standard_working) {
                ++f.within;
            }
        }
        begin = end;
    }
    for (int i = 0; i < 4; ++i) {
        finish_step(r.steps[static_cast<std::size_t>(i)], taken[static_cast<std::size_t>(i)]);
    }
    return r;
}

ReachReport reach_report(Storage& storage, const platform::CivilDate& from,
                         const platform::CivilDate& to, const WorkingTime& working) {
    const auto [start, end] = reach_bounds(from, to, working.utc_offset_minutes);
    return reach_report(storage.reach_data(start, end), from, to, working);
}

std::string reach_csv(const ReachReport& r, ReachBy by) {
    std::string out(kUtf8Bom);
    const auto counts = [&](const char* header, const std::vector<ReachCount>& rows) {
        out += csv_row({header, "cases"});
        for (const auto& c : rows) {
            out += csv_row({c.key, std::to_string(c.cases)});
        }
    };
    switch (by) {
        case ReachBy::kUnit:
            counts("work_unit", r.by_unit);
            break;
        case ReachBy::kMonth:
            counts("month", r.by_month);
            break;
        case ReachBy::kStatus:
            counts("status", r.by_status);
            break;
        case ReachBy::kEmployment:
            counts("employment", r.by_employment);
            break;
        case ReachBy::kStep: {
            out += csv_row({"step", "starts_at", "standard_minutes", "standard_working_minutes",
                            "finished", "open", "within_standard", "share_within_standard",
                            "median_minutes", "p90_minutes"});
            const auto minutes = [](const std::optional<seconds>& s) {
                return s ? fixed(static_cast<double>(s->count()) / 60.0, 1) : std::string();
            };
            for (const auto& f : r.steps) {
                out += csv_row(
                    {std::to_string(f.step), std::string(domain::to_code(f.starts_at)),
                     std::to_string(f.standard.count()), std::to_string(f.standard_working.count()),
                     std::to_string(f.finished), std::to_string(f.open), std::to_string(f.within),
                     f.share_within ? fixed(*f.share_within, 4) : std::string(), minutes(f.median),
                     minutes(f.p90)});
            }
            break;
        }
    }
    return out;
}

nlohmann::json reach_json(const ReachReport& r, ReachBy by) {
    using nlohmann::json;
    json rows = json::array();
    const auto counts = [&](const std::vector<ReachCount>& list) {
        for (const auto& c : list) {
            rows.push_back({{"key", c.key}, {"cases", c.cases}});
        }
    };
    switch (by) {
        case ReachBy::kUnit:
            counts(r.by_unit);
            break;
        case ReachBy::kMonth:
            counts(r.by_month);
            break;
        case ReachBy::kStatus:
            counts(r.by_status);
            break;
        case ReachBy::kEmployment:
            counts(r.by_employment);
            break;
        case ReachBy::kStep:
            for (const auto& f : r.steps) {
                const auto secs = [](const std::optional<seconds>& s) {
                    return s ? json(s->count()) : json(nullptr);
                };
                rows.push_back({{"step", f.step},
                                {"starts_at", domain::to_code(f.starts_at)},
                                {"standard_minutes", f.standard.count()},
                                {"standard_working_minutes", f.standard_working.count()},
                                {"finished", f.finished},
                                {"open", f.open},
                                {"within_standard", f.within},
                                {"share_within_standard",
                                 f.share_within ? json(*f.share_within) : json(nullptr)},
                                {"median_seconds", secs(f.median)},
                                {"p90_seconds", secs(f.p90)}});
            }
            break;
    }
    return {{"report", "reach"},
            {"from", platform::format_date(r.from)},
            {"to", platform::format_date(r.to)},
            {"utc_offset_minutes", r.utc_offset_minutes},
            {"total", r.total},
            {"by", to_code(by)},
            {"rows", rows}};
}

}  // namespace anjungan::office
