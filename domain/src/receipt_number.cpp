#include "anjungan/domain/receipt_number.hpp"

#include <cstdio>
#include <stdexcept>

#include "anjungan/platform/config.hpp"

namespace anjungan::domain {

namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kBase = 32;

int value_of(char c) {
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Luhn mod N (N = 32): doubles every second value from the right, folding in base N.
char check_character(std::string_view payload) {
    int factor = 2;
    int sum = 0;
    for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
        int addend = factor * value_of(*it);
        factor = factor == 2 ? 1 : 2;
        addend = addend / kBase + addend % kBase;
        sum += addend;
    }
    const int remainder = sum % kBase;
    return kAlphabet[static_cast<std::size_t>((kBase - remainder) % kBase)];
}

// Crockford's reading of a typed character: case-insensitive, O as 0, I and L as 1.
char canonical(char c) {
    if (c >= 'a' && c <= 'z') {
        c = static_cast<char>(c - 'a' + 'A');
    }
    if (c == 'O') {
        return '0';
    }
    if (c == 'I' || c == 'L') {
        return '1';
    }
    return c;
}

}  // namespace

std::string make_receipt_number(std::string_view kiosk_id, const platform::CivilDate& date,
                                int counter) {
    if (const auto why = platform::kiosk_id_problem(std::string(kiosk_id)); !why.empty()) {
        throw std::invalid_argument("kiosk id '" + std::string(kiosk_id) + "' " + why);
    }
    if (date.year < 2000 || date.year > 2099 ||
        !platform::is_valid_date(date.year, date.month, date.day)) {
        throw std::invalid_argument("receipt date out of range: " + platform::format_date(date));
    }
    if (counter < 1 || counter > kMaxDailyReceipts) {
        throw std::invalid_argument("receipt counter out of range: " + std::to_string(counter));
    }
    char middle[32];
    std::snprintf(middle, sizeof middle, "%02d%02d%02d-%04d", date.year % 100, date.month, date.day,
                  counter);
    const std::string body = std::string(kiosk_id) + "-" + middle;
    std::string payload;
    for (char c : body) {
        if (c != '-') {
            payload += c;
        }
    }
    return body + "-" + check_character(payload);
}

std::optional<ReceiptNumber> parse_receipt_number(std::string_view text) {
    std::string compact;
    for (char c : text) {
        if (c == '-' || c == ' ') {
            continue;
        }
        compact += canonical(c);
    }
    // kiosk id (2..8) + YYMMDD + NNNN + check
    if (compact.size() < 2 + 6 + 4 + 1 || compact.size() > 8 + 6 + 4 + 1) {
        return std::nullopt;
    }
    for (char c : compact) {
        if (value_of(c) < 0) {
            return std::nullopt;
        }
    }
    const std::size_t k = compact.size() - 11;
    const std::string payload = compact.substr(0, compact.size() - 1);
    if (check_character(payload) != compact.back()) {
        return std::nullopt;
    }
    auto digits = [&](std::size_t from, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (compact[i] < '0' || compact[i] > '9') {
                return false;
            }
            out = out * 10 + (compact[i] - '0');
        }
        return true;
    };
    int yy = 0, mm = 0, dd = 0, counter = 0;
    if (!digits(k, 2, yy) || !digits(k + 2, 2, mm) || !digits(k + 4, 2, dd) ||
        !digits(k + 6, 4, counter) || counter == 0 || !platform::is_valid_date(2000 + yy, mm, dd)) {
        return std::nullopt;
    }
    ReceiptNumber r;
    r.kiosk_id = compact.substr(0, k);
    if (!platform::kiosk_id_problem(r.kiosk_id).empty()) {
        return std::nullopt;
    }
    r.date = {2000 + yy, mm, dd};
    r.counter = counter;
    r.text = make_receipt_number(r.kiosk_id, r.date, counter);
    return r;
}

}  // namespace anjungan::domain
