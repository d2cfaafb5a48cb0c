#!/usr/bin/env bash
# Creates the Python environment (.venv) and the front-end assets. Safe to re-run: each part is
# skipped while the files it was built from are unchanged (stamp files keyed on their hashes).
#   Python:     pyproject.toml is the one list of dependencies; constraints.txt pins the versions
#               (regenerate it with `make lock`).
#   Front end:  package.json pins echarts and htmx.org; their dist files are copied into
#               src/xinzhi/web/static/vendor/ (gitignored), which the web app serves. No CDN.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
VENDOR_DIR=src/xinzhi/web/static/vendor
VENDOR_FILES=(
  node_modules/echarts/dist/echarts.min.js
  node_modules/htmx.org/dist/htmx.min.js
)

find_python() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "setup: Python >= 3.11 not found (tried python3.11, python3)" >&2
  exit 1
}

# Hash of the named files that exist (a missing file hashes as empty).
hash_of() {
  local file
  for file in "$@"; do
    if [[ -f $file ]]; then cat "$file"; fi
  done | sha256sum | cut -d' ' -f1
}

setup_python() {
  if [[ ! -x $VENV/bin/python ]]; then
    local python
    python=$(find_python)
    echo "setup: creating $VENV with $python ($("$python" --version))"
    "$python" -m venv "$VENV"
  fi
  local stamp=$VENV/.xinzhi-setup key
  key="$(hash_of pyproject.toml constraints.txt) $("$VENV/bin/python" --version)"
  if [[ -f $stamp && $(cat "$stamp") == "$key" ]]; then
    echo "setup: $VENV up to date"
    return
  fi
  local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
  echo "setup: upgrading pip"
  "${pip[@]}" install --upgrade pip
  local constraints=()
  [[ -f constraints.txt ]] && constraints=(-c constraints.txt)
  echo "setup: pip install -e '.[test,dev]' ${constraints[*]}"
  "${pip[@]}" install "${constraints[@]}" -e '.[test,dev]'
  echo "$key" >"$stamp"
}

setup_frontend() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm not found; run scripts/system-deps.sh (or install Node.js and npm)" >&2
    exit 1
  fi
  local stamp=node_modules/.xinzhi-setup key
  key=$(hash_of package.json package-lock.json)
  if [[ -f $stamp && $(cat "$stamp") == "$key" ]]; then
    echo "setup: node_modules up to date"
  elif [[ -f package-lock.json ]]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$key" >"$stamp"
  else
    echo "setup: npm install (no package-lock.json yet)"
    npm install --no-audit --no-fund --loglevel=error
    hash_of package.json package-lock.json >"$stamp"
  fi
  mkdir -p "$VENDOR_DIR"
  local file
  for file in "${VENDOR_FILES[@]}"; do
    cmp -s "$file" "$VENDOR_DIR/$(basename "$file")" || cp "$file" "$VENDOR_DIR/"
  done
  echo "setup: front-end assets in $VENDOR_DIR"
}

setup_python
setup_frontend
