# One virtual environment for everything; created on first use.
VENV   ?= .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q -r requirements.txt
	$(PYTHON) -m pip install -q --no-deps -e .
	touch $(STAMP)

## run: set up, then train one crossbar on the embedded default device and print the result
run: $(STAMP)
	$(PYTHON) -m crossbar train --seed 0

## test: set up, then run every test
test: $(STAMP)
	$(PYTHON) -m pytest -q

## bench: speed of the batch engine against a per-trial loop
bench: $(STAMP)
	$(PYTHON) benchmarks/bench_engine.py

clean:
	rm -rf _build
