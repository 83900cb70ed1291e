// The page check (SK, application letter): the page found (or a scan taken as the page),
// whole, at least page_min_dpi, then the paper and ink levels and the sharpness of the text.
#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "checks.hpp"
#include "measures.hpp"

namespace anjungan::vision::detail {

Verdict check_page(Kind kind, const cv::Mat& bgr, const Thresholds& t, const Mode& mode) {
    Verdict v;
    v.kind = kind;
    Search s = locate(bgr, kA4Aspect, t.page_aspect_tolerance, mode.detect_width, t);
    const double image_aspect = static_cast<double>(std::max(bgr.cols, bgr.rows)) /
                                std::max(1, std::min(bgr.cols, bgr.rows));
    // A 4:3 photo is only 6 % off A4's shape: scans are held to a tighter tolerance.
    const bool image_is_page = std::abs(image_aspect / kA4Aspect - 1) <= t.scan_aspect_tolerance;
    const double image_area = static_cast<double>(bgr.cols) * bgr.rows;
    const bool found_big =
        s.found && std::abs(cv::contourArea(std::vector<cv::Point2f>(
                       s.found->quad.begin(), s.found->quad.end()))) >= 0.25 * image_area;
    if (!found_big && image_is_page && !s.cut_candidate) {
        // A flatbed scan: the page is the whole image (its edges are the scan's).
        const float w = static_cast<float>(bgr.cols - 1), h = static_cast<float>(bgr.rows - 1);
        s.found = Found{Quad{cv::Point2f(0, 0), {w, 0}, {w, h}, {0, h}}, false, true};
    }
    if (!s.found) {
        v.reasons.push_back(s.cut_candidate ? Reason::kCropped : Reason::kNotFound);
        return v;
    }
    v.corners = s.found->quad;
    if (s.found->touches_border && !s.found->whole_image) {
        v.reasons.push_back(Reason::kCropped);
    }
    const double long_side = sides(*v.corners).first;
    const double dpi = long_side / kA4LongInches;
    set_metric(v, kMetricDpi, dpi, score(dpi, t.size_score_floor * t.page_min_dpi, t.page_min_dpi));
    if (dpi < t.page_min_dpi) {
        v.reasons.push_back(Reason::kLowResolution);
    }
    // Measure at the page's own resolution (at most 200 dpi): enlarging would fake blur.
    const double f = std::min(1.0, dpi / 200.0) * mode.measure_scale;
    const bool landscape =
        dist((*v.corners)[0], (*v.corners)[1]) > dist((*v.corners)[0], (*v.corners)[3]);
    cv::Size size(static_cast<int>(kA4Portrait.width * f),
                  static_cast<int>(kA4Portrait.height * f));
    if (landscape) {
        std::swap(size.width, size.height);
    }
    const cv::Mat grey = to_grey(warp(bgr, *v.corners, size));
    const double paper = detail::percentile(grey, 0.90);
    const double ink = detail::percentile(grey, 0.01);
    set_metric(v, kMetricPaperLevel, paper,
               score(paper, t.page_paper_dark - t.paper_score_span,
                     t.page_paper_dark + t.paper_score_span));
    set_metric(
        v, kMetricInkLevel, ink,
        score(ink, t.page_ink_bright + t.ink_score_above, t.page_ink_bright - t.ink_score_below));
    if (paper < t.page_paper_dark) {
        v.reasons.push_back(Reason::kTooDark);
    } else if (ink > t.page_ink_bright) {
        v.reasons.push_back(Reason::kTooBright);
    }
    // Blur on the text: the middle of the page, where the text is.
    const cv::Rect middle(size.width / 10, size.height / 8, size.width * 8 / 10,
                          size.height * 6 / 8);
    const double blur = detail::reblur(grey(middle));
    set_metric(v, kMetricBlur, blur, score(blur, t.page_blur_bad, t.page_blur_good));
    if (blur > t.page_blur_bad) {
        v.reasons.push_back(Reason::kBlur);
    }
    std::sort(v.reasons.begin(), v.reasons.end());
    return v;
}

}  // namespace anjungan::vision::detail
