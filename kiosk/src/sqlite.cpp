#include "sqlite.hpp"

namespace anjungan::kiosk::sql {

void throw_store_error(int code, const std::string& message) {
    StoreError::Kind kind = StoreError::Kind::kIo;
    switch (code & 0xff) {
        case SQLITE_NOTADB:
            kind = StoreError::Kind::kNotADatabase;
            break;
        case SQLITE_CORRUPT:
            kind = StoreError::Kind::kCorrupt;
            break;
        case SQLITE_CONSTRAINT:
            kind = StoreError::Kind::kDuplicateCase;
            break;
        case SQLITE_READONLY:
            // SQLite's own words ("attempt to write a readonly database") name no cause.
            throw StoreError(kind,
                             "the store cannot be written: its folder or database file is "
                             "read-only for this user (or on a read-only mount); "
                             "commands that only read still work. (" +
                                 message + ")");
        default:
            break;
    }
    throw StoreError(kind, message);
}

}  // namespace anjungan::kiosk::sql
