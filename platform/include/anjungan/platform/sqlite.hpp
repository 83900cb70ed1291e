// A thin RAII layer over SQLite's C API, shared by the kiosk's store and the office's storage.
// Errors are thrown by the database's `Thrower`: each owner turns them into its own error type
// (the kiosk's StoreError, the office's StorageError); the default throws SqlError.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace anjungan::platform::sql {

class Db;

// An SQLite failure: `code` is SQLite's (extended) result code.
class SqlError : public std::runtime_error {
  public:
    SqlError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

  private:
    int code_;
};

// Throws the owner's error for an SQLite result code and message; must not return.
using Thrower = void (*)(int code, const std::string& message);
[[noreturn]] void throw_sql_error(int code, const std::string& message);

class Stmt {
  public:
    Stmt(const Db& db, const char* sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, const std::string& v);
    Stmt& bind(int i, std::int64_t v);
    Stmt& bind(int i, std::span<const std::uint8_t> blob);
    // Returns true while there is a row; false when done. Throws on error.
    bool step();
    void run() {
        while (step()) {
        }
    }
    std::string text(int col) const;
    std::int64_t integer(int col) const;
    std::vector<std::uint8_t> blob(int col) const;
    void reset();

  private:
    const Db& db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Db {
  public:
    Db(const std::string& path, int flags, Thrower thrower = &throw_sql_error);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    sqlite3* get() const { return db_; }
    void exec(const char* sql) const;
    [[noreturn]] void fail(const std::string& what, int rc) const;

  private:
    sqlite3* db_ = nullptr;
    Thrower thrower_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() was called.
class Transaction {
  public:
    explicit Transaction(const Db& db);
    ~Transaction();
    void commit();

  private:
    const Db& db_;
    bool done_ = false;
};

}  // namespace anjungan::platform::sql
