// The local store: one transaction per case, encryption at rest, refusals that change nothing.
#include "anjungan/kiosk/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/platform/crypto.hpp"
#include "test_support.hpp"

namespace anjungan::kiosk {
namespace {

using domain::make_receipt_number;
using domain::parse_receipt_number;
using platform::FixedClock;
using platform::utc_time;
using test::TempDir;

class StoreTest : public ::testing::Test {
  protected:
    // 2026-11-23 08:00 WIB
    FixedClock clock{utc_time(2026, 11, 23, 1, 0, 0)};
    TempDir dir;

    StoreOptions options() const {
        StoreOptions o;
        o.data_dir = dir.path() / "data";
        o.kiosk_id = "PKY1";
        return o;
    }
    std::unique_ptr<Store> open() { return Store::open(options(), clock); }

    static domain::NewCase new_case(const std::string& nik = "6271014508900001",
                                    std::uint32_t seed = 1) {
        return {platform::new_uuid_v4(), test::good_applicant(nik),
                test::documents(2, 1, 4096, seed)};
    }

    std::filesystem::path db_path() const { return options().data_dir / "anjungan.db"; }

    std::string file_hash(const std::filesystem::path& p) const {
        return platform::sha256_hex(platform::read_file(p));
    }

    void exec_raw(const std::string& sql) const {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
        char* err = nullptr;
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
        sqlite3_free(err);
        sqlite3_close(db);
        ASSERT_EQ(rc, SQLITE_OK) << sql;
    }

    // Runs `sql` and returns SQLite's result code (for statements expected to fail).
    int try_raw(const std::string& sql) const {
        sqlite3* db = nullptr;
        sqlite3_open(db_path().c_str(), &db);
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
        sqlite3_close(db);
        return rc;
    }

    template <typename F>
    static StoreError::Kind error_kind(F&& f) {
        try {
            f();
        } catch (const StoreError& e) {
            return e.kind();
        }
        ADD_FAILURE() << "no StoreError thrown";
        return StoreError::Kind::kIo;
    }
};

TEST_F(StoreTest, StoresACaseAndReadsEveryPartBack) {
    auto store = open();
    const domain::NewCase c = new_case();
    const domain::CaseRecord rec = store->submit(c);
    EXPECT_EQ(rec.receipt_no, domain::make_receipt_number("PKY1", {2026, 11, 23}, 1));

    const auto found = store->find_by_receipt(rec.receipt_no);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->case_id, c.case_id);
    EXPECT_EQ(found->applicant.nik, c.applicant.nik);
    EXPECT_EQ(found->applicant.full_name, c.applicant.full_name);
    EXPECT_EQ(found->status, domain::CaseStatus::kReceived);
    ASSERT_EQ(found->history.size(), 1u);
    ASSERT_EQ(found->attachments.size(), c.documents.size());
    for (const auto& doc : c.documents) {
        const auto it = std::find_if(
            found->attachments.begin(), found->attachments.end(),
            [&](const domain::Attachment& a) { return a.kind == doc.kind && a.page == doc.page; });
        ASSERT_NE(it, found->attachments.end());
        EXPECT_EQ(it->sha256, platform::sha256_hex(doc.content));
        EXPECT_EQ(store->read_attachment(it->sha256), doc.content);
    }
    EXPECT_TRUE(store->verify().ok());
}

TEST_F(StoreTest, FindsACaseByATypedReceiptNumber) {
    auto store = open();
    const auto rec = store->submit(new_case());
    std::string typed = rec.receipt_no;
    typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
    std::transform(typed.begin(), typed.end(), typed.begin(), ::tolower);
    ASSERT_TRUE(store->find_by_receipt(typed));
    EXPECT_FALSE(store->find_by_receipt("PKY1-261123-0099-0"));
}

TEST_F(StoreTest, NumbersReceiptsPerLocalDayWithoutGaps) {
    auto store = open();
    EXPECT_EQ(store->submit(new_case()).receipt_no,
              domain::make_receipt_number("PKY1", {2026, 11, 23}, 1));
    EXPECT_EQ(store->submit(new_case()).receipt_no,
              domain::make_receipt_number("PKY1", {2026, 11, 23}, 2));
    // 17:30 UTC is already the next day in Palangka Raya (UTC+7): the counter starts again.
    clock.set(utc_time(2026, 11, 23, 17, 30, 0));
    EXPECT_EQ(store->submit(new_case()).receipt_no,
              domain::make_receipt_number("PKY1", {2026, 11, 24}, 1));
    // A refused case does not use up a number.
    domain::NewCase bad = new_case();
    bad.documents.pop_back();
    EXPECT_THROW(store->submit(bad), StoreError);
    EXPECT_EQ(store->submit(new_case()).receipt_no,
              domain::make_receipt_number("PKY1", {2026, 11, 24}, 2));
    EXPECT_EQ(store->list_cases().size(), 4u);
}

TEST_F(StoreTest, RefusesAnIncompleteCaseAndWritesNothing) {
    auto store = open();
    domain::NewCase c = new_case();
    c.documents.erase(std::remove_if(c.documents.begin(), c.documents.end(),
                                     [](const domain::Document& d) {
                                         return d.kind == domain::DocumentKind::kSelfie;
                                     }),
                      c.documents.end());
    EXPECT_EQ(error_kind([&] { store->submit(c); }), StoreError::Kind::kInvalidCase);
    EXPECT_TRUE(store->list_cases().empty());
    EXPECT_FALSE(std::filesystem::exists(options().data_dir / "blobs"));
}

TEST_F(StoreTest, NeverReusesACaseId) {
    auto store = open();
    domain::NewCase c = new_case();
    store->submit(c);
    c.documents = test::documents(1, 1, 100, 9);
    EXPECT_EQ(error_kind([&] { store->submit(c); }), StoreError::Kind::kDuplicateCase);
    EXPECT_EQ(store->list_cases().size(), 1u);
}

TEST_F(StoreTest, RefusesAMalformedCaseId) {
    auto store = open();
    domain::NewCase c = new_case();
    c.case_id = "not-a-uuid";
    EXPECT_EQ(error_kind([&] { store->submit(c); }), StoreError::Kind::kInvalidCase);
}

TEST_F(StoreTest, KeepsPersonalDataOutOfEveryFileInTheDataFolder) {
    {
        auto store = open();
        store->submit(new_case());
        // Leave the WAL as it is (no checkpoint yet) by searching while the store is open.
        const auto a = test::good_applicant();
        for (const std::string& secret :
             {a.nik, a.nip, std::string("Rahmawati"), a.email, a.phone, std::string("Tjilik")}) {
            EXPECT_FALSE(test::folder_contains(options().data_dir, secret)) << secret;
        }
    }
    EXPECT_FALSE(test::folder_contains(options().data_dir, "6271014508900001"));
}

TEST_F(StoreTest, KeepsKeysAndDatabaseReadableByTheOwnerOnly) {
    open()->submit(new_case());
    for (const auto& p :
         {device_key_path(options().data_dir), signing_key_path(options().data_dir), db_path()}) {
        struct stat st {};
        ASSERT_EQ(::stat(p.c_str(), &st), 0) << p;
        EXPECT_EQ(st.st_mode & 077, 0u) << p;
    }
}

TEST_F(StoreTest, UsesWriteAheadLogging) {
    open()->submit(new_case());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

TEST_F(StoreTest, RefusesAnotherDeviceKeyAndChangesNothing) {
    open()->submit(new_case());
    const auto before = file_hash(db_path());
    std::filesystem::remove(device_key_path(options().data_dir));
    platform::write_secret_key_file(device_key_path(options().data_dir),
                                    platform::SecretKey::generate());
    EXPECT_EQ(error_kind([&] { open(); }), StoreError::Kind::kWrongKey);
    EXPECT_EQ(file_hash(db_path()), before);
}

TEST_F(StoreTest, RefusesToOpenWithoutItsKeyAndNeverMakesANewOne) {
    open()->submit(new_case());
    std::filesystem::remove(device_key_path(options().data_dir));
    EXPECT_EQ(error_kind([&] { open(); }), StoreError::Kind::kMissingKey);
    EXPECT_FALSE(std::filesystem::exists(device_key_path(options().data_dir)));
}

TEST_F(StoreTest, RefusesAKeyFileOthersCanRead) {
    open();
    ::chmod(device_key_path(options().data_dir).c_str(), 0644);
    try {
        open();
        FAIL() << "opened with a world-readable key";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::kKeyFile);
        EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
    }
}

TEST_F(StoreTest, RefusesAFileThatIsNotADatabaseAndLeavesItAlone) {
    open();
    {
        std::ofstream out(db_path(), std::ios::binary | std::ios::trunc);
        out << std::string(8192, 'x');
    }
    const auto before = file_hash(db_path());
    EXPECT_EQ(error_kind([&] { open(); }), StoreError::Kind::kNotADatabase);
    EXPECT_EQ(file_hash(db_path()), before);
}

TEST_F(StoreTest, RefusesADamagedDatabaseAndLeavesItAlone) {
    {
        auto store = open();
        for (std::uint32_t i = 0; i < 40; ++i) {
            store->submit(new_case("6271014508900001", i + 1));
        }
    }
    exec_raw("PRAGMA wal_checkpoint(TRUNCATE)");
    const auto size = std::filesystem::file_size(db_path());
    ASSERT_GT(size, 4u * 4096);
    {
        // Overwrite the b-tree page headers of pages 2 to 4 with garbage (what a torn write
        // on a failing disk leaves).
        std::fstream f(db_path(), std::ios::binary | std::ios::in | std::ios::out);
        const std::string junk(64, '\xA5');
        for (int page = 1; page <= 3; ++page) {
            f.seekp(page * 4096);
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
    }
    const auto before = file_hash(db_path());
    const auto kind = error_kind([&] { open(); });
    EXPECT_TRUE(kind == StoreError::Kind::kCorrupt || kind == StoreError::Kind::kNotADatabase);
    EXPECT_EQ(file_hash(db_path()), before);
}

TEST_F(StoreTest, RefusesADatabaseFromANewerVersion) {
    open();
    exec_raw("PRAGMA user_version = 99");
    EXPECT_EQ(error_kind([&] { open(); }), StoreError::Kind::kTooNew);
}

TEST_F(StoreTest, DoesNotCreateAStoreWhenAskedOnlyToRead) {
    StoreOptions o = options();
    o.create = false;
    EXPECT_THROW(Store::open(o, clock), StoreError);
    EXPECT_FALSE(std::filesystem::exists(o.data_dir / "anjungan.db"));
}

TEST_F(StoreTest, DetectsAnAlteredAttachmentFile) {
    auto store = open();
    const auto rec = store->submit(new_case());
    const auto& a = rec.attachments.at(1);
    const auto path = options().data_dir / "blobs" / a.sha256.substr(0, 2) / a.sha256;
    auto bytes = platform::read_file(path);
    bytes[bytes.size() / 2] ^= 0x01;
    platform::write_file_durably(path, bytes);
    EXPECT_EQ(error_kind([&] { store->read_attachment(a.sha256); }), StoreError::Kind::kCorrupt);
    const auto report = store->verify();
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.problems.front().find(rec.case_id), std::string::npos);
}

TEST_F(StoreTest, DetectsAMissingAttachmentFile) {
    auto store = open();
    const auto rec = store->submit(new_case());
    const auto& a = rec.attachments.at(0);
    std::filesystem::remove(options().data_dir / "blobs" / a.sha256.substr(0, 2) / a.sha256);
    EXPECT_EQ(error_kind([&] { store->read_attachment(a.sha256); }), StoreError::Kind::kCorrupt);
    EXPECT_FALSE(store->verify().ok());
}

TEST_F(StoreTest, FindsOpenCasesOfTheSameNik) {
    auto store = open();
    store->submit(new_case("6271014508900001", 1));
    store->submit(new_case("6271014508900001", 2));
    store->submit(new_case("3171010101900002", 3));
    EXPECT_EQ(store->open_cases_for_nik("6271014508900001").size(), 2u);
    EXPECT_EQ(store->open_cases_for_nik("3171010101900002").size(), 1u);
    EXPECT_TRUE(store->open_cases_for_nik("6271010101900003").empty());
}

TEST_F(StoreTest, KeepsTheAuditLogAppendOnly) {
    auto store = open();
    store->audit("staff1", "unmask", "cases show X");
    EXPECT_NE(try_raw("UPDATE audit_log SET actor = 'someone else'"), SQLITE_OK);
    EXPECT_NE(try_raw("DELETE FROM audit_log"), SQLITE_OK);
    EXPECT_EQ(try_raw("INSERT INTO audit_log(at, actor, action) VALUES('t', 'a', 'b')"), SQLITE_OK);
}

TEST_F(StoreTest, SharesTheFileOfIdenticalContent) {
    auto store = open();
    domain::NewCase a = new_case();
    domain::NewCase b = new_case();
    b.documents = a.documents;
    store->submit(a);
    store->submit(b);
    std::size_t files = 0;
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(options().data_dir / "blobs")) {
        files += e.is_regular_file() ? 1 : 0;
    }
    EXPECT_EQ(files, a.documents.size());
    EXPECT_TRUE(store->verify().ok());
}

}  // namespace
}  // namespace anjungan::kiosk
