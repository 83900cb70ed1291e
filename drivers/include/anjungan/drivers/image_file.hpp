// Reading an image file without trusting it: the size in its header is checked before any
// pixel is decoded, so a small file that claims a huge picture (a 389 KB PNG of 20000 x 20000
// px decodes to 1.2 GB) is refused instead of exhausting the kiosk's memory. Used by the file
// camera and scanner and by the `anjungan` commands that read images.
#pragma once

#include <cstdint>
#include <filesystem>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace anjungan::drivers {

// What no camera or scanner of a kiosk makes: a 50 MP camera gives 8688 x 5792 px, an A4 page
// at 600 dpi 4961 x 7016 px (35 MP). Above these a file is refused before decoding; decoded,
// 50 MP in colour is 150 MB.
struct ImageLimits {
    int max_side = 12000;
    std::int64_t max_pixels = 50'000'000;
};

struct ImageSize {
    std::string format;  // "PNG", "JPEG", "TIFF", "BMP", "PNM", "WebP"
    int width = 0;
    int height = 0;
};

class ImageFileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The picture's size as its header states it, without decoding; nullopt when the bytes are
// not one of the formats above or the header is cut short or damaged.
std::optional<ImageSize> probe_image_header(const std::string& head);

// Decodes `path` (cv::imread flags) once its header's size is within `limits`. Throws
// ImageFileError naming the file and the reason: not readable, not a known image format, or
// the size it claims (e.g. "20000 x 20000 px (400 MP)"). An empty Mat when OpenCV cannot
// decode what the header announced.
cv::Mat read_image_file(const std::filesystem::path& path, int imread_flags,
                        const ImageLimits& limits = {});

}  // namespace anjungan::drivers
