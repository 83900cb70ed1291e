// Enums with stable text codes (stored, logged, exchanged): one table of {value, code} pairs per
// enum, and these two lookups over it.
//
//   constexpr std::array<std::pair<PrintState, std::string_view>, 4> kPrintStates{{...}};
//   to_code(s)  -> platform::code_of(kPrintStates, s)
//   from_code   -> platform::value_of<PrintState>(kPrintStates, code)
#pragma once

#include <optional>
#include <string_view>

namespace anjungan::platform {

// The code of `value`, or "?" for a value the table lacks.
template <class Table, class Value>
constexpr std::string_view code_of(const Table& table, Value value) {
    for (const auto& [v, code] : table) {
        if (v == value) {
            return code;
        }
    }
    return "?";
}

// The value of `code`, or nothing for a code the table lacks.
template <class Value, class Table>
constexpr std::optional<Value> value_of(const Table& table, std::string_view code) {
    for (const auto& [v, c] : table) {
        if (c == code) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace anjungan::platform
