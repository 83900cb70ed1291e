// The quality gate: the preview path (every camera frame, on a downscaled copy) and the capture
// path (once, at full resolution), for the KTP, SK and letter pages, and the selfie.
// Frames in, verdicts out: no device, file, clock or network here. Times are passed in.
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>
#include <optional>
#include <string>

#include "anjungan/vision/thresholds.hpp"
#include "anjungan/vision/verdict.hpp"

namespace anjungan::vision {

// The face detector's models, given as the text of OpenCV cascade XML files (the caller reads
// them, e.g. from /usr/share/opencv4/haarcascades of Debian's opencv-data): a frontal-face
// cascade, and an eye cascade that confirms each face.
class FaceModel {
  public:
    // Throws std::invalid_argument when either model cannot be parsed.
    FaceModel(const std::string& face_cascade_xml, const std::string& eye_cascade_xml);
    ~FaceModel();
    FaceModel(const FaceModel&) = delete;
    FaceModel& operator=(const FaceModel&) = delete;

    struct Impl;
    Impl& impl() const { return *impl_; }

  private:
    std::unique_ptr<Impl> impl_;
};

// Capture path: checks one full-resolution still or scan. `faces` is needed for kSelfie.
// Never throws: an empty image, a selfie without `faces` or an error inside OpenCV give a
// verdict that is not assessed (Verdict::assessed, not_assessed_reason).
Verdict check_capture(Kind kind, const cv::Mat& bgr, const Thresholds& t,
                      const FaceModel* faces = nullptr);

// Rectifies the document inside `corners` (in `bgr`'s pixels): the KTP to 1011 x 638 px
// (300 dpi), a page to A4 at 200 dpi (1654 x 2339 px, or landscape when wider than tall).
cv::Mat rectify(Kind kind, const cv::Mat& bgr, const Quad& corners);

// Finds the document (KTP or page) in `bgr` without judging it; nothing when none is found.
std::optional<Quad> find_document(Kind kind, const cv::Mat& bgr, const Thresholds& t);

// Preview path for one kind of capture: feed it every camera frame with its time; it answers
// the verdict for the frame and whether to capture now (good and still for stable_ms).
class PreviewGate {
  public:
    PreviewGate(Kind kind, Thresholds t, const FaceModel* faces = nullptr);

    struct Step {
        Verdict verdict;
        double stable_for_ms = 0;  // how long the verdict has been good and the target still
        double progress = 0;       // stable_for_ms / stable_ms, 0..1 (for a countdown ring)
        bool capture = false;      // true once, when progress reaches 1
    };
    Step process(const cv::Mat& bgr_frame, double t_ms);
    void reset();

  private:
    Kind kind_;
    Thresholds t_;
    const FaceModel* faces_;
    std::optional<Quad> last_;
    double stable_since_ms_ = -1;
    int face_streak_ = 0;
    bool fired_ = false;
    // Selfie tracking: the face found last, searched for near where it was; the whole frame is
    // scanned again every face_full_scan_every frames, or when the face is lost.
    std::vector<cv::Rect> tracked_;
    int frame_no_ = 0;
    std::vector<cv::Rect> track_faces(const cv::Mat& bgr);
};

}  // namespace anjungan::vision
