// What a device reports about itself, for the admin screen and the session's fault screens.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace anjungan::drivers {

enum class DeviceState {
    kOk,            // "ok": working
    kMissing,       // "missing": not there (never found, or the configured device does not exist)
    kDisconnected,  // "disconnected": was working, lost (unplugged); being reopened
    kBusy,          // "busy": used by something else
    kError,         // "error": there but failing (named in `detail`)
};
std::string_view to_code(DeviceState s);

struct DeviceHealth {
    DeviceState state = DeviceState::kMissing;
    std::string device;            // what was configured: "/dev/video0", "pnm:0", a folder
    std::string detail;            // for operators: what exactly happened, in English
    int reopen_count = 0;          // times the device came back after a loss
    std::int64_t last_ok_ms = -1;  // the last good frame or scan, on the driver's clock
    bool ok() const { return state == DeviceState::kOk; }
};

}  // namespace anjungan::drivers
