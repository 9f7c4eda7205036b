# Two commands: `make run` serves the app with the seed loaded; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run worker screenshots test lint format install loadtest lock bench bench-smoke

# requirements.lock pins every version, so each machine gets the set CI audited.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint requirements.lock ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_seed
	DJANGO_DEBUG=1 $(PY) manage.py create_demo_editor
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The background worker (Django's task framework, database backend): scheduled publication and
# webhook deliveries. Run it beside `make run`, in a second terminal.
worker: install
	DJANGO_DEBUG=1 $(PY) manage.py db_worker

# axe-core for the browser tests. Without npm they skip with a reason (fail under REQUIRE_BROWSER=1).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: axe-core not installed, the browser tests will skip"; \
	fi

test: install node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# The README's pictures, from the browser tests (tests/browser/test_screenshots.py).
screenshots: install node_modules/.installed
	FOUNDATION_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/browser/test_screenshots.py

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Benchmark (not part of `make test`): 100k statements, gunicorn + wrk on SQLite and
# PostgreSQL, a Markdown table in bench/results/; under 10 minutes. See bench/README.md.
bench: install
	$(PY) bench/run.py

bench-smoke: install
	$(PY) bench/run.py --smoke

# Load test (not part of `make test`): 64 clients, 60 s, gunicorn + PostgreSQL; see README.
loadtest: install
	bash bench/loadtest/run.sh

# Pin the venv's exact set after an upgrade; .ci/steps/30-dependencies.sh audits this file.
lock: install
	{ sed -n '1,2p' requirements.lock; $(PY) -m pip freeze --exclude-editable \
		| grep -vi '^foundation[ =@]'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
