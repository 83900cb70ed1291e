// The walk-in session driven by scripted intents with simulated devices (a camera playing
// image files, a scanner reading files, a printer writing files) on an injected clock.
#include "anjungan/kiosk/session.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "anjungan/platform/receipt_number.hpp"
#include "fixtures.hpp"
#include "test_support.hpp"

namespace anjungan::kiosk {
namespace {

namespace fs = std::filesystem;
using K = Intent::Kind;
using test::TempDir;

// Good images for every capture: a KTP frame, a selfie frame, two SK pages and a letter page.
void write_good_images(const fs::path& camera, const fs::path& scanner) {
    fs::create_directories(camera / "ktp");
    fs::create_directories(camera / "selfie");
    fs::create_directories(scanner / "sk");
    fs::create_directories(scanner / "letter");
    cv::imwrite((camera / "ktp" / "frame.png").string(), test::ktp_frame({1920, 1080}, 3));
    cv::imwrite((camera / "selfie" / "frame.png").string(), test::selfie_frame({1280, 720}, 1));
    cv::imwrite((scanner / "sk" / "1.png").string(), test::synthetic_page(11));
    cv::imwrite((scanner / "sk" / "2.png").string(), test::synthetic_page(12));
    cv::imwrite((scanner / "letter" / "1.png").string(), test::synthetic_page(13));
}

class SessionTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        images_ = new TempDir();
        write_good_images(images_->path() / "camera", images_->path() / "scanner");
    }
    static void TearDownTestSuite() {
        delete images_;
        images_ = nullptr;
    }

    void SetUp() override {
        config_.data_dir = dir_ / "data";
        config_.email_domains = {"palangkaraya.go.id"};
        StoreOptions o;
        o.data_dir = config_.data_dir;
        store_ = Store::open(o, clock_);
        key_ = std::make_unique<platform::SigningKey>(
            platform::SigningKey::read_file(signing_key_path(o.data_dir)));
        camera_ = std::make_unique<drivers::FileCamera>(images_->path() / "camera", 25.0,
                                                        [this] { return ms(); });
        scanner_ = std::make_unique<drivers::FileScanner>(images_->path() / "scanner");
        printer_ = std::make_unique<printing::FilePrinter>(dir_ / "printed");
        make_session();
    }

    void make_session() {
        session_ = std::make_unique<Session>(
            *store_, SessionDevices{*camera_, *scanner_, *printer_}, *key_, config_, clock_,
            &test::face_model(), known_kiosk_keys(config_.data_dir, "PKY1"));
    }

    std::int64_t ms() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   clock_.now().time_since_epoch())
            .count();
    }
    void advance(std::chrono::milliseconds d) { clock_.set(clock_.now() + d); }
    void tick(int n = 1) {
        for (int i = 0; i < n; ++i) {
            advance(std::chrono::milliseconds(40));
            session_->tick();
        }
    }
    // Ticks until the screen is `s` (at most `limit` ticks); background work (scans, prints)
    // gets real time to finish.
    bool wait_for(Screen s, int limit = 1500) {
        for (int i = 0; i < limit && view().screen != s; ++i) {
            tick();
            if (view().capture.scanning || view().saving || view().printing) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        }
        return view().screen == s;
    }
    void wait_idle_work() {
        for (int i = 0; i < 5000 && (view().capture.scanning || view().saving || view().printing);
             ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            session_->tick();
        }
    }
    void apply(K kind, std::string field = {}, std::string value = {}) {
        session_->apply({kind, std::move(field), std::move(value)});
    }
    void set(const std::string& field, const std::string& value) {
        apply(K::kSetField, field, value);
    }
    const SessionView& view() const { return session_->view(); }

    void fill_identity(const Applicant& a = test::good_applicant()) {
        set("full_name", a.full_name);
        set("nik", a.nik);
        set("employment", std::string(to_code(a.employment)));
        set("nip", a.nip);
        set("sex", std::string(to_code(a.sex)));
    }
    void fill_contact_and_work(const Applicant& a = test::good_applicant()) {
        ASSERT_EQ(view().screen, Screen::kContact);
        set("email", a.email);
        set("phone", a.phone);
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kWork) << view().message.en;
        set("work_unit", a.work_unit);
        set("position", a.position);
        set("office_address", a.office_address);
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureKtp) << view().message.en;
    }
    void to_identity() {
        apply(K::kStart);
        ASSERT_EQ(view().screen, Screen::kLanguage);
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kConsent);
        // The consent screen says what is collected, why, how long, and under which law.
        ASSERT_GE(view().notice.size(), 4u);
        std::string all;
        for (const auto& t : view().notice) {
            EXPECT_FALSE(t.id.empty());
            EXPECT_FALSE(t.en.empty());
            all += t.id + " ";
        }
        EXPECT_NE(all.find("UU 27/2022"), std::string::npos);
        EXPECT_NE(all.find("NIK"), std::string::npos);
        EXPECT_NE(all.find("dihapus"), std::string::npos);
        apply(K::kAccept);
        ASSERT_EQ(view().screen, Screen::kIdentity);
    }
    void scan_pages(int n) {
        for (int i = 0; i < n; ++i) {
            apply(K::kScanPage);
            wait_idle_work();
            tick();
        }
    }
    // The whole walk to the review screen.
    void to_review() {
        to_identity();
        fill_identity();
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kContact) << view().message.en;
        fill_contact_and_work();
        ASSERT_TRUE(wait_for(Screen::kCaptureSk))
            << to_code(view().screen) << ": " << view().capture.guidance.en;
        scan_pages(2);
        ASSERT_EQ(view().capture.pages.size(), 2u) << view().message.en;
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureLetter);
        scan_pages(1);
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
        ASSERT_TRUE(wait_for(Screen::kReview))
            << to_code(view().screen) << ": " << view().capture.guidance.en;
    }

    static inline TempDir* images_ = nullptr;
    TempDir dir_;
    platform::FixedClock clock_{platform::utc_time(2026, 11, 24, 2, 0)};
    platform::Config config_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<platform::SigningKey> key_;
    std::unique_ptr<drivers::FileCamera> camera_;
    std::unique_ptr<drivers::FileScanner> scanner_;
    std::unique_ptr<printing::FilePrinter> printer_;
    std::unique_ptr<Session> session_;
};

TEST_F(SessionTest, TheHappyPathSavesTheCaseAndPrintsItsReceipt) {
    to_review();
    EXPECT_EQ(view().step, 10);
    EXPECT_EQ(view().captured.size(), 4u);
    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt) << view().message.en;
    EXPECT_TRUE(view().saving);
    wait_idle_work();
    ASSERT_FALSE(view().receipt_no.empty());
    EXPECT_TRUE(view().printed) << view().message.en;
    EXPECT_EQ(view().printer_state, "ready");

    const auto rec = store_->find_by_receipt(view().receipt_no);
    ASSERT_TRUE(rec.has_value());
    EXPECT_EQ(rec->applicant.nik, test::good_applicant().nik);
    EXPECT_EQ(rec->attachments.size(), 4u);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "printed"), fs::directory_iterator{}), 1);

    apply(K::kFinish);
    EXPECT_EQ(view().screen, Screen::kDone);
    tick(10 * 25 + 5);  // the done screen returns to attract by itself
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(view().applicant.nik.empty());
    EXPECT_TRUE(view().receipt_no.empty());
}

TEST_F(SessionTest, APrinterOutOfPaperNeverLosesTheCase) {
    printer_->set_state(printing::PrinterState::kOutOfPaper);
    to_review();
    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt);
    wait_idle_work();
    EXPECT_FALSE(view().printed);
    EXPECT_EQ(view().printer_state, "out_of_paper");
    EXPECT_NE(view().message.id.find(view().receipt_no), std::string::npos) << view().message.id;
    EXPECT_TRUE(store_->find_by_receipt(view().receipt_no).has_value());
    ASSERT_EQ(store_->awaiting_print().size(), 1u);
}

TEST_F(SessionTest, ValidationErrorsStayAtTheFieldInThePersonsLanguage) {
    to_identity();
    apply(K::kLanguage, "", "en");
    fill_identity();
    set("nik", "12345");
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kIdentity);
    ASSERT_FALSE(view().errors.empty());
    EXPECT_EQ(view().errors.front().field, "nik");
    EXPECT_EQ(view().lang, Lang::kEn);
    EXPECT_FALSE(view().errors.front().problem.message_en.empty());
}

TEST_F(SessionTest, ANikNipDisagreementIsAQuestionNotABlock) {
    to_identity();
    auto a = test::good_applicant();
    a.nip = "198508052015031001";  // another birth date, and a man's NIP
    fill_identity(a);
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kIdentity);
    EXPECT_TRUE(view().question);
    EXPECT_TRUE(view().errors.empty());
    EXPECT_FALSE(view().warnings.empty());
    apply(K::kConfirm);
    EXPECT_EQ(view().screen, Screen::kContact);
}

TEST_F(SessionTest, CancelAnywhereWipesAndReturnsToAttract) {
    to_identity();
    fill_identity();
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kContact);
    apply(K::kCancel);
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(view().applicant.full_name.empty());
    EXPECT_TRUE(view().applicant.nik.empty());
    EXPECT_TRUE(store_->list_cases().empty());
}

TEST_F(SessionTest, IdleWarnsWithACountdownThenWipes) {
    to_identity();
    fill_identity();
    const int idle = config_.timeouts.idle_seconds;
    const int warning = config_.timeouts.idle_warning_seconds;
    advance(std::chrono::seconds(idle - 1));
    tick();
    EXPECT_FALSE(view().idle_countdown.has_value());
    advance(std::chrono::seconds(2));
    tick();
    ASSERT_TRUE(view().idle_countdown.has_value());
    EXPECT_LE(*view().idle_countdown, warning);
    EXPECT_GE(*view().idle_countdown, warning - 2);
    apply(K::kStillHere);  // a touch keeps the session
    tick();
    EXPECT_FALSE(view().idle_countdown.has_value());
    EXPECT_EQ(view().screen, Screen::kIdentity);
    advance(std::chrono::seconds(idle + warning + 1));
    tick();
    EXPECT_EQ(view().screen, Screen::kAttract);
    EXPECT_TRUE(view().applicant.full_name.empty());
}

TEST_F(SessionTest, ANikWithAnOpenCaseAsksBeforeStartingAnother) {
    NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = test::good_applicant();
    c.documents = test::documents();
    const auto existing = store_->submit(c);
    to_identity();
    fill_identity();
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kDuplicate);
    ASSERT_EQ(view().open_cases.size(), 1u);
    EXPECT_EQ(view().open_cases.front().receipt_no, existing.receipt_no);
    apply(K::kConfirm);
    EXPECT_EQ(view().screen, Screen::kContact);
}

TEST_F(SessionTest, TheCameraUnpluggedMidCaptureShowsAFaultAndComesBack) {
    to_identity();
    fill_identity();
    apply(K::kNext);
    fill_contact_and_work();
    camera_->set_unplugged(true);
    tick(3);
    ASSERT_EQ(view().screen, Screen::kDeviceFault);
    EXPECT_EQ(view().fault_device, "camera");
    camera_->set_unplugged(false);
    tick(2);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
}

TEST_F(SessionTest, StatusLookupByTypedNumberShowsTheTimelineMasked) {
    NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = test::good_applicant();
    c.documents = test::documents();
    const auto rec = store_->submit(c);
    apply(K::kStatusLookup);
    ASSERT_EQ(view().screen, Screen::kStatusLookup);
    apply(K::kTypeReceipt, "", "nonsense");
    EXPECT_EQ(view().lookup_fault, "invalid_receipt");
    apply(K::kTypeReceipt, "", platform::make_receipt_number("PKY1", {2026, 11, 24}, 77));
    EXPECT_EQ(view().lookup_fault, "unknown_receipt");
    apply(K::kTypeReceipt, "", rec.receipt_no);
    ASSERT_EQ(view().screen, Screen::kStatusResult);
    ASSERT_TRUE(view().status.has_value());
    EXPECT_EQ(view().status->status, CaseStatus::kReceived);
    EXPECT_NE(view().status->masked_name, test::good_applicant().certificate_name);
    EXPECT_FALSE(view().status->next_step.id.empty());
    EXPECT_FALSE(view().status->history.empty());
}

}  // namespace
}  // namespace anjungan::kiosk

namespace anjungan::kiosk {
namespace {

struct Run {
    int code = -1;
    std::string out;
};

Run run(const std::string& cmd) {
    Run r;
    FILE* p = ::popen((cmd + " 2>/dev/null").c_str(), "r");
    if (p == nullptr) {
        return r;
    }
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
        r.out.append(buf, n);
    }
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

TEST_F(SessionTest, TheHeadlessRunnerPlaysTheExampleScriptToAReceipt) {
    const auto cfg = dir_ / "kiosk.toml";
    std::ofstream(cfg) << "[email]\nallowed_domains = [\"palangkaraya.go.id\"]\n[printer]\n"
                          "kind = \"file\"\nfolder = \""
                       << (dir_ / "printed-cli").string() << "\"\n";
    auto base = [&](const std::string& data) {
        return std::string(ANJUNGAN_CLI) + " --config " + cfg.string() + " --data-dir " +
               (dir_ / data).string() + " session --script " +
               ANJUNGAN_SOURCE_DIR "/docs/session-script.example --json";
    };
    const auto ok =
        run(base("cli-data") + " --camera-dir " + (images_->path() / "camera").string() +
            " --scanner-dir " + (images_->path() / "scanner").string());
    ASSERT_EQ(ok.code, 0) << ok.out;
    const auto j = nlohmann::json::parse(ok.out);
    ASSERT_TRUE(j.at("receipt_no").is_string()) << ok.out;
    EXPECT_TRUE(platform::parse_receipt_number(j.at("receipt_no").get<std::string>()));
    EXPECT_EQ(j.at("printed"), true);
    EXPECT_TRUE(fs::exists(dir_ / "printed-cli"));

    // Images that fail the quality gate end on the screen that says so, with exit 3.
    TempDir bad;
    fs::create_directories(bad / "ktp");
    cv::imwrite((bad / "ktp" / "blank.png").string(), cv::Mat(1080, 1920, CV_8UC3, cv::Scalar(40)));
    const auto refused = run(base("cli-data-2") + " --camera-dir " + bad.path().string() +
                             " --scanner-dir " + (images_->path() / "scanner").string());
    EXPECT_EQ(refused.code, 3) << refused.out;
    const auto r = nlohmann::json::parse(refused.out);
    EXPECT_TRUE(r.at("receipt_no").is_null());
    EXPECT_EQ(r.at("screen"), "capture_ktp");
    EXPECT_FALSE(r.at("guidance").get<std::string>().empty());
}

}  // namespace
}  // namespace anjungan::kiosk
