// Signing in to the console: sessions by the hash of a 256-bit cookie, idle and absolute
// timeouts, failures slowed then locked per account and per address, disabled accounts, CSRF
// token comparison. Time comes from a FixedClock the tests move.
#include "anjungan/office/console_auth.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "anjungan/office/accounts.hpp"
#include "anjungan/platform/crypto.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using namespace std::chrono_literals;
using Outcome = SignInResult::Outcome;

class ConsoleAuthTest : public ::testing::Test {
  protected:
    void SetUp() override {
        platform::init_crypto();
        storage_ = open_sqlite_storage(dir_.path());
        auth_ = std::make_unique<ConsoleAuth>(*storage_, clock_);
        add("kadis", Role::kHead, "Sungai Kahayan 7");
        add("kasi", Role::kSectionHead, "Bukit Raya 2278");
    }
    void add(const std::string& name, Role role, const std::string& password) {
        NewStaff n;
        n.name = name;
        n.role = role;
        n.token_hash = platform::sha256_hex("token-" + name);
        n.password_hash = hash_password(password);
        storage_->add_staff(n, platform::format_utc(clock_.now()));
    }
    bool audited(const std::string& action) {
        for (const auto& e : storage_->audit_log(1000)) {
            if (e.action == action) {
                return true;
            }
        }
        return false;
    }

    test::TempDir dir_;
    std::unique_ptr<Storage> storage_;
    platform::FixedClock clock_{platform::utc_time(2026, 12, 3, 1, 0)};
    std::unique_ptr<ConsoleAuth> auth_;
};

TEST_F(ConsoleAuthTest, SigningInGivesASessionStoredOnlyByItsCookiesHash) {
    const auto r = auth_->sign_in("kadis", "Sungai Kahayan 7", "10.0.0.5");
    ASSERT_EQ(r.outcome, Outcome::kOk) << r.message_en;
    EXPECT_EQ(r.cookie.size(), 43u);  // 256 bits in base64url
    EXPECT_EQ(r.csrf.size(), 43u);
    EXPECT_NE(r.cookie, r.csrf);
    EXPECT_FALSE(storage_->console_session(r.cookie));  // the cookie itself is not kept
    EXPECT_TRUE(storage_->console_session(platform::sha256_hex(r.cookie)));
    const auto s = auth_->session(r.cookie);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->staff.name, "kadis");
    EXPECT_EQ(s->staff.role, Role::kHead);
    EXPECT_TRUE(ConsoleAuth::same_token(s->csrf, r.csrf));
    EXPECT_FALSE(ConsoleAuth::same_token(s->csrf, r.cookie));
    EXPECT_FALSE(ConsoleAuth::same_token("", ""));
    EXPECT_FALSE(auth_->session("not-a-cookie"));
    EXPECT_FALSE(auth_->session(""));
    EXPECT_TRUE(audited("console.sign_in"));

    auth_->sign_out(r.cookie);
    EXPECT_FALSE(auth_->session(r.cookie));
    EXPECT_TRUE(audited("console.sign_out"));
}

TEST_F(ConsoleAuthTest, SessionsEndWhenIdleAndTwelveHoursAfterSigningInHoweverBusy) {
    const auto a = auth_->sign_in("kadis", "Sungai Kahayan 7", "10.0.0.5");
    clock_.advance(29min);
    EXPECT_TRUE(auth_->session(a.cookie));  // in use: the idle time starts again
    clock_.advance(29min);
    EXPECT_TRUE(auth_->session(a.cookie));
    clock_.advance(30min);
    EXPECT_FALSE(auth_->session(a.cookie));  // 30 minutes without a request
    clock_.advance(-30min);
    EXPECT_FALSE(auth_->session(a.cookie));  // ended, not just expired

    const auto b = auth_->sign_in("kadis", "Sungai Kahayan 7", "10.0.0.5");
    for (int i = 0; i < 12 * 3 - 1; ++i) {  // busy all day, a request every 20 minutes
        clock_.advance(20min);
        ASSERT_TRUE(auth_->session(b.cookie)) << "after " << (i + 1) * 20 << " min";
    }
    clock_.advance(20min);  // 12 hours after signing in
    EXPECT_FALSE(auth_->session(b.cookie));
}

TEST_F(ConsoleAuthTest, FailuresAreSlowedThenLockedAndThePasswordIsNotLookedAtMeanwhile) {
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(auth_->sign_in("kadis", "wrong password", "10.0.0.5").outcome, Outcome::kWrong);
    }
    // The third failure starts the delays: 2 s, then 4 s, 8 s, ...
    const auto third = auth_->sign_in("kadis", "wrong password", "10.0.0.5");
    EXPECT_EQ(third.outcome, Outcome::kWrong);
    EXPECT_EQ(third.message_en, "Wrong user name or password.");
    const auto wait = auth_->sign_in("kadis", "Sungai Kahayan 7", "10.0.0.5");  // even right
    EXPECT_EQ(wait.outcome, Outcome::kWait);
    EXPECT_EQ(wait.wait_seconds, 2);
    EXPECT_TRUE(wait.cookie.empty());
    clock_.advance(2s);
    EXPECT_EQ(auth_->sign_in("kadis", "wrong password", "10.0.0.5").outcome, Outcome::kWrong);
    EXPECT_EQ(auth_->sign_in("kadis", "wrong password", "10.0.0.5").wait_seconds, 4);
    // Keep failing until the tenth: locked for 15 minutes.
    for (int n = 5; n <= 10; ++n) {
        clock_.advance(10min);
        ASSERT_EQ(auth_->sign_in("kadis", "wrong password", "10.0.0.5").outcome, Outcome::kWrong)
            << n;
    }
    const auto locked = auth_->sign_in("kadis", "Sungai Kahayan 7", "10.0.0.9");  // elsewhere
    EXPECT_EQ(locked.outcome, Outcome::kLocked);
    EXPECT_EQ(locked.wait_seconds, 15 * 60);
    EXPECT_NE(locked.message_en.find("locked for 15 minutes"), std::string::npos);
    EXPECT_TRUE(audited("console.locked"));
    EXPECT_TRUE(audited("console.sign_in_refused"));
    // Another account from the same address is held too: the address has failed ten times.
    EXPECT_EQ(auth_->sign_in("kasi", "Bukit Raya 2278", "10.0.0.5").outcome, Outcome::kLocked);
    EXPECT_EQ(auth_->sign_in("kasi", "Bukit Raya 2278", "10.0.0.7").outcome, Outcome::kOk);

    clock_.advance(15min);
    const auto back = auth_->sign_in("kadis", "Sungai Kahayan 7", "10.0.0.9");
    ASSERT_EQ(back.outcome, Outcome::kOk) << back.message_en;
    // A success clears the account's count: one failure is not slowed again.
    EXPECT_EQ(auth_->sign_in("kadis", "wrong password", "10.0.0.9").outcome, Outcome::kWrong);
    EXPECT_EQ(auth_->sign_in("kadis", "Sungai Kahayan 7", "10.0.0.9").outcome, Outcome::kOk);
}

// A hash made with weaker parameters than today's is replaced at the next good sign-in.
TEST_F(ConsoleAuthTest, AnOldHashIsRemadeAtSignIn) {
    char weak[crypto_pwhash_STRBYTES];
    const std::string pw = "Sungai Kahayan 7";
    ASSERT_EQ(crypto_pwhash_str_alg(weak, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_MIN,
                                    crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
              0);
    storage_->set_staff_password("kadis", weak, "test", "2026-12-03T00:00:00Z");
    ASSERT_TRUE(password_needs_rehash(storage_->staff_password_hash("kadis")));
    ASSERT_EQ(auth_->sign_in("kadis", pw, "10.0.0.5").outcome, Outcome::kOk);
    const std::string now = storage_->staff_password_hash("kadis");
    EXPECT_FALSE(password_needs_rehash(now));
    EXPECT_NE(now, std::string(weak));
    EXPECT_TRUE(verify_password(now, pw));
}

TEST_F(ConsoleAuthTest, UnknownNamesAndTokenOnlyAccountsAreWrongPasswords) {
    EXPECT_EQ(auth_->sign_in("nobody", "Sungai Kahayan 7", "10.0.0.5").outcome, Outcome::kWrong);
    storage_->add_staff("api.only", Role::kVerifier, platform::sha256_hex("t"),
                        "2026-12-03T00:00:00Z");
    EXPECT_EQ(auth_->sign_in("api.only", "", "10.0.0.5").outcome, Outcome::kWrong);
    EXPECT_EQ(auth_->sign_in("api.only", "anything at all", "10.0.0.5").outcome, Outcome::kWrong);
}

TEST_F(ConsoleAuthTest, DisablingAnAccountEndsItsSessionsAndItCannotSignIn) {
    const auto a = auth_->sign_in("kasi", "Bukit Raya 2278", "10.0.0.5");
    const auto b = auth_->sign_in("kasi", "Bukit Raya 2278", "10.0.0.6");
    ASSERT_EQ(storage_->console_session_count("kasi"), 2);
    ASSERT_TRUE(
        storage_->set_staff_active("kasi", false, "operator", platform::format_utc(clock_.now())));
    EXPECT_EQ(storage_->console_session_count("kasi"), 0);
    EXPECT_FALSE(auth_->session(a.cookie));
    EXPECT_FALSE(auth_->session(b.cookie));
    const auto refused = auth_->sign_in("kasi", "Bukit Raya 2278", "10.0.0.5");
    EXPECT_EQ(refused.outcome, Outcome::kDisabled);
    EXPECT_NE(refused.message_en.find("disabled"), std::string::npos);
    // A wrong password of a disabled account says only "wrong".
    EXPECT_EQ(auth_->sign_in("kasi", "not the password", "10.0.0.5").outcome, Outcome::kWrong);
    storage_->set_staff_active("kasi", true, "operator", platform::format_utc(clock_.now()));
    EXPECT_EQ(auth_->sign_in("kasi", "Bukit Raya 2278", "10.0.0.5").outcome, Outcome::kOk);
}

}  // namespace
}  // namespace anjungan::office
