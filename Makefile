# make test  : set everything up from nothing, then run the whole suite
# make demo  : set up what the demo needs (.[nn,viz], no dev tools), then run the main job
# make check : the fast loop: ruff + mypy + every test without a marker (browser, jupyter, notebooks, wheel, slow)
# make site  : set up what the website needs (.[site]), then build the course as a static website in site/
# make bench : the benchmark tables (micrograd vs chainrule vs the floors; render times, dot vs pure pip)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
SITE_STAMP := $(VENV)/.installed-site

.PHONY: test check site demo bench notebooks lint setup system-deps clean

setup: system-deps $(STAMP)

system-deps:
	@bash tools/system-deps.sh

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# three stamps: `make demo` installs only the runtime extras, `make site` the website tools; `make test` (and setup) all
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@ $(DEMO_STAMP) $(SITE_STAMP)

$(DEMO_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[nn,viz]'
	touch $@

$(SITE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[site]'
	touch $@ $(DEMO_STAMP)

test: setup
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

check: setup
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest -q -n 2 --dist loadfile -m "not browser and not jupyter and not notebooks and not wheel and not slow"

site: system-deps $(SITE_STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

demo: system-deps $(DEMO_STAMP)
	$(PY) -m viz -o out/graph.png -o out/steps.html

bench: setup
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/bench_render.py
	$(PY) benchmarks/bench_views.py
	$(PY) benchmarks/bench_viz.py
	$(PY) benchmarks/bench_explore.py
	$(PY) benchmarks/bench_record.py

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

clean:
	rm -rf $(VENV) out site .pytest_cache .hypothesis .ruff_cache .mypy_cache

notebooks: setup
	$(PY) tools/run_notebooks.py --write
