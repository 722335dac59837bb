# Two commands matter: `make demo` and `make test`. Both build on `make install`, which installs
# the versions pinned in requirements.lock (what CI tested); `make lock` re-pins after a change to
# pyproject.toml (keeping the other pins), `make lock UPGRADE=1` moves every pin to the newest allowed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
LOCK_EXTRAS := --extra dev --extra cluster --extra worldmap
PORT ?= 8000
export PORT
# Set-up output (pip, migrations, the demo's generators) goes here; the terminal shows progress.
VAR := $(or $(STEADFAST_VAR_DIR),var)
SETUP_LOG := $(VAR)/setup.log
PYTEST_WORKERS ?= 2

# $(call quietly,label,command): the command's output to the set-up log, one line here; on failure
# the end of the log and a non-zero exit.
define quietly
{ [ -t 1 ] && printf '  … %s\r' "$(1)"; true; }; printf -- '--- %s\n' '$(2)' >>"$(SETUP_LOG)"; \
if ( $(2) ) >>"$(SETUP_LOG)" 2>&1; then printf '  ✓ %s\n' "$(1)"; \
else printf '  ✗ %s failed; the end of %s:\n' "$(1)" "$(SETUP_LOG)"; tail -n 30 "$(SETUP_LOG)"; exit 1; fi
endef

.PHONY: install lock demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steadfast needs Python 3.11 or newer")'
	@mkdir -p "$(VAR)"
	@echo "Installing Python packages into $(VENV) (the first time takes a few minutes; details in $(SETUP_LOG))"
	@$(call quietly,[1/3] virtual environment,test -x $(BIN)/python || $(PYTHON) -m venv $(VENV))
	@$(call quietly,[2/3] pip,$(BIN)/python -m pip install --upgrade pip)
	@# dev brings the cluster and worldmap extras: the suite tests the Dask path too.
	@$(call quietly,[3/3] Steadfast and its pinned dependencies,$(BIN)/python -m pip install --constraint requirements.lock -e ".[dev]")
	@rm -f $(VENV)/.installed-*
	@touch $@

lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(BIN)/uv pip compile pyproject.toml $(LOCK_EXTRAS) --python-version 3.11 --universal --quiet \
		--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) -o requirements.lock

# The demo's e-mails (invitations, reminders: a hundred or more at start-up) go to files under
# var/mail instead of flooding the terminal; STEADFAST_EMAIL=console make demo shows them.
demo: export STEADFAST_EMAIL ?= file
demo: install
	@echo "Preparing the demo (details in $(SETUP_LOG))"
	@$(BIN)/steadfast demo_setup --migrate --log "$(SETUP_LOG)"
	@$(BIN)/steadfast rundemo --port $(PORT)

test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) var .pytest_cache
