// `anjungan-office report reach`: the reach report (office/reports.hpp) on the command line.
//
//   anjungan-office [--data DIR] [--config FILE] report reach --from YYYY-MM-DD --to YYYY-MM-DD
//                   --by unit|month|status|employment|step --format csv|json
//
// Exit status: 0 with the figures on stdout; 2 for a bad date, a --to before --from, or an
// unknown --by or --format (the reason on stderr).
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

#include "anjungan/office/storage.hpp"
#include "anjungan/office/working_time.hpp"

namespace anjungan::office::cli {

struct ReachArgs {
    std::string from, to;
    std::string by = "unit";
    std::string format = "csv";
};

// Adds the options of `report reach` to its subcommand.
void add_reach_options(CLI::App& reach, ReachArgs& args);
// Runs it: the figures to `out`, a refusal to `err`; the exit status.
int run_reach(Storage& storage, const WorkingTime& working, const ReachArgs& args,
              std::ostream& out, std::ostream& err);

}  // namespace anjungan::office::cli
