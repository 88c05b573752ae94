# The two commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/risk.duckdb
PORT ?= 8501
ADDRESS ?= 0.0.0.0

.PHONY: setup run demo test test-fast lint bench clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/.installed

$(DB): | $(BIN)/.installed
	$(BIN)/python -m analytics init --demo --db $(DB)

demo: setup  ## rebuild the demo street from scratch
	$(BIN)/python -m analytics init --demo --db $(DB)

run: setup $(DB)
	$(BIN)/python -m ui.serve serve --db $(DB) --port $(PORT) --address $(ADDRESS)

test: setup  ## two workers: the machine (and CI's) has two cores
	$(BIN)/python -m pytest -n 2

test-fast: setup  ## everything but the browser and the slow tests: a few minutes
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow"

lint: setup  ## ruff: the lint rules and the formatting of pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup  ## city-scale benchmarks; writes the README's results table
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
