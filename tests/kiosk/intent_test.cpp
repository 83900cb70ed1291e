// Intents in their text form (scripts, the CLI, tests) become typed values once, at the edge.
#include <gtest/gtest.h>

#include "anjungan/kiosk/session.hpp"

namespace anjungan::kiosk {
namespace {

using K = Intent::Kind;

TEST(IntentTest, TheTextFormBecomesTypedValues) {
    EXPECT_EQ(Intent::from_text(K::kLanguage, "", "en").lang, domain::Lang::kEn);
    EXPECT_EQ(Intent::from_text(K::kLanguage, "", "id").lang, domain::Lang::kId);
    EXPECT_FALSE(Intent::from_text(K::kLanguage, "", "fr").lang.has_value());
    EXPECT_EQ(Intent::from_text(K::kRemovePage, "", "2").page, 2);
    EXPECT_EQ(Intent::from_text(K::kRemovePage, "", "two").page, 0);
    EXPECT_EQ(Intent::from_text(K::kEdit, "contact").screen, Screen::kContact);
    EXPECT_FALSE(Intent::from_text(K::kEdit, "nowhere").screen.has_value());
    EXPECT_EQ(Intent::from_text(K::kRetake, "letter").document, domain::DocumentKind::kLetter);
    const auto reprint = Intent::from_text(K::kAdminAction, "reprint", "PKY1-261124-0001-X");
    EXPECT_EQ(reprint.action, AdminAction::kReprint);
    EXPECT_EQ(reprint.value, "PKY1-261124-0001-X");
    const auto unknown = Intent::from_text(K::kAdminAction, "format_disk");
    EXPECT_FALSE(unknown.action.has_value());
    EXPECT_EQ(unknown.field, "format_disk");  // named in the refusal
}

TEST(IntentTest, TypedIntentsCarryTheirTextFormToo) {
    const auto a = Intent::admin(AdminAction::kOutOfService, "on");
    EXPECT_EQ(a.kind, K::kAdminAction);
    EXPECT_EQ(a.field, "out_of_service");
    EXPECT_EQ(Intent::from_text(a.kind, a.field, a.value).action, AdminAction::kOutOfService);
    EXPECT_EQ(Intent::remove_page(3).value, "3");
    EXPECT_EQ(Intent::language(domain::Lang::kEn).value, "en");
    EXPECT_EQ(Intent::edit(Screen::kWork).field, "work");
    EXPECT_EQ(Intent::retake(domain::DocumentKind::kSelfie).field, "selfie");
}

TEST(IntentTest, EveryAdminActionHasACodeThatReadsBack) {
    for (auto a : {AdminAction::kRefresh, AdminAction::kTestPrint, AdminAction::kTestCapture,
                   AdminAction::kTestScan, AdminAction::kReprint, AdminAction::kOutOfService,
                   AdminAction::kRestart, AdminAction::kSync, AdminAction::kLock}) {
        EXPECT_EQ(admin_action_from_code(to_code(a)), a) << to_code(a);
    }
    EXPECT_FALSE(admin_action_from_code("").has_value());
}

}  // namespace
}  // namespace anjungan::kiosk
