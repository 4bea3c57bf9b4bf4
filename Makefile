# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint demo screenshots clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## Start the application on the database in your data folder (or DB=path/URL).
run: $(STAMP)
	@scripts/system-deps.sh display
	$(PY) main.py $(if $(DB),--db "$(DB)")

## Run the whole test suite on SQLite and on a throwaway PostgreSQL server (lint included).
test: $(STAMP)
	@scripts/system-deps.sh test
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check casemanager ui tests

## A sample shop with 500 cases in your data folder's database.
demo: $(STAMP)
	$(PY) -m casemanager demo-data --cases 500 $(if $(DB),--db "$(DB)")

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

## Refresh docs/screenshots/ on a virtual X display (Xvfb, installed when missing).
screenshots: $(STAMP)
	@scripts/system-deps.sh screenshots
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) scripts/screenshots.py
