// The store's view of platform/sqlite.hpp: the same wrapper, whose errors become StoreError.
#pragma once

#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/sqlite.hpp"

namespace anjungan::kiosk::sql {

using platform::sql::Stmt;
using platform::sql::Transaction;

[[noreturn]] void throw_store_error(int code, const std::string& message);

// A database whose failures throw StoreError with the kind SQLite's code maps to.
class Db : public platform::sql::Db {
  public:
    Db(const std::string& path, int flags) : platform::sql::Db(path, flags, &throw_store_error) {}
};

}  // namespace anjungan::kiosk::sql
