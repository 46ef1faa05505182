# One Makefile for humans and CI. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_ENV := PASSERELLES_ENV=development PASSERELLES_DEMO=1

.PHONY: run test bench bench-clean scale-check quality fix messages install install-dev lock browser axe clean

# Dependencies are installed from lock files with the hash of every file (pip checks each download), then
# the project itself without dependencies; `make lock` rewrites the locks from pyproject.toml. A stamp older
# than its lock (or than pyproject.toml) installs again.
LOCK := requirements/lock.txt
DEV_LOCK := requirements/dev-lock.txt
LOCK_ARGS ?=

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-dev: $(DEV_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## lock: rewrite the locked dependencies (versions and hashes) from pyproject.toml and requirements/build.in;
## the pins already there are kept unless pyproject.toml needs others (`make lock LOCK_ARGS=--upgrade`: newest)
lock: install-dev
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
	  $(LOCK_ARGS) pyproject.toml requirements/build.in -o $(LOCK)
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
	  $(LOCK_ARGS) --extra dev pyproject.toml requirements/build.in -o $(DEV_LOCK)

## run: install, migrate, load the demo network if the database is empty, serve on http://127.0.0.1:$(PORT)
run: install
	$(DEV_ENV) $(BIN)/passerelles migrate --noinput
	$(DEV_ENV) $(BIN)/passerelles demo-data --if-empty
	@echo "Passerelles : http://127.0.0.1:$(PORT)/"
	$(DEV_ENV) $(BIN)/passerelles runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the browser tests (a test tool's own browser download is impossible here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else echo "Chromium est absent (/usr/bin/chromium) : installez le paquet Debian « chromium » (root requis)."; exit 1; fi; \
	fi

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

axe: node_modules/axe-core/axe.min.js

## quality: lint and check that models and migrations agree
quality: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run

fix: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## test: install (with the browser), lint, run the whole suite (PYTEST_WORKERS processes side by side,
## pytest-xdist; PYTEST_WORKERS=0 runs it in this one process)
PYTEST_WORKERS ?= 2
test: install-dev browser axe quality
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## bench: one JSON line per metric
bench: install-dev
	$(BIN)/python benchmarks/run.py

## bench-clean: forget the cached benchmark data sets (var/bench-cache/ and their PostgreSQL templates)
bench-clean: install-dev
	$(BIN)/python -m benchmarks.datasets clean

## scale-check: two web processes behind a test proxy, two queue workers, Redis and PostgreSQL on loopback;
## the load test through them, one of each killed halfway: nothing lost (docs/deploiement.md)
scale-check: install-dev
	$(BIN)/python benchmarks/scale_check.py

## messages: refresh and compile the English translation
messages: install-dev
	cd passerelles && PASSERELLES_ENV=development ../$(BIN)/passerelles makemessages -l en --no-obsolete --ignore '*/migrations/*'
	cd passerelles && PASSERELLES_ENV=development ../$(BIN)/passerelles compilemessages -l en

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3
