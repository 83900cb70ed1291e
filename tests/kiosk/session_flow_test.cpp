// Over 600 lines: one fixture (a real store, simulated devices, a moved clock) for every path off
// the happy one; split by concern it would repeat the fixture in each file.
// The walk-in session's flow beyond the happy path: every capture failure, every idle timeout
// and wipe, cancel and back on each screen, edits and retakes from review, the language switch,
// scanner faults (simulated and through real SANE with its pnm backend), status lookup by a
// receipt's QR code, admin mode through the session, and a store that cannot write.
//
// Simulated devices (FileCamera on the injected clock, FileScanner, FilePrinter) and a
// FixedClock: every timeout is reached by moving the clock, never by waiting.
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/kiosk/capture.hpp"
#include "anjungan/kiosk/session.hpp"
#include "fixtures.hpp"
#include "session_harness.hpp"
#include "test_support.hpp"

namespace anjungan::kiosk {
namespace {

namespace fs = std::filesystem;
using K = Intent::Kind;
using std::chrono::milliseconds;
using std::chrono::seconds;
using test::TempDir;

const std::string kStaffId = "budi.s";
const std::string kStaffPin = "730561";
const std::string kWrongPin = "590417";

// A camera frame the quality gate refuses: nothing in it.
cv::Mat blank_frame() {
    return cv::Mat(1080, 1920, CV_8UC3, cv::Scalar(40, 40, 40));
}

// A selfie frame without a face.
cv::Mat faceless_frame() {
    return cv::Mat(720, 1280, CV_8UC3, cv::Scalar(128, 128, 128));
}

// `text` as a QR code (6 px a module, a 4-module quiet zone) in the middle of a 1280x720
// camera-like frame.
cv::Mat qr_frame(const std::string& text) {
    const ZXing::BitMatrix m =
        ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setMargin(0).encode(text, 0, 0);
    constexpr int kDots = 6;
    constexpr int kQuiet = 4;
    const int side = (m.width() + 2 * kQuiet) * kDots;
    cv::Mat code(side, side, CV_8UC3, cv::Scalar(255, 255, 255));
    for (int y = 0; y < m.height(); ++y) {
        for (int x = 0; x < m.width(); ++x) {
            if (m.get(x, y)) {
                code(cv::Rect((x + kQuiet) * kDots, (y + kQuiet) * kDots, kDots, kDots)) =
                    cv::Scalar(0, 0, 0);
            }
        }
    }
    cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(150, 140, 130));
    code.copyTo(frame(cv::Rect((1280 - side) / 2, (720 - side) / 2, side, side)));
    return frame;
}

Text guidance_for(vision::Kind kind, vision::Reason reason) {
    return {std::string(guidance(kind, reason, domain::Lang::kId)),
            std::string(guidance(kind, reason, domain::Lang::kEn))};
}

bool applicant_is_empty(const domain::Applicant& a) {
    return a.full_name.empty() && a.certificate_name.empty() && a.nik.empty() && a.nip.empty() &&
           a.email.empty() && a.phone.empty() && a.position.empty() && a.work_unit.empty() &&
           a.office_address.empty();
}

std::size_t files_under(const fs::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file()) {
            ++n;
        }
    }
    return n;
}

// The process's private SANE configuration: dll.conf loads only the pnm backend. SANE reads
// SANE_CONFIG_DIR once per process, so every SANE scanner of this process uses this folder.
const fs::path& sane_config_dir() {
    static const TempDir dir;
    static const bool written = [] {
        std::ofstream(dir / "dll.conf") << "pnm\n";
        return true;
    }();
    (void)written;
    return dir.path();
}

class SessionFlowTest : public SessionHarness {
  protected:
    // [SECTION] Admin mode
    void add_staff() {
        auto r = StaffRegistry::load(config_.data_dir);
        const auto v = r.add({kStaffId, "Budi Santoso", StaffRole::kCounter, {}}, kStaffPin,
                             PinHashCost::test_only_minimum(), clock_.now());
        ASSERT_TRUE(v.valid()) << (v.errors.empty() ? "" : v.errors.front().code);
        r.save();
    }
    void make_guard() {
        guard_ = std::make_unique<AdminGuard>(
            config_.data_dir, clock_, AdminPolicy{},
            [this](const std::string& actor, const std::string& action, const std::string& detail) {
                store_->audit(actor, action, detail);
            });
        session_->set_admin(guard_.get());
    }
    void unlock() {
        apply(K::kAdminGesture);
        ASSERT_EQ(view().screen, Screen::kAdminPin);
        apply(K::kAdminPin, "", kStaffPin);
        ASSERT_EQ(view().screen, Screen::kAdmin) << view().admin.message.en;
    }
    bool audited(const std::string& actor, const std::string& action,
                 const std::string& detail_part = {}) const {
        for (const auto& e : store_->audit_log(500)) {
            if (e.actor == actor && e.action == action &&
                e.detail.find(detail_part) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
};

// [SECTION] Capture failures ------------------------------------------------------------------

// A frame the gate never accepts: the guidance names the reason, the shutter comes only after
// shutter_after_ms, each refused shutter counts, and the third sends for staff; retry starts
// the capture again from zero.
TEST_F(SessionFlowTest, ABlankKtpFrameGetsGuidanceThenTheShutterThenStaff) {
    const SessionPolicy policy;
    camera_->set_frames({blank_frame()});
    walk_to(Screen::kCaptureKtp);
    const std::int64_t since = ms();
    tick(3);
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    ASSERT_TRUE(view().capture.verdict.has_value());
    EXPECT_TRUE(view().capture.verdict->has(vision::Reason::kNotFound));
    const Text not_found = guidance_for(vision::Kind::kKtp, vision::Reason::kNotFound);
    EXPECT_EQ(view().capture.guidance.id, not_found.id);
    EXPECT_EQ(view().capture.guidance.en, not_found.en);
    EXPECT_FALSE(view().capture.shutter_enabled);
    apply(K::kShutter);  // not offered yet: nothing happens
    EXPECT_EQ(view().capture.failures, 0);

    advance(milliseconds(since + policy.shutter_after_ms - 50 - ms()));
    session_->tick();
    EXPECT_FALSE(view().capture.shutter_enabled);
    advance(milliseconds(100));
    session_->tick();
    ASSERT_TRUE(view().capture.shutter_enabled);

    for (int i = 1; i < policy.help_after_failures; ++i) {
        apply(K::kShutter);
        ASSERT_EQ(view().screen, Screen::kCaptureKtp);
        EXPECT_EQ(view().capture.failures, i);
        EXPECT_EQ(view().capture.guidance.en, not_found.en);
        EXPECT_TRUE(view().captured.empty());
        tick();
    }
    apply(K::kShutter);
    ASSERT_EQ(view().screen, Screen::kNeedHelp);
    EXPECT_EQ(view().capture.failures, policy.help_after_failures);
    EXPECT_FALSE(view().message.en.empty());
    EXPECT_TRUE(view().captured.empty());

    apply(K::kRetry);
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    EXPECT_EQ(view().capture.failures, 0);
    EXPECT_FALSE(view().capture.shutter_enabled);
    EXPECT_EQ(view().applicant.nik, test::good_applicant().nik);  // the forms are kept
}

// A card too far away passes the preview but not the full check: each automatic capture is
// refused with "bring it closer", and the third refusal sends for staff.
TEST_F(SessionFlowTest, ATooSmallKtpIsRefusedByTheFullCheckUntilStaffHelp) {
    const SessionPolicy policy;
    camera_->set_frames({test::ktp_frame({1280, 720}, 3)});
    walk_to(Screen::kCaptureKtp);
    for (int i = 0; i < 300 && view().capture.failures == 0 && view().screen == Screen::kCaptureKtp;
         ++i) {
        tick();
    }
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    ASSERT_EQ(view().capture.failures, 1);
    ASSERT_TRUE(view().capture.verdict.has_value());
    EXPECT_TRUE(view().capture.verdict->has(vision::Reason::kTooSmall));
    const Text closer = guidance_for(vision::Kind::kKtp, vision::Reason::kTooSmall);
    EXPECT_EQ(view().capture.guidance.id, closer.id);
    EXPECT_EQ(view().capture.guidance.en, closer.en);
    EXPECT_TRUE(view().captured.empty());

    ASSERT_TRUE(wait_for(Screen::kNeedHelp, 600)) << to_code(view().screen);
    EXPECT_EQ(view().capture.failures, policy.help_after_failures);
    EXPECT_TRUE(view().captured.empty());
    apply(K::kRetry);
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    EXPECT_EQ(view().capture.failures, 0);

    // The card brought closer: captured, and on to the SK.
    camera_->set_frames({test::ktp_frame({1920, 1080}, 3)});
    ASSERT_TRUE(wait_for(Screen::kCaptureSk)) << view().capture.guidance.en;
    EXPECT_EQ(view().captured, std::vector<domain::DocumentKind>{domain::DocumentKind::kKtp});
}

// No good capture for help_after_ms (the person keeps touching, so the idle timer does not
// end the session first): staff will help.
TEST_F(SessionFlowTest, NoGoodKtpForTooLongSendsForStaff) {
    const SessionPolicy policy;
    camera_->set_frames({blank_frame()});
    walk_to(Screen::kCaptureKtp);
    const std::int64_t since = ms();
    advance(milliseconds(policy.help_after_ms / 2));
    apply(K::kTouch);
    tick();
    advance(milliseconds(since + policy.help_after_ms - 100 - ms()));
    apply(K::kTouch);
    session_->tick();
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    advance(milliseconds(200));
    apply(K::kTouch);
    session_->tick();
    ASSERT_EQ(view().screen, Screen::kNeedHelp);
    EXPECT_FALSE(view().message.id.empty());
    EXPECT_EQ(view().capture.failures, 0);  // nothing was refused: it was never good
    apply(K::kRetry);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
    tick();
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);  // the timer started again
}

// The same for the selfie: a frame without a face.
TEST_F(SessionFlowTest, ASelfieWithoutAFaceGetsGuidanceThenTheShutterThenStaff) {
    const SessionPolicy policy;
    walk_to(Screen::kCaptureSelfie);
    camera_->set_frames({faceless_frame()});
    const std::int64_t since = ms();
    const std::string initial = view().capture.guidance.en;
    tick(3);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    const Text face = guidance_for(vision::Kind::kSelfie, vision::Reason::kNoFace);
    EXPECT_NE(view().capture.guidance.en, initial);
    EXPECT_EQ(view().capture.guidance.id, face.id);
    EXPECT_EQ(view().capture.guidance.en, face.en);
    EXPECT_FALSE(view().capture.shutter_enabled);

    advance(milliseconds(since + policy.shutter_after_ms - ms()));
    session_->tick();
    ASSERT_TRUE(view().capture.shutter_enabled);
    for (int i = 1; i <= policy.help_after_failures; ++i) {
        ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
        apply(K::kShutter);
        EXPECT_EQ(view().capture.failures, i);
    }
    ASSERT_EQ(view().screen, Screen::kNeedHelp);
    EXPECT_FALSE(view().message.en.empty());
    EXPECT_EQ(
        std::count(view().captured.begin(), view().captured.end(), domain::DocumentKind::kSelfie),
        0);
    apply(K::kRetry);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    EXPECT_EQ(view().capture.failures, 0);

    // No face for help_after_ms: staff again.
    advance(milliseconds(policy.help_after_ms / 2));
    apply(K::kTouch);
    tick();
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    advance(milliseconds(policy.help_after_ms / 2 + 100));
    apply(K::kTouch);
    tick();
    ASSERT_EQ(view().screen, Screen::kNeedHelp);
    apply(K::kRetry);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);

    // The face in the frame: captured, and on to the review.
    camera_->set_frames({test::selfie_frame({1280, 720}, 1)});
    ASSERT_TRUE(wait_for(Screen::kReview)) << view().capture.guidance.en;
    EXPECT_EQ(view().captured.size(), 4u);
}

// Scanned pages that fail the gate are refused with the reason's guidance and not kept.
TEST_F(SessionFlowTest, ScannedPagesThatFailTheGateAreRefusedAndNotAdded) {
    const fs::path folder = dir_ / "scanner-bad";
    fs::create_directories(folder / "sk");
    fs::create_directories(folder / "letter");
    cv::Mat blurred;
    cv::GaussianBlur(test::synthetic_page(11), blurred, {0, 0}, 6);
    cv::Mat tiny;
    cv::resize(test::synthetic_page(12), tiny, {827, 1169});  // A4 at 100 dpi
    cv::imwrite((folder / "sk" / "01.png").string(), blurred);
    cv::imwrite((folder / "sk" / "02.png").string(), tiny);
    fs::copy_file(images_->path() / "scanner" / "sk" / "page-1.png", folder / "sk" / "03.png");
    fs::copy_file(folder / "sk" / "01.png", folder / "letter" / "01.png");
    fs::copy_file(folder / "sk" / "02.png", folder / "letter" / "02.png");
    fs::copy_file(folder / "sk" / "01.png", folder / "letter" / "03.png");
    scanner_ = std::make_unique<drivers::FileScanner>(folder);
    make_session(*scanner_);
    walk_to(Screen::kCaptureSk);

    scan_pages(1);
    ASSERT_EQ(view().screen, Screen::kCaptureSk);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_EQ(view().capture.failures, 1);
    EXPECT_EQ(std::count(view().captured.begin(), view().captured.end(), domain::DocumentKind::kSk),
              0);
    ASSERT_TRUE(view().capture.verdict.has_value());
    EXPECT_TRUE(view().capture.verdict->has(vision::Reason::kBlur));
    EXPECT_EQ(view().capture.guidance.en,
              guidance_for(vision::Kind::kSk, vision::Reason::kBlur).en);
    apply(K::kNext);  // nothing accepted yet
    EXPECT_EQ(view().screen, Screen::kCaptureSk);
    EXPECT_FALSE(view().message.en.empty());

    scan_pages(1);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_EQ(view().capture.failures, 2);
    EXPECT_EQ(view().capture.guidance.id,
              guidance_for(vision::Kind::kSk, vision::Reason::kLowResolution).id);

    scan_pages(1);
    ASSERT_EQ(view().screen, Screen::kCaptureSk);
    EXPECT_EQ(view().capture.pages.size(), 1u);
    EXPECT_EQ(std::count(view().captured.begin(), view().captured.end(), domain::DocumentKind::kSk),
              1);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kCaptureLetter);

    // Three refused letter pages in a row: staff will help; nothing was kept.
    scan_pages(3);
    ASSERT_EQ(view().screen, Screen::kNeedHelp);
    EXPECT_EQ(
        std::count(view().captured.begin(), view().captured.end(), domain::DocumentKind::kLetter),
        0);
    apply(K::kRetry);
    ASSERT_EQ(view().screen, Screen::kCaptureLetter);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_EQ(view().capture.failures, 0);
}

// [SECTION] Idle timeouts and wipes -----------------------------------------------------------

TEST_F(SessionFlowTest, IdleOnConsentWipesTheSession) {
    const int idle = config_.timeouts.idle_seconds;
    const int warning = config_.timeouts.idle_warning_seconds;
    walk_to(Screen::kLanguage);
    apply(K::kLanguage, "", "en");
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kConsent);
    advance(seconds(idle - 1));
    tick();
    EXPECT_FALSE(view().idle_countdown.has_value());
    advance(seconds(2));
    tick();
    ASSERT_TRUE(view().idle_countdown.has_value());
    EXPECT_EQ(view().screen, Screen::kConsent);
    advance(seconds(warning));
    tick();
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_EQ(view().lang, domain::Lang::kId);
    EXPECT_FALSE(view().idle_countdown.has_value());
}

// The countdown counts down in whole seconds; any intent (a touch, typing, the language, the
// "I am still here" button) takes it away; then, untouched, the form is wiped.
TEST_F(SessionFlowTest, TheIdleCountdownCountsDownAndAnyIntentResetsIt) {
    const int idle = config_.timeouts.idle_seconds;
    const int warning = config_.timeouts.idle_warning_seconds;
    walk_to(Screen::kContact);
    const std::vector<Intent> intents{
        Intent::from_text(K::kTouch), Intent::from_text(K::kSetField, "phone", "081298765432"),
        Intent::from_text(K::kLanguage, "", "en"), Intent::from_text(K::kStillHere)};
    for (const auto& in : intents) {
        SCOPED_TRACE(std::string(to_code(in.kind)));
        advance(seconds(idle));
        tick();
        ASSERT_TRUE(view().idle_countdown.has_value());
        const int first = *view().idle_countdown;
        EXPECT_LE(first, warning);
        EXPECT_GE(first, warning - 1);
        advance(seconds(5));
        tick();
        ASSERT_TRUE(view().idle_countdown.has_value());
        EXPECT_EQ(*view().idle_countdown, first - 5);
        session_->apply(in);
        EXPECT_FALSE(view().idle_countdown.has_value());
        tick();
        EXPECT_FALSE(view().idle_countdown.has_value());
        EXPECT_EQ(view().screen, Screen::kContact);
    }
    EXPECT_EQ(view().applicant.phone, "081298765432");
    EXPECT_EQ(view().applicant.nik, test::good_applicant().nik);

    advance(seconds(idle + warning));
    tick();
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(applicant_is_empty(view().applicant));
    EXPECT_EQ(view().lang, domain::Lang::kId);
}

TEST_F(SessionFlowTest, IdleOnACaptureWipesTheSession) {
    const int idle = config_.timeouts.idle_seconds;
    const int warning = config_.timeouts.idle_warning_seconds;
    camera_->set_frames({blank_frame()});
    walk_to(Screen::kCaptureKtp);
    advance(seconds(idle));
    tick();
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    ASSERT_TRUE(view().idle_countdown.has_value());
    advance(seconds(warning));
    tick();
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(applicant_is_empty(view().applicant));
    EXPECT_TRUE(view().capture.preview.empty());
    EXPECT_FALSE(view().capture.verdict.has_value());
}

// After every capture: the idle wipe removes the pages, the captured documents and the forms.
TEST_F(SessionFlowTest, IdleOnReviewWipesEveryCaptureAndField) {
    const int idle = config_.timeouts.idle_seconds;
    const int warning = config_.timeouts.idle_warning_seconds;
    walk_to(Screen::kReview);
    ASSERT_EQ(view().captured.size(), 4u);
    ASSERT_FALSE(view().capture.pages.empty());  // the selfie, shown until the next capture
    advance(seconds(idle));
    tick();
    ASSERT_EQ(view().screen, Screen::kReview);
    ASSERT_TRUE(view().idle_countdown.has_value());
    advance(seconds(warning));
    tick();
    ASSERT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_TRUE(view().captured.empty());
    EXPECT_TRUE(applicant_is_empty(view().applicant));
    EXPECT_TRUE(view().capture.preview.empty());
    EXPECT_TRUE(store_->list_cases().empty());
    EXPECT_EQ(files_under(config_.data_dir / "blobs"), 0u);

    // A new session starts with nothing of the old one: its SK screen shows no pages.
    walk_to(Screen::kCaptureSk);
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_EQ(view().captured, std::vector<domain::DocumentKind>{domain::DocumentKind::kKtp});
}

// The receipt screen moves on to done, done returns to attract, and a status result returns
// to attract, each by itself.
TEST_F(SessionFlowTest, ReceiptDoneAndStatusResultMoveOnByThemselves) {
    const SessionPolicy policy;
    std::atomic<int> wakes{0};  // the sync thread is woken once the case is stored
    session_->set_sync_trigger([&wakes] { ++wakes; });
    walk_to(Screen::kReview);
    EXPECT_EQ(wakes, 0);
    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt) << view().message.en;
    wait_idle_work();
    ASSERT_TRUE(view().printed) << view().message.en;
    EXPECT_EQ(wakes, 1);
    EXPECT_EQ(store_->outbox_counts().pending, 1);
    const std::string receipt = view().receipt_no;

    advance(seconds(policy.receipt_seconds - 1));
    tick();
    EXPECT_EQ(view().screen, Screen::kReceipt);
    advance(seconds(1));
    tick();
    ASSERT_EQ(view().screen, Screen::kDone);
    advance(seconds(policy.done_seconds - 1));
    tick();
    EXPECT_EQ(view().screen, Screen::kDone);
    advance(seconds(1));
    tick();
    ASSERT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(applicant_is_empty(view().applicant));
    EXPECT_TRUE(view().receipt_no.empty());
    EXPECT_TRUE(view().captured.empty());

    apply(K::kStatusLookup);
    session_->apply(Intent::type_receipt(receipt, phone_last_digits(test::good_applicant().phone)));
    ASSERT_EQ(view().screen, Screen::kStatusResult);
    advance(seconds(policy.status_seconds - 1));
    tick();
    EXPECT_EQ(view().screen, Screen::kStatusResult);
    advance(seconds(1));
    tick();
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_FALSE(view().status.has_value());
}

// [SECTION] Cancel, back, edit, retake --------------------------------------------------------

TEST_F(SessionFlowTest, CancelOnEveryScreenOfThePathWipesAndStoresNothing) {
    for (Screen s : {Screen::kLanguage, Screen::kConsent, Screen::kIdentity, Screen::kContact,
                     Screen::kWork, Screen::kCaptureKtp, Screen::kCaptureSk, Screen::kCaptureLetter,
                     Screen::kCaptureSelfie, Screen::kReview}) {
        SCOPED_TRACE(std::string(to_code(s)));
        walk_to(s);
        ASSERT_EQ(view().screen, s);
        apply(K::kLanguage, "", "en");
        apply(K::kCancel);
        ASSERT_EQ(view().screen, Screen::kAttract);
        EXPECT_TRUE(applicant_is_empty(view().applicant));
        EXPECT_TRUE(view().captured.empty());
        EXPECT_TRUE(view().capture.pages.empty());
        EXPECT_TRUE(view().capture.preview.empty());
        EXPECT_EQ(view().lang, domain::Lang::kId);
        EXPECT_EQ(view().step, 0);
    }
    EXPECT_TRUE(store_->list_cases().empty());
    EXPECT_EQ(files_under(config_.data_dir / "blobs"), 0u);
    EXPECT_EQ(files_under(dir_ / "printed"), 0u);
}

TEST_F(SessionFlowTest, DecliningConsentEndsTheSession) {
    walk_to(Screen::kConsent);
    apply(K::kDecline);
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(applicant_is_empty(view().applicant));
    apply(K::kStart);  // a new session can start
    EXPECT_EQ(view().screen, Screen::kLanguage);
}

TEST_F(SessionFlowTest, BackWalksThePathBackwardsKeepingWhatWasDone) {
    walk_to(Screen::kReview);
    const auto a = test::good_applicant();
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    EXPECT_EQ(view().step, 9);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kCaptureLetter);
    EXPECT_EQ(view().capture.pages.size(), 1u);  // the scanned pages are shown again
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kCaptureSk);
    EXPECT_EQ(view().capture.pages.size(), 2u);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    EXPECT_EQ(view().captured.size(), 4u);
    apply(K::kNext);  // the KTP is already taken: Next goes on without a new capture
    ASSERT_EQ(view().screen, Screen::kCaptureSk);
    apply(K::kBack);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kWork);
    EXPECT_EQ(view().applicant.office_address, a.office_address);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kContact);
    EXPECT_EQ(view().applicant.email, a.email);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kIdentity);
    EXPECT_EQ(view().applicant.nik, a.nik);
    EXPECT_EQ(view().step, 3);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kConsent);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kLanguage);
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(applicant_is_empty(view().applicant));
    EXPECT_TRUE(view().captured.empty());
    EXPECT_TRUE(store_->list_cases().empty());
}

// Editing from review comes back to review (not to the next screen), and so does a retake.
TEST_F(SessionFlowTest, EditAndRetakeFromReviewComeBackToReview) {
    walk_to(Screen::kReview);
    apply(K::kEdit, "capture_ktp");  // not a form: ignored
    EXPECT_EQ(view().screen, Screen::kReview);

    apply(K::kEdit, "contact");
    ASSERT_EQ(view().screen, Screen::kContact);
    EXPECT_EQ(view().applicant.phone, test::good_applicant().phone);
    set("phone", "0812-9876-5432");
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kReview) << view().message.en;
    EXPECT_EQ(view().applicant.phone, "+6281298765432");

    apply(K::kEdit, "identity");
    ASSERT_EQ(view().screen, Screen::kIdentity);
    apply(K::kBack);  // back from an edit is back to review
    ASSERT_EQ(view().screen, Screen::kReview);

    apply(K::kRetake, "ktp");
    ASSERT_EQ(view().screen, Screen::kCaptureKtp);
    ASSERT_TRUE(wait_for(Screen::kReview)) << view().capture.guidance.en;
    EXPECT_EQ(view().captured.size(), 4u);

    // After edits, back from review still walks down the path: selfie, then the letter.
    apply(K::kBack);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    apply(K::kBack);
    EXPECT_EQ(view().screen, Screen::kCaptureLetter);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
    ASSERT_TRUE(wait_for(Screen::kReview)) << view().capture.guidance.en;

    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt) << view().message.en;
    wait_idle_work();
    const auto rec = store_->find_by_receipt(view().receipt_no);
    ASSERT_TRUE(rec.has_value());
    EXPECT_EQ(rec->applicant.phone, "+6281298765432");
    EXPECT_EQ(rec->attachments.size(), 4u);
}

// [SECTION] Language --------------------------------------------------------------------------

TEST_F(SessionFlowTest, SwitchingLanguageMidSessionKeepsTheDataAndTheErrors) {
    walk_to(Screen::kContact);
    set("email", "siti.rahmawati@gmail.com");
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kContact);
    ASSERT_FALSE(view().errors.empty());
    EXPECT_EQ(view().errors.front().field, "email");
    EXPECT_EQ(view().lang, domain::Lang::kId);
    const auto errors = view().errors;

    apply(K::kLanguage, "", "en");
    EXPECT_EQ(view().lang, domain::Lang::kEn);
    EXPECT_EQ(view().screen, Screen::kContact);
    ASSERT_EQ(view().errors.size(), errors.size());
    EXPECT_EQ(view().errors.front().problem.code, errors.front().problem.code);
    const auto& p = view().errors.front().problem;
    EXPECT_FALSE(p.message(domain::Lang::kEn).empty());
    EXPECT_NE(p.message(domain::Lang::kEn), p.message(domain::Lang::kId));
    EXPECT_EQ(view().message.in(view().lang), "Please check the marked fields.");
    EXPECT_EQ(view().applicant.nik, test::good_applicant().nik);
    EXPECT_EQ(view().applicant.email, "siti.rahmawati@gmail.com");
    apply(K::kLanguage, "", "fr");  // not offered: ignored
    EXPECT_EQ(view().lang, domain::Lang::kEn);

    set("email", test::good_applicant().email);
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kWork);
    EXPECT_EQ(view().lang, domain::Lang::kEn);
    set("work_unit", "Dinas Yang Tidak Ada");
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kWork);
    ASSERT_FALSE(view().errors.empty());
    apply(K::kLanguage, "", "id");
    EXPECT_EQ(view().message.in(view().lang), "Periksa isian yang ditandai.");
}

// [SECTION] Scanner faults --------------------------------------------------------------------

// A scanner that is not there: the fault screen, which comes back by itself when it appears;
// then an empty glass (a message, stay) and a jam (staff).
TEST_F(SessionFlowTest, ScannerMissingEmptyAndJammed) {
    const fs::path folder = dir_ / "scanner-later";
    scanner_ = std::make_unique<drivers::FileScanner>(folder);
    make_session(*scanner_);
    walk_to(Screen::kCaptureKtp);
    ASSERT_TRUE(wait_for(Screen::kDeviceFault)) << to_code(view().screen);
    EXPECT_EQ(view().fault_device, FaultDevice::kScanner);
    EXPECT_EQ(view().step, 0);
    EXPECT_EQ(view().message.en, "The scanner is not connected. Staff will help you.");
    apply(K::kRetry);
    EXPECT_EQ(view().screen, Screen::kDeviceFault);
    tick(5);
    EXPECT_EQ(view().screen, Screen::kDeviceFault);
    EXPECT_EQ(view().applicant.nik, test::good_applicant().nik);

    fs::copy(images_->path() / "scanner", folder, fs::copy_options::recursive);
    tick();
    ASSERT_EQ(view().screen, Screen::kCaptureSk);
    EXPECT_EQ(view().step, 7);

    scanner_->set_fault(drivers::ScanFault::kNoDocument);
    scan_pages(1);
    EXPECT_EQ(view().screen, Screen::kCaptureSk);
    EXPECT_EQ(view().message.en, "Place the document on the scanner, then press Scan.");
    EXPECT_TRUE(view().capture.pages.empty());
    EXPECT_EQ(view().capture.failures, 0);

    scanner_->set_fault(drivers::ScanFault::kJammed);
    scan_pages(1);
    ASSERT_EQ(view().screen, Screen::kNeedHelp);
    EXPECT_EQ(view().message.en, "Paper is jammed in the scanner. Please call the staff.");

    scanner_->set_fault(drivers::ScanFault::kNone);
    apply(K::kRetry);
    ASSERT_EQ(view().screen, Screen::kCaptureSk);
    scan_pages(1);
    EXPECT_EQ(view().capture.pages.size(), 1u) << view().message.en;
}

// The SK and the letter through real libsane (the pnm backend fed with PPM files), to a
// stored case.
TEST_F(SessionFlowTest, AWholeSessionScansThroughSaneToAStoredCase) {
    const fs::path pnm = dir_ / "pnm";
    fs::create_directories(pnm / "sk");
    fs::create_directories(pnm / "letter");
    ASSERT_TRUE(cv::imwrite((pnm / "sk" / "01.ppm").string(), test::synthetic_page(21)));
    ASSERT_TRUE(cv::imwrite((pnm / "sk" / "02.ppm").string(), test::synthetic_page(22)));
    ASSERT_TRUE(cv::imwrite((pnm / "letter" / "01.ppm").string(), test::synthetic_page(23)));
    drivers::SaneConfig c;
    c.device = "pnm:0";
    c.config_dir = sane_config_dir();
    c.pnm_folder = pnm;
    // pnm's option values outlive every handle in the process: reset them.
    c.options = {{"status", "yes"},      {"grayify", "no"},      {"three-pass", "no"},
                 {"hand-scanner", "no"}, {"custom-gamma", "no"}, {"default-enhancements", ""}};
    other_scanner_ = drivers::make_sane_scanner(c);
    ASSERT_TRUE(other_scanner_->health().ok()) << other_scanner_->health().detail;
    make_session(*other_scanner_);

    walk_to(Screen::kReview);
    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt) << view().message.en;
    wait_idle_work();
    EXPECT_TRUE(view().printed);
    const auto rec = store_->find_by_receipt(view().receipt_no);
    ASSERT_TRUE(rec.has_value());
    ASSERT_EQ(rec->attachments.size(), 4u);
    int pdfs = 0;
    for (const auto& att : rec->attachments) {
        if (att.kind == domain::DocumentKind::kSk || att.kind == domain::DocumentKind::kLetter) {
            EXPECT_EQ(att.media_type, "application/pdf");
            const auto bytes = store_->read_attachment(att.sha256);
            ASSERT_GT(bytes.size(), 4u);
            EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "%PDF");
            ++pdfs;
        }
    }
    EXPECT_EQ(pdfs, 2);
    session_.reset();  // before the scanner it uses
}

// [SECTION] Status lookup by QR ---------------------------------------------------------------

class StatusByQrTest : public SessionFlowTest {
  protected:
    // Shows `frame` to the camera on the status lookup screen until something happens.
    void show(const cv::Mat& frame) {
        apply(K::kStatusLookup);
        ASSERT_EQ(view().screen, Screen::kStatusLookup);
        camera_->set_frames({frame});
        for (int i = 0;
             i < 30 && view().screen == Screen::kStatusLookup && view().lookup_fault.empty(); ++i) {
            tick();
        }
    }
    printing::ReceiptClaim claim_for(const std::string& receipt_no) const {
        return {receipt_no, platform::new_uuid_v4(), "PKY1",
                std::chrono::floor<seconds>(clock_.now())};
    }
};

TEST_F(StatusByQrTest, AValidReceiptShowsTheMaskedStatusAndHistory) {
    const auto rec = stored_case();
    const auto content = receipt_content(rec, *key_, config_.utc_offset_minutes);
    show(qr_frame(content.qr_payload));
    ASSERT_EQ(view().screen, Screen::kStatusResult) << view().lookup_fault;
    ASSERT_TRUE(view().status.has_value());
    EXPECT_EQ(view().status->receipt_no, rec.receipt_no);
    EXPECT_EQ(view().status->status, domain::CaseStatus::kReceived);
    EXPECT_EQ(view().status->masked_name, domain::mask_name(rec.applicant.certificate_name));
    EXPECT_EQ(view().status->masked_name.find("Rahmawati"), std::string::npos);
    ASSERT_FALSE(view().status->history.empty());
    EXPECT_EQ(view().status->history.front().status, domain::CaseStatus::kReceived);
    EXPECT_FALSE(view().status->label.en.empty());
    EXPECT_TRUE(view().lookup_fault.empty());
    apply(K::kFinish);
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_FALSE(view().status.has_value());
}

TEST_F(StatusByQrTest, AnUnknownButSignedReceiptIsNotKnownHere) {
    stored_case();
    const std::string number = domain::make_receipt_number("PKY1", {2026, 11, 24}, 77);
    show(qr_frame(printing::make_payload(claim_for(number), *key_)));
    EXPECT_EQ(view().screen, Screen::kStatusLookup);
    EXPECT_EQ(view().lookup_fault, "unknown_receipt");
    EXPECT_NE(view().message.en.find(number), std::string::npos) << view().message.en;
    EXPECT_FALSE(view().status.has_value());
}

TEST_F(StatusByQrTest, AForgedReceiptIsRefused) {
    const auto rec = stored_case();
    const auto forger = platform::SigningKey::generate();
    auto claim = claim_for(rec.receipt_no);
    claim.case_id = rec.case_id;
    show(qr_frame(printing::make_payload(claim, forger)));
    EXPECT_EQ(view().screen, Screen::kStatusLookup);
    EXPECT_EQ(view().lookup_fault, "bad_signature");
    EXPECT_EQ(view().message.en, "This receipt is not valid. Please ask the staff.");
    EXPECT_FALSE(view().status.has_value());
}

// (issue 16, item 20) Two receipts in view, in either order: the kiosk asks for one, and shows
// neither case.
TEST_F(StatusByQrTest, TwoReceiptsInViewAskForOneAtATime) {
    const auto a = stored_case("6271014508900001");
    const auto b = stored_case("3171010101900002");
    const auto code = [&](const domain::CaseRecord& rec) {
        const cv::Mat f =
            qr_frame(receipt_content(rec, *key_, config_.utc_offset_minutes).qr_payload);
        return f(cv::Rect(440, 0, 400, 720)).clone();  // the code, centred in the frame
    };
    for (const bool swap : {false, true}) {
        cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(150, 140, 130));
        code(swap ? b : a).copyTo(frame(cv::Rect(100, 0, 400, 720)));
        code(swap ? a : b).copyTo(frame(cv::Rect(780, 0, 400, 720)));
        show(frame);
        EXPECT_EQ(view().screen, Screen::kStatusLookup);
        EXPECT_EQ(view().lookup_fault, "several_receipts");
        EXPECT_EQ(view().message.en,
                  "More than one code is in front of the camera. Show one receipt at a time.");
        EXPECT_FALSE(view().status.has_value());
        apply(K::kBack);
    }
}

// (issue 16, item 12) A receipt with a dead line of dots through a finder pattern: the
// direct read misses it, the camera's repair passes read it within a few frames.
TEST_F(StatusByQrTest, AReceiptWithDeadDotsIsReadByTheCamera) {
    const auto rec = stored_case();
    cv::Mat frame = qr_frame(receipt_content(rec, *key_, config_.utc_offset_minutes).qr_payload);
    // A dead line of 2 dots through the middle of the finder patterns on either side.
    const auto found = drivers::find_qr_codes(frame);
    ASSERT_EQ(found.size(), 1u);
    const int left = found[0].x - found[0].side / 2, right = found[0].x + found[0].side / 2;
    frame.colRange(left + 20, left + 22).setTo(cv::Scalar(255, 255, 255));
    frame.colRange(right - 22, right - 20).setTo(cv::Scalar(255, 255, 255));
    ASSERT_TRUE(drivers::read_qr_codes(frame).empty()) << "the direct read must miss it";
    show(frame);
    EXPECT_EQ(view().screen, Screen::kStatusResult) << view().lookup_fault;
}

TEST_F(StatusByQrTest, AForeignQrCodeIsNotAReceipt) {
    show(qr_frame("HELLO"));
    EXPECT_EQ(view().screen, Screen::kStatusLookup);
    EXPECT_EQ(view().lookup_fault, "payload.not_anjungan");
    EXPECT_EQ(view().message.en, "This code is not an Anjungan receipt.");
}

// [SECTION] Admin mode ------------------------------------------------------------------------

TEST_F(SessionFlowTest, WrongAdminPinsDelayThenLockOut) {
    add_staff();
    make_guard();
    apply(K::kAdminGesture);
    ASSERT_EQ(view().screen, Screen::kAdminPin);
    apply(K::kAdminPin, "", kWrongPin);
    EXPECT_EQ(view().screen, Screen::kAdminPin);
    EXPECT_FALSE(view().admin.unlocked);
    EXPECT_FALSE(view().admin.message.en.empty());
    EXPECT_GT(view().admin.wait_seconds, 0);
    EXPECT_EQ(read_failure_state(config_.data_dir).failures, 1);
    EXPECT_TRUE(audited("kiosk", "admin unlock failed"));
    // During the delay even the right PIN is not checked.
    apply(K::kAdminPin, "", kStaffPin);
    EXPECT_EQ(view().screen, Screen::kAdminPin);
    EXPECT_TRUE(audited("kiosk", "admin unlock refused", "must wait"));

    for (int n = 2; n <= AdminPolicy{}.max_failures_before_lockout; ++n) {
        advance(seconds(view().admin.wait_seconds));
        tick();
        EXPECT_EQ(view().admin.wait_seconds, 0);
        apply(K::kAdminPin, "", kWrongPin);
        ASSERT_EQ(view().screen, Screen::kAdminPin);
        EXPECT_EQ(read_failure_state(config_.data_dir).failures, n);
    }
    EXPECT_TRUE(read_failure_state(config_.data_dir).locked_out);
    EXPECT_GE(view().admin.wait_seconds, 60);

    apply(K::kAdminPin, "", kStaffPin);
    EXPECT_EQ(view().screen, Screen::kAdminPin);
    EXPECT_FALSE(view().admin.unlocked);
    EXPECT_GT(view().admin.wait_seconds, 0);
    EXPECT_NE(view().admin.message.en.find("locked"), std::string::npos) << view().admin.message.en;
    EXPECT_TRUE(audited("kiosk", "admin unlock refused", "locked out"));
    EXPECT_FALSE(audited(kStaffId, "admin unlock"));

    // The PIN pad, left alone, closes; the gesture opens it again, still locked out.
    apply(K::kCancel);
    EXPECT_EQ(view().screen, Screen::kAttract);
    apply(K::kAdminGesture);
    ASSERT_EQ(view().screen, Screen::kAdminPin);
    EXPECT_GT(view().admin.wait_seconds, 0);
    EXPECT_FALSE(view().admin.message.en.empty());
}

TEST_F(SessionFlowTest, AdminModeShowsHealthAndEveryActionIsAudited) {
    const auto rec = stored_case();
    const auto first =
        print_receipt(*store_, *printer_, *key_, config_, rec.case_id, "kiosk", clock_);
    ASSERT_TRUE(first.result.printed);
    ASSERT_EQ(first.record.copy, 0);
    add_staff();
    make_guard();
    unlock();

    const auto& a = view().admin;
    EXPECT_TRUE(a.unlocked);
    EXPECT_EQ(a.staff_id, kStaffId);
    EXPECT_GT(a.seconds_until_lock, 0);
    EXPECT_EQ(a.camera.state, camera_->health().state);
    EXPECT_EQ(a.camera.device, camera_->health().device);
    EXPECT_EQ(a.scanner.state, drivers::DeviceState::kOk);
    EXPECT_EQ(a.printer.state, printing::PrinterState::kReady);
    EXPECT_GT(a.disk_free_bytes, 0u);
    EXPECT_EQ(a.outbox.pending, 1);
    EXPECT_TRUE(a.awaiting_print.empty());
    ASSERT_EQ(a.recent.size(), 1u);
    EXPECT_EQ(a.recent.front().receipt_no, rec.receipt_no);
    EXPECT_FALSE(a.recent.front().masked_name.empty());
    const auto person = test::good_applicant();
    for (const auto& c : a.recent) {
        for (const std::string* s :
             {&c.case_id, &c.receipt_no, &c.created_at, &c.masked_name, &c.work_unit}) {
            EXPECT_EQ(s->find(person.nik), std::string::npos) << *s;
            EXPECT_EQ(s->find("Rahmawati"), std::string::npos) << *s;
            EXPECT_EQ(s->find(person.nip), std::string::npos) << *s;
        }
    }
    EXPECT_FALSE(a.audit.empty());

    printer_->set_state(printing::PrinterState::kOutOfPaper);
    apply(K::kAdminAction, "refresh");
    EXPECT_EQ(view().admin.printer.state, printing::PrinterState::kOutOfPaper);
    printer_->set_state(printing::PrinterState::kReady);

    const std::size_t printed = files_under(dir_ / "printed");
    apply(K::kAdminAction, "test_print");
    EXPECT_EQ(view().admin.message.en, "Test print done.");
    EXPECT_EQ(files_under(dir_ / "printed"), printed + 1);

    apply(K::kAdminAction, "reprint", rec.receipt_no);
    const auto prints = store_->prints_of(rec.case_id);
    ASSERT_EQ(prints.size(), 2u);
    EXPECT_EQ(prints.back().copy, 1);
    EXPECT_EQ(prints.back().requested_by, "staff:" + kStaffId);
    EXPECT_EQ(prints.back().state, kiosk::PrintState::kPrinted);
    EXPECT_NE(view().admin.message.en.find("copy 1"), std::string::npos) << view().admin.message.en;
    EXPECT_EQ(files_under(dir_ / "printed"), printed + 2);
    apply(K::kAdminAction, "reprint", "PKY1-261124-0099-X");
    EXPECT_NE(view().admin.message.en.find("not found"), std::string::npos);
    // An action no table knows is named back, and nothing is audited for it.
    const auto audit_before = store_->audit_log(1000).size();
    apply(K::kAdminAction, "format_disk");
    EXPECT_EQ(view().admin.message.en, "Unknown action: format_disk");
    EXPECT_EQ(store_->audit_log(1000).size(), audit_before);

    // "Send to the office now": without a sync thread it says so; with one it wakes it. The
    // office's refusals and the last sync come from the store.
    EXPECT_TRUE(view().admin.last_sync.empty());
    apply(K::kAdminAction, "sync");
    EXPECT_NE(view().admin.message.en.find("not running"), std::string::npos);
    int wakes = 0;
    session_->set_sync_trigger([&wakes] { ++wakes; });
    apply(K::kAdminAction, "sync");
    EXPECT_EQ(wakes, 1);
    EXPECT_NE(view().admin.message.en.find("started"), std::string::npos);
    store_->outbox_quarantine(rec.case_id, "HTTP 422: applicant: email");
    store_->record_sync(false, "HTTP 422: applicant: email");
    apply(K::kAdminAction, "refresh");
    ASSERT_EQ(view().admin.quarantined.size(), 1u);
    EXPECT_NE(view().admin.quarantined[0].find(rec.receipt_no), std::string::npos);
    EXPECT_EQ(view().admin.sync_error, "HTTP 422: applicant: email");
    EXPECT_EQ(view().admin.outbox.quarantined, 1);
    store_->record_sync(true, "");
    apply(K::kAdminAction, "refresh");
    EXPECT_FALSE(view().admin.last_sync.empty());
    EXPECT_TRUE(view().admin.sync_error.empty());
    session_->set_sync_trigger(nullptr);

    apply(K::kAdminAction, "out_of_service", "on");
    EXPECT_EQ(view().screen, Screen::kAdmin);
    apply(K::kAdminAction, "lock");
    ASSERT_EQ(view().screen, Screen::kOutOfService);
    EXPECT_FALSE(view().message.en.empty());
    apply(K::kStart);
    EXPECT_EQ(view().screen, Screen::kOutOfService);
    apply(K::kStatusLookup);
    EXPECT_EQ(view().screen, Screen::kOutOfService);
    tick(3);
    EXPECT_EQ(view().screen, Screen::kOutOfService);

    unlock();
    apply(K::kAdminAction, "out_of_service", "off");
    apply(K::kAdminAction, "lock");
    ASSERT_EQ(view().screen, Screen::kAttract);
    apply(K::kStart);
    EXPECT_EQ(view().screen, Screen::kLanguage);

    EXPECT_TRUE(audited(kStaffId, "admin unlock", "pin"));
    EXPECT_TRUE(audited(kStaffId, "admin refresh"));
    EXPECT_TRUE(audited(kStaffId, "admin test_print"));
    EXPECT_TRUE(audited(kStaffId, "admin sync"));
    EXPECT_TRUE(audited(kStaffId, "admin reprint", rec.receipt_no));
    EXPECT_TRUE(audited(kStaffId, "admin out_of_service", "on"));
    EXPECT_TRUE(audited(kStaffId, "admin out_of_service", "off"));
    EXPECT_TRUE(audited(kStaffId, "admin lock"));
    for (const auto& e : store_->audit_log(500)) {
        EXPECT_EQ(e.detail.find(kStaffPin), std::string::npos) << e.action;
        if (e.action.rfind("admin ", 0) == 0 && e.action != "admin unlock failed" &&
            e.action != "admin unlock refused" && e.action != "admin action refused") {
            EXPECT_EQ(e.actor, kStaffId) << e.action;
        }
    }
}

TEST_F(SessionFlowTest, AdminModeLocksItselfAfterInactivity) {
    const int inactivity = AdminPolicy{}.inactivity_seconds;
    add_staff();
    make_guard();
    unlock();
    advance(seconds(inactivity - 20));
    apply(K::kAdminAction, "refresh");  // an action is activity
    advance(seconds(inactivity - 1));
    tick();
    ASSERT_EQ(view().screen, Screen::kAdmin);
    EXPECT_LE(view().admin.seconds_until_lock, 1);
    advance(seconds(2));
    tick();
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_FALSE(view().admin.unlocked);
    EXPECT_TRUE(view().admin.staff_id.empty());
    EXPECT_TRUE(audited(kStaffId, "admin lock", "inactivity"));
    apply(K::kAdminAction, "test_print");  // not in admin mode any more: nothing
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_FALSE(audited(kStaffId, "admin test_print"));
}

// A touch on the admin screen is activity like any other (Intent::kTouch: "any touch: resets
// the idle timer"; AdminGuard::touch: "any admin interaction"): admin mode must not lock itself
// while staff are using it.
TEST_F(SessionFlowTest, ATouchInAdminModeKeepsItUnlocked) {
    const int inactivity = AdminPolicy{}.inactivity_seconds;
    add_staff();
    make_guard();
    unlock();
    advance(seconds(inactivity - 20));
    apply(K::kTouch);
    advance(seconds(inactivity - 20));
    tick();
    EXPECT_EQ(view().screen, Screen::kAdmin);
    EXPECT_TRUE(view().admin.unlocked);
}

TEST_F(SessionFlowTest, TheAdminGestureIsIgnoredMidSession) {
    add_staff();
    make_guard();
    for (Screen s : {Screen::kIdentity, Screen::kCaptureKtp}) {
        SCOPED_TRACE(std::string(to_code(s)));
        camera_->set_frames({blank_frame()});
        walk_to(s);
        apply(K::kAdminGesture);
        EXPECT_EQ(view().screen, s);
        EXPECT_EQ(view().applicant.nik, test::good_applicant().nik);
        apply(K::kAdminPin, "", kStaffPin);
        EXPECT_EQ(view().screen, s);
        EXPECT_FALSE(view().admin.unlocked);
        apply(K::kCancel);
    }
    EXPECT_FALSE(audited(kStaffId, "admin unlock"));
}

// [SECTION] The store fails at submit ---------------------------------------------------------

// The store's attachment folder replaced by a file (what a broken or full disk looks like to
// the store: it cannot create the attachment's folder): nothing is saved, staff are called,
// and everything the person entered is still there, so the case can be finished once fixed.
TEST_F(SessionFlowTest, AStoreThatCannotWriteKeepsTheApplicantsData) {
    walk_to(Screen::kReview);
    const fs::path blobs = config_.data_dir / "blobs";
    fs::remove_all(blobs);
    std::ofstream(blobs) << "not a folder";
    apply(K::kSubmit);
    wait_idle_work();
    ASSERT_EQ(view().screen, Screen::kNeedHelp);
    EXPECT_NE(view().message.en.find("Your data is still here"), std::string::npos)
        << view().message.en;
    EXPECT_NE(view().message.id.find("Data Anda masih ada"), std::string::npos);
    EXPECT_TRUE(view().receipt_no.empty());
    EXPECT_EQ(view().applicant.nik, test::good_applicant().nik);
    EXPECT_EQ(view().applicant.email, test::good_applicant().email);
    EXPECT_EQ(view().captured.size(), 4u);
    EXPECT_TRUE(store_->list_cases().empty());
    EXPECT_FALSE(session_->last_case().has_value());

    fs::remove(blobs);
    fs::create_directories(blobs);
    apply(K::kRetry);
    ASSERT_EQ(view().screen, Screen::kReview);
    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt) << view().message.en;
    wait_idle_work();
    const auto rec = store_->find_by_receipt(view().receipt_no);
    ASSERT_TRUE(rec.has_value());
    EXPECT_EQ(rec->applicant.nik, test::good_applicant().nik);
    EXPECT_EQ(rec->attachments.size(), 4u);
}

}  // namespace
}  // namespace anjungan::kiosk
