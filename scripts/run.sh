#!/usr/bin/env bash
# Builds and runs the product.
#   scripts/run.sh                 the kiosk demo: simulated camera, scanner and printer with
#                                  sample inputs, in a window (data in demo-data/). Without a
#                                  display it runs under Xvfb: the autopilot walks a session in
#                                  Indonesian and in English and writes a screenshot of every
#                                  screen to demo-data/screens/.
#                                  Both ways a local office back end (anjungan-office, data in
#                                  demo-data/office) receives the kiosk's cases; without a
#                                  display the demo then works one case along the SOP and shows
#                                  its status coming back to the kiosk.
#   scripts/run.sh office          only the office back end on 127.0.0.1:8480 (demo-data/office)
#   scripts/run.sh cli-demo        a walk through the `anjungan` command line
#   scripts/run.sh ARGS...         `anjungan ARGS...` (e.g. validate nik 6271014508900001)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -eq 0 && -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  scripts/deps.sh --console  # the console's screenshots need chromium and playwright-core
else
  scripts/deps.sh
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DANJUNGAN_BUILD_TESTS=OFF -DANJUNGAN_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build --target anjungan anjungan-kiosk anjungan-office -j"$(nproc)" >/dev/null
bin=build/kiosk/anjungan
kiosk=build/ui/anjungan-kiosk
office=build/office/anjungan-office

# One console account per role, made once with a random password that is printed once (reset
# one with: anjungan-office --data demo-data/office staff passwd NAME --password-stdin).
console_accounts=""
demo_accounts() {
  local made=0 role pw
  for role in head division_head section_head verifier admin; do
    if "$office" --data demo-data/office staff list --json | grep -q "\"name\": \"$role\""; then
      continue
    fi
    pw="demo-$(head -c 9 /dev/urandom | base64 | tr -d '/+=')"
    echo "$pw" | "$office" --data demo-data/office staff add "$role" --role "$role" \
      --display-name "Demo $role" --password-stdin >/dev/null
    [[ $made -eq 0 ]] && echo "Console accounts (user / password, shown once):"
    printf '  %-14s %s\n' "$role" "$pw"
    console_accounts+="$role:$pw "
    made=1
  done
  [[ $made -eq 0 ]] && echo "Console accounts: head, division_head, section_head, verifier, admin" \
    "(passwords were printed when they were made)"
  return 0
}

# The local office back end: registers the demo kiosk's key, then serves on 127.0.0.1:8480.
start_office() {
  mkdir -p demo-data
  "$bin" --config config/kiosk.demo.toml keygen >/dev/null 2>&1 || true
  local key
  key=$("$bin" --config config/kiosk.demo.toml keys show --json |
    sed -n 's/.*"public_key":"\([^"]*\)".*/\1/p')
  "$office" --data demo-data/office kiosks add PKY1 "$key" >/dev/null
  demo_accounts
  # The applicants' e-mail lands in demo-data/mail/new (a local SMTP server, python3-aiosmtpd).
  /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:8025 -c aiosmtpd.handlers.Mailbox demo-data/mail \
    2>>demo-data/smtp.log &
  smtp_pid=$!
  "$office" --listen 127.0.0.1:8480 --data demo-data/office --config config/office.demo.toml \
    2>>demo-data/office.log &
  office_pid=$!
  trap 'kill $office_pid $smtp_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do
    curl -fsS http://127.0.0.1:8480/v1/health >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the office back end did not start; see demo-data/office.log" >&2
  return 1
}

if [[ "${1:-}" == "office" ]]; then
  start_office
  echo "anjungan-office on http://127.0.0.1:8480 (data in demo-data/office, log demo-data/office.log)"
  echo "Console: http://127.0.0.1:8480/console/"
  wait "$office_pid"
  exit 0
fi

if [[ $# -eq 0 ]]; then
  start_office
  if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    echo "Anjungan kiosk demo: data in $(pwd)/demo-data (remove it to start over)."
    echo "Staff mode: hold the round emblem (top left) for 3 seconds, then PIN 246813."
    echo "Office back end: http://127.0.0.1:8480; try: $office --data demo-data/office cases list"
    echo "Console: http://127.0.0.1:8480/console/ (sign in with an account above)"
    "$kiosk" --demo --config config/kiosk.demo.toml
    exit 0
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
  echo
  echo "The office received the kiosk's cases:"
  "$bin" --config config/kiosk.demo.toml sync --once || true
  "$office" --data demo-data/office cases list
  receipt=$("$office" --data demo-data/office cases list --json |
    sed -n 's/.*"receipt_no": "\([^"]*\)".*/\1/p' | tail -1)
  if [[ -n "$receipt" ]]; then
    echo
    echo "Staff work $receipt along the SOP; its status comes back to the kiosk:"
    "$office" --data demo-data/office case advance "$receipt" --to head_disposition \
      --role head --actor "Kepala Dinas" --note "Lanjutkan ke Kabid" || true
    "$office" --data demo-data/office case advance "$receipt" --to division_disposition \
      --role division_head --actor "Kabid Statistik dan Persandian" || true
    "$bin" --config config/kiosk.demo.toml sync --once || true
    "$bin" --config config/kiosk.demo.toml cases show "$receipt" | tail -6
    "$bin" --config config/kiosk.demo.toml sync status
  fi
  echo
  echo "Console: http://127.0.0.1:8480/console/"
  if [[ -n "$console_accounts" ]]; then
    rm -rf demo-data/console-screens
    CONSOLE_ACCOUNTS="$console_accounts" node scripts/console-screenshots.mjs \
      http://127.0.0.1:8480 demo-data/console-screens
  else
    echo "(console screenshots need the demo accounts' passwords: rm -rf demo-data to start over)"
  fi
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
