#!/usr/bin/env bash
# Installs the Debian packages the project needs; fast and silent when they are all there.
#   scripts/deps.sh          build and run
#   scripts/deps.sh --test   also what the tests and benchmarks need
#   scripts/deps.sh --console  also the browser for the console's screenshots (scripts/run.sh)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  nlohmann-json3-dev libcli11-dev libtoml11-dev libspdlog-dev libfmt-dev
  libsodium-dev libssl-dev libsqlite3-dev sqlite3
  libopencv-dev opencv-data libcairo2-dev
  libpango1.0-dev fonts-noto-core libzxing-dev libcups2-dev libsane-dev
  libimgui-dev libsdl2-dev xvfb xauth
  # sync: the kiosk's HTTP client and the office back end's HTTP server
  libcurl4-openssl-dev libcpp-httplib-dev curl
  # the office console: HTML templates, and the SK and letter pages drawn as images
  libkainjow-mustache-dev libpoppler-glib-dev
  # the recommendation letter: the emblem from an SVG
  librsvg2-dev libzip-dev
  python3-aiosmtpd
  # the demo's sample inputs: real textures and a face photo (samples/)
  opencv-doc python3-skimage
  # npm ci: chart.js, which the office's build embeds for the console's charts (package.json)
  nodejs
)
if [[ "${1:-}" == "--test" || "${1:-}" == "--console" ]]; then
  packages+=(chromium)
fi
if [[ "${1:-}" == "--test" ]]; then
  # cups, cups-ipp-utils and dbus run a private CUPS server and a virtual IPP printer;
  # zbar-tools is an independent QR decoder; clang and its runtime build the libFuzzer target.
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev clang-format
    poppler-utils unzip
    cups cups-client cups-ipp-utils dbus zbar-tools clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "deps: missing Debian packages: ${missing[*]}" >&2
    echo "deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only when an install from the current ones fails.
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# From npm, pinned by package-lock.json, always (the office's build embeds chart.js): chart.js,
# and for the console's browser tests and screenshots playwright-core (driving Debian's
# chromium) and axe-core; again only when the lock file changed.
root=$(cd "$(dirname "$0")/.." && pwd)
stamp="$root/node_modules/.anjungan-lock"
if ! cmp -s "$root/package-lock.json" "$stamp" 2>/dev/null; then
  echo "deps: npm ci (chart.js, playwright-core, axe-core)" >&2
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$root/package-lock.json" "$stamp"
fi
