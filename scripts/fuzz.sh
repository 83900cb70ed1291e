#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a while.
#   scripts/fuzz.sh [SECONDS]   default 60 seconds per target
# New inputs go to build-fuzz/corpus-<target>/ (not committed); crashes stop the run with
# the reproducer's path, and the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scripts/deps.sh --test

cmake -S . -B build-fuzz -DANJUNGAN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_qr_payload >/dev/null

work=build-fuzz/corpus-qr_payload
mkdir -p "$work"
# Seeds from the repository, new finds in the work folder; -max_len fits a payload.
build-fuzz/tests/fuzz/fuzz_qr_payload "$work" tests/fuzz/corpus \
  -max_total_time="$seconds" -max_len=320 -print_final_stats=1 \
  -artifact_prefix=build-fuzz/ 2>&1 | grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)|Done" || true
# libFuzzer exits non-zero on a crash; re-check by looking for artifacts.
if compgen -G "build-fuzz/crash-*" >/dev/null || compgen -G "build-fuzz/leak-*" >/dev/null ||
   compgen -G "build-fuzz/timeout-*" >/dev/null; then
  echo "fuzz: the parser failed; reproducers in build-fuzz/" >&2
  exit 1
fi
echo "fuzz: fuzz_qr_payload ran ${seconds} s clean"
