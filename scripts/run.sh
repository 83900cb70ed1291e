#!/usr/bin/env bash
# Builds and runs the product. For now that is the `anjungan` command line; with no
# arguments it walks through a short demo on a demo data folder (demo-data/).
#   scripts/run.sh                      the demo
#   scripts/run.sh validate nik 6271014508900001
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DANJUNGAN_BUILD_TESTS=OFF -DANJUNGAN_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build --target anjungan -j"$(nproc)" >/dev/null
bin=build/kiosk/anjungan

if [[ $# -gt 0 ]]; then
  exec "$bin" "$@"
fi

demo=(--config config/kiosk.demo.toml --data-dir demo-data)
step() { printf '\n$ anjungan %s\n' "$*"; "$bin" "${demo[@]}" "$@" || true; }
echo "Anjungan demo: data in $(pwd)/demo-data (remove it to start over)"
step validate nik 6271014508900001
step validate nik 6271017208900000
step validate nip 199008052015032001 --nik 6271014508900001
step validate email budi@gmail.com
step validate phone "0812-3456-7890"
step validate name "Dr. Ir. H. Budi Santoso, S.Kom., M.Si."
step keygen
step cases add --sample
step cases list
receipt=$("$bin" "${demo[@]}" cases list --json | sed -n 's/.*"receipt_no":"\([^"]*\)".*/\1/p' | head -1)
step cases show "$receipt"
step store verify
step receipt render --receipt "$receipt" --out demo-data/receipt-58mm.png
step receipt render --receipt "$receipt" --out demo-data/receipt-80mm.pdf --paper 80
step receipt verify demo-data/receipt-58mm.png --json
step receipt print "$receipt"
step receipt print "$receipt"
step print-test
echo "(receipts printed by the simulated printer are in demo-data/printed/)"
sample=/usr/lib/python3/dist-packages/skimage/data/astronaut.png   # python3-skimage, if installed
[[ -f "$sample" ]] && step check --kind selfie "$sample"
step check --kind ktp --json /nonexistent.png
