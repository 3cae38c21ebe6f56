"""Every limit in one place. Each stops a runaway input with a clear message
instead of a hang or a crash; each can be raised (`LIMITS.max_loop_iterations = ...`,
or the matching `DIFFCOMPARE_*` environment variable)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass
class Limits:
    max_source_bytes: int = 2_000_000        # text of one function
    max_nesting: int = 100                   # parentheses, calls and blocks inside each other
    max_operations: int = 20_000_000         # primitive calls and loop trips in one traversal
    max_loop_iterations: int = 1_000_000     # trips of one loop
    max_list_length: int = 1_000_000         # elements of one list
    max_symbolic_nodes: int = 20_000         # nodes of one symbolic expression, as written
    max_one_sided_inputs: int = 64           # inputs whose one-sided derivatives `diff` computes at a kink
    max_trace_nodes: int = 1_000_000         # nodes kept by `diffcompare trace` (each is held in memory)

    def describe(self) -> list[tuple[str, int, str]]:
        return [(f.name, getattr(self, f.name), f"DIFFCOMPARE_{f.name.upper()}") for f in fields(self)]


def _from_environment() -> Limits:
    limits = Limits()
    for f in fields(limits):
        raw = os.environ.get(f"DIFFCOMPARE_{f.name.upper()}")
        if raw:
            try:
                setattr(limits, f.name, int(raw))
            except ValueError:
                pass  # a malformed override keeps the default rather than break every command
    return limits


LIMITS = _from_environment()
