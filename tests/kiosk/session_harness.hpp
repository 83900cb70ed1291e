// The harness of the session tests: a real store in a temporary folder, simulated devices (a
// camera playing image files on the injected clock, a scanner reading files, a printer writing
// files), a FixedClock moved by hand, and helpers that walk the applicant's path.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "anjungan/kiosk/session.hpp"
#include "demo_inputs.hpp"
#include "fixtures.hpp"
#include "test_support.hpp"

namespace anjungan::kiosk {

class SessionHarness : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        images_ = new test::TempDir();
        test::write_demo_inputs(images_->path());  // camera/, scanner/: all good
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
        camera_ = std::make_unique<drivers::FileCamera>(images_->path() / "camera", 25.0, clock_);
        scanner_ = std::make_unique<drivers::FileScanner>(images_->path() / "scanner");
        printer_ = std::make_unique<printing::FilePrinter>(dir_ / "printed");
        make_session(*scanner_);
    }

    void make_session(drivers::Scanner& scanner) {
        session_.reset();
        session_ = std::make_unique<Session>(*store_, SessionDevices{*camera_, scanner, *printer_},
                                             *key_, config_, clock_, &test::face_model(),
                                             known_kiosk_keys(config_.data_dir, "PKY1"));
    }

    std::int64_t ms() const { return clock_.ms(); }
    void advance(std::chrono::milliseconds d) { clock_.set(clock_.now() + d); }
    void tick(int n = 1) {
        for (int i = 0; i < n; ++i) {
            advance(std::chrono::milliseconds(40));
            session_->tick();
        }
    }
    bool wait_for(Screen s, int limit = 1500) {
        for (int i = 0; i < limit && view().screen != s; ++i) {
            tick();
            if (view().capture.scanning || view().saving || view().printing) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        }
        return view().screen == s;
    }
    // Lets background work (a scan, a print) finish without moving the clock.
    void wait_idle_work() {
        for (int i = 0; i < 5000 && (view().capture.scanning || view().saving || view().printing);
             ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            session_->tick();
        }
    }
    void apply(Intent::Kind kind, std::string field = {}, std::string value = {}) {
        session_->apply(Intent::from_text(kind, std::move(field), std::move(value)));
    }
    void set(const std::string& field, const std::string& value) {
        apply(Intent::Kind::kSetField, field, value);
    }
    const SessionView& view() const { return session_->view(); }

    void fill_identity(const domain::Applicant& a = test::good_applicant()) {
        set("full_name", a.full_name);
        set("nik", a.nik);
        set("employment", std::string(to_code(a.employment)));
        set("nip", a.nip);
        set("sex", std::string(to_code(a.sex)));
    }
    void fill_contact(const domain::Applicant& a = test::good_applicant()) {
        set("email", a.email);
        set("phone", a.phone);
    }
    void fill_work(const domain::Applicant& a = test::good_applicant()) {
        set("work_unit", a.work_unit);
        set("position", a.position);
        // Province and city start with the kiosk's defaults; set as `a` has them all the same.
        set("office_province", a.office_province);
        set("office_city", a.office_city);
        set("office_address", a.office_address);
    }
    void scan_pages(int n) {
        for (int i = 0; i < n; ++i) {
            apply(Intent::Kind::kScanPage);
            wait_idle_work();
            tick();
        }
    }

    // Walks the applicant's path from attract until `target` (any screen of the path), as `a`;
    // a warning's question and the open-case question are confirmed on the way.
    void walk_to(Screen target, const domain::Applicant& a = test::good_applicant()) {
        ASSERT_EQ(view().screen, Screen::kAttract);
        apply(Intent::Kind::kStart);
        ASSERT_EQ(view().screen, Screen::kLanguage);
        if (target == Screen::kLanguage) {
            return;
        }
        apply(Intent::Kind::kNext);
        ASSERT_EQ(view().screen, Screen::kConsent);
        if (target == Screen::kConsent) {
            return;
        }
        apply(Intent::Kind::kAccept);
        ASSERT_EQ(view().screen, Screen::kIdentity);
        fill_identity(a);
        if (target == Screen::kIdentity) {
            return;
        }
        apply(Intent::Kind::kNext);
        if (view().screen == Screen::kIdentity && view().question) {
            apply(Intent::Kind::kConfirm);
        }
        if (view().screen == Screen::kDuplicate) {
            apply(Intent::Kind::kConfirm);
        }
        ASSERT_EQ(view().screen, Screen::kContact) << view().message.en;
        fill_contact(a);
        if (target == Screen::kContact) {
            return;
        }
        apply(Intent::Kind::kNext);
        ASSERT_EQ(view().screen, Screen::kWork) << view().message.en;
        fill_work(a);
        if (target == Screen::kWork) {
            return;
        }
        apply(Intent::Kind::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureKtp) << view().message.en;
        if (target == Screen::kCaptureKtp) {
            return;
        }
        ASSERT_TRUE(wait_for(Screen::kCaptureSk))
            << to_code(view().screen) << ": " << view().capture.guidance.en;
        if (target == Screen::kCaptureSk) {
            return;
        }
        scan_pages(2);
        ASSERT_EQ(view().capture.pages.size(), 2u) << view().message.en;
        apply(Intent::Kind::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureLetter);
        if (target == Screen::kCaptureLetter) {
            return;
        }
        scan_pages(1);
        ASSERT_EQ(view().capture.pages.size(), 1u) << view().message.en;
        apply(Intent::Kind::kNext);
        ASSERT_EQ(view().screen, Screen::kCaptureSelfie);
        if (target == Screen::kCaptureSelfie) {
            return;
        }
        ASSERT_TRUE(wait_for(Screen::kReview))
            << to_code(view().screen) << ": " << view().capture.guidance.en;
    }

    // A case stored directly (not through the session).
    domain::CaseRecord stored_case(const std::string& nik = "6271014508900001") {
        domain::NewCase c;
        c.case_id = platform::new_uuid_v4();
        c.applicant = test::good_applicant(nik);
        c.documents = test::documents();
        return store_->submit(c);
    }

    static inline test::TempDir* images_ = nullptr;
    test::TempDir dir_;
    platform::FixedClock clock_{platform::utc_time(2026, 11, 24, 2, 0)};
    platform::Config config_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<platform::SigningKey> key_;
    std::unique_ptr<drivers::FileCamera> camera_;
    std::unique_ptr<drivers::FileScanner> scanner_;
    std::unique_ptr<printing::FilePrinter> printer_;
    std::unique_ptr<drivers::Scanner> other_scanner_;  // outlives the session using it
    std::unique_ptr<AdminGuard> guard_;                // likewise
    std::unique_ptr<Session> session_;
};

}  // namespace anjungan::kiosk
