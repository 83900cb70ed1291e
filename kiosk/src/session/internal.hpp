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
// An application before anyone typed: the work form's province and city from [form].
domain::Applicant blank_applicant(const platform::Config& config);
bool is_capture(Screen s);
bool is_camera(domain::DocumentKind k);  // the KTP and the selfie; the others are scanned
domain::DocumentKind document_of(Screen s);
Screen capture_screen(domain::DocumentKind k);
vision::Kind vision_kind(domain::DocumentKind k);

// vision::check_capture does not throw: where it used to (a selfie without the face model, an
// error inside OpenCV) it answers a verdict that is not assessed and has no reasons. The
// session hands that on as the exception it used to be, with the same message, so the kiosk's
// main loop, the admin screen's worker and `anjungan session` end as they did. An empty image
// was never an exception (it is not assessed but not_found, a refusal as before).
vision::Verdict thrown_if_not_assessed(vision::Verdict v);

}  // namespace anjungan::kiosk::detail
