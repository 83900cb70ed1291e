// The configured receipt printer: CUPS, or the file printer of the demo and tests.
#include <algorithm>

#include "anjungan/printing/printer.hpp"

namespace anjungan::printing {

std::unique_ptr<Printer> make_printer(const platform::Config& config) {
    const auto& p = config.printer;
    if (p.kind == "file") {
        return std::make_unique<FilePrinter>(p.folder.empty() ? config.data_dir / "printed"
                                                              : p.folder);
    }
    CupsOptions o;
    o.server = p.server;
    o.queue = p.queue;
    o.connect_timeout = std::chrono::seconds(std::min(5, config.timeouts.network_connect_seconds));
    o.unreachable_after = std::chrono::seconds(p.unreachable_seconds);
    o.complete_timeout = std::chrono::seconds(config.timeouts.printer_seconds);
    return make_cups_printer(o);
}

}  // namespace anjungan::printing
