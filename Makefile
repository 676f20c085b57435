# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check serve lint typecheck schemas bench clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "kennisbank needs Python >= 3.11 (set PYTHON=python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/kennisbank build

check: $(STAMP)
	$(BIN)/kennisbank check

serve: $(STAMP)
	$(BIN)/mkdocs serve

schemas: $(STAMP)
	$(BIN)/kennisbank schema

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts hooks

typecheck: $(STAMP)
	$(BIN)/mypy

# Browser tests drive Debian's Chromium through Playwright (it cannot download its own).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: $(STAMP) $(CHROMIUM) lint typecheck
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench_check.py
	$(BIN)/python scripts/bench_export.py
	$(BIN)/python scripts/bench_site.py
	$(BIN)/python scripts/bench_match.py
	$(BIN)/python scripts/bench_import.py

clean:
	rm -rf $(VENV) site .site-* .pytest_cache .mypy_cache .ruff_cache
