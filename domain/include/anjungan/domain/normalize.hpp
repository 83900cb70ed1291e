// Input normalisation, applied before any validation: people type numbers with spaces, dashes
// and dots, on-screen and phone keyboards may produce full-width forms, and copy-paste brings
// non-breaking spaces and blanks around the value.
#pragma once

#include <string>
#include <string_view>

namespace anjungan::domain {

// Folds full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space to ASCII, other
// Unicode spaces (NBSP, thin spaces, ...) to ' ', drops zero-width characters, trims both ends
// and collapses runs of spaces to one.
std::string normalize_text(std::string_view input);

// normalize_text, then removes spaces, '-' and '.' anywhere (separators inside numbers).
// Other characters are kept so the validator can name them.
std::string normalize_number(std::string_view input);

// True when every byte is an ASCII digit (and the string is not empty).
bool all_digits(std::string_view s);

}  // namespace anjungan::domain
