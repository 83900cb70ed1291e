// The preview path's behaviour over time (auto-capture, resets, face confirmation), the
// geometry helpers, and the export encoders' budgets.
#include "anjungan/vision/gate.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "anjungan/vision/export.hpp"
#include "fixtures.hpp"

namespace anjungan::vision {
namespace {

cv::Mat shifted(const cv::Mat& img, int dx) {
    cv::Mat out;
    const cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, dx, 0, 1, 0);
    cv::warpAffine(img, out, m, img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
}

TEST(PreviewGate, CapturesOnceAfterHalfASecondOfAStillGoodCard) {
    // A 720p preview of a card that the 1080p still will show at about 300 dpi.
    const cv::Mat frame = test::ktp_frame(cv::Size(1280, 720));
    PreviewGate gate(Kind::kKtp, {});
    int captures = 0;
    double first_capture_ms = -1, last_progress = -1;
    for (int i = 0; i <= 40; ++i) {
        const double t = i * 33.0;
        const auto step = gate.process(frame, t);
        ASSERT_TRUE(step.verdict.ok()) << "frame " << i;
        EXPECT_GE(step.progress, last_progress);
        last_progress = step.progress;
        if (step.capture) {
            ++captures;
            first_capture_ms = first_capture_ms < 0 ? t : first_capture_ms;
        }
    }
    EXPECT_EQ(captures, 1);
    // Good from the first frame (t = 0) and still ever after: the first frame at or after
    // 500 ms captures.
    EXPECT_GE(first_capture_ms, 500);
    EXPECT_LT(first_capture_ms, 500 + 33);
}

TEST(PreviewGate, AMovingCardNeverCaptures) {
    const cv::Mat frame = test::ktp_frame(cv::Size(1280, 720));
    const cv::Mat moved = shifted(frame, 60);
    PreviewGate gate(Kind::kKtp, {});
    for (int i = 0; i < 40; ++i) {
        const auto step = gate.process(i % 2 ? moved : frame, i * 33.0);
        EXPECT_FALSE(step.capture) << "frame " << i;
        EXPECT_LT(step.progress, 0.1);
    }
}

TEST(PreviewGate, ABlurredFrameStartsTheCountdownAgain) {
    const cv::Mat frame = test::ktp_frame(cv::Size(1280, 720));
    cv::Mat blurred;
    cv::GaussianBlur(frame, blurred, cv::Size(0, 0), 6);
    PreviewGate gate(Kind::kKtp, {});
    for (int i = 0; i < 10; ++i) {
        gate.process(frame, i * 33.0);
    }
    const auto bad = gate.process(blurred, 330);
    EXPECT_FALSE(bad.verdict.ok());
    EXPECT_EQ(bad.progress, 0);
    const auto again = gate.process(frame, 363);
    EXPECT_LT(again.progress, 0.1);
    EXPECT_FALSE(again.capture);
}

TEST(PreviewGate, ASelfieFaceMustPersistBeforeItCounts) {
    const cv::Mat frame = test::selfie_frame(cv::Size(1280, 720));
    const Thresholds t;
    PreviewGate gate(Kind::kSelfie, t, &test::face_model());
    for (int i = 0; i < t.face_confirm_frames - 1; ++i) {
        const auto step = gate.process(frame, i * 33.0);
        EXPECT_TRUE(step.verdict.has(Reason::kNoFace)) << "frame " << i << " counted too early";
    }
    const auto confirmed = gate.process(frame, t.face_confirm_frames * 33.0);
    EXPECT_TRUE(confirmed.verdict.ok());
    ASSERT_TRUE(confirmed.verdict.corners);
}

TEST(PreviewGate, AFaceSeenOnceDoesNotPass) {
    const cv::Mat face = test::selfie_frame(cv::Size(1280, 720));
    const cv::Mat empty(720, 1280, CV_8UC3, cv::Scalar(90, 100, 110));
    PreviewGate gate(Kind::kSelfie, {}, &test::face_model());
    for (int i = 0; i < 30; ++i) {
        // A face on every third frame only, like a flickering false detection.
        const auto step = gate.process(i % 3 == 0 ? face : empty, i * 33.0);
        EXPECT_FALSE(step.verdict.ok()) << "frame " << i;
        EXPECT_FALSE(step.capture);
    }
}

TEST(PreviewGate, ASecondPersonIsSeenWithinOneWholeFrameScan) {
    const Thresholds t;
    const auto set = test::labelled_set(1);
    const auto two = std::find_if(set.begin(), set.end(), [](const test::Fixture& f) {
        return f.expected == Reason::kMultipleFaces;
    });
    ASSERT_NE(two, set.end());
    const cv::Mat one = test::selfie_frame(cv::Size(1280, 720));
    PreviewGate gate(Kind::kSelfie, t, &test::face_model());
    for (int i = 0; i < 5; ++i) {
        gate.process(one, i * 33.0);
    }
    bool seen = false;
    for (int i = 0; i <= t.face_full_scan_every && !seen; ++i) {
        seen = gate.process(two->image, (5 + i) * 33.0).verdict.has(Reason::kMultipleFaces);
    }
    EXPECT_TRUE(seen);
}

TEST(CheckCapture, AnImageItCannotJudgeIsNotAssessedInsteadOfThrowing) {
    const Thresholds t;
    // An empty image: not assessed, and not_found as it has always been.
    Verdict empty;
    ASSERT_NO_THROW(empty = check_capture(Kind::kKtp, cv::Mat(), t));
    EXPECT_FALSE(empty.assessed);
    EXPECT_FALSE(empty.not_assessed_reason.empty());
    EXPECT_FALSE(empty.ok());
    EXPECT_EQ(empty.reasons, std::vector<Reason>{Reason::kNotFound});
    EXPECT_FALSE(empty.corners.has_value());

    // A selfie without the face model (this threw std::invalid_argument).
    Verdict selfie;
    ASSERT_NO_THROW(selfie =
                        check_capture(Kind::kSelfie, test::selfie_frame(cv::Size(1280, 720)), t));
    EXPECT_EQ(selfie.kind, Kind::kSelfie);
    EXPECT_FALSE(selfie.assessed);
    EXPECT_NE(selfie.not_assessed_reason.find("face model"), std::string::npos)
        << selfie.not_assessed_reason;
    EXPECT_FALSE(selfie.ok());
    EXPECT_TRUE(selfie.reasons.empty());
    EXPECT_TRUE(selfie.metrics.empty());

    // An error inside OpenCV (edge detection takes 8-bit images only; this threw cv::Exception).
    Verdict deep;
    ASSERT_NO_THROW(
        deep = check_capture(Kind::kKtp, cv::Mat(480, 640, CV_16UC3, cv::Scalar::all(0)), t));
    EXPECT_FALSE(deep.assessed);
    EXPECT_FALSE(deep.not_assessed_reason.empty());
    EXPECT_FALSE(deep.ok());
    EXPECT_TRUE(deep.reasons.empty());

    // A good capture is assessed.
    EXPECT_TRUE(check_capture(Kind::kKtp, test::ktp_frame(cv::Size(1920, 1080)), t).assessed);
}

TEST(QuadIou, IsOneForTheSameQuadZeroForDisjointAndAHalfForAHalfOverlap) {
    const Quad a{cv::Point2f(0, 0), {100, 0}, {100, 100}, {0, 100}};
    const Quad far{cv::Point2f(200, 0), {300, 0}, {300, 100}, {200, 100}};
    const Quad half{cv::Point2f(50, 0), {150, 0}, {150, 100}, {50, 100}};
    EXPECT_NEAR(quad_iou(a, a), 1.0, 1e-6);
    EXPECT_NEAR(quad_iou(a, far), 0.0, 1e-6);
    EXPECT_NEAR(quad_iou(a, half), 1.0 / 3.0, 1e-3);  // 5000 / (10000 + 10000 - 5000)
}

TEST(Rectify, GivesTheKtpAt300DpiAndPagesAtA4200Dpi) {
    const cv::Mat frame = test::ktp_frame(cv::Size(1920, 1080));
    const auto corners = find_document(Kind::kKtp, frame, {});
    ASSERT_TRUE(corners);
    EXPECT_EQ(rectify(Kind::kKtp, frame, *corners).size(), cv::Size(1011, 638));
    const cv::Mat page = test::synthetic_page(3);
    const Quad whole{cv::Point2f(0, 0), {1653, 0}, {1653, 2338}, {0, 2338}};
    EXPECT_EQ(rectify(Kind::kSk, page, whole).size(), cv::Size(1654, 2339));
}

TEST(Export, KtpJpegFitsThreeHundredKilobytesAtTheBestQualityThatFits) {
    const cv::Mat card = test::synthetic_ktp(5);
    const std::size_t budget = 300 * 1000;
    const auto r = encode_jpeg_within(card, budget);
    EXPECT_LE(r.data.size(), budget);
    EXPECT_EQ(r.scale, 1.0);
    const cv::Mat back = cv::imdecode(r.data, cv::IMREAD_COLOR);
    EXPECT_EQ(back.size(), card.size());
    if (r.quality < 95) {
        std::vector<std::uint8_t> better;
        cv::imencode(".jpg", card, better,
                     {cv::IMWRITE_JPEG_QUALITY, r.quality + 1, cv::IMWRITE_JPEG_OPTIMIZE, 1});
        EXPECT_GT(better.size(), budget) << "quality " << r.quality + 1 << " would also fit";
    }
}

TEST(Export, ShrinksTheImageWhenEvenLowQualityIsTooLarge) {
    cv::Mat noise(1000, 1000, CV_8UC3);
    cv::randu(noise, 0, 255);
    const auto r = encode_jpeg_within(noise, 60 * 1024);
    EXPECT_LE(r.data.size(), 60u * 1024);
    EXPECT_LT(r.scale, 1.0);
    EXPECT_THROW(encode_jpeg_within(noise, 100), ExportError);
    EXPECT_THROW(encode_jpeg_within(cv::Mat(), 1000), ExportError);
}

TEST(Export, PdfHoldsEveryPageAsA4WithinFiveHundredKilobytes) {
    const std::vector<cv::Mat> pages{test::synthetic_page(1), test::synthetic_page(2),
                                     test::synthetic_page(3)};
    const std::size_t budget = 500 * 1000;
    const auto r = encode_pdf_within(pages, 200, budget);
    ASSERT_LE(r.data.size(), budget);
    const std::string pdf(r.data.begin(), r.data.end());
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
    std::size_t count = 0;  // page objects: "/Type /Page" not followed by "s"
    for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos;
         at = pdf.find("/Type /Page", at + 1)) {
        count += pdf.compare(at, 12, "/Type /Pages") != 0 ? 1 : 0;
    }
    EXPECT_EQ(count, pages.size());
    EXPECT_NE(pdf.find("/DCTDecode"), std::string::npos);  // the pages are embedded as JPEG
    EXPECT_NE(pdf.find("595.44"), std::string::npos);      // 1654 px at 200 dpi = 595.44 pt
    EXPECT_THROW(encode_pdf_within({}, 200, budget), ExportError);
}

}  // namespace
}  // namespace anjungan::vision
