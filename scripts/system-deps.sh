#!/usr/bin/env bash
# Debian packages the test suite needs beside Python:
#   postgresql      server binaries for the real-PostgreSQL test backend (/usr/lib/postgresql/*/bin)
#   chromium        headless browser tests (/usr/bin/chromium)
#   fonts-noto-cjk  Chinese glyphs in screenshots and reports
#   nodejs, npm     only when npm is missing: front-end assets (scripts/setup.sh)
# Idempotent: when everything is present it only checks and exits. As root it installs what is
# missing (one `apt-get update` first); otherwise it names the command to run and exits 1.
set -euo pipefail

packages=(postgresql chromium fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for pkg in "${packages[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "system-deps: all present (${packages[*]})"
else
  if [[ $(id -u) -ne 0 ]]; then
    echo "system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "system-deps: install them as root, then run this again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "system-deps: apt-get update"
  apt-get update -q
  echo "system-deps: apt-get install ${missing[*]}"
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi

# The postgresql metapackage pulls in a versioned server; check the binaries the tests use.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  echo "system-deps: no /usr/lib/postgresql/*/bin/initdb after installing postgresql" >&2
  exit 1
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "system-deps: /usr/bin/chromium not found after installing chromium" >&2
  exit 1
fi
