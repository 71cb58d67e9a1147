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

.PHONY: help setup run test lint typecheck bench clean

help:
	@echo "make run    - run the pipeline on the bundled sample into $(ISNAD_DATA_DIR)/isnad.duckdb and print a summary"
	@echo "make test   - lint, type-check and run the whole test suite"
	@echo "make bench  - benchmark the pipeline on ../shared/corpora/saudinewsnet (DAYS=N for fewer days)"

setup: .venv/.isnad-synced

.venv/.isnad-synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen
	@touch $@

run: setup
	$(UV) run --frozen isnad run --start $(SAMPLE_START) --end $(SAMPLE_END)

lint: setup
	$(UV) run --frozen ruff check pipelines dags tests bench
	$(UV) run --frozen mypy

typecheck: lint

test: lint
	@set +e; $(UV) run --frozen pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure, not a pass" >&2; exit 1; fi; \
	exit $$status

bench: setup
	$(UV) run --frozen python -m bench.run_bench --days $(DAYS)

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache dbt_project/target dbt_project/logs
