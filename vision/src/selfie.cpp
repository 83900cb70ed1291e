// The selfie: the face model (OpenCV cascades), face detection confirmed by an eye, and the
// selfie check (one face, large enough, centred, exposure and sharpness of the face).
#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "checks.hpp"
#include "measures.hpp"

namespace anjungan::vision {

struct FaceModel::Impl {
    cv::CascadeClassifier face, eye;
};

FaceModel::FaceModel(const std::string& face_xml, const std::string& eye_xml)
    : impl_(std::make_unique<Impl>()) {
    auto load = [](cv::CascadeClassifier& c, const std::string& xml, const char* what) {
        try {
            cv::FileStorage fs(xml, cv::FileStorage::READ | cv::FileStorage::MEMORY);
            if (!fs.isOpened() || !c.read(fs.getFirstTopLevelNode()) || c.empty()) {
                throw std::invalid_argument(std::string("not a cascade model: ") + what);
            }
        } catch (const cv::Exception& e) {
            throw std::invalid_argument(std::string("cannot read the ") + what +
                                        " model: " + e.what());
        }
    };
    load(impl_->face, face_xml, "face");
    load(impl_->eye, eye_xml, "eye");
}

FaceModel::~FaceModel() = default;

namespace detail {

// LBP or Haar cascades alike.
std::vector<cv::Rect> detect_faces(const cv::Mat& bgr, const FaceModel& model, cv::Rect area,
                                   int width, int min_px, int max_px, double step, int neighbours) {
    area &= cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (area.width < 8 || area.height < 8) {
        return {};
    }
    cv::Mat small = shrink(to_grey(bgr(area)), width);
    const double f = static_cast<double>(small.cols) / area.width;
    cv::equalizeHist(small, small);
    std::vector<cv::Rect> found;
    model.impl().face.detectMultiScale(small, found, step, neighbours, 0, cv::Size(min_px, min_px),
                                       max_px > 0 ? cv::Size(max_px, max_px) : cv::Size());
    std::vector<cv::Rect> out;
    for (const auto& r : found) {
        out.emplace_back(area.x + static_cast<int>(r.x / f), area.y + static_cast<int>(r.y / f),
                         static_cast<int>(r.width / f), static_cast<int>(r.height / f));
    }
    return out;
}

bool has_eye(const cv::Mat& bgr, const cv::Rect& face, const FaceModel& model) {
    const cv::Rect upper = cv::Rect(face.x, face.y + face.height / 8, face.width, face.height / 2) &
                           cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (upper.width < 8 || upper.height < 4) {
        return false;
    }
    cv::Mat roi;
    const double ef = 100.0 / upper.width;
    cv::resize(to_grey(bgr(upper)), roi, cv::Size(), ef, ef,
               ef < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::equalizeHist(roi, roi);
    std::vector<cv::Rect> eyes;
    model.impl().eye.detectMultiScale(roi, eyes, 1.1, 3, 0, cv::Size(10, 10), cv::Size(50, 50));
    return !eyes.empty();
}

int min_face_px(const Thresholds& t, int width) {
    // Faces down to half the minimum size are found, so that they can be called too small.
    return std::max(20, static_cast<int>(0.5 * t.face_min_width_fraction * width));
}

namespace {

std::vector<cv::Rect> confirmed_faces(const cv::Mat& bgr, const FaceModel& model,
                                      const Thresholds& t, int width) {
    std::vector<cv::Rect> out;
    const int w = std::min(width, bgr.cols);
    for (const auto& r : detect_faces(bgr, model, cv::Rect(0, 0, bgr.cols, bgr.rows), width,
                                      min_face_px(t, w), 0, 1.15)) {
        if (has_eye(bgr, r, model)) {
            out.push_back(r);
        }
    }
    return out;
}

}  // namespace

Verdict selfie_verdict(const cv::Mat& bgr, const std::vector<cv::Rect>& faces,
                       const Thresholds& t) {
    Verdict v;
    v.kind = Kind::kSelfie;
    set_metric(v, kMetricFaces, static_cast<double>(faces.size()), faces.size() == 1 ? 100.0 : 0.0);
    if (faces.empty()) {
        v.reasons.push_back(Reason::kNoFace);
        return v;
    }
    if (faces.size() > 1) {
        v.reasons.push_back(Reason::kMultipleFaces);
        return v;
    }
    const cv::Rect face = faces.front() & cv::Rect(0, 0, bgr.cols, bgr.rows);
    v.corners = Quad{cv::Point2f(static_cast<float>(face.x), static_cast<float>(face.y)),
                     {static_cast<float>(face.br().x), static_cast<float>(face.y)},
                     {static_cast<float>(face.br().x), static_cast<float>(face.br().y)},
                     {static_cast<float>(face.x), static_cast<float>(face.br().y)}};
    const double width_share = static_cast<double>(face.width) / bgr.cols;
    set_metric(v, kMetricFaceWidthShare, width_share,
               score(width_share, t.size_score_floor * t.face_min_width_fraction,
                     t.face_min_width_fraction));
    if (width_share < t.face_min_width_fraction) {
        v.reasons.push_back(Reason::kFaceTooSmall);
    }
    // A portrait frames the face a little above the middle.
    const double dx = std::abs((face.x + face.width / 2.0) / bgr.cols - 0.5);
    const double dy = std::abs((face.y + face.height / 2.0) / bgr.rows - 0.45);
    const double offset = std::max(dx, dy * 0.75);
    set_metric(v, kMetricFaceOffset, offset,
               score(offset, t.face_offset_score_factor * t.face_centre_tolerance, 0));
    if (offset > t.face_centre_tolerance) {
        v.reasons.push_back(Reason::kFaceOffCentre);
    }
    cv::Mat g;
    const double ef = std::min(1.0, 200.0 / face.width);  // the face measured at a fixed size
    cv::resize(to_grey(bgr(face)), g, cv::Size(), ef, ef, cv::INTER_AREA);
    add_exposure(v, cv::mean(g)[0], t);
    const double blur = detail::reblur(g);
    set_metric(v, kMetricBlur, blur, score(blur, t.face_blur_bad, t.face_blur_good));
    if (blur > t.face_blur_bad) {
        v.reasons.push_back(Reason::kBlur);
    }
    std::sort(v.reasons.begin(), v.reasons.end());
    return v;
}

Verdict check_selfie(const cv::Mat& bgr, const Thresholds& t, const FaceModel* model, int width) {
    if (model == nullptr) {
        return not_assessed(Kind::kSelfie, "a selfie check needs the face model");
    }
    return selfie_verdict(bgr, confirmed_faces(bgr, *model, t, width), t);
}

}  // namespace detail

}  // namespace anjungan::vision
