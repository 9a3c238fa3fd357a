# Two commands on a fresh machine:   make demo    |    make test
# (Debian/Ubuntu; run as root or with sudo for the chromium package the browser tests need.)
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install browser imapd lint bench

$(BIN)/topofmind: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/topofmind

# Debian's chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# Debian's dovecot-imapd: the IMAP tests start their own Dovecot (never the system service).
imapd:
	@[ -x /usr/sbin/dovecot ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq dovecot-imapd; }

demo: install
	$(BIN)/topofmind demo

test: install browser imapd
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check topofmind server sync tests bench
	$(BIN)/lint-imports

# wrk (Debian's package) generates the API benchmark's load; see bench/README.md for the
# scripts and their arguments (the API ones need a database URL).
bench: install imapd
	@command -v wrk >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	@for b in classify_accuracy classify_speed mbox_import gmail_sync outlook_sync imap_sync; do \
	  echo "== bench/$$b.py"; $(BIN)/python bench/$$b.py || exit 1; done
	@echo "API lookups: bench/api_dataset.py and bench/api_lookups.py --url ...; daily digests: bench/digest_build.py --url ... (bench/README.md)"
