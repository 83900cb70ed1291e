// Over 600 lines: a private cupsd and ippeveprinter with every fault CUPS reports; one fixture.
// A private cupsd plus ippeveprinter on loopback; see virtual_printer.hpp.
#include "virtual_printer.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#ifndef ANJUNGAN_SOURCE_DIR
#error "ANJUNGAN_SOURCE_DIR must name the project's source folder"
#endif

extern char** environ;

namespace anjungan::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kDbusDaemon = "/usr/bin/dbus-daemon";
constexpr const char* kIppEvePrinter = "/usr/sbin/ippeveprinter";
constexpr const char* kCupsd = "/usr/sbin/cupsd";
constexpr const char* kLpadmin = "/usr/sbin/lpadmin";
constexpr const char* kPrintCommand = ANJUNGAN_SOURCE_DIR "/tests/support/fake_print_command.sh";

constexpr milliseconds kStartLimit{10000};
constexpr milliseconds kLpadminLimit{30000};
constexpr milliseconds kPoll{10};
constexpr int kStartAttempts = 5;

// Another process took a port between free_port() and the server's bind(): start again on
// other ports.
struct PortTaken : std::runtime_error {
    using std::runtime_error::runtime_error;
};

bool file_contains(const fs::path& file, const std::string& needle) {
    std::ifstream in(file, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), {});
    return content.find(needle) != std::string::npos;
}

std::string tail_of(const fs::path& file, std::size_t lines) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return "(no " + file.string() + ")";
    }
    std::deque<std::string> last;
    std::string line;
    while (std::getline(in, line)) {
        last.push_back(std::move(line));
        if (last.size() > lines) {
            last.pop_front();
        }
    }
    std::string out;
    for (const auto& l : last) {
        out += l;
        out += '\n';
    }
    return out;
}

[[noreturn]] void fail(const std::string& what, const fs::path& log, std::size_t lines = 30) {
    throw std::runtime_error("VirtualPrinter: " + what + "\n--- last lines of " + log.string() +
                             " ---\n" + tail_of(log, lines));
}

void write_file(const fs::path& file, const std::string& content) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) {
        throw std::runtime_error("VirtualPrinter: cannot write " + file.string());
    }
}

// A TCP port that was free a moment ago (bind to port 0 on 127.0.0.1), never `avoid`.
int free_port(int avoid = 0) {
    for (int attempt = 0; attempt < 20; ++attempt) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw std::system_error(errno, std::generic_category(), "socket");
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        socklen_t len = sizeof addr;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            const int err = errno;
            ::close(fd);
            throw std::system_error(err, std::generic_category(), "bind 127.0.0.1:0");
        }
        ::close(fd);
        const int port = ntohs(addr.sin_port);
        if (port != avoid) {
            return port;
        }
    }
    throw std::runtime_error("VirtualPrinter: no free port");
}

// One HTTP/1.1 GET to 127.0.0.1:port. Returns what arrived until `until` was seen, the peer
// closed, or `limit` passed; "" when the connection is refused.
std::string http_get(int port, const std::string& target, milliseconds limit,
                     const std::string& until) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return {};
    }
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(limit.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((limit.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    std::string response;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        const std::string request = "GET " + target +
                                    " HTTP/1.1\r\nHost: localhost:" + std::to_string(port) +
                                    "\r\nConnection: close\r\n\r\n";
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
            const auto deadline = Clock::now() + limit;
            char buf[4096];
            while (Clock::now() < deadline) {
                const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0) {
                    break;
                }
                response.append(buf, static_cast<std::size_t>(n));
                if (!until.empty() && response.find(until) != std::string::npos) {
                    break;
                }
            }
        }
    }
    ::close(fd);
    return response;
}

bool unix_socket_accepts(const fs::path& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

using Env = std::map<std::string, std::string>;

// fork + execve with the current environment plus `extra`, in a new process group, stdin
// from /dev/null, stdout and stderr appended to `log`; gets SIGTERM when the thread that
// started it exits (PR_SET_PDEATHSIG), so a crashed test leaves no servers behind.
pid_t spawn(const std::vector<std::string>& args, const Env& extra, const fs::path& log) {
    // Everything the child needs is built before fork(): only async-signal-safe calls after.
    std::vector<std::string> env_strings;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string::npos && extra.count(entry.substr(0, eq)) != 0) {
            continue;
        }
        env_strings.push_back(entry);
    }
    for (const auto& [key, value] : extra) {
        env_strings.push_back(key + "=" + value);
    }
    std::vector<char*> envp;
    for (auto& s : env_strings) {
        envp.push_back(s.data());
    }
    envp.push_back(nullptr);
    std::vector<std::string> arg_strings(args);
    std::vector<char*> argv;
    for (auto& s : arg_strings) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);
    const std::string log_path = log.string();
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::system_error(errno, std::generic_category(), "fork");
    }
    if (pid == 0) {
        // SIGTERM, not SIGKILL: if the test process dies, cupsd still stops its backends.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) {
            ::_exit(127);
        }
        ::setpgid(0, 0);
        sigset_t none;
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::signal(SIGPIPE, SIG_DFL);
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (in < 0 || out < 0) {
            ::_exit(127);
        }
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(out, 2);
        ::close_range(3, ~0U, 0);
        ::execve(argv[0], argv.data(), envp.data());
        const char msg[] = "VirtualPrinter: execve failed\n";
        [[maybe_unused]] const ssize_t w = ::write(2, msg, sizeof msg - 1);
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // also in the parent, so kill(-pid) works at once
    return pid;
}

// True once `pid` has exited, waiting at most `limit`. With `keep_zombie` the child is
// not reaped, so its pid (and process group id) cannot be reused yet.
bool wait_exit(pid_t pid, milliseconds limit, bool keep_zombie = false) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
        siginfo_t info{};
        const int flags = WEXITED | WNOHANG | (keep_zombie ? WNOWAIT : 0);
        if (::waitid(P_PID, static_cast<id_t>(pid), &info, flags) == 0) {
            if (info.si_pid == pid) {
                return true;
            }
        } else if (errno == ECHILD) {
            return true;
        }
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(milliseconds(5));
    }
}

bool exited(pid_t pid) {
    return wait_exit(pid, milliseconds(0));
}

// `sig` to the process group, SIGKILL after `grace`, then SIGKILL to whatever is left of
// the group (e.g. a print command) while the zombie leader still holds the group id;
// reaps the leader and sets `pid` to -1.
void terminate(pid_t& pid, milliseconds grace, int sig = SIGTERM) noexcept {
    if (pid <= 0) {
        return;
    }
    ::kill(-pid, sig);
    if (!wait_exit(pid, grace, true)) {
        ::kill(-pid, SIGKILL);
        wait_exit(pid, milliseconds(5000), true);
    }
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    pid = -1;
}

// cupsd's backends run as lp: every folder above the spool needs search permission for
// others. Adds it to `dir` and to ancestors inside the temp folder; refuses elsewhere.
void make_traversable(const fs::path& dir) {
    const fs::path target = fs::weakly_canonical(dir);
    const fs::path tmp = fs::weakly_canonical(fs::temp_directory_path());
    const auto inside_tmp = [&tmp](const fs::path& p) {
        const fs::path rel = p.lexically_relative(tmp);
        return !rel.empty() && rel != "." && *rel.begin() != "..";
    };
    for (fs::path p = target; !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) {
            throw std::system_error(errno, std::generic_category(), "stat " + p.string());
        }
        if ((st.st_mode & S_IXOTH) == 0) {
            if (p != target && !inside_tmp(p)) {
                throw std::runtime_error("VirtualPrinter: " + p.string() +
                                         " is not searchable by others; cupsd's backends run "
                                         "as lp and could not read the spool under it");
            }
            if (::chmod(p.c_str(), (st.st_mode & 07777) | S_IXGRP | S_IXOTH) != 0) {
                throw std::system_error(errno, std::generic_category(), "chmod " + p.string());
            }
        }
        if (p == p.root_path()) {
            break;
        }
    }
}

}  // namespace

VirtualPrinter::VirtualPrinter(const std::filesystem::path& dir, std::string queue)
    : dir_(fs::absolute(dir)), queue_(std::move(queue)) {
    const auto started = Clock::now();
    try {
        for (const char* sub : {"dbus", "printer/spool", "printed", "cups/root", "cups/spool",
                                "cups/cache", "cups/state", "cups/log"}) {
            fs::create_directories(dir_ / sub);
        }
        make_traversable(dir_);
        static std::atomic<int> instances{0};
        printer_name_ =
            "anjungan-vp-" + std::to_string(::getpid()) + "-" + std::to_string(++instances);
        // ippeveprinter execve()s the command: use a private copy that is surely executable.
        fs::copy_file(kPrintCommand, dir_ / "printer/print_command.sh",
                      fs::copy_options::overwrite_existing);
        fs::permissions(dir_ / "printer/print_command.sh", fs::perms(0755));

        start_dbus();
        // Ports are free when picked but may be taken before the servers bind them (tests
        // run in parallel): cupsd then runs on without a listener, ippeveprinter exits. Each
        // readiness check makes sure the answer comes from our own process.
        for (int attempt = 1;; ++attempt) {
            printer_port_ = free_port();
            cups_port_ = free_port(printer_port_);
            try {
                // ippeveprinter and cupsd start side by side; lpadmin needs both.
                launch_printer();
                start_cupsd();
                wait_printer_ready("ippeveprinter");
                wait_cupsd_ready();
                break;
            } catch (const PortTaken&) {
                terminate(cupsd_pid_, milliseconds(5000));
                terminate(printer_pid_, milliseconds(0), SIGKILL);
                if (attempt == kStartAttempts) {
                    throw;
                }
            }
        }
        add_queue();
    } catch (...) {
        stop_all();
        throw;
    }
    startup_time_ = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
}

VirtualPrinter::~VirtualPrinter() {
    stop_all();
}

void VirtualPrinter::stop_all() noexcept {
    // cupsd first (it stops its backends on SIGTERM), then the printer, then the bus.
    terminate(cupsd_pid_, milliseconds(5000));
    terminate(printer_pid_, milliseconds(0), SIGKILL);
    terminate(dbus_pid_, milliseconds(2000));
}

void VirtualPrinter::start_dbus() {
    const fs::path sock = dir_ / "dbus/dbus.sock";
    dbus_pid_ = spawn({kDbusDaemon, "--session", "--address=unix:path=" + sock.string(), "--nofork",
                       "--nopidfile", "--nosyslog"},
                      {}, dir_ / "dbus/dbus.log");
    const auto deadline = Clock::now() + kStartLimit;
    while (!unix_socket_accepts(sock)) {
        if (exited(dbus_pid_)) {
            dbus_pid_ = -1;
            fail("dbus-daemon exited during start-up", dir_ / "dbus/dbus.log");
        }
        if (Clock::now() >= deadline) {
            fail("dbus-daemon did not open " + sock.string(), dir_ / "dbus/dbus.log");
        }
        std::this_thread::sleep_for(kPoll);
    }
}

void VirtualPrinter::start_cupsd() {
    const fs::path c = dir_ / "cups";
    // cupsd refuses `User root` ("for security reasons") and `Group` equal to `SystemGroup`;
    // as root it runs filters and backends as User (lp).
    std::ostringstream files;
    files << "# Written by anjungan::test::VirtualPrinter.\n"
          << "User lp\n"
          << "Group lp\n"
          << "SystemGroup root\n"
          << "ServerRoot " << (c / "root").string() << "\n"
          << "RequestRoot " << (c / "spool").string() << "\n"
          << "CacheDir " << (c / "cache").string() << "\n"
          << "StateDir " << (c / "state").string() << "\n"
          << "ErrorLog " << (c / "log/error_log").string() << "\n"
          << "AccessLog " << (c / "log/access_log").string() << "\n"
          << "PageLog " << (c / "log/page_log").string() << "\n";
    write_file(c / "cups-files.conf", files.str());
    // Everything open to everyone on loopback; CUPS' defaults otherwise (ErrorPolicy
    // stop-printer, JobRetryInterval 300, ...), like a stock install.
    std::ostringstream conf;
    conf << "# Written by anjungan::test::VirtualPrinter.\n"
         << "Listen 127.0.0.1:" << cups_port_ << "\n"
         << "ServerName localhost\n"
         << "LogLevel debug\n"
         << "MaxLogSize 0\n"
         << "Browsing No\n"
         << "DefaultAuthType None\n"
         << "WebInterface No\n"
         << "<Location />\n"
         << "  Order allow,deny\n"
         << "  Allow all\n"
         << "</Location>\n"
         << "<Policy default>\n"
         << "  <Limit All>\n"
         << "    Order deny,allow\n"
         << "  </Limit>\n"
         << "</Policy>\n";
    write_file(c / "cupsd.conf", conf.str());
    std::error_code ec;
    fs::remove(c / "log/error_log", ec);  // readiness is read from it
    cupsd_pid_ = spawn(
        {kCupsd, "-f", "-c", (c / "cupsd.conf").string(), "-s", (c / "cups-files.conf").string()},
        {{"DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + (dir_ / "dbus/dbus.sock").string()}},
        c / "log/cupsd.out");
}

void VirtualPrinter::add_queue() {
    lpadmin({"-p", queue_, "-E", "-v", printer_uri(), "-m", "everywhere"});
    // With `-m everywhere` lpadmin returns as soon as cupsd added a temporary raw queue;
    // cupsd then queries the printer and loads the generated PPD in the background. Jobs
    // sent before that go out raw or fail with "Unsupported document-format". cupsd logs
    // this line once the PPD is in place.
    const fs::path log = dir_ / "cups/log/error_log";
    const std::string ready = "Printer \"" + queue_ + "\" is now available.";
    const auto deadline = Clock::now() + kLpadminLimit;
    while (!file_contains(log, ready)) {
        if (exited(cupsd_pid_)) {
            cupsd_pid_ = -1;
            fail("cupsd exited while setting up the queue", log);
        }
        if (Clock::now() >= deadline) {
            fail("cupsd did not finish the queue's PPD (no '" + ready + "' in its log)", log);
        }
        std::this_thread::sleep_for(kPoll);
    }
}

void VirtualPrinter::lpadmin(const std::vector<std::string>& args) const {
    const fs::path log = dir_ / "cups/log/lpadmin.log";
    {
        std::ofstream out(log, std::ios::app);
        out << "$ lpadmin -h " << cups_server();
        for (const auto& a : args) {
            out << ' ' << a;
        }
        out << '\n';
    }
    std::vector<std::string> argv{kLpadmin, "-h", cups_server()};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_t pid = spawn(argv, {{"CUPS_SERVER", cups_server()}}, log);
    if (!wait_exit(pid, kLpadminLimit, true)) {
        terminate(pid, milliseconds(0), SIGKILL);
        fail("lpadmin did not finish within " + std::to_string(kLpadminLimit.count()) + " ms", log);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail("lpadmin failed (status " + std::to_string(status) + ")", log);
    }
}

std::string VirtualPrinter::cups_server() const {
    return "localhost:" + std::to_string(cups_port_);
}

std::string VirtualPrinter::queue() const {
    return queue_;
}

std::string VirtualPrinter::printer_uri() const {
    return "ipp://localhost:" + std::to_string(printer_port_) + "/ipp/print";
}

std::vector<std::filesystem::path> VirtualPrinter::printed_files() const {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ / "printed", ec)) {
        const auto name = e.path().filename().string();
        if (e.is_regular_file() && !name.empty() && name[0] != '.') {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());  // NNNN-jobID.ext: sorted = printing order
    return files;
}

bool VirtualPrinter::wait_for_printed(std::size_t count, std::chrono::milliseconds limit) const {
    const auto deadline = Clock::now() + limit;
    for (;;) {
        if (printed_files().size() >= count) {
            return true;
        }
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(milliseconds(20));
    }
}

void VirtualPrinter::set_printer_media(int sheets) {
    // ippeveprinter's /media web form (a GET, "for testing") clears media-empty, media-needed
    // and media-low, then sets media-empty again for every tray given 0 sheets. Trays are
    // numbered by media-source-supported (auto, main, manual, by-pass-tray in CUPS 2.4.2);
    // auto/manual are skipped by the printer, indices beyond the list are ignored.
    std::string query;
    for (int i = 0; i < 8; ++i) {
        query += (i == 0 ? "?" : "&") + ("size" + std::to_string(i)) + "=na_letter_8.5x11in&type" +
                 std::to_string(i) + "=stationery&level" + std::to_string(i) + "=" +
                 std::to_string(sheets);
    }
    const fs::path log = dir_ / "printer/ippeveprinter.log";
    // The form is applied while the page is written: read the page to its end.
    const std::string page =
        http_get(printer_port_, "/media" + query, milliseconds(5000), "</html>");
    if (page.find("</html>") == std::string::npos) {
        fail("GET /media on the printer failed", log);
    }
    const std::string status = http_get(printer_port_, "/", milliseconds(5000), "</html>");
    const bool empty = status.find("Media Empty") != std::string::npos;
    if (empty != (sheets == 0)) {
        fail(std::string("the printer's status page does ") + (empty ? "" : "not ") +
                 "show Media Empty after loading " + std::to_string(sheets) + " sheets",
             log);
    }
}

void VirtualPrinter::set_out_of_paper(bool on) {
    const fs::path flag = dir_ / "out_of_paper";
    if (on) {
        write_file(flag, "media-empty\n");
        return;
    }
    std::error_code ec;
    fs::remove(flag, ec);
    if (printer_running()) {
        set_printer_media(250);
    }
}

void VirtualPrinter::report_out_of_paper_now() {
    write_file(dir_ / "out_of_paper", "media-empty\n");
    if (printer_running()) {
        set_printer_media(0);
    }
}

void VirtualPrinter::set_print_delay(std::chrono::milliseconds delay) {
    const fs::path file = dir_ / "delay";
    if (delay.count() <= 0) {
        std::error_code ec;
        fs::remove(file, ec);
        return;
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f\n", static_cast<double>(delay.count()) / 1000.0);
    write_file(file, seconds);
}

void VirtualPrinter::stop_printer() {
    // SIGKILL: like pulling the cable; the port closes at once (SIGTERM takes up to 1 s).
    terminate(printer_pid_, milliseconds(0), SIGKILL);
}

void VirtualPrinter::start_printer() {
    if (printer_running()) {
        return;
    }
    launch_printer();
    wait_printer_ready("ippeveprinter (restarted)");
}

void VirtualPrinter::launch_printer() {
    printer_pid_ =
        spawn({kIppEvePrinter, "-vvv", "-r", "off", "-n", "localhost", "-p",
               std::to_string(printer_port_), "-d", (dir_ / "printer/spool").string(), "-k", "-c",
               (dir_ / "printer/print_command.sh").string(), "-f",
               "application/pdf,image/png,image/pwg-raster", printer_name_},
              {{"DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + (dir_ / "dbus/dbus.sock").string()},
               {"VP_DIR", dir_.string()}},
              dir_ / "printer/ippeveprinter.log");
}

// Ready when GET / shows our printer's name (not some other server on the port).
void VirtualPrinter::wait_printer_ready(const char* what) {
    const fs::path log = dir_ / "printer/ippeveprinter.log";
    const std::string title = "<title>" + printer_name_ + "</title>";
    const auto deadline = Clock::now() + kStartLimit;
    while (http_get(printer_port_, "/", milliseconds(1000), "</title>").find(title) ==
           std::string::npos) {
        if (exited(printer_pid_)) {
            printer_pid_ = -1;
            if (tail_of(log, 5).find("Address already in use") != std::string::npos) {
                throw PortTaken("VirtualPrinter: ippeveprinter: port " +
                                std::to_string(printer_port_) + " taken");
            }
            fail(std::string(what) + " exited during start-up", log);
        }
        if (Clock::now() >= deadline) {
            fail(std::string(what) + " did not answer on port " + std::to_string(printer_port_) +
                     " within " + std::to_string(kStartLimit.count()) + " ms",
                 log);
        }
        std::this_thread::sleep_for(kPoll);
    }
}

// Ready when our cupsd logged that it listens on its port and answers HTTP there.
void VirtualPrinter::wait_cupsd_ready() {
    const fs::path log = dir_ / "cups/log/error_log";
    const std::string listening = "Listening to 127.0.0.1:" + std::to_string(cups_port_);
    const auto deadline = Clock::now() + kStartLimit;
    for (;;) {
        if (file_contains(log, "Unable to open listen socket")) {
            throw PortTaken("VirtualPrinter: cupsd: port " + std::to_string(cups_port_) + " taken");
        }
        if (file_contains(log, listening) &&
            http_get(cups_port_, "/", milliseconds(1000), "\r\n").rfind("HTTP/1.", 0) == 0) {
            return;
        }
        if (exited(cupsd_pid_)) {
            cupsd_pid_ = -1;
            fail("cupsd exited during start-up",
                 fs::exists(log) ? log : dir_ / "cups/log/cupsd.out");
        }
        if (Clock::now() >= deadline) {
            fail("cupsd did not listen on port " + std::to_string(cups_port_) + " within " +
                     std::to_string(kStartLimit.count()) + " ms",
                 log);
        }
        std::this_thread::sleep_for(kPoll);
    }
}

std::string VirtualPrinter::cupsd_log_tail(std::size_t lines) const {
    return tail_of(dir_ / "cups/log/error_log", lines);
}

std::string VirtualPrinter::printer_log_tail(std::size_t lines) const {
    return tail_of(dir_ / "printer/ippeveprinter.log", lines);
}

}  // namespace anjungan::test
