#!/usr/bin/env bash
# The Debian packages the tests, the report and CI need, installed when missing: with apt-get
# when run as root; otherwise the apt-get command to run as root is printed and it fails, so
# that make stops before a test fails for a missing program.
#
#   tools/system-packages.sh                    everything (make test, CI)
#   tools/system-packages.sh fonts-noto-cjk     only what is named (make report, make test-scale)
set -euo pipefail

all=(python3 npm redis-server haproxy fonts-noto-cjk fonts-noto-color-emoji chromium)

# The packages to install for one need, or nothing when it is met.
packages_for() {
  case $1 in
    # Python with venv, for both virtualenvs (the Makefile takes 3.11, else 3.10).
    python3) command -v python3.11 >/dev/null || command -v python3.10 >/dev/null \
      || echo python3 python3-venv python3-dev ;;
    # Node.js, for the Telegram Bot API emulator the gateway's end-to-end tests talk to.
    npm) command -v npm >/dev/null || echo nodejs npm ;;
    # Redis, for the lock that serialises a conversation across Rasa instances.
    redis-server) command -v redis-server >/dev/null || echo redis-server ;;
    # HAProxy, the load balancer in front of two of everything in make test-scale.
    haproxy) command -v haproxy >/dev/null || echo haproxy ;;
    # Chinese glyphs for the report's chart (insights/chart.py refuses to draw without).
    fonts-noto-cjk) dpkg -s fonts-noto-cjk >/dev/null 2>&1 || echo fonts-noto-cjk ;;
    # The web chat's 🔊 and 🎤 in its screenshots (make screenshots).
    fonts-noto-color-emoji) dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 \
      || echo fonts-noto-color-emoji ;;
    # Chromium, driven by Playwright in the admin's browser tests (it cannot download its own).
    chromium) command -v chromium >/dev/null || echo chromium ;;
    *) echo "unknown system package: $1 (known: ${all[*]})" >&2; exit 2 ;;
  esac
}

needs=("$@")
[ $# -gt 0 ] || needs=("${all[@]}")
missing=()
for need in "${needs[@]}"; do
  found=$(packages_for "$need")  # an unknown need stops here
  read -r -a packages <<<"$found"
  missing+=("${packages[@]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update -q && apt-get install -y -q ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them as root (e.g. with sudo):" >&2
  echo "  $command" >&2
  exit 1
fi
echo "==> Installing Debian packages: ${missing[*]}"
apt-get update -q && apt-get install -y -q "${missing[@]}"
