#include "anjungan/printing/printer.hpp"

#include <cups/cups.h>
#include <cups/ipp.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <thread>

namespace anjungan::printing {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// "media-empty-error" -> "media-empty"; the severity suffix, if any, into `severity`.
std::string base_reason(const std::string& r, std::string& severity) {
    for (const char* s : {"-report", "-warning", "-error"}) {
        const std::string suffix = s;
        if (r.size() > suffix.size() &&
            r.compare(r.size() - suffix.size(), suffix.size(), suffix) == 0) {
            severity = suffix.substr(1);
            return r.substr(0, r.size() - suffix.size());
        }
    }
    severity.clear();
    return r;
}

bool contains(const std::string& haystack, const char* needle) {
    std::string h = haystack;
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
    return h.find(needle) != std::string::npos;
}

}  // namespace

std::string_view to_code(PrinterState s) {
    switch (s) {
        case PrinterState::kReady:
            return "ready";
        case PrinterState::kBusy:
            return "busy";
        case PrinterState::kOutOfPaper:
            return "out_of_paper";
        case PrinterState::kDoorOpen:
            return "door_open";
        case PrinterState::kJammed:
            return "jammed";
        case PrinterState::kOffline:
            return "offline";
        case PrinterState::kUnreachable:
            return "unreachable";
        case PrinterState::kError:
            return "error";
    }
    return "error";
}

Bilingual explain(PrinterState s) {
    switch (s) {
        case PrinterState::kReady:
            return {"Printer siap.", "The printer is ready."};
        case PrinterState::kBusy:
            return {"Printer sedang mencetak; tanda terima Anda menyusul.",
                    "The printer is busy; your receipt follows."};
        case PrinterState::kOutOfPaper:
            return {
                "Kertas printer habis. Petugas akan mengisi kertas dan mencetak tanda terima "
                "Anda.",
                "The printer is out of paper. Staff will refill it and print your receipt."};
        case PrinterState::kDoorOpen:
            return {
                "Tutup printer terbuka. Petugas akan menutupnya dan mencetak tanda terima "
                "Anda.",
                "The printer's cover is open. Staff will close it and print your receipt."};
        case PrinterState::kJammed:
            return {"Kertas tersangkut di printer. Petugas akan mencetak tanda terima Anda.",
                    "Paper is jammed in the printer. Staff will print your receipt."};
        case PrinterState::kOffline:
            return {"Printer tidak aktif. Petugas akan mencetak tanda terima Anda.",
                    "The printer is offline. Staff will print your receipt."};
        case PrinterState::kUnreachable:
            return {"Printer tidak menjawab. Petugas akan mencetak tanda terima Anda.",
                    "The printer does not answer. Staff will print your receipt."};
        case PrinterState::kError:
            return {"Printer bermasalah. Petugas akan mencetak tanda terima Anda.",
                    "The printer has a fault. Staff will print your receipt."};
    }
    return {"", ""};
}

bool can_print(PrinterState s) {
    return s == PrinterState::kReady || s == PrinterState::kBusy;
}

PrinterState classify(int ipp_state, const std::vector<std::string>& reasons,
                      const std::string& message) {
    // The most specific fault wins: paper, door and jam before offline.
    bool out_of_paper = false;
    bool door = false;
    bool jam = false;
    bool offline = false;
    bool unreachable = false;
    bool other_error = false;
    for (const auto& r : reasons) {
        std::string severity;
        const std::string base = base_reason(r, severity);
        if (severity == "report" || severity == "warning" || base == "none") {
            continue;
        }
        if (base == "media-empty" || base == "media-needed") {
            out_of_paper = true;
        } else if (base == "door-open" || base == "cover-open" || base == "interlock-open") {
            door = true;
        } else if (base == "media-jam" || base == "input-tray-missing") {
            jam = true;
        } else if (base == "connecting-to-device" || base == "timed-out") {
            unreachable = true;
        } else if (base == "offline" || base == "paused" || base == "shutdown" ||
                   base == "stopped") {
            offline = true;
        } else if (severity == "error" || base == "other") {
            other_error = true;
        }
        // Other keywords (moving-to-paused, cups-waiting-for-job-completed, ...) are
        // informational.
    }
    if (out_of_paper) {
        return PrinterState::kOutOfPaper;
    }
    if (door) {
        return PrinterState::kDoorOpen;
    }
    if (jam) {
        return PrinterState::kJammed;
    }
    if (unreachable || contains(message, "not responding") ||
        contains(message, "unable to connect") || contains(message, "unable to locate")) {
        return PrinterState::kUnreachable;
    }
    if (offline || ipp_state == IPP_PSTATE_STOPPED) {
        return PrinterState::kOffline;
    }
    if (other_error) {
        return PrinterState::kError;
    }
    if (ipp_state == IPP_PSTATE_PROCESSING) {
        return PrinterState::kBusy;
    }
    if (ipp_state == IPP_PSTATE_IDLE) {
        return PrinterState::kReady;
    }
    return PrinterState::kError;
}

namespace {

struct HttpCloser {
    void operator()(http_t* h) const { httpClose(h); }
};
using Http = std::unique_ptr<http_t, HttpCloser>;
struct IppDeleter {
    void operator()(ipp_t* p) const { ippDelete(p); }
};
using Ipp = std::unique_ptr<ipp_t, IppDeleter>;

int give_up(http_t*, void*) {
    return 0;  // a request that times out is abandoned, never retried forever
}

struct JobState {
    bool known = false;
    int state = 0;  // ipp_jstate_t
    std::vector<std::string> reasons;
    std::string printer_message;
};

class CupsPrinter : public Printer {
  public:
    explicit CupsPrinter(CupsOptions o) : o_(std::move(o)) {
        if (o_.server.empty()) {
            const std::string s = cupsServer();
            host_ = s;
            port_ = ippPort();
        } else {
            const auto colon = o_.server.rfind(':');
            if (colon != std::string::npos && o_.server.front() != '/') {
                host_ = o_.server.substr(0, colon);
                port_ = std::atoi(o_.server.c_str() + colon + 1);
            } else {
                host_ = o_.server;
                port_ = ippPort();
            }
        }
        char uri[1024];
        httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr,
                         host_.front() == '/' ? "localhost" : host_.c_str(), port_, "/printers/%s",
                         o_.queue.c_str());
        uri_ = uri;
    }

    std::string describe() const override {
        return "cups://" + host_ + (host_.front() == '/' ? "" : ":" + std::to_string(port_)) + "/" +
               o_.queue;
    }

    PrinterStatus status() override {
        Http http = connect();
        if (!http) {
            PrinterStatus st;
            st.state = PrinterState::kUnreachable;
            st.detail = connect_error_;
            return st;
        }
        return query(http.get());
    }

    PrintResult print(const PrintDocument& doc) override {
        const auto t0 = Clock::now();
        PrintResult res;
        Http http = connect();
        if (!http) {
            res.printer.state = PrinterState::kUnreachable;
            res.printer.detail = connect_error_;
            res.detail = "not sent: " + connect_error_;
            return res;
        }
        res.printer = query(http.get());
        if (!can_print(res.printer.state)) {
            res.detail = "not sent: the printer is " + std::string(to_code(res.printer.state));
            return res;
        }
        if (!send(http.get(), doc, res)) {
            return res;
        }
        res.accepted_ms = ms_since(t0);
        follow(http.get(), t0, res);
        return res;
    }

  private:
    Http connect() {
        http_t* h =
            httpConnect2(host_.c_str(), port_, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                         static_cast<int>(o_.connect_timeout.count()), nullptr);
        if (h == nullptr) {
            connect_error_ = "cannot connect to the CUPS server " + describe_server() + ": " +
                             cupsLastErrorString();
            return nullptr;
        }
        httpSetTimeout(h, std::max(1.0, static_cast<double>(o_.connect_timeout.count()) / 1000.0),
                       give_up, nullptr);
        return Http(h);
    }

    std::string describe_server() const {
        return host_.front() == '/' ? host_ : host_ + ":" + std::to_string(port_);
    }

    PrinterStatus query(http_t* http) {
        PrinterStatus st;
        ipp_t* req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
        static const char* const attrs[] = {"printer-state", "printer-state-reasons",
                                            "printer-state-message", "printer-is-accepting-jobs"};
        ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr,
                      attrs);
        Ipp resp(cupsDoRequest(http, req, "/"));
        if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
            const auto code = cupsLastError();
            st.state = code == IPP_STATUS_ERROR_NOT_FOUND ? PrinterState::kError
                                                          : PrinterState::kUnreachable;
            st.detail = code == IPP_STATUS_ERROR_NOT_FOUND
                            ? "the CUPS server " + describe_server() + " has no queue '" +
                                  o_.queue + "' (lpadmin -p " + o_.queue + " ...)"
                            : "the CUPS server " + describe_server() +
                                  " did not answer: " + cupsLastErrorString();
            return st;
        }
        if (auto* a = ippFindAttribute(resp.get(), "printer-state", IPP_TAG_ENUM)) {
            st.ipp_state = ippGetInteger(a, 0);
        }
        if (auto* a = ippFindAttribute(resp.get(), "printer-state-reasons", IPP_TAG_KEYWORD)) {
            for (int i = 0; i < ippGetCount(a); ++i) {
                st.reasons.emplace_back(ippGetString(a, i, nullptr));
            }
        }
        if (auto* a = ippFindAttribute(resp.get(), "printer-state-message", IPP_TAG_TEXT)) {
            st.message = ippGetString(a, 0, nullptr);
        }
        st.state = classify(st.ipp_state, st.reasons, st.message);
        if (auto* a = ippFindAttribute(resp.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
            a != nullptr && !ippGetBoolean(a, 0) && can_print(st.state)) {
            st.state = PrinterState::kOffline;
            st.detail = "the queue '" + o_.queue + "' is rejecting jobs (cupsaccept " + o_.queue +
                        " re-enables it)";
        }
        return st;
    }

    bool send(http_t* http, const PrintDocument& doc, PrintResult& res) {
        ipp_t* req = ippNewRequest(IPP_OP_PRINT_JOB);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                     cupsUser());
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, doc.title.c_str());
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     doc.mime.c_str());
        cups_option_t* options = nullptr;
        int n = 0;
        // Printed at the printer's own resolution, never scaled: QR modules stay whole dots.
        const std::string ppi = std::to_string(doc.dpi);
        n = cupsAddOption("ppi", ppi.c_str(), n, &options);
        n = cupsAddOption("print-scaling", "none", n, &options);
        cupsEncodeOptions2(req, n, options, IPP_TAG_JOB);
        cupsFreeOptions(n, options);

        const std::string resource = "/printers/" + o_.queue;
        Ipp request(req);
        http_status_t st = cupsSendRequest(http, req, resource.c_str(), doc.data.size());
        if (st == HTTP_STATUS_CONTINUE) {
            st = cupsWriteRequestData(http, reinterpret_cast<const char*>(doc.data.data()),
                                      doc.data.size());
        }
        Ipp resp(cupsGetResponse(http, resource.c_str()));
        if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
            res.printer = query(http);
            res.detail = std::string("the job was refused: ") + cupsLastErrorString();
            if (can_print(res.printer.state)) {
                res.printer.state = PrinterState::kError;
            }
            return false;
        }
        if (auto* a = ippFindAttribute(resp.get(), "job-id", IPP_TAG_INTEGER)) {
            res.job_id = ippGetInteger(a, 0);
        }
        res.submitted = true;
        return true;
    }

    JobState job(http_t* http, int job_id) {
        JobState js;
        ipp_t* req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
        ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        static const char* const attrs[] = {"job-state", "job-state-reasons",
                                            "job-printer-state-message"};
        ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, nullptr,
                      attrs);
        Ipp resp(cupsDoRequest(http, req, "/"));
        if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
            return js;
        }
        if (auto* a = ippFindAttribute(resp.get(), "job-state", IPP_TAG_ENUM)) {
            js.known = true;
            js.state = ippGetInteger(a, 0);
        }
        if (auto* a = ippFindAttribute(resp.get(), "job-state-reasons", IPP_TAG_KEYWORD)) {
            for (int i = 0; i < ippGetCount(a); ++i) {
                js.reasons.emplace_back(ippGetString(a, i, nullptr));
            }
        }
        if (auto* a = ippFindAttribute(resp.get(), "job-printer-state-message", IPP_TAG_TEXT)) {
            js.printer_message = ippGetString(a, 0, nullptr);
        }
        return js;
    }

    void cancel(int job_id) {
        // A fresh connection: the one in use may be the thing that broke.
        Http http = connect();
        if (!http) {
            return;
        }
        ipp_t* req = ippNewRequest(IPP_OP_CANCEL_JOB);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
        ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                     cupsUser());
        Ipp resp(cupsDoRequest(http.get(), req, "/"));
    }

    static std::string join(const std::vector<std::string>& v) {
        std::string out;
        for (const auto& s : v) {
            out += (out.empty() ? "" : ",") + s;
        }
        return out;
    }

    void follow(http_t* http, Clock::time_point t0, PrintResult& res) {
        std::optional<Clock::time_point> fault_since;
        std::optional<Clock::time_point> silent_since;
        for (;;) {
            const JobState js = job(http, res.job_id);
            if (js.known && js.state == IPP_JSTATE_COMPLETED) {
                res.printed = true;
                res.completed_ms = ms_since(t0);
                res.printer = query(http);
                res.detail = "job " + std::to_string(res.job_id) + " completed";
                return;
            }
            if (js.known && (js.state == IPP_JSTATE_CANCELED || js.state == IPP_JSTATE_ABORTED)) {
                res.printer = query(http);
                if (can_print(res.printer.state)) {
                    res.printer.state = PrinterState::kError;
                }
                res.detail = "job " + std::to_string(res.job_id) +
                             (js.state == IPP_JSTATE_CANCELED ? " was cancelled" : " aborted") +
                             " (" + join(js.reasons) + ")";
                return;
            }
            PrinterStatus st = js.known ? query(http) : PrinterStatus{};
            if (!js.known) {
                st.detail =
                    "the CUPS server stopped answering about job " + std::to_string(res.job_id);
            }
            const auto now = Clock::now();
            const bool fault =
                st.state == PrinterState::kOutOfPaper || st.state == PrinterState::kDoorOpen ||
                st.state == PrinterState::kJammed || st.state == PrinterState::kOffline ||
                st.state == PrinterState::kError;
            const bool silent = st.state == PrinterState::kUnreachable;
            fault_since = fault ? fault_since.value_or(now) : std::optional<Clock::time_point>{};
            silent_since = silent ? silent_since.value_or(now) : std::optional<Clock::time_point>{};
            std::string why;
            if (fault_since && now - *fault_since >= o_.fault_grace) {
                why = "the printer reports " + std::string(to_code(st.state));
            } else if (silent_since && now - *silent_since >= o_.unreachable_after) {
                why = "no answer from the printer for " +
                      std::to_string(o_.unreachable_after.count() / 1000) + " s";
            } else if (now - t0 >= o_.complete_timeout) {
                why =
                    "not completed in " + std::to_string(o_.complete_timeout.count() / 1000) + " s";
                if (can_print(st.state)) {
                    st.state = PrinterState::kUnreachable;
                }
            }
            if (!why.empty()) {
                cancel(res.job_id);
                res.printer = st;
                res.detail = "job " + std::to_string(res.job_id) + " cancelled: " + why +
                             (st.message.empty() ? "" : " (\"" + st.message + "\")");
                return;
            }
            std::this_thread::sleep_for(o_.poll_interval);
        }
    }

    CupsOptions o_;
    std::string host_;
    int port_ = 631;
    std::string uri_;
    std::string connect_error_;
};

}  // namespace

std::unique_ptr<Printer> make_cups_printer(const CupsOptions& options) {
    return std::make_unique<CupsPrinter>(options);
}

FilePrinter::FilePrinter(std::filesystem::path folder) : folder_(std::move(folder)) {}

std::string FilePrinter::describe() const {
    return "file://" + folder_.string();
}

PrinterStatus FilePrinter::status() {
    PrinterStatus st;
    st.state = state_;
    st.ipp_state = can_print(state_) ? 3 : 5;
    st.detail = "simulated printer writing to " + folder_.string();
    return st;
}

PrintResult FilePrinter::print(const PrintDocument& doc) {
    const auto t0 = Clock::now();
    PrintResult res;
    res.printer = status();
    if (!can_print(state_)) {
        res.detail = "not sent: the simulated printer is " + std::string(to_code(state_));
        return res;
    }
    try {
        platform::ensure_directory(folder_);
        std::string name = doc.title;
        for (auto& c : name) {
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
                c = '_';
            }
        }
        const std::string ext = doc.mime == "application/pdf" ? ".pdf" : ".png";
        if (jobs_ == 0) {  // continue the numbering of earlier runs
            for (const auto& e : std::filesystem::directory_iterator(folder_)) {
                jobs_ = std::max(jobs_, std::atoi(e.path().filename().c_str()));
            }
        }
        res.job_id = ++jobs_;
        res.submitted = true;
        res.accepted_ms = ms_since(t0);
        const auto path = folder_ / (std::to_string(res.job_id) + "-" + name + ext);
        platform::write_file_durably(path, doc.data, 0644);
        res.printed = true;
        res.completed_ms = ms_since(t0);
        res.detail = "written to " + path.string();
    } catch (const std::exception& e) {
        res.printer.state = PrinterState::kError;
        res.printer.detail = e.what();
        res.detail = e.what();
    }
    return res;
}

}  // namespace anjungan::printing
