# Gongkai — the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SIZE ?= 100000
STAMP := $(VENV)/.installed

.PHONY: install demo test test-sqlite test-postgres lint bench bench-report quality lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)
	@echo "gongkai installed: $(BIN)/gongkai"

demo: install
	PORT=$(PORT) $(BIN)/gongkai demo --port $(PORT)

test: install lint
	rm -f var/test.sqlite3
	$(BIN)/pytest
	@if [ -n "$$GONGKAI_TEST_DATABASE_URL" ]; then \
		echo "== the suite again on PostgreSQL ($$GONGKAI_TEST_DATABASE_URL)"; \
		DATABASE_URL="$$GONGKAI_TEST_DATABASE_URL" $(BIN)/pytest; \
	elif [ "$$GONGKAI_REQUIRE_POSTGRES" = 1 ]; then \
		echo "GONGKAI_REQUIRE_POSTGRES=1 but GONGKAI_TEST_DATABASE_URL is not set"; exit 1; \
	else \
		echo "== PostgreSQL run SKIPPED: GONGKAI_TEST_DATABASE_URL is not set (.ci/run sets it)"; \
	fi

lint: install
	$(BIN)/ruff check src bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# BENCH_ARGS: --fresh (reload database and index), --reindex, --analyze; see bench/run.py --help.
bench: install
	$(BIN)/python bench/run.py --size $(SIZE) $(BENCH_ARGS)

# The annual report and the statistics page over 50 units and ten years of records
# (bench/report_run.py; docs/performance.md): SQLite in $GONGKAI_VAR/bench/report-<N>/ (default
# var/bench/), or PostgreSQL with DATABASE_URL set to an empty database of its own.
# REPORT_ARGS: --applications N (default 1000000), --fresh, --analyze (SQLite), --repeat, --year.
bench-report: install
	$(BIN)/python bench/run.py --report $(REPORT_ARGS)

# How well the plan importer and the privacy guard read real documents (docs/quality.md).
quality: install
	$(BIN)/python -m gongkai.workplan.tests.corpus.measure $(QUALITY_ARGS)
	$(BIN)/python -m gongkai.core.tests.privacy_corpus.measure

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet uv
	.venv-lock/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --no-header --output-file requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) var/test.sqlite3
