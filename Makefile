# Colloquy: `make run` to serve the demo site, `make test` to run every check.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
# The demo's emails and links name the port it is served on.
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV_ENV := DEBUG=1 SITE_URL=$(SITE_URL)

.PHONY: run test lint format migrate demo setup bench bench-site serve worker clean

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

# The site and a background worker beside it (emails, linkbacks); Ctrl-C stops
# both, and the worker stops too when the server exits on its own.
run: demo
	@echo "==> Serving Colloquy on http://127.0.0.1:$(PORT)/ with a background worker (Ctrl-C stops both)"
	@$(DEV_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: one background worker in the foreground (run one or more beside
# `make serve`, e.g. under systemd: README, "Running it in production").
worker: setup
	DEBUG=0 exec $(BIN)/python manage.py db_worker --no-reload

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

# Production: DEBUG off, settings from the environment (README, "Running it in production").
WORKERS ?= $(shell echo $$((2 * $$(nproc) + 1)))

serve: setup
	@if [ -z "$$SECRET_KEY" ]; then \
		echo "make serve needs SECRET_KEY in the environment, e.g." >&2; \
		echo '  export SECRET_KEY="$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")"' >&2; \
		echo "(keep it secret and the same across restarts: it signs sessions)." >&2; \
		exit 1; \
	fi
	@echo "==> Migrating the database"
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	@echo "==> Collecting static files (hashed, compressed)"
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "==> Serving Colloquy on http://127.0.0.1:$(PORT)/ with $(WORKERS) workers"
	DEBUG=0 exec $(BIN)/gunicorn config.wsgi:application --bind 127.0.0.1:$(PORT) \
		--workers $(WORKERS) --preload --no-control-socket --access-logfile - --error-logfile -

bench: setup
	@echo "==> Benchmarks (see bench/README.md)"
	command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
	$(BIN)/python -m bench.run

# A whole generated site (default 200,000 comments; SIZE=1000000 for a million) on
# DATABASE_URL (emptied first) and REDIS_URL: see bench/README.md.
SIZE ?= 200000
bench-site: setup
	@echo "==> Site benchmark, $(SIZE) comments (see bench/README.md)"
	SIZE=$(SIZE) $(BIN)/python -m bench.site.run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
