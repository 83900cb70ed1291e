// Camera captures the person confirms (SessionPolicy::confirm_captures, as the kiosk UI runs
// the session): the accepted picture stays on its screen until Next or Retake. And the review
// screen's document pictures, the preview frame counter, and the default (headless) policy.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "session_harness.hpp"

namespace anjungan::kiosk {
namespace {

using K = Intent::Kind;

class SessionCaptureTest : public SessionHarness {
  protected:
    void SetUp() override {
        SessionHarness::SetUp();
        SessionPolicy policy;
        policy.confirm_captures = true;
        session_.reset();
        session_ = std::make_unique<Session>(
            *store_, SessionDevices{*camera_, *scanner_, *printer_}, *key_, config_, clock_,
            &test::face_model(), known_kiosk_keys(config_.data_dir, "PKY1"), policy);
    }

    bool captured(domain::DocumentKind k) const {
        return std::count(view().captured.begin(), view().captured.end(), k) > 0;
    }

    // Ticks until the capture on this screen is taken (or the screen changes).
    bool wait_taken(int limit = 1500) {
        const Screen s = view().screen;
        for (int i = 0; i < limit && !view().capture.taken && view().screen == s; ++i) {
            tick();
        }
        return view().capture.taken && view().screen == s;
    }

    // From attract to the selfie screen, confirming the KTP.
    void to_selfie() {
        walk_to(Screen::kCaptureKtp);
        ASSERT_TRUE(wait_taken()) << to_code(view().screen) << ": " << view().capture.guidance.en;
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureSk);
        scan_pages(2);
        ASSERT_EQ(view().capture.pages.size(), 2u) << view().message.en;
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureLetter);
        scan_pages(1);
        ASSERT_EQ(view().capture.pages.size(), 1u) << view().message.en;
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    }

    void to_review() {
        to_selfie();
        ASSERT_TRUE(wait_taken()) << to_code(view().screen) << ": " << view().capture.guidance.en;
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kReview);
    }

    // The review screen shows one picture per document, small, in the path's order.
    void expect_review_documents() {
        ASSERT_EQ(view().documents.size(), 4u);
        const domain::DocumentKind order[] = {domain::DocumentKind::kKtp, domain::DocumentKind::kSk,
                                              domain::DocumentKind::kLetter,
                                              domain::DocumentKind::kSelfie};
        const int pages[] = {1, 2, 1, 1};
        for (std::size_t i = 0; i < 4; ++i) {
            const auto& d = view().documents[i];
            SCOPED_TRACE(std::string(to_code(d.kind)));
            EXPECT_EQ(d.kind, order[i]);
            EXPECT_EQ(d.pages, pages[i]);
            ASSERT_FALSE(d.image.empty());
            EXPECT_LE(std::max(d.image.cols, d.image.rows), 480);
            EXPECT_GE(std::max(d.image.cols, d.image.rows), 200);  // still recognisable
            EXPECT_EQ(d.image.type(), CV_8UC3);                    // BGR
        }
    }
};

TEST_F(SessionCaptureTest, AnAcceptedKtpStaysOnItsScreenUntilNext) {
    walk_to(Screen::kCaptureKtp);
    EXPECT_FALSE(view().capture.taken);
    EXPECT_TRUE(view().capture.pages.empty());
    ASSERT_TRUE(wait_taken()) << to_code(view().screen) << ": " << view().capture.guidance.en;
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
    ASSERT_FALSE(view().capture.pages.empty());
    EXPECT_FALSE(view().capture.pages.front().empty());
    EXPECT_TRUE(captured(domain::DocumentKind::kKtp));
    EXPECT_FALSE(view().capture.guidance.en.empty());

    // Time passes (the person looks at the picture): nothing moves by itself, and the camera is
    // no longer read (the picture shown is the one taken).
    const auto seq = view().capture.preview_seq;
    tick(100);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
    EXPECT_TRUE(view().capture.taken);
    EXPECT_EQ(view().capture.preview_seq, seq);
    // The shutter does nothing on a taken picture.
    apply(K::kShutter);
    EXPECT_TRUE(view().capture.taken);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);

    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureSk);
    EXPECT_FALSE(view().capture.taken);
}

TEST_F(SessionCaptureTest, NextIsRefusedBeforeTheKtpIsTaken) {
    walk_to(Screen::kCaptureKtp);
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
    EXPECT_FALSE(captured(domain::DocumentKind::kKtp));
}

TEST_F(SessionCaptureTest, RetakeStartsTheKtpAgain) {
    walk_to(Screen::kCaptureKtp);
    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    apply(K::kRetake, "ktp");
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
    EXPECT_FALSE(view().capture.taken);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_FALSE(captured(domain::DocumentKind::kKtp));
    EXPECT_EQ(view().capture.progress, 0);
    // Next waits for the new picture.
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
    tick();
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);

    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    EXPECT_TRUE(captured(domain::DocumentKind::kKtp));
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureSk);
}

TEST_F(SessionCaptureTest, TheSelfieIsConfirmedLikewise) {
    to_selfie();
    EXPECT_FALSE(view().capture.taken);
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureSelfie);  // nothing taken yet
    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    EXPECT_EQ(view().screen, Screen::kCaptureSelfie);
    ASSERT_EQ(view().capture.pages.size(), 1u);
    EXPECT_TRUE(captured(domain::DocumentKind::kSelfie));
    tick(100);
    EXPECT_EQ(view().screen, Screen::kCaptureSelfie);

    apply(K::kRetake, "selfie");
    EXPECT_EQ(view().screen, Screen::kCaptureSelfie);
    EXPECT_FALSE(view().capture.taken);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_FALSE(captured(domain::DocumentKind::kSelfie));
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureSelfie);

    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kReview);
    EXPECT_EQ(view().captured.size(), 4u);
}

TEST_F(SessionCaptureTest, BackFromATakenPictureGoesBackAndTheCaptureStartsAfresh) {
    to_selfie();
    ASSERT_TRUE(wait_taken());
    apply(K::kBack);
    EXPECT_EQ(view().screen, Screen::kCaptureLetter);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    // The camera capture starts again on return; Next moves on because the selfie was kept.
    EXPECT_FALSE(view().capture.taken);
    EXPECT_TRUE(captured(domain::DocumentKind::kSelfie));
}

TEST_F(SessionCaptureTest, TheReviewScreenShowsEveryDocumentSmall) {
    to_review();
    expect_review_documents();
    EXPECT_EQ(view().captured.size(), 4u);
}

TEST_F(SessionCaptureTest, RetakeFromReviewReturnsToReviewAfterNext) {
    to_review();
    apply(K::kRetake, "ktp");
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    EXPECT_TRUE(view().documents.empty());  // only the review screen holds them
    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kReview);
    expect_review_documents();
}

// Retake discards the picture: going back to review without a new one shows no stale KTP, and
// submitting asks for the KTP again.
TEST_F(SessionCaptureTest, RetakeThenBackLeavesNoStalePicture) {
    to_review();
    apply(K::kRetake, "ktp");
    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    apply(K::kRetake);  // on the capture screen: this picture is not wanted either
    EXPECT_FALSE(view().capture.taken);
    EXPECT_FALSE(captured(domain::DocumentKind::kKtp));
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kReview);
    ASSERT_EQ(view().documents.size(), 3u);
    for (const auto& d : view().documents) {
        EXPECT_NE(d.kind, domain::DocumentKind::kKtp);
    }
    apply(K::kSubmit);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
}

TEST_F(SessionCaptureTest, EditingFromReviewDropsThePicturesAndReviewMakesThemAgain) {
    to_review();
    apply(K::kEdit, "contact");
    ASSERT_EQ(view().screen, Screen::kContact);
    EXPECT_TRUE(view().documents.empty());
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kReview) << view().message.en;
    expect_review_documents();
}

TEST_F(SessionCaptureTest, CancelWipesTheDocuments) {
    to_review();
    ASSERT_EQ(view().documents.size(), 4u);
    apply(K::kCancel);
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(view().documents.empty());
    EXPECT_TRUE(view().captured.empty());
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_FALSE(view().capture.taken);

    // A new session starts with nothing of the last one: Next on its KTP screen is refused.
    walk_to(Screen::kCaptureKtp);
    EXPECT_TRUE(view().documents.empty());
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
}

TEST_F(SessionCaptureTest, CancelWhileAPictureIsTakenWipesIt) {
    walk_to(Screen::kCaptureKtp);
    ASSERT_TRUE(wait_taken());
    apply(K::kCancel);
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_FALSE(view().capture.taken);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_TRUE(view().captured.empty());
    EXPECT_TRUE(view().capture.preview.empty());
}

TEST_F(SessionCaptureTest, TheIdleTimeoutWipesTheReviewDocuments) {
    to_review();
    ASSERT_EQ(view().documents.size(), 4u);
    // No touch for longer than every idle timeout (warning, then the countdown).
    for (int i = 0; i < 25 * 600 && view().screen != Screen::kAttract; ++i) {
        tick();
    }
    ASSERT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(view().documents.empty());
    EXPECT_TRUE(view().captured.empty());
}

TEST_F(SessionCaptureTest, AfterSubmitTheDocumentsAreGone) {
    to_review();
    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt) << view().message.en;
    wait_idle_work();
    ASSERT_FALSE(view().receipt_no.empty()) << view().message.en;
    EXPECT_TRUE(view().documents.empty());
    const auto rec = store_->find_by_receipt(view().receipt_no);
    ASSERT_TRUE(rec.has_value());
    EXPECT_EQ(rec->attachments.size(), 4u);
    apply(K::kFinish);
    ASSERT_EQ(view().screen, Screen::kDone);
    apply(K::kFinish);
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(view().documents.empty());
    EXPECT_TRUE(view().captured.empty());
}

TEST_F(SessionCaptureTest, ThePreviewCounterCountsFramesRead) {
    walk_to(Screen::kCaptureKtp);
    std::uint64_t last = view().capture.preview_seq;
    int increases = 0;
    for (int i = 0; i < 10 && !view().capture.taken; ++i) {
        tick();
        const auto seq = view().capture.preview_seq;
        EXPECT_GE(seq, last);  // never goes back
        increases += seq > last;
        last = seq;
    }
    EXPECT_GE(increases, 5) << "the simulated camera gives a frame every 40 ms tick";
    EXPECT_FALSE(view().capture.preview.empty());
    // Without a tick no frame is read.
    EXPECT_EQ(view().capture.preview_seq, last);
}

TEST_F(SessionCaptureTest, ThePreviewCounterKeepsCountingOnTheSelfie) {
    to_selfie();
    const auto first = view().capture.preview_seq;
    tick(3);
    EXPECT_GT(view().capture.preview_seq, first);
}

// The default policy (the headless runner, `anjungan session`): an accepted capture moves on
// at once, as before.
class SessionDefaultCaptureTest : public SessionHarness {};

TEST_F(SessionDefaultCaptureTest, CapturesMoveOnByThemselves) {
    walk_to(Screen::kCaptureKtp);
    ASSERT_TRUE(wait_for(Screen::kCaptureSk)) << view().capture.guidance.en;
    EXPECT_FALSE(view().capture.taken);
    EXPECT_NE(std::find(view().captured.begin(), view().captured.end(), domain::DocumentKind::kKtp),
              view().captured.end());
    scan_pages(2);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kCaptureLetter);
    scan_pages(1);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    ASSERT_TRUE(wait_for(Screen::kReview)) << view().capture.guidance.en;
    EXPECT_FALSE(view().capture.taken);
    EXPECT_EQ(view().documents.size(), 4u);
}

// The kiosk UI's policy: the preview gate on a worker thread, one frame at a time, while the
// frames keep reaching the screen.
class SessionAsyncGateTest : public SessionHarness {
  protected:
    void SetUp() override {
        SessionHarness::SetUp();
        SessionPolicy policy;
        policy.confirm_captures = true;
        policy.async_gate = true;
        session_.reset();
        session_ = std::make_unique<Session>(
            *store_, SessionDevices{*camera_, *scanner_, *printer_}, *key_, config_, clock_,
            &test::face_model(), known_kiosk_keys(config_.data_dir, "PKY1"), policy);
    }
    // Ticks in real time too, so the gate's worker answers.
    bool wait_taken(int limit = 3000) {
        for (int i = 0; i < limit && !view().capture.taken; ++i) {
            tick();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return view().capture.taken;
    }
};

TEST_F(SessionAsyncGateTest, TheKtpAndTheSelfieAreTakenWithTheGateOnAWorker) {
    walk_to(Screen::kCaptureKtp);
    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    ASSERT_TRUE(view().capture.verdict.has_value());
    EXPECT_TRUE(view().capture.verdict->ok());
    EXPECT_GT(view().capture.preview_seq, 0u);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kCaptureSk);
    scan_pages(1);
    apply(K::kNext);
    scan_pages(1);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    ASSERT_TRUE(wait_taken()) << view().capture.guidance.en;
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kReview);
}

TEST_F(SessionAsyncGateTest, LeavingWhileTheGateWorksWaitsForIt) {
    for (int round = 0; round < 5; ++round) {
        walk_to(Screen::kCaptureKtp);
        tick(2);  // a job is (most likely) running now
        apply(K::kCancel);
        ASSERT_EQ(view().screen, Screen::kAttract);
        EXPECT_FALSE(view().capture.verdict.has_value());
    }
}

}  // namespace
}  // namespace anjungan::kiosk
