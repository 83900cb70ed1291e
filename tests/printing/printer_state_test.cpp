// Printer states as IPP reports them, what the kiosk says about each, and the simulated
// printer that writes files.
#include <gtest/gtest.h>

#include <set>

#include "anjungan/printing/printer.hpp"
#include "test_support.hpp"

namespace anjungan::printing {
namespace {

using test::TempDir;

constexpr int kIdle = 3;
constexpr int kProcessing = 4;
constexpr int kStopped = 5;

const std::vector<PrinterState> kAllStates = {
    PrinterState::kReady,       PrinterState::kBusy,   PrinterState::kOutOfPaper,
    PrinterState::kDoorOpen,    PrinterState::kJammed, PrinterState::kOffline,
    PrinterState::kUnreachable, PrinterState::kError,
};

struct ClassifyCase {
    std::string name;
    int ipp_state;
    std::vector<std::string> reasons;
    std::string message;
    PrinterState expected;
};

TEST(ClassifyTest, ReadsIppStatesAndReasons) {
    using S = PrinterState;
    const std::vector<ClassifyCase> cases = {
        {"idle, none", kIdle, {"none"}, "", S::kReady},
        {"idle, no reasons", kIdle, {}, "", S::kReady},
        {"processing", kProcessing, {"none"}, "", S::kBusy},
        {"processing, no reasons", kProcessing, {}, "Printing page 1", S::kBusy},
        // Paper, door and jam stop printing whatever their suffix: CUPS reports the same
        // condition as -report while idle and -warning while a job waits.
        {"media-empty-error", kIdle, {"media-empty-error"}, "", S::kOutOfPaper},
        {"media-empty", kStopped, {"media-empty"}, "", S::kOutOfPaper},
        {"media-needed", kIdle, {"media-needed"}, "", S::kOutOfPaper},
        {"media-needed-error while printing",
         kProcessing,
         {"media-needed-error"},
         "",
         S::kOutOfPaper},
        {"media-empty-report", kIdle, {"media-empty-report"}, "", S::kOutOfPaper},
        {"media-empty-warning", kProcessing, {"media-empty-warning"}, "", S::kOutOfPaper},
        {"media-needed-warning", kProcessing, {"media-needed-warning"}, "", S::kOutOfPaper},
        // Paper running low is not out of paper.
        {"media-low-warning while printing", kProcessing, {"media-low-warning"}, "", S::kBusy},
        {"media-low-report", kIdle, {"media-low-report"}, "", S::kReady},
        {"door-open", kIdle, {"door-open"}, "", S::kDoorOpen},
        {"door-open-error", kStopped, {"door-open-error"}, "", S::kDoorOpen},
        {"door-open-report", kIdle, {"door-open-report"}, "", S::kDoorOpen},
        {"cover-open", kIdle, {"cover-open"}, "", S::kDoorOpen},
        {"cover-open-error", kIdle, {"cover-open-error"}, "", S::kDoorOpen},
        {"interlock-open-warning", kProcessing, {"interlock-open-warning"}, "", S::kDoorOpen},
        {"media-jam", kIdle, {"media-jam"}, "", S::kJammed},
        {"media-jam-error", kStopped, {"media-jam-error"}, "", S::kJammed},
        {"media-jam-warning", kProcessing, {"media-jam-warning"}, "", S::kJammed},
        {"offline", kIdle, {"offline"}, "", S::kOffline},
        {"offline-error", kIdle, {"offline-error"}, "", S::kOffline},
        {"offline-report", kIdle, {"offline-report"}, "", S::kOffline},
        {"offline-report while printing", kProcessing, {"offline-report"}, "", S::kOffline},
        // connecting-to-device flickers at the start of every job: only its -error counts.
        {"connecting-to-device while printing",
         kProcessing,
         {"connecting-to-device"},
         "",
         S::kBusy},
        {"connecting-to-device-report", kProcessing, {"connecting-to-device-report"}, "", S::kBusy},
        {"connecting-to-device-error",
         kProcessing,
         {"connecting-to-device-error"},
         "",
         S::kUnreachable},
        {"timed-out-error", kIdle, {"timed-out-error"}, "", S::kUnreachable},
        {"not responding", kIdle, {"none"}, "The printer is not responding.", S::kUnreachable},
        {"not responding, upper case",
         kProcessing,
         {},
         "THE PRINTER IS NOT RESPONDING",
         S::kUnreachable},
        {"unable to connect",
         kStopped,
         {},
         "Unable to connect to printer; will retry.",
         S::kUnreachable},
        {"unable to locate",
         kIdle,
         {},
         "Unable to locate printer \"kiosk.local\".",
         S::kUnreachable},
        {"ipp backend retrying",
         kProcessing,
         {"none"},
         "The printer may not exist or is unavailable at this time.",
         S::kUnreachable},
        {"paused", kIdle, {"paused"}, "", S::kOffline},
        {"stopped state", kStopped, {"none"}, "", S::kOffline},
        {"stopped state, paused", kStopped, {"paused"}, "Paused", S::kOffline},
        {"shutdown", kIdle, {"shutdown"}, "", S::kOffline},
        {"out of paper wins over offline",
         kStopped,
         {"paused", "media-empty-error"},
         "",
         S::kOutOfPaper},
        {"out of paper wins over offline, other order",
         kStopped,
         {"media-empty-error", "offline"},
         "",
         S::kOutOfPaper},
        {"out of paper wins over door", kIdle, {"door-open", "media-empty"}, "", S::kOutOfPaper},
        {"door wins over jam", kIdle, {"media-jam", "cover-open"}, "", S::kDoorOpen},
        {"jam wins over unreachable",
         kIdle,
         {"connecting-to-device-error", "media-jam-error"},
         "",
         S::kJammed},
        {"paper wins over a not-responding message",
         kStopped,
         {"media-empty"},
         "The printer is not responding.",
         S::kOutOfPaper},
        {"unreachable wins over offline",
         kStopped,
         {"paused", "timed-out-error"},
         "",
         S::kUnreachable},
        {"unknown -error reason", kIdle, {"marker-supply-empty-error"}, "", S::kError},
        {"unknown -error reason while printing", kProcessing, {"toner-empty-error"}, "", S::kError},
        {"offline wins over unknown error",
         kIdle,
         {"toner-empty-error", "offline"},
         "",
         S::kOffline},
        {"unknown -warning reason", kIdle, {"toner-low-warning"}, "", S::kReady},
        {"unknown informational keyword", kIdle, {"cups-waiting-for-job-completed"}, "", S::kReady},
        {"unknown ipp state", 0, {}, "", S::kError},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(to_code(classify(c.ipp_state, c.reasons, c.message)), to_code(c.expected))
            << c.name;
    }
}

TEST(PrinterStateTest, EveryStateHasAUniqueCodeAndExplanations) {
    const std::vector<std::string> expected_codes = {
        "ready", "busy", "out_of_paper", "door_open", "jammed", "offline", "unreachable", "error",
    };
    std::set<std::string> codes;
    std::set<std::string> texts_id;
    std::set<std::string> texts_en;
    for (std::size_t i = 0; i < kAllStates.size(); ++i) {
        const auto s = kAllStates[i];
        EXPECT_EQ(to_code(s), expected_codes[i]);
        codes.insert(std::string(to_code(s)));
        const auto e = explain(s);
        EXPECT_FALSE(e.id.empty()) << to_code(s);
        EXPECT_FALSE(e.en.empty()) << to_code(s);
        EXPECT_NE(e.id, e.en) << to_code(s);
        texts_id.insert(e.id);
        texts_en.insert(e.en);
    }
    EXPECT_EQ(codes.size(), kAllStates.size());
    EXPECT_EQ(texts_id.size(), kAllStates.size());
    EXPECT_EQ(texts_en.size(), kAllStates.size());
}

TEST(PrinterStateTest, OnlyReadyAndBusyCanPrint) {
    for (const auto s : kAllStates) {
        EXPECT_EQ(can_print(s), s == PrinterState::kReady || s == PrinterState::kBusy)
            << to_code(s);
    }
}

// [file printer] --------------------------------------------------------------------------

PrintDocument png_doc(const std::string& title, std::uint8_t fill = 7) {
    PrintDocument d;
    d.data = platform::Bytes(100, fill);
    d.title = title;
    return d;
}

std::vector<std::string> files_in(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    if (!std::filesystem::exists(dir)) {
        return out;
    }
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(FilePrinterTest, WritesOneNumberedFilePerJob) {
    TempDir dir;
    const auto folder = dir / "printed";
    FilePrinter p(folder);
    EXPECT_EQ(p.folder(), folder);
    EXPECT_NE(p.describe().find(folder.string()), std::string::npos) << p.describe();
    EXPECT_EQ(p.status().state, PrinterState::kReady);

    const auto r1 = p.print(png_doc("PKY1-261124-0001-X", 1));
    EXPECT_TRUE(r1.printed);
    EXPECT_TRUE(r1.submitted);
    EXPECT_EQ(r1.job_id, 1);
    EXPECT_EQ(r1.printer.state, PrinterState::kReady);
    EXPECT_GE(r1.accepted_ms, 0);
    EXPECT_GE(r1.completed_ms, 0);
    PrintDocument pdf = png_doc("PKY1-261124-0002-Y", 2);
    pdf.mime = "application/pdf";
    const auto r2 = p.print(pdf);
    EXPECT_TRUE(r2.printed);
    EXPECT_EQ(r2.job_id, 2);
    EXPECT_EQ(files_in(folder),
              (std::vector<std::string>{"1-PKY1-261124-0001-X.png", "2-PKY1-261124-0002-Y.pdf"}));
    EXPECT_EQ(platform::read_file(folder / "1-PKY1-261124-0001-X.png"), platform::Bytes(100, 1));
    EXPECT_EQ(platform::read_file(folder / "2-PKY1-261124-0002-Y.pdf"), platform::Bytes(100, 2));
}

TEST(FilePrinterTest, TitlesCannotEscapeTheFolder) {
    TempDir dir;
    const auto folder = dir / "printed";
    FilePrinter p(folder);
    const auto r = p.print(png_doc("../../etc/passwd x"));
    EXPECT_TRUE(r.printed);
    const auto files = files_in(folder);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0], "1-______etc_passwd_x.png");
    EXPECT_EQ(files_in(dir.path()), (std::vector<std::string>{"printed"}));
}

TEST(FilePrinterTest, NumberingContinuesAcrossInstances) {
    TempDir dir;
    const auto folder = dir / "printed";
    {
        FilePrinter p(folder);
        EXPECT_EQ(p.print(png_doc("A")).job_id, 1);
        EXPECT_EQ(p.print(png_doc("B")).job_id, 2);
        EXPECT_EQ(p.print(png_doc("C")).job_id, 3);
    }
    {
        FilePrinter p(folder);
        EXPECT_EQ(p.print(png_doc("D")).job_id, 4);
    }
    FilePrinter again(folder);
    EXPECT_EQ(again.print(png_doc("E")).job_id, 5);
    EXPECT_EQ(files_in(folder),
              (std::vector<std::string>{"1-A.png", "2-B.png", "3-C.png", "4-D.png", "5-E.png"}));
    // Numbers beyond 9 sort numerically, not as text.
    for (int i = 6; i <= 11; ++i) {
        EXPECT_EQ(again.print(png_doc("X")).job_id, i);
    }
    EXPECT_EQ(FilePrinter(folder).print(png_doc("Y")).job_id, 12);
}

TEST(FilePrinterTest, TwoLiveInstancesNeverReuseANumber) {
    TempDir dir;
    const auto folder = dir / "printed";
    FilePrinter kiosk(folder);  // a long-running program's printer
    FilePrinter admin(folder);  // a command run meanwhile
    EXPECT_EQ(kiosk.print(png_doc("anjungan-print-test", 1)).job_id, 1);
    EXPECT_EQ(admin.print(png_doc("anjungan-print-test", 2)).job_id, 2);
    EXPECT_EQ(kiosk.print(png_doc("anjungan-print-test", 3)).job_id, 3);
    // Every job is still on "paper".
    EXPECT_EQ(files_in(folder).size(), 3u);
}

TEST(FilePrinterTest, AFaultStateSendsNothing) {
    TempDir dir;
    const auto folder = dir / "printed";
    FilePrinter p(folder);
    for (const auto s : kAllStates) {
        if (can_print(s)) {
            continue;
        }
        p.set_state(s);
        EXPECT_EQ(p.status().state, s);
        const auto r = p.print(png_doc("PKY1-261124-0001-X"));
        EXPECT_FALSE(r.printed) << to_code(s);
        EXPECT_FALSE(r.submitted) << to_code(s);
        EXPECT_EQ(r.job_id, 0) << to_code(s);
        EXPECT_EQ(r.printer.state, s);
        EXPECT_NE(r.detail.find(std::string(to_code(s))), std::string::npos) << r.detail;
        EXPECT_TRUE(files_in(folder).empty()) << to_code(s);
    }
    // Out of paper, then refilled: the first job written is number 1.
    p.set_state(PrinterState::kOutOfPaper);
    EXPECT_FALSE(p.print(png_doc("A")).printed);
    p.set_state(PrinterState::kReady);
    const auto r = p.print(png_doc("A"));
    EXPECT_TRUE(r.printed);
    EXPECT_EQ(r.job_id, 1);
    // Busy still prints (the job waits its turn).
    p.set_state(PrinterState::kBusy);
    EXPECT_TRUE(p.print(png_doc("B")).printed);
    EXPECT_EQ(files_in(folder).size(), 2u);
}

TEST(FilePrinterTest, AnUnwritableFolderIsAnErrorNotAThrow) {
    TempDir dir;
    // A file where the folder should be.
    std::ofstream(dir / "blocked") << "x";
    FilePrinter p(dir / "blocked");
    PrintResult r;
    EXPECT_NO_THROW(r = p.print(png_doc("A")));
    EXPECT_FALSE(r.printed);
    EXPECT_EQ(r.printer.state, PrinterState::kError);
    EXPECT_FALSE(r.detail.empty());
}

}  // namespace
}  // namespace anjungan::printing
