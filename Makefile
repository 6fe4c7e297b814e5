# make test  : set everything up from nothing, then run the whole suite
# make demo  : set up what the demo needs (.[nn,viz], no dev tools), then run the main job
# make bench : the benchmark tables (micrograd vs chainrule vs the floors; render times, dot vs pure pip)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo

.PHONY: test demo bench notebooks lint setup system-deps clean

setup: system-deps $(STAMP)

system-deps:
	@bash tools/system-deps.sh

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# two stamps: `make demo` installs only the runtime extras; `make test` (and setup) add the dev tools
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@ $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[nn,viz]'
	touch $@

test: setup
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

demo: system-deps $(DEMO_STAMP)
	$(PY) -m viz -o out/graph.png -o out/steps.html

bench: setup
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/bench_render.py
	$(PY) benchmarks/bench_views.py
	$(PY) benchmarks/bench_viz.py

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis .ruff_cache .mypy_cache

notebooks: setup
	$(PY) tools/run_notebooks.py --write
