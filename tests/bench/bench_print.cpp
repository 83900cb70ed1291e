// Receipt benchmarks: rendering a receipt (PNG at 203 dpi, PDF) and printing one through a
// real private cupsd to a virtual IPP Everywhere printer, with the time from "print" to the
// job accepted and to the job completed. Run (as root, for the printer): build/tests/bench_print
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "anjungan/kiosk/receipt.hpp"
#include "test_support.hpp"
#include "virtual_printer.hpp"

namespace {

using namespace anjungan;

struct Kiosk {
    test::TempDir dir;
    platform::SystemClock clock;
    std::unique_ptr<kiosk::Store> store;
    platform::Config config;
    std::string case_id;
    std::unique_ptr<platform::SigningKey> key;

    Kiosk() {
        kiosk::StoreOptions o;
        o.data_dir = dir / "data";
        store = kiosk::Store::open(o, clock);
        config.data_dir = o.data_dir;
        domain::NewCase c;
        c.case_id = platform::new_uuid_v4();
        c.applicant = test::good_applicant();
        c.documents = test::documents();
        case_id = store->submit(c).case_id;
        key = std::make_unique<platform::SigningKey>(
            platform::SigningKey::read_file(kiosk::signing_key_path(o.data_dir)));
    }
};

void BM_RenderReceipt(benchmark::State& state) {
    Kiosk k;
    const auto rec = *k.store->find_by_id(k.case_id);
    const auto content = kiosk::receipt_content(rec, *k.key, 420);
    printing::Layout layout;
    layout.paper = state.range(0) == 80 ? printing::Paper::k80mm : printing::Paper::k58mm;
    const bool pdf = state.range(1) != 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        const auto out =
            pdf ? printing::render_pdf(content, layout) : printing::render_png(content, layout);
        bytes = out.data.size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["bytes"] = static_cast<double>(bytes);
    state.SetLabel(std::string(pdf ? "pdf " : "png ") + std::to_string(state.range(0)) + " mm");
}
BENCHMARK(BM_RenderReceipt)
    ->Args({58, 0})
    ->Args({80, 0})
    ->Args({58, 1})
    ->Unit(benchmark::kMillisecond);

// One receipt through cupsd to the virtual printer; the iteration's time is the whole print
// (render, pre-flight, send, follow to completion).
void BM_PrintThroughCups(benchmark::State& state) {
    if (::geteuid() != 0) {
        state.SkipWithError("the private cupsd needs root");
        return;
    }
    Kiosk k;
    test::VirtualPrinter vp(k.dir / "printer");
    printing::CupsOptions o;
    o.server = vp.cups_server();
    o.queue = vp.queue();
    const auto printer = printing::make_cups_printer(o);
    double accepted = 0;
    double completed = 0;
    int n = 0;
    for (auto _ : state) {
        const auto p =
            kiosk::print_receipt(*k.store, *printer, *k.key, k.config, k.case_id, "bench", k.clock);
        if (!p.result.printed) {
            state.SkipWithError(p.result.detail.c_str());
            return;
        }
        accepted += p.result.accepted_ms;
        completed += p.result.completed_ms;
        ++n;
    }
    state.counters["accepted_ms"] = accepted / n;
    state.counters["completed_ms"] = completed / n;
    state.counters["startup_ms"] = static_cast<double>(vp.startup_time().count());
}
BENCHMARK(BM_PrintThroughCups)->Iterations(5)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
