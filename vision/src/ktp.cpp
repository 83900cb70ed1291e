// The KTP check: found, whole, large enough, then exposure, glare, sharpness and colour on the
// rectified card.
#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "checks.hpp"
#include "measures.hpp"

namespace anjungan::vision::detail {

Verdict check_ktp(const cv::Mat& bgr, const Thresholds& t, const Mode& mode) {
    Verdict v;
    v.kind = Kind::kKtp;
    const Search s = locate(bgr, kKtpAspect, t.ktp_aspect_tolerance, mode.detect_width, t);
    if (!s.found) {
        v.reasons.push_back(s.cut_candidate ? Reason::kCropped : Reason::kNotFound);
        return v;
    }
    v.corners = s.found->quad;
    if (s.found->touches_border) {
        v.reasons.push_back(Reason::kCropped);
    }
    // On the preview path, the size the card will have in the still that is captured.
    const double still_scale =
        mode.preview && t.capture_width > 0 ? t.capture_width / bgr.cols : 1.0;
    const double long_side = sides(*v.corners).first * still_scale;
    set_metric(
        v, kMetricLongSidePx, long_side,
        score(long_side, t.size_score_floor * t.ktp_min_long_side_px, t.ktp_min_long_side_px));
    if (long_side < t.ktp_min_long_side_px) {
        v.reasons.push_back(Reason::kTooSmall);
    }
    const cv::Size size(static_cast<int>(kKtpSize.width * mode.measure_scale),
                        static_cast<int>(kKtpSize.height * mode.measure_scale));
    const cv::Mat card = warp(bgr, *v.corners, size);
    const cv::Mat grey = to_grey(card);
    add_exposure(v, cv::mean(grey)[0], t);

    const double glare = detail::specular_share(card, t.glare_level);
    const cv::Rect text_zone(0, size.height * 22 / 100, size.width * 65 / 100,
                             size.height * 78 / 100);
    const double glare_text = detail::specular_share(card(text_zone), t.glare_level);
    set_metric(v, kMetricGlareShare, glare, score(glare, t.glare_area_bad, 0));
    set_metric(v, kMetricGlareTextShare, glare_text, score(glare_text, t.glare_text_area_bad, 0));
    if (glare > t.glare_area_bad || glare_text > t.glare_text_area_bad) {
        v.reasons.push_back(Reason::kGlare);
    }

    const double blur = detail::reblur(grey);
    set_metric(v, kMetricBlur, blur, score(blur, t.ktp_blur_bad, t.ktp_blur_good));
    if (blur > t.ktp_blur_bad) {
        v.reasons.push_back(Reason::kBlur);
    }

    const double colour = detail::colourfulness(card);
    set_metric(v, kMetricColourfulness, colour,
               score(colour, 0, t.colourfulness_score_factor * t.colourfulness_min));
    if (colour < t.colourfulness_min) {
        v.reasons.push_back(Reason::kGreyscale);
    }
    std::sort(v.reasons.begin(), v.reasons.end());
    return v;
}

}  // namespace anjungan::vision::detail
