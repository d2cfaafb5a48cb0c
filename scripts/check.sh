#!/usr/bin/env bash
# shellcheck disable=SC2317  # the phase_* functions are called through run_phase
# Runs the named phases in order, timing each, and exits non-zero if any failed.
#   scripts/check.sh system-deps setup lint sqlite postgresql     (what `make test` runs)
# Phases: system-deps, setup, lint, sqlite, postgresql (the last two run the whole pytest suite
# on that backend, on two pytest-xdist workers unless PYTEST_WORKERS says otherwise; extra pytest
# arguments come from PYTEST_ARGS). A failing system-deps or setup
# stops the run; a failing lint or test phase does not, so one run reports everything.
# The output ends with the closing line of each pytest run, PostgreSQL's last.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
LOG_DIR=$(mktemp -d)
trap 'rm -rf "$LOG_DIR"' EXIT

phase_results=()
closing_lines=()
status=0

phase_system_deps() { bash scripts/system-deps.sh; }
phase_setup() { bash scripts/setup.sh; }

phase_lint() {
  local rc=0
  "$VENV/bin/ruff" check . || rc=1
  "$VENV/bin/ruff" format --check . || rc=1
  "$VENV/bin/mypy" || rc=1
  # The architecture contract (pyproject.toml [tool.importlinter]) and the layout rules.
  "$VENV/bin/lint-imports" --no-cache || rc=1
  "$VENV/bin/python" scripts/check_layout.py || rc=1
  return "$rc"
}

# pytest on one backend. Its exit code is returned as is: 5 (no tests collected) is a failure.
phase_pytest() {
  local backend=$1 log=$LOG_DIR/pytest-$1.log rc=0
  # shellcheck disable=SC2086  # PYTEST_ARGS is a list of words on purpose
  # Both cores by default (pytest-xdist; on PostgreSQL one server, a template per worker);
  # PYTEST_WORKERS=0 runs in one process.
  XINZHI_TEST_BACKEND=$backend "$VENV/bin/python" -m pytest --durations=10 \
    -n "${PYTEST_WORKERS:-2}" ${PYTEST_ARGS:-} \
    2>&1 </dev/null | tee "$log" || rc=${PIPESTATUS[0]}
  if ((rc == 5)); then
    echo "check: pytest on $backend collected no tests (exit 5): counted as a failure" >&2
  fi
  return "$rc"
}

now_ms() {
  local t=${EPOCHREALTIME/./}
  echo $((t / 1000))
}

# run_phase NAME COMMAND...: runs COMMAND, records its time and result, returns its exit code.
run_phase() {
  local name=$1 start rc=0 elapsed
  shift
  echo
  echo "==== $name ===="
  start=$(now_ms)
  "$@" || rc=$?
  elapsed=$(($(now_ms) - start))
  elapsed="$((elapsed / 1000)).$((elapsed % 1000 / 100)) s"
  if ((rc == 0)); then
    phase_results+=("$(printf '%-12s %10s  ok' "$name" "$elapsed")")
  else
    phase_results+=("$(printf '%-12s %10s  FAILED (exit %d)' "$name" "$elapsed" "$rc")")
    ((status != 0)) || status=$rc
  fi
  echo "==== $name: $elapsed, exit $rc ===="
  return "$rc"
}

for phase in "$@"; do
  case $phase in
    system-deps | setup)
      run_phase "$phase" "phase_${phase//-/_}" || {
        echo "check: $phase failed; stopping" >&2
        exit 1
      }
      ;;
    lint) run_phase lint phase_lint || true ;;
    sqlite | postgresql)
      run_phase "$phase" phase_pytest "$phase" || true
      closing_lines+=("$(tail -n 1 "$LOG_DIR/pytest-$phase.log")")
      ;;
    *)
      echo "check: unknown phase '$phase' (system-deps, setup, lint, sqlite, postgresql)" >&2
      exit 2
      ;;
  esac
done

echo
echo "==== timings ===="
printf '%s\n' "${phase_results[@]}"
if ((${#closing_lines[@]} > 0)); then
  echo "==== pytest closing lines (sqlite first) ===="
  printf '%s\n' "${closing_lines[@]}"
fi
exit "$status"
