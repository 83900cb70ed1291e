// QR codes in camera frames and image files, read with ZXing-cpp 1.4, with repair passes for
// damaged thermal prints (see qr_reader.hpp for what each pass undoes and why).
#define ZX_USE_UTF8 1
#include "anjungan/drivers/qr_reader.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace anjungan::drivers {

namespace {

// [SECTION] Grey images and ZXing ------------------------------------------------------------

// An 8-bit grey view of `image` (shared when it already is one); empty when it cannot be.
cv::Mat grey_of(const cv::Mat& image) {
    if (image.empty() || image.dims != 2) {
        return {};
    }
    cv::Mat m = image;
    if (m.depth() != CV_8U) {
        image.convertTo(m, CV_8U);
    }
    cv::Mat grey;
    switch (m.channels()) {
        case 1:
            grey = m;
            break;
        case 3:
            cv::cvtColor(m, grey, cv::COLOR_BGR2GRAY);
            break;
        case 4:
            cv::cvtColor(m, grey, cv::COLOR_BGRA2GRAY);
            break;
        default:
            return {};
    }
    return grey;
}

// One ZXing read of an 8-bit grey image; positions divided by `scale` (the pass's resize).
std::vector<QrCode> zxing_read(const cv::Mat& grey, ZXing::Binarizer binarizer, bool downscale,
                               double scale = 1.0) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    hints.setTryDownscale(downscale);
    hints.setBinarizer(binarizer);
    const ZXing::ImageView view(grey.data, grey.cols, grey.rows, ZXing::ImageFormat::Lum,
                                static_cast<int>(grey.step[0]));
    std::vector<QrCode> out;
    for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
        if (!r.isValid()) {
            continue;
        }
        const auto& pos = r.position();
        const auto c = ZXing::Center(pos);
        const double side =
            std::hypot(pos.topRight().x - pos.topLeft().x, pos.topRight().y - pos.topLeft().y);
        out.push_back({r.text(), static_cast<int>(std::lround(c.x / scale)),
                       static_cast<int>(std::lround(c.y / scale)),
                       static_cast<int>(std::lround(side / scale))});
    }
    return out;
}

std::vector<QrCode> direct_read(const cv::Mat& grey, bool every_binarizer) {
    auto found = zxing_read(grey, ZXing::Binarizer::LocalAverage, true);
    if (!found.empty() || !every_binarizer) {
        return found;
    }
    for (auto b : {ZXing::Binarizer::GlobalHistogram, ZXing::Binarizer::FixedThreshold}) {
        found = zxing_read(grey, b, true);
        if (!found.empty()) {
            return found;
        }
    }
    return found;
}

// [SECTION] Repair passes --------------------------------------------------------------------

// A grey opening: the dark modules grow back over white lines narrower than `k`.
cv::Mat opened(const cv::Mat& grey, cv::Size k) {
    cv::Mat out;
    cv::morphologyEx(grey, out, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, k));
    return out;
}

std::vector<QrCode> repair_pass(const cv::Mat& grey, std::size_t pass) {
    switch (pass) {
        case 0:  // dead dots of a receipt held upright or upside down: vertical white lines
            return zxing_read(opened(grey, {3, 1}), ZXing::Binarizer::LocalAverage, true);
        case 1:  // a receipt turned 90 degrees: the lines are horizontal
            return zxing_read(opened(grey, {1, 3}), ZXing::Binarizer::LocalAverage, true);
        case 2:  // at any angle
            return zxing_read(opened(grey, {3, 3}), ZXing::Binarizer::LocalAverage, true);
        case 3:  // two dead dots side by side, or a scan at a higher resolution than the print
            return zxing_read(opened(grey, {5, 1}), ZXing::Binarizer::LocalAverage, true);
        case 4:
            return zxing_read(opened(grey, {1, 5}), ZXing::Binarizer::LocalAverage, true);
        case 5: {  // a small code in a camera frame: lines under a pixel wide, 3-pixel modules
            if (grey.total() > 1600u * 1200u) {
                return {};  // large enough already; doubling it would cost 4x for nothing
            }
            cv::Mat up;
            cv::resize(grey, up, {}, 2, 2, cv::INTER_CUBIC);
            return zxing_read(opened(up, {5, 5}), ZXing::Binarizer::LocalAverage, false, 2.0);
        }
        case 6: {  // paper grain that fools the local binariser: one global threshold
            cv::Mat smooth, binary;
            cv::GaussianBlur(grey, smooth, {0, 0}, 1.0);
            cv::threshold(smooth, binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
            auto found = zxing_read(binary, ZXing::Binarizer::FixedThreshold, true);
            if (found.empty()) {
                found = zxing_read(opened(binary, {3, 3}), ZXing::Binarizer::FixedThreshold, true);
            }
            return found;
        }
        default:
            return {};
    }
}

constexpr std::size_t kRepairPasses = 7;

// Adds the codes of `more` that `all` does not hold yet: another text, or the same text
// elsewhere (further than half a code's side: another copy of it).
void add_new(std::vector<QrCode>& all, std::vector<QrCode> more) {
    for (auto& m : more) {
        const bool known = std::any_of(all.begin(), all.end(), [&m](const QrCode& a) {
            const double reach = std::max(8.0, std::max(a.side, m.side) / 2.0);
            return a.text == m.text && std::hypot(a.x - m.x, a.y - m.y) <= reach;
        });
        if (!known) {
            all.push_back(std::move(m));
        }
    }
}

void sort_by_position(std::vector<QrCode>& codes) {
    std::sort(codes.begin(), codes.end(), [](const QrCode& a, const QrCode& b) {
        if (a.y != b.y) {
            return a.y < b.y;
        }
        if (a.x != b.x) {
            return a.x < b.x;
        }
        return a.text < b.text;
    });
}

}  // namespace

std::size_t qr_repair_passes() {
    return kRepairPasses;
}

std::vector<QrCode> find_qr_codes(const cv::Mat& image) {
    try {
        const cv::Mat grey = grey_of(image);
        if (grey.empty()) {
            return {};
        }
        auto found = direct_read(grey, true);
        for (std::size_t p = 0; p < kRepairPasses; ++p) {
            add_new(found, repair_pass(grey, p));
        }
        sort_by_position(found);
        return found;
    } catch (const std::exception&) {
        return {};  // an image that cannot be read has no codes; never throw to the caller
    }
}

std::vector<QrCode> QrFrameReader::read(const cv::Mat& frame) {
    try {
        const cv::Mat grey = grey_of(frame);
        if (grey.empty()) {
            return {};
        }
        auto found = direct_read(grey, false);
        if (found.empty()) {
            found = repair_pass(grey, next_pass_);
            next_pass_ = (next_pass_ + 1) % kRepairPasses;
        }
        sort_by_position(found);
        return found;
    } catch (const std::exception&) {
        return {};
    }
}

std::vector<std::string> read_qr_codes(const cv::Mat& frame) {
    std::vector<std::string> out;
    try {
        const cv::Mat grey = grey_of(frame);
        if (grey.empty()) {
            return out;
        }
        for (auto& c : zxing_read(grey, ZXing::Binarizer::LocalAverage, false)) {
            out.push_back(std::move(c.text));
        }
    } catch (const std::exception&) {
        out.clear();
    }
    return out;
}

}  // namespace anjungan::drivers
