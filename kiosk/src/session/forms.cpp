// The three form screens (identity, contact, work) and the duplicate-NIK question: typing,
// checking as the person types, normalising on Next.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "internal.hpp"
#include "texts.hpp"

namespace anjungan::kiosk {

namespace detail {

domain::Applicant blank_applicant(const platform::Config& config) {
    domain::Applicant a;
    a.office_province = config.form.default_province;
    a.office_city = config.form.default_city;
    return a;
}

}  // namespace detail

using namespace detail;

void Session::apply_form(const Intent& in) {
    using K = Intent::Kind;
    const Screen s = view_.screen;
    if (in.kind == K::kSetField) {
        if (!holds_field(s, in.field) || !set_field(in.field, in.value)) {
            view_.message = texts::no_such_field(in.field);
            return;
        }
        confirmed_warnings_ = false;
        view_.question = false;
        if (in.field == "nik") {
            duplicate_acknowledged_ = false;
        }
        validate_screen();
    } else if (in.kind == K::kNext) {
        next_from_form();
    } else if (in.kind == K::kConfirm && view_.question) {
        confirmed_warnings_ = true;
        next_from_form();
    } else if (in.kind == K::kBack) {
        go(back_of(s));
    }
}

void Session::apply_duplicate(const Intent& in) {
    using K = Intent::Kind;
    if (in.kind == K::kConfirm || in.kind == K::kNext) {
        duplicate_acknowledged_ = true;
        go(return_to_review_ ? Screen::kReview : Screen::kContact);
    } else if (in.kind == K::kBack) {
        go(Screen::kIdentity);
    } else if (in.kind == K::kStatusLookup) {
        // Its status needs its receipt (scanned, or its number and the phone's digits), as for
        // anyone else: the NIK alone opens nothing.
        const domain::Lang lang = view_.lang;
        wipe();
        view_.lang = lang;
        go(Screen::kStatusLookup);
    }
}

bool Session::set_field(const std::string& field, const std::string& value) {
    auto& a = view_.applicant;
    if (field == "full_name") {
        a.full_name = value;
    } else if (field == "certificate_name") {
        a.certificate_name = value;
    } else if (field == "nik") {
        a.nik = value;
    } else if (field == "nip") {
        a.nip = value;
    } else if (field == "employment") {
        const auto e = domain::employment_from_code(value);
        if (!e) {
            return false;
        }
        a.employment = *e;
    } else if (field == "sex") {
        const auto x = domain::sex_from_code(value);
        if (!x) {
            return false;
        }
        a.sex = *x;
    } else if (field == "email") {
        a.email = value;
    } else if (field == "phone") {
        a.phone = value;
    } else if (field == "work_unit") {
        a.work_unit = value;
    } else if (field == "position") {
        a.position = value;
    } else if (field == "office_province") {
        a.office_province = value;
    } else if (field == "office_city") {
        a.office_city = value;
    } else if (field == "office_address") {
        a.office_address = value;
    } else {
        return false;
    }
    return true;
}

// Shows the current screen's problems for the fields that hold something, so a half-typed
// form is not covered in red; Next shows them all.
void Session::validate_screen(bool all_fields) {
    domain::ApplicantRules rules{config_.email_domains, config_.work_units};
    const auto today = platform::civil_date(clock_.now(), config_.utc_offset_minutes);
    const auto check = domain::check_applicant(view_.applicant, rules, today);
    const Screen s = view_.screen;
    view_.errors.clear();
    view_.warnings.clear();
    // While typing an empty field is not an error yet: "required" waits for Next.
    const auto& a = view_.applicant;
    auto typed = [&a, all_fields](const std::string& field) {
        const std::string* text = field == "full_name"          ? &a.full_name
                                  : field == "certificate_name" ? &a.certificate_name
                                  : field == "nik"              ? &a.nik
                                  : field == "nip"              ? &a.nip
                                  : field == "email"            ? &a.email
                                  : field == "phone"            ? &a.phone
                                  : field == "work_unit"        ? &a.work_unit
                                  : field == "position"         ? &a.position
                                  : field == "office_province"  ? &a.office_province
                                  : field == "office_city"      ? &a.office_city
                                  : field == "office_address"   ? &a.office_address
                                                                : nullptr;
        return all_fields || text == nullptr || !text->empty();  // choices always hold a value
    };
    for (const auto& e : check.errors) {
        if (holds_field(s, e.field) && typed(e.field)) {
            view_.errors.push_back(e);
        }
    }
    for (const auto& w : check.warnings) {
        if (holds_field(s, w.field) && typed(w.field)) {
            view_.warnings.push_back(w);
        }
    }
}

void Session::next_from_form() {
    const Screen s = view_.screen;
    domain::ApplicantRules rules{config_.email_domains, config_.work_units};
    const auto today = platform::civil_date(clock_.now(), config_.utc_offset_minutes);
    const auto check = domain::check_applicant(view_.applicant, rules, today);
    validate_screen(true);
    if (!view_.errors.empty()) {
        view_.message = texts::check_marked_fields();
        return;
    }
    if (!view_.warnings.empty() && !confirmed_warnings_) {
        // A question, not a block: the person confirms and goes on; staff see the note.
        view_.question = true;
        view_.message = texts::is_this_right();
        return;
    }
    // Keep the normalised values of this screen's fields.
    const auto& n = check.normalized;
    auto& a = view_.applicant;
    if (s == Screen::kIdentity) {
        a.full_name = n.full_name;
        a.certificate_name = n.certificate_name;
        a.nik = n.nik;
        a.nip = n.nip;
    } else if (s == Screen::kContact) {
        a.email = n.email;
        a.phone = n.phone;
    } else {
        a.work_unit = n.work_unit;
        a.position = n.position;
        a.office_province = n.office_province;
        a.office_city = n.office_city;
        a.office_address = n.office_address;
    }
    if (s == Screen::kIdentity && !duplicate_acknowledged_) {
        // The question is an oracle ("has this NIK applied?"): at most so many an hour at this
        // kiosk; beyond that it is not asked (the office still finds duplicates).
        if (!throttle_.allow_nik_check()) {
            spdlog::warn("duplicate-NIK check skipped: {} this hour already",
                         throttle_.policy().nik_checks_per_hour);
        } else if (!store_.open_cases_for_nik(a.nik).empty()) {
            go(Screen::kDuplicate);
            view_.open_case = true;
            view_.message = texts::nik_has_open_case();
            return;
        }
    }
    go(next_of(s));
}

}  // namespace anjungan::kiosk
