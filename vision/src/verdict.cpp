#include "anjungan/vision/verdict.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace anjungan::vision {

namespace {
constexpr std::array<std::pair<Reason, std::string_view>, 13> kReasons{{
    {Reason::kNotFound, "not_found"},
    {Reason::kCropped, "cropped"},
    {Reason::kTooSmall, "too_small"},
    {Reason::kLowResolution, "low_resolution"},
    {Reason::kNoFace, "no_face"},
    {Reason::kMultipleFaces, "multiple_faces"},
    {Reason::kFaceTooSmall, "face_too_small"},
    {Reason::kFaceOffCentre, "face_off_centre"},
    {Reason::kTooDark, "too_dark"},
    {Reason::kTooBright, "too_bright"},
    {Reason::kGlare, "glare"},
    {Reason::kBlur, "blur"},
    {Reason::kGreyscale, "greyscale"},
}};
}  // namespace

std::string_view to_code(Reason r) {
    for (const auto& [reason, code] : kReasons) {
        if (reason == r) {
            return code;
        }
    }
    return "?";
}

std::string_view to_code(Kind k) {
    switch (k) {
        case Kind::kKtp:
            return "ktp";
        case Kind::kSk:
            return "sk";
        case Kind::kLetter:
            return "letter";
        case Kind::kSelfie:
            return "selfie";
    }
    return "?";
}

std::optional<Kind> kind_from_code(std::string_view code) {
    for (auto k : {Kind::kKtp, Kind::kSk, Kind::kLetter, Kind::kSelfie}) {
        if (to_code(k) == code) {
            return k;
        }
    }
    return std::nullopt;
}

bool Verdict::has(Reason r) const {
    return std::find(reasons.begin(), reasons.end(), r) != reasons.end();
}

std::optional<Reason> Verdict::first() const {
    if (reasons.empty()) {
        return std::nullopt;
    }
    return *std::min_element(reasons.begin(), reasons.end());
}

double quad_iou(const Quad& a, const Quad& b) {
    const std::vector<cv::Point2f> pa(a.begin(), a.end()), pb(b.begin(), b.end());
    const double area_a = std::abs(cv::contourArea(pa));
    const double area_b = std::abs(cv::contourArea(pb));
    if (area_a <= 0 || area_b <= 0 || !cv::isContourConvex(pa) || !cv::isContourConvex(pb)) {
        return 0;
    }
    std::vector<cv::Point2f> inter;
    const double i = cv::intersectConvexConvex(pa, pb, inter, true);
    return i / (area_a + area_b - i);
}

}  // namespace anjungan::vision
