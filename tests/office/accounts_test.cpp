// Console accounts: the password policy, Argon2id hashes, the staff records behind them, and the
// operators' commands (`staff add --password-stdin`, `passwd`, `disable`, `enable`) with their
// refusals and exit codes.
#include "anjungan/office/accounts.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "anjungan/office/storage.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/sqlite.hpp"
#include "command.hpp"
#include "test_support.hpp"

namespace anjungan::office {
namespace {

using test::run_command;
using test::shell_quote;
using test::TempDir;

TEST(PasswordPolicy, RefusesShortCommonAndNameLikePasswords) {
    EXPECT_EQ(check_password("pendek", "siti")->code, "password.too_short");
    EXPECT_EQ(check_password("123456789", "siti")->code, "password.too_short");  // 9 characters
    // Ten characters, but on every breach list, or a common word with digits after it.
    EXPECT_EQ(check_password("1234567890", "siti")->code, "password.common");
    EXPECT_EQ(check_password("qwertyuiop", "siti")->code, "password.common");
    EXPECT_EQ(check_password("Bismillah123", "siti")->code, "password.common");
    EXPECT_EQ(check_password("Password2026!", "siti")->code, "password.common");
    EXPECT_EQ(check_password("zzzzzzzzzzzz", "siti")->code, "password.common");
    EXPECT_EQ(check_password("siti.rahma2026", "siti.rahma")->code, "password.is_name");
    // Length counts characters, not bytes: ten accented letters are ten.
    EXPECT_EQ(check_password("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "siti")->code,
              "password.too_short");
    EXPECT_FALSE(check_password("kopi-tubruk-pagi", "siti").has_value());
    EXPECT_FALSE(check_password("Sungai Kahayan 7", "siti.rahma").has_value());
    const auto p = check_password("pendek", "siti");
    EXPECT_NE(p->message.find("at least 10"), std::string::npos) << p->message;
    EXPECT_FALSE(p->message_id.empty());
}

TEST(PasswordHash, IsArgon2idAndVerifiesOnlyTheRightPassword) {
    platform::init_crypto();
    const std::string h = hash_password("kopi-tubruk-pagi");
    EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
    EXPECT_EQ(h.find("kopi-tubruk-pagi"), std::string::npos);
    EXPECT_TRUE(verify_password(h, "kopi-tubruk-pagi"));
    EXPECT_FALSE(verify_password(h, "kopi-tubruk-pagI"));
    EXPECT_FALSE(verify_password("", "kopi-tubruk-pagi"));
    EXPECT_FALSE(verify_password("not a hash", "kopi-tubruk-pagi"));
    EXPECT_NE(hash_password("kopi-tubruk-pagi"), h);  // a new salt each time
    EXPECT_FALSE(password_needs_rehash(h));
    // A hash made with weaker parameters than today's is to be remade at the next sign-in.
    char weak[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(weak, "x", 1, crypto_pwhash_OPSLIMIT_MIN,
                                    crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
              0);
    EXPECT_TRUE(password_needs_rehash(weak));
}

TEST(StaffAccounts, DisablingEndsTheTokenAtOnceAndTokensExpire) {
    TempDir dir;
    auto storage = open_sqlite_storage(dir.path());
    NewStaff n;
    n.name = "siti.rahma";
    n.role = Role::kVerifier;
    n.display_name = "Siti Rahmawati, S.Kom";
    n.token_hash = platform::sha256_hex("token-1");
    n.token_expires_at = "2027-12-03T00:00:00Z";
    n.password_hash = hash_password("kopi-tubruk-pagi");
    storage->add_staff(n, "2026-12-03T00:00:00Z");
    const auto r = storage->staff_by_name("siti.rahma");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->display_name, "Siti Rahmawati, S.Kom");
    EXPECT_TRUE(r->has_password);
    EXPECT_EQ(r->role, Role::kVerifier);
    EXPECT_TRUE(verify_password(storage->staff_password_hash("siti.rahma"), "kopi-tubruk-pagi"));

    const auto hash = platform::sha256_hex("token-1");
    EXPECT_TRUE(storage->staff_by_token_hash(hash, "2027-12-02T23:59:59Z"));
    EXPECT_FALSE(storage->staff_by_token_hash(hash, "2027-12-03T00:00:00Z"));  // expired

    ASSERT_TRUE(storage->set_staff_active("siti.rahma", false, "operator", "2026-12-04T00:00:00Z"));
    EXPECT_FALSE(storage->staff_by_token_hash(hash, "2026-12-04T00:00:01Z"));
    EXPECT_FALSE(storage->staff_by_name("siti.rahma")->active);
    ASSERT_TRUE(storage->set_staff_active("siti.rahma", true, "operator", "2026-12-04T00:01:00Z"));
    EXPECT_TRUE(storage->staff_by_token_hash(hash, "2026-12-04T00:01:01Z"));
    EXPECT_FALSE(storage->set_staff_active("nobody", false, "operator", "2026-12-04T00:02:00Z"));
    EXPECT_FALSE(storage->set_staff_password("nobody", "h", "operator", "2026-12-04T00:02:00Z"));

    // An API-token-only member (added before console accounts) never expires and has no password.
    storage->add_staff("budi", Role::kHead, platform::sha256_hex("token-2"),
                       "2026-12-03T00:00:00Z");
    EXPECT_TRUE(
        storage->staff_by_token_hash(platform::sha256_hex("token-2"), "2099-01-01T00:00:00Z"));
    EXPECT_FALSE(storage->staff_by_name("budi")->has_password);
    EXPECT_EQ(storage->staff_password_hash("budi"), "");

    bool disabled = false, enabled = false;
    for (const auto& e : storage->audit_log(100)) {
        disabled = disabled || (e.action == "staff.disable" && e.detail == "siti.rahma");
        enabled = enabled || (e.action == "staff.enable" && e.detail == "siti.rahma");
    }
    EXPECT_TRUE(disabled);
    EXPECT_TRUE(enabled);
}

// A role code this version does not know (a newer version's, a hand edit): refused, never read
// as some default role.
TEST(StaffAccounts, AnUnknownRoleCodeFailsClosed) {
    TempDir dir;
    auto storage = open_sqlite_storage(dir.path());
    storage->add_staff("budi", Role::kVerifier, platform::sha256_hex("token-b"),
                       "2026-12-03T00:00:00Z");
    storage->add_staff("siti", Role::kHead, platform::sha256_hex("token-s"),
                       "2026-12-03T00:00:00Z");
    {
        platform::sql::Db db((dir.path() / "office.db").string(), SQLITE_OPEN_READWRITE);
        db.exec("UPDATE staff SET role = 'superuser' WHERE name = 'budi'");
    }
    EXPECT_FALSE(
        storage->staff_by_token_hash(platform::sha256_hex("token-b"), "2026-12-04T00:00:00Z"));
    EXPECT_FALSE(storage->staff_by_name("budi"));
    const auto all = storage->staff();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].name, "siti");
    EXPECT_TRUE(
        storage->staff_by_token_hash(platform::sha256_hex("token-s"), "2026-12-04T00:00:00Z"));
}

struct OfficeCli {
    TempDir dir;
    std::string office =
        std::string(ANJUNGAN_OFFICE) + " --data " + shell_quote(dir.path().string());
    test::CommandResult run(const std::string& args, const std::string& stdin_text = "") {
        const auto err = dir.path() / "stderr.txt";
        const std::string cmd =
            (stdin_text.empty() ? std::string()
                                : "printf '%s\\n' " + shell_quote(stdin_text) + " | ") +
            office + " " + args;
        return run_command(cmd, err);
    }
};

// One key in 64 begins with '-': `kiosks add` must take it as the key, not as an option.
TEST(KioskCommands, AKeyBeginningWithADashIsRegistered) {
    OfficeCli cli;
    const std::string key = "-i3IUNriI9JlBEJs7pbp6yj2jgCL0AGQGc2HaXz6FYY";
    const auto added = cli.run("kiosks add PKY1 " + key);
    ASSERT_EQ(added.code, 0) << added.err;
    EXPECT_EQ(cli.run("kiosks add PKY2 -- " + key).code, 0);
    auto storage = open_sqlite_storage(cli.dir.path());
    ASSERT_TRUE(storage->kiosk("PKY1"));
    EXPECT_EQ(storage->kiosk("PKY1")->public_key, key);
    EXPECT_EQ(storage->kiosk("PKY2")->public_key, key);
    EXPECT_NE(cli.run("kiosks add PKY3 -x").code, 0) << "not a key: still an unknown option";
}

TEST(StaffCommands, AddWithPasswordPasswdDisableAndEnable) {
    OfficeCli cli;
    const auto added =
        cli.run("staff add kadis --role head --display-name 'Kepala Dinas' --password-stdin --json",
                "Sungai Kahayan 7");
    ASSERT_EQ(added.code, 0) << added.err;
    const auto j = nlohmann::json::parse(added.out);
    EXPECT_EQ(j["name"], "kadis");
    EXPECT_EQ(j["role"], "head");
    EXPECT_EQ(j["console"], true);
    EXPECT_EQ(j["token"].get<std::string>().size(), 43u);
    EXPECT_FALSE(j["token_expires_at"].get<std::string>().empty());

    auto storage = open_sqlite_storage(cli.dir.path());
    EXPECT_TRUE(verify_password(storage->staff_password_hash("kadis"), "Sungai Kahayan 7"));
    EXPECT_TRUE(storage->staff_by_token_hash(platform::sha256_hex(j["token"].get<std::string>()),
                                             "2026-12-04T00:00:00Z"));

    // The same name twice, a bad role, a short or common password: refused, nothing written.
    EXPECT_EQ(cli.run("staff add kadis --role head --password-stdin", "Sungai Barito 99").code, 2);
    EXPECT_EQ(cli.run("staff add kasi --role boss --password-stdin", "Sungai Barito 99").code, 2);
    const auto short_pw = cli.run("staff add kasi --role section_head --password-stdin", "pendek");
    EXPECT_EQ(short_pw.code, 2);
    EXPECT_NE(short_pw.err.find("at least 10"), std::string::npos) << short_pw.err;
    const auto common =
        cli.run("staff add kasi --role section_head --password-stdin", "password123");
    EXPECT_EQ(common.code, 2);
    EXPECT_NE(common.err.find("common"), std::string::npos) << common.err;
    EXPECT_EQ(cli.run("staff add 'Kasi Satu' --role section_head").code, 2);  // a space
    const auto empty = cli.run("staff add '' --role admin");
    EXPECT_EQ(empty.code, 2) << empty.out;
    EXPECT_NE(empty.err.find("login name '': it is empty"), std::string::npos) << empty.err;
    EXPECT_FALSE(storage->staff_by_name("kasi"));

    // passwd: the new password replaces the old one.
    ASSERT_EQ(cli.run("staff passwd kadis --password-stdin", "Bukit Raya 2278").code, 0);
    EXPECT_TRUE(verify_password(storage->staff_password_hash("kadis"), "Bukit Raya 2278"));
    EXPECT_FALSE(verify_password(storage->staff_password_hash("kadis"), "Sungai Kahayan 7"));
    EXPECT_EQ(cli.run("staff passwd kadis --password-stdin", "qwertyuiop").code, 2);
    EXPECT_TRUE(verify_password(storage->staff_password_hash("kadis"), "Bukit Raya 2278"));
    EXPECT_EQ(cli.run("staff passwd nobody --password-stdin", "Bukit Raya 2278").code, 1);

    // disable ends the API token at once; enable lets the person back in.
    const std::string token_hash = platform::sha256_hex(j["token"].get<std::string>());
    ASSERT_EQ(cli.run("staff disable kadis").code, 0);
    EXPECT_FALSE(storage->staff_by_token_hash(token_hash, "2026-12-04T00:00:00Z"));
    const auto list = nlohmann::json::parse(cli.run("staff list --json").out);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["active"], false);
    EXPECT_EQ(list[0]["display_name"], "Kepala Dinas");
    EXPECT_EQ(list[0]["console"], true);
    ASSERT_EQ(cli.run("staff enable kadis").code, 0);
    EXPECT_TRUE(storage->staff_by_token_hash(token_hash, "2026-12-04T00:00:00Z"));
    EXPECT_EQ(cli.run("staff disable nobody").code, 1);

    // A name taken by a record this version cannot read (an unknown role): a clear refusal, not
    // SQLite's "UNIQUE constraint failed".
    {
        platform::sql::Db db((cli.dir.path() / "office.db").string(), SQLITE_OPEN_READWRITE);
        db.exec("UPDATE staff SET role = 'superuser' WHERE name = 'kadis'");
    }
    const auto taken = cli.run("staff add kadis --role head");
    EXPECT_EQ(taken.code, 2);
    EXPECT_NE(taken.err.find("already a staff member kadis"), std::string::npos) << taken.err;
    EXPECT_EQ(taken.err.find("UNIQUE"), std::string::npos) << taken.err;
}

}  // namespace
}  // namespace anjungan::office
