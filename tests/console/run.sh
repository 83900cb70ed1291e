#!/usr/bin/env bash
# The office console's browser tests (tests/console/*.test.mjs): each file starts its own private
# anjungan-office with real cases from the kiosk CLI and drives Debian's chromium through
# playwright-core (see rig.mjs). Exit status: 0 when every test passed, non-zero otherwise.
#
#   tests/console/run.sh [FILE.test.mjs ...]     (default: all of them)
#
# Environment: ANJUNGAN_OFFICE, ANJUNGAN_KIOSK_CLI, ANJUNGAN_WRITE_INPUTS (the binaries; default
# build/...), CONSOLE_SCREENSHOTS (a folder for screenshots), CHROMIUM (default /usr/bin/chromium),
# CONSOLE_CONCURRENCY (test files at once; default 1), CONSOLE_KEEP (keep the temporary folders).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo" || exit 2

export ANJUNGAN_OFFICE="${ANJUNGAN_OFFICE:-$repo/build/office/anjungan-office}"
export ANJUNGAN_KIOSK_CLI="${ANJUNGAN_KIOSK_CLI:-$repo/build/kiosk/anjungan}"
export ANJUNGAN_WRITE_INPUTS="${ANJUNGAN_WRITE_INPUTS:-$repo/build/tests/ui_write_inputs}"
chromium="${CHROMIUM:-/usr/bin/chromium}"

missing=0
for bin in "$ANJUNGAN_OFFICE" "$ANJUNGAN_KIOSK_CLI" "$ANJUNGAN_WRITE_INPUTS" "$chromium"; do
  if [[ ! -x "$bin" ]]; then
    echo "console tests: $bin is missing (build it, or set its variable)" >&2
    missing=1
  fi
done
for mod in playwright-core axe-core; do
  if [[ ! -d "$repo/node_modules/$mod" ]]; then
    echo "console tests: node_modules/$mod is missing (npm ci, or scripts/deps.sh --test)" >&2
    missing=1
  fi
done
if ! command -v node >/dev/null; then
  echo "console tests: node is missing" >&2
  missing=1
fi
[[ $missing == 0 ]] || exit 2

if [[ $# -gt 0 ]]; then
  files=("$@")
else
  files=("$here"/*.test.mjs)
fi

tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
start=$(date +%s)
# spec for people on stdout, TAP into a file for the summary below; a hard cap of 9 minutes.
timeout --kill-after=15 540 node --test \
  --test-concurrency="${CONSOLE_CONCURRENCY:-1}" \
  --test-timeout=180000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${files[@]}"
status=$?
took=$(($(date +%s) - start))

count() { grep -E "^# $1 [0-9]+$" "$tap" | tail -1 | awk '{print $3}'; }
pass=$(count pass)
fail=$(count fail)
cancelled=$(count cancelled)
todo=$(count todo)
skipped=$(count skipped)
echo
echo "console tests (${#files[@]} files, ${took} s): todo ${todo:-0} (known bugs, not counted as failures)"
if [[ -n "${CONSOLE_SCREENSHOTS:-}" ]]; then
  echo "screenshots: $(find "$CONSOLE_SCREENSHOTS" -name '*.png' 2>/dev/null | wc -l) in $CONSOLE_SCREENSHOTS"
fi
if [[ $status == 124 || $status == 137 ]]; then
  echo "console tests: stopped after 540 s" >&2
fi
fail=$(( ${fail:-0} + ${cancelled:-0} ))
if [[ $status != 0 && $fail == 0 ]]; then
  fail=1  # failed outside a test (a hook, a crash, the time cap)
fi
echo "console: ${pass:-0} passed, ${fail} failed, ${skipped:-0} skipped"
exit $(( status != 0 ? 1 : 0 ))
