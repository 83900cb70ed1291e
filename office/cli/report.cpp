#include "report.hpp"

#include <ostream>

#include "anjungan/office/reports.hpp"

namespace anjungan::office::cli {

void add_reach_options(CLI::App& reach, ReachArgs& args) {
    // Not required() for CLI11: a missing date is refused with exit status 2, like a bad one.
    reach.add_option("--from", args.from, "First day received (local date, YYYY-MM-DD)");
    reach.add_option("--to", args.to, "Last day received (local date, YYYY-MM-DD), inclusive");
    reach.add_option("--by", args.by, "unit, month, status, employment or step (default unit)");
    reach.add_option("--format", args.format, "csv (UTF-8 with a BOM) or json (default csv)");
}

int run_reach(Storage& storage, const WorkingTime& working, const ReachArgs& args,
              std::ostream& out, std::ostream& err) {
    const auto refuse = [&](const std::string& why) {
        err << "anjungan-office: report reach: " << why << "\n";
        return 2;
    };
    if (args.from.empty() || args.to.empty()) {
        return refuse("--from and --to are needed (YYYY-MM-DD)");
    }
    const auto from = parse_date(args.from);
    if (!from) {
        return refuse("--from '" + args.from + "' is not a date like 2026-01-31");
    }
    const auto to = parse_date(args.to);
    if (!to) {
        return refuse("--to '" + args.to + "' is not a date like 2026-01-31");
    }
    if (*to < *from) {
        return refuse("--to " + args.to + " is before --from " + args.from);
    }
    const auto by = reach_by_from_code(args.by);
    if (!by) {
        return refuse("--by '" + args.by + "' is not one of unit, month, status, employment, step");
    }
    if (args.format != "csv" && args.format != "json") {
        return refuse("--format '" + args.format + "' is not csv or json");
    }
    const ReachReport report = reach_report(storage, *from, *to, working);
    if (args.format == "csv") {
        out << reach_csv(report, *by);
    } else {
        out << reach_json(report, *by).dump(2) << "\n";
    }
    return 0;
}

}  // namespace anjungan::office::cli
