// [SECTION] Schema and migrations
// [SECTION] Opening: checks before any change
// [SECTION] Writing a case
// [SECTION] Reading
// [SECTION] Verification and audit
#include "anjungan/kiosk/store.hpp"

#include <spdlog/spdlog.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/platform/crypto.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "sqlite.hpp"

namespace anjungan::kiosk {

namespace fs = std::filesystem;
using domain::kMaxDailyReceipts;
using domain::make_receipt_number;
using domain::parse_receipt_number;
using platform::Bytes;
using platform::KeyPurpose;
using platform::SecretKey;

// [SECTION] Schema and migrations -----------------------------------------------------------

namespace {

// Each entry moves the schema one version up; PRAGMA user_version records where a database
// is. Append only: a released migration is never edited.
constexpr const char* kMigrations[] = {
    // 1: cases, attachments, outbox, status history, receipt counters, audit log
    R"sql(
    CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE cases(
        case_id TEXT PRIMARY KEY,
        receipt_no TEXT NOT NULL UNIQUE,
        kiosk_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL,
        status_at TEXT NOT NULL,
        nik_lookup TEXT NOT NULL,       -- keyed hash of the NIK, never the NIK itself
        applicant BLOB NOT NULL,        -- sealed JSON, bound to case_id
        attachment_count INTEGER NOT NULL
    );
    CREATE INDEX cases_nik_lookup ON cases(nik_lookup);
    CREATE TABLE attachments(
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        kind TEXT NOT NULL,
        page INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        PRIMARY KEY(case_id, kind, page)
    );
    CREATE INDEX attachments_sha256 ON attachments(sha256);
    CREATE TABLE outbox(
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL UNIQUE REFERENCES cases(case_id),
        created_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',  -- pending, sent, quarantined
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT
    );
    CREATE TABLE status_history(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE receipt_counters(day TEXT PRIMARY KEY, last INTEGER NOT NULL);
    CREATE TABLE audit_log(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    )sql",
    // 2: every receipt print, so no copy comes out twice without being marked as a reprint
    R"sql(
    CREATE TABLE prints(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        copy INTEGER NOT NULL,            -- 0 the original, n the n-th reprint
        requested_by TEXT NOT NULL,       -- "kiosk" or the staff member
        requested_at TEXT NOT NULL,
        state TEXT NOT NULL,              -- sending, printed, failed, not_sent
        job_id INTEGER,
        printer_state TEXT,
        detail TEXT NOT NULL DEFAULT '',
        finished_at TEXT
    );
    CREATE INDEX prints_case ON prints(case_id);
    )sql",
    // 3: sync with the office: acknowledgements, the feed's numbers, the purge
    R"sql(
    ALTER TABLE outbox ADD COLUMN acked_at TEXT;
    ALTER TABLE outbox ADD COLUMN office_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cases ADD COLUMN office_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cases ADD COLUMN purged_at TEXT;
    )sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));
constexpr std::string_view kKeyCheckPlain = "anjungan key check";

std::span<const std::uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

StoreOptions StoreOptions::from(const platform::Config& config, bool create) {
    StoreOptions o;
    o.data_dir = config.data_dir;
    o.kiosk_id = config.kiosk_id;
    o.utc_offset_minutes = config.utc_offset_minutes;
    o.create = create;
    return o;
}

fs::path device_key_path(const fs::path& data_dir) {
    return data_dir / "keys" / "device.key";
}
fs::path signing_key_path(const fs::path& data_dir) {
    return data_dir / "keys" / "signing.key";
}

struct Store::Impl {
    StoreOptions options;
    const platform::Clock& clock;
    std::unique_ptr<sql::Db> db;
    SecretKey field_key, blob_key, lookup_key;

    Impl(StoreOptions o, const platform::Clock& c) : options(std::move(o)), clock(c) {}

    fs::path blob_path(const std::string& sha) const {
        return options.data_dir / "blobs" / sha.substr(0, 2) / sha;
    }
    std::string now() const { return platform::format_utc(clock.now()); }
    domain::CaseRecord load(sql::Stmt& row) const;
    std::vector<domain::Attachment> attachments_of(const std::string& case_id) const;
    std::vector<CaseSummary> summaries(sql::Stmt& rows) const;
    void write_blob(const std::string& sha, const domain::Document& doc) const;
};

// [SECTION] Opening: checks before any change -----------------------------------------------

namespace {

SecretKey load_or_create_device_key(const StoreOptions& o, bool db_exists) {
    const fs::path key_path = device_key_path(o.data_dir);
    std::error_code ec;
    try {
        if (fs::exists(key_path, ec)) {
            return platform::read_secret_key_file(key_path);
        }
        if (db_exists) {
            throw StoreError(StoreError::Kind::kMissingKey,
                             "the device key " + key_path.string() +
                                 " is missing, so the personal data in this store cannot be "
                                 "read. Restore the key from the kiosk's backup; do not create "
                                 "a new one. Nothing was changed.");
        }
        if (!o.create) {
            throw StoreError(StoreError::Kind::kIo,
                             "no store in " + o.data_dir.string() + " (run `anjungan keygen`)");
        }
        platform::ensure_directory(key_path.parent_path(), 0700);
        SecretKey key = SecretKey::generate();
        platform::write_secret_key_file(key_path, key);
        const fs::path sign_path = signing_key_path(o.data_dir);
        if (!fs::exists(sign_path, ec)) {
            platform::SigningKey::generate().write_file(sign_path);
        }
        spdlog::info("created device and signing keys in {}", key_path.parent_path().string());
        return key;
    } catch (const platform::CryptoError& e) {
        throw StoreError(StoreError::Kind::kKeyFile, e.what());
    } catch (const platform::FileError& e) {
        throw StoreError(StoreError::Kind::kIo, e.what());
    }
}

void check_integrity(const sql::Db& db, const fs::path& path) {
    try {
        sql::Stmt check(db, "PRAGMA integrity_check");
        std::string findings;
        while (check.step()) {
            const std::string line = check.text(0);
            if (line != "ok") {
                findings += "\n  " + line;
            }
        }
        if (!findings.empty()) {
            throw StoreError(StoreError::Kind::kCorrupt,
                             path.string() +
                                 " failed its integrity check; nothing was changed. "
                                 "Restore it from backup. Findings:" +
                                 findings);
        }
    } catch (const StoreError& e) {
        if (e.kind() == StoreError::Kind::kNotADatabase) {
            throw StoreError(e.kind(), path.string() +
                                           " is not an Anjungan database (or is damaged beyond "
                                           "reading); nothing was changed. Restore it from "
                                           "backup or move it aside. (" +
                                           e.what() + ")");
        }
        throw;
    }
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const StoreOptions& options, const platform::Clock& clock) {
    platform::init_crypto();
    auto impl = std::make_unique<Impl>(options, clock);
    const fs::path dir = options.data_dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        if (!options.create) {
            throw StoreError(StoreError::Kind::kIo,
                             "no store in " + dir.string() + " (the folder does not exist)");
        }
        try {
            platform::ensure_directory(dir, 0700);
        } catch (const platform::FileError& e) {
            throw StoreError(StoreError::Kind::kIo, e.what());
        }
    }
    const fs::path db_path = dir / "anjungan.db";
    const bool db_exists = fs::exists(db_path, ec);
    const SecretKey device_key = load_or_create_device_key(options, db_exists);

    const int flags = SQLITE_OPEN_READWRITE | (db_exists ? 0 : SQLITE_OPEN_CREATE);
    impl->db = std::make_unique<sql::Db>(db_path.string(), flags);
    const sql::Db& db = *impl->db;
    if (!db_exists) {
        // Owner only, like the keys; SQLite gives the -wal and -shm files the same mode.
        fs::permissions(db_path, fs::perms::owner_read | fs::perms::owner_write, ec);
    }
    check_integrity(db, db_path);

    const int current = [&] {
        sql::Stmt version(db, "PRAGMA user_version");
        version.step();
        return static_cast<int>(version.integer(0));
    }();
    if (current > kSchemaVersion) {
        throw StoreError(StoreError::Kind::kTooNew,
                         db_path.string() + " has schema version " + std::to_string(current) +
                             ", newer than this program knows (" + std::to_string(kSchemaVersion) +
                             "); update Anjungan.");
    }
    const SecretKey check_key =
        device_key.derive(static_cast<std::uint64_t>(KeyPurpose::kKeyCheck));
    if (current > 0) {
        sql::Stmt get(db, "SELECT value FROM meta WHERE key = 'key_check'");
        const bool found = get.step();
        const auto plain =
            found ? platform::unseal(check_key, get.blob(0), "key_check") : std::optional<Bytes>();
        if (!plain || std::string(plain->begin(), plain->end()) != kKeyCheckPlain) {
            throw StoreError(StoreError::Kind::kWrongKey,
                             "the device key " + device_key_path(dir).string() +
                                 " does not belong to " + db_path.string() +
                                 "; nothing was changed. Restore the right key from the kiosk's "
                                 "backup.");
        }
    }

    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    // Erased personal data is overwritten, not left in free pages (the purge after sync).
    db.exec("PRAGMA secure_delete=ON");
    for (int v = current + 1; v <= kSchemaVersion; ++v) {
        sql::Transaction tx(db);
        db.exec(kMigrations[v - 1]);
        if (v == 1) {
            const Bytes sealed = platform::seal(check_key, as_bytes(kKeyCheckPlain), "key_check");
            sql::Stmt(db, "INSERT INTO meta(key, value) VALUES('key_check', ?)")
                .bind(1, sealed)
                .run();
        }
        db.exec(("PRAGMA user_version = " + std::to_string(v)).c_str());
        tx.commit();
        spdlog::info("store {}: schema migrated to version {}", db_path.string(), v);
    }

    impl->field_key = device_key.derive(static_cast<std::uint64_t>(KeyPurpose::kFieldEncryption));
    impl->blob_key = device_key.derive(static_cast<std::uint64_t>(KeyPurpose::kBlobEncryption));
    impl->lookup_key = device_key.derive(static_cast<std::uint64_t>(KeyPurpose::kLookupHash));
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

const fs::path& Store::data_dir() const {
    return impl_->options.data_dir;
}
fs::path Store::database_path() const {
    return impl_->options.data_dir / "anjungan.db";
}
int Store::schema_version() const {
    return kSchemaVersion;
}

// [SECTION] Writing a case ------------------------------------------------------------------

void Store::Impl::write_blob(const std::string& sha, const domain::Document& doc) const {
    const fs::path path = blob_path(sha);
    std::error_code ec;
    if (fs::exists(path, ec)) {
        // Content-addressed: the same content is already there, if the file is intact.
        const auto plain =
            platform::open_stream(blob_key, platform::read_file(path), "blob:" + sha);
        if (plain && platform::sha256_hex(*plain) == sha) {
            return;
        }
        spdlog::warn("attachment file {} was damaged; writing it again", path.string());
    }
    platform::ensure_directory(path.parent_path(), 0700);
    platform::write_file_durably(path, platform::seal_stream(blob_key, doc.content, "blob:" + sha),
                                 0600);
}

domain::CaseRecord Store::submit(const domain::NewCase& c) {
    if (!platform::is_uuid(c.case_id)) {
        throw StoreError(StoreError::Kind::kInvalidCase,
                         "case id '" + c.case_id + "' is not a lower-case UUID");
    }
    if (const auto problems = domain::check_documents(c.documents); !problems.empty()) {
        std::string why;
        for (const auto& p : problems) {
            why += (why.empty() ? "" : " ") + p.message_en;
        }
        throw StoreError(StoreError::Kind::kInvalidCase, "incomplete case: " + why);
    }
    const sql::Db& db = *impl_->db;
    {
        sql::Stmt dup(db, "SELECT 1 FROM cases WHERE case_id = ?");
        if (dup.bind(1, c.case_id).step()) {
            throw StoreError(
                StoreError::Kind::kDuplicateCase,
                "case id " + c.case_id + " was used before; a case id is never reused");
        }
    }

    domain::CaseRecord rec;
    rec.case_id = c.case_id;
    rec.kiosk_id = impl_->options.kiosk_id;
    rec.applicant = c.applicant;
    // 1. Attachment files, each durable before the transaction that refers to them.
    try {
        for (const auto& d : c.documents) {
            const std::string sha = platform::sha256_hex(d.content);
            impl_->write_blob(sha, d);
            rec.attachments.push_back({d.kind, d.page, sha, d.content.size(), d.media_type});
        }
    } catch (const platform::FileError& e) {
        throw StoreError(StoreError::Kind::kIo, e.what());
    }

    // 2. One transaction: counter, case, attachment rows, outbox row, first status.
    const auto now_tp = impl_->clock.now();
    rec.created_at = platform::format_utc(now_tp);
    const auto local_day = platform::civil_date(now_tp, impl_->options.utc_offset_minutes);
    sql::Transaction tx(db);
    sql::Stmt counter(db,
                      "INSERT INTO receipt_counters(day, last) VALUES(?, 1) "
                      "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last");
    counter.bind(1, platform::format_date(local_day)).step();
    const auto n = counter.integer(0);
    counter.reset();
    if (n > domain::kMaxDailyReceipts) {
        throw StoreError(StoreError::Kind::kFull, "the kiosk has issued " +
                                                      std::to_string(domain::kMaxDailyReceipts) +
                                                      " receipts today, the most a day can number");
    }
    rec.receipt_no = domain::make_receipt_number(rec.kiosk_id, local_day, static_cast<int>(n));

    const std::string applicant_json = nlohmann::json(c.applicant).dump();
    const Bytes sealed =
        platform::seal(impl_->field_key, as_bytes(applicant_json), "applicant:" + c.case_id);
    sql::Stmt(db,
              "INSERT INTO cases(case_id, receipt_no, kiosk_id, created_at, status, status_at, "
              "nik_lookup, applicant, attachment_count) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, rec.case_id)
        .bind(2, rec.receipt_no)
        .bind(3, rec.kiosk_id)
        .bind(4, rec.created_at)
        .bind(5, std::string(to_code(domain::CaseStatus::kReceived)))
        .bind(6, rec.created_at)
        .bind(7, platform::keyed_hash_hex(impl_->lookup_key, c.applicant.nik))
        .bind(8, sealed)
        .bind(9, static_cast<std::int64_t>(rec.attachments.size()))
        .run();
    sql::Stmt att(db,
                  "INSERT INTO attachments(case_id, kind, page, sha256, size, media_type) "
                  "VALUES(?, ?, ?, ?, ?, ?)");
    for (const auto& a : rec.attachments) {
        att.bind(1, rec.case_id)
            .bind(2, std::string(to_code(a.kind)))
            .bind(3, static_cast<std::int64_t>(a.page))
            .bind(4, a.sha256)
            .bind(5, static_cast<std::int64_t>(a.size))
            .bind(6, a.media_type)
            .run();
        att.reset();
    }
    sql::Stmt(db, "INSERT INTO outbox(case_id, created_at) VALUES(?, ?)")
        .bind(1, rec.case_id)
        .bind(2, rec.created_at)
        .run();
    sql::Stmt(db, "INSERT INTO status_history(case_id, status, at, note) VALUES(?, ?, ?, ?)")
        .bind(1, rec.case_id)
        .bind(2, std::string(to_code(domain::CaseStatus::kReceived)))
        .bind(3, rec.created_at)
        .bind(4, std::string("kiosk ") + rec.kiosk_id)
        .run();
    tx.commit();
    rec.history.push_back({domain::CaseStatus::kReceived, rec.created_at, "kiosk " + rec.kiosk_id});
    spdlog::info("case {} stored as {} with {} attachments", rec.case_id, rec.receipt_no,
                 rec.attachments.size());
    return rec;
}

// [SECTION] Reading -------------------------------------------------------------------------

namespace {
constexpr const char* kCaseColumns =
    "SELECT case_id, receipt_no, kiosk_id, created_at, status, applicant, attachment_count, "
    "purged_at IS NOT NULL FROM cases ";

domain::CaseStatus status_or_received(const std::string& code) {
    return domain::status_from_code(code).value_or(domain::CaseStatus::kReceived);
}
}  // namespace

std::vector<domain::Attachment> Store::Impl::attachments_of(const std::string& case_id) const {
    sql::Stmt q(*db,
                "SELECT kind, page, sha256, size, media_type FROM attachments WHERE case_id = ? "
                "ORDER BY CASE kind WHEN 'ktp' THEN 1 WHEN 'sk' THEN 2 WHEN 'letter' THEN 3 "
                "ELSE 4 END, page");
    q.bind(1, case_id);
    std::vector<domain::Attachment> out;
    while (q.step()) {
        out.push_back({domain::document_from_code(q.text(0)).value_or(domain::DocumentKind::kKtp),
                       static_cast<int>(q.integer(1)), q.text(2),
                       static_cast<std::uint64_t>(q.integer(3)), q.text(4)});
    }
    return out;
}

domain::CaseRecord Store::Impl::load(sql::Stmt& row) const {
    domain::CaseRecord r;
    r.case_id = row.text(0);
    r.receipt_no = row.text(1);
    r.kiosk_id = row.text(2);
    r.created_at = row.text(3);
    r.status = status_or_received(row.text(4));
    const auto plain = platform::unseal(field_key, row.blob(5), "applicant:" + r.case_id);
    if (!plain) {
        throw StoreError(StoreError::Kind::kCorrupt,
                         "the personal data of case " + r.case_id + " cannot be decrypted");
    }
    r.applicant = nlohmann::json::parse(plain->begin(), plain->end()).get<domain::Applicant>();
    r.purged = row.integer(7) != 0;
    r.attachments = attachments_of(r.case_id);
    sql::Stmt h(*db, "SELECT status, at, note FROM status_history WHERE case_id = ? ORDER BY id");
    h.bind(1, r.case_id);
    while (h.step()) {
        r.history.push_back({status_or_received(h.text(0)), h.text(1), h.text(2)});
    }
    return r;
}

std::vector<CaseSummary> Store::Impl::summaries(sql::Stmt& rows) const {
    std::vector<CaseSummary> out;
    while (rows.step()) {
        CaseSummary s;
        s.case_id = rows.text(0);
        s.receipt_no = rows.text(1);
        s.created_at = rows.text(3);
        s.status = status_or_received(rows.text(4));
        s.attachment_count = static_cast<int>(rows.integer(6));
        s.purged = rows.integer(7) != 0;
        if (s.purged) {
            s.masked_name = "(dihapus / erased)";
        } else if (const auto plain =
                       platform::unseal(field_key, rows.blob(5), "applicant:" + s.case_id)) {
            const auto a =
                nlohmann::json::parse(plain->begin(), plain->end()).get<domain::Applicant>();
            s.masked_name =
                domain::mask_name(a.certificate_name.empty() ? a.full_name : a.certificate_name);
            s.work_unit = a.work_unit;
        } else {
            s.masked_name = "(tidak terbaca / unreadable)";
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<CaseSummary> Store::list_cases() const {
    sql::Stmt q(*impl_->db,
                (std::string(kCaseColumns) + "ORDER BY created_at, receipt_no").c_str());
    return impl_->summaries(q);
}

std::optional<domain::CaseRecord> Store::find_by_receipt(const std::string& receipt_no) const {
    const auto parsed = domain::parse_receipt_number(receipt_no);
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) + "WHERE receipt_no = ?").c_str());
    q.bind(1, parsed ? parsed->text : receipt_no);
    if (!q.step()) {
        return std::nullopt;
    }
    return impl_->load(q);
}

std::optional<domain::CaseRecord> Store::find_by_id(const std::string& case_id) const {
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) + "WHERE case_id = ?").c_str());
    q.bind(1, case_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return impl_->load(q);
}

std::vector<CaseSummary> Store::open_cases_for_nik(const std::string& nik) const {
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) +
                             "WHERE nik_lookup = ? AND status NOT IN ('issued', 'rejected') "
                             "ORDER BY created_at")
                                .c_str());
    q.bind(1, platform::keyed_hash_hex(impl_->lookup_key, nik));
    return impl_->summaries(q);
}

Bytes Store::read_attachment(const std::string& sha256) const {
    if (!platform::is_sha256_hex(sha256)) {
        throw StoreError(StoreError::Kind::kInvalidCase, "not a SHA-256: " + sha256);
    }
    const fs::path path = impl_->blob_path(sha256);
    Bytes sealed;
    try {
        sealed = platform::read_file(path);
    } catch (const platform::FileError& e) {
        throw StoreError(StoreError::Kind::kCorrupt,
                         std::string("attachment file missing or unreadable: ") + e.what());
    }
    auto plain = platform::open_stream(impl_->blob_key, sealed, "blob:" + sha256);
    if (!plain || platform::sha256_hex(*plain) != sha256) {
        throw StoreError(StoreError::Kind::kCorrupt,
                         "attachment file " + path.string() + " is damaged or was altered");
    }
    return std::move(*plain);
}

// [SECTION] Verification and audit ----------------------------------------------------------

StoreReport Store::verify() const {
    StoreReport report;
    const sql::Db& db = *impl_->db;
    try {
        check_integrity(db, database_path());
    } catch (const StoreError& e) {
        report.problems.push_back(e.what());
        return report;
    }
    sql::Stmt q(db, (std::string(kCaseColumns) + "ORDER BY created_at").c_str());
    while (q.step()) {
        ++report.cases;
        const std::string id = q.text(0);
        domain::CaseRecord rec;
        try {
            rec = impl_->load(q);
        } catch (const std::exception& e) {
            report.problems.push_back("case " + id + ": " + e.what());
            continue;
        }
        if (static_cast<int>(rec.attachments.size()) != q.integer(6)) {
            report.problems.push_back("case " + id + ": " + std::to_string(rec.attachments.size()) +
                                      " attachment rows, expected " + std::to_string(q.integer(6)));
        }
        for (const auto& a : rec.attachments) {
            ++report.attachments;
            if (rec.purged) {
                continue;  // erased on purpose after the office acknowledged the case
            }
            try {
                const Bytes content = read_attachment(a.sha256);
                if (content.size() != a.size) {
                    report.problems.push_back("case " + id + ": attachment " + a.sha256 +
                                              " has the wrong size");
                }
            } catch (const StoreError& e) {
                report.problems.push_back("case " + id + ": " + e.what());
            }
        }
        sql::Stmt ob(db, "SELECT 1 FROM outbox WHERE case_id = ?");
        if (!ob.bind(1, id).step()) {
            report.problems.push_back("case " + id + ": no outbox row");
        }
    }
    sql::Stmt pending(db, "SELECT count(*) FROM outbox WHERE state = 'pending'");
    pending.step();
    report.outbox_pending = static_cast<int>(pending.integer(0));
    return report;
}

Store::Cleanup Store::collect_garbage(std::chrono::seconds min_age) {
    Cleanup c;
    const fs::path blobs = impl_->options.data_dir / "blobs";
    std::error_code ec;
    if (!fs::is_directory(blobs, ec)) {
        return c;
    }
    const auto cutoff = fs::file_time_type::clock::now() - min_age;
    sql::Stmt used(*impl_->db, "SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1");
    std::vector<fs::path> doomed;
    for (const auto& e : fs::recursive_directory_iterator(blobs, ec)) {
        if (!e.is_regular_file() || e.last_write_time() > cutoff) {
            continue;
        }
        const std::string name = e.path().filename().string();
        if (platform::is_temporary_name(name)) {
            ++c.temp_files;
        } else {
            const bool referenced = used.bind(1, name).step();
            used.reset();
            if (referenced) {
                continue;
            }
            ++c.orphan_files;
        }
        c.bytes += e.file_size();
        doomed.push_back(e.path());
    }
    for (const auto& p : doomed) {
        fs::remove(p, ec);
    }
    if (!doomed.empty()) {
        spdlog::info("store cleanup: removed {} temporary and {} unreferenced files ({} bytes)",
                     c.temp_files, c.orphan_files, c.bytes);
    }
    return c;
}

void Store::audit(const std::string& actor, const std::string& action, const std::string& detail) {
    sql::Stmt(*impl_->db, "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, ?, ?, ?)")
        .bind(1, impl_->now())
        .bind(2, actor)
        .bind(3, action)
        .bind(4, detail)
        .run();
}

std::vector<AuditEntry> Store::audit_log(int limit) const {
    sql::Stmt q(*impl_->db,
                "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> out;
    while (q.step()) {
        out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4)});
    }
    return out;
}

OutboxCounts Store::outbox_counts() const {
    sql::Stmt q(*impl_->db, "SELECT state, COUNT(*) FROM outbox GROUP BY state");
    OutboxCounts c;
    while (q.step()) {
        const std::string state = q.text(0);
        const int n = static_cast<int>(q.integer(1));
        if (state == "pending") {
            c.pending = n;
        } else if (state == "sent") {
            c.sent = n;
        } else if (state == "quarantined") {
            c.quarantined = n;
        }
    }
    return c;
}

// [SECTION] Sync with the office ------------------------------------------------------------

namespace {
std::string meta_text(const sql::Db& db, const char* key) {
    sql::Stmt q(db, "SELECT CAST(value AS TEXT) FROM meta WHERE key = ?");
    q.bind(1, std::string(key));
    return q.step() ? q.text(0) : std::string();
}
void set_meta(const sql::Db& db, const char* key, const std::string& value) {
    sql::Stmt(db,
              "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
              "excluded.value")
        .bind(1, std::string(key))
        .bind(2, value)
        .run();
}
}  // namespace

std::vector<OutboxEntry> Store::outbox(const std::string& state, int limit) const {
    sql::Stmt q(*impl_->db,
                "SELECT o.seq, o.case_id, c.receipt_no, o.state, o.attempts, IFNULL(o.last_error, "
                "''), IFNULL(o.acked_at, ''), IFNULL(c.purged_at, '') FROM outbox o JOIN cases c "
                "ON c.case_id = o.case_id WHERE (?1 = '' OR o.state = ?1) ORDER BY o.seq LIMIT ?2");
    q.bind(1, state).bind(2, static_cast<std::int64_t>(limit));
    std::vector<OutboxEntry> out;
    while (q.step()) {
        out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3),
                       static_cast<int>(q.integer(4)), q.text(5), q.text(6), q.text(7)});
    }
    return out;
}

void Store::outbox_failed(const std::string& case_id, const std::string& error) {
    sql::Stmt(*impl_->db,
              "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
              "WHERE case_id = ? AND state = 'pending'")
        .bind(1, error)
        .bind(2, impl_->now())
        .bind(3, case_id)
        .run();
}

void Store::outbox_acknowledged(const std::string& case_id, std::int64_t office_seq) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    sql::Stmt(db,
              "UPDATE outbox SET state = 'sent', attempts = attempts + 1, acked_at = ?, "
              "office_seq = ?, last_error = NULL WHERE case_id = ? AND state != 'sent'")
        .bind(1, impl_->now())
        .bind(2, office_seq)
        .bind(3, case_id)
        .run();
    if (sqlite3_changes(db.get()) > 0) {
        sql::Stmt(db,
                  "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, 'sync', "
                  "'sync.acknowledged', ?)")
            .bind(1, impl_->now())
            .bind(2, case_id)
            .run();
    }
    tx.commit();
}

void Store::outbox_quarantine(const std::string& case_id, const std::string& reason) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    sql::Stmt(db,
              "UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, last_error = ? "
              "WHERE case_id = ? AND state = 'pending'")
        .bind(1, reason)
        .bind(2, case_id)
        .run();
    sql::Stmt(db,
              "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, 'sync', "
              "'sync.quarantine', ?)")
        .bind(1, impl_->now())
        .bind(2, case_id + ": " + reason)
        .run();
    tx.commit();
}

bool Store::outbox_requeue(const std::string& case_id) {
    sql::Stmt(*impl_->db,
              "UPDATE outbox SET state = 'pending' WHERE case_id = ? AND state = 'quarantined'")
        .bind(1, case_id)
        .run();
    return sqlite3_changes(impl_->db->get()) > 0;
}

std::int64_t Store::status_cursor() const {
    const std::string v = meta_text(*impl_->db, "status_cursor");
    return v.empty() ? 0 : std::stoll(v);
}

int Store::apply_office_status(const std::vector<OfficeStatus>& changes, std::int64_t next) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    sql::Stmt find(db, "SELECT status, office_seq FROM cases WHERE case_id = ?");
    int applied = 0;
    for (const auto& ch : changes) {
        find.bind(1, ch.case_id);
        if (!find.step()) {
            find.reset();
            continue;  // not a case of this kiosk's store
        }
        const std::string current = find.text(0);
        const std::int64_t seen = find.integer(1);
        find.reset();
        if (ch.seq <= seen || !domain::status_from_code(ch.status)) {
            continue;  // applied before (a replayed page), or a status this kiosk does not know
        }
        if (ch.status != current) {
            sql::Stmt(db,
                      "INSERT INTO status_history(case_id, status, at, note) VALUES(?, ?, ?, ?)")
                .bind(1, ch.case_id)
                .bind(2, ch.status)
                .bind(3, ch.at)
                .bind(4, ch.note)
                .run();
            ++applied;
        }
        sql::Stmt(db,
                  "UPDATE cases SET status = ?, status_at = ?, office_seq = ? WHERE case_id = ?")
            .bind(1, ch.status)
            .bind(2, ch.at)
            .bind(3, ch.seq)
            .bind(4, ch.case_id)
            .run();
    }
    if (next > status_cursor()) {
        set_meta(db, "status_cursor", std::to_string(next));
    }
    tx.commit();
    return applied;
}

void Store::record_sync(bool success, const std::string& error) {
    const sql::Db& db = *impl_->db;
    sql::Transaction tx(db);
    const std::string now = impl_->now();
    set_meta(db, "sync_last_attempt", now);
    set_meta(db, "sync_last_error", success ? std::string() : error);
    if (success) {
        set_meta(db, "sync_last_success", now);
    }
    tx.commit();
}

SyncSummary Store::sync_summary() const {
    SyncSummary s;
    s.counts = outbox_counts();
    const sql::Db& db = *impl_->db;
    s.last_success = meta_text(db, "sync_last_success");
    s.last_attempt = meta_text(db, "sync_last_attempt");
    s.last_error = meta_text(db, "sync_last_error");
    s.status_cursor = status_cursor();
    sql::Stmt q(db, "SELECT COUNT(*) FROM cases WHERE purged_at IS NOT NULL");
    q.step();
    s.purged = static_cast<int>(q.integer(0));
    return s;
}

int Store::purge_acknowledged(std::chrono::seconds after) {
    const sql::Db& db = *impl_->db;
    const std::string now = impl_->now();
    const std::string cutoff = platform::format_utc(impl_->clock.now() - after);
    std::vector<std::string> ids;
    {
        sql::Stmt q(db,
                    "SELECT c.case_id FROM cases c JOIN outbox o ON o.case_id = c.case_id WHERE "
                    "o.state = 'sent' AND o.acked_at IS NOT NULL AND o.acked_at <= ? AND "
                    "c.purged_at IS NULL");
        q.bind(1, cutoff);
        while (q.step()) {
            ids.push_back(q.text(0));
        }
    }
    if (ids.empty()) {
        return 0;
    }
    std::vector<std::string> files;
    {
        sql::Transaction tx(db);
        const std::string empty = "{}";
        for (const auto& id : ids) {
            const Bytes sealed =
                platform::seal(impl_->field_key, as_bytes(empty), "applicant:" + id);
            sql::Stmt(db,
                      "UPDATE cases SET applicant = ?, nik_lookup = '', purged_at = ? WHERE "
                      "case_id = ?")
                .bind(1, sealed)
                .bind(2, now)
                .bind(3, id)
                .run();
        }
        // Files no case still holding its data refers to (content may be shared).
        sql::Stmt q(db,
                    "SELECT DISTINCT a.sha256 FROM attachments a JOIN cases c ON c.case_id = "
                    "a.case_id WHERE c.purged_at = ? AND NOT EXISTS (SELECT 1 FROM attachments "
                    "b JOIN cases d ON d.case_id = b.case_id WHERE b.sha256 = a.sha256 AND "
                    "d.purged_at IS NULL)");
        q.bind(1, now);
        while (q.step()) {
            files.push_back(q.text(0));
        }
        sql::Stmt(db,
                  "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, 'sync', "
                  "'sync.purge', ?)")
            .bind(1, now)
            .bind(2, std::to_string(ids.size()) + " case(s) acknowledged before " + cutoff)
            .run();
        tx.commit();
    }
    std::error_code ec;
    for (const auto& sha : files) {
        fs::remove(impl_->blob_path(sha), ec);
    }
    // The old pages also live in the write-ahead log until a checkpoint: end them there too.
    sqlite3_exec(db.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    spdlog::info("sync: personal data of {} acknowledged case(s) erased ({} files)", ids.size(),
                 files.size());
    return static_cast<int>(ids.size());
}

// [SECTION] Receipt prints -------------------------------------------------------------------

namespace {

PrintRecord print_from(const sql::Stmt& q) {
    PrintRecord r;
    r.id = q.integer(0);
    r.case_id = q.text(1);
    r.copy = static_cast<int>(q.integer(2));
    r.requested_by = q.text(3);
    r.requested_at = q.text(4);
    r.state = q.text(5);
    r.job_id = static_cast<int>(q.integer(6));
    r.printer_state = q.text(7);
    r.detail = q.text(8);
    r.finished_at = q.text(9);
    return r;
}

constexpr const char* kPrintColumns =
    "SELECT id, case_id, copy, requested_by, requested_at, state, IFNULL(job_id, 0), "
    "IFNULL(printer_state, ''), detail, IFNULL(finished_at, '') FROM prints ";

}  // namespace

PrintRecord Store::begin_print(const std::string& case_id, const std::string& requested_by) {
    sql::Transaction tx(*impl_->db);
    {
        sql::Stmt exists(*impl_->db, "SELECT 1 FROM cases WHERE case_id = ?");
        exists.bind(1, case_id);
        if (!exists.step()) {
            throw StoreError(StoreError::Kind::kInvalidCase, "no case " + case_id + " to print");
        }
    }
    // Every earlier attempt that may have put paper out counts: one that was sending when the
    // kiosk stopped, one that printed, one that failed after the printer took it.
    sql::Stmt count(*impl_->db,
                    "SELECT COUNT(*) FROM prints WHERE case_id = ? AND state != 'not_sent'");
    count.bind(1, case_id);
    count.step();
    PrintRecord r;
    r.case_id = case_id;
    r.copy = static_cast<int>(count.integer(0));
    r.requested_by = requested_by;
    r.requested_at = impl_->now();
    r.state = "sending";
    sql::Stmt(*impl_->db,
              "INSERT INTO prints(case_id, copy, requested_by, requested_at, state) "
              "VALUES(?, ?, ?, ?, 'sending')")
        .bind(1, case_id)
        .bind(2, static_cast<std::int64_t>(r.copy))
        .bind(3, requested_by)
        .bind(4, r.requested_at)
        .run();
    r.id = sqlite3_last_insert_rowid(impl_->db->get());
    tx.commit();
    return r;
}

void Store::finish_print(std::int64_t print_id, const std::string& state, int job_id,
                         const std::string& printer_state, const std::string& detail) {
    if (state != "printed" && state != "failed" && state != "not_sent") {
        throw std::invalid_argument("print state '" + state +
                                    "' is not printed, failed or not_sent");
    }
    sql::Stmt(*impl_->db,
              "UPDATE prints SET state = ?, job_id = ?, printer_state = ?, detail = ?, "
              "finished_at = ? WHERE id = ? AND state = 'sending'")
        .bind(1, state)
        .bind(2, static_cast<std::int64_t>(job_id))
        .bind(3, printer_state)
        .bind(4, detail)
        .bind(5, impl_->now())
        .bind(6, print_id)
        .run();
}

std::vector<PrintRecord> Store::prints_of(const std::string& case_id) const {
    sql::Stmt q(*impl_->db, (std::string(kPrintColumns) + "WHERE case_id = ? ORDER BY id").c_str());
    q.bind(1, case_id);
    std::vector<PrintRecord> out;
    while (q.step()) {
        out.push_back(print_from(q));
    }
    return out;
}

std::vector<CaseSummary> Store::awaiting_print() const {
    sql::Stmt q(*impl_->db, (std::string(kCaseColumns) +
                             "WHERE case_id IN (SELECT case_id FROM prints) AND case_id NOT IN "
                             "(SELECT case_id FROM prints WHERE state = 'printed') "
                             "ORDER BY created_at, receipt_no")
                                .c_str());
    return impl_->summaries(q);
}

}  // namespace anjungan::kiosk
