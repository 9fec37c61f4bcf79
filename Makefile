# clausegraph — `make demo` and `make test` each create .venv, install the project and run.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test checks docs bench bench-docs install clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; set PYTHON=/path/to/python3.11" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/clausegraph demo

test: $(STAMP)
	$(BIN)/python -m pytest

checks: $(STAMP)
	$(BIN)/clausegraph check

docs: $(STAMP)
	$(BIN)/python -m clausegraph.review.register
	$(BIN)/python -m clausegraph.docgen

# the tables go to build/bench/performance.md (the checkout stays clean); bench-docs writes docs/performance.md
bench: $(STAMP)
	$(BIN)/python -m clausegraph.bench

bench-docs: $(STAMP)
	$(BIN)/python -m clausegraph.bench --output docs/performance.md

clean:
	rm -rf $(VENV) .pytest_cache build dist
