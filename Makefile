# kosovo-edu — `make run` sets everything up and serves the app; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(PYTHON) -m uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format serve install migrate seed clean worker bench load login-storm

# The lock is the single source of installed versions; the stamp makes a second run instant.
$(BIN)/.installed: requirements.lock .python-version
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python >= 3.12 is required (see .python-version; pyenv install 3.13)")'
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) venv --quiet --allow-existing --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(VENV)
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	@touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py ingest
	$(BIN)/python manage.py demo

run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-like serving: DEBUG off, whitenoise manifest storage, gunicorn.
SERVE_ENV = DEBUG=false SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost}
serve: migrate
	@[ -n "$$SECRET_KEY" ] || { echo 'make serve needs a real SECRET_KEY in the environment: export SECRET_KEY="$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")"' >&2; exit 1; }
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/gunicorn kosovo_edu.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

worker: migrate
	$(BIN)/python manage.py db_worker

# Requests per second of the learner pages against a bare view, SQLite then PostgreSQL + Redis
# (bench/run.py); a longer load with students logging in and answering (bench/load.py:
# make load STUDENTS=50 DURATION=60 KILL_EVERY=3); a class logging in at once.
bench: install
	bench/bench.sh run $(BENCH_ARGS)

STUDENTS ?= 50
DURATION ?= 60
KILL_EVERY ?= 0
load: install
	bench/bench.sh load --students $(STUDENTS) --seconds $(DURATION) --kill-every $(KILL_EVERY)

login-storm: install
	bench/bench.sh login_storm

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
