"""Every limit in one place. Each stops a runaway input with a clear message
instead of a hang or a crash; each can be raised (`LIMITS.max_loop_iterations = ...`,
the matching `DIFFCOMPARE_*` environment variable, or `diffcompare --limit NAME=N`).
`diffcompare limits` lists them with their current values."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, fields


@dataclass
class Limits:
    max_source_bytes: int = 2_000_000        # text of one function
    max_nesting: int = 100                   # parentheses, calls and blocks inside each other
    max_operations: int = 20_000_000         # primitive calls and loop trips in one traversal
    max_loop_iterations: int = 1_000_000     # trips of one loop
    max_list_length: int = 1_000_000         # elements of one list
    max_array_elements: int = 2_000_000      # elements of one array (each engine keeps several)
    max_symbolic_nodes: int = 20_000         # nodes of one symbolic expression, as written
    max_one_sided_inputs: int = 64           # inputs whose one-sided derivatives `diff` computes at a kink
    max_trace_nodes: int = 1_000_000         # nodes kept by `diffcompare trace` (each is held in memory)
    max_reference_operations: int = 500_000  # element operations of the 50-digit reference (mpmath: 20-80 µs each)

    def describe(self) -> list[tuple[str, int, str]]:
        return [(f.name, getattr(self, f.name), f"DIFFCOMPARE_{f.name.upper()}") for f in fields(self)]

    def set(self, name: str, raw: str | int) -> None:
        """Raise or lower one limit by name; a bad name or value is an `InputError` that says why."""
        from .errors import InputError
        names = [f.name for f in fields(self)]
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; the limits are {', '.join(names)}"
            raise InputError(f"no limit called '{name}'{hint}")
        try:
            value = int(str(raw).replace("_", ""))
        except ValueError:
            raise InputError(f"limit {name}={raw}: not a whole number") from None
        if value < 1:
            raise InputError(f"limit {name}={raw}: must be at least 1")
        setattr(self, name, value)

    def override(self, assignment: str) -> None:
        """`NAME=N`, as given to `diffcompare --limit`."""
        from .errors import InputError
        name, sep, raw = assignment.partition("=")
        if not sep:
            raise InputError(f"--limit expects NAME=N, such as max_loop_iterations=5000000; got '{assignment}'")
        self.set(name.strip(), raw.strip())


#: what each limit stops, for `diffcompare limits` and the README
WHAT = {
    "max_source_bytes": "bytes of one function's text (inline or a file)",
    "max_nesting": "parentheses, calls and blocks inside each other",
    "max_operations": "primitive calls and loop trips in one traversal",
    "max_loop_iterations": "trips of one for or while loop",
    "max_list_length": "elements of one list",
    "max_array_elements": "elements of one numpy array",
    "max_symbolic_nodes": "nodes of one symbolic expression, as written (expression swell)",
    "max_one_sided_inputs": "inputs whose one-sided derivatives diff computes at a kink",
    "max_trace_nodes": "nodes kept by diffcompare trace",
    "max_reference_operations": "element operations of the 50-digit reference (traversals × one float traversal's)",
}

#: environment overrides that were not whole numbers (the default stays; the CLI warns)
IGNORED: list[str] = []


def _from_environment() -> Limits:
    limits = Limits()
    for f in fields(limits):
        key = f"DIFFCOMPARE_{f.name.upper()}"
        raw = os.environ.get(key)
        if raw:
            try:
                limits.set(f.name, raw)
            except Exception as exc:   # keep the default rather than break every command; say so
                IGNORED.append(f"{key}={raw!r} ignored ({exc}); {f.name} stays {getattr(limits, f.name):,}")
    return limits


LIMITS = _from_environment()
