# The two commands: `make run` (site with demo content) and `make test` (whole suite).
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

# Django 6 needs Python >= 3.12: prefer 3.13, then 3.12, then a new-enough python3.
PYTHON_FOR_VENV := $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
	command -v $$p; break; fi; done)

.PHONY: run test lint format check serve bench clean help

help:
	@echo "make run    - set up and serve the site with demo content on http://127.0.0.1:$(PORT)/"
	@echo "make test   - install dev dependencies and run the whole test suite"
	@echo "make lint   - ruff check and format check"
	@echo "make format - ruff format and fix"
	@echo "make check  - what CI runs: lint, migrations check, tests"
	@echo "make serve  - production settings: migrate, collectstatic, gunicorn on 127.0.0.1:$(PORT) (config from env or .env)"
	@echo "make bench  - benchmark every public page at 10k films / 50k reviews (about 10 min)"

$(PY):
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
		echo "This project needs Python 3.12 or newer (Django 6). Install python3.13 or python3.12," \
		     "or use pyenv (a .python-version file selects 3.13.0)." >&2; exit 1; fi
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.lock | $(PY)
	$(BIN)/pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(PY)
	$(BIN)/pip install --quiet -r requirements-dev.lock
	@touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed node_modules/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --admin-url http://127.0.0.1:$(PORT)/admin/
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production settings on this machine: gunicorn on 127.0.0.1:$(PORT). The configuration comes
# from the environment or a .env file (see .env.example), which settings.py reads itself.
serve: $(VENV)/.runtime-installed node_modules/.installed
	export DJANGO_DEBUG=0 PORT=$(PORT) && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	exec $(BIN)/gunicorn -c gunicorn.conf.py

# From npm: the editors' Markdown toolbar (served from static/vendor/) and the HTML and
# accessibility checkers (vnu-jar, axe-core); without npm the toolbar is left out and those
# tests are skipped and say why. --ignore-scripts: vnu-jar's postinstall downloads a Java runtime.
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "npm not found: HTML validity and axe checks will be skipped"; fi

# Two workers (pytest-xdist). Tests are handed out in pytest-django's order (tests that flush
# the database last on each worker); tests marked xdist_group stay on one worker together.
TEST_WORKERS ?= 2
test: $(VENV)/.dev-installed node_modules/.installed
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Load-test every public page at magazine scale (gunicorn + wrk); see README, Performance.
bench: $(VENV)/.runtime-installed
	$(PY) bench/run.py
	$(PY) bench/editors.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(MAKE) test

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
