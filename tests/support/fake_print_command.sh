#!/bin/sh
# Print command (PRINT_CMD, `ippeveprinter -c`) for the virtual printer of the integration tests
# (tests/support/virtual_printer.cpp). ippeveprinter runs it once per job as `CMD SPOOLFILE`
# with its own environment plus IPP_* job attributes; lines on stderr starting with STATE:,
# ATTR:, INFO: or ERROR: update the printer/job, and a non-zero exit aborts the job.
#
# VP_DIR (set by the fixture) holds:
#   out_of_paper  if present: report media-empty-error and fail without printing.
#   delay         if present: its content, e.g. "2.5", is slept in seconds before printing.
#   printed/      each printed job is copied here as NNNN-job<ID>.<ext>, in order.
set -u

file="${1:?usage: fake_print_command.sh SPOOLFILE}"
dir="${VP_DIR:?VP_DIR is not set}"

if [ -e "$dir/out_of_paper" ]; then
    echo "STATE: +media-empty-error" >&2
    echo "ERROR: Out of paper." >&2
    exit 1
fi
echo "STATE: -media-empty-error" >&2

if [ -s "$dir/delay" ]; then
    echo "INFO: Printing slowly." >&2
    sleep "$(cat "$dir/delay")"
fi

mkdir -p "$dir/printed"
n=$(find "$dir/printed" -maxdepth 1 -type f ! -name '.*' | wc -l)
ext="${file##*.}"
name=$(printf '%04d-job%s.%s' "$((n + 1))" "${IPP_JOB_ID:-0}" "$ext")
# Copy under a hidden name, then rename: readers never see a half-written file.
cp "$file" "$dir/printed/.$name.tmp" && mv "$dir/printed/.$name.tmp" "$dir/printed/$name" || exit 1
echo "INFO: Printed $name." >&2
exit 0
