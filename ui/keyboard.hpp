// The on-screen keyboards (there is no physical one): which keys each layout has and what a
// key does to the text. Drawing is in widgets.cpp; this part has no ImGui and is unit-tested.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace anjungan::ui {

enum class KeyboardKind {
    kName,     // capital letters, space, ' . , -  (names as on the KTP)
    kText,     // digits, capital letters, space and . , - / ( )  (position, the address parts)
    kDigits,   // a numeric pad (NIK, NIP)
    kPhone,    // a numeric pad with +
    kEmail,    // digits, small letters, @ . - _ and a ".go.id" key
    kReceipt,  // digits, the receipt number's letters and -
    kPin,      // a numeric pad for the staff PIN
};

struct Key {
    enum class Action { kInsert, kBackspace, kClear, kSpace };
    std::string id;     // the touch target is "key:" + id; inserted text for kInsert keys
    std::string label;  // what the key shows ("" for action keys: the catalogue names them)
    Action action = Action::kInsert;
    float width = 1;  // in key widths
};

using KeyRows = std::vector<std::vector<Key>>;
const KeyRows& keyboard_rows(KeyboardKind kind);

// The value after pressing `key`, never longer than `max_chars` characters (UTF-8 aware);
// backspace removes one whole character.
std::string apply_key(const std::string& value, const Key& key, std::size_t max_chars);

// What a person types for `value` on `kind`: capitals for names and text, small letters for
// e-mail, digits (and +) for numbers; other characters are left out.
std::string typeable(KeyboardKind kind, const std::string& value);

// The id of the key that types `c` on `kind` ("space" for ' '), or "" when none does.
std::string key_for(KeyboardKind kind, char c);

}  // namespace anjungan::ui
