# Two commands: `make run` (set up, build the sample city if missing, start the app) and
# `make test` (set up, install the browser and a Japanese font when root, run every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= data/build/bohan.duckdb
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: run test setup setup-dev system-deps db clean

run: setup db
	$(BIN)/streamlit run app.py

# Two workers (pytest-xdist) for everything but the load test, which then runs alone: it measures
# a server under 20 sessions and must not share the two cores with other tests.
test: setup-dev system-deps
	$(BIN)/python -m pytest -q -n 2 -m "not load" --durations=25
	$(BIN)/python -m pytest -q -m load

setup: $(VENV)/.run-deps
setup-dev: $(VENV)/.dev-deps

# Debian's python3 needs python3-venv for `-m venv`; install it when we can (root).
$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null && \
	    rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing: install python3-venv" >&2; exit 1; fi; }

$(VENV)/.run-deps: requirements.txt constraints.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt constraints.txt $(VENV)/.run-deps
	$(PIP) -r requirements-dev.txt
	@touch $@

# The browser tests need Chromium and a Japanese font (else Japanese renders as empty boxes).
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi -e ipaex -e "noto sans cjk" || missing="$$missing fonts-ipaexfont-gothic"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing (install them with apt-get as root; browser tests need them)" >&2; fi; \
	fi

db: $(DB)
$(DB): | $(VENV)/.run-deps
	$(BIN)/python -m bohan.build --out $(DB)

clean:
	rm -rf $(VENV) data/build artifacts
