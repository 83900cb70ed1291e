// QR codes in camera frames, read with ZXing-cpp 1.4.
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <opencv2/imgproc.hpp>

#include "anjungan/drivers/camera.hpp"

namespace anjungan::drivers {

std::vector<std::string> read_qr_codes(const cv::Mat& frame) {
    std::vector<std::string> out;
    if (frame.empty() || frame.dims != 2) {
        return out;
    }
    try {
        cv::Mat m = frame;
        if (m.depth() != CV_8U) {
            frame.convertTo(m, CV_8U);
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
                return out;
        }
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        hints.setTryHarder(true);
        hints.setTryRotate(true);
        const ZXing::ImageView view(grey.data, grey.cols, grey.rows, ZXing::ImageFormat::Lum,
                                    static_cast<int>(grey.step[0]));
        for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
            if (r.isValid()) {
                out.push_back(r.text());
            }
        }
    } catch (const std::exception&) {
        out.clear();  // a frame that cannot be read has no codes; never throw to the caller
    }
    return out;
}

}  // namespace anjungan::drivers
