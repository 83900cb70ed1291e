#include "keyboard.hpp"

#include <cctype>

namespace anjungan::ui {

namespace {

using A = Key::Action;

std::vector<Key> chars(const std::string& s) {
    std::vector<Key> row;
    for (char c : s) {
        row.push_back({std::string(1, c), std::string(1, c), A::kInsert, 1});
    }
    return row;
}

std::vector<Key> with(std::vector<Key> row, std::initializer_list<Key> more) {
    row.insert(row.end(), more);
    return row;
}

const Key kBackspace{"backspace", "", A::kBackspace, 1.5f};
const Key kClear{"clear", "", A::kClear, 2};
const Key kSpace{"space", "", A::kSpace, 5};

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        n += (c & 0xC0) != 0x80;
    }
    return n;
}

}  // namespace

const KeyRows& keyboard_rows(KeyboardKind kind) {
    static const KeyRows name{
        with(chars("QWERTYUIOP"), {kBackspace}),
        chars("ASDFGHJKL'"),
        chars("ZXCVBNM,.-"),
        {kClear, kSpace},
    };
    static const KeyRows text{
        chars("1234567890"),
        with(chars("QWERTYUIOP"), {kBackspace}),
        chars("ASDFGHJKL/"),
        chars("ZXCVBNM,.-"),
        with({kClear, kSpace}, {{"(", "(", A::kInsert, 1}, {")", ")", A::kInsert, 1}}),
    };
    static const KeyRows digits{
        chars("123"),
        chars("456"),
        chars("789"),
        {{"clear", "", A::kClear, 1},
         {"0", "0", A::kInsert, 1},
         {"backspace", "", A::kBackspace, 1}},
    };
    static const KeyRows phone{
        chars("123"),
        chars("456"),
        chars("789"),
        {{"+", "+", A::kInsert, 1}, {"0", "0", A::kInsert, 1}, {"backspace", "", A::kBackspace, 1}},
    };
    static const KeyRows email{
        chars("1234567890"),
        with(chars("qwertyuiop"), {kBackspace}),
        with(chars("asdfghjkl"), {{"@", "@", A::kInsert, 1}}),
        with(chars("zxcvbnm"),
             {{".", ".", A::kInsert, 1}, {"-", "-", A::kInsert, 1}, {"_", "_", A::kInsert, 1}}),
        {kClear, {".go.id", ".go.id", A::kInsert, 3}},
    };
    // Receipt numbers use 0-9 and A-Z without I, L, O and U (platform/receipt_number.hpp).
    static const KeyRows receipt{
        with(chars("1234567890"), {kBackspace}),
        chars("QWERTYP"),
        chars("ASDFGHJK"),
        with(chars("ZXCVBNM"), {{"-", "-", A::kInsert, 1}, kClear}),
    };
    switch (kind) {
        case KeyboardKind::kName:
            return name;
        case KeyboardKind::kText:
            return text;
        case KeyboardKind::kDigits:
        case KeyboardKind::kPin:
            return digits;
        case KeyboardKind::kPhone:
            return phone;
        case KeyboardKind::kEmail:
            return email;
        case KeyboardKind::kReceipt:
            return receipt;
    }
    return text;
}

std::string apply_key(const std::string& value, const Key& key, std::size_t max_chars) {
    std::string out = value;
    switch (key.action) {
        case A::kBackspace:
            while (!out.empty()) {
                const auto c = static_cast<unsigned char>(out.back());
                out.pop_back();
                if ((c & 0xC0) != 0x80) {
                    break;  // removed the first byte of the character
                }
            }
            return out;
        case A::kClear:
            return {};
        case A::kSpace:
            // No leading or double spaces: they are never meant, and hard to see.
            if (out.empty() || out.back() == ' ') {
                return out;
            }
            out += ' ';
            break;
        case A::kInsert:
            out += key.id;
            break;
    }
    if (utf8_length(out) > max_chars) {
        return value;
    }
    return out;
}

// What a person types for `value` on `kind`: the keyboards have capitals for names and text,
// small letters for e-mail, digits (and +) for numbers.
std::string typeable(KeyboardKind kind, const std::string& value) {
    std::string out;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        switch (kind) {
            case KeyboardKind::kName:
            case KeyboardKind::kText:
            case KeyboardKind::kReceipt:
                out += static_cast<char>(std::toupper(u));
                break;
            case KeyboardKind::kEmail:
                out += static_cast<char>(std::tolower(u));
                break;
            case KeyboardKind::kDigits:
            case KeyboardKind::kPin:
                if (std::isdigit(u)) {
                    out += c;
                }
                break;
            case KeyboardKind::kPhone:
                if (std::isdigit(u) || c == '+') {
                    out += c;
                }
                break;
        }
    }
    return out;
}

std::string key_for(KeyboardKind kind, char c) {
    if (c == ' ') {
        for (const auto& row : keyboard_rows(kind)) {
            for (const auto& k : row) {
                if (k.action == A::kSpace) {
                    return k.id;
                }
            }
        }
        return {};
    }
    for (const auto& row : keyboard_rows(kind)) {
        for (const auto& k : row) {
            if (k.action == A::kInsert && k.id.size() == 1 && k.id[0] == c) {
                return k.id;
            }
        }
    }
    return {};
}

}  // namespace anjungan::ui
