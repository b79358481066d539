# SafeCampus: `make run` sets up and starts the demo, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCHOOLS ?= 300

.PHONY: run setup demo test test-browser test-pg lint ci clean messages system-packages

# The Debian packages the commands below use (installed as root, else the exact apt-get line).
system-packages:
	@bash scripts/system-packages.sh base

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@bash scripts/system-packages.sh base
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: system-packages $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py collectstatic --no-input -v 0

demo: setup
	$(PY) manage.py seed_demo --if-empty --schools $(SCHOOLS)
	$(PY) manage.py load_checklists
	$(PY) manage.py load_schemes
	$(PY) manage.py recount --fix
	$(PY) manage.py demo_stream --if-missing

# The demo switches off the second-factor requirement for bureau admins so the
# printed demo logins work at once; production keeps it on (see README).
# Beside the web server: the periodic worker, the MQTT broker on loopback, the alerts worker that takes the
# gateways' messages, and a simulator that sends the demo gateways' traffic so the alarm console is alive.
MQTT_PORT ?= 1883
run: demo
	@echo "SafeCampus on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@export SAFECAMPUS_REQUIRE_ADMIN_2FA=false SAFECAMPUS_HTTPS=false SAFECAMPUS_MQTT_URL=mqtt://127.0.0.1:$(MQTT_PORT); \
	BROKER=$$(bash scripts/mqtt-broker.sh start $(MQTT_PORT)); \
	$(PY) manage.py worker & WORKER=$$!; \
	$(PY) manage.py alerts_worker & ALERTS=$$!; \
	$(PY) manage.py simulate_alarms --every 10 --alarm-share 0.002 >/dev/null & SIMULATOR=$$!; \
	trap 'kill $$WORKER $$ALERTS $$SIMULATOR $$BROKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist; each worker has its own test database); JOBS=1 runs it in one process.
JOBS ?= auto
test: system-packages $(VENV)/.installed
	$(PY) -m pytest -n $(JOBS) -m "not browser and not postgres_only" -q

test-browser: system-packages $(VENV)/.installed
	@bash scripts/system-packages.sh browser
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser -q

test-pg: system-packages $(VENV)/.installed
	@bash scripts/system-packages.sh pg
	bash scripts/with-postgres.sh $(PY) -m pytest -n $(JOBS) -m "not browser" -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) safecampus/locale/check_translations.py
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

messages: $(VENV)/.installed
	cd safecampus && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete && ../$(PY) ../manage.py compilemessages -l zh_Hans

ci:
	bash .ci/run

clean:
	rm -rf var .pytest_cache

# The dashboard benchmark (README, "Performance"): 33,000 schools and 3,000,000 hazards on a
# throwaway PostgreSQL; BENCH=--sqlite for the smaller SQLite run.
.PHONY: bench bench-alerts
bench: $(VENV)/.installed
	bench/run $(BENCH)

# IoT messages through the MQTT broker for 60 s: throughput, publish-to-database latency, lost and duplicated.
bench-alerts: $(VENV)/.installed
	$(PY) -m bench.alerts $(BENCH)
