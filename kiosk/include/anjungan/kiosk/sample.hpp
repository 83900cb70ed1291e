// A sample applicant and synthetic documents, for the demo and for trying the store.
#pragma once

#include <vector>

#include "anjungan/kiosk/applicant.hpp"
#include "anjungan/kiosk/case.hpp"

namespace anjungan::kiosk {

Applicant sample_applicant();
// A KTP, a two-page SK, a one-page letter and a selfie as small PPM images (each different).
std::vector<Document> sample_documents();

}  // namespace anjungan::kiosk
