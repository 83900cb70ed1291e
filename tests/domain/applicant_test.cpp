// Tests for the applicant record and its cross-field rules (kiosk/applicant.hpp).
//
// The sample applicant is consistent by construction: NIK 62 71 01 450890 0001 is a woman
// (day 45 = 5 + 40) born 1990-08-05 registered in Kota Palangka Raya; NIP 19900805 201503 2
// 001 is a PNS woman born the same day who started service in March 2015.

#include "anjungan/domain/applicant.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "anjungan/platform/config.hpp"

namespace anjungan::domain {
namespace {

constexpr platform::CivilDate kToday{2026, 11, 23};

Applicant good() {
    Applicant a;
    a.full_name = "Dr. Siti Rahmawati, S.Kom., M.Si.";
    a.nik = "6271014508900001";
    a.employment = EmploymentStatus::kPns;
    a.nip = "199008052015032001";
    a.sex = Sex::kFemale;
    a.email = "siti@palangkaraya.go.id";
    a.phone = "0812-3456-7890";
    a.position = "Pranata Komputer Ahli Muda";
    a.work_unit = "Dinas Komunikasi, Informatika, Statistik dan Persandian";
    a.office_address = "Jl. Tjilik Riwut Km. 5,5";
    a.office_city = "Kota Palangka Raya";
    a.office_province = "Kalimantan Tengah";
    return a;
}

ApplicantRules rules() {
    ApplicantRules r;
    r.email_domains = {"palangkaraya.go.id"};
    r.work_units = platform::default_work_units();
    return r;
}

std::string describe(const std::vector<FieldProblem>& problems) {
    std::string out;
    for (const auto& p : problems) {
        out += p.field + ":" + p.problem.code + " ";
    }
    return out;
}

bool has(const std::vector<FieldProblem>& problems, const std::string& field,
         const std::string& code = "") {
    return std::any_of(problems.begin(), problems.end(), [&](const FieldProblem& p) {
        return p.field == field && (code.empty() || p.problem.code == code);
    });
}

bool only_field(const std::vector<FieldProblem>& problems, const std::string& field) {
    return !problems.empty() &&
           std::all_of(problems.begin(), problems.end(),
                       [&](const FieldProblem& p) { return p.field == field; });
}

// ---- the good applicant ------------------------------------------------------------------------

TEST(ApplicantCheck, SampleWorkUnitIsInTheDefaultList) {
    const auto units = platform::default_work_units();
    EXPECT_NE(std::find(units.begin(), units.end(), good().work_unit), units.end());
}

TEST(ApplicantCheck, GoodApplicantIsValidWithoutWarnings) {
    const ApplicantCheck c = check_applicant(good(), rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_TRUE(c.errors.empty()) << describe(c.errors);
    EXPECT_TRUE(c.warnings.empty()) << describe(c.warnings);
}

TEST(ApplicantCheck, DerivesCertificateNameWithoutTitles) {
    const ApplicantCheck c = check_applicant(good(), rules(), kToday);
    EXPECT_EQ(c.normalized.certificate_name, "Siti Rahmawati");
    EXPECT_EQ(c.normalized.full_name, "Dr. Siti Rahmawati, S.Kom., M.Si.");
}

TEST(ApplicantCheck, NormalisesThePhoneToE164) {
    const ApplicantCheck c = check_applicant(good(), rules(), kToday);
    EXPECT_EQ(c.normalized.phone, "+6281234567890");
}

TEST(ApplicantCheck, NormalisesNumbersEmailAndText) {
    Applicant a = good();
    a.nik = "6271 0145 0890 0001";
    a.nip = "19900805 201503 2 001";
    a.email = "  siti@PalangkaRaya.GO.ID ";
    a.position = "  Pranata   Komputer Ahli Muda ";
    a.work_unit = " Dinas Komunikasi,  Informatika, Statistik dan Persandian";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_EQ(c.normalized.nik, "6271014508900001");
    EXPECT_EQ(c.normalized.nip, "199008052015032001");
    EXPECT_EQ(c.normalized.email, "siti@palangkaraya.go.id");
    EXPECT_EQ(c.normalized.position, "Pranata Komputer Ahli Muda");
    EXPECT_EQ(c.normalized.work_unit, "Dinas Komunikasi, Informatika, Statistik dan Persandian");
}

TEST(ApplicantCheck, KeepsAnEditedCertificateNameWithoutTitles) {
    Applicant a = good();
    a.certificate_name = "Siti  Rahmawati";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_EQ(c.normalized.certificate_name, "Siti Rahmawati");
}

// ---- errors on the right field ------------------------------------------------------------------

TEST(ApplicantCheck, BadNikIsAnErrorOnFieldNik) {
    Applicant a = good();
    a.nik = "6271014508900000";  // serial 0000
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "nik", "nik.serial")) << describe(c.errors);
    EXPECT_TRUE(only_field(c.errors, "nik")) << describe(c.errors);
}

TEST(ApplicantCheck, ShortNikIsAnErrorOnFieldNik) {
    Applicant a = good();
    a.nik = "627101450890";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "nik", "nik.length")) << describe(c.errors);
    EXPECT_TRUE(only_field(c.errors, "nik")) << describe(c.errors);
}

TEST(ApplicantCheck, GmailIsAnErrorOnFieldEmail) {
    Applicant a = good();
    a.email = "siti.rahmawati@gmail.com";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "email")) << describe(c.errors);
    EXPECT_TRUE(only_field(c.errors, "email")) << describe(c.errors);
}

TEST(ApplicantCheck, GoIdDomainOutsideTheAllowedListIsAnErrorOnFieldEmail) {
    Applicant a = good();
    a.email = "siti@kalteng.go.id";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "email", "email.not_allowed")) << describe(c.errors);
    ApplicantRules open = rules();
    open.email_domains.clear();
    EXPECT_TRUE(check_applicant(a, open, kToday).valid());
}

TEST(ApplicantCheck, LandlineIsAnErrorOnFieldPhone) {
    Applicant a = good();
    a.phone = "0536-3221234";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(only_field(c.errors, "phone")) << describe(c.errors);
}

TEST(ApplicantCheck, WorkUnitNotInTheListIsRefused) {
    Applicant a = good();
    a.work_unit = "Dinas Yang Tidak Ada";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "work_unit", "applicant.work_unit")) << describe(c.errors);
    EXPECT_TRUE(only_field(c.errors, "work_unit")) << describe(c.errors);
}

TEST(ApplicantCheck, AnyWorkUnitTextIsAcceptedWithoutAList) {
    Applicant a = good();
    a.work_unit = "Dinas Yang Tidak Ada";
    ApplicantRules r = rules();
    r.work_units.clear();
    EXPECT_TRUE(check_applicant(a, r, kToday).valid());
}

TEST(ApplicantCheck, EmptyWorkUnitIsRefused) {
    Applicant a = good();
    a.work_unit = "  ";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "work_unit", "applicant.work_unit")) << describe(c.errors);
}

TEST(ApplicantCheck, EmptyPositionIsRefused) {
    Applicant a = good();
    a.position = "";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "position", "applicant.position")) << describe(c.errors);
    EXPECT_TRUE(only_field(c.errors, "position")) << describe(c.errors);
}

TEST(ApplicantCheck, BlankPositionIsRefused) {
    Applicant a = good();
    a.position = " \t ";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "position", "applicant.position")) << describe(c.errors);
}

TEST(ApplicantCheck, EmptyOfficeAddressIsRefused) {
    Applicant a = good();
    a.office_address = "";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "office_address", "applicant.office_address")) << describe(c.errors);
}

// The address in BSrE's parts: the street, the city (kabupaten/kota) and the province.
TEST(ApplicantCheck, EmptyOfficeCityIsRefused) {
    Applicant a = good();
    a.office_city = "";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "office_city", "applicant.office_city")) << describe(c.errors);
    EXPECT_TRUE(only_field(c.errors, "office_city")) << describe(c.errors);
}

TEST(ApplicantCheck, BlankOfficeProvinceIsRefused) {
    Applicant a = good();
    a.office_province = " \t ";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "office_province", "applicant.office_province"))
        << describe(c.errors);
    EXPECT_TRUE(only_field(c.errors, "office_province")) << describe(c.errors);
    for (const auto& e : c.errors) {
        EXPECT_FALSE(e.problem.message_id.empty());
        EXPECT_FALSE(e.problem.message_en.empty());
    }
}

TEST(ApplicantCheck, OfficeAddressPartsAreNormalised) {
    Applicant a = good();
    a.office_address = "  Jl.  Tjilik Riwut   Km. 5,5 ";
    a.office_city = " Kota   Palangka Raya";
    a.office_province = "Kalimantan  Tengah  ";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_EQ(c.normalized.office_address, "Jl. Tjilik Riwut Km. 5,5");
    EXPECT_EQ(c.normalized.office_city, "Kota Palangka Raya");
    EXPECT_EQ(c.normalized.office_province, "Kalimantan Tengah");
}

// The office takes cases from kiosks that sent the address as one line (no city, no
// province): with address_parts off they are valid, and the street is still required.
TEST(ApplicantCheck, WithoutAddressPartsACaseWithoutCityAndProvinceIsAccepted) {
    Applicant a = good();
    a.office_address = "Jl. Tjilik Riwut Km. 5,5, Palangka Raya";
    a.office_city.clear();
    a.office_province.clear();
    ApplicantRules r = rules();
    EXPECT_TRUE(r.address_parts);  // required unless turned off
    EXPECT_FALSE(check_applicant(a, r, kToday).valid());
    r.address_parts = false;
    const ApplicantCheck c = check_applicant(a, r, kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_EQ(c.normalized.office_address, a.office_address);
    EXPECT_TRUE(c.normalized.office_city.empty());
    a.office_address.clear();
    EXPECT_TRUE(
        has(check_applicant(a, r, kToday).errors, "office_address", "applicant.office_address"));
}

TEST(ApplicantCheck, EmptyFullNameIsAnErrorOnFullName) {
    Applicant a = good();
    a.full_name = "";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "full_name")) << describe(c.errors);
}

TEST(ApplicantCheck, CertificateNameWithATitleIsRefused) {
    Applicant a = good();
    a.certificate_name = "Dr. Siti Rahmawati";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "certificate_name", "applicant.certificate_name"))
        << describe(c.errors);
}

TEST(ApplicantCheck, CertificateNameWithATrailingDegreeIsRefused) {
    Applicant a = good();
    a.certificate_name = "Siti Rahmawati, S.Kom.";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "certificate_name", "applicant.certificate_name"))
        << describe(c.errors);
}

// ---- NIK, NIP and employment
// ---------------------------------------------------------------------

TEST(ApplicantCheck, NikNipBirthDateMismatchIsOnlyAWarning) {
    Applicant a = good();
    a.nip = "199008062015032001";  // born the 6th, the NIK says the 5th
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_TRUE(has(c.warnings, "nip", "cross.birth_date")) << describe(c.warnings);
}

TEST(ApplicantCheck, NikNipSexMismatchIsOnlyAWarning) {
    Applicant a = good();
    a.nip = "199008052015031001";  // sex digit 1 (male), the NIK says female
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_TRUE(has(c.warnings, "nip", "cross.sex")) << describe(c.warnings);
}

TEST(ApplicantCheck, PppkMayGiveTheNikAsNip) {
    Applicant a = good();
    a.employment = EmploymentStatus::kPppk;
    a.nip = a.nik;
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_EQ(c.normalized.nip, "6271014508900001");
}

TEST(ApplicantCheck, OtherAsnMayGiveTheNikAsNip) {
    Applicant a = good();
    a.employment = EmploymentStatus::kOtherAsn;
    a.nip = "6271-0145-0890-0001";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_EQ(c.normalized.nip, "6271014508900001");
}

TEST(ApplicantCheck, PnsMayNotGiveTheNikAsNip) {
    Applicant a = good();
    a.employment = EmploymentStatus::kPns;
    a.nip = a.nik;
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "nip")) << describe(c.errors);
}

TEST(ApplicantCheck, PppkMayNotGiveAnInvalidNikAsNip) {
    Applicant a = good();
    a.employment = EmploymentStatus::kPppk;
    a.nik = "6271014508900000";  // serial 0000
    a.nip = a.nik;
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(has(c.errors, "nik")) << describe(c.errors);
    EXPECT_TRUE(has(c.errors, "nip")) << describe(c.errors);
}

TEST(ApplicantCheck, PppkNipChosenAsPnsGivesEmploymentWarning) {
    Applicant a = good();
    a.nip = "199008052021212001";  // code 21 where the month stands: a PPPK number
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_TRUE(has(c.warnings, "nip", "applicant.nip_employment")) << describe(c.warnings);
}

TEST(ApplicantCheck, PnsNipChosenAsPppkGivesEmploymentWarning) {
    Applicant a = good();
    a.employment = EmploymentStatus::kPppk;
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_TRUE(has(c.warnings, "nip", "applicant.nip_employment")) << describe(c.warnings);
}

TEST(ApplicantCheck, SexDifferentFromNikIsAWarning) {
    Applicant a = good();
    a.sex = Sex::kMale;
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(c.valid()) << describe(c.errors);
    EXPECT_TRUE(has(c.warnings, "sex", "applicant.sex_nik")) << describe(c.warnings);
}

TEST(ApplicantCheck, ReportsEveryProblemNotOnlyTheFirst) {
    Applicant a = good();
    a.nik = "12";
    a.email = "nope";
    a.position = "";
    const ApplicantCheck c = check_applicant(a, rules(), kToday);
    EXPECT_TRUE(has(c.errors, "nik")) << describe(c.errors);
    EXPECT_TRUE(has(c.errors, "email")) << describe(c.errors);
    EXPECT_TRUE(has(c.errors, "position")) << describe(c.errors);
}

// ---- codes
// ------------------------------------------------------------------------------------------

TEST(ApplicantCodes, EmploymentAndSexCodesRoundTrip) {
    for (auto e : {EmploymentStatus::kPns, EmploymentStatus::kPppk, EmploymentStatus::kOtherAsn}) {
        EXPECT_EQ(employment_from_code(to_code(e)), e);
    }
    EXPECT_EQ(to_code(EmploymentStatus::kPns), "pns");
    EXPECT_EQ(to_code(EmploymentStatus::kPppk), "pppk");
    EXPECT_EQ(to_code(EmploymentStatus::kOtherAsn), "other_asn");
    EXPECT_FALSE(employment_from_code("PNS").has_value());
    EXPECT_EQ(sex_from_code("M"), Sex::kMale);
    EXPECT_EQ(sex_from_code("F"), Sex::kFemale);
    EXPECT_FALSE(sex_from_code("m").has_value());
    EXPECT_FALSE(sex_from_code("L").has_value());
}

// ---- JSON
// ----------------------------------------------------------------------------------------------

void expect_same(const Applicant& x, const Applicant& y) {
    EXPECT_EQ(x.full_name, y.full_name);
    EXPECT_EQ(x.certificate_name, y.certificate_name);
    EXPECT_EQ(x.nik, y.nik);
    EXPECT_EQ(x.employment, y.employment);
    EXPECT_EQ(x.nip, y.nip);
    EXPECT_EQ(x.sex, y.sex);
    EXPECT_EQ(x.email, y.email);
    EXPECT_EQ(x.phone, y.phone);
    EXPECT_EQ(x.position, y.position);
    EXPECT_EQ(x.work_unit, y.work_unit);
    EXPECT_EQ(x.office_address, y.office_address);
    EXPECT_EQ(x.office_city, y.office_city);
    EXPECT_EQ(x.office_province, y.office_province);
}

TEST(ApplicantJson, RoundTrips) {
    Applicant a = check_applicant(good(), rules(), kToday).normalized;
    a.employment = EmploymentStatus::kPppk;  // not the default, so it must travel
    nlohmann::json j = a;
    EXPECT_EQ(j.at("employment"), "pppk");
    EXPECT_EQ(j.at("sex"), "F");
    EXPECT_EQ(j.at("nik"), "6271014508900001");
    EXPECT_EQ(j.at("office_address"), "Jl. Tjilik Riwut Km. 5,5");
    EXPECT_EQ(j.at("office_city"), "Kota Palangka Raya");
    EXPECT_EQ(j.at("office_province"), "Kalimantan Tengah");
    const Applicant back = j.get<Applicant>();
    expect_same(back, a);
    EXPECT_EQ(back.office_city, "Kota Palangka Raya");
    EXPECT_EQ(back.office_province, "Kalimantan Tengah");
}

// JSON from a kiosk before the address parts: read, with the city and the province empty.
TEST(ApplicantJson, FromJsonWithoutAddressPartsLeavesThemEmpty) {
    nlohmann::json j = good();
    j.erase("office_city");
    j.erase("office_province");
    j["office_address"] = "Jl. Tjilik Riwut Km. 5,5, Palangka Raya";
    const Applicant back = j.get<Applicant>();
    EXPECT_EQ(back.office_address, "Jl. Tjilik Riwut Km. 5,5, Palangka Raya");
    EXPECT_TRUE(back.office_city.empty());
    EXPECT_TRUE(back.office_province.empty());
}

TEST(ApplicantJson, RoundTripsThroughText) {
    Applicant a = good();
    a.employment = EmploymentStatus::kOtherAsn;
    a.sex = Sex::kFemale;
    a.full_name = "Ñoño Ó'Brien-Élise";
    const nlohmann::json j = a;
    const Applicant back = nlohmann::json::parse(j.dump()).get<Applicant>();
    expect_same(back, a);
}

TEST(ApplicantJson, FromJsonRefusesUnknownEmployment) {
    nlohmann::json j = good();
    j["employment"] = "xyz";
    EXPECT_THROW(j.get<Applicant>(), std::invalid_argument);
}

TEST(ApplicantJson, FromJsonRefusesUnknownSex) {
    nlohmann::json j = good();
    j["sex"] = "X";
    EXPECT_THROW(j.get<Applicant>(), std::invalid_argument);
}

// ---- masking
// ------------------------------------------------------------------------------------------

TEST(ApplicantMask, MaskNumberKeepsFirstFourAndLastTwo) {
    EXPECT_EQ(mask_number("6271014508900001"), "6271**********01");
    EXPECT_EQ(mask_number("199008052015032001"), "1990************01");
    EXPECT_EQ(mask_number("1234567"), "1234*67");
}

TEST(ApplicantMask, MaskNumberHidesShortNumbersEntirely) {
    EXPECT_EQ(mask_number("123456"), "******");
    EXPECT_EQ(mask_number(""), "");
}

TEST(ApplicantMask, MaskEmailKeepsFirstLetterAndDomain) {
    EXPECT_EQ(mask_email("siti@palangkaraya.go.id"), "s***@palangkaraya.go.id");
    EXPECT_EQ(mask_email("budi@x.go.id"), "b***@x.go.id");
    // The length of the local part is not revealed either.
    EXPECT_EQ(mask_email("s@x.go.id"), "s***@x.go.id");
}

TEST(ApplicantMask, MaskEmailWithoutALocalPartHidesEverything) {
    EXPECT_EQ(mask_email("@x.go.id").find("x.go.id"), std::string::npos);
    EXPECT_EQ(mask_email("not-an-email").find("not"), std::string::npos);
}

TEST(ApplicantMask, MaskNameKeepsFirstLetterOfEachWord) {
    EXPECT_EQ(mask_name("Budi Santoso"), "B*** S******");
    EXPECT_EQ(mask_name("Siti Rahmawati"), "S*** R********");
}

TEST(ApplicantMask, MaskNameCountsCharactersNotBytes) {
    // "Élise Ñuñez": É and Ñ kept whole; each later letter, one or two bytes, is one '*'.
    EXPECT_EQ(mask_name("\xc3\x89lise \xc3\x91u\xc3\xb1"
                        "ez"),
              "\xc3\x89**** \xc3\x91****");
}

TEST(ApplicantMask, MaskPhoneKeepsPrefixAndLastThree) {
    EXPECT_EQ(mask_phone("+6281234567890"), "+62812*****890");
}

TEST(ApplicantMask, MaskedHidesPersonalFields) {
    const Applicant a = check_applicant(good(), rules(), kToday).normalized;
    const Applicant m = masked(a);
    EXPECT_EQ(m.nik, "6271**********01");
    EXPECT_EQ(m.nip, "1990************01");
    EXPECT_EQ(m.email, "s***@palangkaraya.go.id");
    EXPECT_EQ(m.phone, "+62812*****890");
    EXPECT_EQ(m.certificate_name, "S*** R********");
    for (const std::string* field : {&m.full_name, &m.certificate_name}) {
        EXPECT_EQ(field->find("Siti"), std::string::npos) << *field;
        EXPECT_EQ(field->find("Rahmawati"), std::string::npos) << *field;
    }
    EXPECT_EQ(m.phone.find("34567"), std::string::npos);
    EXPECT_NE(m.office_address, a.office_address);
    EXPECT_EQ(m.office_address.find("Tjilik"), std::string::npos);
    EXPECT_EQ(m.office_address.find("Palangka"), std::string::npos);
    EXPECT_FALSE(m.office_address.empty());
}

TEST(ApplicantMask, MaskedKeepsTheShapeOfTheRecord) {
    const Applicant a = good();
    const Applicant m = masked(a);
    EXPECT_EQ(m.employment, a.employment);
    EXPECT_EQ(m.sex, a.sex);
    EXPECT_EQ(m.nik.size(), a.nik.size());
    EXPECT_EQ(m.nip.size(), a.nip.size());
}

}  // namespace
}  // namespace anjungan::domain
