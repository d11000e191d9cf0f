# One virtual environment for everything; created on first use.
VENV   ?= .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lab bench clean

# Set-up prints one line; pip's own output is shown only if it fails.
$(STAMP): requirements.txt pyproject.toml
	@echo "setting up $(VENV) (python packages from requirements.txt, crossbar in editable mode)"
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	@log=$$(mktemp); \
	  if ! { $(PYTHON) -m pip install -q -r requirements.txt && \
	         $(PYTHON) -m pip install -q --no-deps -e . ; } >$$log 2>&1; then cat $$log; rm -f $$log; exit 1; fi; \
	  rm -f $$log
	@touch $(STAMP)

# OpenBLAS's threads spin while they wait: beside another chapter or test worker on two cores, networks trained
# 2.6x slower with them (2.1 s against 0.8 s, the same bits; alone 0.9 against 0.8 s). One each, unless set.
run test: export OPENBLAS_NUM_THREADS ?= 1

## run: set up, execute every chapter with papermill and build the HTML book (offline assets)
run: $(STAMP)
	@$(PYTHON) scripts/build_book.py

## test: set up, build the book, then unit tests + nbval on the executed chapters + browser check, on every core
## (pytest-xdist; a file's tests, and so a chapter's cells, stay together on one worker, in order; the files in
## the order tests/conftest.py gives them, longest first, not xdist's by number of tests)
test: run
	$(PYTHON) -m pytest -q -n auto --dist loadfile --no-loadscope-reorder --durations=15 --nbval _build/site/chapters tests

## lab: set up, then JupyterLab on book/chapters with the crossbar kernel (127.0.0.1 only; open the printed URL,
## which carries the token). LAB_ARGS passes Jupyter options, e.g. make lab LAB_ARGS=--port=9999
lab: $(STAMP)
	@$(PYTHON) scripts/lab.py $(LAB_ARGS)

## bench: the general model and the two-way rule against the reference kernel and a first call from an empty cache
## (issue 21's targets), the engine against the 0.1 engine (same process), which of its loops are vectorised, and
## networks many at once against one at a time
bench: $(STAMP)
	$(PYTHON) benchmarks/bench_targets.py
	$(PYTHON) benchmarks/bench_engine.py
	$(PYTHON) benchmarks/vector_report.py
	$(PYTHON) benchmarks/bench_networks.py

clean:
	rm -rf _build
