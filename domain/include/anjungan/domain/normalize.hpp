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

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF), as JSON and the office require of every text.
bool is_valid_utf8(std::string_view s);

// The number of characters (code points) in `s`, for messages such as "16 digits (15 given)";
// each byte of an ill-formed sequence counts as one.
std::size_t count_characters(std::string_view s);

// `s` with each ill-formed byte replaced by U+FFFD, so it can be shown and written as JSON.
std::string replace_invalid_utf8(std::string_view s);

// True when every byte is an ASCII digit (and the string is not empty).
bool all_digits(std::string_view s);

}  // namespace anjungan::domain
