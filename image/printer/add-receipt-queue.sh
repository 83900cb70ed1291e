#!/bin/sh
# Creates the kiosk's receipt queue in CUPS the way Anjungan expects it:
#   image/printer/add-receipt-queue.sh ipp://PRINTER-ADDRESS/ipp/print [QUEUE]
# - IPP Everywhere driver (-m everywhere) for network/USB-IPP printers; for a raw ESC/POS
#   printer give its socket:// or usb:// URI and set RAW=1 (Debian has no ESC/POS driver).
# - contimeout=30: the ipp backend gives up on a dead printer after 30 s instead of a week.
# - printer-error-policy=abort-job: a failed job is aborted rather than stopping the queue
#   (CUPS's default stop-printer leaves the queue paused until someone runs cupsenable).
# The kiosk adds its own deadline per job (timeouts.printer_seconds) and asks an IPP printer
# directly before sending, because cupsd only talks to the printer while a job runs.
set -eu
uri="${1:?usage: add-receipt-queue.sh PRINTER_URI [QUEUE]}"
queue="${2:-receipt}"
case "$uri" in
  ipp://*|ipps://*)
    case "$uri" in *\?*) ;; *) uri="$uri?contimeout=30" ;; esac ;;
esac
if [ "${RAW:-0}" = 1 ]; then
  lpadmin -p "$queue" -E -v "$uri" -m raw -o printer-error-policy=abort-job
else
  lpadmin -p "$queue" -E -v "$uri" -m everywhere -o printer-error-policy=abort-job
fi
lpstat -p "$queue" -v "$queue"
