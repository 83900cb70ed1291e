// CSV for spreadsheets (RFC 4180, UTF-8 with a byte-order mark so Excel reads the encoding):
// every export of the office (the hand-off's fields, the reach report, the schedule book).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anjungan::office {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One cell: quoted when it holds a comma, a quote or a line break; a cell beginning with
// '=', '+', '-', '@' (or a tab or carriage return) gets a leading apostrophe, so a
// spreadsheet shows it as text and never runs it as a formula (OWASP's CSV injection advice).
std::string csv_cell(std::string_view value);
// One line of cells, ending in CRLF.
std::string csv_row(const std::vector<std::string>& cells);

}  // namespace anjungan::office
