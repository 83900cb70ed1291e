// The simulated printer: each job's document written durably into a folder.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "anjungan/printing/printer.hpp"
#include "printer_common.hpp"

namespace anjungan::printing {

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
        // Numbered after whatever is in the folder now: earlier runs, and other processes
        // printing into the same folder, never have a file overwritten.
        for (const auto& e : std::filesystem::directory_iterator(folder_)) {
            jobs_ = std::max(jobs_, std::atoi(e.path().filename().c_str()));
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
