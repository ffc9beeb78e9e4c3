# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) site/manage.py
STAMP := $(VENV)/.installed

.PHONY: run test test-e2e guide-screenshots thai-admin-report install install-e2e lint check pytest setup demo bench messages clean smoke

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Browser tests: Playwright (PyPI) driving Debian's chromium, axe-core from npm.
E2E_STAMP := $(VENV)/.e2e-installed
$(E2E_STAMP): $(STAMP) package.json package-lock.json
	$(PY) -m pip install --quiet -e '.[test,e2e]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(E2E_STAMP)

install-e2e: $(E2E_STAMP)

# A deployment on this machine (deploy/smoke.py): the production settings on a
# throwaway PostgreSQL database and Redis database 9, gunicorn with
# deploy/gunicorn.conf.py, nginx with deploy/nginx/disclosure.conf when installed.
SITE_STAMP := $(VENV)/.site-installed
$(SITE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,site]'
	touch $(SITE_STAMP)

smoke: $(SITE_STAMP)
	$(PY) deploy/smoke.py

setup: install
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_disclosure
	$(MANAGE) load_demo_data

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=disclosure_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=disclosure_site.settings.test $(MANAGE) makemigrations --check --dry-run

# --dist loadgroup: the tests of a file that share module- or class-wide data run on
# one worker, which builds that data once (tests/conftest.py groups them).
pytest: install
	$(VENV)/bin/pytest -q -n auto --dist loadgroup --durations=15 || test $$? -eq 5  # 5 = no tests collected; the 15 slowest are listed

test: lint check pytest

test-e2e: install-e2e
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || { echo "chromium is missing: apt-get install -y chromium fonts-thai-tlwg"; exit 1; }
	$(VENV)/bin/pytest -q -p no:django -W ignore::pytest.PytestConfigWarning e2e

# Retake the pictures of the in-admin role guides from the browser tests.
guide-screenshots: install-e2e
	E2E_GUIDE_DIR=$(CURDIR)/moderation/static/disclosure_moderation/guide \
		$(VENV)/bin/pytest -q -p no:django -W ignore::pytest.PytestConfigWarning e2e

# Share of visible English on the Thai admin, per role and screen (e2e/visible_english.py).
# `make thai-admin-report THAI_ADMIN_ARGS=--without-catalogue` gives the figure
# without disclosure_thai.admin_th (Wagtail's own Thai).
thai-admin-report: install-e2e
	$(PY) -m e2e.visible_english --json artifacts/thai-admin/report.json $(THAI_ADMIN_ARGS)

bench: install
	$(PY) bench/category_page.py
	$(PY) bench/gallery_page.py
	$(PY) bench/search.py
	$(PY) bench/report.py

# The production server under load (bench/load.py): gunicorn, wrk, beside a static
# file and a bare Wagtail page, and a mixed run; e.g.
# make bench-load LOAD_ARGS="--database-url postgres://postgres@127.0.0.1:5432/perf_db"
bench-load: $(SITE_STAMP)
	$(PY) bench/load.py $(LOAD_ARGS)

messages: install
	$(MANAGE) makemessages -l th --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'node_modules/*'
	$(MANAGE) compilemessages -l th --ignore '.venv/*'

clean:
	rm -rf $(VENV) site/db.sqlite3 site/media
