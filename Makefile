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
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
	  -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --no-build-isolation -e .
	touch $(STAMP)

# requirements.lock: every package of .venv, exact and hash-checked, made with pip-tools from
# pyproject.toml (dependencies, extras test and dev) and requirements-build.in. Pins already
# in the lock stay; move one with `make lock LOCK_ARGS='--upgrade-package NAME'`.
# The tool is pinned and lives in a venv of its own, never in .venv.
LOCK_VENV  := $(VENV)/lock-tool
LOCK_TOOLS := pip==23.2.1 pip-tools==7.6.2 build==1.6.1 click==8.5.1 packaging==26.4 \
              pyproject_hooks==1.3.3 wheel==0.48.0
.PHONY: lock
lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(LOCK_TOOLS)
	CUSTOM_COMPILE_COMMAND='make lock  (pip-tools 7.6.2, pip 23.2.1, Python 3.11)' \
	  $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --extra test --extra dev $(LOCK_ARGS) \
	  --output-file requirements.lock pyproject.toml requirements-build.in

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

# The .htaccess tests start Debian's Apache on a loopback port the same way (its own
# configuration file, workers as nobody when run as root; never as a service).
APACHE := /usr/sbin/apache2
$(APACHE):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2

test: $(STAMP) $(CHROMIUM) $(NGINX) $(APACHE) lint typecheck
	$(BIN)/python -m pytest

# Everything without a browser, a server or a slow build: about a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not browser and not server and not slow"

# Every benchmark script (each prints its ratio to a floor and the load average);
# tests/test_bench_smoke.py runs each at a tiny size so none of them can rot.
bench: $(STAMP) $(CHROMIUM)
	for script in scripts/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) site .site-* .pytest_cache .mypy_cache .ruff_cache
