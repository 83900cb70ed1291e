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
std::optional<Reason> reason_from_code(std::string_view code);
std::vector<Reason> all_reasons();

enum class Kind { kKtp, kSk, kLetter, kSelfie };
std::string_view to_code(Kind k);
std::optional<Kind> kind_from_code(std::string_view code);

// One measure: its raw value in its own unit and a 0-100 score (higher is better), mapped
// linearly between the measure's "bad" and "good" thresholds (see thresholds.hpp).
struct Metric {
    double raw = 0;
    double score = 0;
};

// Corners in the input image's pixels: top-left, top-right, bottom-right, bottom-left.
using Quad = std::array<cv::Point2f, 4>;

struct Verdict {
    Kind kind = Kind::kKtp;
    std::vector<Reason> reasons;  // empty: good
    std::optional<Quad> corners;  // the document, or the face box for a selfie
    std::map<std::string, Metric> metrics;
    bool ok() const { return reasons.empty(); }
    bool has(Reason r) const;
    // The reason to tell the person about first (reasons are kept in priority order).
    std::optional<Reason> first() const;
};

// Intersection over union of two convex quadrilaterals (0 when either is degenerate).
double quad_iou(const Quad& a, const Quad& b);

}  // namespace anjungan::vision
