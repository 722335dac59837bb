# Two commands matter: `make demo` and `make test`. Both build on `make install`, which installs
# the versions pinned in requirements.lock (what CI tested); `make lock` re-pins after a change to
# pyproject.toml (keeping the other pins), `make lock UPGRADE=1` moves every pin to the newest allowed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
LOCK_EXTRAS := --extra dev --extra cluster --extra worldmap
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: install lock demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steadfast needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# dev brings the cluster and worldmap extras: the suite tests the Dask path too.
	$(BIN)/python -m pip install --quiet --constraint requirements.lock -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(BIN)/uv pip compile pyproject.toml $(LOCK_EXTRAS) --python-version 3.11 --universal --quiet \
		--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) -o requirements.lock

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
