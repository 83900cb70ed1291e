// A thin RAII layer over SQLite's C API, private to kiosk/. Errors become StoreError.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace anjungan::kiosk::sql {

class Db;

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
    Db(const std::string& path, int flags);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    sqlite3* get() const { return db_; }
    void exec(const char* sql) const;
    [[noreturn]] void fail(const std::string& what, int rc) const;

  private:
    sqlite3* db_ = nullptr;
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

}  // namespace anjungan::kiosk::sql
