# The two commands of the README: `make run` and `make test`. Everything else is a step of them.
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .data/uv/bin/uv
VENV := .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# Starts embedded PostgreSQL and Redis for the command unless DATABASE_URL / REDIS_URL are set.
WITH_SERVERS := python -m alliance.embedded --

.PHONY: run test install lint format browser clean bench-survey bench-results bench-pages bench-pages-http bench-faults

run: install
	DEBUG=1 $(WITH_SERVERS) sh -c '\
	  python manage.py migrate --noinput && \
	  python manage.py seed_demo && \
	  echo "Serving http://127.0.0.1:8000 — Ctrl-C stops the site, worker, beat and relay." && \
	  exec honcho -f Procfile.dev start'

# The fault tests (marked `faults`) stop and freeze the servers they start and time how the hub
# rides it out, so they run alone; the rest of the suite then runs on both cores (pytest-xdist;
# each process has its own test database and Redis databases, see alliance/settings/test.py).
# Faults first, so the run's closing summary is the whole suite's; pytest's exit 5 ("no test
# selected") is no failure while the tree has no fault test.
test: install browser
	ruff check .
	ruff format --check .
	$(WITH_SERVERS) pytest -m faults || test $$? -eq 5
	$(WITH_SERVERS) pytest -n 2 -m "not faults"

install: $(UV)
	$(UV) sync --frozen --quiet

$(UV):
	$(PYTHON) -m venv .data/uv
	.data/uv/bin/pip install --quiet uv==$(UV_VERSION)

# The browser tests drive Debian's Chromium; Playwright's own browser download is not used.
browser:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests (needs root)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Benchmarks print figures; they are not part of the test suite.
bench-survey: install
	$(WITH_SERVERS) python bench/survey_submissions.py

bench-results: install
	$(WITH_SERVERS) python bench/survey_results.py

bench-pages: install
	$(WITH_SERVERS) python bench/pages.py

# The same pages over HTTP (gunicorn), against /robots.txt over HTTP in the same run.
bench-pages-http: install
	$(WITH_SERVERS) python bench/pages.py --http

# Redis stopped and frozen, PostgreSQL restarted and down, a worker killed, under load.
bench-faults: install
	$(WITH_SERVERS) python bench/faults.py

lint:
	ruff check .
	ruff format --check .

format:
	ruff check --fix .
	ruff format .

clean:
	rm -rf $(VENV) .data staticfiles
