# METIS — make demo (run the platform with demo data) · make test (run the whole suite)
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12+: pyenv's 3.12/3.13 or the system's, whichever is found first.
PYTHON ?= $(shell for p in python3.12 python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3 $$HOME/.pyenv/versions/3.13*/bin/python3 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: demo test quality install install-test messages clean-demo loadtest loadtest-ci loadtest-national

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (pyenv install 3.12, or apt install python3.12)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: install

demo: install
	$(PY) manage.py migrate -v0
	$(PY) manage.py load_demo --port $(PORT)
	@trap 'kill 0' EXIT; \
	( $(PY) manage.py run_worker >var/worker.log 2>&1; \
	  echo "*** The task worker stopped (exit code $$?): background jobs (allocations, receipt batches, e-mails) will not run. See var/worker.log:" >&2; \
	  tail -n 5 var/worker.log >&2 ) & \
	sleep 2; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --skip-checks

test: install
	$(PY) -m pytest -n 2 -q

quality: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint --lint templates metis --extension html
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/lint-imports --no-logo
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef ALLOWED_HOSTS=metis.example SITE_URL=https://metis.example $(PY) manage.py check --deploy --fail-level WARNING

# Load test on the production stack (gunicorn, PostgreSQL, RQ on Redis): docs/developing.md.
$(VENV)/.loadtest-installed: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test,loadtest]'
	@touch $@

loadtest: $(VENV)/.loadtest-installed
	$(PY) -m loadtest.run --users 50 --spawn-rate 10 --warm-up 20 --run-time 120

# The same run over the national data set at 1 % (seed_national --scale 0.01, docs/scaling.md).
loadtest-national: $(VENV)/.loadtest-installed
	$(PY) -m loadtest.run --national 0.01 --users 50 --spawn-rate 10 --warm-up 20 --run-time 120

loadtest-ci: $(VENV)/.loadtest-installed
	$(PY) -m loadtest.run --national 0.01 --users 10 --spawn-rate 5 --warm-up 10 --run-time 20

messages: install
	$(PY) manage.py makemessages -l fr --ignore=.venv --ignore=staticfiles --ignore=static --ignore=test-artifacts --no-obsolete
	$(PY) manage.py compilemessages -l fr --ignore=.venv

clean-demo:
	rm -f var/metis.sqlite3*
