#!/usr/bin/env bash
# Builds and runs the product.
#   scripts/run.sh                 the kiosk demo: simulated camera, scanner and printer with
#                                  sample inputs, in a window (data in demo-data/). Without a
#                                  display it runs under Xvfb: the autopilot walks a session in
#                                  Indonesian and in English and writes a screenshot of every
#                                  screen to demo-data/screens/.
#   scripts/run.sh cli-demo        a walk through the `anjungan` command line
#   scripts/run.sh ARGS...         `anjungan ARGS...` (e.g. validate nik 6271014508900001)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DANJUNGAN_BUILD_TESTS=OFF -DANJUNGAN_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build --target anjungan anjungan-kiosk -j"$(nproc)" >/dev/null
bin=build/kiosk/anjungan
kiosk=build/ui/anjungan-kiosk

if [[ $# -eq 0 ]]; then
  if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    echo "Anjungan kiosk demo: data in $(pwd)/demo-data (remove it to start over)."
    echo "Staff mode: hold the round emblem (top left) for 3 seconds, then PIN 246813."
    exec "$kiosk" --demo --config config/kiosk.demo.toml
  fi
  echo "No display: the kiosk runs under Xvfb, driven by its autopilot (about a minute each)."
  mkdir -p demo-data
  for lang in id en; do
    xvfb-run -a -s "-screen 0 1920x1080x24" "$kiosk" --demo --config config/kiosk.demo.toml \
      --autopilot --tour --lang "$lang" --screenshots demo-data/screens \
      --stats "demo-data/kiosk-stats-$lang.json" 2>>demo-data/kiosk.log |
      sed "s/^/receipt ($lang): /"
  done
  echo "Screenshots: $(pwd)/demo-data/screens/ ($(ls demo-data/screens | wc -l) files)"
  echo "Frame times and memory: demo-data/kiosk-stats-{id,en}.json; log: demo-data/kiosk.log"
  exit 0
fi
if [[ "$1" != "cli-demo" ]]; then
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
sample=/usr/lib/python3/dist-packages/skimage/data/astronaut.png   # python3-skimage
[[ -f "$sample" ]] && step check --kind selfie "$sample"
step check --kind ktp --json /nonexistent.png
