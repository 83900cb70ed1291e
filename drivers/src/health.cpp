#include "anjungan/drivers/health.hpp"

namespace anjungan::drivers {

std::string_view to_code(DeviceState s) {
    switch (s) {
        case DeviceState::kOk:
            return "ok";
        case DeviceState::kMissing:
            return "missing";
        case DeviceState::kDisconnected:
            return "disconnected";
        case DeviceState::kBusy:
            return "busy";
        case DeviceState::kError:
            return "error";
    }
    return "error";
}

}  // namespace anjungan::drivers
