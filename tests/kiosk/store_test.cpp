// The local store: one transaction per case, encryption at rest, refusals that change nothing.
#include "anjungan/kiosk/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "anjungan/domain/applicant.hpp"
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

// [SECTION] A key per case (crypto-shredding), quarantine purges, damaged stores -------------

// Every file of a folder, copied as it is (DB, WAL, blobs, keys): what a stolen disk holds.
std::map<std::string, platform::Bytes> every_file(const std::filesystem::path& dir) {
    std::map<std::string, platform::Bytes> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) {
            out[std::filesystem::relative(e.path(), dir).string()] = platform::read_file(e.path());
        }
    }
    return out;
}

// Every window of `size` bytes in every file that `key` unseals under `context`.
std::vector<platform::Bytes> unsealable(const std::map<std::string, platform::Bytes>& files,
                                        const platform::SecretKey& key, std::size_t size,
                                        const std::string& context) {
    std::vector<platform::Bytes> found;
    for (const auto& [name, bytes] : files) {
        for (std::size_t at = 0; at + size <= bytes.size(); ++at) {
            if (auto plain = platform::unseal(key, std::span(bytes).subspan(at, size), context)) {
                found.push_back(std::move(*plain));
            }
        }
    }
    return found;
}

platform::Bytes raw_blob(const std::filesystem::path& db, const std::string& sql,
                         const std::string& arg) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr);
    sqlite3_bind_text(st, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
    platform::Bytes out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st, 0));
        out.assign(p, p + sqlite3_column_bytes(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

constexpr std::uint64_t kCaseKeyPurpose = 101;  // kiosk/src/store/impl.hpp

TEST_F(StoreTest, APurgedCaseCannotBeOpenedEvenWithTheDeviceKeyAndEveryFile) {
    auto store = open();
    const auto purged = store->submit(new_case("6271014508900001", 1));
    const auto kept = store->submit(new_case("3171010101900002", 2));
    const auto& file = purged.attachments.at(0);
    const auto blob_file = options().data_dir / "blobs" / file.sha256.substr(0, 2) / file.sha256;
    // What the disk held before the purge: the case's sealed fields, key and file.
    const auto sealed_fields =
        raw_blob(db_path(), "SELECT applicant FROM cases WHERE case_id = ?", purged.case_id);
    const auto sealed_key =
        raw_blob(db_path(), "SELECT case_key FROM cases WHERE case_id = ?", purged.case_id);
    const auto sealed_file = platform::read_file(blob_file);
    const auto device = platform::read_secret_key_file(device_key_path(options().data_dir));
    const auto wrap = device.derive(kCaseKeyPurpose);
    ASSERT_FALSE(sealed_key.empty());
    // Before the purge the device key opens the case's key, and that key its fields.
    {
        const auto k = platform::unseal(wrap, sealed_key, "case_key:" + purged.case_id);
        ASSERT_TRUE(k && k->size() == platform::SecretKey::kSize);
        platform::SecretKey case_key;
        std::memcpy(case_key.data(), k->data(), k->size());
        const auto fields =
            case_key.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kFieldEncryption));
        EXPECT_TRUE(platform::unseal(fields, sealed_fields, "applicant:" + purged.case_id));
    }
    // The device key alone never opened them: they are sealed with the case's own key.
    const auto device_fields =
        device.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kFieldEncryption));
    const auto device_files =
        device.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kBlobEncryption));
    EXPECT_FALSE(platform::unseal(device_fields, sealed_fields, "applicant:" + purged.case_id));
    EXPECT_FALSE(platform::open_stream(device_files, sealed_file, "blob:" + file.sha256));

    store->outbox_acknowledged(purged.case_id, 1);
    ASSERT_EQ(store->purge_acknowledged(std::chrono::seconds(0)), 1);

    // The whole data folder, taken while the store is still open (its WAL as it is).
    const auto disk = every_file(options().data_dir);
    ASSERT_TRUE(disk.count("keys/device.key"));
    EXPECT_FALSE(std::filesystem::exists(blob_file));
    EXPECT_TRUE(raw_blob(db_path(), "SELECT case_key FROM cases WHERE case_id = ?", purged.case_id)
                    .empty());
    // No byte sequence anywhere on the disk opens as the purged case's key...
    EXPECT_TRUE(unsealable(disk, wrap, sealed_key.size(), "case_key:" + purged.case_id).empty());
    // ... nor as any of its files' keys, nor its fields with the device key.
    for (const auto& [name, bytes] : disk) {
        EXPECT_EQ(std::search(bytes.begin(), bytes.end(), sealed_key.begin(), sealed_key.end()),
                  bytes.end())
            << name;
    }
    EXPECT_FALSE(platform::unseal(device_fields, sealed_fields, "applicant:" + purged.case_id));
    // The case that was not purged still opens from the same files with the same device key.
    const auto kept_key = unsealable(disk, wrap, sealed_key.size(), "case_key:" + kept.case_id);
    ASSERT_EQ(kept_key.size(), 1u);
    platform::SecretKey k;
    std::memcpy(k.data(), kept_key[0].data(), platform::SecretKey::kSize);
    const auto kept_fields =
        raw_blob(db_path(), "SELECT applicant FROM cases WHERE case_id = ?", kept.case_id);
    EXPECT_TRUE(platform::unseal(
        k.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kFieldEncryption)), kept_fields,
        "applicant:" + kept.case_id));
    EXPECT_EQ(store->find_by_id(kept.case_id)->applicant.nik, "3171010101900002");
    EXPECT_TRUE(store->find_by_id(purged.case_id)->purged);
    EXPECT_TRUE(store->verify().ok());
}

TEST_F(StoreTest, AFileSharedByTwoCasesStaysForTheOneStillHoldingIt) {
    auto store = open();
    domain::NewCase a = new_case();
    domain::NewCase b = new_case();
    b.documents = a.documents;
    store->submit(a);
    store->submit(b);
    store->outbox_acknowledged(a.case_id, 1);
    ASSERT_EQ(store->purge_acknowledged(std::chrono::seconds(0)), 1);
    for (const auto& d : b.documents) {
        EXPECT_EQ(store->read_attachment(platform::sha256_hex(d.content)), d.content);
    }
    EXPECT_TRUE(store->verify().ok());
    store->outbox_acknowledged(b.case_id, 2);
    ASSERT_EQ(store->purge_acknowledged(std::chrono::seconds(0)), 1);
    EXPECT_FALSE(std::filesystem::exists(options().data_dir / "blobs" /
                                         platform::sha256_hex(a.documents[0].content).substr(0, 2) /
                                         platform::sha256_hex(a.documents[0].content)));
    EXPECT_THROW(store->read_attachment(platform::sha256_hex(a.documents[0].content)), StoreError);
}

TEST_F(StoreTest, CasesOfAnOlderStoreSealedWithTheDeviceKeyStayReadable) {
    const domain::NewCase old = new_case();
    {
        auto store = open();
        store->submit(old);
    }
    // Make it what schema 3 wrote: fields and files sealed with the device key's subkeys, no
    // case key, no new columns.
    const auto device = platform::read_secret_key_file(device_key_path(options().data_dir));
    const auto fields =
        device.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kFieldEncryption));
    const auto files =
        device.derive(static_cast<std::uint64_t>(platform::KeyPurpose::kBlobEncryption));
    const std::string json = nlohmann::json(old.applicant).dump();
    const auto sealed =
        platform::seal(fields, {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()},
                       "applicant:" + old.case_id);
    exec_raw("UPDATE cases SET applicant = X'" + platform::to_hex(sealed) + "' WHERE case_id = '" +
             old.case_id + "'");
    for (const auto& d : old.documents) {
        const std::string sha = platform::sha256_hex(d.content);
        platform::write_file_durably(options().data_dir / "blobs" / sha.substr(0, 2) / sha,
                                     platform::seal_stream(files, d.content, "blob:" + sha));
    }
    exec_raw(
        "ALTER TABLE cases DROP COLUMN case_key; ALTER TABLE attachments DROP COLUMN blob_key; "
        "ALTER TABLE outbox DROP COLUMN quarantined_at; ALTER TABLE outbox DROP COLUMN "
        "purge_warned_at; PRAGMA user_version = 3");

    auto store = open();  // migrates to schema 4
    const auto rec = store->find_by_id(old.case_id);
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->applicant.nik, old.applicant.nik);
    for (const auto& d : old.documents) {
        EXPECT_EQ(store->read_attachment(platform::sha256_hex(d.content)), d.content);
    }
    // A new case with the same content shares the older file; both read; the old one purges.
    domain::NewCase again = new_case("3171010101900002", 9);
    again.documents = old.documents;
    store->submit(again);
    EXPECT_TRUE(store->verify().ok());
    store->outbox_acknowledged(old.case_id, 1);
    ASSERT_EQ(store->purge_acknowledged(std::chrono::seconds(0)), 1);
    EXPECT_EQ(store->find_by_id(again.case_id)->applicant.nik, "3171010101900002");
    EXPECT_EQ(store->read_attachment(platform::sha256_hex(old.documents[0].content)),
              old.documents[0].content);
    EXPECT_TRUE(store->verify().ok());
}

bool audited(const Store& store, const std::string& action) {
    for (const auto& e : store.audit_log(100)) {
        if (e.action == action) {
            return true;
        }
    }
    return false;
}

TEST_F(StoreTest, AQuarantinedCaseIsAnnouncedThenErasedAfterItsLimit) {
    using std::chrono::days;
    auto store = open();
    const auto rec = store->submit(new_case());
    store->outbox_quarantine(rec.case_id, "refused: duplicate receipt number");
    EXPECT_EQ(store->purge_quarantined(days(30), days(7)).warned, 0);
    clock.set(clock.now() + days(24));  // within a week of its limit: staff are told, once
    auto r = store->purge_quarantined(days(30), days(7));
    EXPECT_EQ(r.warned, 1);
    EXPECT_EQ(r.purged, 0);
    EXPECT_TRUE(audited(*store, "sync.purge_warning"));
    EXPECT_EQ(store->purge_quarantined(days(30), days(7)).warned, 0);
    EXPECT_FALSE(store->find_by_id(rec.case_id)->purged);
    clock.set(clock.now() + days(7));
    r = store->purge_quarantined(days(30), days(7));
    EXPECT_EQ(r.purged, 1);
    EXPECT_TRUE(audited(*store, "sync.purge_quarantined"));
    const auto after = store->find_by_id(rec.case_id);
    EXPECT_TRUE(after->purged);
    EXPECT_TRUE(after->applicant.nik.empty());
    EXPECT_TRUE(
        raw_blob(db_path(), "SELECT case_key FROM cases WHERE case_id = ?", rec.case_id).empty());
    EXPECT_FALSE(store->outbox(OutboxState::kQuarantined).at(0).quarantined_at.empty());
}

TEST_F(StoreTest, AQuarantinedCaseIsNeverErasedSoonerThanAWeekAfterTheWarning) {
    using std::chrono::days;
    auto store = open();
    const auto rec = store->submit(new_case());
    store->outbox_quarantine(rec.case_id, "refused");
    clock.set(clock.now() + days(40));  // the kiosk was off past the limit
    auto r = store->purge_quarantined(days(30), days(7));
    EXPECT_EQ(r.warned, 1);
    EXPECT_EQ(r.purged, 0);
    clock.set(clock.now() + days(6));
    EXPECT_EQ(store->purge_quarantined(days(30), days(7)).purged, 0);
    // Requeued in time: it is no longer quarantined, and nothing is erased.
    ASSERT_TRUE(store->outbox_requeue(rec.case_id));
    clock.set(clock.now() + days(2));
    EXPECT_EQ(store->purge_quarantined(days(30), days(7)).purged, 0);
    EXPECT_FALSE(store->find_by_id(rec.case_id)->purged);
}

TEST_F(StoreTest, AFolderWhoseDatabaseWasDeletedIsADamagedStore) {
    open()->submit(new_case());
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(db_path().string() + suffix);
    }
    try {
        open();
        FAIL() << "a new database was made beside the old keys and files";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::kDamagedStore);
        const std::string what = e.what();
        EXPECT_NE(what.find("is missing"), std::string::npos) << what;
        EXPECT_NE(what.find("backup"), std::string::npos) << what;
        EXPECT_NE(what.find("move the whole folder away"), std::string::npos) << what;
    }
    EXPECT_FALSE(std::filesystem::exists(db_path()));
    StoreOptions ro = options();
    ro.read_only = true;
    EXPECT_EQ(error_kind([&] { Store::open(ro, clock); }), StoreError::Kind::kDamagedStore);
    ro.read_only = false;
    ro.create = false;
    EXPECT_EQ(error_kind([&] { Store::open(ro, clock); }), StoreError::Kind::kDamagedStore);
    EXPECT_FALSE(std::filesystem::exists(db_path()));
}

TEST_F(StoreTest, AnEmptiedDatabaseBesideItsKeysIsADamagedStore) {
    open()->submit(new_case());
    std::filesystem::resize_file(db_path(), 0);
    for (const char* suffix : {"-wal", "-shm"}) {
        std::filesystem::remove(db_path().string() + suffix);
    }
    EXPECT_EQ(error_kind([&] { open(); }), StoreError::Kind::kDamagedStore);
    EXPECT_EQ(std::filesystem::file_size(db_path()), 0u);
    // A database without tables (made anew by hand) beside the same keys and files.
    std::filesystem::remove(db_path());
    exec_raw("CREATE TABLE notes(a TEXT)");
    EXPECT_EQ(error_kind([&] { open(); }), StoreError::Kind::kDamagedStore);
}

TEST_F(StoreTest, AnEmptyDatabaseInANewFolderBecomesANewStore) {
    std::filesystem::create_directories(options().data_dir);
    std::ofstream(db_path()).close();
    auto store = open();
    EXPECT_EQ(store->submit(new_case()).receipt_no,
              domain::make_receipt_number("PKY1", {2026, 11, 23}, 1));
}

}  // namespace
}  // namespace anjungan::kiosk
