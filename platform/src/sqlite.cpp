#include "anjungan/platform/sqlite.hpp"

namespace anjungan::platform::sql {

void throw_sql_error(int code, const std::string& message) {
    throw SqlError(code, message);
}

Db::Db(const std::string& path, int flags, Thrower thrower) : thrower_(thrower) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        thrower_(rc, "cannot open database " + path + ": " + msg);
        throw SqlError(rc, msg);  // a thrower must throw; this keeps the promise if it does not
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);
}

Db::~Db() {
    sqlite3_close_v2(db_);
}

void Db::fail(const std::string& what, int rc) const {
    thrower_(rc, what + ": " + sqlite3_errmsg(db_));
    throw SqlError(rc, what);
}

void Db::exec(const char* sql) const {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        thrower_(rc, std::string("database: ") + msg);
        throw SqlError(rc, msg);
    }
}

Stmt::Stmt(const Db& db, const char* sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db.get(), sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        db.fail("database: cannot prepare statement", rc);
    }
}

Stmt::~Stmt() {
    sqlite3_finalize(stmt_);
}

Stmt& Stmt::bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Stmt& Stmt::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
}

Stmt& Stmt::bind(int i, std::span<const std::uint8_t> blob) {
    sqlite3_bind_blob(stmt_, i, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    return *this;
}

bool Stmt::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    db_.fail("database", rc);
}

std::string Stmt::text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
}

std::int64_t Stmt::integer(int col) const {
    return sqlite3_column_int64(stmt_, col);
}

std::vector<std::uint8_t> Stmt::blob(int col) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
    return p ? std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(stmt_, col))
             : std::vector<std::uint8_t>();
}

void Stmt::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Transaction::Transaction(const Db& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace anjungan::platform::sql
