# Two commands set up a fresh machine: `make table` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test table bench clean

install: $(STAMP)

# Reinstall only when the package metadata changes; the install is editable,
# so source edits need no reinstall.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

table: $(STAMP)
	$(BIN)/diffcompare table

# the figures take longer than a command's default minute (max_command_seconds)
bench: $(STAMP)
	$(BIN)/diffcompare --limit max_command_seconds=900 bench

clean:
	rm -rf $(VENV) build *.egg-info
