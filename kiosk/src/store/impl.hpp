// What the store's files share (private to kiosk/src/store/): Store::Impl and the helpers
// several of them use. The store is split by feature: open.cpp (schema, migrations, the checks
// before any change), cases.cpp (writing and reading cases), keys.cpp (each case's own key,
// the attachment files, erasing cases), outbox.cpp (the outbox, the office's status feed,
// purging), prints.cpp (receipt prints), maintenance.cpp (verify, gc, the audit log).
#pragma once

#include <spdlog/spdlog.h>

#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "sqlite.hpp"

namespace anjungan::kiosk {

namespace detail {

namespace fs = std::filesystem;
using domain::kMaxDailyReceipts;
using domain::make_receipt_number;
using domain::parse_receipt_number;
using platform::Bytes;
using platform::KeyPurpose;
using platform::SecretKey;

inline std::span<const std::uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Column 8, case_key: the case's own key sealed with the device key (empty: a case written
// before schema 4, or purged).
inline constexpr const char* kCaseColumns =
    "SELECT case_id, receipt_no, kiosk_id, created_at, status, applicant, attachment_count, "
    "purged_at IS NOT NULL, case_key FROM cases ";
inline constexpr int kCaseKeyColumn = 8;

// The subkey of the device key that seals each case's own key. The number is part of the data
// format, and kept clear of platform::KeyPurpose's, which derive from the same device key.
inline constexpr std::uint64_t kCaseKeyPurpose = 101;

// One case's own key (crypto-shredding): made at submit, sealed with the device key in the
// case's row, destroyed by the purge. What it seals cannot be opened after that, even with the
// device key and every byte of the disk.
struct CaseKey {
    platform::SecretKey fields;  // seals the applicant's JSON
    platform::SecretKey files;   // seals the data key of each of the case's files
    Bytes sealed;                // the key itself, sealed with the device key (cases.case_key)
};

// The key of one attachment file: its own data key, or for a file written before schema 4 the
// device key's blob subkey.
struct FileKey {
    platform::SecretKey key;
    bool device = false;
};

inline domain::CaseStatus status_or_received(const std::string& code) {
    return domain::status_from_code(code).value_or(domain::CaseStatus::kReceived);
}

inline std::string meta_text(const sql::Db& db, const char* key) {
    sql::Stmt q(db, "SELECT CAST(value AS TEXT) FROM meta WHERE key = ?");
    q.bind(1, std::string(key));
    return q.step() ? q.text(0) : std::string();
}
inline void set_meta(const sql::Db& db, const char* key, const std::string& value) {
    sql::Stmt(db,
              "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
              "excluded.value")
        .bind(1, std::string(key))
        .bind(2, value)
        .run();
}

// Throws StoreError(kNotADatabase or kCorrupt) naming `path` when the database fails SQLite's
// integrity check.
void check_integrity(const sql::Db& db, const std::filesystem::path& path);

}  // namespace detail

struct Store::Impl {
    using Bytes = platform::Bytes;
    using CaseKey = detail::CaseKey;
    using FileKey = detail::FileKey;

    StoreOptions options;
    const platform::Clock& clock;
    std::unique_ptr<sql::Db> db;
    // The device key's subkeys: fields and files of cases written before schema 4 (and the
    // empty placeholder of purged cases), the NIK lookup, and each case's own key.
    platform::SecretKey field_key, blob_key, lookup_key, case_key_wrap;
    // A purge's WAL truncation that readers kept from completing: tried again at the next purge.
    bool wal_truncate_pending = false;

    Impl(StoreOptions o, const platform::Clock& c) : options(std::move(o)), clock(c) {}

    std::filesystem::path blob_path(const std::string& sha) const {
        return options.data_dir / "blobs" / sha.substr(0, 2) / sha;
    }
    std::string now() const { return platform::format_utc(clock.now()); }
    domain::CaseRecord load(sql::Stmt& row) const;
    std::vector<domain::Attachment> attachments_of(const std::string& case_id) const;
    std::vector<CaseSummary> summaries(sql::Stmt& rows) const;

    // [keys.cpp] Each case's own key and the attachment files.
    CaseKey new_case_key(const std::string& case_id) const;
    // The key that opens a case's applicant JSON: its own (from `sealed_case_key`), or the
    // device key's for a case without one. Nothing when its key cannot be opened.
    std::optional<platform::SecretKey> fields_key(
        const std::string& case_id, std::span<const std::uint8_t> sealed_case_key) const;
    // The key of a case's attachment file from its row (attachments.blob_key, empty: the device
    // key's). Nothing when it cannot be opened.
    std::optional<FileKey> file_key(const std::string& case_id, const std::string& sha,
                                    std::span<const std::uint8_t> sealed_case_key,
                                    std::span<const std::uint8_t> sealed_file_key) const;
    // The file's content, decrypted and its hash checked; throws StoreError(kCorrupt).
    Bytes read_blob(const std::string& sha, const FileKey& key) const;
    // Makes the file of `doc` durable (reusing an intact file of the same content that another
    // case holds, or one already written for this case: `written`), and returns its key sealed
    // for `case_id` (empty: a file of the device key's, shared with an older case).
    Bytes write_blob(const std::string& sha, const domain::Document& doc,
                     const std::string& case_id, const CaseKey& key,
                     std::map<std::string, FileKey>& written) const;
    // After the case's transaction: writes again any file of `written` that a purge running
    // meanwhile removed (it could not see the new case's rows yet).
    void restore_blobs(const std::vector<domain::Document>& docs,
                       const std::map<std::string, FileKey>& written) const;
    // Erases cases' personal data in one transaction (fields, NIK lookup, each case's own key,
    // the files no other case holding its data refers to) and audits `action` with `detail`;
    // then truncates the WAL so no old page keeps a key. Returns the files removed.
    int erase_cases(const std::vector<std::string>& ids, const std::string& action,
                    const std::string& detail);
    void truncate_wal();
};

}  // namespace anjungan::kiosk
