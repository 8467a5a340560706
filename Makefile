# Two commands for a fresh machine:  make run  (dashboard on the sample data)  and  make test.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DB     ?= data/timeline.db
HOST   ?= 127.0.0.1
PORT   ?= 8050
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench screenshot system-deps clean

# the modules setup.py compiles: editing one builds them again (until then they run as plain Python)
COMPILED := $(shell grep -o '"timeline/[a-z_/]*\.py"' setup.py | tr -d '"')

# pyproject.toml gives compatible ranges; constraints.txt the exact versions tested together
# (make and CI install from it). `run` installs what running needs, `test` adds the test extra.
$(VENV)/.installed: pyproject.toml setup.py constraints.txt $(COMPILED)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(PY) -m pip install -q -c constraints.txt -e ".[test]"
	touch $@

# Debian's chromium: browser tests and static chart export (kaleido) drive it headless.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

# chromium: the dashboard's PNG, SVG and PDF downloads draw in it (kaleido)
run: $(VENV)/.installed system-deps
	@[ -f "$(DB)" ] || $(PY) -m timeline ingest data/samples --db "$(DB)"
	$(PY) -m timeline serve --db "$(DB)" --host $(HOST) --port $(PORT)

test: $(VENV)/.test-installed system-deps
	$(PY) -m pytest -q -p no:cacheprovider

lint: $(VENV)/.test-installed
	$(PY) -m pip install -q ruff==0.17.6 mypy==2.4.1
	$(PY) -m ruff check timeline tests
	$(PY) -m mypy timeline
	$(PY) -m pytest -q -p no:cacheprovider tests/test_code_size.py

bench: $(VENV)/.installed
	$(PY) -m pip install -q -c constraints.txt -e ".[bench]"
	$(PY) bench/run.py $(BENCH_ARGS)

screenshot: $(VENV)/.test-installed system-deps
	$(PY) scripts/screenshot.py
	$(PY) scripts/screenshot.py --query "?ui=ar&lanes=type" --out docs/screenshot-ar.png

clean:
	rm -rf $(VENV) *.egg-info
