// The case page's documents (console/documents.cpp).
#pragma once

#include "console.hpp"

namespace anjungan::office::console {

// The case's files in the order staff check them (KTP, selfie, SK, letter): for each, its
// label, its previews (an image as it is; each page of a PDF drawn as PNG) with full-size and
// download links, or why it cannot be shown.
json documents_json(api::Context& ctx, const CaseDetail& d, domain::Lang lang);

// Page `n` (1-based) of a PDF drawn `width` pixels wide, as PNG; "" with `error` set when it
// cannot be.
std::string pdf_page_png(const platform::Bytes& data, int n, int width, std::string& error);

}  // namespace anjungan::office::console
