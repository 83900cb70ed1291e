// The on-screen keyboards without a window: what a key does to the text (apply_key), which key
// types a character (key_for), and that every layout can type what the autopilot and a real
// person must type on it.
#include "keyboard.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/samples/sample_case.hpp"
#include "form_fields.hpp"

namespace anjungan::ui {
namespace {

using A = Key::Action;

const KeyboardKind kAllKinds[] = {
    KeyboardKind::kName,  KeyboardKind::kText,    KeyboardKind::kDigits, KeyboardKind::kPhone,
    KeyboardKind::kEmail, KeyboardKind::kReceipt, KeyboardKind::kPin};

const char* kind_name(KeyboardKind k) {
    switch (k) {
        case KeyboardKind::kName:
            return "name";
        case KeyboardKind::kText:
            return "text";
        case KeyboardKind::kDigits:
            return "digits";
        case KeyboardKind::kPhone:
            return "phone";
        case KeyboardKind::kEmail:
            return "email";
        case KeyboardKind::kReceipt:
            return "receipt";
        case KeyboardKind::kPin:
            return "pin";
    }
    return "?";
}

Key insert(const std::string& s) {
    return {s, s, A::kInsert, 1};
}
const Key kBackspaceKey{"backspace", "", A::kBackspace, 1};
const Key kClearKey{"clear", "", A::kClear, 1};
const Key kSpaceKey{"space", "", A::kSpace, 1};

// The key of `kind` with this id, or nullptr.
const Key* find_key(KeyboardKind kind, const std::string& id) {
    for (const auto& row : keyboard_rows(kind)) {
        for (const auto& k : row) {
            if (k.id == id) {
                return &k;
            }
        }
    }
    return nullptr;
}

// Types `text` key by key on `kind` as a person would; returns what the field then holds.
// Fails the test for a character no key types.
std::string type_on(KeyboardKind kind, const std::string& text, std::size_t max_chars) {
    std::string value;
    for (char c : text) {
        const std::string id = key_for(kind, c);
        EXPECT_FALSE(id.empty()) << "no key types '" << c << "' on the " << kind_name(kind)
                                 << " keyboard";
        if (id.empty()) {
            continue;
        }
        const Key* k = find_key(kind, id);
        EXPECT_NE(k, nullptr) << "key_for gave '" << id << "', which the " << kind_name(kind)
                              << " keyboard does not have";
        if (k != nullptr) {
            value = apply_key(value, *k, max_chars);
        }
    }
    return value;
}

// [SECTION] apply_key

TEST(ApplyKey, InsertAppendsTheKeysText) {
    EXPECT_EQ(apply_key("", insert("A"), 10), "A");
    EXPECT_EQ(apply_key("AB", insert("C"), 10), "ABC");
    EXPECT_EQ(apply_key("siti", insert(".go.id"), 64), "siti.go.id");
}

TEST(ApplyKey, InsertStopsAtTheMaximumLength) {
    EXPECT_EQ(apply_key("ABC", insert("D"), 4), "ABCD");
    EXPECT_EQ(apply_key("ABCD", insert("E"), 4), "ABCD");
    // A multi-character key that would pass the limit is refused whole, not cut.
    EXPECT_EQ(apply_key("abc", insert(".go.id"), 8), "abc");
    EXPECT_EQ(apply_key("ab", insert(".go.id"), 8), "ab.go.id");
    EXPECT_EQ(apply_key("", insert("1"), 0), "");
}

TEST(ApplyKey, TheMaximumCountsCharactersNotBytes) {
    const std::string e_acute = "\xC3\x89";        // É, 2 bytes
    const std::string euro = "\xE2\x82\xAC";       // €, 3 bytes
    const std::string emoji = "\xF0\x9F\x99\x82";  // 🙂, 4 bytes
    // Three characters of up to four bytes each fit in max 3.
    std::string v = apply_key("", insert(e_acute), 3);
    v = apply_key(v, insert(euro), 3);
    v = apply_key(v, insert(emoji), 3);
    EXPECT_EQ(v, e_acute + euro + emoji);
    EXPECT_EQ(v.size(), 9u);
    // The fourth character is refused, whatever its size.
    EXPECT_EQ(apply_key(v, insert("A"), 3), v);
    EXPECT_EQ(apply_key(v, insert(e_acute), 3), v);
    EXPECT_EQ(apply_key("AB", insert(emoji), 3), "AB" + emoji);
    EXPECT_EQ(apply_key("ABC", insert(emoji), 3), "ABC");
}

TEST(ApplyKey, BackspaceRemovesOneWholeCharacter) {
    EXPECT_EQ(apply_key("ABC", kBackspaceKey, 10), "AB");
    EXPECT_EQ(apply_key("A", kBackspaceKey, 10), "");
    EXPECT_EQ(apply_key("", kBackspaceKey, 10), "");
    EXPECT_EQ(apply_key("A\xC3\x89", kBackspaceKey, 10), "A");          // 2 bytes
    EXPECT_EQ(apply_key("A\xE2\x82\xAC", kBackspaceKey, 10), "A");      // 3 bytes
    EXPECT_EQ(apply_key("A\xF0\x9F\x99\x82", kBackspaceKey, 10), "A");  // 4 bytes
    EXPECT_EQ(apply_key("\xC3\x89\xC3\x89", kBackspaceKey, 10), "\xC3\x89");
    // Backspace works even on a value longer than the limit (typed elsewhere, e.g. review).
    EXPECT_EQ(apply_key("ABCDEF", kBackspaceKey, 3), "ABCDE");
}

TEST(ApplyKey, ClearEmptiesTheField) {
    EXPECT_EQ(apply_key("SITI RAHMAWATI", kClearKey, 80), "");
    EXPECT_EQ(apply_key("", kClearKey, 80), "");
    EXPECT_EQ(apply_key("\xC3\x89", kClearKey, 1), "");
}

TEST(ApplyKey, SpaceNeverLeadsNorDoubles) {
    EXPECT_EQ(apply_key("", kSpaceKey, 10), "");
    EXPECT_EQ(apply_key("SITI", kSpaceKey, 10), "SITI ");
    EXPECT_EQ(apply_key("SITI ", kSpaceKey, 10), "SITI ");
    EXPECT_EQ(apply_key("SITI", kSpaceKey, 4), "SITI");  // the limit holds for spaces too
    // Typing "A  B" with two spaces gives one.
    std::string v;
    for (const Key& k : {insert("A"), kSpaceKey, kSpaceKey, insert("B")}) {
        v = apply_key(v, k, 10);
    }
    EXPECT_EQ(v, "A B");
}

// [SECTION] layouts

TEST(KeyboardLayout, EveryLayoutHasKeysWithUniqueIds) {
    for (KeyboardKind kind : kAllKinds) {
        SCOPED_TRACE(kind_name(kind));
        std::set<std::string> ids;
        int keys = 0;
        for (const auto& row : keyboard_rows(kind)) {
            EXPECT_FALSE(row.empty());
            for (const auto& k : row) {
                ++keys;
                EXPECT_FALSE(k.id.empty());
                EXPECT_GT(k.width, 0.f) << k.id;
                EXPECT_TRUE(ids.insert(k.id).second) << "the key id '" << k.id << "' repeats";
                if (k.action == A::kInsert) {
                    EXPECT_FALSE(k.label.empty()) << k.id;
                }
            }
        }
        EXPECT_GE(keys, 11);
        // Every layout can correct a mistake.
        EXPECT_NE(find_key(kind, "backspace"), nullptr);
    }
}

TEST(KeyboardLayout, EveryNumericPadHasTheTenDigits) {
    for (KeyboardKind kind : {KeyboardKind::kDigits, KeyboardKind::kPhone, KeyboardKind::kPin,
                              KeyboardKind::kText, KeyboardKind::kEmail, KeyboardKind::kReceipt}) {
        for (char d = '0'; d <= '9'; ++d) {
            EXPECT_EQ(key_for(kind, d), std::string(1, d)) << kind_name(kind);
        }
    }
    EXPECT_EQ(key_for(KeyboardKind::kPhone, '+'), "+");
    EXPECT_EQ(key_for(KeyboardKind::kDigits, '+'), "");
    EXPECT_EQ(key_for(KeyboardKind::kDigits, 'A'), "");
}

TEST(KeyboardLayout, KeyForNamesTheSpaceKeyAndNothingForMissingCharacters) {
    EXPECT_EQ(key_for(KeyboardKind::kName, ' '), "space");
    EXPECT_EQ(key_for(KeyboardKind::kText, ' '), "space");
    EXPECT_EQ(key_for(KeyboardKind::kDigits, ' '), "");
    EXPECT_EQ(key_for(KeyboardKind::kEmail, ' '), "");  // e-mail addresses have no spaces
    EXPECT_EQ(key_for(KeyboardKind::kName, 'a'), "");   // names are typed in capitals
    EXPECT_EQ(key_for(KeyboardKind::kEmail, 'A'), "");  // e-mail in small letters
    EXPECT_EQ(key_for(KeyboardKind::kName, '\0'), "");
}

TEST(KeyboardLayout, TheEmailKeyboardHasAtAndDot) {
    EXPECT_EQ(key_for(KeyboardKind::kEmail, '@'), "@");
    EXPECT_EQ(key_for(KeyboardKind::kEmail, '.'), ".");
    EXPECT_EQ(key_for(KeyboardKind::kEmail, '-'), "-");
    EXPECT_EQ(key_for(KeyboardKind::kEmail, '_'), "_");
    for (char c = 'a'; c <= 'z'; ++c) {
        EXPECT_EQ(key_for(KeyboardKind::kEmail, c), std::string(1, c));
    }
    const Key* go_id = find_key(KeyboardKind::kEmail, ".go.id");
    ASSERT_NE(go_id, nullptr);
    EXPECT_EQ(apply_key("siti@palangkaraya", *go_id, 64), "siti@palangkaraya.go.id");
}

TEST(KeyboardLayout, NameAndTextKeyboardsHaveEveryCapitalLetter) {
    for (KeyboardKind kind : {KeyboardKind::kName, KeyboardKind::kText}) {
        for (char c = 'A'; c <= 'Z'; ++c) {
            EXPECT_EQ(key_for(kind, c), std::string(1, c)) << kind_name(kind);
        }
    }
    for (char c : std::string("'.,-")) {
        EXPECT_FALSE(key_for(KeyboardKind::kName, c).empty()) << c;
    }
    for (char c : std::string(".,-/()")) {
        EXPECT_FALSE(key_for(KeyboardKind::kText, c).empty()) << c;
    }
}

// Every character the autopilot types for the sample applicant has a key on its field's
// keyboard, and typing it key by key gives the text (within the field's length).
TEST(KeyboardLayout, TheSampleApplicantCanBeTypedOnEveryFieldsKeyboard) {
    const auto a = samples::sample_applicant();
    int typed_fields = 0;
    for (kiosk::Screen s :
         {kiosk::Screen::kIdentity, kiosk::Screen::kContact, kiosk::Screen::kWork}) {
        for (const auto& f : fields(s)) {
            if (!f.choices.empty() || f.picker) {
                continue;  // chosen, not typed
            }
            SCOPED_TRACE(f.name);
            const std::string text = typeable(f.keyboard, value_of(a, f.name));
            EXPECT_EQ(type_on(f.keyboard, text, f.max_chars), text);
            typed_fields += !text.empty();
        }
    }
    // full_name, nik, nip, email, phone, position, office_province, office_city, office_address
    // (certificate_name is empty).
    EXPECT_EQ(typed_fields, 9);
}

TEST(KeyboardLayout, TheSampleValuesGoOnTheExpectedKeyboards) {
    const auto a = samples::sample_applicant();
    EXPECT_EQ(type_on(KeyboardKind::kName, "DR. SITI RAHMAWATI, S.KOM., M.SI.", 80),
              "DR. SITI RAHMAWATI, S.KOM., M.SI.");
    EXPECT_EQ(typeable(KeyboardKind::kName, a.full_name), "DR. SITI RAHMAWATI, S.KOM., M.SI.");
    EXPECT_EQ(type_on(KeyboardKind::kText, typeable(KeyboardKind::kText, a.office_address), 160),
              "JL. TJILIK RIWUT KM. 5,5");
    EXPECT_EQ(type_on(KeyboardKind::kText, typeable(KeyboardKind::kText, a.office_city), 60),
              "KOTA PALANGKA RAYA");
    EXPECT_EQ(type_on(KeyboardKind::kText, typeable(KeyboardKind::kText, a.office_province), 60),
              "KALIMANTAN TENGAH");
    EXPECT_EQ(type_on(KeyboardKind::kText, typeable(KeyboardKind::kText, a.position), 100),
              "PRANATA KOMPUTER AHLI MUDA");
    EXPECT_EQ(type_on(KeyboardKind::kEmail, a.email, 64), "siti.rahmawati@palangkaraya.go.id");
    EXPECT_EQ(type_on(KeyboardKind::kDigits, a.nik, 16), a.nik);
    EXPECT_EQ(type_on(KeyboardKind::kDigits, a.nip, 18), a.nip);
    EXPECT_EQ(type_on(KeyboardKind::kPhone, typeable(KeyboardKind::kPhone, a.phone), 16),
              "081234567890");
    EXPECT_EQ(type_on(KeyboardKind::kPhone, "+6281234567890", 16), "+6281234567890");
    // A NIK typed past its 16 digits stops at 16.
    EXPECT_EQ(type_on(KeyboardKind::kDigits, a.nik + "99", 16), a.nik);
}

// [SECTION] the receipt keyboard

TEST(ReceiptKeyboard, HasNoLettersReceiptNumbersLeaveOut) {
    for (const auto& row : keyboard_rows(KeyboardKind::kReceipt)) {
        for (const auto& k : row) {
            if (k.action != A::kInsert) {
                continue;
            }
            for (char c : std::string("ILOU")) {
                EXPECT_EQ(k.id.find(c), std::string::npos) << k.id;
                EXPECT_EQ(k.label.find(c), std::string::npos) << k.label;
            }
        }
    }
    for (char c : std::string("ILOUilou")) {
        EXPECT_EQ(key_for(KeyboardKind::kReceipt, c), "") << c;
    }
}

TEST(ReceiptKeyboard, TypesEveryCharacterOfTheReceiptAlphabet) {
    // Crockford's base 32 (platform/receipt_number.hpp) and the dash.
    for (char c : std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ-")) {
        EXPECT_EQ(key_for(KeyboardKind::kReceipt, c), std::string(1, c)) << c;
    }
    EXPECT_NE(find_key(KeyboardKind::kReceipt, "clear"), nullptr);
}

TEST(ReceiptKeyboard, TypesRealReceiptNumbers) {
    EXPECT_EQ(type_on(KeyboardKind::kReceipt, "PKY1-261124-0001-6", 24), "PKY1-261124-0001-6");
    // Numbers the platform makes, over enough counters to meet every check character.
    std::set<char> checks;
    for (int counter = 1; counter <= 400; ++counter) {
        const std::string no =
            domain::make_receipt_number("PKY1", platform::CivilDate{2026, 11, 24}, counter);
        checks.insert(no.back());
        ASSERT_EQ(type_on(KeyboardKind::kReceipt, no, 24), no);
        ASSERT_TRUE(domain::parse_receipt_number(no).has_value()) << no;
    }
    EXPECT_GE(checks.size(), 20u);  // most of the 32 check characters were typed
}

}  // namespace
}  // namespace anjungan::ui
