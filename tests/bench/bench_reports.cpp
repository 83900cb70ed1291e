// The reach report (office/reports.hpp) over a seeded office (tests/office/reach_seed.hpp):
// the storage's read (Storage::reach_data: the cases' light rows and their history) and the
// figures (counts, working time of each step, medians), as the console and `report reach` run
// them. A timed CLI of its own: build/tests/bench_reports [--cases N] [--runs N]
// [--limit-ms MS] [--json]; the median of the runs is the figure, and with --limit-ms the exit
// status is 1 when the median of a whole report is over it.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "../office/reach_seed.hpp"
#include "anjungan/office/reports.hpp"
#include "test_support.hpp"

namespace {

using namespace anjungan;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_reports: the reach report over a seeded office"};
    int cases = 10000, runs = 15;
    double limit_ms = 0;
    bool as_json = false;
    app.add_option("--cases", cases, "Cases seeded (a multiple of 100)");
    app.add_option("--runs", runs, "Reports timed");
    app.add_option("--limit-ms", limit_ms, "Exit 1 when the median report takes longer");
    app.add_flag("--json", as_json);
    CLI11_PARSE(app, argc, argv);

    test::TempDir dir;
    auto storage = office::open_sqlite_storage(dir.path());
    auto t = Clock::now();
    test::reach::seed(*storage, dir.path(), cases);
    const double seed_ms = ms_since(t);

    office::WorkingTime working;  // 07:30-16:00, Monday to Friday, WIB
    const platform::CivilDate from{2026, 1, 1}, to{2026, 3, 31};
    const auto [start, end] = office::reach_bounds(from, to, working.utc_offset_minutes);
    std::vector<double> total, read, figures, csv;
    std::size_t history = 0;
    int seen = 0;
    for (int i = 0; i < runs + 1; ++i) {  // the first run warms the page cache: not counted
        t = Clock::now();
        const auto data = storage->reach_data(start, end);
        const double read_ms = ms_since(t);
        const auto t2 = Clock::now();
        const auto report = office::reach_report(data, from, to, working);
        const double figures_ms = ms_since(t2);
        const auto t3 = Clock::now();
        const std::string out = office::reach_csv(report, office::ReachBy::kStep);
        const double csv_ms = ms_since(t3);
        if (i == 0) {
            history = data.history.size();
            seen = report.total;
            continue;
        }
        read.push_back(read_ms);
        figures.push_back(figures_ms);
        csv.push_back(csv_ms);
        total.push_back(read_ms + figures_ms + csv_ms);
    }
    const double m = median(total);
    const nlohmann::json result = {{"cases", cases},
                                   {"cases_in_report", seen},
                                   {"history_rows", history},
                                   {"runs", runs},
                                   {"seed_ms", seed_ms},
                                   {"median_ms", m},
                                   {"max_ms", *std::max_element(total.begin(), total.end())},
                                   {"read_median_ms", median(read)},
                                   {"figures_median_ms", median(figures)},
                                   {"csv_median_ms", median(csv)},
                                   {"limit_ms", limit_ms}};
    if (as_json) {
        std::printf("%s\n", result.dump().c_str());
    } else {
        std::printf(
            "reach report over %d cases (%zu history rows), median of %d runs: %.1f ms "
            "(max %.1f): storage read %.1f ms, figures %.1f ms, CSV %.2f ms; seeding %.0f ms\n",
            seen, history, runs, m, result["max_ms"].get<double>(), median(read), median(figures),
            median(csv), seed_ms);
    }
    if (limit_ms > 0 && m > limit_ms) {
        std::fprintf(stderr, "bench_reports: the median report took %.1f ms, over %.0f ms\n", m,
                     limit_ms);
        return 1;
    }
    return 0;
}
