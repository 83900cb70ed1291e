// Printers: a CUPS queue (libcups, IPP) or a simulated printer writing files, behind one
// interface; the printer states a kiosk must tell apart and explain; jobs followed to the end.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "anjungan/platform/config.hpp"
#include "anjungan/platform/durable_file.hpp"
#include "anjungan/printing/receipt.hpp"

namespace anjungan::printing {

enum class PrinterState {
    kReady,        // "ready": idle and accepting jobs
    kBusy,         // "busy": printing something else; a job will wait its turn
    kOutOfPaper,   // "out_of_paper": media-empty / media-needed
    kDoorOpen,     // "door_open": door-open / cover-open
    kJammed,       // "jammed": media-jam
    kOffline,      // "offline": the printer says it is offline or paused
    kUnreachable,  // "unreachable": no answer from the server or the printer in time
    kError,        // "error": anything else that stops printing (named in `detail`)
};
std::string_view to_code(PrinterState s);
// What the kiosk tells the applicant and staff, Indonesian and English.
Bilingual explain(PrinterState s);
// Whether a job sent now is expected to print (ready or busy).
bool can_print(PrinterState s);

struct PrinterStatus {
    PrinterState state = PrinterState::kUnreachable;
    int ipp_state = 0;  // printer-state: 3 idle, 4 processing, 5 stopped; 0 when unknown
    std::vector<std::string> reasons;  // printer-state-reasons, as reported
    std::string message;               // printer-state-message, as reported
    std::string detail;  // what the kiosk saw (connection errors, which queue), for operators
};

// Classifies what IPP reports. Paper, door, jam and offline keywords count whatever their
// suffix (CUPS reports the same condition as -report while idle, -warning while a job waits,
// -error on most printers); other keywords stop printing only as -error. The message counts
// only for what CUPS says nowhere else (a printer that does not answer).
PrinterState classify(int ipp_state, const std::vector<std::string>& reasons,
                      const std::string& message);

struct PrintDocument {
    platform::Bytes data;
    std::string mime = "image/png";  // or "application/pdf"
    std::string title;               // the job's name (the receipt number)
    int dpi = 203;                   // sent as ppi with no scaling, so QR modules stay whole
};

struct PrintResult {
    bool printed = false;    // the printer reported the job completed
    bool submitted = false;  // a job reached the printer (paper may have come out)
    int job_id = 0;
    PrinterStatus printer;     // the printer's state at the end: why it failed, if it did
    std::string detail;        // for operators
    double accepted_ms = -1;   // from the call to the job being accepted
    double completed_ms = -1;  // from the call to the job completed
};

class Printer {
  public:
    virtual ~Printer() = default;
    virtual std::string describe() const = 0;  // "cups://localhost:631/receipt"
    virtual PrinterStatus status() = 0;
    // Checks the printer first and sends nothing when it cannot print. Follows the job to
    // completion; a job that fails or times out is cancelled, so it cannot come out later
    // when nobody is there to take it. Never throws for printer faults.
    virtual PrintResult print(const PrintDocument& doc) = 0;
};

struct CupsOptions {
    std::string server;  // "host:port"; empty: libcups' default
    std::string queue = "receipt";
    std::chrono::milliseconds connect_timeout{3000};
    // No job progress while the printer does not answer for this long: unreachable.
    std::chrono::milliseconds unreachable_after{10000};
    // A fault (out of paper, door, jam) must persist this long before the job is given up,
    // so a momentary sensor report does not cancel a receipt.
    std::chrono::milliseconds fault_grace{1000};
    std::chrono::milliseconds complete_timeout{60000};
    std::chrono::milliseconds poll_interval{100};
};
std::unique_ptr<Printer> make_cups_printer(const CupsOptions& options);

// A simulated printer: each job's document is written durably into `folder` as
// <n>-<title>.png|pdf. Its state can be set, so the demo and tests can show every fault.
class FilePrinter : public Printer {
  public:
    explicit FilePrinter(std::filesystem::path folder);
    std::string describe() const override;
    PrinterStatus status() override;
    PrintResult print(const PrintDocument& doc) override;
    void set_state(PrinterState s) { state_ = s; }
    const std::filesystem::path& folder() const { return folder_; }

  private:
    std::filesystem::path folder_;
    PrinterState state_ = PrinterState::kReady;
    int jobs_ = 0;
};

// The configured printer ([printer]): CUPS, or the file printer (kind = "file") writing each
// receipt into `folder` (default DATA/printed).
std::unique_ptr<Printer> make_printer(const platform::Config& config);

}  // namespace anjungan::printing
