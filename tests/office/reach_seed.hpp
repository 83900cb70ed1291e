// A seeded office for the reach report (reports_test, bench_reports): `n` cases received in the
// first quarter of 2026 (local time, WIB) with known counts and known step times, written
// straight into office.db in one transaction (accept_case and move_case would take minutes for
// 10,000 cases with synchronous=FULL); the Storage then reads them as it reads any case.
//
// Case i (0-based), with n a multiple of 100:
//   month       i % 3: January, February, March; the ((i / 3) % 19)-th working day, 08:00 WIB
//   work unit   i % 10: 0-3 kUnitA (40%), 4-6 kUnitB (30%), 7-8 kUnitC (20%), 9 kUnitD (10%)
//   employment  i % 4: 0 pns, 1 pppk, 2 other_asn, 3 none (a PNS), or "honorer" when i % 100 = 99
//   status      i % 10: 0 received, 1 head_disposition, 2 division_disposition,
//               3 section_verified, 4 sent_to_bsre, 5-6 bsre_registration, 7 issued,
//               8 returned (from section_verified), 9 rejected (from received)
//   step times  step 1: 1 + i % 20 minutes; step 2: 5; step 3: 7 to section_verified, then 8
//               more to sent_to_bsre (15) or 13 more to returned (20); step 4: 120 minutes to
//               bsre_registration, then 30 to issued. All inside one working day.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "anjungan/office/storage.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::test::reach {

inline constexpr const char* kUnitA = "Dinas Kesehatan, Kota";  // a comma: a quoted CSV cell
inline constexpr const char* kUnitB = "Dinas Pendidikan";
inline constexpr const char* kUnitC = "Badan Kepegawaian";
inline constexpr const char* kUnitD = "=SUM(A1)";  // a formula: escaped in CSV

inline const char* unit_of(int i) {
    const int r = i % 10;
    return r < 4 ? kUnitA : r < 7 ? kUnitB : r < 9 ? kUnitC : kUnitD;
}

// The `nth` (0-based) Monday-to-Friday day of a month.
inline platform::CivilDate working_day(int year, int month, int nth) {
    using namespace std::chrono;
    for (int d = 1, seen = 0; d <= 31; ++d) {
        const sys_days day{std::chrono::year{year} / month / d};
        const unsigned wd = weekday{day}.iso_encoding();
        if (wd <= 5 && seen++ == nth) {
            return {year, month, d};
        }
    }
    throw std::logic_error("no such working day");
}

inline void check(int rc, sqlite3* db) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string("reach seed: ") + sqlite3_errmsg(db));
    }
}

// Seeds `n` cases into the office in `dir` (already opened once, so the schema is there; the
// kiosk KRA is added here).
inline void seed(office::Storage& storage, const std::filesystem::path& dir, int n) {
    using domain::CaseStatus;
    using std::chrono::minutes;
    storage.add_kiosk("KRA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "2025-12-01T00:00:00Z");
    sqlite3* db = nullptr;
    check(sqlite3_open((dir / "office.db").string().c_str(), &db), db);
    sqlite3_busy_timeout(db, 10000);
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db);
    sqlite3_stmt* c = nullptr;
    sqlite3_stmt* h = nullptr;
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO cases(case_id, receipt_no, kiosk_id, created_at, "
                             "received_at, status, status_at, payload, signature, work_unit) "
                             "VALUES(?1, ?2, 'KRA', ?3, ?3, ?4, ?5, ?6, 'x', ?7)",
                             -1, &c, nullptr),
          db);
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO history(case_id, kiosk_id, status, at, actor, role) "
                             "VALUES(?1, 'KRA', ?2, ?3, 'seed', 'kiosk')",
                             -1, &h, nullptr),
          db);
    const auto text = [&](sqlite3_stmt* s, int i, const std::string& v) {
        sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    };
    for (int i = 0; i < n; ++i) {
        const auto day = working_day(2026, 1 + i % 3, (i / 3) % 19);
        const auto received = platform::utc_time(day.year, day.month, day.day, 1);  // 08:00 WIB
        const int kind = i % 10;
        // The path: (status, minutes after the previous one).
        std::vector<std::pair<CaseStatus, int>> path{{CaseStatus::kReceived, 0}};
        const int step1 = 1 + i % 20;
        if (kind == 9) {
            path.push_back({CaseStatus::kRejected, step1});
        } else if (kind >= 1) {
            path.push_back({CaseStatus::kHeadDisposition, step1});
            if (kind >= 2) {
                path.push_back({CaseStatus::kDivisionDisposition, 5});
            }
            if (kind >= 3) {
                path.push_back({CaseStatus::kSectionVerified, 7});
            }
            if (kind == 8) {
                path.push_back({CaseStatus::kReturned, 13});
            } else if (kind >= 4) {
                path.push_back({CaseStatus::kSentToBsre, 8});
                if (kind >= 5) {
                    path.push_back({CaseStatus::kBsreRegistration, 120});
                }
                if (kind == 7) {
                    path.push_back({CaseStatus::kIssued, 30});
                }
            }
        }
        std::string employment;
        switch (i % 4) {
            case 0:
                employment = R"(,"employment":"pns")";
                break;
            case 1:
                employment = R"(,"employment":"pppk")";
                break;
            case 2:
                employment = R"(,"employment":"other_asn")";
                break;
            default:
                employment = i % 100 == 99 ? R"(,"employment":"honorer")" : "";
        }
        const std::string id = "case-" + std::to_string(100000 + i);
        auto at = received;
        std::vector<std::string> times;
        for (const auto& [s, after] : path) {
            at += minutes(after);
            times.push_back(platform::format_utc(at));
        }
        sqlite3_reset(c);
        text(c, 1, id);
        text(c, 2, "KRA-" + std::to_string(100000 + i));
        text(c, 3, times.front());
        text(c, 4, std::string(domain::to_code(path.back().first)));
        text(c, 5, times.back());
        text(c, 6, std::string(R"({"applicant":{"full_name":"Uji")") + employment + "}}");
        text(c, 7, unit_of(i));
        check(sqlite3_step(c), db);
        for (std::size_t k = 0; k < path.size(); ++k) {
            sqlite3_reset(h);
            text(h, 1, id);
            text(h, 2, std::string(domain::to_code(path[k].first)));
            text(h, 3, times[k]);
            check(sqlite3_step(h), db);
        }
    }
    sqlite3_finalize(c);
    sqlite3_finalize(h);
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    sqlite3_close(db);
}

}  // namespace anjungan::test::reach
