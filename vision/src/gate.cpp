// [SECTION] Finding a document: contours first, fitted lines as the fallback
// [SECTION] KTP
// [SECTION] Pages (SK, application letter)
// [SECTION] Selfie
// [SECTION] Capture path, rectification, preview path
#include "anjungan/vision/gate.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "measures.hpp"

namespace anjungan::vision {

using detail::order_corners;
using detail::score;

namespace {

constexpr double kKtpAspect = 85.6 / 54.0;
constexpr double kA4Aspect = 297.0 / 210.0;
const cv::Size kKtpSize{1011, 638};      // 300 dpi
const cv::Size kA4Portrait{1654, 2339};  // 200 dpi
constexpr double kA4LongInches = 297.0 / 25.4;

// How one path works: the width it detects at and the scale of the rectified image it measures.
struct Mode {
    int detect_width;
    double measure_scale;  // 1 = the export size (1011 x 638 for the KTP)
    bool preview;
};

double dist(cv::Point2f a, cv::Point2f b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

// Mean lengths of the long and short sides.
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

// [SECTION] Finding a document: contours first, fitted lines as the fallback ---------------

// Fits a line to each of four sides' points (in order around the shape) and returns where
// neighbouring lines meet, ordered; nothing when a side has too few points or two neighbouring
// sides are parallel.
std::optional<Quad> corners_of_sides(const std::array<std::vector<cv::Point2f>, 4>& sides_pts) {
    std::array<cv::Vec4f, 4> lines;
    for (std::size_t i = 0; i < 4; ++i) {
        if (sides_pts[i].size() < 5) {
            return std::nullopt;
        }
        cv::fitLine(sides_pts[i], lines[i], cv::DIST_HUBER, 0, 0.01, 0.01);
    }
    std::vector<cv::Point2f> corners;
    for (std::size_t i = 0; i < 4; ++i) {
        const cv::Vec4f& l1 = lines[i];
        const cv::Vec4f& l2 = lines[(i + 1) % 4];
        const double det = l1[0] * l2[1] - l1[1] * l2[0];
        if (std::abs(det) < 1e-3) {
            return std::nullopt;
        }
        const double t = ((l2[2] - l1[2]) * l2[1] - (l2[3] - l1[3]) * l2[0]) / det;
        corners.emplace_back(static_cast<float>(l1[2] + t * l1[0]),
                             static_cast<float>(l1[3] + t * l1[1]));
    }
    return order_corners(corners);
}

// The line-based fallback, for rounded corners, a finger over a corner or a ragged contour:
// the contour's points are split among the four sides of its minimum-area rectangle, a line
// is fitted to each side, and the corners are where neighbouring lines meet.
std::optional<Quad> quad_from_lines(const std::vector<cv::Point>& contour) {
    const cv::RotatedRect r = cv::minAreaRect(contour);
    cv::Point2f box[4];
    r.points(box);
    std::array<std::vector<cv::Point2f>, 4> groups;
    for (const auto& p : contour) {
        int best = 0;
        double best_d = 1e18;
        for (int i = 0; i < 4; ++i) {
            const cv::Point2f a = box[i], b = box[(i + 1) % 4];
            const cv::Point2f ab = b - a;
            const double len = std::max(1e-6, static_cast<double>(std::hypot(ab.x, ab.y)));
            const double d = std::abs(ab.x * (a.y - static_cast<float>(p.y)) -
                                      ab.y * (a.x - static_cast<float>(p.x))) /
                             len;
            if (d < best_d) {
                best_d = d;
                best = i;
            }
        }
        groups[static_cast<std::size_t>(best)].emplace_back(static_cast<float>(p.x),
                                                            static_cast<float>(p.y));
    }
    return corners_of_sides(groups);
}

struct Found {
    Quad quad;  // in the searched image's pixels
    bool touches_border = false;
    bool whole_image = false;
};

struct Search {
    std::optional<Found> found;
    bool cut_candidate = false;  // a large document-like shape runs off the frame
};

// Share of the quad's outline that runs along an edge: 1 for a real document's border, low for
// a quadrilateral that only happens to join unrelated edges. Corners are skipped (rounded).
double edge_support(const cv::Mat& edges, const Quad& q) {
    int on = 0, total = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const cv::Point2f a = q[i], b = q[(i + 1) % 4];
        const int n = std::max(10, static_cast<int>(dist(a, b) / 4));
        for (int k = n / 10; k <= n - n / 10; ++k) {
            const cv::Point2f p = a + (b - a) * (static_cast<float>(k) / static_cast<float>(n));
            const int x = static_cast<int>(p.x), y = static_cast<int>(p.y);
            ++total;
            if (x >= 3 && y >= 3 && x < edges.cols - 3 && y < edges.rows - 3 &&
                cv::countNonZero(edges(cv::Rect(x - 2, y - 2, 5, 5))) > 0) {
                ++on;
            }
        }
    }
    return total ? static_cast<double>(on) / total : 0;
}

// Corner refinement with fitted lines: rounded card corners pull approxPolyDP's corners inward,
// so each side's line is fitted to the contour points along its straight middle part (away
// from the corners), and the corners are where neighbouring lines meet.
std::optional<Quad> refine_with_lines(const std::vector<cv::Point>& contour, const Quad& q) {
    std::array<std::vector<cv::Point2f>, 4> groups;
    for (const auto& pi : contour) {
        const cv::Point2f p(static_cast<float>(pi.x), static_cast<float>(pi.y));
        for (std::size_t i = 0; i < 4; ++i) {
            const cv::Point2f a = q[i], b = q[(i + 1) % 4];
            const cv::Point2f ab = b - a;
            const double len2 = ab.dot(ab);
            if (len2 < 1) {
                return std::nullopt;
            }
            const double along = (p - a).dot(ab) / len2;
            const double off = std::abs(ab.x * (p.y - a.y) - ab.y * (p.x - a.x)) / std::sqrt(len2);
            if (along > 0.15 && along < 0.85 && off < 0.04 * std::sqrt(len2) + 3) {
                groups[i].push_back(p);
            }
        }
    }
    const auto fitted = corners_of_sides(groups);
    if (!fitted) {
        return std::nullopt;
    }
    const Quad refined = *fitted;
    for (std::size_t i = 0; i < 4; ++i) {
        if (dist(refined[i], q[i]) > 0.1 * dist(q[0], q[2])) {
            return std::nullopt;  // the lines went astray: keep the first estimate
        }
    }
    return refined;
}

Search find_quad(const cv::Mat& grey, double aspect, double tolerance, const Thresholds& t) {
    Search s;
    cv::Mat blurred, edges;
    cv::GaussianBlur(grey, blurred, cv::Size(3, 3), 0);
    // Fixed thresholds on the smoothed image: intensity-based automatic ones fail on washed-out
    // or dark frames, where the card's edge is the strongest there is but still weak.
    cv::Canny(blurred, edges, 20, 60);
    cv::dilate(edges, edges, cv::Mat(), cv::Point(-1, -1), 1);
    // The frame's edge closes the outline of a document that runs off it.
    cv::rectangle(edges, cv::Rect(0, 0, edges.cols, edges.rows), 255, 1);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(edges, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);

    const double frame_area = static_cast<double>(grey.rows) * grey.cols;
    const double margin = std::max(2.0, t.border_margin_fraction * grey.cols);
    auto near_border = [&](cv::Point2f p) {
        return p.x <= margin || p.y <= margin ||
               p.x >= static_cast<float>(grey.cols - 1) - margin ||
               p.y >= static_cast<float>(grey.rows - 1) - margin;
    };
    double best_score = 0;
    for (const auto& c : contours) {
        if (c.size() < 4 || cv::boundingRect(c).area() < t.min_area_fraction * frame_area) {
            continue;
        }
        std::vector<cv::Point> hull;
        cv::convexHull(c, hull);
        const double hull_area = cv::contourArea(hull);
        if (hull_area < t.min_area_fraction * frame_area) {
            continue;
        }
        std::vector<cv::Point> approx;
        cv::approxPolyDP(hull, approx, 0.02 * cv::arcLength(hull, true), true);
        std::optional<Quad> q;
        if (approx.size() == 4 && cv::isContourConvex(approx)) {
            q = order_corners({approx[0], approx[1], approx[2], approx[3]});
        } else if (approx.size() >= 4 && approx.size() <= 8) {
            q = quad_from_lines(hull);
        }
        const int hull_on_border = static_cast<int>(std::count_if(
            approx.begin(), approx.end(), [&](const cv::Point& p) { return near_border(p); }));
        if (!q) {
            continue;
        }
        // Only shapes roughly like the document are worth refining (most contours are texture).
        const auto [rough_long, rough_short] = sides(*q);
        const bool roughly =
            rough_short > 0 && std::abs(rough_long / rough_short / aspect - 1) <= 1.5 * tolerance;
        if (roughly) {
            if (const auto refined = refine_with_lines(c, *q)) {
                q = refined;
            }
        }
        const bool at_border = std::any_of(q->begin(), q->end(), near_border);
        const auto [long_side, short_side] = sides(*q);
        const double ratio = short_side > 0 ? long_side / short_side : 0;
        const std::vector<cv::Point2f> poly(q->begin(), q->end());
        const double area = std::abs(cv::contourArea(poly));
        const bool fills_frame = area > 0.85 * frame_area;
        if (std::abs(ratio / aspect - 1) > tolerance || !cv::isContourConvex(poly) || fills_frame) {
            // A document cut by the frame edge no longer has the document's shape: a large,
            // solid shape with two corners on the frame's edge and its other sides on edges.
            if (hull_on_border >= 2 && !fills_frame &&
                hull_area > 3 * t.min_area_fraction * frame_area &&
                cv::contourArea(c) > 0.85 * hull_area && approx.size() <= 6) {
                s.cut_candidate = true;
            }
            continue;
        }
        const double support = edge_support(edges, *q);
        if (support < 0.6) {
            continue;
        }
        const double candidate_score = area * support * support;
        if (candidate_score > best_score) {
            best_score = candidate_score;
            s.found = Found{*q, at_border, false};
        }
    }
    return s;
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

// Shrinks a grey image to `width`: halving with the image pyramid (cheap, and it low-passes),
// then linear scaling for the rest. Area resampling by odd factors costs ten times more.
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

// Detects at `width` and returns corners in `bgr`'s pixels.
Search locate(const cv::Mat& bgr, double aspect, double tolerance, int width, const Thresholds& t) {
    // The green channel stands in for luminance when looking for edges: a third of the work
    // of a colour conversion, and the card's edge is as clear in it.
    cv::Mat grey;
    if (bgr.channels() == 3) {
        cv::extractChannel(bgr, grey, 1);
    } else {
        grey = bgr;
    }
    const cv::Mat small = shrink(grey, width);
    const double f = static_cast<double>(small.cols) / bgr.cols;
    Search s = find_quad(small, aspect, tolerance, t);
    if (s.found) {
        s.found->quad = scaled(s.found->quad, 1.0 / f);
    }
    return s;
}

cv::Mat warp(const cv::Mat& bgr, const Quad& q, cv::Size size) {
    // The long side of the document maps to the long side of the output.
    Quad src = q;
    const bool tall = dist(q[0], q[3]) > dist(q[0], q[1]);
    if (tall != (size.height > size.width)) {
        src = {q[3], q[0], q[1], q[2]};  // rotate a quarter turn
    }
    const cv::Point2f dst[4] = {
        {0, 0},
        {static_cast<float>(size.width - 1), 0},
        {static_cast<float>(size.width - 1), static_cast<float>(size.height - 1)},
        {0, static_cast<float>(size.height - 1)}};
    const cv::Mat m = cv::getPerspectiveTransform(src.data(), dst);
    cv::Mat out;
    cv::warpPerspective(bgr, out, m, size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
}

void add_exposure(Verdict& v, double mean, const Thresholds& t) {
    v.metrics["brightness"] = {mean, std::min(score(mean, t.dark_mean - 40, t.dark_mean + 20),
                                              score(mean, t.bright_mean + 20, t.bright_mean - 20))};
    if (mean < t.dark_mean) {
        v.reasons.push_back(Reason::kTooDark);
    } else if (mean > t.bright_mean) {
        v.reasons.push_back(Reason::kTooBright);
    }
}

// [SECTION] KTP -----------------------------------------------------------------------------

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
    v.metrics["long_side_px"] = {
        long_side, score(long_side, 0.5 * t.ktp_min_long_side_px, t.ktp_min_long_side_px)};
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
    v.metrics["glare_share"] = {glare, score(glare, t.glare_area_bad, 0)};
    v.metrics["glare_text_share"] = {glare_text, score(glare_text, t.glare_text_area_bad, 0)};
    if (glare > t.glare_area_bad || glare_text > t.glare_text_area_bad) {
        v.reasons.push_back(Reason::kGlare);
    }

    const double blur = detail::reblur(grey);
    v.metrics["blur"] = {blur, score(blur, t.ktp_blur_bad, t.ktp_blur_good)};
    if (blur > t.ktp_blur_bad) {
        v.reasons.push_back(Reason::kBlur);
    }

    const double colour = detail::colourfulness(card);
    v.metrics["colourfulness"] = {colour, score(colour, 0, 2 * t.colourfulness_min)};
    if (colour < t.colourfulness_min) {
        v.reasons.push_back(Reason::kGreyscale);
    }
    std::sort(v.reasons.begin(), v.reasons.end());
    return v;
}

// [SECTION] Pages (SK, application letter) --------------------------------------------------

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
    v.metrics["dpi"] = {dpi, score(dpi, 0.5 * t.page_min_dpi, t.page_min_dpi)};
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
    v.metrics["paper_level"] = {paper,
                                score(paper, t.page_paper_dark - 40, t.page_paper_dark + 40)};
    v.metrics["ink_level"] = {ink, score(ink, t.page_ink_bright + 40, t.page_ink_bright - 60)};
    if (paper < t.page_paper_dark) {
        v.reasons.push_back(Reason::kTooDark);
    } else if (ink > t.page_ink_bright) {
        v.reasons.push_back(Reason::kTooBright);
    }
    // Blur on the text: the middle of the page, where the text is.
    const cv::Rect middle(size.width / 10, size.height / 8, size.width * 8 / 10,
                          size.height * 6 / 8);
    const double blur = detail::reblur(grey(middle));
    v.metrics["blur"] = {blur, score(blur, t.page_blur_bad, t.page_blur_good)};
    if (blur > t.page_blur_bad) {
        v.reasons.push_back(Reason::kBlur);
    }
    std::sort(v.reasons.begin(), v.reasons.end());
    return v;
}

}  // namespace

// [SECTION] Selfie --------------------------------------------------------------------------

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

namespace {

// Face boxes (in `grey`'s pixels) found inside `area` after scaling it to `width`. LBP or Haar
// cascades alike; the caller confirms them.
std::vector<cv::Rect> detect_faces(const cv::Mat& bgr, const FaceModel& model, cv::Rect area,
                                   int width, int min_px, int max_px = 0, double step = 1.12,
                                   int neighbours = 4) {
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

// A face cascade alone fires on textures: a face counts once an eye is found in its upper half.
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

Verdict selfie_verdict(const cv::Mat& bgr, const std::vector<cv::Rect>& faces,
                       const Thresholds& t) {
    Verdict v;
    v.kind = Kind::kSelfie;
    v.metrics["faces"] = {static_cast<double>(faces.size()), faces.size() == 1 ? 100.0 : 0.0};
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
    v.metrics["face_width_share"] = {
        width_share,
        score(width_share, 0.5 * t.face_min_width_fraction, t.face_min_width_fraction)};
    if (width_share < t.face_min_width_fraction) {
        v.reasons.push_back(Reason::kFaceTooSmall);
    }
    // A portrait frames the face a little above the middle.
    const double dx = std::abs((face.x + face.width / 2.0) / bgr.cols - 0.5);
    const double dy = std::abs((face.y + face.height / 2.0) / bgr.rows - 0.45);
    const double offset = std::max(dx, dy * 0.75);
    v.metrics["face_offset"] = {offset, score(offset, 2 * t.face_centre_tolerance, 0)};
    if (offset > t.face_centre_tolerance) {
        v.reasons.push_back(Reason::kFaceOffCentre);
    }
    cv::Mat g;
    const double ef = std::min(1.0, 200.0 / face.width);  // the face measured at a fixed size
    cv::resize(to_grey(bgr(face)), g, cv::Size(), ef, ef, cv::INTER_AREA);
    add_exposure(v, cv::mean(g)[0], t);
    const double blur = detail::reblur(g);
    v.metrics["blur"] = {blur, score(blur, t.face_blur_bad, t.face_blur_good)};
    if (blur > t.face_blur_bad) {
        v.reasons.push_back(Reason::kBlur);
    }
    std::sort(v.reasons.begin(), v.reasons.end());
    return v;
}

Verdict check_selfie(const cv::Mat& bgr, const Thresholds& t, const FaceModel* model, int width) {
    if (model == nullptr) {
        throw std::invalid_argument("a selfie check needs the face model");
    }
    return selfie_verdict(bgr, confirmed_faces(bgr, *model, t, width), t);
}

Verdict check(Kind kind, const cv::Mat& input, const Thresholds& t, const FaceModel* faces,
              const Mode& mode) {
    if (input.empty()) {
        Verdict v;
        v.kind = kind;
        v.reasons.push_back(Reason::kNotFound);
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

}  // namespace

// [SECTION] Capture path, rectification, preview path ---------------------------------------

Verdict check_capture(Kind kind, const cv::Mat& bgr, const Thresholds& t, const FaceModel* faces) {
    return check(kind, bgr, t, faces, Mode{1024, 1.0, false});
}

std::optional<Quad> find_document(Kind kind, const cv::Mat& bgr, const Thresholds& t) {
    if (kind == Kind::kSelfie) {
        return std::nullopt;
    }
    const Verdict v = check(kind, bgr, t, nullptr, Mode{1024, 0.25, false});
    return v.corners;
}

cv::Mat rectify(Kind kind, const cv::Mat& bgr, const Quad& corners) {
    if (kind == Kind::kKtp) {
        return warp(to_bgr(bgr), corners, kKtpSize);
    }
    const bool landscape = dist(corners[0], corners[1]) > dist(corners[0], corners[3]);
    const cv::Size size = landscape ? cv::Size(kA4Portrait.height, kA4Portrait.width) : kA4Portrait;
    return warp(to_bgr(bgr), corners, size);
}

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
        v.metrics["face_confirmations"] = {static_cast<double>(face_streak_),
                                           score(face_streak_, 0, t_.face_confirm_frames)};
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
