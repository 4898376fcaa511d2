# Assay: the README's commands. `make html` sets up .venv on first use, then builds.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: html publish serve check test lint clean

# Setup compiles the project's own modules once, as pip does an installed package's
# (an editable install does not, and PYTHONDONTWRITEBYTECODE stops Python doing it).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements.lock -e '.[test]'
	$(BIN)/python -m compileall -q assay plugins
	touch $@

html: $(STAMP)  ## build content/ into output/ (development settings)
	$(BIN)/assay build

publish: $(STAMP)  ## strict production build with publishconf.py
	$(BIN)/assay build --publish

serve: $(STAMP)  ## preview on http://127.0.0.1:8000 with auto-reload
	$(BIN)/assay serve

check: $(STAMP)  ## validate every brief without building
	$(BIN)/assay check

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)  ## the whole test suite (browser tests skipped where Chromium is missing)
	@test -x $(CHROMIUM) || echo "Chromium not found at $(CHROMIUM): browser tests will be skipped (apt-get install chromium)"
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

clean:
	rm -rf output .pytest_cache
