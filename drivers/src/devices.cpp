#include "anjungan/drivers/devices.hpp"

namespace anjungan::drivers {

std::unique_ptr<Camera> make_camera(const platform::Config& config) {
    const auto& c = config.camera;
    if (c.kind == "file") {
        return std::make_unique<FileCamera>(c.folder, c.fps);
    }
    CameraConfig cc;
    cc.device = c.device;
    cc.width = c.width;
    cc.height = c.height;
    cc.fourcc = c.fourcc;
    cc.fps = c.fps;
    cc.autofocus = c.autofocus;
    cc.focus = c.focus;
    cc.exposure = c.exposure;
    return make_v4l2_camera(cc);
}

std::unique_ptr<Scanner> make_scanner(const platform::Config& config) {
    const auto& s = config.scanner;
    if (s.kind == "file") {
        return std::make_unique<FileScanner>(s.folder);
    }
    SaneConfig sc;
    sc.device = s.device;
    sc.config_dir = s.sane_config_dir;
    sc.pnm_folder = s.folder;
    return make_sane_scanner(sc);
}

}  // namespace anjungan::drivers
