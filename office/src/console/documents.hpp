// The case page's documents (console/documents.cpp).
#pragma once

#include "console.hpp"

namespace anjungan::office::console {

// The case's files in the order staff check them (KTP, selfie, SK, letter): for each, its
// label, its previews (an image as it is; each page of a PDF drawn as PNG) with full-size and
// download links, or why it cannot be shown.
json documents_json(api::Context& ctx, const CaseDetail& d, domain::Lang lang);

}  // namespace anjungan::office::console
