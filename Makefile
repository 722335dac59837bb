# Two commands matter: `make demo` and `make test`. Both build on `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steadfast needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

# The demo's e-mails (invitations, reminders: a hundred or more at start-up) go to files under
# var/mail instead of flooding the terminal; STEADFAST_EMAIL=console make demo shows them.
demo: export STEADFAST_EMAIL ?= file
demo: install
	$(BIN)/steadfast migrate --no-input
	$(BIN)/steadfast demo_setup
	$(BIN)/steadfast rundemo --port $(PORT)

test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) var .pytest_cache
