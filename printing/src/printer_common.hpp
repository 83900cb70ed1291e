// Shared by the printer states, the CUPS printer and the simulated printer: the severity
// suffix of a printer-state-reason, and job timings.
#pragma once

#include <chrono>
#include <string>

namespace anjungan::printing {

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// "media-empty-error" -> "media-empty"; the severity suffix, if any, into `severity`.
std::string base_reason(const std::string& r, std::string& severity);

}  // namespace anjungan::printing
