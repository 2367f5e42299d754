# Two commands for a fresh machine: `make run` (the game's main job) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-quick lint bench venv clean

run: venv
	$(BIN)/bmm evaluate recipes/cells

test: venv
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-quick: venv
	$(BIN)/python -m pytest -q -m "not slow" -x

lint: venv
	$(BIN)/ruff check .

bench: venv
	$(BIN)/python benchmarks/bench_model.py

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.gdignore $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
