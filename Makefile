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

## run: set up, execute every chapter with papermill and build the HTML book (offline assets)
run: $(STAMP)
	PYTHON=$(PYTHON) scripts/build_book.sh

## test: set up, build the book, then unit tests + nbval on the executed chapters + browser check
test: run
	$(PYTHON) -m pytest -q --nbval _build/executed tests

## bench: speed of the batch engine against a per-trial loop
bench: $(STAMP)
	$(PYTHON) benchmarks/bench_engine.py

clean:
	rm -rf _build book/_assets/js
