// Over 600 lines: the one SQLite implementation of the Storage interface (storage.hpp); its
// methods share the connection, the lock and the migrations, and are read against that header.
// The office's records in SQLite. Writes: one connection, one mutex, the HTTP server's threads
// take turns (SQLite has one writer at a time anyway); other processes (the operators'
// commands) wait on the busy timeout. Reads: a pool of connections of their own (WAL), so a
// long list or search never holds up a kiosk's upload.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <map>
#include <mutex>

#include "anjungan/office/data_keys.hpp"
#include "anjungan/office/storage.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "anjungan/platform/sqlite.hpp"

namespace anjungan::office {

namespace fs = std::filesystem;
using nlohmann::json;
using platform::sql::Db;
using platform::sql::Stmt;
using platform::sql::Transaction;

namespace {

[[noreturn]] void throw_storage_error(int code, const std::string& message) {
    switch (code & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            throw StorageError(StorageError::Kind::kCorrupt, message);
        case SQLITE_CONSTRAINT:
            throw StorageError(StorageError::Kind::kConflict, message);
        default:
            throw StorageError(StorageError::Kind::kIo, message);
    }
}

constexpr const char* kMigrations[] = {
    R"sql(
    CREATE TABLE kiosks(
        kiosk_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        added_at TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE staff(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE cases(
        case_id TEXT PRIMARY KEY,
        receipt_no TEXT NOT NULL UNIQUE,
        kiosk_id TEXT NOT NULL REFERENCES kiosks(kiosk_id),
        created_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        status TEXT NOT NULL,
        status_at TEXT NOT NULL,
        due_at TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL,          -- the case as the kiosk signed it
        signature TEXT NOT NULL
    );
    CREATE INDEX cases_status ON cases(status);
    CREATE TABLE case_blobs(
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        kind TEXT NOT NULL,
        page INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        PRIMARY KEY(case_id, kind, page)
    );
    -- The status history; its seq is the change feed's sequence number.
    CREATE TABLE history(
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        kiosk_id TEXT NOT NULL,
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        reasons TEXT NOT NULL DEFAULT '[]',
        due_at TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX history_feed ON history(kiosk_id, seq);
    CREATE TABLE idempotency(
        key TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        body_sha256 TEXT NOT NULL,
        status INTEGER NOT NULL,
        answer TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE audit(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        case_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'the status history is append-only'); END;
    )sql",
    // 2: console accounts: a display name, a password hash (Argon2id), API tokens that end
    R"sql(
    ALTER TABLE staff ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE staff ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE staff ADD COLUMN token_expires_at TEXT NOT NULL DEFAULT '';
    )sql",
    // 3: console sessions (only their cookies' hashes) and failed sign-ins per account/address
    R"sql(
    CREATE TABLE console_sessions(
        token_hash TEXT PRIMARY KEY,
        staff_name TEXT NOT NULL REFERENCES staff(name),
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
    );
    CREATE INDEX console_sessions_staff ON console_sessions(staff_name);
    CREATE TABLE login_failures(
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        last_at TEXT NOT NULL,
        blocked_until TEXT NOT NULL DEFAULT ''
    );
    )sql",
    // 4: what the console's lists, searches and the duplicate-NIK warning read: the
    // applicant's name, work unit and NIK beside the signed payload, and indexes
    R"sql(
    ALTER TABLE cases ADD COLUMN applicant_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE cases ADD COLUMN work_unit TEXT NOT NULL DEFAULT '';
    ALTER TABLE cases ADD COLUMN nik TEXT NOT NULL DEFAULT '';
    UPDATE cases SET
        applicant_name = IFNULL(json_extract(payload, '$.applicant.full_name'), ''),
        work_unit = IFNULL(json_extract(payload, '$.applicant.work_unit'), ''),
        nik = IFNULL(json_extract(payload, '$.applicant.nik'), '');
    CREATE INDEX cases_received ON cases(received_at);
    CREATE INDEX cases_due ON cases(due_at);
    CREATE INDEX cases_nik ON cases(nik);
    CREATE INDEX cases_unit ON cases(work_unit);
    CREATE INDEX history_case ON history(case_id, seq);
    CREATE INDEX audit_case ON audit(case_id);
    )sql",
    // 5: recommendation letters, numbered per year without reuse
    R"sql(
    CREATE TABLE letter_sequences(
        year INTEGER PRIMARY KEY,
        last INTEGER NOT NULL
    );
    CREATE TABLE letters(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        letter_no TEXT NOT NULL UNIQUE,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        issued_on TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        void_at TEXT NOT NULL DEFAULT '',
        void_by TEXT NOT NULL DEFAULT '',
        pdf BLOB,
        UNIQUE(year, seq)
    );
    CREATE INDEX letters_case ON letters(case_id, id);
    )sql",
    // 6: the e-mail outbox, named cursors, e-mail confirmation tokens
    R"sql(
    CREATE TABLE mail_outbox(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        body_html TEXT NOT NULL,
        attachments TEXT NOT NULL DEFAULT '[]',
        message_id TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TEXT NOT NULL,
        last_error TEXT NOT NULL DEFAULT '',
        claimed_by TEXT NOT NULL DEFAULT '',
        lease_until TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        sent_at TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX mail_due ON mail_outbox(state, next_at);
    CREATE INDEX mail_case ON mail_outbox(case_id, id);
    CREATE TABLE cursors(
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    CREATE TABLE email_tokens(
        token_hash TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE email_confirmations(
        case_id TEXT PRIMARY KEY,
        confirmed_at TEXT NOT NULL
    );
    )sql",
    // 7: the schedule book: sessions of assisted registration (step 4) and who is in them; a
    // case is in at most one session that is not cancelled (the partial unique index)
    R"sql(
    CREATE TABLE schedule_sessions(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        place TEXT NOT NULL,
        capacity INTEGER NOT NULL CHECK(capacity > 0),
        note TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        cancelled_at TEXT NOT NULL DEFAULT '',
        cancelled_by TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL DEFAULT 0,
        CHECK(ends_at > starts_at)
    );
    CREATE INDEX schedule_sessions_start ON schedule_sessions(starts_at);
    CREATE TABLE schedule_assignments(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES schedule_sessions(id),
        case_id TEXT NOT NULL REFERENCES cases(case_id),
        assigned_by TEXT NOT NULL,
        assigned_at TEXT NOT NULL,
        ended_at TEXT NOT NULL DEFAULT '',
        ended_why TEXT NOT NULL DEFAULT ''
    );
    CREATE UNIQUE INDEX schedule_case_once ON schedule_assignments(case_id) WHERE ended_at = '';
    CREATE INDEX schedule_by_session ON schedule_assignments(session_id, id);
    )sql",
    // 8: every public key a kiosk has had: registering a new key retires the old one, which
    // still verifies the receipts it signed (the kiosks' key list carries both)
    R"sql(
    CREATE TABLE kiosk_keys(
        kiosk_id TEXT NOT NULL REFERENCES kiosks(kiosk_id),
        public_key TEXT NOT NULL,
        added_at TEXT NOT NULL,
        retired_at TEXT NOT NULL DEFAULT '',
        PRIMARY KEY(kiosk_id, public_key)
    );
    INSERT INTO kiosk_keys(kiosk_id, public_key, added_at)
        SELECT kiosk_id, public_key, added_at FROM kiosks;
    )sql",
    // 9: personal data sealed at rest (data_keys.hpp): the NIK only as a keyed hash, the
    // employment code (the reach report's) beside the payload, which is sealed from now on
    // (SqliteStorage::seal_plain_rows seals what older versions wrote, at open)
    R"sql(
    ALTER TABLE cases ADD COLUMN nik_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE cases ADD COLUMN employment TEXT NOT NULL DEFAULT '';
    UPDATE cases SET employment = IFNULL(json_extract(payload, '$.applicant.employment'), '')
        WHERE json_valid(payload);
    DROP INDEX cases_nik;
    CREATE INDEX cases_nik_hash ON cases(nik_hash);
    )sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

// A text field of the applicant's JSON, or "" (the kiosk's payload is checked, not trusted).
std::string text_field(const json& applicant, const char* key) {
    const auto it = applicant.find(key);
    return it != applicant.end() && it->is_string() ? it->get<std::string>() : std::string();
}

domain::CaseStatus status_of(const std::string& code) {
    return domain::status_from_code(code).value_or(domain::CaseStatus::kReceived);
}

class SqliteStorage final : public Storage {
  public:
    SqliteStorage(const fs::path& dir, std::shared_ptr<const DataKeys> keys) {
        platform::ensure_directory(dir, 0700);
        keys_ = keys ? std::move(keys) : DataKeys::open(DataKeys::default_path(dir));
        const fs::path path = dir / "office.db";
        path_ = path.string();
        // SQLite would create the file 0644 (less the umask), and its -wal and -shm take the
        // database's mode: made 0600 first, all three are the owner's only.
        if (const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            fd >= 0) {
            ::close(fd);
        }
        db_ = std::make_unique<Db>(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                   &throw_storage_error);
        db_->exec("PRAGMA journal_mode=WAL");
        // A database made by an older version: tightened too.
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::error_code ec;
            const fs::path f = path.string() + suffix;
            if (fs::exists(f, ec) &&
                (fs::status(f, ec).permissions() &
                 (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
                fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write, ec);
            }
        }
        db_->exec("PRAGMA synchronous=FULL");
        db_->exec("PRAGMA foreign_keys=ON");
        tune(*db_);
        Stmt v(*db_, "PRAGMA user_version");
        v.step();
        const int current = static_cast<int>(v.integer(0));
        v.reset();
        if (current > kSchemaVersion) {
            throw StorageError(StorageError::Kind::kIo,
                               path.string() + " was written by a newer anjungan-office");
        }
        for (int i = current + 1; i <= kSchemaVersion; ++i) {
            Transaction tx(*db_);
            db_->exec(kMigrations[i - 1]);
            db_->exec(("PRAGMA user_version = " + std::to_string(i)).c_str());
            tx.commit();
            spdlog::info("office storage {}: schema version {}", path.string(), i);
        }
        // While plain rows are sealed, what they held is zeroed, not left in free pages; after
        // that only sealed data is written, and zeroing every freed page would cost each write
        // (bench_console: a move 0.34 ms -> 2.6 ms).
        db_->exec("PRAGMA secure_delete=ON");
        seal_plain_rows();
        db_->exec("PRAGMA secure_delete=OFF");
    }

    // Seals what an older version stored in plain (payloads, NIKs, letters, e-mail), in one
    // transaction, then empties the WAL that held the old pages. Returns the rows sealed.
    int seal_plain_rows() {
        std::lock_guard lock(mutex_);
        int n = 0;
        {
            Transaction tx(*db_);
            std::vector<std::pair<std::string, std::string>> plain;
            {
                Stmt q(*db_,
                       "SELECT case_id, payload FROM cases WHERE substr(payload, 1, 5) != 'enc1:' "
                       "OR nik != ''");
                while (q.step()) {
                    plain.emplace_back(q.text(0), q.text(1));
                }
            }
            Stmt upd(*db_,
                     "UPDATE cases SET payload = ?, nik = '', nik_hash = ? WHERE case_id = ?");
            for (const auto& [case_id, payload] : plain) {
                const std::string text =
                    DataKeys::is_sealed_text(payload) ? open_payload(case_id, payload) : payload;
                const json j = json::parse(text, nullptr, false);
                const std::string nik =
                    j.is_object() && j.contains("applicant") && j["applicant"].is_object()
                        ? text_field(j["applicant"], "nik")
                        : std::string();
                upd.bind(1, keys_->seal_text(text, "case:" + case_id))
                    .bind(2, nik.empty() ? std::string() : keys_->lookup_hash(nik))
                    .bind(3, case_id)
                    .run();
                upd.reset();
                ++n;
            }
            std::vector<std::pair<std::int64_t, std::vector<std::uint8_t>>> letters;
            {
                Stmt q(*db_, "SELECT id, pdf FROM letters WHERE pdf IS NOT NULL");
                while (q.step()) {
                    auto pdf = q.blob(1);
                    if (!pdf.empty() && !DataKeys::is_sealed_bytes(pdf)) {
                        letters.emplace_back(q.integer(0), std::move(pdf));
                    }
                }
            }
            for (const auto& [id, pdf] : letters) {
                const auto sealed = keys_->seal_bytes(pdf, "letter:" + std::to_string(id));
                Stmt(*db_, "UPDATE letters SET pdf = ? WHERE id = ?")
                    .bind(1, std::span<const std::uint8_t>(sealed))
                    .bind(2, id)
                    .run();
                ++n;
            }
            std::vector<std::array<std::string, 4>> mails;
            {
                Stmt q(*db_,
                       "SELECT key, body_text, body_html, attachments FROM mail_outbox WHERE "
                       "substr(attachments, 1, 5) != 'enc1:'");
                while (q.step()) {
                    mails.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
                }
            }
            for (const auto& m : mails) {
                Stmt(*db_,
                     "UPDATE mail_outbox SET body_text = ?, body_html = ?, attachments = ? "
                     "WHERE key = ?")
                    .bind(1, keys_->seal_text(m[1], "mail.text:" + m[0]))
                    .bind(2, keys_->seal_text(m[2], "mail.html:" + m[0]))
                    .bind(3, keys_->seal_text(m[3], "mail.attachments:" + m[0]))
                    .bind(4, m[0])
                    .run();
                ++n;
            }
            tx.commit();
        }
        if (n > 0) {
            db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
            spdlog::info("office storage {}: {} row(s) sealed with data key {}", path_, n,
                         keys_->current_id());
        }
        return n;
    }

    // Re-seals every sealed value whose key is not the current one (after
    // DataKeys::add_key), the NIK hashes with it; returns the rows rewritten.
    int reseal_rows() {
        const std::uint32_t current = keys_->current_id();
        std::lock_guard lock(mutex_);
        int n = 0;
        {
            Transaction tx(*db_);
            std::vector<std::pair<std::string, std::string>> rows;
            {
                Stmt q(*db_, "SELECT case_id, payload FROM cases");
                while (q.step()) {
                    if (DataKeys::text_key_id(q.text(1)) != current) {
                        rows.emplace_back(q.text(0), q.text(1));
                    }
                }
            }
            Stmt upd(*db_, "UPDATE cases SET payload = ?, nik_hash = ? WHERE case_id = ?");
            for (const auto& [case_id, payload] : rows) {
                const std::string text = open_payload(case_id, payload);
                const json j = json::parse(text, nullptr, false);
                const std::string nik =
                    j.is_object() && j.contains("applicant") && j["applicant"].is_object()
                        ? text_field(j["applicant"], "nik")
                        : std::string();
                upd.bind(1, keys_->seal_text(text, "case:" + case_id))
                    .bind(2, nik.empty() ? std::string() : keys_->lookup_hash(nik))
                    .bind(3, case_id)
                    .run();
                upd.reset();
                ++n;
            }
            std::vector<std::pair<std::int64_t, std::vector<std::uint8_t>>> letters;
            {
                Stmt q(*db_, "SELECT id, pdf FROM letters WHERE pdf IS NOT NULL");
                while (q.step()) {
                    auto pdf = q.blob(1);
                    if (!pdf.empty() && DataKeys::bytes_key_id(pdf) != current) {
                        letters.emplace_back(q.integer(0), std::move(pdf));
                    }
                }
            }
            for (const auto& [id, sealed] : letters) {
                const auto pdf = open_letter(id, sealed);
                const auto again = keys_->seal_bytes(pdf, "letter:" + std::to_string(id));
                Stmt(*db_, "UPDATE letters SET pdf = ? WHERE id = ?")
                    .bind(1, std::span<const std::uint8_t>(again))
                    .bind(2, id)
                    .run();
                ++n;
            }
            std::vector<std::array<std::string, 4>> mails;
            {
                Stmt q(*db_, "SELECT key, body_text, body_html, attachments FROM mail_outbox");
                while (q.step()) {
                    if (DataKeys::text_key_id(q.text(3)) != current) {
                        mails.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
                    }
                }
            }
            for (const auto& m : mails) {
                Stmt(*db_,
                     "UPDATE mail_outbox SET body_text = ?, body_html = ?, attachments = ? "
                     "WHERE key = ?")
                    .bind(1, keys_->seal_text(open_field(m[1], "mail.text:" + m[0]),
                                              "mail.text:" + m[0]))
                    .bind(2, keys_->seal_text(open_field(m[2], "mail.html:" + m[0]),
                                              "mail.html:" + m[0]))
                    .bind(3, keys_->seal_text(open_field(m[3], "mail.attachments:" + m[0]),
                                              "mail.attachments:" + m[0]))
                    .bind(4, m[0])
                    .run();
                ++n;
            }
            tx.commit();
        }
        db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        return n;
    }

    // How many sealed values name each key id (cases, letters, e-mail).
    std::map<std::uint32_t, int> key_use() {
        std::lock_guard lock(mutex_);
        std::map<std::uint32_t, int> out;
        Stmt q(*db_, "SELECT payload FROM cases UNION ALL SELECT attachments FROM mail_outbox");
        while (q.step()) {
            if (const auto id = DataKeys::text_key_id(q.text(0))) {
                ++out[*id];
            }
        }
        Stmt l(*db_, "SELECT pdf FROM letters WHERE pdf IS NOT NULL");
        while (l.step()) {
            if (const auto id = DataKeys::bytes_key_id(l.blob(0))) {
                ++out[*id];
            }
        }
        return out;
    }

    void add_kiosk(const std::string& kiosk_id, const std::string& public_key,
                   const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt(*db_,
             "INSERT INTO kiosks(kiosk_id, public_key, added_at) VALUES(?, ?, ?) "
             "ON CONFLICT(kiosk_id) DO UPDATE SET public_key = excluded.public_key, active = 1")
            .bind(1, kiosk_id)
            .bind(2, public_key)
            .bind(3, at)
            .run();
        insert_audit("operator", "kiosk.add", "", kiosk_id + " " + public_key, at);
        tx.commit();
    }

    void set_kiosk_active(const std::string& kiosk_id, bool active) override {
        std::lock_guard lock(mutex_);
        Stmt(*db_, "UPDATE kiosks SET active = ? WHERE kiosk_id = ?")
            .bind(1, std::int64_t{active ? 1 : 0})
            .bind(2, kiosk_id)
            .run();
    }

    std::optional<KioskRecord> kiosk(const std::string& kiosk_id) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, "SELECT kiosk_id, public_key, added_at, active FROM kiosks WHERE kiosk_id = ?");
        q.bind(1, kiosk_id);
        if (!q.step()) {
            return std::nullopt;
        }
        return KioskRecord{q.text(0), q.text(1), q.text(2), q.integer(3) != 0};
    }

    std::vector<KioskRecord> kiosks() override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, "SELECT kiosk_id, public_key, added_at, active FROM kiosks ORDER BY kiosk_id");
        std::vector<KioskRecord> out;
        while (q.step()) {
            out.push_back({q.text(0), q.text(1), q.text(2), q.integer(3) != 0});
        }
        return out;
    }

    static constexpr const char* kStaffColumns =
        "SELECT id, name, role, added_at, active, display_name, password_hash != '', "
        "token_expires_at FROM staff ";

    // Nothing when the row's role code is one this version does not know: such a member is
    // refused (no sign-in, no token, not listed), never given some default role.
    static std::optional<StaffRecord> staff_from(const Stmt& q) {
        const auto role = role_from_code(q.text(2));
        if (!role) {
            spdlog::warn(
                json{{"event", "staff.unknown_role"}, {"name", q.text(1)}, {"role", q.text(2)}}
                    .dump());
            return std::nullopt;
        }
        return StaffRecord{q.integer(0), q.text(1),         *role,    q.text(3), q.integer(4) != 0,
                           q.text(5),    q.integer(6) != 0, q.text(7)};
    }

    StaffRecord add_staff(const NewStaff& n, const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt(*db_,
             "INSERT INTO staff(name, role, token_hash, added_at, display_name, password_hash, "
             "token_expires_at) VALUES(?, ?, ?, ?, ?, ?, ?)")
            .bind(1, n.name)
            .bind(2, std::string(to_code(n.role)))
            .bind(3, n.token_hash)
            .bind(4, at)
            .bind(5, n.display_name)
            .bind(6, n.password_hash)
            .bind(7, n.token_expires_at)
            .run();
        StaffRecord r{sqlite3_last_insert_rowid(db_->get()),
                      n.name,
                      n.role,
                      at,
                      true,
                      n.display_name,
                      !n.password_hash.empty(),
                      n.token_expires_at};
        insert_audit("operator", "staff.add", "", n.name + " as " + std::string(to_code(n.role)),
                     at);
        tx.commit();
        return r;
    }

    std::optional<StaffRecord> staff_by_token_hash(const std::string& token_hash,
                                                   const std::string& now) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kStaffColumns) +
                    "WHERE token_hash = ? AND active = 1 AND (token_expires_at = '' OR "
                    "token_expires_at > ?)")
                       .c_str());
        q.bind(1, token_hash).bind(2, now);
        if (!q.step()) {
            return std::nullopt;
        }
        return staff_from(q);
    }

    std::optional<StaffRecord> staff_by_name(const std::string& name) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kStaffColumns) + "WHERE name = ?").c_str());
        q.bind(1, name);
        if (!q.step()) {
            return std::nullopt;
        }
        return staff_from(q);
    }

    std::vector<StaffRecord> staff() override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kStaffColumns) + "ORDER BY name").c_str());
        std::vector<StaffRecord> out;
        while (q.step()) {
            if (auto r = staff_from(q)) {
                out.push_back(std::move(*r));
            }
        }
        return out;
    }

    std::string staff_password_hash(const std::string& name) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, "SELECT password_hash FROM staff WHERE name = ?");
        q.bind(1, name);
        return q.step() ? q.text(0) : std::string();
    }

    bool set_staff_password(const std::string& name, const std::string& hash,
                            const std::string& actor, const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt(*db_, "UPDATE staff SET password_hash = ? WHERE name = ?")
            .bind(1, hash)
            .bind(2, name)
            .run();
        if (sqlite3_changes(db_->get()) == 0) {
            return false;
        }
        insert_audit(actor, "staff.passwd", "", name, at);
        tx.commit();
        return true;
    }

    bool set_staff_active(const std::string& name, bool active, const std::string& actor,
                          const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt(*db_, "UPDATE staff SET active = ? WHERE name = ?")
            .bind(1, static_cast<std::int64_t>(active ? 1 : 0))
            .bind(2, name)
            .run();
        if (sqlite3_changes(db_->get()) == 0) {
            return false;
        }
        if (!active) {
            Stmt(*db_, "DELETE FROM console_sessions WHERE staff_name = ?").bind(1, name).run();
        }
        insert_audit(actor, active ? "staff.enable" : "staff.disable", "", name, at);
        tx.commit();
        return true;
    }

    void create_console_session(const std::string& token_hash,
                                const ConsoleSessionRecord& s) override {
        std::lock_guard lock(mutex_);
        Stmt(*db_,
             "INSERT INTO console_sessions(token_hash, staff_name, csrf, created_at, "
             "last_seen_at) VALUES(?, ?, ?, ?, ?)")
            .bind(1, token_hash)
            .bind(2, s.staff_name)
            .bind(3, s.csrf)
            .bind(4, s.created_at)
            .bind(5, s.last_seen_at)
            .run();
    }

    std::optional<ConsoleSessionRecord> console_session(const std::string& token_hash) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db,
               "SELECT staff_name, csrf, created_at, last_seen_at FROM console_sessions WHERE "
               "token_hash = ?");
        q.bind(1, token_hash);
        if (!q.step()) {
            return std::nullopt;
        }
        return ConsoleSessionRecord{q.text(0), q.text(1), q.text(2), q.text(3)};
    }

    void touch_console_session(const std::string& token_hash, const std::string& at) override {
        std::lock_guard lock(mutex_);
        Stmt(*db_, "UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(1, at)
            .bind(2, token_hash)
            .run();
    }

    void end_console_session(const std::string& token_hash) override {
        std::lock_guard lock(mutex_);
        Stmt(*db_, "DELETE FROM console_sessions WHERE token_hash = ?").bind(1, token_hash).run();
    }

    int console_session_count(const std::string& staff_name) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, "SELECT COUNT(*) FROM console_sessions WHERE staff_name = ?");
        q.bind(1, staff_name);
        q.step();
        return static_cast<int>(q.integer(0));
    }

    LoginFailures login_failures(const std::string& key) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, "SELECT count, last_at, blocked_until FROM login_failures WHERE key = ?");
        q.bind(1, key);
        if (!q.step()) {
            return {};
        }
        return LoginFailures{static_cast<int>(q.integer(0)), q.text(1), q.text(2)};
    }

    void set_login_failures(const std::string& key, const LoginFailures& f) override {
        std::lock_guard lock(mutex_);
        Stmt(*db_,
             "INSERT INTO login_failures(key, count, last_at, blocked_until) VALUES(?, ?, ?, ?) "
             "ON CONFLICT(key) DO UPDATE SET count = excluded.count, last_at = excluded.last_at, "
             "blocked_until = excluded.blocked_until")
            .bind(1, key)
            .bind(2, static_cast<std::int64_t>(f.count))
            .bind(3, f.last_at)
            .bind(4, f.blocked_until)
            .run();
    }

    void clear_login_failures(const std::string& key) override {
        std::lock_guard lock(mutex_);
        Stmt(*db_, "DELETE FROM login_failures WHERE key = ?").bind(1, key).run();
    }

    std::optional<Idempotent> idempotent(const std::string& key) override {
        Reader reader(*this);
        const Db& db = *reader;
        return idempotent_locked(db, key);
    }

    Accepted accept_case(const sync::CasePayload& c, const std::string& signature,
                         const std::string& body_sha256, const std::string& at,
                         const std::string& due_at,
                         const std::function<std::string(std::int64_t)>& answer) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        if (auto known = idempotent_locked(*db_, c.case_id)) {
            return {0, true, known->body_sha256, known->answer};
        }
        {
            Stmt dup(*db_, "SELECT case_id FROM cases WHERE receipt_no = ?");
            if (dup.bind(1, c.receipt_no).step()) {
                throw StorageError(
                    StorageError::Kind::kRefused,
                    "receipt number " + c.receipt_no + " already belongs to case " + dup.text(0));
            }
        }
        Stmt(*db_,
             "INSERT INTO cases(case_id, receipt_no, kiosk_id, created_at, received_at, status, "
             "status_at, due_at, payload, signature, applicant_name, work_unit, nik_hash, "
             "employment) VALUES(?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, c.case_id)
            .bind(2, c.receipt_no)
            .bind(3, c.kiosk_id)
            .bind(4, c.created_at)
            .bind(5, at)
            .bind(6, at)
            .bind(7, due_at)
            .bind(8, keys_->seal_text(sync::to_json(c).dump(), "case:" + c.case_id))
            .bind(9, signature)
            .bind(10, text_field(c.applicant, "full_name"))
            .bind(11, text_field(c.applicant, "work_unit"))
            .bind(12, text_field(c.applicant, "nik").empty()
                          ? std::string()
                          : keys_->lookup_hash(text_field(c.applicant, "nik")))
            .bind(13, text_field(c.applicant, "employment"))
            .run();
        Stmt blob(*db_,
                  "INSERT INTO case_blobs(case_id, kind, page, sha256, size, media_type) "
                  "VALUES(?, ?, ?, ?, ?, ?)");
        for (const auto& b : c.attachments) {
            blob.bind(1, c.case_id)
                .bind(2, b.kind)
                .bind(3, std::int64_t{b.page})
                .bind(4, b.sha256)
                .bind(5, static_cast<std::int64_t>(b.size))
                .bind(6, b.media_type)
                .run();
            blob.reset();
        }
        Stmt(*db_,
             "INSERT INTO history(case_id, kiosk_id, status, at, actor, role, note, due_at) "
             "VALUES(?, ?, 'received', ?, ?, 'kiosk', ?, ?)")
            .bind(1, c.case_id)
            .bind(2, c.kiosk_id)
            .bind(3, at)
            .bind(4, "kiosk " + c.kiosk_id)
            .bind(5, std::string("diterima di kantor / received at the office"))
            .bind(6, due_at)
            .run();
        const std::int64_t seq = sqlite3_last_insert_rowid(db_->get());
        const std::string body = answer(seq);
        Stmt(*db_,
             "INSERT INTO idempotency(key, kiosk_id, body_sha256, status, answer, at) "
             "VALUES(?, ?, ?, 201, ?, ?)")
            .bind(1, c.case_id)
            .bind(2, c.kiosk_id)
            .bind(3, body_sha256)
            .bind(4, body)
            .bind(5, at)
            .run();
        insert_audit("kiosk " + c.kiosk_id, "case.accept", c.case_id,
                     c.receipt_no + ", " + std::to_string(c.attachments.size()) + " attachments",
                     at);
        tx.commit();
        return {seq, false, body_sha256, {201, body}};
    }

    std::vector<CaseRow> cases(const CaseFilter& f) override {
        Reader reader(*this);
        const Db& db = *reader;
        const Where w = where_of(f);
        std::string sql = std::string(kRowColumns) + w.sql + " ORDER BY received_at" +
                          (f.newest_first ? " DESC" : "") + ", receipt_no" +
                          (f.newest_first ? " DESC" : "");
        if (f.limit > 0) {
            sql += " LIMIT " + std::to_string(f.limit) + " OFFSET " +
                   std::to_string(std::max(0, f.offset));
        }
        Stmt q(db, sql.c_str());
        w.bind(q);
        std::vector<CaseRow> out;
        while (q.step()) {
            out.push_back(row_of(db, q, f.with_blobs));
        }
        return out;
    }

    Neighbours neighbours(const CaseFilter& f, const std::string& receipt_no) override {
        Reader reader(*this);
        const Db& db = *reader;
        const Where w = where_of(f);
        const std::string dir = f.newest_first ? " DESC" : "";
        Stmt q(db, ("SELECT prev, next, pos, total FROM (SELECT receipt_no, LAG(receipt_no) "
                    "OVER w AS prev, LEAD(receipt_no) OVER w AS next, ROW_NUMBER() OVER w AS "
                    "pos, COUNT(*) OVER () AS total FROM cases" +
                    w.sql + " WINDOW w AS (ORDER BY received_at" + dir + ", receipt_no" + dir +
                    ")) WHERE receipt_no = ?" + std::to_string(w.args.size() + 1))
                       .c_str());
        w.bind(q);
        q.bind(static_cast<int>(w.args.size() + 1), receipt_no);
        Neighbours n;
        if (q.step()) {
            n = {q.text(0), q.text(1), static_cast<int>(q.integer(2)),
                 static_cast<int>(q.integer(3))};
        }
        return n;
    }

    int count_cases(const CaseFilter& f) override {
        Reader reader(*this);
        const Db& db = *reader;
        const Where w = where_of(f);
        Stmt q(db, ("SELECT COUNT(*) FROM cases" + w.sql).c_str());
        w.bind(q);
        q.step();
        return static_cast<int>(q.integer(0));
    }

    std::vector<std::pair<domain::CaseStatus, int>> status_counts() override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, "SELECT status, COUNT(*) FROM cases GROUP BY status");
        std::vector<std::pair<domain::CaseStatus, int>> found;
        while (q.step()) {
            found.emplace_back(status_of(q.text(0)), static_cast<int>(q.integer(1)));
        }
        std::vector<std::pair<domain::CaseStatus, int>> out;
        for (const auto s : domain::all_statuses()) {
            for (const auto& [status, n] : found) {
                if (status == s) {
                    out.emplace_back(s, n);
                }
            }
        }
        return out;
    }

    std::vector<CaseRow> cases_with_nik(const std::string& nik) override {
        Reader reader(*this);
        const Db& db = *reader;
        if (nik.empty()) {
            return {};
        }
        Where w;
        w.add_in("nik_hash", keys_->lookup_hashes(nik));
        Stmt q(db, (std::string(kRowColumns) + w.sql + " ORDER BY received_at").c_str());
        w.bind(q);
        std::vector<CaseRow> out;
        while (q.step()) {
            out.push_back(row_of(db, q));
        }
        return out;
    }

    std::vector<CaseRow> cases_with_blob(const std::string& sha256) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kRowColumns) +
                    " WHERE case_id IN (SELECT case_id FROM case_blobs WHERE sha256 = ?) "
                    "ORDER BY received_at")
                       .c_str());
        q.bind(1, sha256);
        std::vector<CaseRow> out;
        while (q.step()) {
            out.push_back(row_of(db, q, false));
        }
        return out;
    }

    std::vector<std::string> work_units() override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, "SELECT DISTINCT work_unit FROM cases WHERE work_unit != '' ORDER BY work_unit");
        std::vector<std::string> out;
        while (q.step()) {
            out.push_back(q.text(0));
        }
        return out;
    }

    std::optional<CaseDetail> case_by_receipt(const std::string& receipt_no) override {
        Reader reader(*this);
        const Db& db = *reader;
        return detail_where(db, "receipt_no", receipt_no);
    }

    std::optional<std::int64_t> move_case(const std::string& case_id, domain::CaseStatus from,
                                          const Move& move, const std::string& at,
                                          const std::string& due_at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt upd(*db_,
                 "UPDATE cases SET status = ?, status_at = ?, due_at = ? WHERE case_id = ? AND "
                 "status = ? RETURNING kiosk_id");
        upd.bind(1, std::string(domain::to_code(move.to)))
            .bind(2, at)
            .bind(3, due_at)
            .bind(4, case_id)
            .bind(5, std::string(domain::to_code(from)));
        if (!upd.step()) {
            return std::nullopt;
        }
        const std::string kiosk_id = upd.text(0);
        upd.reset();
        std::string note = move.note;
        Stmt(*db_,
             "INSERT INTO history(case_id, kiosk_id, status, at, actor, role, note, reasons, "
             "due_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, case_id)
            .bind(2, kiosk_id)
            .bind(3, std::string(domain::to_code(move.to)))
            .bind(4, at)
            .bind(5, move.actor)
            .bind(6, std::string(to_code(move.role)))
            .bind(7, note)
            .bind(8, json(move.reasons).dump())
            .bind(9, due_at)
            .run();
        const std::int64_t seq = sqlite3_last_insert_rowid(db_->get());
        insert_audit(move.actor + " (" + std::string(to_code(move.role)) + ")",
                     "case." + std::string(domain::to_code(move.to)), case_id,
                     std::string(domain::to_code(from)) + " -> " +
                         std::string(domain::to_code(move.to)) +
                         (move.note.empty() ? "" : ": " + move.note),
                     at);
        tx.commit();
        return seq;
    }

    sync::StatusPage feed(const std::string& kiosk_id, std::int64_t since, int limit) override {
        Reader reader(*this);
        const Db& db = *reader;
        // The newest number first: whatever commits later (another process, say) gets a
        // higher one, so moving the cursor up to it skips nothing.
        Stmt last(db, "SELECT IFNULL(MAX(seq), 0) FROM history");
        last.step();
        const std::int64_t newest = last.integer(0);
        Stmt q(db,
               "SELECT h.seq, h.case_id, c.receipt_no, h.status, h.at, h.note, h.reasons, "
               "h.due_at FROM history h JOIN cases c ON c.case_id = h.case_id "
               "WHERE h.kiosk_id = ? AND h.seq > ? AND h.seq <= ? ORDER BY h.seq LIMIT ?");
        q.bind(1, kiosk_id).bind(2, since).bind(3, newest).bind(4, std::int64_t{limit} + 1);
        sync::StatusPage page;
        page.next = since;
        while (q.step()) {
            if (static_cast<int>(page.changes.size()) == limit) {
                page.more = true;
                break;
            }
            sync::StatusEntry e;
            e.seq = q.integer(0);
            e.case_id = q.text(1);
            e.receipt_no = q.text(2);
            e.status = q.text(3);
            e.at = q.text(4);
            e.note = q.text(5);
            const json reasons = json::parse(q.text(6), nullptr, false);
            if (reasons.is_array()) {
                for (const auto& r : reasons) {
                    if (r.is_string()) {
                        e.note += (e.note.empty() ? "" : "\n") + ("- " + r.get<std::string>());
                    }
                }
            }
            e.due_at = q.text(7);
            page.next = e.seq;
            page.changes.push_back(std::move(e));
        }
        if (!page.more) {
            page.next = std::max(page.next, newest);  // skip past other kiosks' numbers too
        }
        return page;
    }

    LetterRecord issue_letter(const std::string& case_id, int year, const std::string& issued_on,
                              const std::function<std::string(int seq)>& number_of,
                              const std::string& actor, const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt next(*db_,
                  "INSERT INTO letter_sequences(year, last) VALUES(?, 1) ON CONFLICT(year) DO "
                  "UPDATE SET last = last + 1 RETURNING last");
        next.bind(1, std::int64_t{year});
        next.step();
        LetterRecord r;
        r.case_id = case_id;
        r.year = year;
        r.seq = static_cast<int>(next.integer(0));
        next.reset();
        r.letter_no = number_of(r.seq);
        r.issued_on = issued_on;
        r.created_at = at;
        r.created_by = actor;
        Stmt old(*db_, "SELECT letter_no FROM letters WHERE case_id = ? AND void_at = ''");
        old.bind(1, case_id);
        while (old.step()) {
            insert_audit(actor, "letter.void", case_id, old.text(0) + " (remade)", at);
        }
        old.reset();
        Stmt(*db_, "UPDATE letters SET void_at = ?, void_by = ? WHERE case_id = ? AND void_at = ''")
            .bind(1, at)
            .bind(2, actor)
            .bind(3, case_id)
            .run();
        Stmt(*db_,
             "INSERT INTO letters(case_id, letter_no, year, seq, issued_on, created_at, "
             "created_by) VALUES(?, ?, ?, ?, ?, ?, ?)")
            .bind(1, case_id)
            .bind(2, r.letter_no)
            .bind(3, std::int64_t{year})
            .bind(4, std::int64_t{r.seq})
            .bind(5, issued_on)
            .bind(6, at)
            .bind(7, actor)
            .run();
        r.id = sqlite3_last_insert_rowid(db_->get());
        insert_audit(actor, "letter.issue", case_id, r.letter_no, at);
        tx.commit();
        return r;
    }

    void attach_letter_pdf(std::int64_t letter_id, const std::vector<std::uint8_t>& pdf) override {
        std::lock_guard lock(mutex_);
        const auto sealed = keys_->seal_bytes(pdf, "letter:" + std::to_string(letter_id));
        Stmt(*db_, "UPDATE letters SET pdf = ? WHERE id = ?")
            .bind(1, std::span<const std::uint8_t>(sealed))
            .bind(2, letter_id)
            .run();
    }

    std::vector<std::uint8_t> open_letter(std::int64_t id,
                                          const std::vector<std::uint8_t>& stored) const {
        if (stored.empty() || !DataKeys::is_sealed_bytes(stored)) {
            return stored;  // an older version's, sealed at the next open
        }
        auto pdf = keys_->open_bytes(stored, "letter:" + std::to_string(id));
        if (!pdf) {
            throw StorageError(StorageError::Kind::kCorrupt, "letter " + std::to_string(id) +
                                                                 " cannot be opened with the data "
                                                                 "keys in " +
                                                                 keys_->path().string() +
                                                                 " (a key missing from the file?)");
        }
        return std::move(*pdf);
    }

    LetterRecord letter_of(const Stmt& q, bool with_pdf) const {
        LetterRecord r{q.integer(0),
                       q.text(1),
                       q.text(2),
                       static_cast<int>(q.integer(3)),
                       static_cast<int>(q.integer(4)),
                       q.text(5),
                       q.text(6),
                       q.text(7),
                       q.text(8),
                       q.text(9),
                       {}};
        if (with_pdf) {
            r.pdf = open_letter(r.id, q.blob(10));
        }
        return r;
    }
    static constexpr const char* kLetterColumns =
        "SELECT id, case_id, letter_no, year, seq, issued_on, created_at, created_by, void_at, "
        "void_by, pdf FROM letters ";

    std::optional<LetterRecord> current_letter(const std::string& case_id) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kLetterColumns) +
                    "WHERE case_id = ? AND void_at = '' ORDER BY id DESC LIMIT 1")
                       .c_str());
        q.bind(1, case_id);
        if (!q.step()) {
            return std::nullopt;
        }
        return letter_of(q, true);
    }

    std::vector<LetterRecord> letters(const std::string& case_id) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kLetterColumns) + "WHERE case_id = ? ORDER BY id").c_str());
        q.bind(1, case_id);
        std::vector<LetterRecord> out;
        while (q.step()) {
            out.push_back(letter_of(q, false));
        }
        return out;
    }

    void audit(const std::string& actor, const std::string& action, const std::string& case_id,
               const std::string& detail, const std::string& at) override {
        std::lock_guard lock(mutex_);
        insert_audit(actor, action, case_id, detail, at);
    }

    std::vector<AuditRecord> audit_log(const AuditFilter& f) override {
        Reader reader(*this);
        const Db& db = *reader;
        Where w;
        if (!f.actor.empty()) {
            w.add("instr(lower(a.actor), lower(@)) > 0", f.actor);
        }
        if (!f.action.empty()) {
            w.add("substr(a.action, 1, length(@)) = @", f.action);
        }
        if (!f.case_id.empty()) {
            w.add("a.case_id = @", f.case_id);
        }
        if (!f.from.empty()) {
            w.add("a.at >= @", f.from);
        }
        if (!f.before.empty()) {
            w.add("a.at < @", f.before);
        }
        Stmt q(
            db,
            ("SELECT a.id, a.at, a.actor, a.action, a.case_id, a.detail, IFNULL(c.receipt_no, '') "
             "FROM audit a LEFT JOIN cases c ON c.case_id = a.case_id" +
             w.sql + " ORDER BY a.id DESC LIMIT " + std::to_string(std::max(1, f.limit)) +
             " OFFSET " + std::to_string(std::max(0, f.offset)))
                .c_str());
        w.bind(q);
        std::vector<AuditRecord> out;
        while (q.step()) {
            out.push_back(
                {q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)});
        }
        return out;
    }

    Counts counts(const std::string& now) override {
        Reader reader(*this);
        const Db& db = *reader;
        Counts c;
        Stmt q(db,
               "SELECT (SELECT COUNT(*) FROM kiosks), (SELECT COUNT(*) FROM cases), "
               "(SELECT COUNT(*) FROM cases WHERE status NOT IN ('issued', 'rejected')), "
               "(SELECT COUNT(*) FROM cases WHERE due_at != '' AND due_at < ?), "
               "(SELECT IFNULL(MAX(seq), 0) FROM history)");
        q.bind(1, now);
        q.step();
        c.kiosks = static_cast<int>(q.integer(0));
        c.cases = static_cast<int>(q.integer(1));
        c.open_cases = static_cast<int>(q.integer(2));
        c.overdue = static_cast<int>(q.integer(3));
        c.last_seq = q.integer(4);
        return c;
    }

    // The e-mail outbox.
    bool queue_mail(const OutboxRecord& m) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        const bool added = insert_mail(m);
        tx.commit();
        return added;
    }

    std::vector<FeedEntry> history_after(std::int64_t since, int limit) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt h(db,
               "SELECT h.seq, h.status, h.at, h.actor, h.role, h.note, h.reasons, h.due_at, "
               "h.case_id, c.receipt_no FROM history h JOIN cases c ON c.case_id = h.case_id "
               "WHERE h.seq > ? ORDER BY h.seq LIMIT ?");
        h.bind(1, since);
        h.bind(2, std::int64_t{limit});
        std::vector<FeedEntry> out;
        while (h.step()) {
            FeedEntry f;
            f.entry = history_of(h);
            f.case_id = h.text(8);
            f.receipt_no = h.text(9);
            out.push_back(std::move(f));
        }
        return out;
    }

    std::int64_t cursor(const std::string& name) override {
        Reader reader(*this);
        Stmt q(*reader, "SELECT value FROM cursors WHERE name = ?");
        q.bind(1, name);
        return q.step() ? q.integer(0) : 0;
    }

    void queue_mail_batch(const std::vector<OutboxRecord>& messages, const std::string& cursor_name,
                          std::int64_t cursor_value) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        for (const auto& m : messages) {
            insert_mail(m);
        }
        Stmt(*db_,
             "INSERT INTO cursors(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET "
             "value = MAX(value, excluded.value)")
            .bind(1, cursor_name)
            .bind(2, cursor_value)
            .run();
        tx.commit();
    }

    std::optional<OutboxRecord> claim_mail(const std::string& now, const std::string& owner,
                                           const std::string& lease_until) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt q(*db_, (std::string(kMailColumns) +
                      "WHERE state = 'pending' AND next_at <= ? AND (claimed_by = '' OR "
                      "lease_until < ?) ORDER BY next_at, id LIMIT 1")
                         .c_str());
        q.bind(1, now);
        q.bind(2, now);
        if (!q.step()) {
            return std::nullopt;
        }
        OutboxRecord m = mail_of(q);
        q.reset();
        Stmt(*db_, "UPDATE mail_outbox SET claimed_by = ?, lease_until = ? WHERE id = ?")
            .bind(1, owner)
            .bind(2, lease_until)
            .bind(3, m.id)
            .run();
        tx.commit();
        return m;
    }

    void finish_mail(std::int64_t id, bool sent, const std::string& error,
                     const std::string& next_at, const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        const std::string state = sent ? "sent" : next_at.empty() ? "failed" : "pending";
        Stmt(*db_,
             "UPDATE mail_outbox SET state = ?, attempts = attempts + 1, last_error = ?, "
             "next_at = CASE WHEN ? = '' THEN next_at ELSE ? END, sent_at = ?, claimed_by = '', "
             "lease_until = '' WHERE id = ?")
            .bind(1, state)
            .bind(2, error)
            .bind(3, next_at)
            .bind(4, next_at)
            .bind(5, sent ? at : std::string())
            .bind(6, id)
            .run();
        Stmt c(*db_, "SELECT case_id, kind, recipient FROM mail_outbox WHERE id = ?");
        c.bind(1, id);
        if (c.step() && (sent || next_at.empty())) {
            insert_audit(
                "mailer", sent ? "mail.sent" : "mail.failed", c.text(0),
                c.text(1) + " to " + domain::mask_email(c.text(2)) + (sent ? "" : ": " + error),
                at);
        }
        c.reset();
        tx.commit();
    }

    bool retry_mail(std::int64_t id, const std::string& actor, const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt(*db_,
             "UPDATE mail_outbox SET state = 'pending', next_at = ?, claimed_by = '', "
             "lease_until = '' WHERE id = ? AND state != 'sent'")
            .bind(1, at)
            .bind(2, id)
            .run();
        const bool changed = sqlite3_changes(db_->get()) > 0;
        if (changed) {
            insert_audit(actor, "mail.retry", "", "message " + std::to_string(id), at);
        }
        tx.commit();
        return changed;
    }

    std::vector<OutboxRecord> mail(const std::string& case_id, const std::string& state,
                                   int limit) override {
        Reader reader(*this);
        const Db& db = *reader;
        std::string sql = kMailColumns;
        if (!case_id.empty()) {
            sql += "WHERE case_id = ? ORDER BY id";
        } else {
            sql += "WHERE (? = '' OR state = ?) ORDER BY id DESC LIMIT ?";
        }
        Stmt q(db, sql.c_str());
        if (!case_id.empty()) {
            q.bind(1, case_id);
        } else {
            q.bind(1, state);
            q.bind(2, state);
            q.bind(3, std::int64_t{limit > 0 ? limit : 100});
        }
        std::vector<OutboxRecord> out;
        while (q.step()) {
            out.push_back(mail_of(q));
        }
        return out;
    }

    void add_email_token(const std::string& token_hash, const std::string& case_id,
                         const std::string& at, const std::string& expires_at) override {
        std::lock_guard lock(mutex_);
        Stmt(*db_,
             "INSERT INTO email_tokens(token_hash, case_id, created_at, expires_at) VALUES(?, ?, "
             "?, ?)")
            .bind(1, token_hash)
            .bind(2, case_id)
            .bind(3, at)
            .bind(4, expires_at)
            .run();
    }

    std::optional<std::string> confirm_email(const std::string& token_hash, const std::string& at,
                                             std::string* why) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt q(*db_, "SELECT case_id, expires_at, used_at FROM email_tokens WHERE token_hash = ?");
        q.bind(1, token_hash);
        const auto refuse = [&](const char* code) -> std::optional<std::string> {
            if (why) {
                *why = code;
            }
            return std::nullopt;
        };
        if (!q.step()) {
            return refuse("unknown");
        }
        const std::string case_id = q.text(0), expires = q.text(1), used = q.text(2);
        q.reset();
        if (!used.empty()) {
            return refuse("used");
        }
        if (expires <= at) {
            return refuse("expired");
        }
        Stmt(*db_, "UPDATE email_tokens SET used_at = ? WHERE token_hash = ?")
            .bind(1, at)
            .bind(2, token_hash)
            .run();
        Stmt(*db_,
             "INSERT INTO email_confirmations(case_id, confirmed_at) VALUES(?, ?) ON "
             "CONFLICT(case_id) DO NOTHING")
            .bind(1, case_id)
            .bind(2, at)
            .run();
        insert_audit("applicant", "email.confirm", case_id, "", at);
        tx.commit();
        return case_id;
    }

    std::optional<EmailConfirmation> email_confirmation(const std::string& case_id) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db,
               "SELECT t.created_at, t.expires_at, IFNULL(c.confirmed_at, '') FROM email_tokens t "
               "LEFT JOIN email_confirmations c ON c.case_id = t.case_id WHERE t.case_id = ? "
               "ORDER BY t.created_at DESC LIMIT 1");
        q.bind(1, case_id);
        if (!q.step()) {
            return std::nullopt;
        }
        return EmailConfirmation{case_id, q.text(0), q.text(1), q.text(2)};
    }

    // Reports (office/reports.hpp): both reads in one snapshot.
    ReachData reach_data(const std::string& received_from,
                         const std::string& received_before) override {
        Reader reader(*this);
        const Db& db = *reader;
        db.exec("BEGIN");
        ReachData out;
        Stmt c(db,
               "SELECT case_id, received_at, work_unit, status, "
               // A row an older version (or a seeding tool) wrote in plain: from its payload.
               "CASE WHEN employment != '' OR NOT json_valid(payload) THEN employment ELSE "
               "IFNULL(json_extract(payload, '$.applicant.employment'), '') END FROM cases "
               "WHERE received_at >= ? AND received_at < ?");
        c.bind(1, received_from).bind(2, received_before);
        while (c.step()) {
            out.cases.push_back({c.text(0), c.text(1), c.text(2), status_of(c.text(3)), c.text(4)});
        }
        // IN (...): history_case(case_id, seq) gives the order, no sort.
        Stmt h(db,
               "SELECT case_id, seq, status, at FROM history WHERE case_id IN (SELECT case_id "
               "FROM cases WHERE received_at >= ? AND received_at < ?) ORDER BY case_id, seq");
        h.bind(1, received_from).bind(2, received_before);
        while (h.step()) {
            out.history.push_back({h.text(0), h.integer(1), status_of(h.text(2)), h.text(3)});
        }
        return out;
    }

    // The schedule book (office/schedule.hpp).
    static constexpr const char* kSessionColumns =
        "SELECT s.id, s.starts_at, s.ends_at, s.place, s.capacity, s.note, s.created_by, "
        "s.created_at, s.cancelled_at, s.cancelled_by, s.revision, (SELECT COUNT(*) FROM "
        "schedule_assignments a WHERE a.session_id = s.id AND (a.ended_at = '' OR "
        "(s.cancelled_at != '' AND a.ended_why = 'cancelled'))) FROM schedule_sessions s ";

    static ScheduleSession session_of(const Stmt& q) {
        ScheduleSession s;
        s.id = q.integer(0);
        s.starts_at = q.text(1);
        s.ends_at = q.text(2);
        s.place = q.text(3);
        s.capacity = static_cast<int>(q.integer(4));
        s.note = q.text(5);
        s.created_by = q.text(6);
        s.created_at = q.text(7);
        s.cancelled_at = q.text(8);
        s.cancelled_by = q.text(9);
        s.revision = static_cast<int>(q.integer(10));
        s.assigned = static_cast<int>(q.integer(11));
        return s;
    }

    static constexpr const char* kAssignmentColumns =
        "SELECT a.id, a.session_id, a.case_id, c.receipt_no, c.applicant_name, c.work_unit, "
        "c.status, a.assigned_by, a.assigned_at, a.ended_at, a.ended_why FROM "
        "schedule_assignments a JOIN cases c ON c.case_id = a.case_id ";

    static ScheduleAssignment assignment_of(const Stmt& q) {
        ScheduleAssignment a;
        a.id = q.integer(0);
        a.session_id = q.integer(1);
        a.case_id = q.text(2);
        a.receipt_no = q.text(3);
        a.applicant_name = q.text(4);
        a.work_unit = q.text(5);
        a.status = status_of(q.text(6));
        a.assigned_by = q.text(7);
        a.assigned_at = q.text(8);
        a.ended_at = q.text(9);
        a.ended_why = q.text(10);
        return a;
    }

    static std::optional<ScheduleSession> session_in(const Db& db, std::int64_t id) {
        Stmt q(db, (std::string(kSessionColumns) + "WHERE s.id = ?").c_str());
        q.bind(1, id);
        if (!q.step()) {
            return std::nullopt;
        }
        return session_of(q);
    }

    static std::optional<ScheduleAssignment> assignment_in(const Db& db, std::int64_t id) {
        Stmt q(db, (std::string(kAssignmentColumns) + "WHERE a.id = ?").c_str());
        q.bind(1, id);
        if (!q.step()) {
            return std::nullopt;
        }
        return assignment_of(q);
    }

    static std::string session_text(const ScheduleSession& s) {
        return s.starts_at + ".." + s.ends_at + " " + s.place + " (" + std::to_string(s.capacity) +
               ")";
    }

    ScheduleSession add_schedule_session(const ScheduleSession& s, const std::string& actor,
                                         const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt(*db_,
             "INSERT INTO schedule_sessions(starts_at, ends_at, place, capacity, note, "
             "created_by, created_at) VALUES(?, ?, ?, ?, ?, ?, ?)")
            .bind(1, s.starts_at)
            .bind(2, s.ends_at)
            .bind(3, s.place)
            .bind(4, std::int64_t{s.capacity})
            .bind(5, s.note)
            .bind(6, actor)
            .bind(7, at)
            .run();
        const std::int64_t id = sqlite3_last_insert_rowid(db_->get());
        insert_audit(actor, "schedule.add", "",
                     "session " + std::to_string(id) + ": " + session_text(s), at);
        auto out = session_in(*db_, id);
        tx.commit();
        return *out;
    }

    std::optional<ScheduleSession> schedule_session(std::int64_t id) override {
        Reader reader(*this);
        return session_in(*reader, id);
    }

    std::vector<ScheduleSession> schedule_sessions(const std::string& from,
                                                   const std::string& before,
                                                   bool with_cancelled) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kSessionColumns) +
                    "WHERE (?1 = '' OR s.starts_at >= ?1) AND (?2 = '' OR s.starts_at < ?2) AND "
                    "(?3 = 1 OR s.cancelled_at = '') ORDER BY s.starts_at, s.id")
                       .c_str());
        q.bind(1, from).bind(2, before).bind(3, std::int64_t{with_cancelled ? 1 : 0});
        std::vector<ScheduleSession> out;
        while (q.step()) {
            out.push_back(session_of(q));
        }
        return out;
    }

    std::optional<ScheduleSession> change_schedule_session(const ScheduleSession& s,
                                                           const std::string& actor,
                                                           const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        const auto old = session_in(*db_, s.id);
        if (!old || !old->cancelled_at.empty()) {
            return std::nullopt;
        }
        if (s.capacity < old->assigned) {
            throw StorageError(StorageError::Kind::kRefused,
                               "session " + std::to_string(s.id) + " has " +
                                   std::to_string(old->assigned) + " applicants");
        }
        Stmt(*db_,
             "UPDATE schedule_sessions SET starts_at = ?, ends_at = ?, place = ?, capacity = ?, "
             "note = ?, revision = revision + 1 WHERE id = ?")
            .bind(1, s.starts_at)
            .bind(2, s.ends_at)
            .bind(3, s.place)
            .bind(4, std::int64_t{s.capacity})
            .bind(5, s.note)
            .bind(6, s.id)
            .run();
        insert_audit(actor, "schedule.change", "",
                     "session " + std::to_string(s.id) + ": " + session_text(*old) + " -> " +
                         session_text(s),
                     at);
        auto out = session_in(*db_, s.id);
        tx.commit();
        return out;
    }

    bool cancel_schedule_session(std::int64_t id, const std::string& actor,
                                 const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt(*db_,
             "UPDATE schedule_sessions SET cancelled_at = ?, cancelled_by = ? WHERE id = ? AND "
             "cancelled_at = ''")
            .bind(1, at)
            .bind(2, actor)
            .bind(3, id)
            .run();
        if (sqlite3_changes(db_->get()) == 0) {
            return false;
        }
        Stmt(*db_,
             "UPDATE schedule_assignments SET ended_at = ?, ended_why = 'cancelled' WHERE "
             "session_id = ? AND ended_at = ''")
            .bind(1, at)
            .bind(2, id)
            .run();
        const int ended = sqlite3_changes(db_->get());
        insert_audit(actor, "schedule.cancel", "",
                     "session " + std::to_string(id) + ", " + std::to_string(ended) + " applicants",
                     at);
        tx.commit();
        return true;
    }

    ScheduleAssign assign_schedule(std::int64_t session_id, const std::string& case_id,
                                   const std::string& actor, const std::string& at) override {
        using O = ScheduleAssign::Outcome;
        std::lock_guard lock(mutex_);
        // One writer (mutex_, BEGIN IMMEDIATE across processes): the count and the insert
        // below see the same session, so a full session stays full.
        Transaction tx(*db_);
        ScheduleAssign r;
        const auto s = session_in(*db_, session_id);
        if (!s) {
            r.outcome = O::kNoSession;
            return r;
        }
        if (!s->cancelled_at.empty()) {
            r.outcome = O::kCancelled;
            return r;
        }
        {
            Stmt c(*db_, "SELECT 1 FROM cases WHERE case_id = ?");
            if (!c.bind(1, case_id).step()) {
                r.outcome = O::kNoCase;
                return r;
            }
        }
        std::optional<ScheduleAssignment> current;
        {
            Stmt q(*db_,
                   (std::string(kAssignmentColumns) + "WHERE a.case_id = ? AND a.ended_at = ''")
                       .c_str());
            q.bind(1, case_id);
            if (q.step()) {
                current = assignment_of(q);
            }
        }
        if (current && current->session_id == session_id) {
            r.outcome = O::kAlreadyThere;
            r.assignment = *current;
            return r;
        }
        if (s->assigned >= s->capacity) {
            r.outcome = O::kFull;
            return r;
        }
        if (current) {
            Stmt(*db_,
                 "UPDATE schedule_assignments SET ended_at = ?, ended_why = 'moved' WHERE id = ?")
                .bind(1, at)
                .bind(2, current->id)
                .run();
            current->ended_at = at;
            current->ended_why = "moved";
            r.moved_from = current;
        }
        Stmt(*db_,
             "INSERT INTO schedule_assignments(session_id, case_id, assigned_by, assigned_at) "
             "VALUES(?, ?, ?, ?)")
            .bind(1, session_id)
            .bind(2, case_id)
            .bind(3, actor)
            .bind(4, at)
            .run();
        r.assignment = *assignment_in(*db_, sqlite3_last_insert_rowid(db_->get()));
        insert_audit(actor, current ? "schedule.move" : "schedule.assign", case_id,
                     (current ? "session " + std::to_string(current->session_id) + " -> " : "") +
                         std::string("session ") + std::to_string(session_id),
                     at);
        tx.commit();
        r.outcome = O::kAssigned;
        return r;
    }

    std::optional<ScheduleAssignment> unassign_schedule(std::int64_t session_id,
                                                        const std::string& case_id,
                                                        const std::string& actor,
                                                        const std::string& at) override {
        std::lock_guard lock(mutex_);
        Transaction tx(*db_);
        Stmt q(*db_,
               "UPDATE schedule_assignments SET ended_at = ?, ended_why = 'unassigned' WHERE "
               "session_id = ? AND case_id = ? AND ended_at = '' RETURNING id");
        q.bind(1, at).bind(2, session_id).bind(3, case_id);
        if (!q.step()) {
            return std::nullopt;
        }
        const std::int64_t id = q.integer(0);
        q.reset();
        insert_audit(actor, "schedule.unassign", case_id, "session " + std::to_string(session_id),
                     at);
        auto out = assignment_in(*db_, id);
        tx.commit();
        return out;
    }

    std::vector<ScheduleAssignment> schedule_assignments(std::int64_t session_id) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(db, (std::string(kAssignmentColumns) +
                    "JOIN schedule_sessions s ON s.id = a.session_id WHERE a.session_id = ? AND "
                    "(a.ended_at = '' OR (s.cancelled_at != '' AND a.ended_why = 'cancelled')) "
                    "ORDER BY a.id")
                       .c_str());
        q.bind(1, session_id);
        std::vector<ScheduleAssignment> out;
        while (q.step()) {
            out.push_back(assignment_of(q));
        }
        return out;
    }

    std::optional<ScheduleAssignment> schedule_of_case(const std::string& case_id) override {
        Reader reader(*this);
        const Db& db = *reader;
        Stmt q(
            db,
            (std::string(kAssignmentColumns) + "WHERE a.case_id = ? AND a.ended_at = ''").c_str());
        q.bind(1, case_id);
        if (!q.step()) {
            return std::nullopt;
        }
        return assignment_of(q);
    }

    std::vector<CaseRow> unscheduled_cases(const std::vector<domain::CaseStatus>& statuses,
                                           int limit) override {
        Reader reader(*this);
        const Db& db = *reader;
        Where w;
        std::vector<std::string> codes;
        for (const auto st : statuses) {
            codes.emplace_back(domain::to_code(st));
        }
        if (codes.empty()) {
            return {};
        }
        w.add_in("status", codes);
        Stmt q(db, (std::string(kRowColumns) + w.sql +
                    " AND case_id NOT IN (SELECT case_id FROM schedule_assignments WHERE "
                    "ended_at = '') ORDER BY received_at, receipt_no LIMIT " +
                    std::to_string(limit > 0 ? limit : 100))
                       .c_str());
        w.bind(q);
        std::vector<CaseRow> out;
        while (q.step()) {
            out.push_back(row_of(db, q, false));
        }
        return out;
    }

  private:
    static constexpr const char* kMailColumns =
        "SELECT id, case_id, kind, key, recipient, subject, body_text, body_html, attachments, "
        "message_id, state, attempts, next_at, last_error, created_at, sent_at FROM mail_outbox ";

    // A sealed text field (e-mail bodies and attachments); plain when an older version wrote it.
    std::string open_field(const std::string& stored, const std::string& context) const {
        if (!DataKeys::is_sealed_text(stored)) {
            return stored;
        }
        auto plain = keys_->open_text(stored, context);
        if (!plain) {
            throw StorageError(StorageError::Kind::kCorrupt,
                               context + " cannot be opened with the data keys in " +
                                   keys_->path().string() + " (a key missing from the file?)");
        }
        return std::move(*plain);
    }

    OutboxRecord mail_of(Stmt& q) const {
        OutboxRecord m;
        m.id = q.integer(0);
        m.case_id = q.text(1);
        m.kind = q.text(2);
        m.key = q.text(3);
        m.recipient = q.text(4);
        m.subject = q.text(5);
        m.text = open_field(q.text(6), "mail.text:" + m.key);
        m.html = open_field(q.text(7), "mail.html:" + m.key);
        m.attachments = open_field(q.text(8), "mail.attachments:" + m.key);
        m.message_id = q.text(9);
        m.state = q.text(10);
        m.attempts = static_cast<int>(q.integer(11));
        m.next_at = q.text(12);
        m.last_error = q.text(13);
        m.created_at = q.text(14);
        m.sent_at = q.text(15);
        return m;
    }

    // Under the lock, in a transaction: true when the key was new.
    bool insert_mail(const OutboxRecord& m) {
        Stmt(*db_,
             "INSERT INTO mail_outbox(case_id, kind, key, recipient, subject, body_text, "
             "body_html, attachments, message_id, next_at, created_at) VALUES(?, ?, ?, ?, ?, ?, "
             "?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING")
            .bind(1, m.case_id)
            .bind(2, m.kind)
            .bind(3, m.key)
            .bind(4, m.recipient)
            .bind(5, m.subject)
            .bind(6, keys_->seal_text(m.text, "mail.text:" + m.key))
            .bind(7, keys_->seal_text(m.html, "mail.html:" + m.key))
            .bind(8, keys_->seal_text(m.attachments.empty() ? std::string("[]") : m.attachments,
                                      "mail.attachments:" + m.key))
            .bind(9, m.message_id)
            .bind(10, m.next_at.empty() ? m.created_at : m.next_at)
            .bind(11, m.created_at)
            .run();
        if (sqlite3_changes(db_->get()) == 0) {
            return false;
        }
        insert_audit("mailer", "mail.queue", m.case_id,
                     m.kind + " to " + domain::mask_email(m.recipient), m.created_at);
        return true;
    }

    // A history row: seq, status, at, actor, role, note, reasons, due_at.
    static HistoryEntry history_of(Stmt& h) {
        HistoryEntry e;
        e.seq = h.integer(0);
        e.status = status_of(h.text(1));
        e.at = h.text(2);
        e.actor = h.text(3);
        e.role = h.text(4);
        e.note = h.text(5);
        const json reasons = json::parse(h.text(6), nullptr, false);
        if (reasons.is_array()) {
            for (const auto& r : reasons) {
                if (r.is_string()) {
                    e.reasons.push_back(r.get<std::string>());
                }
            }
        }
        e.due_at = h.text(7);
        return e;
    }

    static constexpr const char* kRowColumns =
        "SELECT case_id, receipt_no, kiosk_id, created_at, received_at, status, status_at, "
        "due_at, payload, signature, applicant_name, work_unit FROM cases";

    // A WHERE clause built from optional conditions, each with one text parameter written
    // '@' (as often as the condition uses it).
    struct Where {
        std::string sql;
        std::vector<std::string> args;
        void add(std::string condition, const std::string& arg) {
            const std::string n = "?" + std::to_string(args.size() + 1);
            for (auto pos = condition.find('@'); pos != std::string::npos;
                 pos = condition.find('@', pos + n.size())) {
                condition.replace(pos, 1, n);
            }
            sql += (sql.empty() ? " WHERE " : " AND ") + condition;
            args.push_back(arg);
        }
        // column IN (?, ?, ...): one parameter per value, so the column's index serves.
        void add_in(const std::string& column, const std::vector<std::string>& values) {
            std::string list;
            for (const auto& v : values) {
                args.push_back(v);
                list += (list.empty() ? "?" : ", ?") + std::to_string(args.size());
            }
            sql += (sql.empty() ? " WHERE " : " AND ") + column + " IN (" + list + ")";
        }
        void bind(Stmt& q) const {
            for (std::size_t i = 0; i < args.size(); ++i) {
                q.bind(static_cast<int>(i + 1), args[i]);
            }
        }
    };

    Where where_of(const CaseFilter& f) const {
        Where w;
        if (f.status) {
            w.add("status = @", std::string(domain::to_code(*f.status)));
        }
        if (!f.statuses.empty()) {
            std::vector<std::string> codes;
            for (const auto st : f.statuses) {
                codes.emplace_back(domain::to_code(st));
            }
            w.add_in("status", codes);
        }
        if (!f.kiosk_id.empty()) {
            w.add("kiosk_id = @", f.kiosk_id);
        }
        if (f.overdue_only) {
            w.add("due_at != '' AND due_at < @", f.now);
        }
        if (!f.work_unit.empty()) {
            w.add("work_unit = @", f.work_unit);
        }
        if (!f.received_from.empty()) {
            w.add("received_at >= @", f.received_from);
        }
        if (!f.received_before.empty()) {
            w.add("received_at < @", f.received_before);
        }
        if (f.text.size() == 16 && f.text.find_first_not_of("0123456789") == std::string::npos) {
            // A NIK (no receipt number or name is 16 digits): by its keyed hash, as stored.
            w.add_in("nik_hash", keys_->lookup_hashes(f.text));
        } else if (!f.text.empty()) {
            w.add(
                "(substr(receipt_no, 1, length(@)) = upper(@) OR "
                "instr(lower(applicant_name), lower(@)) > 0)",
                f.text);
        }
        return w;
    }

    static std::optional<Idempotent> idempotent_locked(const Db& db, const std::string& key) {
        Stmt q(db, "SELECT body_sha256, status, answer FROM idempotency WHERE key = ?");
        q.bind(1, key);
        if (!q.step()) {
            return std::nullopt;
        }
        return Idempotent{q.text(0), {static_cast<int>(q.integer(1)), q.text(2)}};
    }

    static CaseRow row_of(const Db& db, Stmt& q, bool with_blobs = true) {
        CaseRow r;
        r.case_id = q.text(0);
        r.receipt_no = q.text(1);
        r.kiosk_id = q.text(2);
        r.created_at = q.text(3);
        r.received_at = q.text(4);
        r.status = status_of(q.text(5));
        r.status_at = q.text(6);
        r.due_at = q.text(7);
        r.applicant_name = q.text(10);
        r.work_unit = q.text(11);
        if (!with_blobs) {
            return r;
        }
        Stmt b(db,
               "SELECT sha256 FROM case_blobs WHERE case_id = ? ORDER BY CASE kind WHEN 'ktp' "
               "THEN 1 WHEN 'sk' THEN 2 WHEN 'letter' THEN 3 ELSE 4 END, page");
        b.bind(1, r.case_id);
        while (b.step()) {
            r.blobs.push_back(b.text(0));
        }
        return r;
    }

    // Several statements: one read transaction, so they see one state of the database.
    // The payload as the kiosk signed it (sync::case_signing_text of it verifies against the
    // kiosk's key); plain when an older version wrote it.
    std::string open_payload(const std::string& case_id, const std::string& stored) const {
        if (!DataKeys::is_sealed_text(stored)) {
            return stored;
        }
        auto plain = keys_->open_text(stored, "case:" + case_id);
        if (!plain) {
            throw StorageError(StorageError::Kind::kCorrupt,
                               "case " + case_id + " cannot be opened with the data keys in " +
                                   keys_->path().string() +
                                   " (a key missing from the file, or the row was altered)");
        }
        return std::move(*plain);
    }

    std::optional<CaseDetail> detail_where(const Db& db, const char* column,
                                           const std::string& value) const {
        db.exec("BEGIN");
        Stmt q(db, (std::string(kRowColumns) + " WHERE " + column + " = ?").c_str());
        q.bind(1, value);
        if (!q.step()) {
            return std::nullopt;
        }
        CaseDetail d;
        d.row = row_of(db, q);
        d.payload = sync::case_from_json(json::parse(open_payload(d.row.case_id, q.text(8))));
        d.signature = q.text(9);
        Stmt h(db,
               "SELECT seq, status, at, actor, role, note, reasons, due_at FROM history WHERE "
               "case_id = ? ORDER BY seq");
        h.bind(1, d.row.case_id);
        while (h.step()) {
            d.history.push_back(history_of(h));
        }
        Stmt a(db,
               "SELECT id, at, actor, action, case_id, detail FROM audit WHERE case_id = ? ORDER "
               "BY id");
        a.bind(1, d.row.case_id);
        while (a.step()) {
            d.audit.push_back(
                {a.integer(0), a.text(1), a.text(2), a.text(3), a.text(4), a.text(5), ""});
        }
        return d;
    }

    void insert_audit(const std::string& actor, const std::string& action,
                      const std::string& case_id, const std::string& detail,
                      const std::string& at) {
        Stmt(*db_, "INSERT INTO audit(at, actor, action, case_id, detail) VALUES(?, ?, ?, ?, ?)")
            .bind(1, at)
            .bind(2, actor)
            .bind(3, action)
            .bind(4, case_id)
            .bind(5, detail)
            .run();
    }

    // Writes take turns on one connection under mutex_. Reads run on connections of their own
    // (WAL: readers neither wait for the writer nor block it), kept in a pool; a read that
    // opened a transaction (several statements, one snapshot) ends it when it gives the
    // connection back.
    class Reader {
      public:
        explicit Reader(SqliteStorage& s) : s_(s) {
            {
                std::lock_guard lock(s_.pool_mutex_);
                if (!s_.readers_.empty()) {
                    db_ = std::move(s_.readers_.back());
                    s_.readers_.pop_back();
                }
            }
            if (!db_) {
                db_ = std::make_unique<Db>(s_.path_, SQLITE_OPEN_READWRITE, &throw_storage_error);
                db_->exec("PRAGMA query_only=ON");
                tune(*db_);
            }
        }
        ~Reader() {
            if (!sqlite3_get_autocommit(db_->get())) {
                sqlite3_exec(db_->get(), "ROLLBACK", nullptr, nullptr, nullptr);
            }
            std::lock_guard lock(s_.pool_mutex_);
            s_.readers_.push_back(std::move(db_));
        }
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        const Db& operator*() const { return *db_; }

      private:
        SqliteStorage& s_;
        std::unique_ptr<Db> db_;
    };

    // A page cache the size of a working set, and reads through the OS's mapping, not copies.
    static void tune(const Db& db) {
        db.exec("PRAGMA cache_size=-32768");  // 32 MiB
        db.exec("PRAGMA mmap_size=268435456");
    }

    std::shared_ptr<const DataKeys> keys_;
    std::string path_;
    std::mutex mutex_;
    std::unique_ptr<Db> db_;
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<Db>> readers_;
};

}  // namespace

std::unique_ptr<Storage> open_sqlite_storage(const fs::path& data_dir,
                                             std::shared_ptr<const DataKeys> keys) {
    try {
        return std::make_unique<SqliteStorage>(data_dir, std::move(keys));
    } catch (const platform::FileError& e) {
        throw StorageError(StorageError::Kind::kIo, e.what());
    } catch (const platform::CryptoError& e) {
        throw StorageError(StorageError::Kind::kIo, e.what());
    }
}

ResealReport reseal_sqlite_storage(const fs::path& data_dir, std::shared_ptr<const DataKeys> keys) {
    SqliteStorage s(data_dir, std::move(keys));
    ResealReport r;
    r.rows = s.reseal_rows();
    r.key_use = s.key_use();
    return r;
}

}  // namespace anjungan::office
