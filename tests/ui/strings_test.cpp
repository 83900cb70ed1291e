// The string catalogue (ui/strings.inc): every entry named, in both languages, with the same
// printf placeholders in each (a missing %d in one language is undefined behaviour at run time).
#include "strings.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace anjungan::ui {
namespace {

// The printf conversions of `s` in order ("d", "s", ...), "%%" left out; flags, width,
// precision and length modifiers are skipped. An unfinished '%' at the end gives "?".
std::vector<std::string> conversions(std::string_view s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            continue;
        }
        ++i;
        if (i < s.size() && s[i] == '%') {
            continue;
        }
        while (i < s.size() && std::strchr("-+ #0123456789.*hljztL", s[i]) != nullptr) {
            ++i;
        }
        out.push_back(i < s.size() ? std::string(1, s[i]) : std::string("?"));
    }
    return out;
}

TEST(Conversions, FindsThePlaceholdersInOrder) {
    EXPECT_EQ(conversions("Step %d of %d"), (std::vector<std::string>{"d", "d"}));
    EXPECT_EQ(conversions("Staff mode: %s"), (std::vector<std::string>{"s"}));
    EXPECT_EQ(conversions("100%% sure %5.2f %lu"), (std::vector<std::string>{"f", "u"}));
    EXPECT_EQ(conversions("no placeholder"), std::vector<std::string>{});
    EXPECT_EQ(conversions("dangling %"), (std::vector<std::string>{"?"}));
}

TEST(Catalogue, EveryEntryHasANameAndBothTexts) {
    ASSERT_GT(catalogue_size(), 50u);
    for (std::size_t i = 0; i < catalogue_size(); ++i) {
        const auto& e = catalogue_entry(static_cast<S>(i));
        SCOPED_TRACE(std::string(e.name));
        EXPECT_FALSE(e.name.empty());
        EXPECT_EQ(e.name.substr(0, 1), "k");
        EXPECT_FALSE(e.id.empty());
        EXPECT_FALSE(e.en.empty());
        // No stray spaces at either end: they would shift centred button labels.
        for (std::string_view t : {e.id, e.en}) {
            if (!t.empty()) {
                EXPECT_NE(t.front(), ' ') << t;
                EXPECT_NE(t.back(), ' ') << t;
            }
        }
    }
}

TEST(Catalogue, NamesAreUnique) {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < catalogue_size(); ++i) {
        const auto& e = catalogue_entry(static_cast<S>(i));
        EXPECT_TRUE(names.insert(e.name).second) << e.name << " repeats";
    }
    EXPECT_EQ(names.size(), catalogue_size());
}

TEST(Catalogue, BothLanguagesHaveTheSamePlaceholders) {
    int with_placeholders = 0;
    for (std::size_t i = 0; i < catalogue_size(); ++i) {
        const auto& e = catalogue_entry(static_cast<S>(i));
        SCOPED_TRACE(std::string(e.name));
        const auto id = conversions(e.id), en = conversions(e.en);
        EXPECT_EQ(id, en) << "id: \"" << e.id << "\"\nen: \"" << e.en << "\"";
        for (const auto& c : id) {
            // The screens pass ints and C strings only.
            EXPECT_TRUE(c == "d" || c == "s") << "%" << c << " in \"" << e.id << "\"";
        }
        with_placeholders += !id.empty();
    }
    EXPECT_GE(with_placeholders, 5);  // kStepOf, kIdleBody, kPage, ... are there
}

TEST(Catalogue, TrGivesEachLanguagesText) {
    for (std::size_t i = 0; i < catalogue_size(); ++i) {
        const S s = static_cast<S>(i);
        const auto& e = catalogue_entry(s);
        const char* id = tr(s, domain::Lang::kId);
        const char* en = tr(s, domain::Lang::kEn);
        ASSERT_NE(id, nullptr);
        ASSERT_NE(en, nullptr);
        // NUL-terminated right where the catalogue entry ends (ImGui reads up to the NUL).
        EXPECT_EQ(std::string_view(id), e.id) << e.name;
        EXPECT_EQ(std::string_view(en), e.en) << e.name;
    }
    EXPECT_STREQ(tr(S::kNext, domain::Lang::kId), "Lanjut");
    EXPECT_STREQ(tr(S::kNext, domain::Lang::kEn), "Next");
    EXPECT_EQ(catalogue_entry(S::kNext).name, "kNext");
    EXPECT_STREQ(tr(S::kStepOf, domain::Lang::kEn), "Step %d of %d");
}

TEST(Catalogue, MostEntriesAreTranslated) {
    // A copy-pasted Indonesian text in the English column (or the reverse) slips by easily;
    // a few entries are the same on purpose (language names, "OK", "E-mail").
    int same = 0;
    for (std::size_t i = 0; i < catalogue_size(); ++i) {
        const auto& e = catalogue_entry(static_cast<S>(i));
        same += e.id == e.en;
    }
    EXPECT_LT(same * 5, static_cast<int>(catalogue_size())) << same << " entries are the same";
}

}  // namespace
}  // namespace anjungan::ui
