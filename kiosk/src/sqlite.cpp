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
        default:
            break;
    }
    throw StoreError(kind, message);
}

}  // namespace anjungan::kiosk::sql
