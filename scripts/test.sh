#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test, then checks formatting and
# runs the benchmarks once (its figures are printed, never asserted).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test
start=$(date +%s)
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANJUNGAN_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
(cd build-test && ctest --output-on-failure -j"$(nproc)" --timeout 900)

echo "== clang-format"
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find . -path ./build\* -prune -o \( -name '*.cpp' -o -name '*.hpp' \) -print)
clang-format --dry-run -Werror $files

echo "== fuzz (libFuzzer, clang, 30 s)"
scripts/fuzz.sh 30

echo "== benchmark (figures only)"
build-test/tests/bench_store --benchmark_min_time=0.5 --benchmark_counters_tabular=true
build-test/tests/bench_vision --benchmark_min_time=0.5
build-test/tests/bench_print --benchmark_min_time=0.5
echo "== sync: 20 kiosks x 50 cases (1.3 MB each) at once to one office on loopback"
build-test/tests/bench_sync --mode load --kiosks 20 --cases 50 | grep -v '^{'
echo "== console: inbox, case page and search with 10,000 cases while 20 kiosks send at once"
build-test/tests/bench_console --cases 10000 --kiosks 20 --per-kiosk 20 --seconds 10 | grep -v '^{'
echo "== reports: the reach report over 10,000 cases (median of 15 runs; over 500 ms fails)"
build-test/tests/bench_reports --cases 10000 --runs 15 --limit-ms 500
echo "== kiosk UI: a whole session by the autopilot under Xvfb (frame time, start-up, memory)"
ui_stats=$(mktemp -d)
xvfb-run -a -s "-screen 0 1920x1080x24" build-test/ui/anjungan-kiosk --demo --autopilot \
  --data-dir "$ui_stats/data" --stats "$ui_stats/stats.json" >/dev/null 2>"$ui_stats/log" ||
  { cat "$ui_stats/log"; exit 1; }
cat "$ui_stats/stats.json"
rm -rf "$ui_stats"
echo "== all tests passed in $(( $(date +%s) - start )) s"
