// A sample applicant and synthetic documents, for the demo and for trying the store.
#pragma once

#include <vector>

#include "anjungan/domain/applicant.hpp"
#include "anjungan/domain/case.hpp"

namespace anjungan::samples {

domain::Applicant sample_applicant();
// A KTP, a two-page SK, a one-page letter and a selfie as small PPM images (each different).
std::vector<domain::Document> sample_documents();

}  // namespace anjungan::samples
