# Two commands do everything on a fresh machine with git, make and Python 3.12:
#   make demo   run Chorus with fictional demo data
#   make test   run the whole test suite
.PHONY: demo test lint typecheck bench setup browser clean

PYTHON ?= python3.12
# A `uv` on PATH may be a shim for another Python version; only use it if it runs.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .bootstrap/bin/uv)
RUN := $(UV) run --frozen

$(UV):
	$(PYTHON) -m venv .bootstrap
	.bootstrap/bin/pip install --quiet uv

setup: $(UV)
	$(UV) sync --frozen

demo: setup
	$(RUN) chorus demo

# The browser tests drive Debian's Chromium, the proxy tests run Debian's nginx
# (with deploy/nginx.conf), backups of PostgreSQL use Debian's pg_dump and pg_restore
# (postgresql-client), and certificates are drawn by WeasyPrint with Debian's Pango;
# install them when they are missing.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Chromium for the browser tests…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi
	@if [ ! -x /usr/sbin/nginx ]; then \
		echo "Installing nginx for the tests behind a proxy…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx; \
		if command -v systemctl >/dev/null; then $$SUDO systemctl disable --now nginx >/dev/null 2>&1 || true; fi; \
	fi
	@if ! command -v pg_dump >/dev/null; then \
		echo "Installing the PostgreSQL client tools for the backup tests…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql-client; \
	fi
	@if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then \
		echo "Installing Pango for the PDF certificates…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; \
	fi

test: setup browser
	$(RUN) pytest -n 2 $(PYTEST_ARGS)

lint: setup
	$(RUN) ruff format --check src tests bench
	$(RUN) ruff check src tests bench

# The type checker imports the settings; give it a throwaway data folder and debug defaults.
typecheck: setup
	DEBUG=1 CHORUS_DATA_DIR=var/typecheck $(RUN) mypy

bench: setup
	$(RUN) python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf .venv .bootstrap var
