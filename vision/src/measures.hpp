// Image measures shared by the checks (private to vision/). Whole-image OpenCV calls only.
#pragma once

#include <opencv2/core.hpp>

#include "anjungan/vision/verdict.hpp"

namespace anjungan::vision::detail {

// Re-blur ratio (Crete-Roffet, Dolmiere, Ladret, Nicolas 2007): how much of the image's
// gradient survives a 9-tap blur; 0 = sharp, 1 = as blurred as can be. Independent of content
// amount, since it is a ratio of gradient sums.
double reblur(const cv::Mat& grey);

// Hasler & Suesstrunk (2003) colourfulness: 0 for a grey image; ~15-40 for a blue KTP.
double colourfulness(const cv::Mat& bgr);

// Share of pixels whose darkest channel is at least `level` (white, specular highlights).
double specular_share(const cv::Mat& bgr, int level);

// Linear 0-100 score between a bad and a good value (either order).
double score(double raw, double bad, double good);

// Luminance percentiles of an 8-bit grey image (p in 0..1).
double percentile(const cv::Mat& grey, double p);

Quad order_corners(const std::vector<cv::Point2f>& pts);

}  // namespace anjungan::vision::detail
