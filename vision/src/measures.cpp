#include "measures.hpp"

#include <algorithm>
#include <numeric>
#include <opencv2/imgproc.hpp>

namespace anjungan::vision::detail {

double reblur(const cv::Mat& grey) {
    if (grey.rows < 3 || grey.cols < 3) {
        return 1.0;
    }
    // 8-bit arithmetic throughout: cv::subtract saturates at 0, which is the max(., 0) the
    // measure asks for, and no float copies are made (this runs on every preview frame).
    cv::Mat bv, bh;
    cv::blur(grey, bv, cv::Size(1, 9));
    cv::blur(grey, bh, cv::Size(9, 1));
    auto ratio = [&](const cv::Mat& blurred, bool vertical) {
        const cv::Rect a = vertical ? cv::Rect(0, 1, grey.cols, grey.rows - 1)
                                    : cv::Rect(1, 0, grey.cols - 1, grey.rows);
        const cv::Rect b = vertical ? cv::Rect(0, 0, grey.cols, grey.rows - 1)
                                    : cv::Rect(0, 0, grey.cols - 1, grey.rows);
        cv::Mat d_img, d_blur, v;
        cv::absdiff(grey(a), grey(b), d_img);
        cv::absdiff(blurred(a), blurred(b), d_blur);
        cv::subtract(d_img, d_blur, v);
        const double s_f = cv::sum(d_img)[0];
        const double s_v = cv::sum(v)[0];
        return s_f <= 1e-6 ? 1.0 : (s_f - s_v) / s_f;
    };
    return std::max(ratio(bv, true), ratio(bh, false));
}

double colourfulness(const cv::Mat& bgr) {
    // Colour is a low-frequency property: a 160 px wide copy measures the same, far cheaper.
    cv::Mat small;
    const double s = std::min(1.0, 160.0 / std::max(1, bgr.cols));
    cv::resize(bgr, small, cv::Size(), s, s, cv::INTER_AREA);
    std::vector<cv::Mat> ch;
    cv::Mat f;
    small.convertTo(f, CV_32F);
    cv::split(f, ch);
    const cv::Mat rg = ch[2] - ch[1];
    const cv::Mat yb = 0.5 * (ch[2] + ch[1]) - ch[0];
    cv::Scalar m_rg, s_rg, m_yb, s_yb;
    cv::meanStdDev(rg, m_rg, s_rg);
    cv::meanStdDev(yb, m_yb, s_yb);
    const double sd = std::sqrt(s_rg[0] * s_rg[0] + s_yb[0] * s_yb[0]);
    const double mean = std::sqrt(m_rg[0] * m_rg[0] + m_yb[0] * m_yb[0]);
    return sd + 0.3 * mean;
}

double specular_share(const cv::Mat& bgr, int level) {
    std::vector<cv::Mat> ch;
    cv::split(bgr, ch);
    cv::Mat darkest = cv::min(cv::min(ch[0], ch[1]), ch[2]);
    return static_cast<double>(cv::countNonZero(darkest >= level)) /
           static_cast<double>(std::max(1, bgr.rows * bgr.cols));
}

double score(double raw, double bad, double good) {
    if (bad == good) {
        return raw == good ? 100 : 0;
    }
    return std::clamp((raw - bad) / (good - bad) * 100.0, 0.0, 100.0);
}

double percentile(const cv::Mat& grey, double p) {
    int hist_size = 256;
    float range[] = {0, 256};
    const float* ranges[] = {range};
    cv::Mat hist;
    cv::calcHist(&grey, 1, nullptr, cv::Mat(), hist, 1, &hist_size, ranges);
    const double total = static_cast<double>(grey.total());
    double acc = 0;
    for (int i = 0; i < 256; ++i) {
        acc += hist.at<float>(i);
        if (acc >= p * total) {
            return i;
        }
    }
    return 255;
}

Quad order_corners(const std::vector<cv::Point2f>& pts) {
    // Top-left has the smallest x+y, bottom-right the largest; top-right the smallest y-x.
    Quad q;
    auto by = [&](auto key, bool largest) {
        return *std::max_element(pts.begin(), pts.end(), [&](const auto& a, const auto& b) {
            return largest ? key(a) < key(b) : key(a) > key(b);
        });
    };
    q[0] = by([](const cv::Point2f& p) { return p.x + p.y; }, false);
    q[2] = by([](const cv::Point2f& p) { return p.x + p.y; }, true);
    q[1] = by([](const cv::Point2f& p) { return p.y - p.x; }, false);
    q[3] = by([](const cv::Point2f& p) { return p.y - p.x; }, true);
    return q;
}

}  // namespace anjungan::vision::detail
