// Cameras: a V4L2 webcam through OpenCV, or a simulated camera playing image files; one
// interface, chosen once in main from the configuration.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "anjungan/drivers/health.hpp"
#include "anjungan/drivers/qr_reader.hpp"  // read_qr_codes, for its older users
#include "anjungan/platform/clock.hpp"

namespace anjungan::drivers {

// Frame times and device health are in milliseconds of platform::Clock::ms(), injected so
// tests and the simulated camera run on a clock they control.

struct Frame {
    cv::Mat image;  // BGR, 8 bits per channel
    std::int64_t t_ms = 0;
    std::uint64_t seq = 0;  // increases by one per frame delivered
};

// What the camera is about to be used for: a real camera may change focus or exposure, the
// simulated camera switches to that phase's files.
enum class CameraPurpose { kDocument, kFace, kQr };

class Camera {
  public:
    virtual ~Camera() = default;
    // The newest frame, or nothing when there is none (no new frame yet, or the device is
    // lost: health() says which). Never blocks longer than one frame interval; never throws.
    virtual std::optional<Frame> read() = 0;
    virtual DeviceHealth health() const = 0;
    virtual void prepare(CameraPurpose /*purpose*/) {}
    virtual std::string describe() const = 0;
};

struct CameraConfig {
    std::string device = "/dev/video0";  // a path or an index ("0")
    int width = 1280;
    int height = 720;
    std::string fourcc = "MJPG";  // pixel format asked of the device; empty: the default
    int fps = 30;
    // Fixed focus suits cheap webcams at a fixed distance: autofocus off and this focus value
    // (device units; -1 leaves the device's setting). Exposure likewise (-1: automatic).
    bool autofocus = false;
    int focus = -1;
    int exposure = -1;
    int reopen_ms = 1000;  // after a loss, try to reopen this often
};

// V4L2 through cv::VideoCapture. A device that disappears is reported as disconnected and
// reopened every reopen_ms; frames resume when it is back (unplug and replug).
std::unique_ptr<Camera> make_v4l2_camera(const CameraConfig& config,
                                         const platform::Clock& clock = platform::system_clock());

// How CameraConfig::device is read: an index ("0", "2") names /dev/videoN (index set); anything
// else is a path (index -1), e.g. "/dev/video0" or "/dev/v4l/by-id/usb-...-video-index0".
struct V4l2Device {
    std::string path;
    int index = -1;
};
V4l2Device parse_v4l2_device(const std::string& device);

// A camera that plays image files in name order, looping, at `fps` on the given clock. When
// `folder` has subfolders named after purposes ("ktp" or "document", "selfie" or "face",
// "qr"), prepare() switches to that subfolder; otherwise every purpose plays `folder`.
// A single image file plays as a still.
//
// Details:
// - Files: png, jpg, jpeg, ppm, pgm, bmp (any case), not hidden (".name"); in plain byte-wise
//   name order, so "10.png" comes before "2.png": number them with leading zeros.
// - Timing: tick = floor((now - start) * fps / 1000), where start is when the phase began
//   (construction, prepare(), set_frames() or a replug); the image shown is tick mod n. read()
//   delivers a frame only when the tick changed since the last delivered frame (so a still
//   gives a new Frame, same image, every interval), with t_ms = now and seq one more than the
//   last. The first read() of a phase delivers frame 0.
// - Before any prepare(), a folder with no images of its own but with purpose subfolders plays
//   the first of "ktp", "document", "selfie", "face", "qr" that has images.
// - Files are decoded on first use and cached. One that cannot be decoded is skipped (the next
//   file plays instead), logged, and named in health().detail; if none decodes: kError.
// - No images (empty or missing folder): kMissing with the reason, read() gives nothing.
// - Not thread-safe: one thread calls all of its functions.
class FileCamera : public Camera {
  public:
    FileCamera(std::filesystem::path source, double fps,
               const platform::Clock& clock = platform::system_clock());
    std::optional<Frame> read() override;
    DeviceHealth health() const override;
    void prepare(CameraPurpose purpose) override;
    std::string describe() const override;
    // Simulates unplugging (read() gives nothing, health() disconnected) and replugging.
    void set_unplugged(bool unplugged);
    // Plays these images instead of files (tests).
    void set_frames(std::vector<cv::Mat> frames);

  private:
    void load(const std::filesystem::path& folder);
    std::filesystem::path folder_for(std::optional<CameraPurpose> purpose) const;
    void restart();

    std::filesystem::path source_;
    double fps_;
    const platform::Clock* clock_;
    std::vector<std::filesystem::path> files_;
    std::vector<cv::Mat> frames_;  // decoded lazily, cached
    std::int64_t start_ms_ = 0;
    std::uint64_t seq_ = 0;
    std::int64_t last_index_ = -1;  // the tick of the last delivered frame (see Timing)
    bool unplugged_ = false;
    int reopen_count_ = 0;
    std::int64_t last_ok_ms_ = -1;
    std::string detail_;                // why there is nothing to play (when frames_ is empty)
    std::filesystem::path folder_;      // what is playing now: a folder, or the still's file
    bool given_ = false;                // set_frames() images play instead of files
    std::vector<std::string> skipped_;  // names of files that could not be decoded
};

}  // namespace anjungan::drivers
