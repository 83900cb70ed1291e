// The configured capture devices: a V4L2 camera or one playing image files, a SANE scanner or
// one returning image files, as `[camera]` and `[scanner]` say. Executables choose their
// devices here (or give simulated ones of their own), once, at start-up.
#pragma once

#include <memory>

#include "anjungan/drivers/camera.hpp"
#include "anjungan/drivers/scanner.hpp"
#include "anjungan/platform/config.hpp"

namespace anjungan::drivers {

std::unique_ptr<Camera> make_camera(const platform::Config& config);
std::unique_ptr<Scanner> make_scanner(const platform::Config& config);

}  // namespace anjungan::drivers
