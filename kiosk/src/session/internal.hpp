// What the session's files share (private to kiosk/src/session/).
#pragma once

#include <string>
#include <vector>

#include "anjungan/kiosk/session.hpp"

namespace anjungan::kiosk::detail {

// The step of a screen on the applicant's path (1..10), 0 elsewhere.
int step_of(Screen s);
// The applicant fields a form screen holds, in order; empty for other screens.
const std::vector<std::string>& fields_of(Screen s);
bool holds_field(Screen s, const std::string& field);
bool is_capture(Screen s);
bool is_camera(domain::DocumentKind k);  // the KTP and the selfie; the others are scanned
domain::DocumentKind document_of(Screen s);
Screen capture_screen(domain::DocumentKind k);
vision::Kind vision_kind(domain::DocumentKind k);

}  // namespace anjungan::kiosk::detail
