// Export encoders for the hand-off to BSrE: a JPEG within a byte budget at the best quality
// that fits, and one PDF holding all pages of a document within a byte budget.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <stdexcept>
#include <vector>

namespace anjungan::vision {

using Bytes = std::vector<std::uint8_t>;

class ExportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct JpegResult {
    Bytes data;
    int quality = 0;     // the JPEG quality used (the highest that fits)
    double scale = 1.0;  // < 1 when even quality 40 did not fit and the image was reduced
};

// KTP: at most 300 KB (BSrE's published guides). Throws ExportError when nothing fits.
JpegResult encode_jpeg_within(const cv::Mat& bgr, std::size_t max_bytes);

struct PdfResult {
    Bytes data;
    int quality = 0;  // the JPEG quality of the embedded pages
    double scale = 1.0;
};

// One PDF page per image, each page sized for `dpi` (A4 at 200 dpi is 210 x 297 mm), the page
// images embedded as JPEG (cairo). At most `max_bytes` (500 KB for BSrE). Throws ExportError.
PdfResult encode_pdf_within(const std::vector<cv::Mat>& pages_bgr, double dpi,
                            std::size_t max_bytes);

}  // namespace anjungan::vision
