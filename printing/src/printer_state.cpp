// Printer states: their codes and explanations, and what IPP's printer-state and
// printer-state-reasons mean for a kiosk.
#include <cups/ipp.h>

#include <algorithm>
#include <cctype>

#include "anjungan/printing/printer.hpp"
#include "printer_common.hpp"

namespace anjungan::printing {

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

namespace {

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

namespace {

// Keywords that stop printing whatever their suffix: CUPS reports the same condition as
// "-report" while idle, "-warning" while a job waits and "-error" on most real printers.
bool is_paper_out(const std::string& base) {
    return base == "media-empty" || base == "media-needed";
}
bool is_door_open(const std::string& base) {
    return base == "door-open" || base == "cover-open" || base == "interlock-open";
}
bool is_jam(const std::string& base) {
    return base == "media-jam" || base == "input-tray-missing";
}

}  // namespace

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
        if (is_paper_out(base)) {
            out_of_paper = true;
        } else if (is_door_open(base)) {
            door = true;
        } else if (is_jam(base)) {
            jam = true;
        } else if (base == "connecting-to-device" || base == "timed-out") {
            // connecting-to-device flickers at the start of every job: only an error counts.
            unreachable = unreachable || severity == "error";
        } else if (base == "offline" || base == "paused" || base == "shutdown" ||
                   base == "stopped") {
            offline = true;
        } else if (severity == "error") {
            other_error = true;
        }
        // Everything else (none, cups-waiting-for-job-completed, media-low-report, ...) is
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
    // CUPS's ipp backend says so only in the message while it retries a dead printer.
    if (unreachable || contains(message, "not responding") ||
        contains(message, "may not exist or is unavailable") ||
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

}  // namespace anjungan::printing
