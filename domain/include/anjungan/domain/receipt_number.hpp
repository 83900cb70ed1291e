// Receipt numbers: "PKY1-261123-0042-2", unique without coordination and easy to read aloud.
//
//   kiosk id - YYMMDD (kiosk's local date) - daily counter (4 digits) - check character
//
// The kiosk id is unique per kiosk and the counter per kiosk and day, so no two kiosks can
// issue the same number. The alphabet is Crockford's base 32 (no I, L, O, U), and the check
// character is Luhn mod 32 over it: it catches every single wrong character and every swap of
// two neighbours (the one swap it cannot see, 0 with Z, is kept out of kiosk ids).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "anjungan/platform/clock.hpp"

namespace anjungan::domain {

constexpr int kMaxDailyReceipts = 9999;

// Throws std::invalid_argument when the kiosk id breaks its rule, the date is not a real day of
// 2000..2099 or the counter is out of range.
std::string make_receipt_number(std::string_view kiosk_id, const platform::CivilDate& date,
                                int counter);

struct ReceiptNumber {
    std::string kiosk_id;
    platform::CivilDate date;
    int counter = 0;
    std::string text;  // canonical form
};

// Parses what a person typed or a scanner read: case, spaces and dashes are forgiven, and
// O/I/L are read as 0/1/1 where a digit is expected. Returns nothing when the form or the
// check character is wrong.
std::optional<ReceiptNumber> parse_receipt_number(std::string_view text);

}  // namespace anjungan::domain
