// Document scanners: SANE through the real libsane with its pnm backend (fed with PPM, PGM and
// PBM files written here), and the FileScanner.
//
// SANE state is process-wide: SANE_CONFIG_DIR is read once per process, so every SANE test of
// a process shares one private config folder whose dll.conf loads only pnm; and the pnm
// backend keeps its option values (and allows one open handle) across the whole process, so
// every SANE test resets pnm's options through SaneConfig::options and destroys its scanner
// before making the next one on pnm. The tests can run in one process in any order, or each in
// its own process (gtest_discover_tests).
#include "anjungan/drivers/scanner.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using anjungan::drivers::DeviceState;
using anjungan::drivers::FileScanner;
using anjungan::drivers::make_sane_scanner;
using anjungan::drivers::SaneConfig;
using anjungan::drivers::ScanFault;
using anjungan::drivers::ScannedPage;
using anjungan::drivers::Scanner;
using anjungan::drivers::ScanPurpose;
using anjungan::drivers::ScanRequest;
using anjungan::drivers::ScanResult;
using anjungan::test::TempDir;
using Options = std::vector<std::pair<std::string, std::string>>;

const cv::Size kA4At200Dpi{1654, 2339};
const cv::Size kSmall{320, 240};

// The private SANE config folder of this process: dll.conf names only pnm (no other backend
// is loaded, so nothing probes USB or the network).
const fs::path& sane_config_dir() {
    static const TempDir dir;
    static const bool written = [] {
        std::ofstream(dir / "dll.conf") << "pnm\n";
        return true;
    }();
    (void)written;
    return dir.path();
}

// A pnm scanner on `folder`; pnm's global options are reset first (they outlive every handle
// in the process), then `extra` is applied.
SaneConfig pnm_config(const fs::path& folder, const Options& extra = {},
                      const std::string& device = "pnm:0") {
    SaneConfig c;
    c.device = device;
    c.config_dir = sane_config_dir();
    c.pnm_folder = folder;
    c.options = {{"status", "yes"},      {"grayify", "no"},      {"three-pass", "no"},
                 {"hand-scanner", "no"}, {"custom-gamma", "no"}, {"default-enhancements", ""}};
    c.options.insert(c.options.end(), extra.begin(), extra.end());
    return c;
}

// A synthetic page: text-like bars on white, a page number, and a block of random pixels so
// that any byte, channel-order or stride error shows.
cv::Mat synthetic_page(int seed, cv::Size size = kSmall) {
    cv::Mat page(size, CV_8UC3, cv::Scalar(250, 250, 250));
    cv::RNG rng(static_cast<std::uint64_t>(seed));
    const int margin = size.width / 10;
    for (int y = margin; y + 20 < size.height - margin; y += std::max(12, size.height / 40)) {
        const int w = rng.uniform(size.width / 3, size.width - 2 * margin);
        cv::rectangle(page, {margin, y}, {margin + w, y + std::max(4, size.height / 100)},
                      cv::Scalar(rng.uniform(0, 90), rng.uniform(0, 90), rng.uniform(0, 90)),
                      cv::FILLED);
    }
    cv::putText(page, "page " + std::to_string(seed), {margin, size.height - margin},
                cv::FONT_HERSHEY_SIMPLEX, size.width / 400.0, cv::Scalar(200, 30, 30), 2);
    cv::Mat noise =
        page(cv::Rect(size.width / 2, size.height / 2, size.width / 3, size.height / 4));
    rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
    return page;
}

fs::path write_image(const fs::path& path, const cv::Mat& image) {
    fs::create_directories(path.parent_path());
    EXPECT_TRUE(cv::imwrite(path.string(), image)) << path;
    return path;
}

::testing::AssertionResult same_image(const cv::Mat& got, const cv::Mat& want) {
    if (got.size() != want.size() || got.type() != want.type()) {
        return ::testing::AssertionFailure()
               << "got " << got.cols << "x" << got.rows << " type " << got.type() << ", want "
               << want.cols << "x" << want.rows << " type " << want.type();
    }
    const double diff = cv::norm(got, want, cv::NORM_INF);
    if (diff != 0) {
        return ::testing::AssertionFailure() << "pixels differ by up to " << diff;
    }
    return ::testing::AssertionSuccess();
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

ScanRequest one_page(int dpi = 200, bool colour = true) {
    ScanRequest r;
    r.dpi = dpi;
    r.colour = colour;
    r.use_feeder = false;
    return r;
}

ScanRequest feeder(int max_pages) {
    ScanRequest r;
    r.use_feeder = true;
    r.max_pages = max_pages;
    return r;
}

}  // namespace

TEST(ScanFault, CodesAreStable) {
    using anjungan::drivers::to_code;
    EXPECT_EQ(to_code(ScanFault::kNone), "none");
    EXPECT_EQ(to_code(ScanFault::kNoScanner), "no_scanner");
    EXPECT_EQ(to_code(ScanFault::kNoDocument), "no_document");
    EXPECT_EQ(to_code(ScanFault::kJammed), "jammed");
    EXPECT_EQ(to_code(ScanFault::kCoverOpen), "cover_open");
    EXPECT_EQ(to_code(ScanFault::kBusy), "busy");
    EXPECT_EQ(to_code(ScanFault::kCancelled), "cancelled");
    EXPECT_EQ(to_code(ScanFault::kIo), "io");
}

// The whole path through the real libsane: dll backend, private SANE_CONFIG_DIR, pnm backend,
// options by name, sane_start / sane_get_parameters / sane_read, A4 pages at 200 dpi.
TEST(SaneScanner, PnmPagesComeBackBitExactThroughRealSane) {
    const TempDir docs;
    const cv::Mat sk1 = synthetic_page(1, kA4At200Dpi);
    const cv::Mat sk2 = synthetic_page(2, kA4At200Dpi);
    const cv::Mat letter = synthetic_page(3, kA4At200Dpi);
    write_image(docs / "sk" / "01.ppm", sk1);
    write_image(docs / "sk" / "02.ppm", sk2);
    write_image(docs / "letter" / "01.ppm", letter);

    auto scanner = make_sane_scanner(pnm_config(docs.path()));
    const auto h = scanner->health();
    EXPECT_EQ(h.state, DeviceState::kOk) << h.detail;
    EXPECT_EQ(h.device, "pnm:0");
    EXPECT_TRUE(has(scanner->describe(), "pnm:0"));

    scanner->prepare(ScanPurpose::kSk);
    ScanResult r = scanner->scan(one_page(200));
    ASSERT_TRUE(r.ok()) << to_code(r.fault) << ": " << r.detail;
    ASSERT_EQ(r.pages.size(), 1u);
    EXPECT_TRUE(same_image(r.pages[0].image, sk1));
    EXPECT_EQ(r.pages[0].dpi, 200);

    r = scanner->scan(one_page(230));  // pnm allows 75, 90, ... 225, 240, ... 300
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 1u);
    EXPECT_TRUE(same_image(r.pages[0].image, sk2));
    EXPECT_EQ(r.pages[0].dpi, 225);

    r = scanner->scan(one_page());
    EXPECT_EQ(r.fault, ScanFault::kNoDocument);
    EXPECT_TRUE(r.pages.empty());
    EXPECT_TRUE(has(r.detail, (docs / "sk").string())) << r.detail;
    EXPECT_EQ(scanner->health().state, DeviceState::kOk);

    scanner->prepare(ScanPurpose::kLetter);
    r = scanner->scan(one_page(600));
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 1u);
    EXPECT_TRUE(same_image(r.pages[0].image, letter));
    EXPECT_EQ(r.pages[0].dpi, 300);

    scanner->prepare(ScanPurpose::kSk);  // starts again at the first page
    r = scanner->scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, sk1));
    EXPECT_GE(scanner->health().last_ok_ms, 0);
}

TEST(SaneScanner, FeederSimulationGivesEveryPageInOneScan) {
    const TempDir docs;
    std::vector<cv::Mat> pages;
    for (int i = 1; i <= 3; ++i) {
        pages.push_back(synthetic_page(10 + i));
        write_image(docs / "sk" / ("p" + std::to_string(i) + ".ppm"), pages.back());
    }
    auto scanner = make_sane_scanner(pnm_config(docs.path()));
    scanner->prepare(ScanPurpose::kSk);
    std::vector<int> progress;
    ScanResult r = scanner->scan(feeder(10), [&](int done) {
        progress.push_back(done);
        return true;
    });
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_TRUE(same_image(r.pages[i].image, pages[i])) << "page " << i + 1;
    }
    EXPECT_EQ(progress, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(scanner->scan(feeder(10)).fault, ScanFault::kNoDocument);

    scanner->prepare(ScanPurpose::kSk);
    r = scanner->scan(feeder(2));
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 2u);
    EXPECT_TRUE(same_image(r.pages[1].image, pages[1]));
    r = scanner->scan(feeder(2));
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 1u);
    EXPECT_TRUE(same_image(r.pages[0].image, pages[2]));
}

TEST(SaneScanner, GreyBitmapAndColourScannedAsGrey) {
    const TempDir docs;
    cv::Mat grey(kSmall, CV_8UC1);
    cv::RNG(7).fill(grey, cv::RNG::UNIFORM, 0, 256);
    cv::Mat bitmap(kSmall, CV_8UC1);
    cv::RNG(8).fill(bitmap, cv::RNG::UNIFORM, 0, 2);
    bitmap *= 255;
    const cv::Mat colour = synthetic_page(9);
    write_image(docs / "01.pgm", grey);
    write_image(docs / "02.pbm", bitmap);
    write_image(docs / "03.ppm", colour);
    ASSERT_TRUE(same_image(cv::imread((docs / "02.pbm").string(), cv::IMREAD_GRAYSCALE), bitmap));

    auto scanner = make_sane_scanner(pnm_config(docs.path()));
    ScanResult r = scanner->scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, grey));  // a grey device gives grey
    r = scanner->scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, bitmap));  // depth 1, 1 = black
    r = scanner->scan(one_page(200, false));
    ASSERT_TRUE(r.ok()) << r.detail;
    cv::Mat want;
    cv::cvtColor(colour, want, cv::COLOR_BGR2GRAY);
    EXPECT_TRUE(same_image(r.pages[0].image, want));
}

TEST(SaneScanner, UnknownHeightAndThreePassFrames) {
    const TempDir docs;
    const cv::Mat page = synthetic_page(21, {333, 517});  // odd sizes: no accidental alignment
    write_image(docs / "01.ppm", page);
    {
        auto scanner = make_sane_scanner(pnm_config(docs.path(), {{"hand-scanner", "yes"}}));
        const ScanResult r = scanner->scan(one_page());
        ASSERT_TRUE(r.ok()) << r.detail;
        EXPECT_TRUE(same_image(r.pages[0].image, page));
    }
    {
        auto scanner = make_sane_scanner(pnm_config(docs.path(), {{"three-pass", "yes"}}));
        const ScanResult r = scanner->scan(one_page());
        ASSERT_TRUE(r.ok()) << r.detail;
        EXPECT_TRUE(same_image(r.pages[0].image, page));
    }
}

TEST(SaneScanner, BackendStatusesMapToScanFaults) {
    const TempDir docs;
    write_image(docs / "01.ppm", synthetic_page(30));
    struct Case {
        const char* option;
        ScanFault fault;
        DeviceState health;
        const char* detail;
    };
    const Case cases[] = {
        {"status-jammed", ScanFault::kJammed, DeviceState::kError, "jammed"},
        {"status-coveropen", ScanFault::kCoverOpen, DeviceState::kError, "cover"},
        {"status-nodocs", ScanFault::kNoDocument, DeviceState::kOk, "out of documents"},
        {"status-ioerror", ScanFault::kIo, DeviceState::kError, "I/O"},
        {"status-nomem", ScanFault::kIo, DeviceState::kError, "memory"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.option);
        auto scanner = make_sane_scanner(pnm_config(docs.path(), {{c.option, "yes"}}));
        const ScanResult r = scanner->scan(one_page());
        EXPECT_EQ(r.fault, c.fault) << r.detail;
        EXPECT_TRUE(r.pages.empty());
        EXPECT_FALSE(r.ok());
        EXPECT_TRUE(has(r.detail, "pnm:0")) << r.detail;
        EXPECT_TRUE(has(r.detail, c.detail)) << r.detail;
        // A health check reopens after an I/O fault; the backend is still set to fail, so
        // look at the state the scan left rather than a new probe for those.
        if (c.fault == ScanFault::kJammed || c.fault == ScanFault::kCoverOpen ||
            c.fault == ScanFault::kNoDocument) {
            EXPECT_EQ(scanner->health().state, c.health);
        }
    }
    // With the faults cleared the same document scans.
    auto scanner = make_sane_scanner(pnm_config(docs.path()));
    EXPECT_TRUE(scanner->scan(one_page()).ok());
}

TEST(SaneScanner, MissingDeviceIsNoScannerAndNamesWhatSaneSees) {
    const TempDir docs;
    write_image(docs / "01.ppm", synthetic_page(40));
    auto scanner = make_sane_scanner(pnm_config(docs.path(), {}, "nosuch:0"));
    const auto h = scanner->health();
    EXPECT_EQ(h.state, DeviceState::kMissing);
    EXPECT_EQ(h.device, "nosuch:0");
    EXPECT_TRUE(has(h.detail, "'nosuch:0' not found")) << h.detail;
    // Only the backend in the private dll.conf is loaded.
    EXPECT_TRUE(has(h.detail, "SANE sees pnm:0, pnm:1 (")) << h.detail;
    const ScanResult r = scanner->scan(one_page());
    EXPECT_EQ(r.fault, ScanFault::kNoScanner);
    EXPECT_TRUE(has(r.detail, "nosuch:0")) << r.detail;
    EXPECT_TRUE(has(r.detail, "pnm:0")) << r.detail;
}

TEST(SaneScanner, FirstDeviceIsUsedWhenNoneIsNamed) {
    const TempDir docs;
    const cv::Mat page = synthetic_page(41);
    write_image(docs / "01.ppm", page);
    auto scanner = make_sane_scanner(pnm_config(docs.path(), {}, ""));
    const ScanResult r = scanner->scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, page));
}

TEST(SaneScanner, BusyDeviceIsReportedAndComesBack) {
    const TempDir docs;
    const cv::Mat page = synthetic_page(50);
    write_image(docs / "01.ppm", page);
    auto first = make_sane_scanner(pnm_config(docs.path()));
    ASSERT_EQ(first->health().state, DeviceState::kOk);
    // pnm allows one open handle per process: pnm:1 is busy while pnm:0 is open.
    auto second = make_sane_scanner(pnm_config(docs.path(), {}, "pnm:1"));
    EXPECT_EQ(second->health().state, DeviceState::kBusy);
    const ScanResult busy = second->scan(one_page());
    EXPECT_EQ(busy.fault, ScanFault::kBusy);
    EXPECT_TRUE(has(busy.detail, "pnm:1")) << busy.detail;

    first.reset();
    EXPECT_EQ(second->health().state, DeviceState::kOk);
    const ScanResult r = second->scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, page));
}

TEST(SaneScanner, MissingFolderEmptyFolderAndMissingFileAreClearFaults) {
    const TempDir docs;
    {
        const fs::path nowhere = docs / "nowhere";
        auto scanner = make_sane_scanner(pnm_config(nowhere));
        const ScanResult r = scanner->scan(one_page());
        EXPECT_EQ(r.fault, ScanFault::kIo);
        EXPECT_TRUE(has(r.detail, nowhere.string())) << r.detail;
    }
    {
        fs::create_directories(docs / "empty");
        std::ofstream(docs / "empty" / "readme.txt") << "not a page\n";
        auto scanner = make_sane_scanner(pnm_config(docs / "empty"));
        const ScanResult r = scanner->scan(one_page());
        EXPECT_EQ(r.fault, ScanFault::kNoDocument);
        EXPECT_TRUE(has(r.detail, (docs / "empty").string())) << r.detail;
    }
    {
        // Without pnm_folder, pnm scans its "filename" option as configured.
        SaneConfig c = pnm_config({}, {{"filename", (docs / "absent.ppm").string()}});
        auto scanner = make_sane_scanner(c);
        EXPECT_EQ(scanner->health().state, DeviceState::kOk);
        const ScanResult r = scanner->scan(one_page());
        EXPECT_EQ(r.fault, ScanFault::kIo);
        EXPECT_TRUE(has(r.detail, (docs / "absent.ppm").string())) << r.detail;
        EXPECT_TRUE(has(r.detail, "sane_start")) << r.detail;
    }
    {
        auto scanner = make_sane_scanner(pnm_config(docs.path(), {{"no-such-option", "1"}}));
        const auto h = scanner->health();
        EXPECT_EQ(h.state, DeviceState::kError);
        EXPECT_TRUE(has(h.detail, "no-such-option")) << h.detail;
        EXPECT_EQ(scanner->scan(one_page()).fault, ScanFault::kIo);
    }
}

TEST(SaneScanner, ReopensAfterAnIoFault) {
    const TempDir docs;
    const cv::Mat good1 = synthetic_page(60);
    const cv::Mat good3 = synthetic_page(62);
    write_image(docs / "01.ppm", good1);
    std::ofstream(docs / "02.ppm") << "this is not a PNM file\n";
    write_image(docs / "03.ppm", good3);
    auto scanner = make_sane_scanner(pnm_config(docs.path()));
    ASSERT_TRUE(scanner->scan(one_page()).ok());
    const ScanResult bad = scanner->scan(one_page());
    EXPECT_EQ(bad.fault, ScanFault::kIo);
    EXPECT_TRUE(has(bad.detail, (docs / "02.ppm").string())) << bad.detail;
    EXPECT_EQ(scanner->health().reopen_count, 1);  // closed after the fault, reopened here
    EXPECT_EQ(scanner->health().state, DeviceState::kOk);
    const ScanResult r = scanner->scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, good3));
}

TEST(SaneScanner, ProgressReturningFalseCancels) {
    const TempDir docs;
    const cv::Mat p1 = synthetic_page(70);
    const cv::Mat p2 = synthetic_page(71);
    write_image(docs / "01.ppm", p1);
    write_image(docs / "02.ppm", p2);
    auto scanner = make_sane_scanner(pnm_config(docs.path()));
    int calls = 0;
    const ScanResult r = scanner->scan(feeder(10), [&](int done) {
        ++calls;
        EXPECT_EQ(done, 1);
        return false;
    });
    EXPECT_EQ(r.fault, ScanFault::kCancelled);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(calls, 1);
    ASSERT_EQ(r.pages.size(), 1u);  // the sheet that went through is kept
    EXPECT_TRUE(same_image(r.pages[0].image, p1));
    EXPECT_EQ(scanner->health().state, DeviceState::kOk);
    const ScanResult next = scanner->scan(feeder(10));
    ASSERT_TRUE(next.ok()) << next.detail;
    ASSERT_EQ(next.pages.size(), 1u);
    EXPECT_TRUE(same_image(next.pages[0].image, p2));
}

// --- FileScanner ---------------------------------------------------------------------------

TEST(FileScanner, NameOrderAndSubfoldersByPurpose) {
    const TempDir docs;
    const cv::Mat sk1 = synthetic_page(101);
    const cv::Mat sk2 = synthetic_page(102);
    const cv::Mat letter = synthetic_page(103);
    const cv::Mat other = synthetic_page(104);
    write_image(docs / "sk" / "02.png", sk2);  // written first: order is by name
    write_image(docs / "sk" / "01.png", sk1);
    std::ofstream(docs / "sk" / "notes.txt") << "skipped\n";
    write_image(docs / "letter" / "01.bmp", letter);
    write_image(docs / "other.png", other);

    FileScanner scanner(docs.path());
    EXPECT_EQ(scanner.health().state, DeviceState::kOk);
    EXPECT_TRUE(has(scanner.describe(), docs.path().string()));
    scanner.prepare(ScanPurpose::kSk);
    ScanResult r = scanner.scan(one_page(300));
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 1u);
    EXPECT_TRUE(same_image(r.pages[0].image, sk1));
    EXPECT_EQ(r.pages[0].dpi, 300);
    r = scanner.scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, sk2));
    r = scanner.scan(one_page());
    EXPECT_EQ(r.fault, ScanFault::kNoDocument);
    EXPECT_TRUE(has(r.detail, (docs / "sk").string())) << r.detail;

    scanner.prepare(ScanPurpose::kLetter);
    r = scanner.scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, letter));

    scanner.prepare(ScanPurpose::kOther);
    r = scanner.scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, other));

    scanner.prepare(ScanPurpose::kSk);  // again from the first page
    r = scanner.scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, sk1));
}

TEST(FileScanner, NoSubfolderMeansTheFolderItself) {
    const TempDir docs;
    const cv::Mat page = synthetic_page(110);
    write_image(docs / "page.png", page);
    FileScanner scanner(docs.path());
    scanner.prepare(ScanPurpose::kLetter);
    const ScanResult r = scanner.scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, page));
}

TEST(FileScanner, FeederTakesRemainingPagesUpToMax) {
    const TempDir docs;
    std::vector<cv::Mat> pages;
    for (int i = 1; i <= 3; ++i) {
        pages.push_back(synthetic_page(120 + i));
        write_image(docs / "sk" / ("0" + std::to_string(i) + ".png"), pages.back());
    }
    FileScanner scanner(docs.path());
    scanner.prepare(ScanPurpose::kSk);
    std::vector<int> progress;
    ScanResult r = scanner.scan(feeder(2), [&](int done) {
        progress.push_back(done);
        return true;
    });
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 2u);
    EXPECT_TRUE(same_image(r.pages[0].image, pages[0]));
    EXPECT_TRUE(same_image(r.pages[1].image, pages[1]));
    EXPECT_EQ(progress, (std::vector<int>{1, 2}));
    r = scanner.scan(feeder(10));
    ASSERT_TRUE(r.ok()) << r.detail;
    ASSERT_EQ(r.pages.size(), 1u);
    EXPECT_TRUE(same_image(r.pages[0].image, pages[2]));
    r = scanner.scan(feeder(10));
    EXPECT_EQ(r.fault, ScanFault::kNoDocument);
    EXPECT_TRUE(r.pages.empty());

    scanner.prepare(ScanPurpose::kSk);
    r = scanner.scan(feeder(10));
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_EQ(r.pages.size(), 3u);
}

TEST(FileScanner, GreyRequestGivesGreyPages) {
    const TempDir docs;
    const cv::Mat page = synthetic_page(130);
    write_image(docs / "01.png", page);
    FileScanner scanner(docs.path());
    const ScanResult r = scanner.scan(one_page(200, false));
    ASSERT_TRUE(r.ok()) << r.detail;
    cv::Mat want;
    cv::cvtColor(page, want, cv::COLOR_BGR2GRAY);
    EXPECT_EQ(r.pages[0].image.type(), CV_8UC1);
    EXPECT_LE(cv::norm(r.pages[0].image, want, cv::NORM_INF), 1.0);  // OpenCV's own rounding
}

TEST(FileScanner, SetFaultSimulatesFaultsWithoutUsingPages) {
    const TempDir docs;
    const cv::Mat page = synthetic_page(140);
    write_image(docs / "01.png", page);
    FileScanner scanner(docs.path());
    struct Case {
        ScanFault fault;
        DeviceState health;
    };
    const Case cases[] = {
        {ScanFault::kJammed, DeviceState::kError}, {ScanFault::kCoverOpen, DeviceState::kError},
        {ScanFault::kBusy, DeviceState::kBusy},    {ScanFault::kNoScanner, DeviceState::kMissing},
        {ScanFault::kIo, DeviceState::kError},     {ScanFault::kNoDocument, DeviceState::kOk},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(to_code(c.fault)));
        scanner.set_fault(c.fault);
        const ScanResult r = scanner.scan(one_page());
        EXPECT_EQ(r.fault, c.fault);
        EXPECT_TRUE(r.pages.empty());
        EXPECT_FALSE(r.detail.empty());
        EXPECT_EQ(scanner.health().state, c.health);
    }
    scanner.set_fault(ScanFault::kNone);
    EXPECT_EQ(scanner.health().state, DeviceState::kOk);
    const ScanResult r = scanner.scan(one_page());
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_TRUE(same_image(r.pages[0].image, page));
}

TEST(FileScanner, HealthIsMissingForAMissingOrEmptyFolder) {
    const TempDir docs;
    FileScanner missing(docs / "nowhere");
    auto h = missing.health();
    EXPECT_EQ(h.state, DeviceState::kMissing);
    EXPECT_TRUE(has(h.detail, (docs / "nowhere").string())) << h.detail;
    const ScanResult r = missing.scan(one_page());
    EXPECT_EQ(r.fault, ScanFault::kNoScanner);
    EXPECT_TRUE(has(r.detail, (docs / "nowhere").string())) << r.detail;

    fs::create_directories(docs / "empty" / "sk");
    std::ofstream(docs / "empty" / "readme.txt") << "no pages here\n";
    FileScanner empty(docs / "empty");
    h = empty.health();
    EXPECT_EQ(h.state, DeviceState::kMissing);
    EXPECT_TRUE(has(h.detail, (docs / "empty").string())) << h.detail;
    EXPECT_EQ(empty.scan(one_page()).fault, ScanFault::kNoDocument);

    write_image(docs / "empty" / "sk" / "01.png", synthetic_page(150));
    EXPECT_EQ(empty.health().state, DeviceState::kOk);
}

TEST(FileScanner, ProgressReturningFalseCancels) {
    const TempDir docs;
    write_image(docs / "01.png", synthetic_page(160));
    write_image(docs / "02.png", synthetic_page(161));
    FileScanner scanner(docs.path());
    const ScanResult r = scanner.scan(feeder(10), [](int) { return false; });
    EXPECT_EQ(r.fault, ScanFault::kCancelled);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.pages.size(), 1u);
}

TEST(FileScanner, UnreadableImageIsAnIoFaultNamingTheFile) {
    const TempDir docs;
    write_image(docs / "01.png", synthetic_page(170));
    std::vector<uchar> png;
    ASSERT_TRUE(cv::imencode(".png", synthetic_page(171), png));
    png.resize(100);  // a PNG signature, then nothing
    std::ofstream(docs / "02.png", std::ios::binary)
        .write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    write_image(docs / "03.png", synthetic_page(172));
    FileScanner scanner(docs.path());
    ScanResult r = scanner.scan(feeder(10));
    EXPECT_EQ(r.fault, ScanFault::kIo);
    EXPECT_TRUE(has(r.detail, (docs / "02.png").string())) << r.detail;
    EXPECT_EQ(r.pages.size(), 1u);  // the page before the bad file is kept
    r = scanner.scan(feeder(10));   // the bad file is passed over
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_EQ(r.pages.size(), 1u);
}
