// The preview path: PreviewGate judges every camera frame (downscaled), tracks the selfie's
// face between whole-frame scans, and says when to capture (good and still for stable_ms).
#include <algorithm>
#include <stdexcept>

#include "checks.hpp"
#include "measures.hpp"

namespace anjungan::vision {

using detail::check;
using detail::detect_faces;
using detail::has_eye;
using detail::min_face_px;
using detail::Mode;
using detail::score;
using detail::selfie_verdict;
using detail::to_bgr;

PreviewGate::PreviewGate(Kind kind, Thresholds t, const FaceModel* faces)
    : kind_(kind), t_(std::move(t)), faces_(faces) {}

void PreviewGate::reset() {
    last_.reset();
    stable_since_ms_ = -1;
    face_streak_ = 0;
    fired_ = false;
    tracked_.clear();
    frame_no_ = 0;
}

std::vector<cv::Rect> PreviewGate::track_faces(const cv::Mat& bgr) {
    const bool full_scan = tracked_.size() != 1 || frame_no_ % t_.face_full_scan_every == 0;
    ++frame_no_;
    if (full_scan) {
        std::vector<cv::Rect> confirmed;
        for (const auto& r :
             detect_faces(bgr, *faces_, cv::Rect(0, 0, bgr.cols, bgr.rows), t_.face_preview_width,
                          min_face_px(t_, t_.face_preview_width), 0, 1.2)) {
            // A face that continues a confirmed track keeps its confirmation.
            const bool known =
                std::any_of(tracked_.begin(), tracked_.end(), [&](const cv::Rect& k) {
                    return (k & r).area() > 0.3 * std::min(k.area(), r.area());
                });
            if (known || has_eye(bgr, r, *faces_)) {
                confirmed.push_back(r);
            }
        }
        tracked_ = confirmed;
        return tracked_;
    }
    // Look for the face near where it was, at a scale where it is about 60 px wide.
    const cv::Rect last = tracked_.front();
    const cv::Point c = (last.tl() + last.br()) / 2;
    const int half = static_cast<int>(last.width * 0.9);
    const cv::Rect area(c.x - half, c.y - half, 2 * half, 2 * half);
    const int width = static_cast<int>(2 * half * 60.0 / last.width);
    auto found = detect_faces(bgr, *faces_, area, width, 40, 90, 1.2, 3);
    if (found.empty()) {
        tracked_.clear();  // lost: the next frame scans the whole frame
        return {};
    }
    tracked_ = {*std::max_element(
        found.begin(), found.end(),
        [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); })};
    return tracked_;
}

PreviewGate::Step PreviewGate::process(const cv::Mat& frame, double t_ms) {
    Step step;
    // The preview measures the card at 30 % of its export size: cheap enough for every frame.
    if (kind_ == Kind::kSelfie) {
        if (faces_ == nullptr) {
            throw std::invalid_argument("a selfie preview needs the face model");
        }
        const cv::Mat bgr = to_bgr(frame);
        step.verdict = selfie_verdict(bgr, track_faces(bgr), t_);
    } else {
        step.verdict = check(kind_, frame, t_, faces_, Mode{t_.preview_width, 0.3, true});
    }
    Verdict& v = step.verdict;
    const double needed_iou = kind_ == Kind::kSelfie ? t_.face_stable_iou : t_.stable_iou;
    const bool same_place = v.corners && last_ && quad_iou(*v.corners, *last_) >= needed_iou;

    if (kind_ == Kind::kSelfie) {
        // One detection is not enough: the same face must persist for a few frames.
        const bool one_face = v.corners.has_value();
        face_streak_ = one_face ? (same_place || face_streak_ == 0 ? face_streak_ + 1 : 1) : 0;
        detail::set_metric(v, kMetricFaceConfirmations, static_cast<double>(face_streak_),
                           score(face_streak_, 0, t_.face_confirm_frames));
        if (one_face && face_streak_ < t_.face_confirm_frames) {
            v.reasons.insert(v.reasons.begin(), Reason::kNoFace);
        }
    }
    if (v.ok() && same_place) {
        if (stable_since_ms_ < 0) {
            stable_since_ms_ = t_ms;
        }
    } else {
        stable_since_ms_ = v.ok() ? t_ms : -1;
        fired_ = false;
    }
    last_ = v.corners;
    step.stable_for_ms = stable_since_ms_ < 0 ? 0 : t_ms - stable_since_ms_;
    step.progress = std::clamp(step.stable_for_ms / t_.stable_ms, 0.0, 1.0);
    if (step.progress >= 1.0 && !fired_) {
        step.capture = true;
        fired_ = true;
    }
    return step;
}

}  // namespace anjungan::vision
