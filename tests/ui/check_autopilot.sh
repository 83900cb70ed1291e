#!/usr/bin/env bash
# End-to-end check of anjungan-kiosk: the autopilot walks a whole session through the real UI
# by touch (--demo: simulated camera, scanner and a printer writing PNG files), then this script
# checks what it left behind with the `anjungan` CLI.
#
#   check_autopilot.sh --kiosk EXE --cli EXE --dir DIR --lang id|en
#                      [--expect receipt|refused] [--inputs WRITE_INPUTS_EXE QUALITY] [--xvfb]
#
# DIR is emptied first and holds everything of the run: the data folder (the store, printed/),
# shots/, stats.json, stdout.txt, stderr.txt, inputs/. --expect receipt (the default): exit 0,
# a receipt number on stdout, the case stored with its attachments, a receipt printed, at least
# 15 screenshots and start-up time in the stats. --expect refused: exit 3, the last screenshot
# is the capture or "staff will help", no case stored, nothing printed. --inputs writes the
# camera and scanner inputs with tests/ui/write_inputs (e.g. blurry_ktp) and plays them.
# --xvfb runs under xvfb-run (exit 77, "skipped", when it is not installed).
set -uo pipefail

kiosk="" cli="" dir="" lang="id" expect="receipt" inputs_exe="" quality="" xvfb=0
while [ $# -gt 0 ]; do
    case "$1" in
        --kiosk) kiosk="$2"; shift 2 ;;
        --cli) cli="$2"; shift 2 ;;
        --dir) dir="$2"; shift 2 ;;
        --lang) lang="$2"; shift 2 ;;
        --expect) expect="$2"; shift 2 ;;
        --inputs) inputs_exe="$2"; quality="$3"; shift 3 ;;
        --xvfb) xvfb=1; shift ;;
        *) echo "check_autopilot: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
fail() {
    echo "FAIL: $*" >&2
    if [ -s "$dir/stderr.txt" ]; then
        echo "---- anjungan-kiosk stderr (last 30 lines):" >&2
        tail -n 30 "$dir/stderr.txt" >&2
    fi
    exit 1
}
[ -x "$kiosk" ] || fail "no anjungan-kiosk at '$kiosk'"
[ -x "$cli" ] || fail "no anjungan CLI at '$cli'"
# DIR is removed: only ever a folder of ours in the build tree.
case "$dir" in
    */ui-e2e/?*) ;;
    *) fail "--dir must be a folder under .../ui-e2e/, not '$dir'" ;;
esac

prefix=()
if [ "$xvfb" = 1 ]; then
    if ! command -v xvfb-run >/dev/null 2>&1; then
        echo "SKIPPED: xvfb-run is not installed (Debian package xvfb)"
        exit 77
    fi
    unset SDL_VIDEODRIVER  # the X server's display, not the offscreen driver
    prefix=(xvfb-run -a -s "-screen 0 1920x1080x24")
fi
unset ANJUNGAN_CONFIG  # built-in defaults and --demo only
py=$(command -v python3) || fail "python3 is needed to read JSON"

rm -rf -- "$dir"
mkdir -p -- "$dir" || fail "cannot make $dir"
extra=()
if [ -n "$inputs_exe" ]; then
    "$inputs_exe" "$dir/inputs" "$quality" >/dev/null || fail "write_inputs $quality failed"
    extra=(--camera-dir "$dir/inputs/camera" --scanner-dir "$dir/inputs/scanner")
fi

start_ns=$(date +%s%N)
"${prefix[@]}" "$kiosk" --demo --autopilot --lang "$lang" --data-dir "$dir" \
    --screenshots "$dir/shots" --stats "$dir/stats.json" "${extra[@]}" \
    >"$dir/stdout.txt" 2>"$dir/stderr.txt"
code=$?
ms=$((($(date +%s%N) - start_ns) / 1000000))
echo "anjungan-kiosk exited $code after $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"

shots=$(find "$dir/shots" -maxdepth 1 -name '*.png' 2>/dev/null | wc -l)
# The screenshot taken last (the file names number new screens, repeats share a number).
last_shot=$(ls -t "$dir/shots"/*.png 2>/dev/null | head -n 1)
echo "screenshots: $shots, last: $(basename "${last_shot:-none}")"
printed=$(find "$dir/printed" -maxdepth 1 -name '*.png' -size +0 2>/dev/null | wc -l)

cases_json=$("$cli" --data-dir "$dir" cases list --json 2>"$dir/cli-stderr.txt") ||
    fail "anjungan cases list failed: $(cat "$dir/cli-stderr.txt")"
ncases=$(printf '%s' "$cases_json" | "$py" -c 'import json,sys; print(len(json.load(sys.stdin)))') ||
    fail "cases list --json is not a JSON array: $cases_json"

if [ "$expect" = refused ]; then
    [ "$code" = 3 ] || fail "expected exit code 3 (inputs refused), got $code"
    grep -q "refused" "$dir/stderr.txt" || fail "no 'refused' reason on stderr"
    [ -n "$last_shot" ] || fail "no screenshot was taken"
    case "$(basename "$last_shot")" in
        *need_help* | *capture_ktp*) ;;
        *) fail "the last screenshot is $(basename "$last_shot"), not need_help or capture_ktp" ;;
    esac
    [ "$ncases" = 0 ] || fail "a refused KTP stored $ncases case(s): $cases_json"
    [ "$printed" = 0 ] || fail "a refused session printed $printed receipt(s)"
    [ "$(grep -c -v '^[[:space:]]*$' "$dir/stdout.txt")" = 0 ] ||
        fail "a refused session wrote on stdout (logs on stdout?): $(head -n 3 "$dir/stdout.txt")"
    echo "OK: refused as expected"
    exit 0
fi

[ "$code" = 0 ] || fail "anjungan-kiosk exited $code"
# stdout is for scripts: the receipt number alone (logs go to stderr).
# kiosk id - YYMMDD - counter - check character (Crockford base 32: no I, L, O, U)
receipt_re='^[0-9A-Z]{2,8}-[0-9]{6}-[0-9]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]$'
receipt=$(grep -E "$receipt_re" "$dir/stdout.txt" | tail -n 1)
[ -n "$receipt" ] || fail "stdout holds no receipt number: '$(cat "$dir/stdout.txt")'"
echo "receipt: $receipt"

case_json=$("$cli" --data-dir "$dir" cases show "$receipt" --json 2>"$dir/cli-stderr.txt") ||
    fail "anjungan cases show $receipt failed: $(cat "$dir/cli-stderr.txt")"
printf '%s' "$case_json" | RECEIPT="$receipt" "$py" -c '
import json, os, sys
c = json.load(sys.stdin)
assert c["receipt_no"] == os.environ["RECEIPT"], "receipt_no %r" % c["receipt_no"]
a = c.get("attachments")
if a is not None:
    kinds = sorted({x["kind"] for x in a})
    assert len(a) >= 4, "only %d attachments: %r" % (len(a), kinds)
    assert kinds == ["ktp", "letter", "selfie", "sk"], "attachment kinds %r" % kinds
    assert all(x["size"] > 0 for x in a), "an empty attachment"
print("case %s: %s attachments" % (c["case_id"], "?" if a is None else len(a)))
' || fail "the stored case is not right: $case_json"
[ "$ncases" = 1 ] || fail "expected 1 stored case, found $ncases"

[ "$printed" -ge 1 ] || fail "no receipt PNG in $dir/printed/"
[ "$shots" -ge 15 ] || fail "only $shots screenshots (15 or more expected)"
bad=$(find "$dir/shots" -maxdepth 1 -name '*.png' ! -name "$lang-*" | head -n 1)
[ -z "$bad" ] || fail "a screenshot without the language prefix '$lang-': $bad"
[ -s "$dir/stats.json" ] || fail "no $dir/stats.json"
# The video driver asked for: x11 under Xvfb, else $SDL_VIDEODRIVER when set.
want_driver=${SDL_VIDEODRIVER:-}
[ "$xvfb" = 1 ] && want_driver=x11
WANT_DRIVER="$want_driver" "$py" -c '
import json, os, sys
s = json.load(open(sys.argv[1]))
ms = s["startup_ms"]
assert isinstance(ms, (int, float)) and ms >= 0, "startup_ms %r" % ms
want = os.environ["WANT_DRIVER"]
assert not want or s.get("video_driver") == want, "video_driver %r, not %r" % (s.get("video_driver"), want)
print("startup_ms %s, frames %s, video driver %s" % (ms, (s.get("frame_ms") or {}).get("count"), s.get("video_driver")))
' "$dir/stats.json" || fail "stats.json is not right: $(cat "$dir/stats.json")"
# Last, so that a run with logs on stdout still shows every other check above.
others=$(grep -v -E "$receipt_re" "$dir/stdout.txt" | grep -c -v '^[[:space:]]*$')
[ "$others" = 0 ] || fail "stdout holds $others line(s) besides the receipt number (logs on stdout?): $(grep -v -E "$receipt_re" "$dir/stdout.txt" | head -n 3)"
echo "OK"
