// Store benchmarks: the time to commit a case with four attachments of about 3 MB in all
// (KTP 300 KB, SK 1.2 MB, letter 1.2 MB, selfie 300 KB; incompressible content), with every
// fsync a real one; and the validators. Run: build/tests/bench_store
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include "anjungan/domain/validators.hpp"
#include "anjungan/kiosk/store.hpp"
#include "anjungan/platform/crypto.hpp"
#include "test_support.hpp"

namespace {

using namespace anjungan;

std::vector<domain::Document> four_attachments() {
    using K = domain::DocumentKind;
    return {{K::kKtp, 1, "image/jpeg", test::random_bytes(300 * 1024, 1)},
            {K::kSk, 1, "application/pdf", test::random_bytes(1200 * 1024, 2)},
            {K::kLetter, 1, "application/pdf", test::random_bytes(1200 * 1024, 3)},
            {K::kSelfie, 1, "image/jpeg", test::random_bytes(300 * 1024, 4)}};
}

void BM_CommitCaseWithFourAttachments(benchmark::State& state) {
    test::TempDir dir;
    platform::SystemClock clock;
    kiosk::StoreOptions o;
    o.data_dir = dir.path() / "data";
    auto store = kiosk::Store::open(o, clock);
    auto docs = four_attachments();
    std::size_t bytes = 0;
    for (const auto& d : docs) {
        bytes += d.content.size();
    }
    std::uint8_t salt = 0;
    for (auto _ : state) {
        // New content each time, so no file is shared with an earlier case.
        for (auto& d : docs) {
            d.content[0] = ++salt;
            d.content[1] = static_cast<std::uint8_t>(state.iterations());
        }
        domain::NewCase c{platform::new_uuid_v4(), test::good_applicant(), docs};
        benchmark::DoNotOptimize(store->submit(c));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    state.counters["MB_per_case"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_CommitCaseWithFourAttachments)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OpenStoreWith200Cases(benchmark::State& state) {
    test::TempDir dir;
    platform::SystemClock clock;
    kiosk::StoreOptions o;
    o.data_dir = dir.path() / "data";
    {
        auto store = kiosk::Store::open(o, clock);
        for (std::uint32_t i = 0; i < 200; ++i) {
            store->submit({platform::new_uuid_v4(), test::good_applicant(),
                           test::documents(1, 1, 512, i + 1)});
        }
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(kiosk::Store::open(o, clock));
    }
}
BENCHMARK(BM_OpenStoreWith200Cases)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ValidateApplicant(benchmark::State& state) {
    const auto a = test::good_applicant();
    const domain::ApplicantRules rules{{}, platform::default_work_units()};
    for (auto _ : state) {
        benchmark::DoNotOptimize(domain::check_applicant(a, rules, {2026, 11, 23}));
    }
}
BENCHMARK(BM_ValidateApplicant)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
