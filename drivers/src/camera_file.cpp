// FileCamera: a simulated camera playing image files (the demo and tests). See camera.hpp.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <system_error>

#include "anjungan/drivers/camera.hpp"
#include "anjungan/drivers/image_file.hpp"

namespace anjungan::drivers {

namespace fs = std::filesystem;

namespace {

bool is_image_name(const fs::path& p) {
    const std::string name = p.filename().string();
    if (name.empty() || name[0] == '.') {
        return false;
    }
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const std::array<const char*, 6> kExts = {".png", ".jpg", ".jpeg",
                                                     ".ppm", ".pgm", ".bmp"};
    return std::any_of(kExts.begin(), kExts.end(), [&](const char* e) { return ext == e; });
}

bool is_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

// The image files directly in `folder`, in byte-wise name order; never throws.
std::vector<fs::path> list_images(const fs::path& folder) {
    std::vector<fs::path> out;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code ec2;
        if (it->is_regular_file(ec2) && is_image_name(it->path())) {
            out.push_back(it->path());
        }
    }
    std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
        return a.filename().string() < b.filename().string();
    });
    return out;
}

// A copy as 8-bit BGR, or an empty Mat when it cannot be made one.
cv::Mat to_bgr(const cv::Mat& m) {
    if (m.empty()) {
        return {};
    }
    cv::Mat m8 = m;
    if (m.depth() != CV_8U) {
        m.convertTo(m8, CV_8U);
    }
    cv::Mat out;
    switch (m8.channels()) {
        case 1:
            cv::cvtColor(m8, out, cv::COLOR_GRAY2BGR);
            break;
        case 3:
            out = m8.clone();
            break;
        case 4:
            cv::cvtColor(m8, out, cv::COLOR_BGRA2BGR);
            break;
        default:
            break;
    }
    return out;
}

cv::Mat decode(const fs::path& file) {
    try {
        return read_image_file(file, cv::IMREAD_COLOR);
    } catch (const std::exception& e) {
        spdlog::debug("camera: decoding {} threw: {}", file.string(), e.what());
        return {};
    }
}

const std::array<const char*, 2>& subfolders(CameraPurpose p) {
    static const std::array<const char*, 2> kDocument = {"ktp", "document"};
    static const std::array<const char*, 2> kFace = {"selfie", "face"};
    static const std::array<const char*, 2> kQr = {"qr", "qr"};
    switch (p) {
        case CameraPurpose::kDocument:
            return kDocument;
        case CameraPurpose::kFace:
            return kFace;
        case CameraPurpose::kQr:
            return kQr;
    }
    return kDocument;
}

}  // namespace

FileCamera::FileCamera(fs::path source, double fps, const platform::Clock& clock)
    : source_(std::move(source)), fps_(fps), clock_(&clock) {
    if (!(fps_ > 0.0) || !std::isfinite(fps_)) {
        spdlog::warn("camera {}: fps {} is not usable; playing at 1 fps", source_.string(), fps_);
        fps_ = 1.0;
    }
    load(folder_for(std::nullopt));
    restart();
}

fs::path FileCamera::folder_for(std::optional<CameraPurpose> purpose) const {
    if (!is_dir(source_)) {
        return source_;  // a still, or missing
    }
    if (purpose) {
        for (const char* name : subfolders(*purpose)) {
            if (is_dir(source_ / name)) {
                return source_ / name;
            }
        }
        return source_;
    }
    if (!list_images(source_).empty()) {
        return source_;
    }
    for (const char* name : {"ktp", "document", "selfie", "face", "qr"}) {
        if (is_dir(source_ / name) && !list_images(source_ / name).empty()) {
            return source_ / name;
        }
    }
    return source_;
}

void FileCamera::load(const fs::path& folder) {
    folder_ = folder;
    files_.clear();
    frames_.clear();
    skipped_.clear();
    detail_.clear();
    std::error_code ec;
    const auto st = fs::status(folder, ec);
    if (ec || !fs::exists(st)) {
        detail_ = folder.string() + ": no such folder or file";
    } else if (fs::is_directory(st)) {
        files_ = list_images(folder);
        if (files_.empty()) {
            detail_ = folder.string() + ": no image files (png, jpg, jpeg, ppm, pgm, bmp)";
        }
    } else if (fs::is_regular_file(st)) {
        files_.push_back(folder);  // a still
    } else {
        detail_ = folder.string() + ": not a folder or an image file";
    }
    frames_.resize(files_.size());
    if (files_.empty()) {
        spdlog::warn("camera: {}", detail_);
    } else {
        spdlog::debug("camera: playing {} images from {}", files_.size(), folder.string());
    }
}

void FileCamera::restart() {
    start_ms_ = clock_->ms();
    last_index_ = -1;
}

std::optional<Frame> FileCamera::read() {
    if (unplugged_ || frames_.empty()) {
        return std::nullopt;
    }
    const std::int64_t now = clock_->ms();
    const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now - start_ms_));
    const auto tick = static_cast<std::int64_t>(std::floor(elapsed * fps_ / 1000.0));
    if (tick == last_index_) {
        return std::nullopt;
    }
    std::size_t i = 0;
    while (!frames_.empty()) {
        i = static_cast<std::size_t>(tick % static_cast<std::int64_t>(frames_.size()));
        if (!frames_[i].empty()) {
            break;
        }
        cv::Mat m = given_ ? cv::Mat() : to_bgr(decode(files_[i]));
        if (!m.empty()) {
            frames_[i] = std::move(m);
            break;
        }
        const std::string name = files_[i].filename().string();
        spdlog::warn("camera: skipping {}: cannot be decoded as an image", files_[i].string());
        skipped_.push_back(name);
        files_.erase(files_.begin() + static_cast<std::ptrdiff_t>(i));
        frames_.erase(frames_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (frames_.empty()) {
        detail_ = folder_.string() + ": no readable images";
        return std::nullopt;
    }
    last_index_ = tick;
    last_ok_ms_ = now;
    Frame f;
    f.image = frames_[i].clone();  // the caller may draw on it; the cache stays clean
    f.t_ms = now;
    f.seq = ++seq_;
    return f;
}

DeviceHealth FileCamera::health() const {
    DeviceHealth h;
    h.device = source_.string();
    h.reopen_count = reopen_count_;
    h.last_ok_ms = last_ok_ms_;
    std::string skipped;
    for (const auto& s : skipped_) {
        skipped += (skipped.empty() ? "" : ", ") + s;
    }
    if (unplugged_) {
        h.state = DeviceState::kDisconnected;
        h.detail = "unplugged (simulated)";
    } else if (frames_.empty()) {
        h.state = skipped_.empty() ? DeviceState::kMissing : DeviceState::kError;
        h.detail = detail_;
        if (!skipped.empty()) {
            h.detail += " (unreadable: " + skipped + ")";
        }
    } else {
        h.state = DeviceState::kOk;
        h.detail = given_ ? "playing " + std::to_string(frames_.size()) + " given images"
                          : "playing " + std::to_string(frames_.size()) + " images from " +
                                folder_.string();
        if (!skipped.empty()) {
            h.detail += "; skipped unreadable: " + skipped;
        }
    }
    return h;
}

void FileCamera::prepare(CameraPurpose purpose) {
    if (!given_) {
        const fs::path folder = folder_for(purpose);
        if (folder != folder_) {
            load(folder);
        }
    }
    restart();
}

std::string FileCamera::describe() const {
    char fps[32];
    std::snprintf(fps, sizeof fps, "%g", fps_);
    return "simulated camera playing " + source_.string() + " at " + fps + " fps";
}

void FileCamera::set_unplugged(bool unplugged) {
    if (unplugged == unplugged_) {
        return;
    }
    unplugged_ = unplugged;
    if (unplugged) {
        spdlog::info("camera {}: unplugged (simulated)", source_.string());
    } else {
        ++reopen_count_;
        restart();
        spdlog::info("camera {}: replugged (simulated; reopened {} times)", source_.string(),
                     reopen_count_);
    }
}

void FileCamera::set_frames(std::vector<cv::Mat> frames) {
    given_ = true;
    files_.clear();
    frames_.clear();
    skipped_.clear();
    for (std::size_t k = 0; k < frames.size(); ++k) {
        cv::Mat m = to_bgr(frames[k]);
        if (m.empty()) {
            spdlog::warn("camera: given frame {} is empty or not an image; skipped", k);
            skipped_.push_back("frame " + std::to_string(k));
            continue;
        }
        frames_.push_back(std::move(m));
    }
    files_.resize(frames_.size());
    folder_.clear();
    detail_ = frames.empty() ? "no frames given" : "no usable frames given";
    restart();
}

}  // namespace anjungan::drivers
