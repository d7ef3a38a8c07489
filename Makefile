# The README's commands. `make run` serves the demo; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/aup_portal)
PYTEST_ARGS ?= -n auto
# Branch coverage of the apps ([tool.coverage] in pyproject.toml); scripts/check-coverage
# holds the floors: 90 % overall, every line and branch of the access guards.
COVERAGE_JSON := test-artifacts/coverage.json
COVERAGE_ARGS := --cov --cov-report=term:skip-covered --cov-report=json:$(COVERAGE_JSON)

.PHONY: run test lint format bench load load-fault

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.installed-load: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[load]"
	touch $@

# The demo: SQLite unless DATABASE_URL is set, DEBUG on unless set.
run: export DEBUG ?= 1
run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@# The background worker (emails, PDFs) runs beside the server and stops with it.
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: export DATABASE_URL = $(TEST_DATABASE_URL)
test: $(VENV)/.installed-test lint
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

bench: export DATABASE_URL = $(TEST_DATABASE_URL)
bench: $(VENV)/.installed-test
	$(PY) scripts/bench.py

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
