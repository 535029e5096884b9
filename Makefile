# Two commands do everything on a fresh machine with only Python and make:
#   make run   -- set up .venv, install kg, build the bundled samples into exports/ (graph, CSV,
#                 audit report, network and Sankey pages)
#   make test  -- set up .venv with the dev extras and the Debian packages the suite drives
#                 (chromium, LibreOffice Calc: installed as root, named otherwise), run the suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test system-packages eval lint bench bench-stores bench-viz fuzz load-test docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

run: $(STAMP)  # each document is read once: the pages are drawn from the built graph
	$(BIN)/kg build --out exports
	$(BIN)/kg viz --graph exports/kg.ttl --out exports/network.html
	$(BIN)/kg viz --sankey --graph exports/kg.ttl --out exports/sankey.html

test: $(DEVSTAMP) system-packages
	$(BIN)/python -m pytest

system-packages:  # chromium for the browser tests, soffice for the spreadsheet check
	@sh .ci/system-packages

REALDOCS ?= ../shared/realdocs
eval: $(STAMP)  # reading real documents of other provinces: score against their hand-read keys
	@if [ -d "$(REALDOCS)" ]; then \
	  rm -rf .eval && $(BIN)/kg extract $(REALDOCS)/docs/*.txt --out .eval 2>/dev/null >/dev/null; \
	  $(BIN)/python $(REALDOCS)/score.py $(REALDOCS)/gold .eval $(EVAL_FLAGS); \
	else \
	  echo "$(REALDOCS) not found: nothing to score (set REALDOCS=DIR)"; \
	fi

lint: $(DEVSTAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/mypy

bench: $(DEVSTAMP)  # the speed targets: 10,000 projects, the rdflib baseline on 2,000 (~4 min)
	$(BIN)/kg bench --projects 10000 --baseline-projects 2000

bench-stores: $(DEVSTAMP)  # rdflib vs pyoxigraph on the samples and a 1M-triple graph
	$(BIN)/python -m benchmarks.store_bench

bench-viz: $(DEVSTAMP)  # how many nodes the network page draws smoothly (NODE_BUDGET)
	$(BIN)/python -m benchmarks.viz_bench

fuzz: $(DEVSTAMP)  # the fuzzing harness, long: 2,000 inputs per strategy, then 20,000 atheris runs
	KG_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/test_fuzz.py
	$(BIN)/python -m pip install --quiet atheris
	$(BIN)/python -m benchmarks.fuzz_atheris -runs=20000

load-test: $(DEVSTAMP)  # 20 clients × 30 s of library queries against kg serve, 6 hostile ones
	$(BIN)/python -m benchmarks.load_test --hostile 6

docs: $(DEVSTAMP)  # the README's pictures (needs /usr/bin/chromium and fonts-noto-cjk)
	$(BIN)/python -m docs.screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
