// What the store's files share (private to kiosk/src/store/): Store::Impl and the helpers
// several of them use. The store is split by feature: open.cpp (schema, migrations, the checks
// before any change), cases.cpp (writing and reading cases), outbox.cpp (the outbox, the
// office's status feed, purging), prints.cpp (receipt prints), maintenance.cpp (verify, gc,
// the audit log).
#pragma once

#include <spdlog/spdlog.h>

#include <cstring>
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

inline constexpr const char* kCaseColumns =
    "SELECT case_id, receipt_no, kiosk_id, created_at, status, applicant, attachment_count, "
    "purged_at IS NOT NULL FROM cases ";

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
    StoreOptions options;
    const platform::Clock& clock;
    std::unique_ptr<sql::Db> db;
    platform::SecretKey field_key, blob_key, lookup_key;

    Impl(StoreOptions o, const platform::Clock& c) : options(std::move(o)), clock(c) {}

    std::filesystem::path blob_path(const std::string& sha) const {
        return options.data_dir / "blobs" / sha.substr(0, 2) / sha;
    }
    std::string now() const { return platform::format_utc(clock.now()); }
    domain::CaseRecord load(sql::Stmt& row) const;
    std::vector<domain::Attachment> attachments_of(const std::string& case_id) const;
    std::vector<CaseSummary> summaries(sql::Stmt& rows) const;
    void write_blob(const std::string& sha, const domain::Document& doc) const;
};

}  // namespace anjungan::kiosk
