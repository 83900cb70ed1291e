#include "form_fields.hpp"

namespace anjungan::ui {

const std::vector<FieldSpec>& fields(kiosk::Screen s) {
    // The order on screen; the two choices share the last row.
    static const std::vector<FieldSpec> identity{
        {"full_name", S::kFieldFullName, std::nullopt, KeyboardKind::kName, 80, {}, false, false},
        {"certificate_name",
         S::kFieldCertificateName,
         S::kFieldCertificateHint,
         KeyboardKind::kName,
         80,
         {},
         false,
         false},
        {"nik", S::kFieldNik, std::nullopt, KeyboardKind::kDigits, 16, {}, false, false},
        {"nip", S::kFieldNip, S::kFieldNipHint, KeyboardKind::kDigits, 18, {}, false, false},
        {"employment",
         S::kFieldEmployment,
         std::nullopt,
         KeyboardKind::kText,
         0,
         {{"pns", S::kChoosePns}, {"pppk", S::kChoosePppk}, {"other_asn", S::kChooseOtherAsn}},
         false,
         true},
        {"sex",
         S::kFieldSex,
         std::nullopt,
         KeyboardKind::kText,
         0,
         {{"M", S::kChooseMale}, {"F", S::kChooseFemale}},
         false,
         false},
    };
    static const std::vector<FieldSpec> contact{
        {"email", S::kFieldEmail, S::kFieldEmailHint, KeyboardKind::kEmail, 64, {}, false},
        {"phone", S::kFieldPhone, std::nullopt, KeyboardKind::kPhone, 16, {}, false},
    };
    static const std::vector<FieldSpec> work{
        {"work_unit", S::kFieldWorkUnit, std::nullopt, KeyboardKind::kText, 0, {}, true},
        {"position", S::kFieldPosition, std::nullopt, KeyboardKind::kText, 100, {}, false},
        // BSrE's order: province, city, then the street. The first two start with the kiosk's
        // own ([form] in the configuration) and are typed only when the office is elsewhere;
        // they share a row, so the form with a problem under every field still fits the screen
        // at the large-text setting.
        {"office_province",
         S::kFieldOfficeProvince,
         std::nullopt,
         KeyboardKind::kText,
         60,
         {},
         false,
         true},
        {"office_city", S::kFieldOfficeCity, std::nullopt, KeyboardKind::kText, 60, {}, false},
        {"office_address",
         S::kFieldOfficeAddress,
         S::kFieldOfficeAddressHint,
         KeyboardKind::kText,
         160,
         {},
         false},
    };
    static const std::vector<FieldSpec> none;
    switch (s) {
        case kiosk::Screen::kIdentity:
            return identity;
        case kiosk::Screen::kContact:
            return contact;
        case kiosk::Screen::kWork:
            return work;
        default:
            return none;
    }
}

std::string value_of(const domain::Applicant& a, const std::string& field) {
    if (field == "full_name")
        return a.full_name;
    if (field == "certificate_name")
        return a.certificate_name;
    if (field == "nik")
        return a.nik;
    if (field == "nip")
        return a.nip;
    if (field == "employment")
        return std::string(domain::to_code(a.employment));
    if (field == "sex")
        return std::string(domain::to_code(a.sex));
    if (field == "email")
        return a.email;
    if (field == "phone")
        return a.phone;
    if (field == "work_unit")
        return a.work_unit;
    if (field == "position")
        return a.position;
    if (field == "office_province")
        return a.office_province;
    if (field == "office_city")
        return a.office_city;
    if (field == "office_address")
        return a.office_address;
    return {};
}

const std::vector<std::string>& work_units(const platform::Config& config) {
    static const std::vector<std::string> defaults = platform::default_work_units();
    return config.work_units.empty() ? defaults : config.work_units;
}

}  // namespace anjungan::ui
