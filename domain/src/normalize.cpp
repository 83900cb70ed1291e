#include "anjungan/domain/normalize.hpp"

#include <algorithm>
#include <cstdint>

namespace anjungan::domain {

namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i. Invalid bytes
// come back as themselves (0x80..0xFF) so nothing is silently lost.
char32_t next_code_point(std::string_view s, std::size_t& i, bool& invalid) {
    invalid = false;
    const auto b0 = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) -> int {
        if (i + k >= s.size()) {
            return -1;
        }
        const auto b = static_cast<unsigned char>(s[i + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    if ((b0 & 0xE0) == 0xC0 && cont(1) >= 0) {
        const char32_t cp = (char32_t(b0 & 0x1F) << 6) | char32_t(cont(1));
        i += 2;
        return cp;
    }
    if ((b0 & 0xF0) == 0xE0 && cont(1) >= 0 && cont(2) >= 0) {
        const char32_t cp =
            (char32_t(b0 & 0x0F) << 12) | (char32_t(cont(1)) << 6) | char32_t(cont(2));
        i += 3;
        return cp;
    }
    if ((b0 & 0xF8) == 0xF0 && cont(1) >= 0 && cont(2) >= 0 && cont(3) >= 0) {
        const char32_t cp = (char32_t(b0 & 0x07) << 18) | (char32_t(cont(1)) << 12) |
                            (char32_t(cont(2)) << 6) | char32_t(cont(3));
        i += 4;
        return cp;
    }
    ++i;
    invalid = true;
    return b0;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_space(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

bool is_invisible(char32_t cp) {
    return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629, Table 3-7 of Unicode), or 0.
std::size_t well_formed_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
    };
    const unsigned b0 = b(0);
    auto tail = [&](std::size_t k) { return b(k) >= 0x80 && b(k) <= 0xBF; };
    if (b0 < 0x80) {
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        return tail(1) ? 2 : 0;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
        return b(1) >= lo && b(1) <= hi && tail(2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
        return b(1) >= lo && b(1) <= hi && tail(2) && tail(3) ? 4 : 0;
    }
    return 0;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = well_formed_length(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::size_t count_characters(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++count) {
        i += std::max<std::size_t>(1, well_formed_length(s, i));
    }
    return count;
}

std::string replace_invalid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = well_formed_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string normalize_text(std::string_view input) {
    std::string out;
    out.reserve(input.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < input.size();) {
        bool invalid = false;
        char32_t cp = next_code_point(input, i, invalid);
        if (invalid) {
            if (pending_space) {
                out += ' ';
                pending_space = false;
            }
            out += static_cast<char>(cp);  // an invalid byte, kept so the validator can name it
            continue;
        }
        if (is_invisible(cp)) {
            continue;
        }
        if (is_space(cp)) {
            pending_space = !out.empty();
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            cp -= 0xFEE0;  // full-width ASCII forms
        } else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) {
            cp = '-';  // hyphens, dashes and the minus sign
        } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x0060 || cp == 0x00B4) {
            cp = '\'';  // typographic apostrophes, as in Ma'ruf
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        append_utf8(out, cp);
    }
    return out;
}

std::string normalize_number(std::string_view input) {
    const std::string text = normalize_text(input);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c != ' ' && c != '-' && c != '.') {
            out += c;
        }
    }
    return out;
}

bool all_digits(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace anjungan::domain
