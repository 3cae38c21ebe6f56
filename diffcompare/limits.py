"""Every limit in one place. Each stops a runaway input with a clear message
instead of a hang or a crash; each can be raised (`LIMITS.max_loop_iterations = ...`,
the matching `DIFFCOMPARE_*` environment variable, or `diffcompare --limit NAME=N`).
`diffcompare limits` lists them with their current values."""

from __future__ import annotations

import difflib
import math
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
    max_outputs: int = 100_000               # outputs of one function (each a row of values and of the Jacobian)
    max_trace_nodes: int = 100_000           # numbers kept by `trace` and `graph` (printed: JSON takes ~3 KB each)
    max_tape_mb: int = 400                   # memory one reverse-mode tape may hold (estimated: TAPE_BYTES)
    max_engine_operations: int = 1_000_000_000   # an engine's whole work: traversals × element operations
    max_engine_seconds: float = 20           # wall-clock time of one engine (sympy and mpmath included)
    max_command_seconds: float = 60          # wall-clock time of one command
    max_reference_operations: int = 500_000  # element operations of the 50-digit reference (mpmath: 20-80 µs each)

    def describe(self) -> list[tuple[str, int | float, str]]:
        return [(f.name, getattr(self, f.name), f"DIFFCOMPARE_{f.name.upper()}") for f in fields(self)]

    def set(self, name: str, raw: str | int | float) -> None:
        """Raise or lower one limit by name; a bad name or value is an `InputError` that says why."""
        from .errors import InputError
        names = [f.name for f in fields(self)]
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; the limits are {', '.join(names)}"
            raise InputError(f"no limit called '{_short(name)}'{hint}")
        setattr(self, name, checked(name, raw))

    def override(self, assignment: str) -> None:
        """`NAME=N`, as given to `diffcompare --limit`."""
        from .errors import InputError
        name, sep, raw = assignment.partition("=")
        if not sep:
            raise InputError(f"--limit expects NAME=N, such as max_loop_iterations=5000000; "
                             f"got '{_short(assignment)}'")
        self.set(name.strip(), raw.strip())


#: the range each limit may take: beyond it a value is a mistake (or would overflow a C integer
#: on its way to numpy or the system), refused in words, never clamped
RANGES: dict[str, tuple[float, float]] = {
    "max_source_bytes": (1, 1_000_000_000),
    "max_nesting": (1, 1_000_000),
    "max_operations": (1, 10**15),
    "max_loop_iterations": (1, 10**15),
    "max_list_length": (1, 10**12),
    "max_array_elements": (1, 10**12),
    "max_symbolic_nodes": (1, 10**12),
    "max_one_sided_inputs": (1, 10**6),
    "max_outputs": (1, 10**9),
    "max_trace_nodes": (1, 10**12),
    "max_tape_mb": (1, 10**9),
    "max_engine_operations": (1, 10**18),
    "max_engine_seconds": (0.001, 7 * 86_400),
    "max_command_seconds": (0.001, 7 * 86_400),
    "max_reference_operations": (1, 10**18),
}

#: what a reverse-mode tape holds per node and per element of an array node, in bytes, by the kind of
#: number it records (measured on CPython 3.11: `diffcompare bench` reports the float figure)
TAPE_BYTES = {"real": (130, 8), "mp": (300, 240)}

#: limits in seconds take fractions (0.5); the others are counts
SECONDS = ("max_engine_seconds", "max_command_seconds")

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
    "max_outputs": "outputs of one function (each is a row of its values and of its Jacobian, in JSON too)",
    "max_trace_nodes": "numbers kept by trace and graph (a node on an array: one per element)",
    "max_tape_mb": "megabytes one reverse-mode tape may hold (about 130 bytes a node over floats and 8 an "
                   "array element; 300 and 240 over the reference's 50-digit numbers)",
    "max_engine_operations": "an engine's whole work, traversals × element operations, predicted before it runs",
    "max_engine_seconds": "wall-clock seconds of one engine, sympy and mpmath included",
    "max_command_seconds": "wall-clock seconds of one command",
    "max_reference_operations": "element operations of the 50-digit reference (traversals × one float traversal's)",
}


def checked(name: str, raw: str | int | float) -> int | float:
    """`raw` as a value of limit `name` -- a whole number (seconds: any number) within its
    range -- or an `InputError` that says what is wrong. `1e9` and `1_000_000` are whole numbers."""
    from .errors import InputError
    low, high = RANGES[name]
    shown = _short(str(raw).strip())
    text = str(raw).strip().replace("_", "").replace(",", "")
    seconds = name in SECONDS
    try:
        number = float(text)
    except (ValueError, OverflowError):
        raise InputError(f"limit {name}={shown}: not {'a number of seconds' if seconds else 'a whole number'}") \
            from None
    if not math.isfinite(number):
        raise InputError(f"limit {name}={shown}: must be a finite number")
    if number < low:
        raise InputError(f"limit {name}={shown}: must be at least {_number(low)}")
    if number > high:
        raise InputError(f"limit {name}={shown}: must be at most {_number(high)}")
    if seconds:
        return int(number) if number.is_integer() else number
    if not number.is_integer():
        raise InputError(f"limit {name}={shown}: not a whole number")
    return int(number)


def check_kept(numbers: int, what: str) -> None:
    """`trace` and `graph` keep every node, print it and hold it in JSON: at most max_trace_nodes numbers."""
    if numbers > LIMITS.max_trace_nodes:
        from .errors import LimitError
        raise LimitError(f"{what}, over max_trace_nodes ({LIMITS.max_trace_nodes:,}, "
                         f"DIFFCOMPARE_MAX_TRACE_NODES); diff handles inputs this large")


def _number(x: float) -> str:
    return f"{x:g}" if not float(x).is_integer() else f"{int(x):,}"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


#: environment overrides that were not valid values (the default stays; the CLI warns)
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
                IGNORED.append(f"{key}={_short(raw)!r} ignored ({exc}); {f.name} stays {getattr(limits, f.name):,}")
    return limits


LIMITS = _from_environment()
