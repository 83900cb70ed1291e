// The walk-in session driven by scripted intents with simulated devices (a camera playing
// image files, a scanner reading files, a printer writing files) on an injected clock.
#include "anjungan/kiosk/session.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "anjungan/domain/receipt_number.hpp"
#include "anjungan/kiosk/sync_journal.hpp"
#include "command.hpp"
#include "session_harness.hpp"

namespace anjungan::kiosk {
namespace {

namespace fs = std::filesystem;
using K = Intent::Kind;
using test::TempDir;

// The harness plus the walks the tests below share; the consent screen is checked on the way.
class SessionTest : public SessionHarness {
  protected:
    void to_identity() {
        walk_to(Screen::kConsent);
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
    void fill_contact_and_work() {
        ASSERT_EQ(view().screen, Screen::kContact);
        fill_contact();
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kWork) << view().message.en;
        fill_work();
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureKtp) << view().message.en;
    }
    void to_review() { walk_to(Screen::kReview); }
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
    EXPECT_EQ(view().printer_state, printing::PrinterState::kReady);

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

// What the person confirmed ("is this right?", "this NIK already has an application") goes
// with the case, so the office's staff see it.
TEST_F(SessionTest, TheWarningsThePersonConfirmedGoWithTheCase) {
    stored_case();  // an open case with the same NIK
    auto a = test::good_applicant();
    a.nip = "198508052015031001";  // another birth date, and a man's NIP
    walk_to(Screen::kReview, a);
    apply(K::kSubmit);
    wait_idle_work();
    ASSERT_FALSE(view().receipt_no.empty()) << view().message.en;
    const auto rec = store_->find_by_receipt(view().receipt_no);
    ASSERT_TRUE(rec.has_value());
    std::vector<std::string> codes;
    for (const auto& w : rec->applicant.confirmed_warnings) {
        codes.push_back(w.problem.code);
        EXPECT_FALSE(w.problem.message_id.empty());
        EXPECT_FALSE(w.problem.message_en.empty());
    }
    EXPECT_NE(std::find(codes.begin(), codes.end(), "nik.open_case"), codes.end());
    EXPECT_NE(std::find(codes.begin(), codes.end(), "cross.birth_date"), codes.end())
        << ::testing::PrintToString(codes);
    // And in what the kiosk signs and sends.
    const auto payload = StoreJournal(*store_, std::chrono::seconds(0)).load_case(rec->case_id);
    ASSERT_TRUE(payload.applicant.contains("confirmed_warnings"));
    EXPECT_EQ(payload.applicant["confirmed_warnings"].size(), codes.size());

    // A case without warnings sends none.
    apply(K::kFinish);
    tick(10 * 25 + 5);
    const auto plain = stored_case("6271010101900001");
    EXPECT_FALSE(StoreJournal(*store_, std::chrono::seconds(0))
                     .load_case(plain.case_id)
                     .applicant.contains("confirmed_warnings"));
}

TEST_F(SessionTest, APrinterOutOfPaperNeverLosesTheCase) {
    printer_->set_state(printing::PrinterState::kOutOfPaper);
    to_review();
    apply(K::kSubmit);
    ASSERT_EQ(view().screen, Screen::kReceipt);
    wait_idle_work();
    EXPECT_FALSE(view().printed);
    EXPECT_EQ(view().printer_state, printing::PrinterState::kOutOfPaper);
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
    EXPECT_EQ(view().lang, domain::Lang::kEn);
    EXPECT_FALSE(view().errors.front().problem.message_en.empty());
}

// English chosen on the attract screen carries into the session (and its end resets it).
TEST_F(SessionTest, TheLanguageChosenOnAttractCarriesIntoTheSession) {
    apply(K::kLanguage, "", "en");
    apply(K::kStart);
    ASSERT_EQ(view().screen, Screen::kLanguage);
    EXPECT_EQ(view().lang, domain::Lang::kEn);
    apply(K::kBack);  // back to attract: the session is wiped
    ASSERT_EQ(view().screen, Screen::kAttract);
    EXPECT_EQ(view().lang, domain::Lang::kId);
    apply(K::kLanguage, "", "en");
    apply(K::kStatusLookup);
    ASSERT_EQ(view().screen, Screen::kStatusLookup);
    EXPECT_EQ(view().lang, domain::Lang::kEn);
}

// While typing, only the fields that hold something are checked: the untouched ones are not
// covered in "required" until Next.
TEST_F(SessionTest, EmptyFieldsAreNotFlaggedUntilNext) {
    to_identity();
    set("nik", "62710145");  // half typed: too short, and the only field with a value
    ASSERT_FALSE(view().errors.empty());
    for (const auto& e : view().errors) {
        EXPECT_EQ(e.field, "nik") << e.problem.code;
    }
    set("nik", test::good_applicant().nik);
    EXPECT_TRUE(view().errors.empty());
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kIdentity);
    const auto has = [&](const std::string& field) {
        return std::any_of(view().errors.begin(), view().errors.end(),
                           [&](const domain::FieldProblem& p) { return p.field == field; });
    };
    EXPECT_TRUE(has("full_name"));
    EXPECT_TRUE(has("nip"));
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
    domain::NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = test::good_applicant();
    c.documents = test::documents();
    const auto existing = store_->submit(c);
    to_identity();
    fill_identity();
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kDuplicate);
    EXPECT_TRUE(view().open_case);
    // That a case is open, and what to do; nothing of the case itself (issue 16, item 10).
    EXPECT_EQ(view().message.en.find(existing.receipt_no), std::string::npos) << view().message.en;
    EXPECT_NE(view().message.en.find("receipt"), std::string::npos) << view().message.en;
    EXPECT_FALSE(view().status.has_value());
    apply(K::kConfirm);
    EXPECT_EQ(view().screen, Screen::kContact);
}

// "See its status" from the duplicate screen asks for the receipt like anyone else.
TEST_F(SessionTest, TheDuplicateScreenOpensNoCaseByTheNikAlone) {
    domain::NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = test::good_applicant();
    c.documents = test::documents();
    store_->submit(c);
    to_identity();
    fill_identity();
    apply(K::kNext);
    ASSERT_EQ(view().screen, Screen::kDuplicate);
    apply(K::kStatusLookup);
    EXPECT_EQ(view().screen, Screen::kStatusLookup);
    EXPECT_FALSE(view().status.has_value());
    EXPECT_TRUE(view().applicant.nik.empty());
}

// The duplicate-NIK question is an oracle: at most so many an hour per kiosk, not reset by
// going back to the attract screen.
TEST_F(SessionTest, DuplicateNikChecksAreLimitedPerHourAcrossSessions) {
    domain::NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = test::good_applicant();
    c.documents = test::documents();
    store_->submit(c);
    const int budget = LookupPolicy{}.nik_checks_per_hour;
    for (int i = 0; i < budget; ++i) {
        to_identity();
        fill_identity();
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kDuplicate) << i;
        apply(K::kCancel);
        ASSERT_EQ(view().screen, Screen::kAttract);
    }
    to_identity();
    fill_identity();
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kContact) << "the hour's budget is spent: not asked";
    apply(K::kCancel);
    advance(std::chrono::minutes(61));
    to_identity();
    fill_identity();
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kDuplicate) << "a new hour";
}

TEST_F(SessionTest, TheCameraUnpluggedMidCaptureShowsAFaultAndComesBack) {
    to_identity();
    fill_identity();
    apply(K::kNext);
    fill_contact_and_work();
    camera_->set_unplugged(true);
    tick(3);
    ASSERT_EQ(view().screen, Screen::kDeviceFault);
    EXPECT_EQ(view().fault_device, FaultDevice::kCamera);
    camera_->set_unplugged(false);
    tick(2);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp);
}

TEST_F(SessionTest, StatusLookupByTypedNumberShowsTheTimelineMasked) {
    domain::NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = test::good_applicant();
    c.documents = test::documents();
    const auto rec = store_->submit(c);
    apply(K::kStatusLookup);
    ASSERT_EQ(view().screen, Screen::kStatusLookup);
    const std::string digits = phone_last_digits(test::good_applicant().phone);
    ASSERT_EQ(digits, "7890");
    apply(K::kTypeReceipt, "", "nonsense " + digits);
    EXPECT_EQ(view().lookup_fault, "invalid_receipt");
    // The number alone opens nothing: the second factor is asked for.
    apply(K::kTypeReceipt, "", rec.receipt_no);
    EXPECT_EQ(view().lookup_fault, "phone_digits");
    EXPECT_EQ(view().screen, Screen::kStatusLookup);
    // An unknown number and wrong digits read the same.
    apply(K::kTypeReceipt, "", domain::make_receipt_number("PKY1", {2026, 11, 24}, 77) + " 7890");
    EXPECT_EQ(view().lookup_fault, "no_match");
    const Text unknown = view().message;
    apply(K::kTypeReceipt, "", rec.receipt_no + " 1234");
    EXPECT_EQ(view().lookup_fault, "no_match");
    EXPECT_EQ(view().message.en, unknown.en);
    EXPECT_FALSE(view().status.has_value());
    session_->apply(Intent::type_receipt(rec.receipt_no, digits));
    ASSERT_EQ(view().screen, Screen::kStatusResult);
    ASSERT_TRUE(view().status.has_value());
    EXPECT_EQ(view().status->status, domain::CaseStatus::kReceived);
    EXPECT_NE(view().status->masked_name, test::good_applicant().certificate_name);
    EXPECT_FALSE(view().status->next_step.id.empty());
    EXPECT_FALSE(view().status->history.empty());
}

// Failed typed look-ups slow down, then lock typing out; neither the attract screen nor a
// restart resets it (the state is in DATA/lookup-attempts.json); a right pair during a wait is
// not even checked.
TEST_F(SessionTest, FailedTypedLookupsDelayThenLockOutAcrossSessionsAndRestarts) {
    domain::NewCase c;
    c.case_id = platform::new_uuid_v4();
    c.applicant = test::good_applicant();
    c.documents = test::documents();
    const auto rec = store_->submit(c);
    const LookupPolicy p;
    auto guess = [&](const std::string& digits) {
        if (view().screen != Screen::kStatusLookup) {
            apply(K::kStatusLookup);
        }
        session_->apply(Intent::type_receipt(rec.receipt_no, digits));
    };
    for (int i = 0; i < p.free_failures; ++i) {
        guess("000" + std::to_string(i));
        ASSERT_EQ(view().lookup_fault, "no_match");
        EXPECT_EQ(view().lookup_wait_seconds, 0) << i;
        apply(K::kBack);  // to attract and back: counts on
    }
    guess("0009");
    EXPECT_EQ(view().lookup_fault, "no_match");
    EXPECT_EQ(view().lookup_wait_seconds, p.first_delay_seconds);
    guess("7890");  // the right digits, but during the delay: not checked
    EXPECT_EQ(view().lookup_fault, "throttled");
    EXPECT_EQ(view().screen, Screen::kStatusLookup);
    EXPECT_NE(view().message.en.find("scan the QR code"), std::string::npos) << view().message.en;
    // A restart reads the same state.
    EXPECT_GT(LookupThrottle(config_.data_dir, clock_).wait_seconds(), 0);
    // On to the lock-out.
    for (int n = p.free_failures + 1; n < p.max_failures; ++n) {
        advance(std::chrono::minutes(10));
        guess("1111");
        ASSERT_EQ(view().lookup_fault, "no_match") << n;
    }
    EXPECT_GE(view().lookup_wait_seconds, p.lockout_minutes * 60 - 1);
    EXPECT_TRUE(LookupThrottle(config_.data_dir, clock_).locked_out());
    advance(std::chrono::minutes(p.lockout_minutes) + std::chrono::seconds(1));
    guess("7890");
    EXPECT_EQ(view().screen, Screen::kStatusResult) << view().lookup_fault;
    const auto audit = store_->audit_log(20);
    EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const AuditEntry& e) {
        return e.action == "status lookup locked out";
    }));
}

// [SECTION] The office's address in BSrE's parts -----------------------------------------------

// The work form with the province and the city as the session starts them (nothing set).
class WorkAddressTest : public SessionTest {
  protected:
    void to_work() {
        walk_to(Screen::kContact);
        apply(K::kNext);
        ASSERT_EQ(view().screen, Screen::kWork) << view().message.en;
    }
    void fill_the_rest() {
        const auto a = test::good_applicant();
        set("work_unit", a.work_unit);
        set("position", a.position);
        set("office_address", a.office_address);
    }
    bool has_error(const std::string& field, const std::string& code) const {
        return std::any_of(
            view().errors.begin(), view().errors.end(), [&](const domain::FieldProblem& p) {
                return p.field == field && p.problem.code == code &&
                       !p.problem.message_id.empty() && !p.problem.message_en.empty();
            });
    }
    // Submits from the work form on and returns the stored case's applicant.
    domain::Applicant submitted() {
        apply(K::kNext);
        EXPECT_EQ(view().screen, Screen::kCaptureKtp) << view().message.en;
        EXPECT_TRUE(wait_for(Screen::kCaptureSk));
        scan_pages(1);
        apply(K::kNext);
        scan_pages(1);
        apply(K::kNext);
        EXPECT_TRUE(wait_for(Screen::kReview));
        apply(K::kSubmit);
        wait_idle_work();  // the case is saved on a worker
        const auto rec = store_->find_by_receipt(view().receipt_no);
        EXPECT_TRUE(rec.has_value()) << to_code(view().screen) << ": " << view().message.en;
        return rec ? rec->applicant : domain::Applicant{};
    }
};

TEST_F(WorkAddressTest, TheWorkFormStartsWithTheConfiguredProvinceAndCity) {
    config_.form.default_province = "Kalimantan Selatan";
    config_.form.default_city = "Kota Banjarmasin";
    make_session(*scanner_);
    to_work();
    EXPECT_EQ(view().applicant.office_province, "Kalimantan Selatan");
    EXPECT_EQ(view().applicant.office_city, "Kota Banjarmasin");
    EXPECT_TRUE(view().applicant.office_address.empty());
    EXPECT_TRUE(view().errors.empty());
    // Only the street typed: the pre-filled parts go with the case.
    fill_the_rest();
    const auto a = submitted();
    EXPECT_EQ(a.office_province, "Kalimantan Selatan");
    EXPECT_EQ(a.office_city, "Kota Banjarmasin");
    EXPECT_EQ(a.office_address, test::good_applicant().office_address);
}

TEST_F(WorkAddressTest, TheBuiltInDefaultsArePalangkaRaya) {
    to_work();
    EXPECT_EQ(view().applicant.office_province, "Kalimantan Tengah");
    EXPECT_EQ(view().applicant.office_city, "Kota Palangka Raya");
}

TEST_F(WorkAddressTest, ThePersonChangesTheProvinceAndCityAndTheCaseKeepsThem) {
    to_work();
    fill_the_rest();
    set("office_province", "  KALIMANTAN   BARAT ");
    set("office_city", "KABUPATEN KUBU RAYA");
    EXPECT_EQ(view().applicant.office_city, "KABUPATEN KUBU RAYA");
    const auto a = submitted();
    EXPECT_EQ(a.office_province, "KALIMANTAN BARAT");  // normalised on Next
    EXPECT_EQ(a.office_city, "KABUPATEN KUBU RAYA");
}

TEST_F(WorkAddressTest, AnEmptyCityIsRefusedWithItsCodeOnNext) {
    to_work();
    fill_the_rest();
    set("office_city", "");
    EXPECT_FALSE(has_error("office_city", "applicant.office_city"));  // not while typing
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kWork);
    EXPECT_TRUE(has_error("office_city", "applicant.office_city"));
    EXPECT_FALSE(has_error("office_province", "applicant.office_province"));
    EXPECT_FALSE(view().message.en.empty());
    set("office_city", "Kota Palangka Raya");
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kCaptureKtp) << view().message.en;
}

TEST_F(WorkAddressTest, AnEmptyProvinceIsRefusedWithItsCodeOnNext) {
    to_work();
    fill_the_rest();
    set("office_province", " ");
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kWork);
    EXPECT_TRUE(has_error("office_province", "applicant.office_province"));
    EXPECT_FALSE(has_error("office_city", "applicant.office_city"));
    // A street alone left empty is its own field's problem.
    set("office_province", "Kalimantan Tengah");
    set("office_address", "");
    apply(K::kNext);
    EXPECT_EQ(view().screen, Screen::kWork);
    EXPECT_TRUE(has_error("office_address", "applicant.office_address"));
    EXPECT_FALSE(has_error("office_province", "applicant.office_province"));
}

// The address parts are the work form's: another form refuses them.
TEST_F(WorkAddressTest, TheAddressPartsBelongToTheWorkFormOnly) {
    walk_to(Screen::kContact);
    set("office_city", "Kota Banjarmasin");
    EXPECT_EQ(view().applicant.office_city, "Kota Palangka Raya");
    EXPECT_FALSE(view().message.en.empty());
}

TEST_F(WorkAddressTest, TheDefaultsComeBackAfterTheSessionIsWiped) {
    to_work();
    set("office_province", "Kalimantan Barat");
    set("office_city", "");
    apply(K::kCancel);
    ASSERT_EQ(view().screen, Screen::kAttract);
    EXPECT_EQ(view().applicant.office_province, "Kalimantan Tengah");
    EXPECT_EQ(view().applicant.office_city, "Kota Palangka Raya");
    // And after a whole application, for the next person.
    to_work();
    EXPECT_EQ(view().applicant.office_province, "Kalimantan Tengah");
    set("office_city", "Kabupaten Pulang Pisau");
    fill_the_rest();
    EXPECT_EQ(submitted().office_city, "Kabupaten Pulang Pisau");
    apply(K::kFinish);
    for (int i = 0; i < 20 && view().screen != Screen::kAttract; ++i) {
        apply(K::kNext);
        wait_idle_work();
    }
    ASSERT_EQ(view().screen, Screen::kAttract);
    EXPECT_EQ(view().applicant.office_city, "Kota Palangka Raya");
    EXPECT_TRUE(view().applicant.office_address.empty());
}

}  // namespace
}  // namespace anjungan::kiosk

namespace anjungan::kiosk {
namespace {

test::CommandResult run(const std::string& cmd) {
    return test::run_command(cmd);
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
    EXPECT_TRUE(domain::parse_receipt_number(j.at("receipt_no").get<std::string>()));
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

// A script that leaves the province and the city alone gets the configured ones ([form]).
TEST_F(SessionTest, TheHeadlessRunnerPreFillsTheConfiguredProvinceAndCity) {
    const auto cfg = dir_ / "kiosk.toml";
    std::ofstream(cfg) << "[email]\nallowed_domains = [\"palangkaraya.go.id\"]\n[printer]\n"
                          "kind = \"file\"\nfolder = \""
                       << (dir_ / "printed-cli").string()
                       << "\"\n[form]\ndefault_province = \"Kalimantan Selatan\"\n"
                          "default_city = \"Kabupaten Banjar\"\n";
    std::ifstream example(ANJUNGAN_SOURCE_DIR "/docs/session-script.example");
    const auto script = dir_ / "script.txt";
    std::ofstream out(script);
    int left_out = 0;
    for (std::string line; std::getline(example, line);) {
        if (line.rfind("set_field office_province", 0) == 0 ||
            line.rfind("set_field office_city", 0) == 0) {
            ++left_out;
            continue;
        }
        out << line << "\n";
    }
    out.close();
    ASSERT_EQ(left_out, 2) << "the example script no longer sets the province and the city";
    const std::string cli = std::string(ANJUNGAN_CLI) + " --config " + cfg.string() +
                            " --data-dir " + (dir_ / "cli-data").string();
    const auto ok = run(cli + " session --script " + script.string() + " --json --camera-dir " +
                        (images_->path() / "camera").string() + " --scanner-dir " +
                        (images_->path() / "scanner").string());
    ASSERT_EQ(ok.code, 0) << ok.out;
    const std::string receipt = nlohmann::json::parse(ok.out).at("receipt_no");
    const auto shown = run(cli + " cases show " + receipt + " --json --unmask");
    ASSERT_EQ(shown.code, 0) << shown.out;
    const auto a = nlohmann::json::parse(shown.out).at("applicant");
    EXPECT_EQ(a.at("office_province"), "Kalimantan Selatan");
    EXPECT_EQ(a.at("office_city"), "Kabupaten Banjar");
    EXPECT_EQ(a.at("office_address"), "Jl. Tjilik Riwut Km. 5,5");
}

}  // namespace
}  // namespace anjungan::kiosk
