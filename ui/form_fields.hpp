// The form screens' fields: what each holds, how it is typed (which keyboard, how long), and
// the applicant's value of it. Shared by the form screens and the autopilot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "anjungan/kiosk/session.hpp"
#include "keyboard.hpp"
#include "strings.hpp"

namespace anjungan::ui {

struct Choice {
    std::string code;
    S label;
};

struct FieldSpec {
    std::string name;
    S label;
    std::optional<S> hint;
    KeyboardKind keyboard = KeyboardKind::kText;
    std::size_t max_chars = 80;
    std::vector<Choice> choices;  // a choice instead of typing
    bool picker = false;          // a long list (work units)
    bool beside_next = false;     // drawn in half a row, the next field in the other half
};

// The fields of the identity, contact and work screens (none for other screens).
const std::vector<FieldSpec>& fields(kiosk::Screen s);
// The applicant's value of `field` (choices as their codes).
std::string value_of(const domain::Applicant& a, const std::string& field);
// The work units offered: the configured ones, else the city's defaults.
const std::vector<std::string>& work_units(const platform::Config& config);

}  // namespace anjungan::ui
