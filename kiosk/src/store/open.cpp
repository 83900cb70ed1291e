// Opening the store: the schema and its migrations, the checks before any change (integrity,
// key files, the device key belonging to the database).
#include <unistd.h>

#include <cstdio>

#include "impl.hpp"

namespace anjungan::kiosk {

using namespace detail;

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
    // 4: a key per case, destroyed at the purge (keys.cpp); quarantined cases purged after a
    // limit. Older cases keep case_key and blob_key NULL: sealed with the device key, as before.
    R"sql(
    ALTER TABLE cases ADD COLUMN case_key BLOB;        -- the case's key, sealed by the device key
    ALTER TABLE attachments ADD COLUMN blob_key BLOB;  -- the file's key, sealed by the case's key
    ALTER TABLE outbox ADD COLUMN quarantined_at TEXT;
    ALTER TABLE outbox ADD COLUMN purge_warned_at TEXT;  -- when the operator was told of its purge
    )sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));
constexpr std::string_view kKeyCheckPlain = "anjungan key check";
constexpr int kCaseKeysVersion = 4;

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

// [SECTION] Opening: checks before any change -----------------------------------------------

namespace {

// The URI for reading `db_path` without writing anything. In a folder the process may not
// write (a read-only mount, a folder of another owner) SQLite cannot create the WAL's -shm
// file, so the database is opened immutable, which is exact when no -wal holds changes: the
// kiosk checkpoints and removes it on a clean close. A -wal with content is read through
// (mode=ro), which needs its -shm.
std::string read_only_uri(const fs::path& dir, const fs::path& db_path) {
    std::string uri = "file:";
    for (const char c : db_path.string()) {
        if (c == '%' || c == '?' || c == '#') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            uri += buf;
        } else {
            uri += c;
        }
    }
    uri += "?mode=ro";
    std::error_code ec;
    const auto wal = fs::path(db_path.string() + "-wal");
    const bool wal_has_changes = fs::exists(wal, ec) && fs::file_size(wal, ec) > 0;
    if (::access(dir.c_str(), W_OK) != 0 && !wal_has_changes) {
        uri += "&immutable=1";
    }
    return uri;
}

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

// Regular files under `dir` (none when it does not exist).
int count_files(const fs::path& dir) {
    std::error_code ec;
    int n = 0;
    if (!fs::is_directory(dir, ec)) {
        return 0;
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        n += it->is_regular_file(ec) ? 1 : 0;
    }
    return n;
}

// Keys or attachment files without their database: recreating the database would forget every
// case and number receipts from 0001 again, numbers the office may already hold.
StoreError damaged_store(const fs::path& dir, const std::string& what_db, bool device_key,
                         int blob_files) {
    std::string holds;
    if (device_key) {
        holds = "the device key (" + device_key_path(dir).string() + ")";
    }
    if (blob_files > 0) {
        holds += (holds.empty() ? "" : " and ") + std::to_string(blob_files) +
                 " attachment file(s) in " + (dir / "blobs").string();
    }
    return StoreError(
        StoreError::Kind::kDamagedStore,
        "the data folder " + dir.string() + " is a damaged store: anjungan.db " + what_db +
            ", but the folder still holds " + holds +
            ". Nothing was changed: a new database here would forget its cases and number "
            "receipts from 0001 again, numbers the office may already hold. Restore anjungan.db "
            "(with anjungan.db-wal, if there is one) from the kiosk's backup; or, to start anew, "
            "move the whole folder away (mv " +
            dir.string() + " " + dir.string() +
            ".damaged), run `anjungan keygen` and register the new key at the office.");
}

}  // namespace

void detail::check_integrity(const sql::Db& db, const fs::path& path) {
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

namespace {

void derive_keys(Store::Impl& impl, const SecretKey& device_key) {
    impl.field_key = device_key.derive(static_cast<std::uint64_t>(KeyPurpose::kFieldEncryption));
    impl.blob_key = device_key.derive(static_cast<std::uint64_t>(KeyPurpose::kBlobEncryption));
    impl.lookup_key = device_key.derive(static_cast<std::uint64_t>(KeyPurpose::kLookupHash));
    impl.case_key_wrap = device_key.derive(kCaseKeyPurpose);
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const StoreOptions& options, const platform::Clock& clock) {
    platform::init_crypto();
    auto impl = std::make_unique<Impl>(options, clock);
    const fs::path dir = options.data_dir;
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        throw StoreError(StoreError::Kind::kIo,
                         dir.string() +
                             " is a file, not a folder; the data folder must be a "
                             "folder (check --data-dir or data.dir)");
    }
    if (!fs::is_directory(dir, ec)) {
        if (!options.create || options.read_only) {
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
    const bool db_file = fs::exists(db_path, ec);
    // A zero-length file is what SQLite makes a new database from: no store yet.
    const bool db_exists = db_file && fs::file_size(db_path, ec) != 0;
    const bool key_existed = fs::exists(device_key_path(dir), ec);
    if (!db_exists) {
        const int blob_files = count_files(dir / "blobs");
        if (key_existed || blob_files > 0) {
            throw damaged_store(dir, db_file ? "is empty (0 bytes)" : "is missing", key_existed,
                                blob_files);
        }
    }
    if (options.read_only && !db_exists) {
        throw StoreError(StoreError::Kind::kIo,
                         "no store in " + dir.string() + " (" +
                             (db_file ? "anjungan.db is empty" : "no anjungan.db") +
                             "; run `anjungan keygen`)");
    }
    StoreOptions key_options = options;
    key_options.create = options.create && !options.read_only;
    const SecretKey device_key = load_or_create_device_key(key_options, db_exists);

    if (options.read_only) {
        impl->db = std::make_unique<sql::Db>(read_only_uri(dir, db_path),
                                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    } else {
        const int flags = SQLITE_OPEN_READWRITE | (db_exists ? 0 : SQLITE_OPEN_CREATE);
        impl->db = std::make_unique<sql::Db>(db_path.string(), flags);
    }
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
    if (current == 0 && key_existed) {
        // A database emptied of its tables beside the key that sealed its cases.
        throw damaged_store(dir, "holds no Anjungan tables (schema version 0)", true,
                            count_files(dir / "blobs"));
    }
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

    if (options.read_only) {
        if (current < kSchemaVersion) {
            throw StoreError(StoreError::Kind::kIo,
                             db_path.string() + " has schema version " + std::to_string(current) +
                                 " and needs migrating to " + std::to_string(kSchemaVersion) +
                                 ", which a read-only command does not do; start the kiosk (or "
                                 "any command that writes) on it once.");
        }
        derive_keys(*impl, device_key);
        return std::unique_ptr<Store>(new Store(std::move(impl)));
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
        if (v == kCaseKeysVersion) {
            // Cases quarantined before: their limit counts from now, the first time it is known.
            sql::Stmt(db, "UPDATE outbox SET quarantined_at = ? WHERE state = 'quarantined'")
                .bind(1, impl->now())
                .run();
        }
        db.exec(("PRAGMA user_version = " + std::to_string(v)).c_str());
        tx.commit();
        spdlog::info("store {}: schema migrated to version {}", db_path.string(), v);
    }

    derive_keys(*impl, device_key);
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

const fs::path& Store::data_dir() const {
    return impl_->options.data_dir;
}
fs::path Store::database_path() const {
    return impl_->options.data_dir / "anjungan.db";
}

}  // namespace anjungan::kiosk
