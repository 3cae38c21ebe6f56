"""Shared helpers: run the real command line in a clean directory."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

#: primitives whose derivative rule says it is not in the table (lgamma's chain ends at trigamma)
NO_RULE = {"trigamma"}


def scalar_primitives() -> dict:
    """The table's functions of numbers (the operations on whole arrays have tests of their own)."""
    from diffcompare.primitives import TABLE
    return {name: prim for name, prim in TABLE.items() if not prim.structural}


@dataclass
class CliRun:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_cli(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 120) -> CliRun:
    """`python -m diffcompare ARGS` in `cwd`, as a user would run it (a fresh process)."""
    # a user's run: errors as one line, never a traceback; piped at the default width unless a test
    # sets COLUMNS (a developer's shell may export one)
    full_env = {k: v for k, v in os.environ.items() if k not in ("DIFFCOMPARE_DEBUG", "COLUMNS")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "diffcompare", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(autouse=True)
def default_width(monkeypatch):
    """Output drawn in-process is as wide as a pipe's by default, whatever the developer's COLUMNS."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def cli(tmp_path):
    """Run the CLI with a fresh empty directory as its cwd: `cli(args) -> CliRun`."""
    def run(*args: str, env: dict | None = None) -> CliRun:
        return run_cli(list(args), tmp_path, env)
    return run
