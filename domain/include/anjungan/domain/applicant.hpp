// The applicant: what a civil servant gives at the kiosk, and the rules that hold across fields.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/domain/problem.hpp"
#include "anjungan/platform/clock.hpp"

namespace anjungan::domain {

enum class EmploymentStatus { kPns, kPppk, kOtherAsn };
enum class Sex { kMale, kFemale };

std::string_view to_code(EmploymentStatus s);  // "pns", "pppk", "other_asn"
std::optional<EmploymentStatus> employment_from_code(std::string_view code);
std::string_view to_code(Sex s);  // "M", "F"
std::optional<Sex> sex_from_code(std::string_view code);

// A problem tied to the field it concerns ("nik", "email", ...), so a screen can show it there.
struct FieldProblem {
    std::string field;
    Problem problem;
};

struct Applicant {
    std::string full_name;         // as on the KTP, titles included when written there
    std::string certificate_name;  // without academic or religious titles (derived, editable)
    std::string nik;
    EmploymentStatus employment = EmploymentStatus::kPns;
    std::string nip;  // 18 digits; a non-PNS may give the NIK instead
    Sex sex = Sex::kMale;
    std::string email;      // official, under .go.id
    std::string phone;      // normalised to +628...
    std::string position;   // position title as in the SK, or "Pegawai ASN"
    std::string work_unit;  // one of the configured work units (OPD)
    // The office's address in the parts BSrE's registration form asks for: the street (with the
    // building and number; its JSON key stays "office_address"), the city and the province.
    std::string office_address;
    std::string office_city;      // "Kota Palangka Raya"
    std::string office_province;  // "Kalimantan Tengah"
    // The warnings the person was shown and confirmed at the kiosk ("is this right?", and
    // "nik.open_case" when the NIK already had an open case there), for staff to see. JSON:
    // "confirmed_warnings": [{"field","code","id","en"}], present only when not empty.
    std::vector<FieldProblem> confirmed_warnings;
};

struct ApplicantCheck {
    Applicant normalized;  // every field normalised; certificate_name derived when left empty
    std::vector<FieldProblem> errors;
    std::vector<FieldProblem> warnings;
    bool valid() const { return errors.empty(); }
};

struct ApplicantRules {
    std::vector<std::string> email_domains;  // empty: any .go.id
    std::vector<std::string> work_units;     // empty: any non-empty text
    // The city and the province are required (the kiosk fills in its defaults); the office
    // accepts cases from kiosks that sent the address as one line.
    bool address_parts = true;
};

// Validates every field and the rules across them. Codes beyond the field validators':
// applicant.certificate_name applicant.position applicant.work_unit applicant.office_address
// applicant.office_city applicant.office_province (errors) and applicant.sex_nik
// applicant.nip_employment (warnings).
ApplicantCheck check_applicant(const Applicant& input, const ApplicantRules& rules,
                               const platform::CivilDate& today);

// Masking for screens, receipts and logs: enough to recognise, not enough to identify.
std::string mask_name(std::string_view name);      // "Budi Santoso" -> "B*** S******"
std::string mask_number(std::string_view digits);  // "6271014508900001" -> "6271**********01"
std::string mask_email(std::string_view email);    // "budi@x.go.id" -> "b***@x.go.id"
std::string mask_phone(std::string_view phone);    // "+6281234567890" -> "+62812*****890"
Applicant masked(const Applicant& a);

void to_json(nlohmann::json& j, const Applicant& a);
void from_json(const nlohmann::json& j, Applicant& a);

}  // namespace anjungan::domain
