# Colloquy: `make run` to serve the demo site, `make test` to run every check.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
DEV_ENV := DEBUG=1

.PHONY: run test lint format migrate demo setup bench serve clean

$(BIN)/python:
	@echo "==> Creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	@echo "==> Installing pinned dependencies from requirements.txt"
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)

migrate: setup
	@echo "==> Migrating the database"
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	@echo "==> Loading the demo content (only what is missing)"
	$(DEV_ENV) $(BIN)/python manage.py load_demo

run: demo
	@echo "==> Serving Colloquy on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	@echo "==> Lint: ruff, ruff format --check, djhtml"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

test: lint
	@echo "==> Checking that every model change has its migration"
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	@echo "==> Checking the deployment settings"
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
		ALLOWED_HOSTS=blog.example.com $(BIN)/python manage.py check --deploy --fail-level WARNING
	@echo "==> Running the test suite ($${DATABASE_URL:+PostgreSQL}$${DATABASE_URL:-SQLite})"
	$(BIN)/pytest $(PYTEST_ARGS)

bench: migrate
	@echo "==> Benchmarks (see bench/README.md)"
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
