# The README's commands. `make run` serves the demo; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# uv (make lock) and pip-audit (make audit), apart from the portal's own venv.
TOOLS := .venv-tools
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/aup_portal)
PYTEST_ARGS ?= -n auto
# Branch coverage of the apps ([tool.coverage] in pyproject.toml); scripts/check-coverage
# holds the floors: 90 % overall, every line and branch of the access guards.
COVERAGE_JSON := test-artifacts/coverage.json
COVERAGE_ARGS := --cov --cov-report=term:skip-covered --cov-report=json:$(COVERAGE_JSON)
# The demo's port: `make run PORT=8123`; PORTAL_URL (links in emails, letters, QR codes)
# follows it in DEBUG unless set.
PORT ?= 8000
export PORT

.PHONY: run test lint format bench load load-fault lock audit demo-links demo-reset screenshots

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Every dependency comes from a lock file in requirements/ (exact versions and hashes, made by
# `make lock`); the portal itself is installed without dependencies. The stamp files skip the
# install when neither the lock nor pyproject.toml changed.
$(VENV)/.installed: requirements/base.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements/test.txt
	touch $@

$(VENV)/.installed-load: requirements/load.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements/load.txt
	touch $@

$(TOOLS)/.installed: requirements/tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes -r requirements/tools.txt
	touch $@

# After changing a dependency in pyproject.toml: regenerate every lock file, commit them together.
lock: $(TOOLS)/.installed
	UV=$(TOOLS)/bin/uv scripts/lock

# Known vulnerabilities in the locks: fails on one found, skips (saying so) without the service.
audit: $(TOOLS)/.installed
	$(TOOLS)/bin/python scripts/audit-lock

# The demo: SQLite unless DATABASE_URL is set, DEBUG on unless set.
run: export DEBUG ?= 1
run: $(VENV)/.installed
	scripts/install-system-packages run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py demo_links --short
	@# The background worker (emails, PDFs) runs beside the server and stops with it.
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

# More parent links of the demo (every school and language): see `manage.py demo_links --help`.
demo-links: export DEBUG ?= 1
demo-links: $(VENV)/.installed
	$(PY) manage.py demo_links

# Starts the demo afresh: the SQLite file (and private/) is removed; with DATABASE_URL, the
# database is emptied only when it holds nothing but the demo district (seed_demo's guard).
demo-reset: export DEBUG ?= 1
demo-reset: $(VENV)/.installed
ifeq ($(DATABASE_URL),)
	@# The demo's filed documents go with its database (unless kept elsewhere).
	rm -rf db.sqlite3 $(if $(PRIVATE_STORAGE_ROOT),,private)
	$(PY) manage.py migrate --no-input --verbosity 0
	$(PY) manage.py seed_demo
else
	$(PY) manage.py migrate --no-input --verbosity 0
	$(PY) manage.py seed_demo --reset
endif

# The README's screenshots, taken from the demo (a temporary copy) by Chromium.
screenshots: $(VENV)/.installed-test
	scripts/install-system-packages
	$(PY) scripts/screenshots.py

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: export DATABASE_URL = $(TEST_DATABASE_URL)
test: $(VENV)/.installed-test lint audit
	scripts/install-system-packages
	@# The OpenID Connect provider the district sign-in tests run (npm package oidc-provider).
	npm ci --prefix tests/oidc_provider --no-audit --no-fund --loglevel=error
	$(PY) scripts/check-postgres
	DEBUG=1 DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	@echo "manage.py check --deploy under production settings:"
	env -u DEBUG SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		LINK_SIGNING_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		ALLOWED_HOSTS=aup.example.org REDIS_URL=redis://127.0.0.1:6379/0 \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) -m pytest $(PYTEST_ARGS) $(COVERAGE_ARGS)
	$(PY) scripts/check-coverage $(COVERAGE_JSON)

# The district-scale benchmark (issue 15): generates (once, then reuses) a full district and a
# 1 % one into <database>_bench_district and <database>_bench_1pct, named from DATABASE_URL,
# and prints the table of goals; BENCH_ARGS e.g. "--runs 10 --only dashboard --scale 0.1".
BENCH_ARGS ?=
bench: export DATABASE_URL = $(TEST_DATABASE_URL)
bench: $(VENV)/.installed-test
	scripts/install-system-packages
	$(PY) scripts/check-postgres
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The portal under load as in production (gunicorn, worker, PostgreSQL, an SMTP sink) in its own
# database aup_load, made and dropped by the script; LOAD_ARGS e.g. "--duration 30 --users 16".
# load-fault kills the worker and a web worker mid-run and checks that nothing was lost.
LOAD_ARGS ?=
load: $(VENV)/.installed-load
	scripts/install-system-packages
	$(PY) scripts/loadtest.py $(LOAD_ARGS)

load-fault: $(VENV)/.installed-load
	scripts/install-system-packages
	$(PY) scripts/loadtest.py --fault $(LOAD_ARGS)
