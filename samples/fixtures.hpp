// Labelled image fixtures for the quality gate, generated deterministically: a synthetic
// KTP-like card and A4 page, warped onto real textures (Debian's opencv-doc and
// python3-skimage), with controlled blur, glare, exposure, greyscale, crop and distance; and
// selfies made from a real face photo (skimage's astronaut) placed on real backgrounds.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "anjungan/vision/gate.hpp"
#include "anjungan/vision/verdict.hpp"

namespace anjungan::test {

struct Fixture {
    std::string name;  // e.g. "ktp/blur/3"
    vision::Kind kind = vision::Kind::kKtp;
    cv::Mat image;                           // BGR
    std::optional<vision::Reason> expected;  // the defect put in; nothing for a good capture
    std::optional<vision::Quad> truth;       // the document's true corners, when it is whole
};

// Folders of the real images (Debian packages opencv-doc and python3-skimage).
std::string opencv_samples_dir();
std::string skimage_data_dir();

// The synthetic card at 300 dpi (1011 x 638) and page at 200 dpi (1654 x 2339).
cv::Mat synthetic_ktp(unsigned seed);
cv::Mat synthetic_page(unsigned seed);

// The labelled set: per_case images for each condition of each kind.
std::vector<Fixture> labelled_set(int per_case = 7);

// The face model from Debian's opencv-data (ANJUNGAN_OPENCV_DATA_DIR), loaded once.
const vision::FaceModel& face_model();

// One good 720p / 1080p camera frame with a card, and a selfie frame, for benchmarks.
cv::Mat ktp_frame(cv::Size size, unsigned seed = 1);
cv::Mat selfie_frame(cv::Size size, unsigned seed = 1);

}  // namespace anjungan::test
