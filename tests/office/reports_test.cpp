// The reach report (office/reports.hpp): counts per work unit, month, status and employment,
// each SOP step's working time against its standard, the range's edges in local time, the CSV
// and JSON shapes, and `anjungan-office report reach`'s exit codes. 10,000 seeded cases
// (reach_seed.hpp) with figures known from how they were made; no real clock anywhere.
#include "anjungan/office/reports.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "anjungan/office/csv.hpp"
#include "command.hpp"
#include "reach_seed.hpp"
#include "test_support.hpp"

namespace anjungan {
namespace {

using domain::CaseStatus;
using nlohmann::json;
using office::ReachBy;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kCases = 10000;

// The office's week as the test says it: 07:30-16:00, Monday to Friday, WIB, no holidays.
office::WorkingTime office_hours() {
    office::WorkingTime w;
    w.hours = {{7 * 60 + 30, 16 * 60}};
    w.days = {true, true, true, true, true, false, false};
    w.holidays.clear();
    w.utc_offset_minutes = 420;
    return w;
}

platform::CivilDate date(int y, int m, int d) {
    return {y, m, d};
}

int count_of(const std::vector<office::ReachCount>& list, const std::string& key) {
    for (const auto& c : list) {
        if (c.key == key) {
            return c.cases;
        }
    }
    return -1;
}

class ReachReport : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir();
        storage_ = office::open_sqlite_storage(dir_->path()).release();
        test::reach::seed(*storage_, dir_->path(), kCases);
    }
    static void TearDownTestSuite() {
        delete storage_;
        delete dir_;
    }
    static office::ReachReport quarter() {
        return office::reach_report(*storage_, date(2026, 1, 1), date(2026, 3, 31), office_hours());
    }
    static test::TempDir* dir_;
    static office::Storage* storage_;
};
test::TempDir* ReachReport::dir_ = nullptr;
office::Storage* ReachReport::storage_ = nullptr;

TEST_F(ReachReport, CountsEveryCaseByUnitMonthStatusAndEmployment) {
    const auto r = quarter();
    EXPECT_EQ(r.total, kCases);
    ASSERT_EQ(r.by_unit.size(), 4u);  // most cases first
    EXPECT_EQ(r.by_unit[0].key, test::reach::kUnitA);
    EXPECT_EQ(r.by_unit[0].cases, 4000);
    EXPECT_EQ(r.by_unit[1].key, test::reach::kUnitB);
    EXPECT_EQ(r.by_unit[1].cases, 3000);
    EXPECT_EQ(r.by_unit[2].key, test::reach::kUnitC);
    EXPECT_EQ(r.by_unit[2].cases, 2000);
    EXPECT_EQ(r.by_unit[3].key, test::reach::kUnitD);
    EXPECT_EQ(r.by_unit[3].cases, 1000);

    ASSERT_EQ(r.by_month.size(), 3u);
    EXPECT_EQ(r.by_month[0].key, "2026-01");
    EXPECT_EQ(r.by_month[0].cases, 3334);
    EXPECT_EQ(r.by_month[1].key, "2026-02");
    EXPECT_EQ(r.by_month[1].cases, 3333);
    EXPECT_EQ(r.by_month[2].key, "2026-03");
    EXPECT_EQ(r.by_month[2].cases, 3333);

    ASSERT_EQ(r.by_status.size(), domain::all_statuses().size());  // every status, SOP order
    EXPECT_EQ(r.by_status.front().key, "received");
    for (const char* s : {"received", "head_disposition", "division_disposition",
                          "section_verified", "sent_to_bsre", "issued", "returned", "rejected"}) {
        EXPECT_EQ(count_of(r.by_status, s), 1000) << s;
    }
    EXPECT_EQ(count_of(r.by_status, "bsre_registration"), 2000);

    ASSERT_EQ(r.by_employment.size(), 4u);
    EXPECT_EQ(r.by_employment[0].key, "pns");
    EXPECT_EQ(r.by_employment[0].cases, 4900);  // 2,500 said so, 2,400 said nothing
    EXPECT_EQ(count_of(r.by_employment, "pppk"), 2500);
    EXPECT_EQ(count_of(r.by_employment, "other_asn"), 2500);
    EXPECT_EQ(count_of(r.by_employment, "unknown"), 100);
}

TEST_F(ReachReport, StepTimesAgainstTheirStandards) {
    const auto r = quarter();
    ASSERT_EQ(r.steps.size(), 4u);
    const auto& s1 = r.steps[0];
    EXPECT_EQ(s1.starts_at, CaseStatus::kReceived);
    EXPECT_EQ(s1.standard, minutes(10));
    EXPECT_EQ(s1.standard_working, minutes(10));
    EXPECT_EQ(s1.finished, 9000);
    EXPECT_EQ(s1.open, 1000);
    EXPECT_EQ(s1.within, 4500);  // 2..10 minutes in, 12..20 out
    EXPECT_DOUBLE_EQ(*s1.share_within, 0.5);
    EXPECT_EQ(*s1.median, seconds(660));  // between 10 and 12 minutes
    EXPECT_EQ(*s1.p90, seconds(19 * 60));

    const auto& s2 = r.steps[1];
    EXPECT_EQ(s2.starts_at, CaseStatus::kHeadDisposition);
    EXPECT_EQ(s2.finished, 7000);
    EXPECT_EQ(s2.open, 1000);
    EXPECT_EQ(s2.within, 7000);
    EXPECT_DOUBLE_EQ(*s2.share_within, 1.0);
    EXPECT_EQ(*s2.median, seconds(300));
    EXPECT_EQ(*s2.p90, seconds(300));

    // Step 3 runs from the division head's disposition until the case leaves section_verified:
    // 15 minutes exactly is within, 20 (returned) is not.
    const auto& s3 = r.steps[2];
    EXPECT_EQ(s3.starts_at, CaseStatus::kDivisionDisposition);
    EXPECT_EQ(s3.standard, minutes(15));
    EXPECT_EQ(s3.finished, 5000);
    EXPECT_EQ(s3.open, 2000);
    EXPECT_EQ(s3.within, 4000);
    EXPECT_DOUBLE_EQ(*s3.share_within, 0.8);
    EXPECT_EQ(*s3.median, seconds(900));
    EXPECT_EQ(*s3.p90, seconds(1200));

    // Step 4's "one day" is one working day: 8.5 hours.
    const auto& s4 = r.steps[3];
    EXPECT_EQ(s4.starts_at, CaseStatus::kSentToBsre);
    EXPECT_EQ(s4.standard, minutes(24 * 60));
    EXPECT_EQ(s4.standard_working, minutes(510));
    EXPECT_EQ(s4.finished, 3000);
    EXPECT_EQ(s4.open, 1000);
    EXPECT_EQ(s4.within, 3000);
    EXPECT_EQ(*s4.median, seconds(7200));
    EXPECT_EQ(*s4.p90, seconds(7200));
}

TEST_F(ReachReport, OneMonthOnlyHasThatMonth) {
    const auto r =
        office::reach_report(*storage_, date(2026, 2, 1), date(2026, 2, 28), office_hours());
    EXPECT_EQ(r.total, 3333);
    ASSERT_EQ(r.by_month.size(), 1u);
    EXPECT_EQ(r.by_month[0].key, "2026-02");
}

TEST_F(ReachReport, CsvHasTheBomCrlfAndEscapesFormulas) {
    const auto r = quarter();
    const std::string units = office::reach_csv(r, ReachBy::kUnit);
    EXPECT_EQ(units, std::string(office::kUtf8Bom) +
                         "work_unit,cases\r\n"
                         "\"Dinas Kesehatan, Kota\",4000\r\n"
                         "Dinas Pendidikan,3000\r\n"
                         "Badan Kepegawaian,2000\r\n"
                         "'=SUM(A1),1000\r\n");
    const std::string steps = office::reach_csv(r, ReachBy::kStep);
    EXPECT_EQ(steps.rfind(std::string(office::kUtf8Bom) +
                              "step,starts_at,standard_minutes,standard_working_minutes,finished,"
                              "open,within_standard,share_within_standard,median_minutes,"
                              "p90_minutes\r\n"
                              "1,received,10,10,9000,1000,4500,0.5000,11.0,19.0\r\n"
                              "2,head_disposition,10,10,7000,1000,7000,1.0000,5.0,5.0\r\n"
                              "3,division_disposition,15,15,5000,2000,4000,0.8000,15.0,20.0\r\n"
                              "4,sent_to_bsre,1440,510,3000,1000,3000,1.0000,120.0,120.0\r\n",
                          0),
              0u)
        << steps;
    const std::string months = office::reach_csv(r, ReachBy::kMonth);
    EXPECT_NE(months.find("month,cases\r\n2026-01,3334\r\n2026-02,3333\r\n"), std::string::npos);
}

TEST_F(ReachReport, JsonHasTheDocumentedShape) {
    const auto r = quarter();
    const json u = office::reach_json(r, ReachBy::kUnit);
    EXPECT_EQ(u["report"], "reach");
    EXPECT_EQ(u["from"], "2026-01-01");
    EXPECT_EQ(u["to"], "2026-03-31");
    EXPECT_EQ(u["utc_offset_minutes"], 420);
    EXPECT_EQ(u["total"], kCases);
    EXPECT_EQ(u["by"], "unit");
    EXPECT_EQ(u["rows"][3], (json{{"key", "=SUM(A1)"}, {"cases", 1000}}));
    const json s = office::reach_json(r, ReachBy::kStep);
    EXPECT_EQ(s["rows"][2], (json{{"step", 3},
                                  {"starts_at", "division_disposition"},
                                  {"standard_minutes", 15},
                                  {"standard_working_minutes", 15},
                                  {"finished", 5000},
                                  {"open", 2000},
                                  {"within_standard", 4000},
                                  {"share_within_standard", 0.8},
                                  {"median_seconds", 900},
                                  {"p90_seconds", 1200}}));
}

TEST_F(ReachReport, CommandPrintsFiguresAndRefusesBadRangesWithExitTwo) {
    const std::string base = test::shell_quote(ANJUNGAN_OFFICE) + " --data " +
                             test::shell_quote(dir_->path().string()) + " report reach ";
    const auto csv = test::run_command(base +
                                       "--from 2026-01-01 --to 2026-03-31 --by unit "
                                       "--format csv");
    EXPECT_EQ(csv.code, 0);
    EXPECT_EQ(csv.out.rfind(std::string(office::kUtf8Bom) + "work_unit,cases\r\n", 0), 0u);
    EXPECT_NE(csv.out.find("'=SUM(A1),1000\r\n"), std::string::npos);
    const auto js = test::run_command(base +
                                      "--from 2026-01-01 --to 2026-03-31 --by step "
                                      "--format json");
    ASSERT_EQ(js.code, 0);
    const json j = json::parse(js.out);
    EXPECT_EQ(j["total"], kCases);
    EXPECT_EQ(j["rows"][0]["p90_seconds"], 1140);

    const test::TempDir err;
    for (const char* bad : {
             "--from 2026-02-30 --to 2026-03-31 --by unit --format csv",  // no such day
             "--from 2026-1-01 --to 2026-03-31 --by unit --format csv",   // not YYYY-MM-DD
             "--from 2026-03-01 --to 2026-02-28 --by unit --format csv",  // --to before --from
             "--from 2026-01-01 --by unit --format csv",                  // no --to
             "--from 2026-01-01 --to 2026-03-31 --by week --format csv",
             "--from 2026-01-01 --to 2026-03-31 --by unit --format xlsx",
         }) {
        const auto r = test::run_command(base + bad, err / "stderr");
        EXPECT_EQ(r.code, 2) << bad;
        EXPECT_NE(r.err.find("report reach:"), std::string::npos) << bad << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << bad;
    }
}

// ---- Small offices, written through the Storage as the kiosk API writes cases ---------------

void accept(office::Storage& s, const std::string& id, const std::string& at,
            const std::string& employment) {
    sync::CasePayload c;
    c.case_id = id;
    c.receipt_no = "KRB-" + id;
    c.kiosk_id = "KRB";
    c.created_at = at;
    auto a = test::good_applicant();
    a.employment = *domain::employment_from_code(employment);
    c.applicant = a;
    s.accept_case(c, "sig", "sha-" + id, at, "", [](std::int64_t) { return std::string("{}"); });
}

TEST(ReachRange, LocalDatesAreInclusiveAtBothEnds) {
    test::TempDir dir;
    auto s = office::open_sqlite_storage(dir.path());
    s->add_kiosk("KRB", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "2025-12-01T00:00:00Z");
    accept(*s, "before", "2025-12-31T16:59:59Z", "pns");      // 31-12-2025 23:59:59 WIB
    accept(*s, "first", "2025-12-31T17:00:00Z", "pppk");      // 01-01-2026 00:00:00 WIB
    accept(*s, "last", "2026-01-31T16:59:59Z", "other_asn");  // 31-01-2026 23:59:59 WIB
    accept(*s, "after", "2026-01-31T17:00:00Z", "pns");       // 01-02-2026 00:00:00 WIB
    office::Move m;
    m.to = CaseStatus::kHeadDisposition;
    m.role = office::Role::kHead;
    m.actor = "kadis";
    ASSERT_TRUE(s->move_case("first", CaseStatus::kReceived, m, "2026-01-05T01:03:00Z", ""));

    const auto r = office::reach_report(*s, date(2026, 1, 1), date(2026, 1, 31), office_hours());
    EXPECT_EQ(r.total, 2);
    ASSERT_EQ(r.by_month.size(), 1u);
    EXPECT_EQ(r.by_month[0].cases, 2);  // 01-01 00:00 WIB is January, though 31-12 in UTC
    EXPECT_EQ(count_of(r.by_employment, "pppk"), 1);  // the payload's employment, as signed
    EXPECT_EQ(count_of(r.by_employment, "other_asn"), 1);
    EXPECT_EQ(count_of(r.by_employment, "pns"), 0);
    // "first" waited from Thursday 00:00 WIB (a working day, before opening) to Monday 08:03:
    // Thursday and Friday's 8.5 hours each and Monday's 33 minutes.
    EXPECT_EQ(r.steps[0].finished, 1);
    EXPECT_EQ(r.steps[0].open, 1);
    EXPECT_EQ(*r.steps[0].median, minutes(2 * 510 + 33));
    EXPECT_EQ(r.steps[1].open, 1);

    const auto one_day =
        office::reach_report(*s, date(2026, 1, 31), date(2026, 1, 31), office_hours());
    EXPECT_EQ(one_day.total, 1);
    const auto none = office::reach_report(*s, date(2026, 3, 1), date(2026, 3, 31), office_hours());
    EXPECT_EQ(none.total, 0);
    EXPECT_FALSE(none.steps[0].median.has_value());
    EXPECT_FALSE(none.steps[0].share_within.has_value());
    const std::string csv = office::reach_csv(none, ReachBy::kStep);
    EXPECT_NE(csv.find("1,received,10,10,0,0,0,,,\r\n"), std::string::npos) << csv;
    EXPECT_TRUE(office::reach_json(none, ReachBy::kStep)["rows"][0]["median_seconds"].is_null());
}

office::Storage::ReachData one_step(const std::string& from, const std::string& to) {
    office::Storage::ReachData d;
    d.cases.push_back({"c1", from, "Dinas", CaseStatus::kHeadDisposition, "pns"});
    d.history.push_back({"c1", 1, CaseStatus::kReceived, from});
    d.history.push_back({"c1", 2, CaseStatus::kHeadDisposition, to});
    return d;
}

TEST(ReachWorkingTime, AStepOverAWeekendCountsWorkingMinutesOnly) {
    // Friday 02-01-2026 15:55 WIB to Monday 05-01-2026 07:40 WIB: 5 minutes on Friday, 10 on
    // Monday; 63 h 45 min on the wall clock.
    const auto d = one_step("2026-01-02T08:55:00Z", "2026-01-05T00:40:00Z");
    const auto r = office::reach_report(d, date(2026, 1, 1), date(2026, 1, 31), office_hours());
    EXPECT_EQ(*r.steps[0].median, minutes(15));
    EXPECT_EQ(r.steps[0].within, 0);  // over the 10 minutes
    const auto wall = office::reach_report(d, date(2026, 1, 1), date(2026, 1, 31),
                                           office::WorkingTime::always(420));
    EXPECT_EQ(*wall.steps[0].median, minutes(63 * 60 + 45));

    // A public holiday on that Monday: the step ends on a closed day, 5 working minutes.
    auto holiday = office_hours();
    holiday.holidays.push_back({2026, 1, 5});
    const auto h = office::reach_report(d, date(2026, 1, 1), date(2026, 1, 31), holiday);
    EXPECT_EQ(*h.steps[0].median, minutes(5));
    EXPECT_EQ(h.steps[0].within, 1);
    EXPECT_EQ(h.steps[3].standard_working, minutes(510));
}

TEST(ReachDates, ParsesOnlyRealDays) {
    EXPECT_TRUE(office::parse_date("2026-02-28"));
    EXPECT_TRUE(office::parse_date("2028-02-29"));
    EXPECT_FALSE(office::parse_date("2026-02-29"));
    EXPECT_FALSE(office::parse_date("2026-13-01"));
    EXPECT_FALSE(office::parse_date("2026-1-01"));
    EXPECT_FALSE(office::parse_date("26-01-01"));
    EXPECT_FALSE(office::parse_date("2026-01-01x"));
    EXPECT_FALSE(office::parse_date(""));
    const auto [from, before] = office::reach_bounds(date(2026, 1, 1), date(2026, 1, 31), 420);
    EXPECT_EQ(from, "2025-12-31T17:00:00Z");
    EXPECT_EQ(before, "2026-01-31T17:00:00Z");
}

}  // namespace
}  // namespace anjungan
