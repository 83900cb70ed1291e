// Over 600 lines: admin mode's security core is tested as one: the registry, unlocking, delays and
// lock-out share one fixture.
// Admin mode's security core: the staff registry and its PIN rules, unlocking by PIN and by
// badge plus PIN, the delays and the lock-out (which survive a restart), inactivity, the audit
// trail, and the `anjungan staff` commands. Time comes from a FixedClock that the tests move;
// PINs are hashed at libsodium's minimum cost except where the real cost is measured.
#include "anjungan/kiosk/admin.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace anjungan;
using anjungan::test::TempDir;
using kiosk::AdminGuard;
using kiosk::AdminPolicy;
using kiosk::PinHashCost;
using kiosk::StaffRegistry;
using kiosk::StaffRegistryError;
using kiosk::StaffRole;
using kiosk::UnlockOutcome;
using nlohmann::json;
using std::chrono::minutes;
using std::chrono::seconds;

const std::string kAlicePin = "482913";
const std::string kBudiPin = "730561";
const std::string kWrongPin = "590417";
const std::string kAliceBadge = "ANJ-STAFF:alice:7f3k2q9x";

struct AuditEntry {
    std::string actor, action, detail;
};

unsigned file_mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
}

class AdminTest : public ::testing::Test {
  protected:
    TempDir dir;
    platform::FixedClock clock{platform::utc_time(2026, 11, 23, 8)};
    std::vector<AuditEntry> audits;

    fs::path data() const { return dir.path() / "data"; }

    kiosk::AuditFn audit_fn() {
        return
            [this](const std::string& actor, const std::string& action, const std::string& detail) {
                audits.push_back({actor, action, detail});
            };
    }

    void add_staff(const std::string& id, const std::string& name, const std::string& pin,
                   const std::string& badge = {}, StaffRole role = StaffRole::kCounter) {
        auto r = StaffRegistry::load(data());
        const auto v =
            r.add({id, name, role, badge}, pin, PinHashCost::test_only_minimum(), clock.now());
        ASSERT_TRUE(v.valid()) << (v.errors.empty() ? "" : v.errors.front().code);
        r.save();
    }

    void add_alice_and_budi() {
        add_staff("alice", "Alice Wulandari", kAlicePin, kAliceBadge, StaffRole::kSupervisor);
        add_staff("budi.s", "Budi Santoso", kBudiPin);
    }

    std::unique_ptr<AdminGuard> make_guard(AdminPolicy policy = {}) {
        return std::make_unique<AdminGuard>(data(), clock, policy, audit_fn());
    }

    bool audited(const std::string& actor, const std::string& action,
                 const std::string& detail_part = {}) const {
        for (const auto& a : audits) {
            if (a.actor == actor && a.action == action &&
                a.detail.find(detail_part) != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    // Fails `n` times in a row, waiting out each delay; returns the last result.
    kiosk::UnlockResult fail_times(AdminGuard& g, int n) {
        kiosk::UnlockResult r;
        for (int i = 0; i < n; ++i) {
            r = g.unlock_with_pin(kWrongPin);
            EXPECT_EQ(r.outcome, UnlockOutcome::kWrong) << "failure " << i + 1;
            if (i + 1 < n) {
                clock.advance(seconds(r.wait_seconds));
            }
        }
        return r;
    }
};

// [SECTION] Registry and PIN rules ----------------------------------------------------------

TEST_F(AdminTest, RegistryRoundTripKeepsEveryFieldButNoSecret) {
    add_alice_and_budi();
    const auto r = StaffRegistry::load(data());
    ASSERT_EQ(r.members().size(), 2u);
    const auto* a = r.find("alice");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->name, "Alice Wulandari");
    EXPECT_EQ(a->role, StaffRole::kSupervisor);
    EXPECT_EQ(a->created_at, "2026-11-23T08:00:00Z");
    EXPECT_EQ(a->pin_hash.rfind("$argon2id$", 0), 0u) << a->pin_hash;
    EXPECT_EQ(a->badge_hash.size(), 64u);
    const auto* b = r.find("budi.s");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->role, StaffRole::kCounter);
    EXPECT_TRUE(b->badge_hash.empty());
    EXPECT_TRUE(StaffRegistry::verify_pin(*a, kAlicePin));
    EXPECT_FALSE(StaffRegistry::verify_pin(*a, kBudiPin));
    EXPECT_EQ(r.match_pin(kBudiPin), b);
    EXPECT_EQ(r.match_pin(kWrongPin), nullptr);
    EXPECT_EQ(r.match_badge(kAliceBadge), a);
    EXPECT_EQ(r.match_badge("  " + kAliceBadge + "\r\n"), a);
    EXPECT_EQ(r.match_badge(kAliceBadge + "x"), nullptr);

    auto edited = StaffRegistry::load(data());
    EXPECT_TRUE(edited.remove("budi.s"));
    EXPECT_FALSE(edited.remove("budi.s"));
    edited.save();
    const auto again = StaffRegistry::load(data());
    ASSERT_EQ(again.members().size(), 1u);
    EXPECT_EQ(again.members()[0].id, "alice");
    EXPECT_EQ(again.members()[0].pin_hash, a->pin_hash);
}

TEST_F(AdminTest, MissingRegistryIsEmpty) {
    EXPECT_TRUE(StaffRegistry::load(data()).empty());
}

TEST(PinRules, Table) {
    struct Case {
        std::string pin, staff_id, code;  // code empty: accepted
    };
    const std::vector<Case> cases = {
        {"482913", "", ""},
        {"48291375", "", ""},
        {"112233", "", ""},
        {"135790", "", ""},
        {"000000", "", "pin.weak"},
        {"99999999", "", "pin.weak"},
        {"123456", "", "pin.weak"},
        {"654321", "", "pin.weak"},
        {"01234567", "", "pin.weak"},
        {"3456789", "", "pin.weak"},
        {"87654321", "", "pin.weak"},
        {"12345", "", "pin.length"},
        {"123456789", "", "pin.length"},
        {"", "", "pin.length"},
        {"12a456", "", "pin.digits"},
        {" 482913", "", "pin.digits"},
        {"482913\n", "", "pin.digits"},
        {"\xef\xbc\x94"
         "82913",
         "", "pin.digits"},                            // a full-width 4
        {"900805", "199008052015032001", "pin.weak"},  // the NIP's birth date
        {"482913", "199008052015032001", ""},
    };
    for (const auto& c : cases) {
        const auto v = kiosk::check_pin(c.pin, c.staff_id);
        if (c.code.empty()) {
            EXPECT_TRUE(v.valid()) << "'" << c.pin << "' " << v.errors.front().code;
        } else {
            EXPECT_TRUE(v.has_error(c.code)) << "'" << c.pin << "' should give " << c.code;
            for (const auto& p : v.errors) {
                EXPECT_FALSE(p.message_id.empty());
                EXPECT_FALSE(p.message_en.empty());
                const bool example = c.pin == "111111" || c.pin == "123456" || c.pin == "654321";
                if (!c.pin.empty() && !example) {
                    EXPECT_EQ(p.message_en.find(c.pin), std::string::npos) << "message names it";
                }
            }
        }
        EXPECT_TRUE(v.normalized.empty());
    }
}

TEST_F(AdminTest, RegistryRefusesBadEntriesAndAddsNothing) {
    add_alice_and_budi();
    auto r = StaffRegistry::load(data());
    const auto cost = PinHashCost::test_only_minimum();
    struct Case {
        kiosk::NewStaff staff;
        std::string pin, code;
    };
    const std::vector<Case> cases = {
        {{"alice", "Another Alice", StaffRole::kCounter, ""}, "281746", "staff.exists"},
        {{"a b", "Name", StaffRole::kCounter, ""}, "281746", "staff.id"},
        {{"", "Name", StaffRole::kCounter, ""}, "281746", "staff.id"},
        {{std::string(33, 'x'), "Name", StaffRole::kCounter, ""}, "281746", "staff.id"},
        {{"nip/1", "Name", StaffRole::kCounter, ""}, "281746", "staff.id"},
        {{"citra", "   ", StaffRole::kCounter, ""}, "281746", "staff.name"},
        {{"citra", "Ci\ntra", StaffRole::kCounter, ""}, "281746", "staff.name"},
        {{"citra", "Citra", StaffRole::kCounter, kAliceBadge}, "281746", "badge.in_use"},
        {{"citra", "Citra", StaffRole::kCounter, std::string(513, 'b')}, "281746", "badge.length"},
        {{"citra", "Citra", StaffRole::kCounter, ""}, kAlicePin, "pin.in_use"},
        {{"citra", "Citra", StaffRole::kCounter, ""}, "777777", "pin.weak"},
    };
    for (const auto& c : cases) {
        const auto v = r.add(c.staff, c.pin, cost, clock.now());
        EXPECT_TRUE(v.has_error(c.code)) << c.staff.id << " should give " << c.code;
        EXPECT_EQ(r.members().size(), 2u);
    }
    EXPECT_TRUE(
        r.add({"citra", " Citra Dewi ", StaffRole::kCounter, "B-2"}, "281746", cost, clock.now())
            .valid());
    EXPECT_EQ(r.find("citra")->name, "Citra Dewi");
}

TEST_F(AdminTest, RegistryFilesAreOwnerOnlyAndReadableOnesAreRefused) {
    add_alice_and_budi();
    const auto reg = kiosk::staff_registry_path(data());
    const auto key = kiosk::staff_badge_key_path(data());
    EXPECT_EQ(file_mode(reg), 0600u);
    EXPECT_EQ(file_mode(key), 0600u);

    for (const unsigned mode : {0644u, 0640u, 0604u}) {
        ::chmod(reg.c_str(), mode);
        try {
            StaffRegistry::load(data());
            ADD_FAILURE() << "a staff registry with mode " << std::oct << mode << " was used";
        } catch (const StaffRegistryError& e) {
            EXPECT_EQ(e.kind(), StaffRegistryError::Kind::kUnsafeFile);
            EXPECT_NE(std::string(e.what()).find("chmod 600 " + reg.string()), std::string::npos)
                << e.what();
        }
        // The guard refuses to unlock with it, and counts nothing.
        auto g = make_guard();
        const auto r = g->unlock_with_pin(kAlicePin);
        EXPECT_EQ(r.outcome, UnlockOutcome::kUnavailable);
        EXPECT_FALSE(g->unlocked());
        EXPECT_EQ(kiosk::read_failure_state(data()).failures, 0);
    }
    ::chmod(reg.c_str(), 0600);

    ::chmod(key.c_str(), 0644);
    const auto r = StaffRegistry::load(data());
    EXPECT_THROW(r.match_badge(kAliceBadge), StaffRegistryError);
    auto g = make_guard();
    EXPECT_EQ(g->unlock_with_badge(kAliceBadge, kAlicePin).outcome, UnlockOutcome::kUnavailable);
    ::chmod(key.c_str(), 0600);
    EXPECT_TRUE(make_guard()->unlock_with_badge(kAliceBadge, kAlicePin).ok());
}

TEST_F(AdminTest, DamagedRegistryIsRefusedWithItsName) {
    add_alice_and_budi();
    const auto reg = kiosk::staff_registry_path(data());
    for (const std::string& content :
         {std::string("{not json"), std::string(R"({"version":9,"staff":[]})"),
          std::string(R"({"version":1,"staff":[{"id":"x","name":"X","role":"boss",)"
                      R"("pin_hash":"$argon2id$v=19$m=8,t=1,p=1$a$b"}]})"),
          std::string(R"({"version":1,"staff":[{"id":"x","name":"X","role":"counter",)"
                      R"("pin_hash":"plain"}]})")}) {
        platform::write_file_durably(reg, platform::Bytes(content.begin(), content.end()), 0600);
        try {
            StaffRegistry::load(data());
            ADD_FAILURE() << "accepted: " << content;
        } catch (const StaffRegistryError& e) {
            EXPECT_EQ(e.kind(), StaffRegistryError::Kind::kDamaged);
            EXPECT_NE(std::string(e.what()).find(reg.string()), std::string::npos);
        }
    }
}

TEST_F(AdminTest, NeitherPinNorBadgeTextIsStoredAnywhere) {
    add_alice_and_budi();
    auto g = make_guard();
    EXPECT_EQ(g->unlock_with_pin(kWrongPin).outcome, UnlockOutcome::kWrong);
    clock.advance(seconds(2));
    EXPECT_TRUE(g->unlock_with_badge(kAliceBadge, kAlicePin).ok());
    for (const auto& secret : {kAlicePin, kBudiPin, kWrongPin, kAliceBadge}) {
        EXPECT_FALSE(test::folder_contains(data(), secret)) << secret;
        for (const auto& a : audits) {
            EXPECT_EQ((a.actor + a.action + a.detail).find(secret), std::string::npos) << secret;
        }
    }
    // Not even hex or base64 spellings of the badge in the registry: only its keyed hash.
    const auto reg = StaffRegistry::load(data());
    const auto& m = *reg.find("alice");
    EXPECT_NE(m.badge_hash, platform::sha256_hex(kAliceBadge));
}

TEST_F(AdminTest, InteractiveCostIsArgon2idAndItsVerifyTimeIsReported) {
    auto r = StaffRegistry::load(data());
    ASSERT_TRUE(r.add({"alice", "Alice", StaffRole::kCounter, ""}, kAlicePin,
                      PinHashCost::interactive(), clock.now())
                    .valid());
    const auto& m = *r.find("alice");
    EXPECT_NE(m.pin_hash.find("$argon2id$v=19$m=65536,t=2,p=1$"), std::string::npos) << m.pin_hash;
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(StaffRegistry::verify_pin(m, kAlicePin));
    const auto t1 = std::chrono::steady_clock::now();
    EXPECT_FALSE(StaffRegistry::verify_pin(m, kWrongPin));
    const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    std::cout << "[ figures  ] one PIN verify at the INTERACTIVE cost: " << ms << " ms\n";
    RecordProperty("verify_ms", std::to_string(ms));
}

// [SECTION] Unlocking, delays, lock-out ------------------------------------------------------

TEST_F(AdminTest, RightPinUnlocksAsItsOwner) {
    add_alice_and_budi();
    auto g = make_guard();
    EXPECT_FALSE(g->unlocked());
    const auto r = g->unlock_with_pin(kBudiPin);
    ASSERT_EQ(r.outcome, UnlockOutcome::kOk) << r.message_en;
    EXPECT_EQ(r.staff_id, "budi.s");
    EXPECT_EQ(r.staff_name, "Budi Santoso");
    EXPECT_EQ(r.role, StaffRole::kCounter);
    EXPECT_EQ(r.failures, 0);
    EXPECT_NE(r.message_en.find("Budi Santoso"), std::string::npos);
    EXPECT_NE(r.message_id.find("Budi Santoso"), std::string::npos);
    EXPECT_TRUE(g->unlocked());
    EXPECT_EQ(g->staff_id(), "budi.s");
    EXPECT_EQ(g->role(), StaffRole::kCounter);
    EXPECT_TRUE(audited("budi.s", "admin unlock", "pin"));
}

TEST_F(AdminTest, WrongPinIsRefusedAndCounted) {
    add_alice_and_budi();
    auto g = make_guard();
    const auto r = g->unlock_with_pin(kWrongPin);
    EXPECT_EQ(r.outcome, UnlockOutcome::kWrong);
    EXPECT_EQ(kiosk::to_code(r.outcome), "wrong");
    EXPECT_TRUE(r.staff_id.empty());
    EXPECT_EQ(r.failures, 1);
    EXPECT_EQ(r.wait_seconds, 2);
    EXPECT_EQ(r.until, clock.now() + seconds(2));
    EXPECT_NE(r.message_en.find("Wrong PIN"), std::string::npos) << r.message_en;
    EXPECT_NE(r.message_id.find("PIN salah"), std::string::npos) << r.message_id;
    EXPECT_FALSE(g->unlocked());
    EXPECT_EQ(g->staff_id(), "");
    EXPECT_EQ(kiosk::read_failure_state(data()).failures, 1);
    EXPECT_TRUE(audited("kiosk", "admin unlock failed", "failure 1 of 5"));
}

TEST_F(AdminTest, DelaysDoubleAndAttemptsDuringThemAreRefusedUncheckedAndUncounted) {
    add_alice_and_budi();
    auto g = make_guard();
    const int expected_delay[] = {2, 4, 8, 16};
    for (int n = 1; n <= 4; ++n) {
        const auto wrong = g->unlock_with_pin(kWrongPin);
        ASSERT_EQ(wrong.outcome, UnlockOutcome::kWrong) << n;
        EXPECT_EQ(wrong.failures, n);
        EXPECT_EQ(wrong.wait_seconds, expected_delay[n - 1]) << "after failure " << n;

        // One second before the delay ends even the right PIN is not checked.
        clock.advance(seconds(expected_delay[n - 1] - 1));
        const auto early = g->unlock_with_pin(kAlicePin);
        EXPECT_EQ(early.outcome, UnlockOutcome::kMustWait) << n;
        EXPECT_EQ(early.wait_seconds, 1);
        EXPECT_EQ(early.failures, n) << "a refused attempt is not counted";
        EXPECT_NE(early.message_en.find("Wait 1 second "), std::string::npos) << early.message_en;
        EXPECT_FALSE(g->unlocked());
        const auto status = g->attempt_status();
        EXPECT_EQ(status.outcome, UnlockOutcome::kMustWait);
        EXPECT_EQ(status.wait_seconds, 1);
        clock.advance(seconds(1));
        EXPECT_EQ(g->attempt_status().outcome, UnlockOutcome::kOk);
    }
    EXPECT_EQ(kiosk::read_failure_state(data()).failures, 4);
    EXPECT_TRUE(audited("kiosk", "admin unlock refused", "must wait 1 s"));
}

TEST_F(AdminTest, FifthFailureLocksOutForFifteenMinutes) {
    add_alice_and_budi();
    auto g = make_guard();
    const auto fifth = fail_times(*g, 5);
    EXPECT_EQ(fifth.failures, 5);
    EXPECT_EQ(fifth.wait_seconds, 15 * 60);
    const auto locked_at = clock.now();
    EXPECT_EQ(fifth.until, locked_at + minutes(15));
    EXPECT_NE(fifth.message_en.find("locked for 15 minutes"), std::string::npos)
        << fifth.message_en;

    clock.set(locked_at + minutes(15) - seconds(1));
    const auto r = g->unlock_with_pin(kAlicePin);
    EXPECT_EQ(r.outcome, UnlockOutcome::kLockedOut);
    EXPECT_EQ(kiosk::to_code(r.outcome), "locked_out");
    EXPECT_EQ(r.until, locked_at + minutes(15));
    EXPECT_EQ(r.wait_seconds, 1);
    EXPECT_EQ(r.failures, 5);
    EXPECT_FALSE(g->unlocked());
    EXPECT_TRUE(audited("kiosk", "admin unlock refused", "locked out until"));

    clock.set(locked_at + minutes(15));
    EXPECT_TRUE(g->unlock_with_pin(kAlicePin).ok());
}

TEST_F(AdminTest, LockOutSurvivesARestart) {
    add_alice_and_budi();
    fail_times(*make_guard(), 5);
    clock.advance(minutes(10));
    auto after_restart = make_guard();  // a new process on the same data folder
    const auto status = after_restart->attempt_status();
    EXPECT_EQ(status.outcome, UnlockOutcome::kLockedOut);
    EXPECT_EQ(status.wait_seconds, 5 * 60);
    const auto r = after_restart->unlock_with_pin(kAlicePin);
    EXPECT_EQ(r.outcome, UnlockOutcome::kLockedOut);
    EXPECT_EQ(r.failures, 5);
    EXPECT_NE(r.message_en.find("5 minutes"), std::string::npos) << r.message_en;
    EXPECT_NE(r.message_id.find("5 menit"), std::string::npos) << r.message_id;
}

TEST_F(AdminTest, DelaySurvivesARestartToo) {
    add_alice_and_budi();
    fail_times(*make_guard(), 3);  // an 8 s delay runs
    clock.advance(seconds(3));
    const auto r = make_guard()->unlock_with_pin(kAlicePin);
    EXPECT_EQ(r.outcome, UnlockOutcome::kMustWait);
    EXPECT_EQ(r.wait_seconds, 5);
}

TEST_F(AdminTest, AfterALockOutEachFailureLocksOutAgainUntilASuccess) {
    add_alice_and_budi();
    auto g = make_guard();
    fail_times(*g, 5);
    clock.advance(minutes(15));
    const auto sixth = g->unlock_with_pin(kWrongPin);
    EXPECT_EQ(sixth.outcome, UnlockOutcome::kWrong);
    EXPECT_EQ(sixth.failures, 6);
    EXPECT_EQ(sixth.wait_seconds, 15 * 60);
    clock.advance(minutes(15));
    EXPECT_TRUE(g->unlock_with_pin(kAlicePin).ok());
    EXPECT_EQ(kiosk::read_failure_state(data()).failures, 0);
}

TEST_F(AdminTest, SuccessResetsTheCount) {
    add_alice_and_budi();
    auto g = make_guard();
    fail_times(*g, 3);
    clock.advance(seconds(8));
    const auto ok = g->unlock_with_pin(kAlicePin);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.failures, 0);
    EXPECT_EQ(kiosk::read_failure_state(data()).failures, 0);
    const auto next = g->unlock_with_pin(kWrongPin);
    EXPECT_EQ(next.failures, 1);
    EXPECT_EQ(next.wait_seconds, 2);
}

TEST_F(AdminTest, BadgePicksTheStaffMemberAndOnlyTheirPinOpens) {
    add_alice_and_budi();
    auto g = make_guard();
    const auto unknown = g->unlock_with_badge("ANJ-STAFF:nobody:0000", kAlicePin);
    EXPECT_EQ(unknown.outcome, UnlockOutcome::kWrong);
    EXPECT_EQ(unknown.failures, 1);
    EXPECT_NE(unknown.message_en.find("Wrong badge or PIN"), std::string::npos);
    EXPECT_TRUE(audited("kiosk", "admin unlock failed", "unknown badge"));
    clock.advance(seconds(2));

    // Budi's PIN is a real PIN, but not the badge holder's.
    const auto other = g->unlock_with_badge(kAliceBadge, kBudiPin);
    EXPECT_EQ(other.outcome, UnlockOutcome::kWrong);
    EXPECT_EQ(other.failures, 2);
    EXPECT_FALSE(g->unlocked());
    EXPECT_TRUE(audited("kiosk", "admin unlock failed", "wrong pin for the badge of alice"));
    clock.advance(seconds(4));

    const auto ok = g->unlock_with_badge(kAliceBadge + "\r\n", kAlicePin);  // as a scanner sends
    ASSERT_TRUE(ok.ok()) << ok.message_en;
    EXPECT_EQ(ok.staff_id, "alice");
    EXPECT_EQ(ok.role, StaffRole::kSupervisor);
    EXPECT_EQ(g->staff_id(), "alice");
    EXPECT_TRUE(audited("alice", "admin unlock", "badge + pin"));
}

TEST_F(AdminTest, BadgeOfAMemberWithoutBadgeKeyIsUnavailableNotWrong) {
    add_alice_and_budi();
    fs::remove(kiosk::staff_badge_key_path(data()));
    auto g = make_guard();
    const auto r = g->unlock_with_badge(kAliceBadge, kAlicePin);
    EXPECT_EQ(r.outcome, UnlockOutcome::kUnavailable);
    EXPECT_TRUE(audited("kiosk", "admin unlock refused", "badge key"));
    EXPECT_TRUE(g->unlock_with_pin(kAlicePin).ok()) << "the PIN alone still works";
}

TEST_F(AdminTest, MalformedInputAndNoStaffAreRefusedUncounted) {
    auto g = make_guard();
    const auto none = g->unlock_with_pin(kAlicePin);
    EXPECT_EQ(none.outcome, UnlockOutcome::kNoStaff);
    EXPECT_EQ(kiosk::to_code(none.outcome), "no_staff_registered");
    EXPECT_NE(none.message_en.find("anjungan staff add"), std::string::npos);

    add_alice_and_budi();
    for (const std::string pin : {"12345", "123456789", "48a913", "", "482913 "}) {
        const auto r = g->unlock_with_pin(pin);
        EXPECT_EQ(r.outcome, UnlockOutcome::kMalformed) << "'" << pin << "'";
    }
    EXPECT_EQ(g->unlock_with_badge("  \r\n", kAlicePin).outcome, UnlockOutcome::kMalformed);
    EXPECT_EQ(g->unlock_with_badge(std::string(513, 'x'), kAlicePin).outcome,
              UnlockOutcome::kMalformed);
    EXPECT_EQ(kiosk::read_failure_state(data()).failures, 0);
    EXPECT_TRUE(g->unlock_with_pin(kAlicePin).ok());
}

TEST_F(AdminTest, DamagedAttemptsFileFailsClosed) {
    add_alice_and_budi();
    const std::string junk = "{\"version\":1,\"failures\":";
    platform::write_file_durably(kiosk::admin_attempts_path(data()),
                                 platform::Bytes(junk.begin(), junk.end()));
    auto g = make_guard();
    const auto r = g->unlock_with_pin(kAlicePin);
    EXPECT_EQ(r.outcome, UnlockOutcome::kLockedOut);
    EXPECT_TRUE(audited("kiosk", "admin attempts damaged"));
    clock.advance(minutes(15));
    EXPECT_TRUE(g->unlock_with_pin(kAlicePin).ok());
}

TEST_F(AdminTest, ClockGoingBackCannotLengthenALockOut) {
    add_alice_and_budi();
    auto g = make_guard();
    fail_times(*g, 5);
    clock.advance(-std::chrono::hours(24 * 365));  // the RTC lost a year
    const auto r = g->unlock_with_pin(kAlicePin);
    EXPECT_EQ(r.outcome, UnlockOutcome::kLockedOut);
    EXPECT_LE(r.wait_seconds, 15 * 60);
    clock.advance(minutes(15));
    EXPECT_TRUE(g->unlock_with_pin(kAlicePin).ok());
}

// [SECTION] Session --------------------------------------------------------------------------

TEST_F(AdminTest, LocksItselfAfter120SecondsWithoutATouchNotAt119) {
    add_alice_and_budi();
    auto g = make_guard();
    ASSERT_TRUE(g->unlock_with_pin(kAlicePin).ok());
    clock.advance(seconds(119));
    EXPECT_FALSE(g->tick());
    EXPECT_TRUE(g->unlocked());
    EXPECT_EQ(g->seconds_until_lock(), 1);
    EXPECT_FALSE(audited("alice", "admin lock"));
    clock.advance(seconds(1));
    EXPECT_TRUE(g->tick());
    EXPECT_FALSE(g->unlocked());
    EXPECT_EQ(g->staff_id(), "");
    EXPECT_EQ(g->role(), std::nullopt);
    EXPECT_FALSE(g->tick()) << "locked once";
    EXPECT_TRUE(audited("alice", "admin lock", "inactivity"));
}

TEST_F(AdminTest, AnyCallNoticesInactivity) {
    add_alice_and_budi();
    auto g = make_guard();
    ASSERT_TRUE(g->unlock_with_pin(kAlicePin).ok());
    clock.advance(seconds(120));
    EXPECT_FALSE(g->unlocked());  // no tick() in between
    EXPECT_TRUE(audited("alice", "admin lock", "inactivity"));
}

TEST_F(AdminTest, TouchExtendsTheSession) {
    add_alice_and_budi();
    auto g = make_guard();
    EXPECT_FALSE(g->touch()) << "nothing to extend while locked";
    ASSERT_TRUE(g->unlock_with_pin(kAlicePin).ok());
    clock.advance(seconds(100));
    EXPECT_TRUE(g->touch());
    clock.advance(seconds(100));  // 200 s after the unlock, 100 after the touch
    EXPECT_TRUE(g->unlocked());
    clock.advance(seconds(19));
    EXPECT_TRUE(g->unlocked());
    clock.advance(seconds(1));
    EXPECT_FALSE(g->unlocked());
    EXPECT_FALSE(g->touch());
}

TEST_F(AdminTest, ExplicitLockAndAnotherStaffUnlock) {
    add_alice_and_budi();
    auto g = make_guard();
    ASSERT_TRUE(g->unlock_with_pin(kAlicePin).ok());
    ASSERT_TRUE(g->unlock_with_pin(kBudiPin).ok());
    EXPECT_EQ(g->staff_id(), "budi.s");
    EXPECT_TRUE(audited("alice", "admin lock", "replaced by another unlock"));
    g->lock("staff pressed lock");
    EXPECT_FALSE(g->unlocked());
    EXPECT_TRUE(audited("budi.s", "admin lock", "staff pressed lock"));
}

TEST_F(AdminTest, RecordActionOnlyWhileUnlocked) {
    add_alice_and_budi();
    auto g = make_guard();
    EXPECT_FALSE(g->record_action("receipt reprint", "PKY1-261123-0001-6"));
    EXPECT_TRUE(audited("kiosk", "admin action refused", "receipt reprint: admin mode is locked"));

    ASSERT_TRUE(g->unlock_with_pin(kBudiPin).ok());
    clock.advance(seconds(110));
    EXPECT_TRUE(g->record_action("receipt reprint", "PKY1-261123-0001-6"));
    EXPECT_TRUE(audited("budi.s", "receipt reprint", "PKY1-261123-0001-6"));
    clock.advance(seconds(110));  // the action counted as a touch
    EXPECT_TRUE(g->unlocked());

    clock.advance(seconds(120));
    audits.clear();
    EXPECT_FALSE(g->record_action("out of service", "on"));
    EXPECT_TRUE(audited("budi.s", "admin lock", "inactivity"));
    EXPECT_TRUE(audited("kiosk", "admin action refused", "out of service"));
    EXPECT_FALSE(audited("budi.s", "out of service"));
}

TEST_F(AdminTest, EveryAttemptIsAuditedOnceAndNeverWithThePin) {
    auto g = make_guard();
    std::vector<std::pair<std::string, std::string>> attempts;  // expected actor, action
    g->unlock_with_pin(kAlicePin);
    attempts.push_back({"kiosk", "admin unlock refused"});  // no staff yet
    add_alice_and_budi();
    g->unlock_with_pin("4829");
    attempts.push_back({"kiosk", "admin unlock refused"});  // malformed
    g->unlock_with_pin(kWrongPin);
    attempts.push_back({"kiosk", "admin unlock failed"});
    g->unlock_with_pin(kAlicePin);
    attempts.push_back({"kiosk", "admin unlock refused"});  // must wait
    clock.advance(seconds(2));
    g->unlock_with_badge(kAliceBadge, kWrongPin);
    attempts.push_back({"kiosk", "admin unlock failed"});
    clock.advance(seconds(4));
    g->unlock_with_badge(kAliceBadge, kAlicePin);
    attempts.push_back({"alice", "admin unlock"});

    ASSERT_EQ(audits.size(), attempts.size());
    for (std::size_t i = 0; i < audits.size(); ++i) {
        EXPECT_EQ(audits[i].actor, attempts[i].first) << i;
        EXPECT_EQ(audits[i].action, attempts[i].second) << i;
        for (const auto& secret : {kAlicePin, kWrongPin, kBudiPin, kAliceBadge}) {
            EXPECT_EQ(audits[i].detail.find(secret), std::string::npos) << i;
        }
        EXPECT_EQ(audits[i].detail.find("4829"), std::string::npos) << i;
    }
}

TEST_F(AdminTest, AFailingAuditStopsTheUnlockButTheFailureStaysCounted) {
    add_alice_and_budi();
    AdminGuard g(data(), clock, {}, [](const std::string&, const std::string&, const std::string&) {
        throw std::runtime_error("audit log unavailable");
    });
    EXPECT_THROW(g.unlock_with_pin(kWrongPin), std::runtime_error);
    EXPECT_EQ(kiosk::read_failure_state(data()).failures, 1);
    clock.advance(seconds(2));
    EXPECT_THROW(g.unlock_with_pin(kAlicePin), std::runtime_error);
    EXPECT_FALSE(g.unlocked());
}

// [SECTION] `anjungan staff` ------------------------------------------------------------------

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

struct CliResult {
    int code = -1;
    std::string out, err;
};

class StaffCliTest : public AdminTest {
  protected:
    // Runs the binary on this test's data folder with `input` on its stdin.
    CliResult run(const std::vector<std::string>& args, const std::string& input = {},
                  const std::string& lang = "en") const {
        std::string cmd =
            quote(ANJUNGAN_CLI) + " --data-dir " + quote(data().string()) + " --lang " + lang;
        for (const auto& a : args) {
            cmd += " " + quote(a);
        }
        const auto out_file = dir / "stdout.txt", err_file = dir / "stderr.txt";
        cmd += " >" + quote(out_file.string()) + " 2>" + quote(err_file.string());
        FILE* p = ::popen(cmd.c_str(), "w");
        if (!p) {
            ADD_FAILURE() << "popen failed";
            return {};
        }
        std::fwrite(input.data(), 1, input.size(), p);
        const int status = ::pclose(p);
        CliResult r;
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::ifstream out(out_file), err(err_file);
        r.out.assign(std::istreambuf_iterator<char>(out), {});
        r.err.assign(std::istreambuf_iterator<char>(err), {});
        return r;
    }

    std::vector<AuditEntry> store_audit_log() const {
        std::vector<AuditEntry> out;
        sqlite3* db = nullptr;
        if (sqlite3_open_v2((data() / "anjungan.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
            SQLITE_OK) {
            ADD_FAILURE() << "cannot open the store";
            sqlite3_close(db);
            return out;
        }
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, "SELECT actor, action, detail FROM audit_log ORDER BY rowid", -1,
                           &st, nullptr);
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            auto col = [&](int i) {
                const auto* t = sqlite3_column_text(st, i);
                return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
            };
            out.push_back({col(0), col(1), col(2)});
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        return out;
    }

    bool in_store_log(const std::string& action, const std::string& detail_part) const {
        for (const auto& a : store_audit_log()) {
            if (a.action == action && a.detail.find(detail_part) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
};

TEST_F(StaffCliTest, AddListRemoveWithThePinOnStdin) {
    const std::string nip = "199008052015032001";
    auto r = run({"staff", "add", nip, "--name", "Siti Rahmawati", "--role", "supervisor",
                  "--badge", kAliceBadge},
                 kAlicePin + "\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find(nip), std::string::npos) << r.out;
    r = run({"staff", "add", "budi.s", "--name", "Budi Santoso"}, kBudiPin + "\r\n");
    ASSERT_EQ(r.code, 0) << r.err;

    r = run({"staff", "list", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = json::parse(r.out);
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 2u);
    for (const auto& e : j) {
        std::set<std::string> keys;
        for (const auto& [k, v] : e.items()) {
            keys.insert(k);
        }
        EXPECT_EQ(keys, (std::set<std::string>{"id", "name", "role", "badge", "created_at"}));
    }
    EXPECT_EQ(j[0].at("id"), nip);
    EXPECT_EQ(j[0].at("role"), "supervisor");
    EXPECT_EQ(j[0].at("badge"), true);
    EXPECT_EQ(j[1].at("name"), "Budi Santoso");
    EXPECT_EQ(j[1].at("role"), "counter");
    EXPECT_EQ(j[1].at("badge"), false);
    EXPECT_EQ(r.out.find("argon2"), std::string::npos);

    r = run({"staff", "list"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Budi Santoso"), std::string::npos);
    EXPECT_EQ(r.out.find("argon2"), std::string::npos);

    // The PINs work (at the real cost), and appear nowhere in the data folder.
    const auto reg = StaffRegistry::load(data());
    ASSERT_NE(reg.match_pin(kBudiPin), nullptr);
    EXPECT_EQ(reg.match_pin(kBudiPin)->id, "budi.s");
    EXPECT_NE(reg.find("budi.s")->pin_hash.find("m=65536,t=2"), std::string::npos);
    EXPECT_EQ(reg.match_badge(kAliceBadge)->id, nip);
    for (const auto& secret : {kAlicePin, kBudiPin, kAliceBadge}) {
        EXPECT_FALSE(test::folder_contains(data(), secret)) << secret;
    }

    r = run({"staff", "add", "budi.s", "--name", "Budi Lagi"}, "281746\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("staff.exists"), std::string::npos) << r.err;

    r = run({"staff", "remove", "budi.s"});
    ASSERT_EQ(r.code, 0) << r.err;
    r = run({"staff", "remove", "budi.s"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no staff member with id budi.s"), std::string::npos) << r.err;
    r = run({"staff", "list", "--json"});
    EXPECT_EQ(json::parse(r.out).size(), 1u);

    EXPECT_TRUE(in_store_log("staff add", nip + ", role supervisor, badge"));
    EXPECT_TRUE(in_store_log("staff add", "budi.s, role counter, no badge"));
    EXPECT_TRUE(in_store_log("staff remove", "budi.s"));
    EXPECT_EQ(file_mode(kiosk::staff_registry_path(data())), 0600u);
}

TEST_F(StaffCliTest, WeakPinIsRefusedWithTheReason) {
    auto r = run({"staff", "add", "citra", "--name", "Citra"}, "123456\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("pin.weak"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("too easy to guess"), std::string::npos) << r.err;
    r = run({"staff", "add", "citra", "--name", "Citra"}, "12345\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("pin.length"), std::string::npos) << r.err;
    EXPECT_TRUE(StaffRegistry::load(data()).empty());

    r = run({"staff", "add", "citra", "--name", "Citra"}, "111111\n", "id");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("terlalu mudah ditebak"), std::string::npos) << r.err;
}

TEST_F(StaffCliTest, MissingPinOrBadOptionsAreUsageErrors) {
    EXPECT_EQ(run({"staff", "add", "citra", "--name", "Citra"}, "").code, 2);
    EXPECT_EQ(run({"staff", "add", "citra", "--name", "Citra", "--role", "boss"}, "281746\n").code,
              2);
    EXPECT_EQ(run({"staff", "add", "citra"}, "281746\n").code, 2);
    EXPECT_TRUE(StaffRegistry::load(data()).empty());
}

TEST_F(StaffCliTest, ResetLockoutClearsTheCountAndIsAudited) {
    add_alice_and_budi();
    clock.set(std::chrono::system_clock::now());
    fail_times(*make_guard(), 5);
    ASSERT_EQ(make_guard()->unlock_with_pin(kAlicePin).outcome, UnlockOutcome::kLockedOut);

    const auto r = run({"staff", "reset-lockout"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("5 failures, locked out until"), std::string::npos) << r.out;
    EXPECT_EQ(kiosk::read_failure_state(data()).failures, 0);
    EXPECT_TRUE(make_guard()->unlock_with_pin(kAlicePin).ok());
    EXPECT_TRUE(in_store_log("admin lockout reset", "was: 5 failures"));
}

TEST_F(StaffCliTest, ReadableRegistryIsRefusedWithExit3) {
    add_alice_and_budi();
    ::chmod(kiosk::staff_registry_path(data()).c_str(), 0644);
    const auto r = run({"staff", "list"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
}

}  // namespace
