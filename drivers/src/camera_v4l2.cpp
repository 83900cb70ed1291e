// A V4L2 webcam through cv::VideoCapture (CAP_V4L2), with unplug/replug handling.
//
// Blocking: a present, streaming camera makes read() wait for its next frame (at most one frame
// interval). A camera that is unplugged fails at once (the node is gone, or the ioctl returns
// ENODEV). A camera that is present but stops sending would make OpenCV's V4L2 backend wait in
// select() for OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT seconds (10 by default); make_v4l2_camera sets
// it to 1 unless the environment already says otherwise, and such a stall counts as a loss.
// A missing device is checked with stat()/access() before OpenCV is asked, so it costs a system
// call and never blocks. Reopening (from read(), at most every reopen_ms) costs one open of the
// device, which for a real webcam may take a few hundred milliseconds.
//
// Not thread-safe: one thread calls read(), health() and prepare().
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "anjungan/drivers/camera.hpp"

namespace anjungan::drivers {

V4l2Device parse_v4l2_device(const std::string& device) {
    std::size_t b = 0;
    std::size_t e = device.size();
    while (b < e && std::isspace(static_cast<unsigned char>(device[b])) != 0) {
        ++b;
    }
    while (e > b && std::isspace(static_cast<unsigned char>(device[e - 1])) != 0) {
        --e;
    }
    const std::string s = device.substr(b, e - b);
    const bool digits = !s.empty() && s.size() <= 4 && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
    if (digits) {
        const int index = std::stoi(s);
        return {"/dev/video" + std::to_string(index), index};
    }
    return {s, -1};
}

namespace {

std::string fourcc_text(double value) {
    const auto v = static_cast<std::uint32_t>(std::llround(value));
    std::string s;
    for (int i = 0; i < 4; ++i) {
        const auto c = static_cast<char>((v >> (8 * i)) & 0xFF);
        s += std::isprint(static_cast<unsigned char>(c)) != 0 ? c : '?';
    }
    return s;
}

// Why `path` cannot be a camera, or "" when it looks usable (a character device we may open).
std::string precheck(const std::string& path) {
    if (path.empty()) {
        return "no device configured";
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) {
            return path + ": no such device";
        }
        if (err == EACCES) {
            return path + ": permission denied";
        }
        return path + ": " + std::strerror(err);
    }
    if (!S_ISCHR(st.st_mode)) {
        return path + ": not a video device (not a character device)";
    }
    if (::access(path.c_str(), R_OK | W_OK) != 0) {
        const int err = errno;
        if (err == EACCES || err == EPERM) {
            return path + ": permission denied (the kiosk user needs the 'video' group)";
        }
        return path + ": " + std::strerror(err);
    }
    return {};
}

class V4l2Camera final : public Camera {
  public:
    V4l2Camera(CameraConfig config, const platform::Clock& clock)
        : config_(std::move(config)), clock_(&clock), dev_(parse_v4l2_device(config_.device)) {
        if (config_.reopen_ms < 0) {
            config_.reopen_ms = 0;
        }
        try_open(clock_->ms());
    }

    std::optional<Frame> read() override {
        try {
            return read_impl();
        } catch (const std::exception& e) {  // cv::Exception from a broken device; never throw
            lose(clock_->ms(), std::string("error: ") + e.what());
            return std::nullopt;
        }
    }

    DeviceHealth health() const override {
        DeviceHealth h;
        h.device = config_.device;
        h.state = state_;
        h.detail = detail_;
        h.reopen_count = reopen_count_;
        h.last_ok_ms = last_ok_ms_;
        return h;
    }

    void prepare(CameraPurpose /*purpose*/) override {
        // One fixed focus and exposure suits every purpose at a kiosk's fixed distances.
    }

    std::string describe() const override {
        std::string s = "V4L2 camera " + dev_.path;
        if (dev_.index >= 0) {
            s += " (index " + std::to_string(dev_.index) + ")";
        }
        s += ", asked " + std::to_string(config_.width) + "x" + std::to_string(config_.height);
        if (!config_.fourcc.empty()) {
            s += " " + config_.fourcc;
        }
        s += " at " + std::to_string(config_.fps) + " fps";
        return s;
    }

  private:
    std::optional<Frame> read_impl() {
        const std::int64_t now = clock_->ms();
        if (!cap_.isOpened()) {
            if (now < next_attempt_ms_ || !try_open(now)) {
                return std::nullopt;
            }
        }
        if (const std::string why = precheck(dev_.path); !why.empty()) {
            lose(now, why);
            return std::nullopt;
        }
        cv::Mat image;
        errno = 0;
        if (!cap_.read(image) || image.empty()) {
            const int err = errno;  // a hint only: OpenCV does not promise to keep it
            if (err == EBUSY) {
                lose(now, dev_.path + ": in use by another program", DeviceState::kBusy);
            } else if (err == ENODEV) {
                lose(now, dev_.path + ": the device went away (unplugged)");
            } else {
                lose(now, dev_.path + ": reading a frame failed (unplugged or stalled)");
            }
            return std::nullopt;
        }
        if (reopened_) {  // counted when frames flow again, not when open() merely succeeds
            reopened_ = false;
            ++reopen_count_;
            spdlog::info("camera {} is back (reopened {} times)", dev_.path, reopen_count_);
        }
        Frame f;
        if (image.channels() == 1) {
            cv::cvtColor(image, f.image, cv::COLOR_GRAY2BGR);
        } else if (image.channels() == 4) {
            cv::cvtColor(image, f.image, cv::COLOR_BGRA2BGR);
        } else {
            f.image = image;
        }
        f.t_ms = clock_->ms();
        f.seq = ++seq_;
        last_ok_ms_ = f.t_ms;
        return f;
    }

    // The device is gone or failing: release it and try again after reopen_ms. The state is
    // kMissing until the device has been opened once, then kDisconnected (or `state`).
    void lose(std::int64_t now, const std::string& why,
              std::optional<DeviceState> state = std::nullopt) {
        if (cap_.isOpened()) {
            try {
                cap_.release();
            } catch (const std::exception&) {
            }
        }
        if (ever_opened_) {
            if (state_ != DeviceState::kDisconnected) {
                spdlog::warn("camera {} lost: {}", dev_.path, why);
            }
            state_ = DeviceState::kDisconnected;
        } else {
            state_ = DeviceState::kMissing;
        }
        if (state) {
            state_ = *state;
        }
        detail_ = why;
        next_attempt_ms_ = now + config_.reopen_ms;
    }

    bool try_open(std::int64_t now) {
        if (const std::string why = precheck(dev_.path); !why.empty()) {
            if (!ever_opened_ && detail_ != why) {
                spdlog::warn("camera: {}", why);
            }
            lose(now, why);
            return false;
        }
        bool opened = false;
        try {
            opened = cap_.open(dev_.path, cv::CAP_V4L2) && cap_.isOpened();
        } catch (const std::exception& e) {
            spdlog::warn("camera {}: open failed: {}", dev_.path, e.what());
        }
        if (!opened) {
            lose(now, dev_.path + ": V4L2 could not open it (busy, or not a capture device)");
            return false;
        }
        configure();
        reopened_ = ever_opened_;
        ever_opened_ = true;
        state_ = DeviceState::kOk;
        return true;
    }

    // Asks for the configured format and controls, then reads back what the device gave.
    void configure() {
        const auto set = [this](int prop, double value, const char* name) {
            if (!cap_.set(prop, value)) {
                spdlog::info("camera {}: {} = {} not accepted", dev_.path, name, value);
            }
        };
        if (config_.fourcc.size() == 4) {
            const auto& c = config_.fourcc;
            set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc(c[0], c[1], c[2], c[3]), "fourcc");
        } else if (!config_.fourcc.empty()) {
            spdlog::warn("camera {}: fourcc '{}' is not four characters; using the default",
                         dev_.path, config_.fourcc);
        }
        if (config_.width > 0 && config_.height > 0) {
            set(cv::CAP_PROP_FRAME_WIDTH, config_.width, "width");
            set(cv::CAP_PROP_FRAME_HEIGHT, config_.height, "height");
        }
        if (config_.fps > 0) {
            set(cv::CAP_PROP_FPS, config_.fps, "fps");
        }
        // OpenCV 4.6's V4L2 backend passes raw control values (no range normalisation unless
        // OPENCV_VIDEOIO_V4L_RANGE_NORMALIZED is set): focus_auto 0/1, exposure_auto 1 manual /
        // 3 aperture priority (automatic), exposure_absolute in 100 us units.
        set(cv::CAP_PROP_AUTOFOCUS, config_.autofocus ? 1 : 0, "autofocus");
        if (!config_.autofocus && config_.focus >= 0) {
            set(cv::CAP_PROP_FOCUS, config_.focus, "focus");
        }
        if (config_.exposure >= 0) {
            set(cv::CAP_PROP_AUTO_EXPOSURE, 1, "auto exposure (manual)");
            set(cv::CAP_PROP_EXPOSURE, config_.exposure, "exposure");
        } else {
            set(cv::CAP_PROP_AUTO_EXPOSURE, 3, "auto exposure (automatic)");
        }

        const int w = static_cast<int>(cap_.get(cv::CAP_PROP_FRAME_WIDTH));
        const int h = static_cast<int>(cap_.get(cv::CAP_PROP_FRAME_HEIGHT));
        const double fps = cap_.get(cv::CAP_PROP_FPS);
        const std::string fourcc = fourcc_text(cap_.get(cv::CAP_PROP_FOURCC));
        spdlog::info(
            "camera {}: {}x{} {} {:.1f} fps; autofocus {}, focus {}, auto exposure {}, "
            "exposure {}",
            dev_.path, w, h, fourcc, fps, cap_.get(cv::CAP_PROP_AUTOFOCUS),
            cap_.get(cv::CAP_PROP_FOCUS), cap_.get(cv::CAP_PROP_AUTO_EXPOSURE),
            cap_.get(cv::CAP_PROP_EXPOSURE));
        if ((config_.width > 0 && w != config_.width) ||
            (config_.height > 0 && h != config_.height)) {
            spdlog::warn("camera {}: asked {}x{}, the device gives {}x{}", dev_.path, config_.width,
                         config_.height, w, h);
        }
        detail_ = std::to_string(w) + "x" + std::to_string(h) + " " + fourcc + " " +
                  std::to_string(static_cast<int>(std::lround(fps))) + " fps";
    }

    CameraConfig config_;
    const platform::Clock* clock_;
    V4l2Device dev_;
    cv::VideoCapture cap_;
    DeviceState state_ = DeviceState::kMissing;
    std::string detail_;
    bool ever_opened_ = false;
    bool reopened_ = false;  // opened again after a loss; no frame yet
    int reopen_count_ = 0;
    std::int64_t last_ok_ms_ = -1;
    std::int64_t next_attempt_ms_ = 0;
    std::uint64_t seq_ = 0;
};

}  // namespace

std::unique_ptr<Camera> make_v4l2_camera(const CameraConfig& config, const platform::Clock& clock) {
    // Shorten OpenCV's wait for a stalled camera from 10 s to 1 s (read once, on first use),
    // unless the environment already chose.
    ::setenv("OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT", "1", 0);
    return std::make_unique<V4l2Camera>(config, clock);
}

}  // namespace anjungan::drivers
