// Document scanners: SANE (libsane), or a simulated scanner reading plain image files; one
// interface, chosen once in main from the configuration. The SANE path is exercised in tests
// and the demo through SANE's own `pnm` backend fed with files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "anjungan/drivers/health.hpp"

namespace anjungan::drivers {

// What is about to be scanned: the simulated scanners switch to that document's files.
enum class ScanPurpose { kSk, kLetter, kOther };

struct ScanRequest {
    int dpi = 200;  // 200-300 for the SK and the letter
    bool colour = true;
    int max_pages = 10;      // with a feeder: up to this many; without: one page per scan()
    bool use_feeder = true;  // the ADF when the device has one
};

struct ScannedPage {
    cv::Mat image;  // BGR (colour) or grey
    int dpi = 0;
};

// Why a scan failed. The codes are stable (session, admin screen, logs).
enum class ScanFault {
    kNone,
    kNoScanner,   // "no_scanner": no device, or the configured one is not there
    kNoDocument,  // "no_document": the feeder or the glass is empty
    kJammed,      // "jammed"
    kCoverOpen,   // "cover_open"
    kBusy,        // "busy": used by another program
    kCancelled,   // "cancelled": stopped by the caller
    kIo,          // "io": anything else, named in `detail`
};
std::string_view to_code(ScanFault f);

struct ScanResult {
    std::vector<ScannedPage> pages;
    ScanFault fault = ScanFault::kNone;
    std::string detail;
    bool ok() const { return fault == ScanFault::kNone && !pages.empty(); }
};

// Called after each page with the pages done so far; returning false cancels the scan.
using ScanProgress = std::function<bool(int pages_done)>;

class Scanner {
  public:
    virtual ~Scanner() = default;
    // Blocks until the pages are scanned or the scan fails; never throws for device faults.
    virtual ScanResult scan(const ScanRequest& request, const ScanProgress& progress = {}) = 0;
    virtual DeviceHealth health() = 0;
    virtual void prepare(ScanPurpose /*purpose*/) {}
    virtual std::string describe() const = 0;
};

struct SaneConfig {
    // The SANE device name ("epjitsu:libusb:001:004", "pnm:0"); empty: the first one found.
    std::string device;
    // When set, SANE_CONFIG_DIR is pointed here before SANE starts (a folder whose dll.conf
    // lists the backends to load, e.g. only "pnm"), so /etc is never edited. SANE reads it
    // once per process: it must be the same for every SANE scanner of the process.
    std::filesystem::path config_dir;
    // For the pnm backend: the files it "scans" (.ppm/.pgm/.pbm/.pnm), in name order, one per
    // page (subfolders "sk" and "letter" are chosen by prepare(), like FileCamera's). With
    // use_feeder a scan takes the remaining files up to max_pages (a simulated feeder);
    // without, one file per scan(). Files run out: kNoDocument.
    std::filesystem::path pnm_folder;
    // Backend-specific options set by name each time the device is opened, in this order
    // ("page-height" = "297", "swdeskew" = "yes"; for pnm in tests "status-jammed" = "yes").
    // Values are text: "yes"/"no"/"true"/"false"/"1"/"0" for booleans, numbers for integer
    // and fixed-point options, the text itself for strings; empty for a button. An option the
    // device does not have, or refuses, fails the open (health kError, scan kIo): a typo in the
    // configuration is loud.
    std::vector<std::pair<std::string, std::string>> options;
};
// SANE through libsane; see scanner_sane.cpp for the process-wide rules (sane_init once per
// process, SANE_CONFIG_DIR fixed by the first scanner made, SANE calls serialised). Never
// returns null: a device that is not there yet gives a scanner whose health() is kMissing and
// whose scan() answers kNoScanner until the device appears.
std::unique_ptr<Scanner> make_sane_scanner(const SaneConfig& config);

// Plain image files (any format OpenCV reads) from a folder, in name order; subfolders "sk" and
// "letter" by purpose. Each scan() returns the next file (or all remaining, with a feeder, up
// to max_pages). Faults can be simulated for tests and the demo.
class FileScanner : public Scanner {
  public:
    explicit FileScanner(std::filesystem::path folder);
    ScanResult scan(const ScanRequest& request, const ScanProgress& progress = {}) override;
    DeviceHealth health() override;
    void prepare(ScanPurpose purpose) override;
    std::string describe() const override;
    void set_fault(ScanFault fault) { fault_ = fault; }

  private:
    std::filesystem::path folder_;
    std::filesystem::path current_;
    std::size_t next_ = 0;
    ScanFault fault_ = ScanFault::kNone;
    std::int64_t last_ok_ms_ = -1;
};

}  // namespace anjungan::drivers
