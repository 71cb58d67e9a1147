# isnad: `make run` (the pipeline on the bundled sample, offline) and `make test`.
# Everything a fresh clone needs is installed here: uv (bootstrapped with pip), then the locked
# environment (`uv sync --frozen`).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Resolved when a recipe runs, so the uv that `setup` installs is found.
UV = $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
SAMPLE_START ?= 2026-11-23
SAMPLE_END ?= 2026-11-25
ISNAD_DATA_DIR ?= data
DAYS ?= 18
PYTEST_ARGS ?=

export ISNAD_DATA_DIR

.PHONY: help setup run test lint typecheck bench clean docker-tools browser-tools airflow-pools backfill

help:
	@echo "make run    - run the pipeline on the bundled sample into $(ISNAD_DATA_DIR)/isnad.duckdb, print a summary"
	@echo "             and write the report page $(ISNAD_DATA_DIR)/report.html"
	@echo "make test   - lint, type-check and run the whole test suite"
	@echo "make bench  - benchmark the pipeline on ../shared/corpora/saudinewsnet (DAYS=N for fewer days)"
	@echo "make airflow-pools              - create the one-slot isnad_warehouse pool in the Airflow at AIRFLOW_HOME"
	@echo "make backfill START=… END=…     - airflow backfill create of isnad_nightly, day by day, both days included"

setup: .venv/.isnad-synced

.venv/.isnad-synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen
	@touch $@

run: setup
	$(UV) run --frozen isnad run --start $(SAMPLE_START) --end $(SAMPLE_END)
	$(UV) run --frozen isnad report --output $(ISNAD_DATA_DIR)/report.html

lint: setup
	$(UV) run --frozen ruff check pipelines dags tests bench
	$(UV) run --frozen mypy

typecheck: lint

# Debian's docker-compose validates docker/docker-compose.yml without a Docker engine (tests/test_docker.py).
docker-tools:
	@command -v docker-compose >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-compose; \
		else echo "docker-compose is missing: sudo apt-get install docker-compose" >&2; exit 1; fi; }

# Debian's Chromium draws the report page in tests/test_report_browser.py (headless, no browser download).
browser-tools:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends chromium; \
		else echo "chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi; }

test: lint docker-tools browser-tools
	@set +e; $(UV) run --frozen pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure, not a pass" >&2; exit 1; fi; \
	exit $$status

# The writer pool the DAGs need (load and dbt build run in it, one at a time).
airflow-pools: setup
	$(UV) run --frozen airflow pools import dags/pools.json

# A backfill over START..END (both included) that runs day by day: the run of day D has the data
# interval D 02:00 → D+1 02:00, so its logical date is D 02:00 UTC.
backfill: setup
	@test -n "$(START)" -a -n "$(END)" || { echo "usage: make backfill START=2015-07-21 END=2015-08-11" >&2; exit 2; }
	$(UV) run --frozen airflow backfill create --dag-id isnad_nightly --from-date $(START) \
		--to-date $(END)T02:00:00+00:00 --max-active-runs 1

bench: setup
	$(UV) run --frozen python -m bench.run_bench --days $(DAYS)

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache dbt_project/target dbt_project/logs
