// Finding and decoding QR codes in a scan or a photo of a receipt (ZXing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace anjungan::printing {

// An 8-bit grey image; `stride` is the number of bytes from one row to the next.
struct GreyView {
    const std::uint8_t* data = nullptr;
    int width = 0;
    int height = 0;
    int stride = 0;
};

struct FoundCode {
    std::string text;
    int x = 0;  // centre, in pixels
    int y = 0;
};

// Every QR code found, trying harder (rotations, other binarisers, a smaller copy) when the
// first pass finds none; empty when there is none.
std::vector<FoundCode> read_qr_codes(const GreyView& image);

}  // namespace anjungan::printing
