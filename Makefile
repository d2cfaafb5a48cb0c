# The two commands: `make demo` (install, load demo data, serve) and `make test` (install,
# lint, the whole suite on SQLite and on PostgreSQL). See docs/development.md.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
export VENV

.PHONY: help demo test test-sqlite test-pg lint bench system-deps setup lock clean distclean

help:
	@echo "make demo         install, migrate, load demo data and start the web app"
	@echo "make test         system packages, install, lint, pytest on SQLite then PostgreSQL"
	@echo "make test-sqlite  pytest on SQLite only      (PYTEST_ARGS='-x -k name' to narrow)"
	@echo "make test-pg      pytest on PostgreSQL only  (starts a throw-away server)"
	@echo "make lint         ruff check, ruff format --check, mypy"
	@echo "make bench        run bench/*.py"
	@echo "make lock         re-pin constraints.txt from the current .venv"
	@echo "make clean        remove caches, node_modules and copied front-end assets"

demo: setup
	$(BIN)/xinzhi db upgrade
	$(BIN)/xinzhi demo load
	@echo "The xinzhi command is not on your PATH: run $(BIN)/xinzhi (e.g. $(BIN)/xinzhi --help),"
	@echo "or first 'source $(BIN)/activate' and then plain xinzhi."
	$(BIN)/xinzhi serve

test:
	bash scripts/check.sh system-deps setup lint sqlite postgresql

test-sqlite:
	bash scripts/check.sh setup sqlite

test-pg:
	bash scripts/check.sh system-deps setup postgresql

lint:
	bash scripts/check.sh setup lint

bench: setup
	@shopt -s nullglob; files=(bench/bench_*.py); \
	if (( $${#files[@]} == 0 )); then echo "bench: no bench/bench_*.py yet"; exit 0; fi; \
	for f in "$${files[@]}"; do \
	  echo "==== $$f ===="; start=$$EPOCHREALTIME; \
	  $(BIN)/python "$$f"; \
	  echo "==== $$f: $$(awk "BEGIN{printf \"%.1f\", $$EPOCHREALTIME - $$start}") s ===="; \
	done

system-deps:
	bash scripts/system-deps.sh

setup:
	bash scripts/setup.sh

lock:
	{ echo "# Versions scripts/setup.sh installs (pip install -c constraints.txt -e '.[test,dev]')."; \
	  echo "# pyproject.toml lists the dependencies; this file only pins them. Regenerate: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt
	@echo "constraints.txt: $$(grep -vc '^#' constraints.txt) pins"

clean:
	rm -rf node_modules src/xinzhi/web/static/vendor .pytest_cache .ruff_cache .mypy_cache \
	  .hypothesis build dist src/*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
