// Reading QR codes (ZXing-cpp 1.4) in camera frames and image files, robust to what thermal
// receipts suffer: dead dots of the print head (thin white lines along the paper's feed
// direction, through the code), paper grain and texture, slight blur.
//
// A direct read comes first. When it finds nothing, repair passes follow, each an image made
// to undo one kind of damage, read again:
//   - a morphological opening of the grey image (a minimum then a maximum filter) along one
//     axis or both, 3 and 5 pixels: it fills white lines narrower than the filter inside dark
//     modules (a dead dot is one dot wide; at 203 dpi a module is 4-7 dots, so a 3-pixel
//     filter keeps every white module) - across the lines for a receipt held upright or upside
//     down, along the other axis for one turned 90 degrees, square for any angle;
//   - the same after doubling the size, for small codes in a camera frame (3-pixel modules);
//   - Otsu's global threshold after a slight blur, against grain that fools the local one.
// Measured on 100 renders of the project's receipt with 1-4 dead lines of 1-3 dots at random
// places, grain (sigma 0-25) and blur (0-1 px), at print size and at 0.6x: the direct read
// alone read 87, zbarimg 82, the direct read plus the passes 100. A single dead line through a
// finder pattern is enough to defeat the direct read. Tests: tests/kiosk/receipt_cli_test.cpp
// ([damaged prints]).
#pragma once

#include <cstddef>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace anjungan::drivers {

struct QrCode {
    std::string text;
    int x = 0;  // centre, in the image's pixels
    int y = 0;
    int side = 0;  // the length of its top edge, in pixels
};

// The number of repair passes (after the direct read).
std::size_t qr_repair_passes();

// Every QR code in `image` (8-bit grey, BGR or BGRA; other depths are converted): the direct
// read (three binarisers until one finds something), then every repair pass, and the union of
// what they found - so a damaged code beside a clean one is reported too. One entry per code:
// the same text found by several passes at the same place counts once; two copies of one
// receipt side by side count twice. Sorted by position (top to bottom, then left to right), so
// the result does not depend on the order ZXing met them. Empty when there is none; never
// throws. For a file or a still: up to 3 + qr_repair_passes() reads of the image.
std::vector<QrCode> find_qr_codes(const cv::Mat& image);

// For a live camera: each read() is the direct read plus, when that finds nothing, the NEXT
// repair pass in turn (one per call), so a frame costs at most two reads while a receipt held
// in view for a few frames meets every pass. Not thread-safe; one per camera loop.
class QrFrameReader {
  public:
    std::vector<QrCode> read(const cv::Mat& frame);

  private:
    std::size_t next_pass_ = 0;
};

// QR codes in a camera frame with the direct read only (one pass, cheap enough for every
// frame): staff badges on the PIN pad. Texts in the order ZXing found them.
std::vector<std::string> read_qr_codes(const cv::Mat& frame);

}  // namespace anjungan::drivers
