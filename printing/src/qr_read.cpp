#include "anjungan/printing/qr_read.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>

namespace anjungan::printing {

namespace {

std::vector<FoundCode> pass(const GreyView& img, ZXing::Binarizer binarizer) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    hints.setTryDownscale(true);
    hints.setBinarizer(binarizer);
    const ZXing::ImageView view(img.data, img.width, img.height, ZXing::ImageFormat::Lum,
                                img.stride);
    std::vector<FoundCode> out;
    for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
        if (!r.isValid()) {
            continue;
        }
        const auto c = ZXing::Center(r.position());
        out.push_back({r.text(), c.x, c.y});
    }
    return out;
}

}  // namespace

std::vector<FoundCode> read_qr_codes(const GreyView& image) {
    if (image.data == nullptr || image.width <= 0 || image.height <= 0 ||
        image.stride < image.width) {
        return {};
    }
    for (auto b : {ZXing::Binarizer::LocalAverage, ZXing::Binarizer::GlobalHistogram,
                   ZXing::Binarizer::FixedThreshold}) {
        auto found = pass(image, b);
        if (!found.empty()) {
            return found;
        }
    }
    return {};
}

}  // namespace anjungan::printing
