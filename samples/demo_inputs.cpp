#include "demo_inputs.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "fixtures.hpp"

namespace anjungan::test {

namespace {

void write(const std::filesystem::path& file, const cv::Mat& image) {
    std::filesystem::create_directories(file.parent_path());
    // Written under a temporary name and renamed, so an interrupted demo never leaves half a
    // file that the simulated devices would then play.
    const auto tmp = file.parent_path() / (".tmp-" + file.filename().string());
    if (!cv::imwrite(tmp.string(), image)) {
        throw std::runtime_error("cannot write " + tmp.string());
    }
    std::filesystem::rename(tmp, file);
}

}  // namespace

DemoInputs write_demo_inputs(const std::filesystem::path& dir, DemoQuality quality) {
    DemoInputs in{dir / "camera", dir / "scanner"};
    const auto ktp = in.camera / "ktp" / "frame-001.png";
    if (!std::filesystem::exists(ktp)) {
        cv::Mat frame = ktp_frame({1920, 1080}, 3);
        if (quality == DemoQuality::kBlurryKtp) {
            cv::GaussianBlur(frame, frame, cv::Size(0, 0), 6.0);
        }
        write(ktp, frame);
    }
    // The status lookup's phase: the empty tray until a receipt is shown.
    const auto tray = in.camera / "qr" / "frame-001.png";
    if (!std::filesystem::exists(tray)) {
        cv::Mat frame = ktp_frame({1280, 720}, 3);
        frame.setTo(cv::Scalar(40, 44, 48));
        write(tray, frame);
    }
    const auto selfie = in.camera / "selfie" / "frame-001.png";
    if (!std::filesystem::exists(selfie)) {
        write(selfie, selfie_frame({1280, 720}, 1));
    }
    const struct {
        const char* name;
        unsigned seed;
    } pages[] = {{"sk/page-1.png", 11}, {"sk/page-2.png", 12}, {"letter/page-1.png", 13}};
    for (const auto& p : pages) {
        const auto file = in.scanner / p.name;
        if (!std::filesystem::exists(file)) {
            write(file, synthetic_page(p.seed));
        }
    }
    return in;
}

}  // namespace anjungan::test
