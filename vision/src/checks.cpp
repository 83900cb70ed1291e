// The helpers the checks share, the dispatch by kind, and the capture path (check_capture),
// which answers "not assessed" instead of throwing.
#include "checks.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <opencv2/imgproc.hpp>

#include "measures.hpp"

namespace anjungan::vision {

namespace detail {

double dist(cv::Point2f a, cv::Point2f b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

std::pair<double, double> sides(const Quad& q) {
    const double w = (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
    const double h = (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
    return {std::max(w, h), std::min(w, h)};
}

Quad scaled(const Quad& q, double f) {
    Quad out;
    for (int i = 0; i < 4; ++i) {
        out[i] = q[i] * static_cast<float>(f);
    }
    return out;
}

cv::Mat to_grey(const cv::Mat& bgr) {
    cv::Mat g;
    if (bgr.channels() == 1) {
        return bgr;
    }
    cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
    return g;
}

cv::Mat to_bgr(const cv::Mat& img) {
    if (img.channels() == 3) {
        return img;
    }
    cv::Mat out;
    cv::cvtColor(img, out, img.channels() == 4 ? cv::COLOR_BGRA2BGR : cv::COLOR_GRAY2BGR);
    return out;
}

cv::Mat shrink(const cv::Mat& grey, int width) {
    cv::Mat small = grey;
    while (small.cols >= 2 * width) {
        cv::pyrDown(small, small);
    }
    if (small.cols > width) {
        const double f = static_cast<double>(width) / small.cols;
        cv::resize(small, small, cv::Size(), f, f, cv::INTER_LINEAR);
    }
    return small;
}

void set_metric(Verdict& v, std::string_view name, double raw, double score) {
    v.metrics[std::string(name)] = {raw, score};
}

void add_exposure(Verdict& v, double mean, const Thresholds& t) {
    set_metric(
        v, kMetricBrightness, mean,
        std::min(score(mean, t.dark_mean - t.dark_score_below, t.dark_mean + t.dark_score_above),
                 score(mean, t.bright_mean + t.bright_score_above,
                       t.bright_mean - t.bright_score_below)));
    if (mean < t.dark_mean) {
        v.reasons.push_back(Reason::kTooDark);
    } else if (mean > t.bright_mean) {
        v.reasons.push_back(Reason::kTooBright);
    }
}

Verdict not_assessed(Kind kind, std::string why) {
    Verdict v;
    v.kind = kind;
    v.assessed = false;
    v.not_assessed_reason = std::move(why);
    return v;
}

Verdict check(Kind kind, const cv::Mat& input, const Thresholds& t, const FaceModel* faces,
              const Mode& mode) {
    if (input.empty()) {
        Verdict v = not_assessed(kind, "empty image");
        v.reasons.push_back(Reason::kNotFound);  // what an empty image has always answered
        return v;
    }
    const cv::Mat bgr = to_bgr(input);
    switch (kind) {
        case Kind::kKtp:
            return check_ktp(bgr, t, mode);
        case Kind::kSk:
        case Kind::kLetter:
            return check_page(kind, bgr, t, mode);
        case Kind::kSelfie:
            return check_selfie(bgr, t, faces,
                                mode.preview ? t.face_preview_width : t.face_capture_width);
    }
    return {};
}

}  // namespace detail

Verdict check_capture(Kind kind, const cv::Mat& bgr, const Thresholds& t, const FaceModel* faces) {
    try {
        return detail::check(kind, bgr, t, faces, detail::Mode{1024, 1.0, false});
    } catch (const std::exception& e) {
        // cv::Exception (a corrupt or unsupported image, say): the verdict carries its message.
        return detail::not_assessed(kind, e.what());
    }
}

}  // namespace anjungan::vision
