# Every target creates .venv on first use and installs what it needs into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test bench fuzz parity clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,demo]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m minitorch demo

test: $(STAMP)
	$(PY) -m pytest tests

parity: $(STAMP)
	$(PY) -m minitorch parity

fuzz: $(STAMP)
	$(PY) -m minitorch.parity.fuzz --seed $(or $(SEED),0) --count $(or $(COUNT),10000)

bench: $(STAMP)
	$(PY) -m pytest benchmarks --benchmark-only

clean:
	rm -rf $(VENV) build *.egg-info
