// Over 600 lines: tables of hand-worked cases for every identifier rule; the tables are the test.
// Table-driven tests for the applicant-input validators (domain/validators.hpp).
//
// Every expectation below is worked out by hand from the rules (../shared/sop.md, "Identifiers
// worth validating", and the header comments), never copied from the implementation's output.
// Each table row is its own test case, named so that a failure says which row failed.
//
// [SECTION] Shared helpers
// [SECTION] NIK
// [SECTION] NIP
// [SECTION] NIK/NIP cross-check
// [SECTION] E-mail
// [SECTION] Phone
// [SECTION] Names and titles

#include "anjungan/domain/validators.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "anjungan/domain/normalize.hpp"
#include "anjungan/domain/problem.hpp"

namespace anjungan::domain {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Shared helpers
// ---------------------------------------------------------------------------------------------

// The fixed "today" of these tests: every date rule is checked against it unless a row says
// otherwise.
constexpr CivilDate kToday{2026, 11, 23};

using Fields = std::vector<std::pair<std::string, std::string>>;

// An expected error code or field value, or "a|b" when the rules allow either (for example a
// landline, which is both "not mobile" and "a wrong prefix" for a mobile number).
bool matches(const std::string& expected, const std::string& actual) {
    std::size_t start = 0;
    while (true) {
        const std::size_t bar = expected.find('|', start);
        if (expected.substr(start, bar - start) == actual) {
            return true;
        }
        if (bar == std::string::npos) {
            return false;
        }
        start = bar + 1;
    }
}

std::string codes_of(const std::vector<Problem>& problems) {
    std::string out = "[";
    for (const Problem& p : problems) {
        if (out.size() > 1) {
            out += ", ";
        }
        out += p.code;
    }
    return out + "]";
}

// Every problem a validator reports must carry a code and a message in both languages, and
// the two messages must actually differ (a forgotten translation shows up as a copy).
void expect_well_formed(const std::vector<Problem>& problems) {
    for (const Problem& p : problems) {
        EXPECT_FALSE(p.code.empty()) << "a problem without a code";
        EXPECT_FALSE(p.message_id.empty()) << p.code << ": no Indonesian message";
        EXPECT_FALSE(p.message_en.empty()) << p.code << ": no English message";
        EXPECT_NE(p.message_id, p.message_en) << p.code << ": Indonesian message = English";
        EXPECT_EQ(&p.message(Lang::kId), &p.message_id) << p.code;
        EXPECT_EQ(&p.message(Lang::kEn), &p.message_en) << p.code;
    }
}

void expect_well_formed(const Validation& v) {
    expect_well_formed(v.errors);
    expect_well_formed(v.warnings);
}

// `expected` empty: the value is valid. Otherwise every expected code is among the errors and,
// when `exact`, no other error is reported.
void expect_errors(const Validation& v, const std::vector<std::string>& expected, bool exact) {
    if (expected.empty()) {
        EXPECT_TRUE(v.valid()) << "expected valid, got errors " << codes_of(v.errors);
        return;
    }
    EXPECT_FALSE(v.valid()) << "expected errors, got none";
    for (const std::string& want : expected) {
        bool found = false;
        for (const Problem& p : v.errors) {
            found = found || matches(want, p.code);
        }
        EXPECT_TRUE(found) << "missing error " << want << "; got " << codes_of(v.errors);
        if (want.find('|') == std::string::npos) {
            EXPECT_TRUE(v.has_error(want)) << "has_error(\"" << want << "\") disagrees";
        }
    }
    if (exact) {
        for (const Problem& p : v.errors) {
            bool wanted = false;
            for (const std::string& want : expected) {
                wanted = wanted || matches(want, p.code);
            }
            EXPECT_TRUE(wanted) << "unexpected error " << p.code << "; got " << codes_of(v.errors);
        }
    }
}

void expect_fields(const Validation& v, const Fields& fields) {
    for (const auto& [name, value] : fields) {
        const std::string* actual = v.field(name);
        if (actual == nullptr) {
            ADD_FAILURE() << "field \"" << name << "\" missing (expected \"" << value << "\")";
            continue;
        }
        EXPECT_TRUE(matches(value, *actual))
            << "field \"" << name << "\" is \"" << *actual << "\", expected \"" << value << "\"";
    }
}

// One row of a validator table. `errors` empty means the input is valid; `normalized` and
// `fields` are checked when given.
struct Row {
    const char* name;
    std::string input;
    std::vector<std::string> errors{};
    bool exact = true;
    std::string normalized{};
    Fields fields{};
    CivilDate today = kToday;
};

void PrintTo(const Row& row, std::ostream* os) {
    *os << row.name << " \"" << row.input << "\"";
}

template <typename T>
std::string row_name(const testing::TestParamInfo<T>& info) {
    return info.param.name;
}

void check_row(const Row& row, const Validation& v) {
    SCOPED_TRACE("input \"" + row.input + "\"");
    expect_well_formed(v);
    expect_errors(v, row.errors, row.exact);
    if (!row.normalized.empty()) {
        EXPECT_EQ(v.normalized, row.normalized);
    }
    expect_fields(v, row.fields);
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] NIK: PP KK CC DDMMYY SSSS; a woman's day is +40; YY is 20YY unless that is after
// today, then 19YY.
// ---------------------------------------------------------------------------------------------

// The header does not say whether regency_code and district_code are the NIK's own two digits
// (KK, CC) or the hierarchical Kemendagri region codes (PPKK, PPKKCC), so either form is
// accepted; both carry the same digits.
Fields nik_fields(const std::string& province, const std::string& regency,
                  const std::string& district, const char* birth, const char* sex,
                  const char* serial) {
    return {{"province_code", province},
            {"regency_code", regency + "|" + province + regency},
            {"district_code", district + "|" + province + regency + district},
            {"birth_date", birth},
            {"sex", sex},
            {"serial", serial}};
}

const Row kNikRows[] = {
    // --- valid -----------------------------------------------------------------------------
    {.name = "MalePalangkaRaya",
     .input = "6271010101900001",
     .normalized = "6271010101900001",
     .fields = nik_fields("62", "71", "01", "1990-01-01", "M", "0001")},
    {.name = "FemalePalangkaRayaDay52",
     .input = "6271035203010042",
     .normalized = "6271035203010042",
     .fields = nik_fields("62", "71", "03", "2001-03-12", "F", "0042")},
    {.name = "FemaleDay41IsFirst",
     .input = "6271024101850007",
     .fields = nik_fields("62", "71", "02", "1985-01-01", "F", "0007")},
    {.name = "FemaleDay71IsThirtyFirst",
     .input = "6271027101850007",
     .fields = nik_fields("62", "71", "02", "1985-01-31", "F", "0007")},
    {.name = "MaleDay31",
     .input = "6271023101850007",
     .fields = nik_fields("62", "71", "02", "1985-01-31", "M", "0007")},
    {.name = "JakartaFemale",
     .input = "3171014507850123",
     .fields = nik_fields("31", "71", "01", "1985-07-05", "F", "0123")},
    {.name = "AcehMale",
     .input = "1101021508920007",
     .fields = nik_fields("11", "01", "02", "1992-08-15", "M", "0007")},
    {.name = "PapuaSerial9999",
     .input = "9171010112999999",
     .fields = nik_fields("91", "71", "01", "1999-12-01", "M", "9999")},
    {.name = "Bali", .input = "5171052505780001", .fields = {{"birth_date", "1978-05-25"}}},
    {.name = "KepulauanRiau21",
     .input = "2171011006050003",
     .fields = nik_fields("21", "71", "01", "2005-06-10", "M", "0003")},
    {.name = "LeapDay2000", .input = "6271012902000001", .fields = {{"birth_date", "2000-02-29"}}},
    {.name = "LeapDay1996", .input = "6271012902960001", .fields = {{"birth_date", "1996-02-29"}}},
    {.name = "FemaleLeapDay2000",
     .input = "6271016902000001",
     .fields = {{"birth_date", "2000-02-29"}, {"sex", "F"}}},
    // 2026-11-26 would be after today, so the century is 19.
    {.name = "CenturyRuleDaysAfterTodayIs1926",
     .input = "6271012611260001",
     .fields = {{"birth_date", "1926-11-26"}}},
    {.name = "CenturyRuleTomorrowIs1926",
     .input = "6271012411260001",
     .fields = {{"birth_date", "1926-11-24"}}},
    // 2026-11-23 is today: not after today, so 2026 (a newborn has a NIK).
    {.name = "CenturyRuleTodayIs2026",
     .input = "6271012311260001",
     .fields = {{"birth_date", "2026-11-23"}}},
    {.name = "CenturyRuleEarlierThisYearIs2026",
     .input = "6271010101260001",
     .fields = {{"birth_date", "2026-01-01"}}},
    {.name = "CenturyRuleYear05Is2005",
     .input = "6271011006050003",
     .fields = {{"birth_date", "2005-06-10"}}},
    // Typed or pasted with separators, full-width digits or blanks: normalised first.
    {.name = "SpacesBetweenGroups",
     .input = "6271 0101 0190 0001",
     .normalized = "6271010101900001",
     .fields = {{"birth_date", "1990-01-01"}}},
    {.name = "DashesBetweenGroups",
     .input = "6271-0101-0190-0001",
     .normalized = "6271010101900001"},
    {.name = "FullWidthDigits",
     .input = "６２７１０１０１０１９００００１",
     .normalized = "6271010101900001",
     .fields = {{"birth_date", "1990-01-01"}}},
    {.name = "NbspAndBlanksAround",
     .input = "\xC2\xA0"
              "6271010101900001 ",
     .normalized = "6271010101900001"},

    // --- invalid ---------------------------------------------------------------------------
    {.name = "Empty", .input = "", .errors = {"nik.empty"}},
    {.name = "OnlyBlanks", .input = "   ", .errors = {"nik.empty"}},
    {.name = "Length15", .input = "627101010190001", .errors = {"nik.length"}},
    {.name = "Length17", .input = "62710101019000011", .errors = {"nik.length"}},
    {.name = "NipTypedAsNik", .input = "198503152010011002", .errors = {"nik.length"}},
    {.name = "LetterOForZero",
     .input = "6271O10101900001",
     .errors = {"nik.characters"},
     .exact = false},
    {.name = "AllLetters",
     .input = "ABCDEFGHIJKLMNOP",
     .errors = {"nik.characters"},
     .exact = false},
    {.name = "ShortWithLetter", .input = "6271x", .errors = {"nik.characters"}, .exact = false},
    {.name = "Province00", .input = "0071010101900001", .errors = {"nik.province"}},
    {.name = "Province10", .input = "1071010101900001", .errors = {"nik.province"}},
    {.name = "Province20", .input = "2071010101900001", .errors = {"nik.province"}},
    {.name = "Province37", .input = "3771010101900001", .errors = {"nik.province"}},
    {.name = "Province66", .input = "6671010101900001", .errors = {"nik.province"}},
    {.name = "Province99", .input = "9971010101900001", .errors = {"nik.province"}},
    {.name = "Regency00", .input = "6200010101900001", .errors = {"nik.regency"}},
    {.name = "District00", .input = "6271000101900001", .errors = {"nik.district"}},
    {.name = "Day00", .input = "6271010001900001", .errors = {"nik.birth_date"}},
    {.name = "Day32", .input = "6271013201900001", .errors = {"nik.birth_date"}},
    {.name = "Day40", .input = "6271014001900001", .errors = {"nik.birth_date"}},
    {.name = "Day72", .input = "6271017201900001", .errors = {"nik.birth_date"}},
    {.name = "Day99", .input = "6271019901900001", .errors = {"nik.birth_date"}},
    {.name = "Month00", .input = "6271010100900001", .errors = {"nik.birth_date"}},
    {.name = "Month13", .input = "6271010113900001", .errors = {"nik.birth_date"}},
    {.name = "Feb30", .input = "6271013002900001", .errors = {"nik.birth_date"}},
    {.name = "FemaleFeb30", .input = "6271017002900001", .errors = {"nik.birth_date"}},
    {.name = "April31", .input = "6271013104900001", .errors = {"nik.birth_date"}},
    {.name = "FemaleApril31", .input = "6271017104900001", .errors = {"nik.birth_date"}},
    // Neither 2001 nor 1901 is a leap year.
    {.name = "Feb29In2001", .input = "6271012902010001", .errors = {"nik.birth_date"}},
    // 2097 is after today, and 1997 is not a leap year.
    {.name = "Feb29In1997", .input = "6271012902970001", .errors = {"nik.birth_date"}},
    {.name = "Serial0000", .input = "6271010101900000", .errors = {"nik.serial"}},
    // With today 1999-06-15, "990701" is 2099-07-01 (after today) -> 1999-07-01, still after.
    {.name = "BirthInTheFuture",
     .input = "6271010107990001",
     .errors = {"nik.birth_future"},
     .today = {1999, 6, 15}},
    // --- several problems at once ----------------------------------------------------------
    {.name = "ProvinceAndSerial",
     .input = "9971010101900000",
     .errors = {"nik.province", "nik.serial"}},
    {.name = "RegencyDistrictAndDate",
     .input = "6200003201900001",
     .errors = {"nik.regency", "nik.district", "nik.birth_date"}},
    {.name = "AllZeros",
     .input = "0000000000000000",
     .errors = {"nik.province", "nik.regency", "nik.district", "nik.birth_date", "nik.serial"}},
};

class NikTable : public testing::TestWithParam<Row> {};

TEST_P(NikTable, FollowsTheRules) {
    const Row& row = GetParam();
    const Validation v = validate_nik(row.input, row.today);
    check_row(row, v);
    if (row.errors.empty()) {
        // A valid NIK always names its province.
        const std::string* province = v.field("province");
        ASSERT_NE(province, nullptr) << "field \"province\" missing";
        EXPECT_FALSE(province->empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Nik, NikTable, testing::ValuesIn(kNikRows), row_name<Row>);

// ---------------------------------------------------------------------------------------------
// [SECTION] NIP: YYYYMMDD birth, YYYYMM start of service (or YYYY21 for PPPK), S sex, NNN.
// ---------------------------------------------------------------------------------------------

Fields pns_fields(const char* birth, const char* start, const char* sex, const char* serial) {
    return {{"birth_date", birth},
            {"service_start", start},
            {"employment", "PNS"},
            {"sex", sex},
            {"serial", serial}};
}

Fields pppk_fields(const char* birth, const char* year, const char* sex, const char* serial) {
    return {{"birth_date", birth},
            {"service_start_year", year},
            {"employment", "PPPK"},
            {"sex", sex},
            {"serial", serial}};
}

const Row kNipRows[] = {
    // --- valid -----------------------------------------------------------------------------
    {.name = "PnsMale",
     .input = "198503152010011002",
     .normalized = "198503152010011002",
     .fields = pns_fields("1985-03-15", "2010-01", "M", "002")},
    {.name = "PnsFemale",
     .input = "199204172019032005",
     .fields = pns_fields("1992-04-17", "2019-03", "F", "005")},
    {.name = "PppkMale",
     .input = "199001012022211001",
     .fields = pppk_fields("1990-01-01", "2022", "M", "001")},
    {.name = "PppkFemale",
     .input = "198807202023212014",
     .fields = pppk_fields("1988-07-20", "2023", "F", "014")},
    {.name = "PppkThisYear", .input = "199001012026211001", .fields = {{"employment", "PPPK"}}},
    {.name = "LeapDay1996",
     .input = "199602292020121001",
     .fields = pns_fields("1996-02-29", "2020-12", "M", "001")},
    {.name = "StartThisMonth",
     .input = "198503152026111002",
     .fields = {{"service_start", "2026-11"}}},
    // Born 2000-05-10: 18 in May 2018; the start month is compared by month.
    {.name = "StartInMonthOf18thBirthday",
     .input = "200005102018051001",
     .fields = pns_fields("2000-05-10", "2018-05", "M", "001")},
    {.name = "SpacesBetweenGroups",
     .input = "19850315 201001 1 002",
     .normalized = "198503152010011002",
     .fields = pns_fields("1985-03-15", "2010-01", "M", "002")},

    // --- invalid ---------------------------------------------------------------------------
    {.name = "Empty", .input = "", .errors = {"nip.empty"}},
    {.name = "Length17", .input = "19850315201001100", .errors = {"nip.length"}},
    {.name = "Length19", .input = "1985031520100110021", .errors = {"nip.length"}},
    {.name = "NikTypedAsNip", .input = "6271010101900001", .errors = {"nip.length"}},
    {.name = "TrailingLetter",
     .input = "19850315201001100A",
     .errors = {"nip.characters"},
     .exact = false},
    {.name = "BirthFeb30", .input = "198502302010011002", .errors = {"nip.birth_date"}},
    {.name = "BirthFeb29In1997", .input = "199702292020121001", .errors = {"nip.birth_date"}},
    {.name = "BirthMonth13", .input = "198513152010011002", .errors = {"nip.birth_date"}},
    {.name = "BirthDay00", .input = "198503002010011002", .errors = {"nip.birth_date"}},
    {.name = "StartMonth00", .input = "198503152010001002", .errors = {"nip.service_start"}},
    {.name = "StartMonth13", .input = "198503152010131002", .errors = {"nip.service_start"}},
    // Only 21 marks a PPPK number; 22 is neither a month nor that code.
    {.name = "StartMonth22", .input = "198503152010221002", .errors = {"nip.service_start"}},
    {.name = "StartNextYear", .input = "198503152027011002", .errors = {"nip.service_future"}},
    {.name = "StartNextMonth", .input = "198503152026121002", .errors = {"nip.service_future"}},
    {.name = "PppkStartNextYear", .input = "199001012027211001", .errors = {"nip.service_future"}},
    {.name = "StartAt17", .input = "200005102017061001", .errors = {"nip.service_before_18"}},
    {.name = "StartMonthBefore18thBirthday",
     .input = "200005102018041001",
     .errors = {"nip.service_before_18"}},
    // Born 2006: 18 in 2024, so a 2022 PPPK start is too early whatever the month.
    {.name = "PppkStartAt16", .input = "200601012022211001", .errors = {"nip.service_before_18"}},
    {.name = "StartBeforeBirth",
     .input = "199001011985011001",
     .errors = {"nip.service_before_18"},
     .exact = false},
    {.name = "SexDigit0", .input = "198503152010010002", .errors = {"nip.sex"}},
    {.name = "SexDigit3", .input = "198503152010013002", .errors = {"nip.sex"}},
    {.name = "SexDigit9", .input = "198503152010019002", .errors = {"nip.sex"}},
    {.name = "Serial000", .input = "198503152010011000", .errors = {"nip.serial"}},
    // Born next month; a start in 2010 is then also before the 18th birthday.
    {.name = "BirthInTheFuture",
     .input = "202612012010011001",
     .errors = {"nip.birth_future"},
     .exact = false},
    // Born 2027-01-01, start 2045-01 (the month of the 18th birthday): both in the future.
    {.name = "BirthAndStartInTheFuture",
     .input = "202701012045011001",
     .errors = {"nip.birth_future", "nip.service_future"}},
    // --- several problems at once ----------------------------------------------------------
    {.name = "SexAndSerial", .input = "198503152010013000", .errors = {"nip.sex", "nip.serial"}},
    {.name = "BirthStartSexAndSerial",
     .input = "198502302010130000",
     .errors = {"nip.birth_date", "nip.service_start", "nip.sex", "nip.serial"}},
};

class NipTable : public testing::TestWithParam<Row> {};

TEST_P(NipTable, FollowsTheRules) {
    const Row& row = GetParam();
    check_row(row, validate_nip(row.input, row.today));
}

INSTANTIATE_TEST_SUITE_P(Nip, NipTable, testing::ValuesIn(kNipRows), row_name<Row>);

// ---------------------------------------------------------------------------------------------
// [SECTION] NIK/NIP cross-check: disagreement is a warning, never an error.
// ---------------------------------------------------------------------------------------------

struct CrossRow {
    const char* name;
    std::string nik;
    std::string nip;
    std::vector<std::string> warnings{};  // exactly these cross.* warnings
};

void PrintTo(const CrossRow& row, std::ostream* os) {
    *os << row.name << " NIK " << row.nik << " NIP " << row.nip;
}

const CrossRow kCrossRows[] = {
    // NIK 150385 = 1985-03-15 male; NIP 19850315 ... 1 = the same.
    {.name = "AgreeMale", .nik = "6271011503850001", .nip = "198503152010011002"},
    // NIK day 57 = 17, female, 1992-04-17; NIP 19920417 ... 2.
    {.name = "AgreeFemale", .nik = "6271015704920003", .nip = "199204172019032005"},
    {.name = "AgreePppk", .nik = "6271010101900001", .nip = "199001012022211001"},
    {.name = "DayDiffers",
     .nik = "6271011603850001",
     .nip = "198503152010011002",
     .warnings = {"cross.birth_date"}},
    {.name = "YearDiffers",
     .nik = "6271011503860001",
     .nip = "198503152010011002",
     .warnings = {"cross.birth_date"}},
    // NIK day 55 = a woman born on the 15th; the NIP says male.
    {.name = "SexDiffers",
     .nik = "6271015503850001",
     .nip = "198503152010011002",
     .warnings = {"cross.sex"}},
    {.name = "FemaleNikMaleNipPppk",
     .nik = "6271014101900001",
     .nip = "199001012022211001",
     .warnings = {"cross.sex"}},
    {.name = "DateAndSexDiffer",
     .nik = "6271015603850001",
     .nip = "198503152010011002",
     .warnings = {"cross.birth_date", "cross.sex"}},
};

class CrossCheckTable : public testing::TestWithParam<CrossRow> {};

TEST_P(CrossCheckTable, WarnsButNeverRefuses) {
    const CrossRow& row = GetParam();
    // The table is only meaningful if each number is valid on its own.
    ASSERT_TRUE(validate_nik(row.nik, kToday).valid()) << "bad fixture NIK " << row.nik;
    ASSERT_TRUE(validate_nip(row.nip, kToday).valid()) << "bad fixture NIP " << row.nip;

    const Validation v = cross_check_nik_nip(row.nik, row.nip, kToday);
    expect_well_formed(v);
    EXPECT_TRUE(v.valid()) << "a mismatch must not be an error; got " << codes_of(v.errors);
    for (const char* code : {"cross.birth_date", "cross.sex"}) {
        bool expected = false;
        for (const std::string& w : row.warnings) {
            expected = expected || w == code;
        }
        EXPECT_EQ(v.has_warning(code), expected)
            << code << "; got warnings " << codes_of(v.warnings);
    }
    if (row.warnings.empty()) {
        EXPECT_TRUE(v.warnings.empty()) << "got warnings " << codes_of(v.warnings);
    }
}

INSTANTIATE_TEST_SUITE_P(CrossCheck, CrossCheckTable, testing::ValuesIn(kCrossRows),
                         row_name<CrossRow>);

// ---------------------------------------------------------------------------------------------
// [SECTION] E-mail: well-formed, go.id or under .go.id, optionally an allow-list.
// ---------------------------------------------------------------------------------------------

struct EmailRow {
    const char* name;
    std::string input;
    std::vector<std::string> allowed{};
    std::vector<std::string> errors{};
    bool exact = true;
    std::string normalized{};
};

void PrintTo(const EmailRow& row, std::ostream* os) {
    *os << row.name << " \"" << row.input << "\"";
}

const std::vector<std::string> kPky = {"palangkaraya.go.id"};
const std::vector<std::string> kPkyKalteng = {"palangkaraya.go.id", "kalteng.go.id"};

const EmailRow kEmailRows[] = {
    // --- valid, no allow-list --------------------------------------------------------------
    {.name = "DottedLocalPart",
     .input = "a.b@palangkaraya.go.id",
     .normalized = "a.b@palangkaraya.go.id"},
    {.name = "GoIdItself", .input = "x@go.id", .normalized = "x@go.id"},
    {.name = "Subdomain",
     .input = "x@kominfo.palangkaraya.go.id",
     .normalized = "x@kominfo.palangkaraya.go.id"},
    {.name = "ProvinceDomain", .input = "x@kalteng.go.id", .normalized = "x@kalteng.go.id"},
    {.name = "UpperCaseDomainLowered",
     .input = "Budi.Santoso@PalangkaRaya.GO.ID",
     .normalized = "Budi.Santoso@palangkaraya.go.id"},
    {.name = "BlanksTrimmed", .input = "  x@go.id\xC2\xA0", .normalized = "x@go.id"},
    {.name = "UnderscoreHyphenDigit",
     .input = "budi_santoso-1@bkpsdm.palangkaraya.go.id",
     .normalized = "budi_santoso-1@bkpsdm.palangkaraya.go.id"},
    {.name = "HyphenInDomainLabel",
     .input = "x@dinas-kesehatan.palangkaraya.go.id",
     .normalized = "x@dinas-kesehatan.palangkaraya.go.id"},

    // --- invalid ---------------------------------------------------------------------------
    {.name = "Empty", .input = "", .errors = {"email.empty"}},
    {.name = "OnlyBlanks", .input = "   ", .errors = {"email.empty"}},
    {.name = "NoAt", .input = "budi.palangkaraya.go.id", .errors = {"email.format"}},
    {.name = "TwoAts", .input = "a@b@palangkaraya.go.id", .errors = {"email.format"}},
    {.name = "NothingBeforeAt",
     .input = "@palangkaraya.go.id",
     .errors = {"email.local_part|email.format"}},
    {.name = "NothingAfterAt",
     .input = "budi@",
     .errors = {"email.domain_format|email.format"},
     .exact = false},
    {.name = "LocalStartsWithDot",
     .input = ".budi@palangkaraya.go.id",
     .errors = {"email.local_part"}},
    {.name = "LocalEndsWithDot",
     .input = "budi.@palangkaraya.go.id",
     .errors = {"email.local_part"}},
    {.name = "LocalDoubleDot",
     .input = "bu..di@palangkaraya.go.id",
     .errors = {"email.local_part"}},
    {.name = "SpaceInLocalPart",
     .input = "bu di@palangkaraya.go.id",
     .errors = {"email.local_part|email.format"},
     .exact = false},
    {.name = "NonAsciiLocalPart",
     .input = "bud\xC3\xAD@palangkaraya.go.id",  // U+00ED
     .errors = {"email.local_part|email.format"},
     .exact = false},
    {.name = "DomainEndsWithDot",
     .input = "budi@palangkaraya.go.id.",
     .errors = {"email.domain_format|email.not_go_id"},
     .exact = false},
    {.name = "ExampleCom", .input = "budi@example.com", .errors = {"email.not_go_id"}},
    {.name = "GoIdDotCom", .input = "budi@go.id.com", .errors = {"email.not_go_id"}},
    {.name = "CoId", .input = "budi@palangkaraya.co.id", .errors = {"email.not_go_id"}},
    {.name = "XgoIdNotUnderGoId", .input = "budi@xgo.id", .errors = {"email.not_go_id"}},
    {.name = "Gmail",
     .input = "budi@gmail.com",
     .errors = {"email.personal_provider"},
     .exact = false},
    {.name = "GmailUpperCase",
     .input = "budi@GMAIL.COM",
     .errors = {"email.personal_provider"},
     .exact = false},
    {.name = "YahooCoId",
     .input = "budi@yahoo.co.id",
     .errors = {"email.personal_provider"},
     .exact = false},
    {.name = "UnderscoreInDomain",
     .input = "budi@palangka_raya.go.id",
     .errors = {"email.domain_format"}},
    {.name = "EmptyDomainLabel", .input = "budi@pky..go.id", .errors = {"email.domain_format"}},
    {.name = "LabelStartsWithHyphen",
     .input = "budi@-pky.go.id",
     .errors = {"email.domain_format"}},
    {.name = "LabelEndsWithHyphen", .input = "budi@pky-.go.id", .errors = {"email.domain_format"}},
    {.name = "ExclamationInDomain", .input = "budi@pky!.go.id", .errors = {"email.domain_format"}},
    {.name = "TooLong",
     .input = std::string(280, 'a') + "@palangkaraya.go.id",
     .errors = {"email.too_long"},
     .exact = false},

    // --- allow-list ------------------------------------------------------------------------
    {.name = "AllowedExact",
     .input = "x@palangkaraya.go.id",
     .allowed = kPky,
     .normalized = "x@palangkaraya.go.id"},
    {.name = "AllowedSubdomain",
     .input = "x@dinkes.palangkaraya.go.id",
     .allowed = kPky,
     .normalized = "x@dinkes.palangkaraya.go.id"},
    {.name = "AllowedUpperCase",
     .input = "X@PALANGKARAYA.GO.ID",
     .allowed = kPky,
     .normalized = "X@palangkaraya.go.id"},
    {.name = "AllowedSecondOfTwo", .input = "x@bkd.kalteng.go.id", .allowed = kPkyKalteng},
    {.name = "NotAllowedOtherRegion",
     .input = "x@jakarta.go.id",
     .allowed = kPky,
     .errors = {"email.not_allowed"}},
    {.name = "NotAllowedSuffixWithoutDot",
     .input = "x@xpalangkaraya.go.id",
     .allowed = kPky,
     .errors = {"email.not_allowed"}},
    {.name = "NotAllowedParent",
     .input = "x@go.id",
     .allowed = kPky,
     .errors = {"email.not_allowed"}},
    {.name = "NotAllowedPersonal",
     .input = "x@gmail.com",
     .allowed = kPky,
     .errors = {"email.personal_provider"},
     .exact = false},
};

class EmailTable : public testing::TestWithParam<EmailRow> {};

TEST_P(EmailTable, FollowsTheRules) {
    const EmailRow& row = GetParam();
    SCOPED_TRACE("input \"" + row.input + "\"");
    const Validation v = validate_email(row.input, row.allowed);
    expect_well_formed(v);
    expect_errors(v, row.errors, row.exact);
    if (!row.normalized.empty()) {
        EXPECT_EQ(v.normalized, row.normalized);
    }
}

INSTANTIATE_TEST_SUITE_P(Email, EmailTable, testing::ValuesIn(kEmailRows), row_name<EmailRow>);

// ---------------------------------------------------------------------------------------------
// [SECTION] Phone: Indonesian mobile numbers, normalised to +628...
// ---------------------------------------------------------------------------------------------

struct PhoneRow {
    const char* name;
    std::string input;
    std::vector<std::string> errors{};
    bool exact = true;
    std::string e164{};             // for valid rows: normalized and field e164
    std::string operator_digits{};  // for valid rows: contained in field operator_prefix
};

void PrintTo(const PhoneRow& row, std::ostream* os) {
    *os << row.name << " \"" << row.input << "\"";
}

const PhoneRow kPhoneRows[] = {
    // --- valid -----------------------------------------------------------------------------
    {.name = "Local08",
     .input = "081234567890",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "PlusSixtyTwo",
     .input = "+6281234567890",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "SixtyTwoWithoutPlus",
     .input = "6281234567890",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "DoubleZeroSixtyTwo",
     .input = "006281234567890",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "Dashes",
     .input = "0812-3456-7890",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "Spaces",
     .input = "0812 3456 7890",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "Dots", .input = "0812.3456.7890", .e164 = "+6281234567890", .operator_digits = "812"},
    {.name = "PlusWithSeparators",
     .input = "+62 812-3456-7890",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "FullWidthDigits",
     .input = "０８１２３４５６７８９０",
     .e164 = "+6281234567890",
     .operator_digits = "812"},
    {.name = "ElevenDigits",
     .input = "08123456789",
     .e164 = "+628123456789",
     .operator_digits = "812"},
    {.name = "Indosat0857",
     .input = "085712345678",
     .e164 = "+6285712345678",
     .operator_digits = "857"},

    // --- invalid ---------------------------------------------------------------------------
    {.name = "Empty", .input = "", .errors = {"phone.empty"}},
    {.name = "OnlyBlanks", .input = "   ", .errors = {"phone.empty"}},
    {.name = "Letters", .input = "0812-3456-ABCD", .errors = {"phone.characters"}, .exact = false},
    {.name = "LetterOForZero",
     .input = "0812345678O",
     .errors = {"phone.characters"},
     .exact = false},
    // A Palangka Raya landline (area code 0536) is not a mobile number.
    {.name = "LandlinePalangkaRaya",
     .input = "05363221234",
     .errors = {"phone.not_mobile|phone.prefix"},
     .exact = false},
    {.name = "LandlinePalangkaRayaIntl",
     .input = "+625363221234",
     .errors = {"phone.not_mobile|phone.prefix"},
     .exact = false},
    {.name = "LandlineJakarta",
     .input = "0215550123",
     .errors = {"phone.not_mobile|phone.prefix"},
     .exact = false},
    {.name = "TooShort", .input = "0812345", .errors = {"phone.length"}},
    {.name = "TooShortIntl", .input = "+62812345", .errors = {"phone.length"}},
    {.name = "TooLong", .input = "081234567890123", .errors = {"phone.length"}},
    {.name = "TooLongIntl", .input = "+62812345678901234", .errors = {"phone.length"}},
    {.name = "UnitedStates", .input = "+12025550123", .errors = {"phone.prefix"}, .exact = false},
    {.name = "Japan", .input = "+819012345678", .errors = {"phone.prefix"}, .exact = false},
    {.name = "NoLeadingZero", .input = "8123456789", .errors = {"phone.prefix"}, .exact = false},
};

class PhoneTable : public testing::TestWithParam<PhoneRow> {};

TEST_P(PhoneTable, FollowsTheRules) {
    const PhoneRow& row = GetParam();
    SCOPED_TRACE("input \"" + row.input + "\"");
    const Validation v = validate_phone(row.input);
    expect_well_formed(v);
    expect_errors(v, row.errors, row.exact);
    if (!row.e164.empty()) {
        EXPECT_EQ(v.normalized, row.e164);
        expect_fields(v, {{"e164", row.e164}});
    }
    if (!row.operator_digits.empty()) {
        const std::string* prefix = v.field("operator_prefix");
        ASSERT_NE(prefix, nullptr) << "field \"operator_prefix\" missing";
        EXPECT_NE(prefix->find(row.operator_digits), std::string::npos)
            << "operator_prefix \"" << *prefix << "\"";
    }
}

INSTANTIATE_TEST_SUITE_P(Phone, PhoneTable, testing::ValuesIn(kPhoneRows), row_name<PhoneRow>);

// ---------------------------------------------------------------------------------------------
// [SECTION] Names and titles
// ---------------------------------------------------------------------------------------------

struct NameRow {
    const char* name;
    std::string input;
    std::vector<std::string> errors{};
    bool exact = true;
    std::string normalized{};   // checked when not empty
    std::string certificate{};  // for valid rows: field certificate_name and certificate_name()
};

void PrintTo(const NameRow& row, std::ostream* os) {
    *os << row.name << " \"" << row.input << "\"";
}

const NameRow kNameRows[] = {
    // --- valid -----------------------------------------------------------------------------
    {.name = "FrontAndBackTitles",
     .input = "Dr. Ir. H. Budi Santoso, S.Kom., M.Si.",
     .normalized = "Dr. Ir. H. Budi Santoso, S.Kom., M.Si.",
     .certificate = "Budi Santoso"},
    {.name = "HajjahWithLawAndManagementDegrees",
     .input = "Hj. Siti Aminah, S.H., M.M.",
     .certificate = "Siti Aminah"},
    {.name = "Drs", .input = "Drs. Ahmad Yani", .certificate = "Ahmad Yani"},
    {.name = "Ir", .input = "Ir. Joko Widodo", .certificate = "Joko Widodo"},
    {.name = "BackTitleOnly", .input = "Muhammad Rizki, S.T.", .certificate = "Muhammad Rizki"},
    {.name = "HajiWithTwoBackTitles",
     .input = "H. Abdul Rahman, S.Ag., M.Pd.",
     .certificate = "Abdul Rahman"},
    {.name = "MedicalDoctorLowerCase", .input = "dr. Rina Wati", .certificate = "Rina Wati"},
    {.name = "ProfessorDoctorPhd",
     .input = "Prof. Dr. Bambang Sutrisno, M.Sc., Ph.D.",
     .certificate = "Bambang Sutrisno"},
    {.name = "PlainName",
     .input = "Budi Santoso",
     .normalized = "Budi Santoso",
     .certificate = "Budi Santoso"},
    {.name = "SingleName", .input = "Sukarno", .normalized = "Sukarno", .certificate = "Sukarno"},
    {.name = "Apostrophe",
     .input = "Ma'ruf Amin",
     .normalized = "Ma'ruf Amin",
     .certificate = "Ma'ruf Amin"},
    {.name = "ApostropheAfterTitle", .input = "Dr. Ma'ruf Amin", .certificate = "Ma'ruf Amin"},
    {.name = "Hyphen",
     .input = "Siti-Nur Halimah",
     .normalized = "Siti-Nur Halimah",
     .certificate = "Siti-Nur Halimah"},
    {.name = "AccentedLetters",
     .input = "José Ramos-Horta",
     .normalized = "José Ramos-Horta",
     .certificate = "José Ramos-Horta"},
    // A single initial is part of the name, not a title.
    {.name = "InitialKept",
     .input = "M. Rizki",
     .normalized = "M. Rizki",
     .certificate = "M. Rizki"},
    {.name = "BackTitleWithoutComma",
     .input = "Budi Santoso S.Kom.",
     .certificate = "Budi Santoso"},
    {.name = "SpacesCollapsed",
     .input = "  Budi    Santoso  ",
     .normalized = "Budi Santoso",
     .certificate = "Budi Santoso"},
    {.name = "SpacesCollapsedWithTitle",
     .input = "Ir.  Joko   Widodo",
     .normalized = "Ir. Joko Widodo",
     .certificate = "Joko Widodo"},
    {.name = "NbspBetweenWords",
     .input = "Budi\xC2\xA0Santoso",
     .normalized = "Budi Santoso",
     .certificate = "Budi Santoso"},

    // --- invalid ---------------------------------------------------------------------------
    {.name = "Empty", .input = "", .errors = {"name.empty"}},
    {.name = "OnlyBlanks", .input = "   ", .errors = {"name.empty"}},
    {.name = "Digit", .input = "Budi Santoso 2", .errors = {"name.characters"}, .exact = false},
    {.name = "DigitInsideWord",
     .input = "Bud1 Santoso",
     .errors = {"name.characters"},
     .exact = false},
    {.name = "Underscore", .input = "Budi_Santoso", .errors = {"name.characters"}, .exact = false},
    {.name = "AtSign", .input = "Budi@Santoso", .errors = {"name.characters"}, .exact = false},
    // Letters are Latin (accented included): other scripts and symbols are refused.
    {.name = "CyrillicLetters",
     .input = "Борис Петров",
     .errors = {"name.characters"},
     .exact = false},
    {.name = "Emoji",
     .input = "Budi \xF0\x9F\x98\x80",  // U+1F600
     .errors = {"name.characters"},
     .exact = false},
    // Commas are allowed only before trailing titles.
    {.name = "CommaBeforeNonTitle",
     .input = "Santoso, Budi",
     .errors = {"name.characters"},
     .exact = false},
    {.name = "OnlyFrontTitles", .input = "Dr. Ir. H.", .errors = {"name.only_titles"}},
    {.name = "OnlyHajjah", .input = "Hj.", .errors = {"name.only_titles"}},
    {.name = "TooLong",
     .input = repeat("Santoso ", 60),
     .errors = {"name.too_long"},
     .exact = false},
};

class NameTable : public testing::TestWithParam<NameRow> {};

TEST_P(NameTable, FollowsTheRules) {
    const NameRow& row = GetParam();
    SCOPED_TRACE("input \"" + row.input + "\"");
    const Validation v = validate_name(row.input);
    expect_well_formed(v);
    expect_errors(v, row.errors, row.exact);
    if (!row.normalized.empty()) {
        EXPECT_EQ(v.normalized, row.normalized);
    }
    if (!row.certificate.empty()) {
        expect_fields(v, {{"certificate_name", row.certificate}});
        EXPECT_EQ(certificate_name(row.input), row.certificate) << "certificate_name()";
    }
}

INSTANTIATE_TEST_SUITE_P(Name, NameTable, testing::ValuesIn(kNameRows), row_name<NameRow>);

struct TitleRow {
    const char* name;
    const char* token;
    bool title;
};

void PrintTo(const TitleRow& row, std::ostream* os) {
    *os << row.name << " \"" << row.token << "\"";
}

const TitleRow kTitleRows[] = {
    {"SKom", "S.Kom.", true},  {"MSi", "M.Si.", true},    {"Dr", "Dr.", true},
    {"Hj", "Hj.", true},       {"H", "H.", true},         {"Ir", "Ir.", true},
    {"Drs", "Drs.", true},     {"SH", "S.H.", true},      {"MM", "M.M.", true},
    {"ST", "S.T.", true},      {"Budi", "Budi", false},   {"Santoso", "Santoso", false},
    {"InitialM", "M.", false}, {"InitialA", "A.", false}, {"Empty", "", false},
};

class TitleTable : public testing::TestWithParam<TitleRow> {};

TEST_P(TitleTable, RecognisesTitles) {
    const TitleRow& row = GetParam();
    EXPECT_EQ(is_title(row.token), row.title) << "is_title(\"" << row.token << "\")";
}

INSTANTIATE_TEST_SUITE_P(IsTitle, TitleTable, testing::ValuesIn(kTitleRows), row_name<TitleRow>);

// ---------------------------------------------------------------------------------------------
// [SECTION] Non-ASCII input: characters, not bytes; text that is not UTF-8
// ---------------------------------------------------------------------------------------------

TEST(NonAsciiInput, LengthMessagesCountCharactersNotBytes) {
    // Sixteen Arabic-Indic digits (U+0660..U+0669, two bytes each): refused as not 0-9, and
    // never reported as 32 digits.
    std::string arabic;
    for (int i = 0; i < 16; ++i) {
        arabic += "\xD9\xA1";  // U+0661
    }
    const Validation v = validate_nik(arabic, kToday);
    EXPECT_TRUE(v.has_error("nik.characters")) << codes_of(v.errors);
    EXPECT_FALSE(v.has_error("nik.length")) << codes_of(v.errors);
    // Fifteen of them: one short, and said so in characters.
    const Validation short_one = validate_nik(arabic.substr(2), kToday);
    ASSERT_TRUE(short_one.has_error("nik.length")) << codes_of(short_one.errors);
    for (const Problem& p : short_one.errors) {
        if (p.code == "nik.length") {
            EXPECT_NE(p.message_en.find("(15 given)"), std::string::npos) << p.message_en;
            EXPECT_NE(p.message_id.find("tertulis 15"), std::string::npos) << p.message_id;
        }
    }
    // A 100-letter name in Greek (200 bytes) is not "over 120 characters".
    std::string greek;
    for (int i = 0; i < 100; ++i) {
        greek += "\xCE\xB1";  // U+03B1
    }
    EXPECT_FALSE(validate_name(greek).has_error("name.too_long"));
}

TEST(NonAsciiInput, InvalidUtf8IsItsOwnErrorAndShownWithReplacementCharacters) {
    const std::string bad =
        "62710145\xFF\xC3"
        "0890001";  // a stray byte, a cut sequence
    const Validation nik = validate_nik(bad, kToday);
    ASSERT_EQ(nik.errors.size(), 1u) << codes_of(nik.errors);
    EXPECT_EQ(nik.errors[0].code, "nik.encoding");
    EXPECT_TRUE(is_valid_utf8(nik.normalized)) << nik.normalized;
    EXPECT_NE(nik.normalized.find("\xEF\xBF\xBD"), std::string::npos);
    EXPECT_TRUE(validate_nip(bad, kToday).has_error("nip.encoding"));
    EXPECT_TRUE(validate_email("budi\xC0\xAF@palangkaraya.go.id", {}).has_error("email.encoding"));
    EXPECT_TRUE(validate_phone("0812\xED\xA0\x80"
                               "345678")
                    .has_error("phone.encoding"));
    EXPECT_TRUE(validate_name("Budi \xF5\x80\x80\x80 Santoso").has_error("name.encoding"));
    // Well-formed non-ASCII is not an encoding error.
    EXPECT_FALSE(validate_name("Jos\xC3\xA9 Santoso").has_error("name.encoding"));
    EXPECT_EQ(count_characters("Jos\xC3\xA9"), 4u);
}

}  // namespace
}  // namespace anjungan::domain
