# eplatnik — the two commands: `make run` (app on the built-in sandbox, demo workspace) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed-stamp
export QT_QPA_PLATFORM_FALLBACK = offscreen

.PHONY: run test lint pytest bench translations dist dist-test clean help

help:
	@echo "make run    – create the virtualenv, install, start eplatnik on the demo workspace + sandbox"
	@echo "make test   – create the virtualenv, install, run make lint and the whole test suite"
	@echo "make lint   – ruff, mypy (types of the core) and lint-imports (the layers of docs/architecture.md)"
	@echo "make bench  – run the benchmarks (results in docs/performance.md)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "eplatnik needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  echo "Cannot create a virtualenv. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: $(STAMP)
	$(VENV)/bin/eplatnik --demo

# ruff (style, bugs), mypy (types of the core: [tool.mypy] in pyproject.toml), lint-imports (the
# layers of docs/architecture.md: [tool.importlinter] in pyproject.toml)
lint: $(STAMP)
	$(VENV)/bin/ruff check eplatnik tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# the suite runs in parallel worker processes (pytest-xdist); PYTEST_WORKERS=0 runs it in one process
PYTEST_WORKERS ?= 3

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint pytest

bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

translations: $(STAMP)
	$(PY) -m eplatnik.ui.i18n_build

dist: $(STAMP)
	$(PY) installer/build_linux.py

dist-test: dist
	$(PY) installer/build_linux.py --smoke-test-only

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
