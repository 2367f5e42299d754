# Two commands for a fresh machine: `make run` (the game's main job) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-quick test-godot screenshots export lint bench venv system clean

run: venv system
	$(BIN)/bmm play

# pytest also runs the Godot suite, the screenshots and the export (tests/runtime, marked slow)
test: venv system lint
	$(BIN)/python -m pytest -q

test-quick: venv
	$(BIN)/python -m pytest -q -m "not slow" -x

lint: venv
	$(BIN)/ruff check .
	$(BIN)/gdlint $$(git ls-files '*.gd')

test-godot: system
	tests/godot/run.sh

screenshots: system
	tests/godot/screenshot.sh

export: system
	tools/export_linux.sh

# Debian packages (Godot 3, Xvfb): installed when missing (needs root or sudo)
system:
	tools/setup_system.sh

bench: venv system
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_line.py
	$(BIN)/python benchmarks/bench_bridge.py
	$(BIN)/python benchmarks/bench_hostile_yaml.py
	$(BIN)/python benchmarks/bench_hostile_runtime.py
	$(BIN)/python benchmarks/bench_mesh.py
	$(BIN)/python benchmarks/bench_voice.py

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.gdignore $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
