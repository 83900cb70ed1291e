// Finding the document (the KTP or a page): contours first, fitted lines as the fallback; the
// perspective warp; rectify() and find_document().
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "checks.hpp"
#include "measures.hpp"

namespace anjungan::vision {

namespace detail {

namespace {

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

}  // namespace

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

}  // namespace detail

using detail::dist;
using detail::kA4Portrait;
using detail::kKtpSize;
using detail::to_bgr;
using detail::warp;

std::optional<Quad> find_document(Kind kind, const cv::Mat& bgr, const Thresholds& t) {
    if (kind == Kind::kSelfie) {
        return std::nullopt;
    }
    const Verdict v = detail::check(kind, bgr, t, nullptr, detail::Mode{1024, 0.25, false});
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

}  // namespace anjungan::vision
