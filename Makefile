# The README's contract: `make demo` and `make test` on a fresh machine (python3, make).
# `make demo` installs the runtime dependencies only (requirements.lock); `make test` adds what
# only the tests and the benchmark need (requirements-dev.lock).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: demo test bench wheel-check measures-doc clean

$(RUNTIME): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(RUNTIME)

$(DEV): $(RUNTIME) requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	touch $(DEV)

demo: $(RUNTIME)
	rm -rf scorecard-demo  # the demo's own folder: a re-run starts from an empty store
	$(BIN)/scorecard demo --out scorecard-demo

test: $(DEV)
	$(BIN)/python -m pytest

# docs/measures.md's catalogue, written anew from the measure declarations (a test fails when stale).
measures-doc: $(RUNTIME)
	$(BIN)/python docs/generate_measures.py

bench: $(DEV)
	$(BIN)/python bench/run.py

# What a user installing the package gets: build the wheel, install it with the runtime lock
# into a new virtual environment, run the demo from it (CI runs this before the tests).
wheel-check: $(RUNTIME)
	bash .ci/wheel_check

clean:
	rm -rf $(VENV) scorecard-demo bench/results.json
