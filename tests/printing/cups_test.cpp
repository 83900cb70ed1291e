// Receipt printing through a real private cupsd and a virtual IPP Everywhere printer
// (tests/support/virtual_printer.hpp): the job is followed to completion, the printed file's
// QR code decodes (ZXing and zbarimg) and verifies, and every printer fault ends in the right
// state with the receipt kept for a reprint.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "anjungan/kiosk/receipt.hpp"
#include "anjungan/printing/qr_read.hpp"
#include "command.hpp"
#include "test_support.hpp"
#include "virtual_printer.hpp"

namespace anjungan::kiosk {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::TempDir;
using test::VirtualPrinter;

// A kiosk's store with one case, and a CUPS printer on the virtual printer's queue.
class CupsPrintTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (::geteuid() != 0) {
            GTEST_SKIP() << "the private cupsd needs root (it runs its backends as lp)";
        }
        vp_ = std::make_unique<VirtualPrinter>(dir_ / "printer");
        StoreOptions o;
        o.data_dir = dir_ / "data";
        store_ = Store::open(o, clock_);
        config_.data_dir = o.data_dir;
        domain::NewCase c;
        c.case_id = platform::new_uuid_v4();
        c.applicant = test::good_applicant();
        c.documents = test::documents();
        case_id_ = store_->submit(c).case_id;
        key_ = std::make_unique<platform::SigningKey>(
            platform::SigningKey::read_file(signing_key_path(o.data_dir)));
        options_.server = vp_->cups_server();
        options_.queue = vp_->queue();
        options_.unreachable_after = seconds(2);
        options_.complete_timeout = seconds(20);
    }

    ReceiptPrint print(const printing::CupsOptions& o) {
        const auto printer = printing::make_cups_printer(o);
        return print_receipt(*store_, *printer, *key_, config_, case_id_, "kiosk", clock_);
    }
    ReceiptPrint print() { return print(options_); }

    // A command's standard output.
    static std::string run(const std::string& cmd) { return test::run_command(cmd).out; }

    // The QR payload in a printed file, read by ZXing.
    static std::string zxing_payload(const std::filesystem::path& file) {
        const cv::Mat grey = cv::imread(file.string(), cv::IMREAD_GRAYSCALE);
        const auto codes = printing::read_qr_codes(
            {grey.data, grey.cols, grey.rows, static_cast<int>(grey.step[0])});
        return codes.size() == 1 ? codes.front().text : std::string();
    }

    // The same, read by zbar: an independent decoder.
    static std::string zbar_payload(const std::filesystem::path& file) {
        std::string out = run("zbarimg -q --raw '" + file.string() + "'");
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
            out.pop_back();
        }
        return out;
    }

    TempDir dir_;
    platform::FixedClock clock_{platform::utc_time(2026, 11, 24, 3, 15)};
    std::unique_ptr<VirtualPrinter> vp_;
    std::unique_ptr<Store> store_;
    platform::Config config_;
    std::string case_id_;
    std::unique_ptr<platform::SigningKey> key_;
    printing::CupsOptions options_;
};

TEST_F(CupsPrintTest, PrintsTheReceiptAndItsCodeVerifiesWithTwoDecoders) {
    const auto p = print();
    ASSERT_TRUE(p.result.printed) << p.result.detail << "\n" << vp_->cupsd_log_tail();
    EXPECT_TRUE(p.result.submitted);
    EXPECT_GT(p.result.job_id, 0);
    EXPECT_EQ(p.record.copy, 0);
    EXPECT_EQ(p.record.state, kiosk::PrintState::kPrinted);
    EXPECT_GE(p.result.completed_ms, p.result.accepted_ms);
    std::printf("[ figures  ] print to accepted %.0f ms, to completed %.0f ms\n",
                p.result.accepted_ms, p.result.completed_ms);

    ASSERT_TRUE(vp_->wait_for_printed(1, seconds(5)));
    const auto files = vp_->printed_files();
    ASSERT_EQ(files.size(), 1u);
    const std::string payload = zxing_payload(files.front());
    ASSERT_FALSE(payload.empty()) << "ZXing found no single QR code in " << files.front();
    EXPECT_EQ(zbar_payload(files.front()), payload) << "zbarimg disagrees with ZXing";
    const auto v = printing::verify_payload(payload, known_kiosk_keys(config_.data_dir, "PKY1"));
    EXPECT_TRUE(v.valid) << v.reason << ": " << v.detail;
    ASSERT_TRUE(v.claim.has_value());
    EXPECT_EQ(v.claim->case_id, case_id_);
    EXPECT_EQ(v.claim->receipt_no, p.receipt_no);
    EXPECT_TRUE(store_->awaiting_print().empty());
}

TEST_F(CupsPrintTest, OutOfPaperDuringTheJobIsNotTakenForPrintedAndTheReprintIsMarked) {
    vp_->set_out_of_paper(true);  // the printer aborts the job; cupsd still calls it completed
    const auto p = print();
    EXPECT_FALSE(p.result.printed) << p.result.detail;
    EXPECT_TRUE(p.result.submitted);
    EXPECT_EQ(p.result.printer.state, printing::PrinterState::kOutOfPaper) << p.result.detail;
    EXPECT_EQ(p.record.state, kiosk::PrintState::kFailed);
    EXPECT_TRUE(vp_->printed_files().empty());
    ASSERT_EQ(store_->awaiting_print().size(), 1u);
    EXPECT_EQ(store_->awaiting_print().front().case_id, case_id_);
    ASSERT_TRUE(store_->find_by_id(case_id_).has_value()) << "the case must survive";

    vp_->set_out_of_paper(false);  // staff load paper and reprint from admin mode
    const auto again = print();
    ASSERT_TRUE(again.result.printed) << again.result.detail;
    EXPECT_EQ(again.record.copy, 1) << "the printer took the first job: this one is a reprint";
    EXPECT_TRUE(store_->awaiting_print().empty());
    EXPECT_TRUE(vp_->wait_for_printed(1, seconds(5)));
}

TEST_F(CupsPrintTest, PaperOutKnownBeforehandSendsNothingAndKeepsTheOriginalNumber) {
    vp_->report_out_of_paper_now();
    const auto p = print();
    EXPECT_FALSE(p.result.printed);
    EXPECT_FALSE(p.result.submitted) << "the kiosk must ask the printer before sending";
    EXPECT_EQ(p.result.printer.state, printing::PrinterState::kOutOfPaper) << p.result.detail;
    EXPECT_EQ(p.record.state, kiosk::PrintState::kNotSent);
    EXPECT_EQ(store_->awaiting_print().size(), 1u);

    vp_->set_out_of_paper(false);
    const auto again = print();
    ASSERT_TRUE(again.result.printed) << again.result.detail;
    EXPECT_EQ(again.record.copy, 0) << "nothing could have come out before";
}

TEST_F(CupsPrintTest, AnUnreachablePrinterIsNamedAndTheReceiptWaits) {
    vp_->stop_printer();
    const auto t0 = std::chrono::steady_clock::now();
    const auto p = print();
    EXPECT_FALSE(p.result.printed);
    EXPECT_FALSE(p.result.submitted);
    EXPECT_EQ(p.result.printer.state, printing::PrinterState::kUnreachable) << p.result.detail;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, seconds(15));
    EXPECT_EQ(store_->awaiting_print().size(), 1u);

    vp_->start_printer();
    const auto again = print();
    EXPECT_TRUE(again.result.printed) << again.result.detail;
    EXPECT_EQ(again.record.copy, 0);
}

TEST_F(CupsPrintTest, APrinterThatDiesMidJobEndsUnreachableAndTheJobIsCancelled) {
    vp_->set_print_delay(seconds(3));
    options_.complete_timeout = seconds(6);
    ReceiptPrint p;
    std::thread job([&] { p = print(); });
    // The job reaches the printer within a fraction of a second and sleeps there for 3 s.
    std::this_thread::sleep_for(milliseconds(1200));
    vp_->stop_printer();
    job.join();
    EXPECT_FALSE(p.result.printed) << p.result.detail;
    EXPECT_TRUE(p.result.submitted);
    EXPECT_EQ(p.result.printer.state, printing::PrinterState::kUnreachable) << p.result.detail;
    EXPECT_EQ(p.record.state, kiosk::PrintState::kFailed);
    EXPECT_TRUE(vp_->printed_files().empty());
    EXPECT_EQ(store_->awaiting_print().size(), 1u);
    // The job was cancelled: it cannot come out later, when nobody is there to take it.
    EXPECT_EQ(run("lpstat -h " + vp_->cups_server() + " -o " + vp_->queue()), "");
}

TEST_F(CupsPrintTest, NoCupsServerIsUnreachableAndNamesTheServer) {
    printing::CupsOptions o = options_;
    o.server = "127.0.0.1:9";  // discard port: nothing listens
    const auto p = print(o);
    EXPECT_FALSE(p.result.submitted);
    EXPECT_EQ(p.result.printer.state, printing::PrinterState::kUnreachable);
    EXPECT_NE(p.result.detail.find("127.0.0.1:9"), std::string::npos) << p.result.detail;
    EXPECT_EQ(p.record.state, kiosk::PrintState::kNotSent);
}

TEST_F(CupsPrintTest, AMissingQueueIsAnErrorThatNamesIt) {
    printing::CupsOptions o = options_;
    o.queue = "no-such-queue";
    const auto p = print(o);
    EXPECT_FALSE(p.result.submitted);
    EXPECT_EQ(p.result.printer.state, printing::PrinterState::kError);
    EXPECT_NE(p.result.printer.detail.find("no-such-queue"), std::string::npos)
        << p.result.printer.detail;
}

TEST_F(CupsPrintTest, StatusOfAReadyPrinterAndOfAStoppedQueue) {
    const auto printer = printing::make_cups_printer(options_);
    EXPECT_EQ(printer->status().state, printing::PrinterState::kReady) << printer->status().detail;
    vp_->lpadmin({"-p", vp_->queue(), "-o", "printer-error-policy=abort-job"});
    ASSERT_EQ(std::system(("cupsdisable -h " + vp_->cups_server() + " " + vp_->queue()).c_str()),
              0);
    const auto st = printer->status();
    EXPECT_EQ(st.state, printing::PrinterState::kOffline);
    EXPECT_NE(st.detail.find("cupsenable"), std::string::npos) << st.detail;
}

TEST_F(CupsPrintTest, PrintTestCommandReportsTheStateAndTimings) {
    const auto cfg = dir_ / "kiosk.toml";
    std::ofstream(cfg) << "[printer]\nkind = \"cups\"\nserver = \"" << vp_->cups_server()
                       << "\"\nqueue = \"" << vp_->queue() << "\"\n";
    const std::string cli = std::string(ANJUNGAN_CLI) + " --config " + cfg.string() +
                            " --data-dir " + config_.data_dir.string() + " print-test --json";
    const std::string out = run(cli);
    EXPECT_NE(out.find("\"printed\":true"), std::string::npos) << out;
    EXPECT_NE(out.find("\"state_before\":\"ready\""), std::string::npos) << out;
    EXPECT_NE(out.find("\"completed_ms\":"), std::string::npos) << out;
    ASSERT_TRUE(vp_->wait_for_printed(1, seconds(5)));
    // The test print is marked as a sample and signed by this kiosk.
    const auto v = printing::verify_payload(zxing_payload(vp_->printed_files().front()),
                                            known_kiosk_keys(config_.data_dir, "PKY1"));
    EXPECT_TRUE(v.valid) << v.reason;

    vp_->stop_printer();
    const std::string down = run(cli);
    EXPECT_NE(down.find("\"printed\":false"), std::string::npos) << down;
    EXPECT_NE(down.find("\"printer_state\":\"unreachable\""), std::string::npos) << down;
}

}  // namespace
}  // namespace anjungan::kiosk
