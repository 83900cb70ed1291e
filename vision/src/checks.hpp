// What the checks share (private to vision/): the document sizes, how a path works (Mode), the
// image helpers, and each check's entry point. One source file per check:
//   document.cpp  finding the document (card or page quadrilateral), warping, rectify()
//   ktp.cpp       the KTP check
//   page.cpp      the page check (SK, application letter)
//   selfie.cpp    the face model, face detection and the selfie check
//   preview.cpp   the preview path (PreviewGate)
//   checks.cpp    the helpers below, the dispatch by kind and the capture path
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "anjungan/vision/gate.hpp"
#include "anjungan/vision/thresholds.hpp"
#include "anjungan/vision/verdict.hpp"

namespace anjungan::vision::detail {

// ---- document sizes ----------------------------------------------------------------------------
inline constexpr double kKtpAspect = 85.6 / 54.0;  // ID-1 card (ISO/IEC 7810)
inline constexpr double kA4Aspect = 297.0 / 210.0;
inline const cv::Size kKtpSize{1011, 638};      // 300 dpi
inline const cv::Size kA4Portrait{1654, 2339};  // 200 dpi
inline constexpr double kA4LongInches = 297.0 / 25.4;

// How one path works: the width it detects at and the scale of the rectified image it measures.
struct Mode {
    int detect_width;
    double measure_scale;  // 1 = the export size (1011 x 638 for the KTP)
    bool preview;
};

// ---- geometry ----------------------------------------------------------------------------------
double dist(cv::Point2f a, cv::Point2f b);
// Mean lengths of the long and short sides.
std::pair<double, double> sides(const Quad& q);
Quad scaled(const Quad& q, double f);

// ---- images ------------------------------------------------------------------------------------
cv::Mat to_grey(const cv::Mat& bgr);
cv::Mat to_bgr(const cv::Mat& img);
// Shrinks a grey image to `width`: halving with the image pyramid (cheap, and it low-passes),
// then linear scaling for the rest. Area resampling by odd factors costs ten times more.
cv::Mat shrink(const cv::Mat& grey, int width);

// ---- verdicts ----------------------------------------------------------------------------------
void set_metric(Verdict& v, std::string_view name, double raw, double score);
// The mean luminance's metric, and too_dark / too_bright.
void add_exposure(Verdict& v, double mean, const Thresholds& t);
// A verdict for an image the gate could not judge (see Verdict::assessed).
Verdict not_assessed(Kind kind, std::string why);

// ---- finding the document (document.cpp) -------------------------------------------------------
struct Found {
    Quad quad;  // in the searched image's pixels
    bool touches_border = false;
    bool whole_image = false;
};

struct Search {
    std::optional<Found> found;
    bool cut_candidate = false;  // a large document-like shape runs off the frame
};

// Detects a document of `aspect` (long / short side) at `width`; corners in `bgr`'s pixels.
Search locate(const cv::Mat& bgr, double aspect, double tolerance, int width, const Thresholds& t);
// The document inside `q` warped to `size` (its long side on the output's long side).
cv::Mat warp(const cv::Mat& bgr, const Quad& q, cv::Size size);

// ---- the checks
// ----------------------------------------------------------------------------------
Verdict check_ktp(const cv::Mat& bgr, const Thresholds& t, const Mode& mode);  // ktp.cpp
Verdict check_page(Kind kind, const cv::Mat& bgr, const Thresholds& t,
                   const Mode& mode);  // page.cpp

// selfie.cpp. Face boxes (in `bgr`'s pixels) found inside `area` after scaling it to `width`;
// unconfirmed.
std::vector<cv::Rect> detect_faces(const cv::Mat& bgr, const FaceModel& model, cv::Rect area,
                                   int width, int min_px, int max_px = 0, double step = 1.12,
                                   int neighbours = 4);
// A face cascade alone fires on textures: a face counts once an eye is found in its upper half.
bool has_eye(const cv::Mat& bgr, const cv::Rect& face, const FaceModel& model);
// The smallest face box searched for at `width`.
int min_face_px(const Thresholds& t, int width);
// The verdict on a selfie whose faces were found.
Verdict selfie_verdict(const cv::Mat& bgr, const std::vector<cv::Rect>& faces, const Thresholds& t);
// Finds and confirms the faces at `width`, then judges them; not assessed without a model.
Verdict check_selfie(const cv::Mat& bgr, const Thresholds& t, const FaceModel* model, int width);

// checks.cpp: the check for `kind`; an empty image is not assessed (and not_found). OpenCV
// errors are thrown (check_capture turns them into a verdict; the preview path throws them).
Verdict check(Kind kind, const cv::Mat& input, const Thresholds& t, const FaceModel* faces,
              const Mode& mode);

}  // namespace anjungan::vision::detail
