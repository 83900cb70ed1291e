// The simulated document scanner: plain image files from a folder, and the scan fault codes
// shared by both scanners.
//
// Files: every regular file OpenCV has a reader for (checked by content with
// cv::haveImageReader, so README.txt or .DS_Store are skipped), in plain name order ("10.png"
// sorts before "2.png": name pages "01", "02", ...). prepare(kSk) and prepare(kLetter) switch to
// the subfolders "sk" and "letter" when they exist (else the folder itself) and start again at
// their first file; kOther goes back to the folder. The folder is listed again at every scan,
// so files may be added while the scanner is in use.
//
// Not thread-safe: one thread calls scan(), health() and prepare().
#include <algorithm>
#include <chrono>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <system_error>

#include "anjungan/drivers/image_file.hpp"
#include "anjungan/drivers/scanner.hpp"
#include "anjungan/platform/clock.hpp"
#include "scan_folders.hpp"

namespace anjungan::drivers {

std::string_view to_code(ScanFault f) {
    switch (f) {
        case ScanFault::kNone:
            return "none";
        case ScanFault::kNoScanner:
            return "no_scanner";
        case ScanFault::kNoDocument:
            return "no_document";
        case ScanFault::kJammed:
            return "jammed";
        case ScanFault::kCoverOpen:
            return "cover_open";
        case ScanFault::kBusy:
            return "busy";
        case ScanFault::kCancelled:
            return "cancelled";
        case ScanFault::kIo:
            return "io";
    }
    return "io";
}

namespace {

namespace fs = std::filesystem;

std::int64_t now_ms() {
    return platform::system_clock().ms();
}

// The image files directly in `folder`, in name order; empty when there is no such folder.
std::vector<fs::path> image_files(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code fec;
        if (!it->is_regular_file(fec)) {
            continue;
        }
        bool readable = false;
        try {
            readable = cv::haveImageReader(it->path().string());
        } catch (const cv::Exception&) {
            readable = false;
        }
        if (readable) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return files;
}

}  // namespace

FileScanner::FileScanner(std::filesystem::path folder)
    : folder_(std::move(folder)), current_(folder_) {}

void FileScanner::prepare(ScanPurpose purpose) {
    current_ = purpose_folder(folder_, purpose);
    next_ = 0;
}

ScanResult FileScanner::scan(const ScanRequest& request, const ScanProgress& progress) {
    ScanResult result;
    if (fault_ != ScanFault::kNone) {
        result.fault = fault_;
        result.detail = "simulated fault: " + std::string(to_code(fault_));
        return result;
    }
    if (!is_folder(folder_)) {
        result.fault = ScanFault::kNoScanner;
        result.detail = "scanner folder '" + folder_.string() + "' does not exist";
        return result;
    }
    const std::vector<fs::path> files = image_files(current_);
    if (next_ >= files.size()) {
        result.fault = ScanFault::kNoDocument;
        result.detail = files.empty() ? "no image files in '" + current_.string() + "'"
                                      : "no more pages in '" + current_.string() + "' (all " +
                                            std::to_string(files.size()) + " scanned)";
        return result;
    }
    const int max_pages = request.use_feeder ? std::max(1, request.max_pages) : 1;
    while (next_ < files.size() && static_cast<int>(result.pages.size()) < max_pages) {
        const fs::path& file = files[next_++];
        cv::Mat image;
        try {
            image = read_image_file(file, request.colour ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
        } catch (const ImageFileError& e) {
            result.fault = ScanFault::kIo;
            result.detail = e.what();
            return result;
        }
        if (image.empty()) {
            result.fault = ScanFault::kIo;
            result.detail = "cannot read image file '" + file.string() + "'";
            return result;
        }
        result.pages.push_back({image, request.dpi});
        last_ok_ms_ = now_ms();
        if (progress && !progress(static_cast<int>(result.pages.size()))) {
            result.fault = ScanFault::kCancelled;
            result.detail =
                "cancelled by the caller after " + std::to_string(result.pages.size()) + " page(s)";
            return result;
        }
    }
    return result;
}

DeviceHealth FileScanner::health() {
    DeviceHealth h;
    h.device = folder_.string();
    h.last_ok_ms = last_ok_ms_;
    if (!is_folder(folder_)) {
        h.state = DeviceState::kMissing;
        h.detail = "scanner folder '" + folder_.string() + "' does not exist";
        return h;
    }
    if (image_files(folder_).empty() && image_files(folder_ / "sk").empty() &&
        image_files(folder_ / "letter").empty()) {
        h.state = DeviceState::kMissing;
        h.detail = "no image files in '" + folder_.string() + "' (nor in its sk/ and letter/)";
        return h;
    }
    switch (fault_) {
        case ScanFault::kNone:
        case ScanFault::kNoDocument:
        case ScanFault::kCancelled:
            h.state = DeviceState::kOk;
            break;
        case ScanFault::kNoScanner:
            h.state = DeviceState::kMissing;
            break;
        case ScanFault::kBusy:
            h.state = DeviceState::kBusy;
            break;
        case ScanFault::kJammed:
        case ScanFault::kCoverOpen:
        case ScanFault::kIo:
            h.state = DeviceState::kError;
            break;
    }
    if (fault_ != ScanFault::kNone) {
        h.detail = "simulated fault: " + std::string(to_code(fault_));
    }
    return h;
}

std::string FileScanner::describe() const {
    return "file scanner reading '" + folder_.string() + "'";
}

}  // namespace anjungan::drivers
