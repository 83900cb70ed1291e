// What the quality gate says about one image: the reasons it fails (a fixed vocabulary), the
// document's corners, and every measure's raw value and 0-100 score, so a screen can guide the
// person and a verifier can see why.
#pragma once

#include <array>
#include <map>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anjungan::vision {

// Stable codes: UIs, the office and tests depend on them. Order = guidance priority.
enum class Reason {
    kNotFound,
    kCropped,
    kTooSmall,
    kLowResolution,
    kNoFace,
    kMultipleFaces,
    kFaceTooSmall,
    kFaceOffCentre,
    kTooDark,
    kTooBright,
    kGlare,
    kBlur,
    kGreyscale,
};

std::string_view to_code(Reason r);  // "not_found", "cropped", ...

enum class Kind { kKtp, kSk, kLetter, kSelfie };
std::string_view to_code(Kind k);
std::optional<Kind> kind_from_code(std::string_view code);

// One measure: its raw value in its own unit and a 0-100 score (higher is better), mapped
// linearly between the measure's "bad" and "good" thresholds (see thresholds.hpp).
struct Metric {
    double raw = 0;
    double score = 0;
};

// The names of the measures in Verdict::metrics (stable: `anjungan check --json` reports them).
inline constexpr std::string_view kMetricBlur = "blur";  // re-blur ratio, 0 sharp .. 1 blurred
inline constexpr std::string_view kMetricBrightness = "brightness";        // mean luminance 0..255
inline constexpr std::string_view kMetricColourfulness = "colourfulness";  // Hasler-Suesstrunk
inline constexpr std::string_view kMetricGlareShare = "glare_share";       // share of the card
inline constexpr std::string_view kMetricGlareTextShare = "glare_text_share";  // of its text
inline constexpr std::string_view kMetricLongSidePx = "long_side_px";  // the card, in the still
inline constexpr std::string_view kMetricDpi = "dpi";                  // the page's resolution
inline constexpr std::string_view kMetricPaperLevel = "paper_level";   // 90th percentile
inline constexpr std::string_view kMetricInkLevel = "ink_level";       // 1st percentile
inline constexpr std::string_view kMetricFaces = "faces";              // confirmed faces found
inline constexpr std::string_view kMetricFaceWidthShare = "face_width_share";  // of the image
inline constexpr std::string_view kMetricFaceOffset = "face_offset";  // from where a face goes
inline constexpr std::string_view kMetricFaceConfirmations = "face_confirmations";  // preview

// Corners in the input image's pixels: top-left, top-right, bottom-right, bottom-left.
using Quad = std::array<cv::Point2f, 4>;

// A verdict is either an assessment (`assessed`, the usual case) or says that the gate could not
// judge the image at all: `assessed` false and `not_assessed_reason` saying why. check_capture
// never throws; it answers "not assessed" for
//   - an empty image: `reasons` is {kNotFound} as well, as it has always been for one, so code
//     that reads only the reasons keeps treating it as "nothing found";
//   - a selfie checked without a FaceModel, and any error inside OpenCV: `reasons` is empty
//     and `not_assessed_reason` is the message that used to be thrown (std::invalid_argument,
//     cv::Exception).
// A verdict that is not assessed has no corners and no metrics, and is never ok().
struct Verdict {
    Kind kind = Kind::kKtp;
    bool assessed = true;
    std::string not_assessed_reason;  // set when !assessed
    std::vector<Reason> reasons;      // empty: good (when assessed)
    std::optional<Quad> corners;      // the document, or the face box for a selfie
    std::map<std::string, Metric> metrics;
    bool ok() const { return assessed && reasons.empty(); }
    bool has(Reason r) const;
    // The reason to tell the person about first (reasons are kept in priority order).
    std::optional<Reason> first() const;
};

// Intersection over union of two convex quadrilaterals (0 when either is degenerate).
double quad_iou(const Quad& a, const Quad& b);

}  // namespace anjungan::vision
