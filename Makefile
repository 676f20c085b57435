# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The site generator: mkdocs or zensical (make site ENGINE=zensical, make serve ENGINE=zensical).
ENGINE ?= mkdocs

.PHONY: site test test-fast check serve lint typecheck schemas bench clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "kennisbank needs Python >= 3.11 (set PYTHON=python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/kennisbank build --engine $(ENGINE)

check: $(STAMP)
	$(BIN)/kennisbank check

serve: $(STAMP)
	$(BIN)/kennisbank serve --engine $(ENGINE)

schemas: $(STAMP)
	$(BIN)/kennisbank schema

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Browser tests drive Debian's Chromium through Playwright (it cannot download its own).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The content-negotiation tests start Debian's nginx on a loopback port (never as a service).
NGINX := /usr/sbin/nginx
$(NGINX):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx

test: $(STAMP) $(CHROMIUM) $(NGINX) lint typecheck
	$(BIN)/python -m pytest

# Everything without a browser, a server or a slow build: about a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not server and not slow"

bench: $(STAMP)
	$(BIN)/python scripts/bench_check.py
	$(BIN)/python scripts/bench_export.py
	$(BIN)/python scripts/bench_site.py
	$(BIN)/python scripts/bench_match.py
	$(BIN)/python scripts/bench_import.py

clean:
	rm -rf $(VENV) site .site-* .pytest_cache .mypy_cache .ruff_cache
