// Logging: spdlog to stderr. Log lines never carry personal data (NIK, NIP, names, e-mail,
// phone); log case ids and receipt numbers instead.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace anjungan::platform {

// Sets the default logger's level ("trace" .. "off") and pattern. Safe to call again.
void init_logging(const std::string& level);

}  // namespace anjungan::platform
