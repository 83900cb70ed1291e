// Table-driven tests for input normalisation (kiosk/normalize.hpp): full-width forms and
// Unicode spaces from on-screen keyboards and copy-paste, separators inside numbers.
// Expected values are worked out from the header's rules. Invisible characters are written as
// UTF-8 escapes with their code point named beside them.

#include "anjungan/domain/normalize.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace anjungan::domain {
namespace {

struct TextRow {
    const char* name;
    std::string input;
    std::string expected;
};

void PrintTo(const TextRow& row, std::ostream* os) {
    *os << row.name << " \"" << row.input << "\"";
}

template <typename T>
std::string row_name(const testing::TestParamInfo<T>& info) {
    return info.param.name;
}

// U+00A0 NO-BREAK SPACE
#define NBSP "\xC2\xA0"
// U+3000 IDEOGRAPHIC SPACE
#define IDEOGRAPHIC_SPACE "\xE3\x80\x80"
// U+2009 THIN SPACE
#define THIN_SPACE "\xE2\x80\x89"
// U+200B ZERO WIDTH SPACE
#define ZWSP "\xE2\x80\x8B"
// U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark)
#define BOM "\xEF\xBB\xBF"

const TextRow kTextRows[] = {
    {"FullWidthDigits", "６２７１", "6271"},
    {"AllTenFullWidthDigits", "０１２３４５６７８９", "0123456789"},
    {"FullWidthLetters", "ＡＢＣｘｙｚ", "ABCxyz"},
    {"FullWidthAtSign", "budi＠go.id", "budi@go.id"},
    {"FullWidthPlusAndDash", "＋６２ ８１２－３４", "+62 812-34"},
    {"NbspAroundTrimmed", NBSP "Budi" NBSP, "Budi"},
    {"NbspInsideBecomesSpace", "Budi" NBSP "Santoso", "Budi Santoso"},
    {"NbspAndSpacesCollapse", "Budi " NBSP " Santoso", "Budi Santoso"},
    {"BlanksAroundTrimmed", "   Budi Santoso   ", "Budi Santoso"},
    {"TabsAndNewlinesTrimmed", "\tBudi\r\n", "Budi"},
    {"SpacesCollapsed", "Budi    Santoso", "Budi Santoso"},
    {"IdeographicSpace", "Budi" IDEOGRAPHIC_SPACE "Santoso", "Budi Santoso"},
    {"ThinSpace", "Budi" THIN_SPACE "Santoso", "Budi Santoso"},
    {"ZeroWidthSpaceDropped", "62" ZWSP "71", "6271"},
    {"ByteOrderMarkDropped", BOM "6271", "6271"},
    {"AccentedLettersKept", "José Zoë", "José Zoë"},
    {"PlainAsciiUnchanged", "a.b@palangkaraya.go.id", "a.b@palangkaraya.go.id"},
    {"DashesAndDotsKeptInText", "0812-3456.7890", "0812-3456.7890"},
    {"Empty", "", ""},
    {"OnlyBlanks", " " NBSP " \t ", ""},
};

class NormalizeTextTable : public testing::TestWithParam<TextRow> {};

TEST_P(NormalizeTextTable, FoldsTrimsAndCollapses) {
    const TextRow& row = GetParam();
    EXPECT_EQ(normalize_text(row.input), row.expected);
}

INSTANTIATE_TEST_SUITE_P(NormalizeText, NormalizeTextTable, testing::ValuesIn(kTextRows),
                         row_name<TextRow>);

const TextRow kNumberRows[] = {
    {"DashesRemoved", "0812-3456-7890", "081234567890"},
    {"SpacesRemoved", "0812 3456 7890", "081234567890"},
    {"DotsRemoved", "6271.0101.0190.0001", "6271010101900001"},
    {"MixedSeparatorsRemoved", "1 - 2 . 3", "123"},
    {"FullWidthDigitsAndSpace", "６２７１ ０１", "627101"},
    {"FullWidthDashRemoved", "０８１２－３４", "081234"},
    {"NbspAroundAndInside", NBSP "6271" NBSP "01 ", "627101"},
    {"ZeroWidthDropped", "62" ZWSP "71", "6271"},
    {"PlusKept", "+62 812-3456", "+628123456"},
    {"LettersKeptForTheValidator", "12a3", "12a3"},
    {"Empty", "", ""},
    {"OnlySeparators", " - . ", ""},
};

class NormalizeNumberTable : public testing::TestWithParam<TextRow> {};

TEST_P(NormalizeNumberTable, RemovesSeparators) {
    const TextRow& row = GetParam();
    EXPECT_EQ(normalize_number(row.input), row.expected);
}

INSTANTIATE_TEST_SUITE_P(NormalizeNumber, NormalizeNumberTable, testing::ValuesIn(kNumberRows),
                         row_name<TextRow>);

struct DigitsRow {
    const char* name;
    std::string input;
    bool all_digits;
};

void PrintTo(const DigitsRow& row, std::ostream* os) {
    *os << row.name << " \"" << row.input << "\"";
}

const DigitsRow kDigitsRows[] = {
    {"AllTenDigits", "0123456789", true},
    {"OneDigit", "7", true},
    {"SixteenDigits", "6271010101900001", true},
    {"Empty", "", false},
    {"TrailingLetter", "12a", false},
    {"FullWidthDigitsAreNotAscii", "１２", false},
    {"LeadingSpace", " 12", false},
    {"Minus", "-1", false},
    {"Plus", "+62", false},
    {"Dot", "12.3", false},
    {"Nbsp", "12" NBSP, false},
};

class AllDigitsTable : public testing::TestWithParam<DigitsRow> {};

TEST_P(AllDigitsTable, AcceptsOnlyAsciiDigits) {
    const DigitsRow& row = GetParam();
    EXPECT_EQ(all_digits(row.input), row.all_digits);
}

INSTANTIATE_TEST_SUITE_P(AllDigits, AllDigitsTable, testing::ValuesIn(kDigitsRows),
                         row_name<DigitsRow>);

#undef NBSP
#undef IDEOGRAPHIC_SPACE
#undef THIN_SPACE
#undef ZWSP
#undef BOM

}  // namespace
}  // namespace anjungan::domain
