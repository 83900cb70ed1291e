// Each case's own key (crypto-shredding), the attachment files, and erasing cases.
//
// A case's applicant JSON and the data key of each of its files are sealed with a key made for
// that case; the case's key is sealed with the device key and kept in its row until the purge,
// which destroys it (PRAGMA secure_delete overwrites the old record, and the WAL is truncated).
// After that nothing of the case opens, even with the device key and every byte of the disk:
// what stays in free pages or free disk blocks was sealed with a key that no longer exists.
//
// Files are content-addressed (blobs/ab/<sha256 of the plain content>) and shared by the cases
// that hold the same content: a file has one random data key, sealed once for each case that
// refers to it (attachments.blob_key). Purging one case leaves the file to the others; the
// last case's purge removes it and its last sealed data key.
//
// Cases written before schema 4 have no key of their own: their fields and files are sealed
// with the device key's subkeys, as before, and are read and purged the same way.
#include <string.h>

#include "impl.hpp"

namespace anjungan::kiosk {

using namespace detail;

namespace {

void wipe(Bytes& b) {
    if (!b.empty()) {
        ::explicit_bzero(b.data(), b.size());
    }
}

std::optional<platform::SecretKey> key_from(std::optional<Bytes> plain) {
    if (!plain || plain->size() != platform::SecretKey::kSize) {
        if (plain) {
            wipe(*plain);
        }
        return std::nullopt;
    }
    platform::SecretKey k;
    std::memcpy(k.data(), plain->data(), platform::SecretKey::kSize);
    wipe(*plain);
    return k;
}

std::span<const std::uint8_t> bytes_of(const platform::SecretKey& k) {
    return {k.data(), platform::SecretKey::kSize};
}

std::string case_key_context(const std::string& case_id) {
    return "case_key:" + case_id;
}
std::string file_key_context(const std::string& case_id, const std::string& sha) {
    return "blob_key:" + case_id + ":" + sha;
}

// The per-case subkeys of a case's own key.
CaseKey case_key_from(const platform::SecretKey& k, Bytes sealed) {
    return {k.derive(static_cast<std::uint64_t>(KeyPurpose::kFieldEncryption)),
            k.derive(static_cast<std::uint64_t>(KeyPurpose::kBlobEncryption)), std::move(sealed)};
}

}  // namespace

// [SECTION] Case keys -----------------------------------------------------------------------

CaseKey Store::Impl::new_case_key(const std::string& case_id) const {
    const platform::SecretKey k = platform::SecretKey::generate();
    return case_key_from(k, platform::seal(case_key_wrap, bytes_of(k), case_key_context(case_id)));
}

std::optional<platform::SecretKey> Store::Impl::fields_key(
    const std::string& case_id, std::span<const std::uint8_t> sealed_case_key) const {
    if (sealed_case_key.empty()) {
        return field_key;
    }
    const auto k =
        key_from(platform::unseal(case_key_wrap, sealed_case_key, case_key_context(case_id)));
    if (!k) {
        return std::nullopt;
    }
    return case_key_from(*k, {}).fields;
}

std::optional<FileKey> Store::Impl::file_key(const std::string& case_id, const std::string& sha,
                                             std::span<const std::uint8_t> sealed_case_key,
                                             std::span<const std::uint8_t> sealed_file_key) const {
    if (sealed_file_key.empty()) {
        return FileKey{blob_key, true};
    }
    if (sealed_case_key.empty()) {
        return std::nullopt;  // its case's key is gone: purged
    }
    const auto k =
        key_from(platform::unseal(case_key_wrap, sealed_case_key, case_key_context(case_id)));
    if (!k) {
        return std::nullopt;
    }
    const CaseKey ck = case_key_from(*k, {});
    auto data =
        key_from(platform::unseal(ck.files, sealed_file_key, file_key_context(case_id, sha)));
    if (!data) {
        return std::nullopt;
    }
    return FileKey{*data, false};
}

// [SECTION] Attachment files ----------------------------------------------------------------

Bytes Store::Impl::read_blob(const std::string& sha, const FileKey& key) const {
    const fs::path path = blob_path(sha);
    Bytes sealed;
    try {
        sealed = platform::read_file(path);
    } catch (const platform::FileError& e) {
        throw StoreError(StoreError::Kind::kCorrupt,
                         std::string("attachment file missing or unreadable: ") + e.what());
    }
    auto plain = platform::open_stream(key.key, sealed, "blob:" + sha);
    if (!plain || platform::sha256_hex(*plain) != sha) {
        throw StoreError(StoreError::Kind::kCorrupt,
                         "attachment file " + path.string() + " is damaged or was altered");
    }
    return std::move(*plain);
}

Bytes Store::Impl::write_blob(const std::string& sha, const domain::Document& doc,
                              const std::string& case_id, const CaseKey& key,
                              std::map<std::string, FileKey>& written) const {
    auto it = written.find(sha);
    if (it == written.end()) {
        const fs::path path = blob_path(sha);
        std::optional<FileKey> reuse;
        std::error_code ec;
        if (fs::exists(path, ec)) {
            // Content-addressed: the same content is already there. Reuse it when a case still
            // holding its data can open it (then its data key is sealed for this case too).
            sql::Stmt q(*db,
                        "SELECT a.case_id, a.blob_key, c.case_key FROM attachments a JOIN cases c "
                        "ON c.case_id = a.case_id WHERE a.sha256 = ? AND c.purged_at IS NULL");
            q.bind(1, sha);
            while (!reuse && q.step()) {
                const auto k = file_key(q.text(0), sha, q.blob(2), q.blob(1));
                if (!k) {
                    continue;
                }
                try {
                    read_blob(sha, *k);
                    reuse = *k;
                } catch (const StoreError&) {
                    spdlog::warn("attachment file {} was damaged; writing it again", path.string());
                }
            }
        }
        if (!reuse) {
            // New content, a damaged file, or one no case holds any more (left by a crash
            // before its case was committed): a new data key and the file written anew.
            reuse = FileKey{platform::SecretKey::generate(), false};
            platform::ensure_directory(path.parent_path(), 0700);
            platform::write_file_durably(
                path, platform::seal_stream(reuse->key, doc.content, "blob:" + sha), 0600);
        }
        it = written.emplace(sha, *reuse).first;
    }
    if (it->second.device) {
        return {};  // shared with a case written before schema 4: the device key's file
    }
    return platform::seal(key.files, bytes_of(it->second.key), file_key_context(case_id, sha));
}

void Store::Impl::restore_blobs(const std::vector<domain::Document>& docs,
                                const std::map<std::string, FileKey>& written) const {
    for (const auto& d : docs) {
        const std::string sha = platform::sha256_hex(d.content);
        const fs::path path = blob_path(sha);
        std::error_code ec;
        const auto it = written.find(sha);
        if (it == written.end() || fs::exists(path, ec)) {
            continue;
        }
        spdlog::warn("attachment file {} was removed by a purge meanwhile; writing it again",
                     path.string());
        platform::ensure_directory(path.parent_path(), 0700);
        platform::write_file_durably(
            path, platform::seal_stream(it->second.key, d.content, "blob:" + sha), 0600);
    }
}

Bytes Store::read_attachment(const std::string& sha256) const {
    if (!platform::is_sha256_hex(sha256)) {
        throw StoreError(StoreError::Kind::kInvalidCase, "not a SHA-256: " + sha256);
    }
    // Any case still holding its data that refers to the file can open it.
    sql::Stmt q(*impl_->db,
                "SELECT a.case_id, a.blob_key, c.case_key FROM attachments a JOIN cases c ON "
                "c.case_id = a.case_id WHERE a.sha256 = ? AND c.purged_at IS NULL");
    q.bind(1, sha256);
    std::optional<StoreError> failure;
    while (q.step()) {
        const auto key = impl_->file_key(q.text(0), sha256, q.blob(2), q.blob(1));
        if (!key) {
            failure = StoreError(
                StoreError::Kind::kCorrupt,
                "the key of attachment " + sha256 + " in case " + q.text(0) + " cannot be opened");
            continue;
        }
        try {
            return impl_->read_blob(sha256, *key);
        } catch (const StoreError& e) {
            failure = e;
        }
    }
    if (failure) {
        throw *failure;
    }
    throw StoreError(StoreError::Kind::kCorrupt,
                     "no case holding its personal data refers to attachment " + sha256 +
                         " (never stored here, or erased by the purge)");
}

// [SECTION] Erasing cases -------------------------------------------------------------------

int Store::Impl::erase_cases(const std::vector<std::string>& ids, const std::string& action,
                             const std::string& detail) {
    const std::string stamp = now();
    std::vector<std::string> files;
    {
        sql::Transaction tx(*db);
        const std::string empty = "{}";
        for (const auto& id : ids) {
            // The placeholder is sealed with the device key, so the row still reads; the case's
            // own key goes, and with it every way to open what it sealed.
            const Bytes sealed = platform::seal(field_key, as_bytes(empty), "applicant:" + id);
            sql::Stmt(*db,
                      "UPDATE cases SET applicant = ?, nik_lookup = '', purged_at = ?, "
                      "case_key = NULL WHERE case_id = ?")
                .bind(1, sealed)
                .bind(2, stamp)
                .bind(3, id)
                .run();
            sql::Stmt(*db, "UPDATE attachments SET blob_key = NULL WHERE case_id = ?")
                .bind(1, id)
                .run();
        }
        // Files no case still holding its data refers to (content may be shared).
        sql::Stmt q(*db,
                    "SELECT DISTINCT a.sha256 FROM attachments a JOIN cases c ON c.case_id = "
                    "a.case_id WHERE c.purged_at = ? AND NOT EXISTS (SELECT 1 FROM attachments "
                    "b JOIN cases d ON d.case_id = b.case_id WHERE b.sha256 = a.sha256 AND "
                    "d.purged_at IS NULL)");
        q.bind(1, stamp);
        while (q.step()) {
            files.push_back(q.text(0));
        }
        sql::Stmt(*db, "INSERT INTO audit_log(at, actor, action, detail) VALUES(?, 'sync', ?, ?)")
            .bind(1, stamp)
            .bind(2, action)
            .bind(3, detail)
            .run();
        tx.commit();
    }
    int removed = 0;
    sql::Stmt still_held(*db,
                         "SELECT 1 FROM attachments a JOIN cases c ON c.case_id = a.case_id "
                         "WHERE a.sha256 = ? AND c.purged_at IS NULL LIMIT 1");
    for (const auto& sha : files) {
        // A case committed since (a submit in another process) may hold the file now.
        const bool held = still_held.bind(1, sha).step();
        still_held.reset();
        std::error_code ec;
        if (!held && fs::remove(blob_path(sha), ec)) {
            ++removed;
        }
    }
    truncate_wal();
    return removed;
}

void Store::Impl::truncate_wal() {
    // The old pages (with the case keys) also live in the write-ahead log until a checkpoint,
    // and in its file until it is truncated: end them there too. A reader in another
    // connection can keep the checkpoint from finishing; the next purge tries again.
    int log = 0, done = 0;
    const int rc =
        sqlite3_wal_checkpoint_v2(db->get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    wal_truncate_pending = rc != SQLITE_OK;
    if (wal_truncate_pending) {
        spdlog::warn(
            "store: the write-ahead log could not be truncated after a purge ({}); "
            "trying again at the next purge",
            sqlite3_errstr(rc));
    }
}

}  // namespace anjungan::kiosk
