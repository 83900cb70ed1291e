// Self-test of the VirtualPrinter fixture: a real private cupsd and ippeveprinter, driven
// through libcups the way the kiosk will (IPP to the cupsd queue).
#include <cups/cups.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "virtual_printer.hpp"

namespace anjungan::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// An 8x8 grey checkerboard PNG.
constexpr std::array<unsigned char, 76> kPng = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x00, 0x00, 0x00, 0x00, 0xe1, 0x64, 0xe1,
    0x57, 0x00, 0x00, 0x00, 0x13, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0x00, 0x81,
    0x0c, 0x0c, 0xff, 0xd1, 0x20, 0x49, 0x22, 0x00, 0x7c, 0x04, 0x1f, 0xe1, 0xa9, 0x1b, 0xcc, 0xe4,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

// A fresh folder under /tmp, removed at the end (standalone: no project headers needed).
class ScratchDir {
  public:
    ScratchDir() {
        std::string tmpl = (fs::temp_directory_path() / "vp-selftest-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

struct PrinterState {
    int state = 0;  // 3 idle, 4 processing, 5 stopped
    std::vector<std::string> reasons;
    std::string message;
    bool has_reason_prefix(const std::string& prefix) const {
        return std::any_of(reasons.begin(), reasons.end(),
                           [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
    }
    std::string describe() const {
        std::string s = "printer-state=" + std::to_string(state) + " reasons=";
        for (const auto& r : reasons) {
            s += r + ",";
        }
        return s + " message=\"" + message + "\"";
    }
};

struct JobState {
    int state = 0;  // 3 pending ... 5 processing, 7 canceled, 8 aborted, 9 completed
    std::vector<std::string> reasons;
    std::string printer_message;
    std::string describe() const {
        std::string s = "job-state=" + std::to_string(state) + " reasons=";
        for (const auto& r : reasons) {
            s += r + ",";
        }
        return s + " job-printer-state-message=\"" + printer_message + "\"";
    }
};

std::vector<std::string> strings_of(ipp_attribute_t* attr) {
    std::vector<std::string> out;
    for (int i = 0; attr != nullptr && i < ippGetCount(attr); ++i) {
        out.emplace_back(ippGetString(attr, i, nullptr));
    }
    return out;
}

// IPP connection to the private cupsd's queue, or straight to the printer.
class CupsClient {
  public:
    explicit CupsClient(const VirtualPrinter& vp)
        : CupsClient(
              vp.cups_port(),
              "ipp://localhost:" + std::to_string(vp.cups_port()) + "/printers/" + vp.queue(),
              vp.queue()) {
        cupsSetServer(vp.cups_server().c_str());  // also what CUPS_SERVER would do
    }
    static CupsClient printer(const VirtualPrinter& vp) {
        return CupsClient(vp.printer_port(), vp.printer_uri(), "");
    }
    CupsClient(CupsClient&& other) noexcept
        : queue_(std::move(other.queue_)),
          printer_uri_(std::move(other.printer_uri_)),
          http_(std::exchange(other.http_, nullptr)) {}
    ~CupsClient() {
        if (http_ != nullptr) {
            httpClose(http_);
        }
    }
    CupsClient(const CupsClient&) = delete;
    CupsClient& operator=(const CupsClient&) = delete;
    bool connected() const { return http_ != nullptr; }
    const char* resource() const { return queue_.empty() ? "/ipp/print" : "/"; }

    // Create-Job + Send-Document from memory; the job id, or 0 with the error in `error`.
    int print_png(const std::string& title, std::string& error) {
        const int job = cupsCreateJob(http_, queue_.c_str(), title.c_str(), 0, nullptr);
        if (job <= 0) {
            error = cupsLastErrorString();
            return 0;
        }
        if (cupsStartDocument(http_, queue_.c_str(), job, "receipt.png", "image/png", 1) !=
                HTTP_STATUS_CONTINUE ||
            cupsWriteRequestData(http_, reinterpret_cast<const char*>(kPng.data()), kPng.size()) !=
                HTTP_STATUS_CONTINUE ||
            cupsFinishDocument(http_, queue_.c_str()) != IPP_STATUS_OK) {
            error = cupsLastErrorString();
            return 0;
        }
        return job;
    }

    PrinterState printer_state() {
        static const char* const kAttrs[] = {"printer-state", "printer-state-reasons",
                                             "printer-state-message"};
        ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                     printer_uri_.c_str());
        ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3,
                      nullptr, kAttrs);
        ipp_t* response = cupsDoRequest(http_, request, resource());
        PrinterState s;
        if (response != nullptr) {
            s.state = ippGetInteger(ippFindAttribute(response, "printer-state", IPP_TAG_ENUM), 0);
            s.reasons =
                strings_of(ippFindAttribute(response, "printer-state-reasons", IPP_TAG_KEYWORD));
            const auto msg =
                strings_of(ippFindAttribute(response, "printer-state-message", IPP_TAG_TEXT));
            s.message = msg.empty() ? "" : msg.front();
            ippDelete(response);
        }
        return s;
    }

    JobState job_state(int job_id) {
        static const char* const kAttrs[] = {"job-state", "job-state-reasons",
                                             "job-printer-state-message"};
        ipp_t* request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                     printer_uri_.c_str());
        ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3,
                      nullptr, kAttrs);
        ipp_t* response = cupsDoRequest(http_, request, resource());
        JobState s;
        if (response != nullptr) {
            s.state = ippGetInteger(ippFindAttribute(response, "job-state", IPP_TAG_ENUM), 0);
            s.reasons =
                strings_of(ippFindAttribute(response, "job-state-reasons", IPP_TAG_KEYWORD));
            const auto msg =
                strings_of(ippFindAttribute(response, "job-printer-state-message", IPP_TAG_TEXT));
            s.printer_message = msg.empty() ? "" : msg.front();
            ippDelete(response);
        }
        return s;
    }

  private:
    CupsClient(int port, std::string printer_uri, std::string queue)
        : queue_(std::move(queue)), printer_uri_(std::move(printer_uri)) {
        http_ = httpConnect2("localhost", port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                             10000, nullptr);
    }

    std::string queue_;  // empty when talking to the printer itself
    std::string printer_uri_;
    http_t* http_ = nullptr;
};

// Polls `done` every 100 ms until it is true or `limit` passes.
bool eventually(const std::function<bool()>& done, milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
        if (done()) {
            return true;
        }
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(milliseconds(100));
    }
}

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST(VirtualPrinterSelfTest, PrintsAPngThroughTheCupsQueue) {
    ScratchDir tmp;
    VirtualPrinter vp(tmp.path() / "vp");
    RecordProperty("startup_ms", static_cast<int>(vp.startup_time().count()));
    EXPECT_EQ(vp.queue(), "receipt");
    EXPECT_EQ(vp.cups_server(), "localhost:" + std::to_string(vp.cups_port()));
    EXPECT_EQ(vp.printer_uri(),
              "ipp://localhost:" + std::to_string(vp.printer_port()) + "/ipp/print");

    CupsClient cups(vp);
    ASSERT_TRUE(cups.connected());
    const PrinterState idle = cups.printer_state();
    EXPECT_EQ(idle.state, IPP_PSTATE_IDLE) << idle.describe();
    EXPECT_EQ(idle.reasons, std::vector<std::string>{"none"}) << idle.describe();

    std::string error;
    const int job = cups.print_png("selftest receipt", error);
    ASSERT_GT(job, 0) << error << vp.cupsd_log_tail(60);
    ASSERT_TRUE(vp.wait_for_printed(1, seconds(10))) << vp.cupsd_log_tail();
    const auto files = vp.printed_files();
    ASSERT_EQ(files.size(), 1U);
    EXPECT_EQ(files[0].extension(), ".png");
    EXPECT_EQ(read_all(files[0]), std::string(kPng.begin(), kPng.end()));
    JobState js;
    EXPECT_TRUE(eventually([&] { return (js = cups.job_state(job)).state == IPP_JSTATE_COMPLETED; },
                           seconds(10)))
        << js.describe();
}

TEST(VirtualPrinterSelfTest, OutOfPaperReportsMediaEmptyAndHoldsLaterJobs) {
    ScratchDir tmp;
    VirtualPrinter vp(tmp.path() / "vp");
    CupsClient cups(vp);
    ASSERT_TRUE(cups.connected());
    std::string error;

    // Paper runs out during job 1: the printer aborts it and reports media-empty.
    vp.set_out_of_paper(true);
    const int job1 = cups.print_png("no paper", error);
    ASSERT_GT(job1, 0) << error << vp.cupsd_log_tail(60);
    PrinterState ps;
    EXPECT_TRUE(eventually(
        [&] { return (ps = cups.printer_state()).has_reason_prefix("media-empty"); }, seconds(10)))
        << ps.describe();
    JobState js1;
    // cupsd's ipp backend (CUPS 2.4.2) ends the job although the printer aborted it: only
    // printer-state-reasons tell. It must not have printed anything.
    EXPECT_TRUE(eventually(
        [&] { return (js1 = cups.job_state(job1)).state >= IPP_JSTATE_CANCELED; }, seconds(10)))
        << js1.describe();
    EXPECT_TRUE(vp.printed_files().empty());

    // Job 2 while still out of paper: held at the printer, never completes.
    const int job2 = cups.print_png("still no paper", error);
    ASSERT_GT(job2, 0) << error << vp.cupsd_log_tail(60);
    JobState js2;
    EXPECT_TRUE(eventually(
        [&] { return (js2 = cups.job_state(job2)).state == IPP_JSTATE_PROCESSING; }, seconds(5)))
        << js2.describe();
    EXPECT_TRUE(eventually(
        [&] { return (ps = cups.printer_state()).has_reason_prefix("media-needed"); }, seconds(10)))
        << ps.describe();
    EXPECT_TRUE(ps.has_reason_prefix("media-empty")) << ps.describe();
    EXPECT_FALSE(vp.wait_for_printed(1, seconds(2)));
    js2 = cups.job_state(job2);
    EXPECT_EQ(js2.state, IPP_JSTATE_PROCESSING) << js2.describe();

    // Paper loaded: job 2 prints and completes, media-empty goes away.
    vp.set_out_of_paper(false);
    EXPECT_TRUE(vp.wait_for_printed(1, seconds(5))) << vp.printer_log_tail();
    EXPECT_TRUE(eventually(
        [&] { return (js2 = cups.job_state(job2)).state == IPP_JSTATE_COMPLETED; }, seconds(15)))
        << js2.describe();
    ps = cups.printer_state();
    EXPECT_FALSE(ps.has_reason_prefix("media-")) << ps.describe();
}

TEST(VirtualPrinterSelfTest, UnreachablePrinterKeepsTheJobProcessingUntilRestart) {
    ScratchDir tmp;
    VirtualPrinter vp(tmp.path() / "vp");
    CupsClient cups(vp);
    ASSERT_TRUE(cups.connected());
    std::string error;

    vp.stop_printer();
    EXPECT_FALSE(vp.printer_running());
    // Without a job cupsd does not contact the printer: the queue still looks idle.
    PrinterState ps = cups.printer_state();
    EXPECT_EQ(ps.state, IPP_PSTATE_IDLE) << ps.describe();

    const int job = cups.print_png("printer gone", error);
    ASSERT_GT(job, 0) << error << vp.cupsd_log_tail(60);
    EXPECT_TRUE(
        eventually([&] { return !(ps = cups.printer_state()).message.empty(); }, seconds(10)))
        << ps.describe();
    EXPECT_EQ(ps.state, IPP_PSTATE_PROCESSING)
        << ps.describe() << cups.job_state(job).describe() << vp.cupsd_log_tail(60);
    EXPECT_EQ(ps.message, "The printer may not exist or is unavailable at this time.");
    JobState js = cups.job_state(job);
    EXPECT_EQ(js.state, IPP_JSTATE_PROCESSING) << js.describe();
    EXPECT_EQ(js.printer_message, ps.message) << js.describe();
    // ... and so it stays: the backend retries for ever with the default settings.
    EXPECT_FALSE(vp.wait_for_printed(1, seconds(3)));
    js = cups.job_state(job);
    EXPECT_EQ(js.state, IPP_JSTATE_PROCESSING) << js.describe();
    ps = cups.printer_state();
    EXPECT_EQ(ps.state, IPP_PSTATE_PROCESSING) << ps.describe();
    EXPECT_EQ(ps.reasons, std::vector<std::string>{"none"}) << ps.describe();

    // Back again: the ipp backend retries (1, 1, 2, 3, 5, 8 s, then from 1 s again).
    vp.start_printer();
    EXPECT_TRUE(vp.printer_running());
    EXPECT_TRUE(vp.wait_for_printed(1, seconds(15))) << vp.cupsd_log_tail();
    EXPECT_TRUE(eventually([&] { return (js = cups.job_state(job)).state == IPP_JSTATE_COMPLETED; },
                           seconds(10)))
        << js.describe();
    ps = cups.printer_state();
    EXPECT_EQ(ps.state, IPP_PSTATE_IDLE) << ps.describe();
}

TEST(VirtualPrinterSelfTest, PaperOutKnownWhileIdleShowsOnlyAtThePrinter) {
    ScratchDir tmp;
    VirtualPrinter vp(tmp.path() / "vp");
    CupsClient cups(vp);
    CupsClient printer = CupsClient::printer(vp);
    ASSERT_TRUE(cups.connected());
    ASSERT_TRUE(printer.connected());

    vp.report_out_of_paper_now();
    PrinterState ps = printer.printer_state();
    EXPECT_EQ(ps.state, IPP_PSTATE_IDLE) << ps.describe();
    EXPECT_EQ(ps.reasons, std::vector<std::string>{"media-empty-report"}) << ps.describe();
    // cupsd asks the printer only while it has a job for it.
    ps = cups.printer_state();
    EXPECT_EQ(ps.reasons, std::vector<std::string>{"none"}) << ps.describe();

    vp.set_out_of_paper(false);
    ps = printer.printer_state();
    EXPECT_EQ(ps.reasons, std::vector<std::string>{"none"}) << ps.describe();
}

}  // namespace
}  // namespace anjungan::test
