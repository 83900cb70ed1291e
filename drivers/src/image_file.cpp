// Image headers read by hand (PNG IHDR, JPEG SOFn, TIFF's first IFD, BMP, PNM, WebP): OpenCV
// has no public call that gives the size without decoding, and its own guard
// (OPENCV_IO_MAX_IMAGE_PIXELS, 2^30 by default) lets 1 GB pictures through.
#include "anjungan/drivers/image_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <opencv2/imgcodecs.hpp>

namespace anjungan::drivers {

namespace {

// How much of a file is read for its header. A JPEG's SOF may follow large EXIF and ICC
// segments, so JPEGs are walked segment by segment beyond this (see jpeg_size).
constexpr std::size_t kHeadBytes = 4096;

std::uint32_t be16(const std::string& s, std::size_t i) {
    return (std::uint32_t(std::uint8_t(s[i])) << 8) | std::uint8_t(s[i + 1]);
}
std::uint32_t be32(const std::string& s, std::size_t i) {
    return (be16(s, i) << 16) | be16(s, i + 2);
}
std::uint32_t le16(const std::string& s, std::size_t i) {
    return (std::uint32_t(std::uint8_t(s[i + 1])) << 8) | std::uint8_t(s[i]);
}
std::uint32_t le32(const std::string& s, std::size_t i) {
    return (le16(s, i + 2) << 16) | le16(s, i);
}
bool starts_with(const std::string& s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::optional<ImageSize> sized(const char* format, std::int64_t w, std::int64_t h) {
    if (w <= 0 || h <= 0 || w > INT32_MAX || h > INT32_MAX) {
        return std::nullopt;
    }
    return ImageSize{format, static_cast<int>(w), static_cast<int>(h)};
}

std::optional<ImageSize> png_size(const std::string& s) {
    if (s.size() < 24 || s.compare(12, 4, "IHDR") != 0) {
        return std::nullopt;
    }
    return sized("PNG", be32(s, 16), be32(s, 20));
}

// Walks the markers up to the first SOFn (not DHT C4, JPG C8, DAC CC); reads more of the
// file as segments need.
std::optional<ImageSize> jpeg_size(int fd) {
    constexpr off_t kMaxWalk = 16 << 20;  // no real file has its SOF beyond 16 MB
    off_t pos = 2;
    unsigned char b[9];
    while (pos < kMaxWalk) {
        if (::pread(fd, b, 4, pos) != 4 || b[0] != 0xFF) {
            return std::nullopt;
        }
        const unsigned marker = b[1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) {
            return std::nullopt;  // the image data began before any frame header
        }
        const unsigned length = (unsigned(b[2]) << 8) | b[3];
        if (length < 2) {
            return std::nullopt;
        }
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC) {
            if (length < 7 || ::pread(fd, b, 5, pos + 4) != 5) {
                return std::nullopt;
            }
            return sized("JPEG", (unsigned(b[3]) << 8) | b[4], (unsigned(b[1]) << 8) | b[2]);
        }
        pos += 2 + static_cast<off_t>(length);
    }
    return std::nullopt;
}

std::optional<ImageSize> tiff_size(const std::string& s) {
    const bool le = s[0] == 'I';
    auto u16 = [&](std::size_t i) { return le ? le16(s, i) : be16(s, i); };
    auto u32 = [&](std::size_t i) { return le ? le32(s, i) : be32(s, i); };
    if (s.size() < 8 || u16(2) != 42) {
        return std::nullopt;  // BigTIFF (43) is not read
    }
    const std::size_t ifd = u32(4);
    if (ifd + 2 > s.size()) {
        return std::nullopt;
    }
    std::int64_t w = 0, h = 0;
    const std::size_t n = u16(ifd);
    for (std::size_t i = 0; i < n && ifd + 2 + 12 * (i + 1) <= s.size(); ++i) {
        const std::size_t e = ifd + 2 + 12 * i;
        const auto tag = u16(e), type = u16(e + 2);
        const std::int64_t value = type == 3 ? u16(e + 8) : type == 4 ? u32(e + 8) : -1;
        if (tag == 256) {
            w = value;
        } else if (tag == 257) {
            h = value;
        }
    }
    return sized("TIFF", w, h);
}

std::optional<ImageSize> bmp_size(const std::string& s) {
    if (s.size() < 26) {
        return std::nullopt;
    }
    if (le32(s, 14) == 12) {  // BITMAPCOREHEADER
        return sized("BMP", le16(s, 18), le16(s, 20));
    }
    const auto h = static_cast<std::int32_t>(le32(s, 22));
    return sized("BMP", static_cast<std::int32_t>(le32(s, 18)),
                 h < 0 ? -static_cast<std::int64_t>(h) : h);
}

// P1-P6: magic, then width and height as decimal tokens, with # comments in between.
std::optional<ImageSize> pnm_size(const std::string& s) {
    std::size_t i = 2;
    std::int64_t values[2] = {0, 0};
    for (auto& v : values) {
        while (i < s.size() && (std::isspace(std::uint8_t(s[i])) || s[i] == '#')) {
            if (s[i] == '#') {
                while (i < s.size() && s[i] != '\n') {
                    ++i;
                }
            } else {
                ++i;
            }
        }
        const std::size_t start = i;
        while (i < s.size() && std::isdigit(std::uint8_t(s[i])) && i - start < 10) {
            v = v * 10 + (s[i++] - '0');
        }
        if (i == start || i >= s.size() || std::isdigit(std::uint8_t(s[i]))) {
            return std::nullopt;
        }
    }
    return sized("PNM", values[0], values[1]);
}

std::optional<ImageSize> webp_size(const std::string& s) {
    if (s.size() < 30 || s.compare(8, 4, "WEBP") != 0) {
        return std::nullopt;
    }
    const std::string chunk = s.substr(12, 4);
    if (chunk == "VP8X") {
        const auto w = le32(s, 24) & 0xFFFFFF, h = le32(s, 27) & 0xFFFFFF;
        return sized("WebP", w + 1, h + 1);
    }
    if (chunk == "VP8L" && std::uint8_t(s[20]) == 0x2F) {
        const auto bits = le32(s, 21);
        return sized("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (chunk == "VP8 " && s.compare(23, 3, "\x9d\x01\x2a") == 0) {
        return sized("WebP", le16(s, 26) & 0x3FFF, le16(s, 28) & 0x3FFF);
    }
    return std::nullopt;
}

std::string megapixels(std::int64_t pixels) {
    return std::to_string((pixels + 500'000) / 1'000'000) + " MP";
}

}  // namespace

std::optional<ImageSize> probe_image_header(const std::string& s) {
    if (starts_with(s, "\x89PNG\r\n\x1a\n")) {
        return png_size(s);
    }
    if (starts_with(s, std::string_view("II*\0", 4)) ||
        starts_with(s, std::string_view("MM\0*", 4))) {
        return tiff_size(s);
    }
    if (starts_with(s, "BM")) {
        return bmp_size(s);
    }
    if (s.size() > 2 && s[0] == 'P' && s[1] >= '1' && s[1] <= '6') {
        return pnm_size(s);
    }
    if (starts_with(s, "RIFF")) {
        return webp_size(s);
    }
    return std::nullopt;
}

cv::Mat read_image_file(const std::filesystem::path& path, int imread_flags,
                        const ImageLimits& limits) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw ImageFileError(path.string() + ": " + std::strerror(errno));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        throw ImageFileError(path.string() + ": not a regular file");
    }
    std::string head(kHeadBytes, '\0');
    const ssize_t n = ::pread(fd, head.data(), head.size(), 0);
    head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    const bool jpeg = starts_with(head, "\xFF\xD8");
    const auto size = jpeg ? jpeg_size(fd) : probe_image_header(head);
    if (!size) {
        throw ImageFileError(path.string() +
                             ": not a PNG, JPEG, TIFF, BMP, PNM or WebP image whose size can be "
                             "read from its header");
    }
    const std::int64_t pixels = std::int64_t(size->width) * size->height;
    if (size->width > limits.max_side || size->height > limits.max_side ||
        pixels > limits.max_pixels) {
        throw ImageFileError(path.string() + ": the " + size->format + " claims " +
                             std::to_string(size->width) + " x " + std::to_string(size->height) +
                             " px (" + megapixels(pixels) +
                             "), more than any kiosk camera or scanner makes (at most " +
                             std::to_string(limits.max_side) + " px a side and " +
                             megapixels(limits.max_pixels) + "); not decoded");
    }
    // Decode the file just checked, not whatever the path names by now.
    try {
        return cv::imread("/proc/self/fd/" + std::to_string(fd), imread_flags);
    } catch (const cv::Exception&) {
        return {};
    }
}

}  // namespace anjungan::drivers
