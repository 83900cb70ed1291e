// The CUPS printer: a queue on a CUPS server (libcups, IPP), jobs followed to the end.
#include <cups/cups.h>
#include <cups/ipp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <thread>

#include "anjungan/printing/printer.hpp"
#include "printer_common.hpp"

namespace anjungan::printing {

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
    std::vector<std::string> printer_reasons;  // job-printer-state-reasons
};

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : ",") + s;
    }
    return out;
}

void read_printer_attrs(ipp_t* resp, PrinterStatus& st) {
    if (auto* a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM)) {
        st.ipp_state = ippGetInteger(a, 0);
    }
    if (auto* a = ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD)) {
        for (int i = 0; i < ippGetCount(a); ++i) {
            st.reasons.emplace_back(ippGetString(a, i, nullptr));
        }
    }
    if (auto* a = ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT)) {
        st.message = ippGetString(a, 0, nullptr);
    }
    st.state = classify(st.ipp_state, st.reasons, st.message);
}

ipp_t* printer_attributes_request(const std::string& uri) {
    ipp_t* req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.c_str());
    static const char* const attrs[] = {"printer-state", "printer-state-reasons",
                                        "printer-state-message", "printer-is-accepting-jobs",
                                        "device-uri"};
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 5, nullptr,
                  attrs);
    return req;
}

// A CUPS queue. Two facts of CUPS 2.4 shape this (tests/support/virtual_printer.hpp):
//  - cupsd talks to the printer only while a job runs, so an idle queue says "ready" even
//    when the printer is out of paper or gone. Before sending, the printer behind an ipp://
//    or ipps:// queue is asked directly.
//  - cupsd's ipp backend marks a job "completed" even when the printer aborted it (out of
//    paper) or lost it (restarted mid-job); only job-printer-state-reasons tell. Such a job
//    counts as failed.
class CupsPrinter : public Printer {
  public:
    explicit CupsPrinter(CupsOptions o) : o_(std::move(o)) {
        if (o_.server.empty()) {
            host_ = cupsServer();
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

    std::string describe() const override { return "cups://" + describe_server() + "/" + o_.queue; }

    PrinterStatus status() override {
        Http http = connect(host_, port_, connect_error_);
        if (!http) {
            PrinterStatus st;
            st.state = PrinterState::kUnreachable;
            st.detail = connect_error_;
            return st;
        }
        return full_status(http.get());
    }

    PrintResult print(const PrintDocument& doc) override {
        const auto t0 = Clock::now();
        PrintResult res;
        Http http = connect(host_, port_, connect_error_);
        if (!http) {
            res.printer.state = PrinterState::kUnreachable;
            res.printer.detail = connect_error_;
            res.detail = "not sent: " + connect_error_;
            return res;
        }
        res.printer = full_status(http.get());
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
    Http connect(const std::string& host, int port, std::string& error) const {
        http_t* h =
            httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                         static_cast<int>(o_.connect_timeout.count()), nullptr);
        if (h == nullptr) {
            error = "cannot connect to " +
                    (host.front() == '/' ? host : host + ":" + std::to_string(port)) + ": " +
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

    // The queue as cupsd sees it.
    PrinterStatus query(http_t* http) {
        PrinterStatus st;
        Ipp resp(cupsDoRequest(http, printer_attributes_request(uri_), "/"));
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
        read_printer_attrs(resp.get(), st);
        if (auto* a = ippFindAttribute(resp.get(), "device-uri", IPP_TAG_URI)) {
            device_uri_ = ippGetString(a, 0, nullptr);
        }
        if (auto* a = ippFindAttribute(resp.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
            a != nullptr && !ippGetBoolean(a, 0) && can_print(st.state)) {
            st.state = PrinterState::kOffline;
            st.detail = "the queue '" + o_.queue + "' is rejecting jobs (cupsaccept " + o_.queue +
                        " re-enables it)";
        }
        return st;
    }

    // The printer itself, when the queue sends to an IPP printer; nothing for other backends
    // (usb://, socket://), whose state only shows while a job runs.
    std::optional<PrinterStatus> query_device() {
        char scheme[32], user[256], host[256], resource[1024];
        int port = 0;
        if (device_uri_.empty() ||
            httpSeparateURI(HTTP_URI_CODING_ALL, device_uri_.c_str(), scheme, sizeof scheme, user,
                            sizeof user, host, sizeof host, &port, resource,
                            sizeof resource) < HTTP_URI_STATUS_OK ||
            (std::string(scheme) != "ipp" && std::string(scheme) != "ipps")) {
            return std::nullopt;
        }
        std::string path = resource;
        path = path.substr(0, path.find('?'));  // options such as ?contimeout=30 are cupsd's
        char uri[1024];
        httpAssembleURI(HTTP_URI_CODING_ALL, uri, sizeof uri, scheme, nullptr, host, port,
                        path.c_str());
        PrinterStatus st;
        std::string error;
        Http http = connect(host, port, error);
        if (!http) {
            st.state = PrinterState::kUnreachable;
            st.detail = "the printer " + std::string(uri) + " does not answer (" + error + ")";
            return st;
        }
        Ipp resp(cupsDoRequest(http.get(), printer_attributes_request(uri), path.c_str()));
        if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
            st.state = PrinterState::kUnreachable;
            st.detail =
                "the printer " + std::string(uri) + " did not answer: " + cupsLastErrorString();
            return st;
        }
        read_printer_attrs(resp.get(), st);
        st.detail = "printer " + std::string(uri);
        return st;
    }

    PrinterStatus full_status(http_t* http) {
        PrinterStatus q = query(http);
        if (q.state == PrinterState::kUnreachable && q.ipp_state == 0) {
            return q;  // cupsd itself did not answer
        }
        if (q.state == PrinterState::kError && q.ipp_state == 0) {
            return q;  // no such queue
        }
        const bool stopped = q.ipp_state == IPP_PSTATE_STOPPED ||
                             (q.state == PrinterState::kOffline && !q.detail.empty());
        if (stopped) {
            if (q.detail.empty()) {
                q.detail = "the queue '" + o_.queue + "' is stopped (cupsenable " + o_.queue +
                           " restarts it)";
            }
            return q;
        }
        // The queue's other reasons may be stale (cupsd keeps the last job's until the next
        // job): the printer's own answer, where it can be had, wins.
        auto dev = query_device();
        if (!dev) {
            return q;
        }
        // A busy queue with an idle printer is still busy (jobs ahead of ours).
        if (dev->state == PrinterState::kReady && q.state == PrinterState::kBusy) {
            dev->state = PrinterState::kBusy;
        }
        return *dev;
    }

    bool send(http_t* http, const PrintDocument& doc, PrintResult& res) {
        // Print-Job on this queue's own URI (libcups' cupsCreateJob would name the default
        // server's port, not the configured one).
        ipp_t* req = ippNewRequest(IPP_OP_PRINT_JOB);
        Ipp request(req);
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
        http_status_t st = cupsSendRequest(http, req, resource.c_str(), CUPS_LENGTH_VARIABLE);
        if (st == HTTP_STATUS_CONTINUE) {
            st = cupsWriteRequestData(http, reinterpret_cast<const char*>(doc.data.data()),
                                      doc.data.size());
        }
        Ipp resp(cupsGetResponse(http, resource.c_str()));
        if (st != HTTP_STATUS_CONTINUE || !resp ||
            ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
            return refused(http, res);
        }
        if (auto* a = ippFindAttribute(resp.get(), "job-id", IPP_TAG_INTEGER)) {
            res.job_id = ippGetInteger(a, 0);
        }
        res.submitted = true;
        return true;
    }

    bool refused(http_t* http, PrintResult& res, std::string error = {}) {
        if (error.empty()) {
            error = cupsLastErrorString();
        }
        res.detail = "the job was refused: " + error;
        res.printer = query(http);
        if (can_print(res.printer.state)) {
            res.printer.state = PrinterState::kError;
        }
        return false;
    }

    JobState job(http_t* http, int job_id) {
        JobState js;
        ipp_t* req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
        ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        static const char* const attrs[] = {"job-state", "job-state-reasons",
                                            "job-printer-state-message",
                                            "job-printer-state-reasons"};
        ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr,
                      attrs);
        Ipp resp(cupsDoRequest(http, req, "/"));
        if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
            return js;
        }
        if (auto* a = ippFindAttribute(resp.get(), "job-state", IPP_TAG_ENUM)) {
            js.known = true;
            js.state = ippGetInteger(a, 0);
        }
        auto keywords = [&](const char* name, std::vector<std::string>& out) {
            if (auto* a = ippFindAttribute(resp.get(), name, IPP_TAG_KEYWORD)) {
                for (int i = 0; i < ippGetCount(a); ++i) {
                    out.emplace_back(ippGetString(a, i, nullptr));
                }
            }
        };
        keywords("job-state-reasons", js.reasons);
        keywords("job-printer-state-reasons", js.printer_reasons);
        if (auto* a = ippFindAttribute(resp.get(), "job-printer-state-message", IPP_TAG_TEXT)) {
            js.printer_message = ippGetString(a, 0, nullptr);
        }
        return js;
    }

    void cancel(int job_id) {
        // A fresh connection: the one in use may be the thing that broke.
        std::string error;
        Http http = connect(host_, port_, error);
        if (!http) {
            spdlog::warn("printer {}: job {} could not be cancelled: {}", describe(), job_id,
                         error);
            return;
        }
        ipp_t* req = ippNewRequest(IPP_OP_CANCEL_JOB);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri_.c_str());
        ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                     cupsUser());
        Ipp resp(cupsDoRequest(http.get(), req, "/"));
    }

    // A job cupsd calls completed, checked against what the printer said about it.
    void completed(http_t* http, const JobState& js, PrintResult& res) {
        bool lost = false;
        for (const auto& r : js.printer_reasons) {
            std::string severity;
            const std::string base = base_reason(r, severity);
            lost = lost || base == "cups-ipp-missing-job-history";
        }
        const PrinterState from_job = classify(IPP_PSTATE_IDLE, js.printer_reasons, "");
        res.printer = query(http);
        if (from_job == PrinterState::kOutOfPaper || from_job == PrinterState::kDoorOpen ||
            from_job == PrinterState::kJammed) {
            res.printer.state = from_job;
            res.detail = "job " + std::to_string(res.job_id) +
                         " ended without printing: the printer reported " +
                         join(js.printer_reasons);
            return;
        }
        if (lost) {
            res.printer.state = PrinterState::kError;
            res.detail = "job " + std::to_string(res.job_id) +
                         " ended without printing: the printer lost it (" +
                         join(js.printer_reasons) + ")";
            return;
        }
        res.printed = true;
        res.detail = "job " + std::to_string(res.job_id) + " completed";
    }

    void follow(http_t* http, Clock::time_point t0, PrintResult& res) {
        std::optional<Clock::time_point> fault_since;
        std::optional<Clock::time_point> silent_since;
        for (;;) {
            const JobState js = job(http, res.job_id);
            if (js.known && js.state == IPP_JSTATE_COMPLETED) {
                completed(http, js, res);
                if (res.printed) {
                    res.completed_ms = ms_since(t0);
                }
                return;
            }
            if (js.known && (js.state == IPP_JSTATE_CANCELED || js.state == IPP_JSTATE_ABORTED)) {
                res.printer = query(http);
                const PrinterState from_job =
                    classify(IPP_PSTATE_IDLE, js.printer_reasons, js.printer_message);
                if (!can_print(from_job)) {
                    res.printer.state = from_job;
                } else if (can_print(res.printer.state)) {
                    res.printer.state = PrinterState::kError;
                }
                res.detail =
                    "job " + std::to_string(res.job_id) +
                    (js.state == IPP_JSTATE_CANCELED ? " was cancelled" : " aborted") + " (" +
                    join(js.reasons) +
                    (js.printer_message.empty() ? "" : "; \"" + js.printer_message + "\"") + ")";
                return;
            }
            PrinterStatus st;
            if (js.known) {
                st = query(http);
            } else {
                st.state = PrinterState::kUnreachable;
                st.detail = "the CUPS server " + describe_server() +
                            " stopped answering about job " + std::to_string(res.job_id);
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
                    // A printer that took the job and went quiet (it died mid-job: cupsd still
                    // says "Printing.").
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
    std::string device_uri_;
    std::string connect_error_;
};

}  // namespace

std::unique_ptr<Printer> make_cups_printer(const CupsOptions& options) {
    return std::make_unique<CupsPrinter>(options);
}

}  // namespace anjungan::printing
