// The form screens' field list (ui/form_fields): every field is one the session takes on that
// screen, value_of reads the right member of the applicant, and the work units fall back to
// the city's defaults. The session is the real one (tests/kiosk/session_harness.hpp).
#include "form_fields.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>

#include "anjungan/samples/sample_case.hpp"
#include "session_harness.hpp"

namespace anjungan::ui {
namespace {

using kiosk::Intent;
using kiosk::Screen;

const Screen kFormScreens[] = {Screen::kIdentity, Screen::kContact, Screen::kWork};

// What the sample applicant's member is, by field name: the reference for value_of.
std::map<std::string, std::string> sample_by_field() {
    const auto a = samples::sample_applicant();
    return {{"full_name", a.full_name},
            {"certificate_name", a.certificate_name},
            {"nik", a.nik},
            {"nip", a.nip},
            {"employment", "pns"},
            {"sex", "F"},
            {"email", a.email},
            {"phone", a.phone},
            {"work_unit", a.work_unit},
            {"position", a.position},
            {"office_province", a.office_province},
            {"office_city", a.office_city},
            {"office_address", a.office_address}};
}

TEST(FormFields, TheThreeFormsHoldEveryApplicantFieldOnce) {
    std::set<std::string> names;
    for (Screen s : kFormScreens) {
        EXPECT_FALSE(fields(s).empty()) << kiosk::to_code(s);
        for (const auto& f : fields(s)) {
            EXPECT_TRUE(names.insert(f.name).second) << f.name << " is on two screens";
            if (f.choices.empty() && !f.picker) {
                EXPECT_GT(f.max_chars, 0u) << f.name;  // typed fields take something
            }
            for (const auto& c : f.choices) {
                EXPECT_FALSE(c.code.empty()) << f.name;
            }
        }
    }
    std::set<std::string> expected;
    for (const auto& [k, v] : sample_by_field()) {
        expected.insert(k);
    }
    EXPECT_EQ(names, expected);
    for (Screen s : {Screen::kAttract, Screen::kConsent, Screen::kCaptureKtp, Screen::kReview}) {
        EXPECT_TRUE(fields(s).empty()) << kiosk::to_code(s);
    }
}

TEST(FormFields, ValueOfReadsTheFieldsMember) {
    const auto a = samples::sample_applicant();
    for (const auto& [name, want] : sample_by_field()) {
        EXPECT_EQ(value_of(a, name), want) << name;
    }
    EXPECT_EQ(value_of(a, "no_such_field"), "");
    // Every member distinct, so a field read from the wrong member shows.
    domain::Applicant b;
    b.full_name = "A";
    b.certificate_name = "B";
    b.nik = "C";
    b.nip = "D";
    b.email = "E";
    b.phone = "F";
    b.work_unit = "G";
    b.position = "H";
    b.office_address = "I";
    b.office_city = "J";
    b.office_province = "K";
    b.employment = domain::EmploymentStatus::kPppk;
    b.sex = domain::Sex::kMale;
    const std::map<std::string, std::string> want{{"full_name", "A"},
                                                  {"certificate_name", "B"},
                                                  {"nik", "C"},
                                                  {"nip", "D"},
                                                  {"email", "E"},
                                                  {"phone", "F"},
                                                  {"work_unit", "G"},
                                                  {"position", "H"},
                                                  {"office_address", "I"},
                                                  {"office_city", "J"},
                                                  {"office_province", "K"},
                                                  {"employment", "pppk"},
                                                  {"sex", "M"}};
    for (const auto& [name, v] : want) {
        EXPECT_EQ(value_of(b, name), v) << name;
    }
}

TEST(FormFields, ChoiceCodesIncludeTheSamplesValue) {
    const auto a = samples::sample_applicant();
    for (Screen s : kFormScreens) {
        for (const auto& f : fields(s)) {
            if (f.choices.empty()) {
                continue;
            }
            bool found = false;
            for (const auto& c : f.choices) {
                found |= c.code == value_of(a, f.name);
            }
            EXPECT_TRUE(found) << f.name << " offers no choice '" << value_of(a, f.name) << "'";
        }
    }
}

// BSrE's registration form asks for the office's address as province, city, street: the work
// form asks in that order, after the work unit and the position, each typed on the text keys.
TEST(FormFields, TheWorkFormAsksTheAddressInBsresOrder) {
    std::vector<std::string> names;
    for (const auto& f : fields(Screen::kWork)) {
        names.push_back(f.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"work_unit", "position", "office_province",
                                               "office_city", "office_address"}));
    for (const auto& f : fields(Screen::kWork)) {
        if (f.name.rfind("office_", 0) == 0) {
            SCOPED_TRACE(f.name);
            EXPECT_EQ(f.keyboard, KeyboardKind::kText);
            EXPECT_TRUE(f.choices.empty());
            EXPECT_FALSE(f.picker);
            // "Kabupaten Kepulauan Siau Tagulandang Biaro", the longest regency, fits.
            EXPECT_GE(f.max_chars, 42u);
        }
    }
    // The street is labelled as the street, Indonesian first.
    EXPECT_EQ(catalogue_entry(S::kFieldOfficeAddress).id, "Alamat kantor (jalan, nomor)");
    EXPECT_EQ(catalogue_entry(S::kFieldOfficeAddress).en, "Office street address");
    EXPECT_EQ(catalogue_entry(S::kFieldOfficeProvince).id, "Provinsi kantor");
    EXPECT_EQ(catalogue_entry(S::kFieldOfficeCity).id, "Kabupaten/kota kantor");
}

TEST(FormFields, WorkUnitsFallBackToTheCitysDefaults) {
    platform::Config none;
    none.work_units.clear();
    EXPECT_EQ(work_units(none), platform::default_work_units());
    EXPECT_FALSE(work_units(none).empty());
    const auto a = samples::sample_applicant();
    const auto& d = work_units(none);
    EXPECT_NE(std::find(d.begin(), d.end(), a.work_unit), d.end())
        << "the sample's work unit is not among the defaults: the autopilot could not pick it";

    platform::Config own;
    own.work_units = {"Dinas Satu", "Dinas Dua"};
    EXPECT_EQ(work_units(own), own.work_units);
    EXPECT_EQ(&work_units(own), &own.work_units);  // the configured list itself, not a copy
}

// The real session takes every field of each form screen, as the autopilot types it (names
// and text in capitals, the phone's digits only), and the sample moves through all three.
class FormFieldsSession : public kiosk::SessionHarness {};

std::string as_typed(const FieldSpec& f, const std::string& v) {
    std::string out;
    for (char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if (f.keyboard == KeyboardKind::kName || f.keyboard == KeyboardKind::kText) {
            out += static_cast<char>(std::toupper(u));
        } else if (f.keyboard == KeyboardKind::kEmail) {
            out += static_cast<char>(std::tolower(u));
        } else if (std::isdigit(u) || (f.keyboard == KeyboardKind::kPhone && c == '+')) {
            out += c;
        }
    }
    return out;
}

TEST_F(FormFieldsSession, EveryFieldIsOneTheSessionTakesOnItsScreen) {
    const auto sample = samples::sample_applicant();
    walk_to(Screen::kConsent);
    apply(Intent::Kind::kAccept);
    ASSERT_EQ(view().screen, Screen::kIdentity);
    for (Screen s : kFormScreens) {
        ASSERT_EQ(view().screen, s) << view().message.en;
        for (const auto& f : fields(s)) {
            SCOPED_TRACE(f.name);
            const std::string want = value_of(sample, f.name);
            const std::string v = (f.choices.empty() && !f.picker) ? as_typed(f, want) : want;
            set(f.name, v);
            // The session kept it: the field exists on this screen under this name.
            EXPECT_EQ(value_of(view().applicant, f.name), v);
        }
        apply(Intent::Kind::kNext);
        if (view().question) {
            apply(Intent::Kind::kConfirm);
        }
        EXPECT_TRUE(view().errors.empty())
            << kiosk::to_code(s) << ": " << view().errors.front().field << " "
            << view().errors.front().problem.code;
    }
    EXPECT_EQ(view().screen, Screen::kCaptureKtp) << view().message.en;
}

// What the work form shows when it opens: the configured province and city, the street empty
// (the focus goes there, after the position, not to the pre-filled parts).
TEST_F(FormFieldsSession, TheWorkFormShowsTheConfiguredProvinceAndCity) {
    config_.form.default_province = "Kalimantan Timur";
    config_.form.default_city = "Kota Samarinda";
    make_session(*scanner_);
    walk_to(Screen::kContact);
    apply(Intent::Kind::kNext);
    ASSERT_EQ(view().screen, Screen::kWork) << view().message.en;
    EXPECT_EQ(value_of(view().applicant, "office_province"), "Kalimantan Timur");
    EXPECT_EQ(value_of(view().applicant, "office_city"), "Kota Samarinda");
    EXPECT_EQ(value_of(view().applicant, "office_address"), "");
}

}  // namespace
}  // namespace anjungan::ui
