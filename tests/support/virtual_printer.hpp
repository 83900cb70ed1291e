// A real, private CUPS server plus a virtual IPP Everywhere printer on loopback, for
// integration tests of receipt printing. The printer and job states this setup produces
// (CUPS 2.4.2) are recorded in the notes handed over with it (vp-notes.md).
//
// Processes (children of the test process, each in its own process group; they get SIGTERM
// through PR_SET_PDEATHSIG if the test process dies):
//   dbus-daemon    a private bus; ippeveprinter exits with "Unable to initialize DNS-SD"
//                  without one, even with `-r off`.
//   ippeveprinter  the printer, ipp://localhost:PORT/ipp/print; every job runs
//                  tests/support/fake_print_command.sh, which copies the document into
//                  dir/printed/ or, when out of paper, reports media-empty and fails.
//   cupsd          with one IPP Everywhere queue (`lpadmin -m everywhere`) pointing at it.
//
// cupsd runs as root but refuses `User root`; its backends and filters run as `lp`, so
// the constructor adds search permission (o+x) to `dir` and to those of its ancestors that
// lack it (e.g. a 0700 mkdtemp folder) so that `lp` can reach the spool files.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace anjungan::test {

// A private cupsd with one queue that forwards to a virtual IPP Everywhere printer
// (ippeveprinter) on loopback. Everything lives under `dir`; all processes are killed and
// reaped in the destructor. Throws std::runtime_error with the tail of the relevant log
// when something fails to start.
class VirtualPrinter {
  public:
    explicit VirtualPrinter(const std::filesystem::path& dir, std::string queue = "receipt");
    ~VirtualPrinter();
    VirtualPrinter(const VirtualPrinter&) = delete;
    VirtualPrinter& operator=(const VirtualPrinter&) = delete;

    // "localhost:PORT" of the private cupsd (for CUPS_SERVER / cupsSetServer)
    std::string cups_server() const;
    std::string queue() const;        // the CUPS queue name
    std::string printer_uri() const;  // ipp://localhost:PORT/ipp/print of ippeveprinter itself
    // Files the printer actually "printed" (copied by the print command into dir/printed/,
    // in order).
    std::vector<std::filesystem::path> printed_files() const;
    // Waits until at least `count` files are printed; false on time-out.
    bool wait_for_printed(std::size_t count, std::chrono::milliseconds limit) const;
    // Out of paper: the next job reports media-empty-error through STATE: lines and fails
    // without producing a printed file; the state stays until set_out_of_paper(false)
    // (the next job then clears it with STATE: -media-empty-error).
    //
    // As observed with CUPS 2.4.2 (details in the notes): the failing job is *aborted* at
    // ippeveprinter but cupsd's ipp backend reports it *completed*; while media-empty is set,
    // ippeveprinter does not run later jobs at all (they stay processing with
    // media-empty + media-needed). So set_out_of_paper(false) also clears media-empty at the
    // printer at once (its /media form, like loading paper); a waiting job then prints.
    void set_out_of_paper(bool on);
    // Unreachable: kill ippeveprinter (cupsd keeps running); start_printer() restarts it on the
    // same port.
    void stop_printer();
    void start_printer();
    // Pick free TCP ports with bind(0) on 127.0.0.1.

    // ---- additions ----
    // Paper out that the printer already knows while idle: sets the out-of-paper flag and
    // reports media-empty at once (ippeveprinter's /media form with 0 sheets), so
    // printer-state-reasons show it before any job and the next job waits at the printer
    // (processing, media-needed) instead of failing. Undo with set_out_of_paper(false).
    void report_out_of_paper_now();
    // Each job sleeps this long in the print command before printing (0 = no delay), to
    // observe the "printing" states.
    void set_print_delay(std::chrono::milliseconds delay);
    // Runs `lpadmin -h cups_server() ARGS...` (e.g. {"-p", queue(), "-o",
    // "printer-error-policy=abort-job"}); throws std::runtime_error with its output on failure.
    void lpadmin(const std::vector<std::string>& args) const;
    bool printer_running() const { return printer_pid_ > 0; }
    int cups_port() const { return cups_port_; }
    int printer_port() const { return printer_port_; }
    const std::filesystem::path& dir() const { return dir_; }
    // Wall time the constructor took (dbus + ippeveprinter + cupsd + lpadmin + cupsd's
    // generated PPD in place).
    std::chrono::milliseconds startup_time() const { return startup_time_; }
    // Last lines of cupsd's error_log (LogLevel debug) and of ippeveprinter's output.
    std::string cupsd_log_tail(std::size_t lines = 40) const;
    std::string printer_log_tail(std::size_t lines = 40) const;

  private:
    void start_dbus();
    void launch_printer();
    void wait_printer_ready(const char* what);
    void wait_cupsd_ready();
    void start_cupsd();
    void add_queue();
    void set_printer_media(int sheets);  // GET /media on ippeveprinter
    void stop_all() noexcept;

    std::filesystem::path dir_;
    std::string queue_;
    std::string printer_name_;  // unique per fixture: shows that port answers are ours
    int cups_port_ = 0;
    int printer_port_ = 0;
    pid_t dbus_pid_ = -1;
    pid_t printer_pid_ = -1;
    pid_t cupsd_pid_ = -1;
    std::chrono::milliseconds startup_time_{0};
};

}  // namespace anjungan::test
