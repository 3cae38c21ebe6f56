"""The point a function is evaluated at: `--at x=3,y=4` over the program's defaults, and
vector inputs resized for scaling runs (`--n N`). Moved unchanged from `source.py`."""

from __future__ import annotations

import math

from ..errors import InputError
from ..limits import LIMITS
from .ir import Program

Point = dict[str, "float | list[float]"]


def parse_point(text: str | None, program: Program) -> Point:
    """`--at x=3,y=4` or `--at x=[1,2,3]` over the program's defaults."""
    point = program.default_point()
    if not text:
        return point
    given: dict[str, float | list[float]] = {}
    for match in _assignments(text):
        name, raw = match
        if name not in point:
            known = ", ".join(point) or "none"
            raise InputError(f"--at names '{name}', which is not an input (inputs: {known})")
        if name in given:
            raise InputError(f"--at gives '{name}' twice")
        given[name] = _value(name, raw)
        _check_shape(name, given[name], point[name])
    point.update(given)
    for name in given:
        program.defaulted = [n for n in program.defaulted if n != name]
    return point


def _check_shape(name: str, value, default) -> None:
    """A vector input takes a vector (of any length: vectors may be resized), a scalar one number."""
    if isinstance(default, list) and not isinstance(value, list):
        raise InputError(f"--at {name}: '{name}' is a vector input ({len(default)} elements by default); "
                         f"write {name}=[1,2,...]")
    if not isinstance(default, list) and isinstance(value, list):
        raise InputError(f"--at {name}: '{name}' is a scalar input; give one number")


def _assignments(text: str):
    i = 0
    parts = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    for part in parts:
        if not part.strip():
            raise InputError(f"--at has an empty entry in '{text}'")
        if "=" not in part:
            raise InputError(f"--at expects name=value pairs such as x=3,y=4; got '{part.strip()}'")
        name, raw = part.split("=", 1)
        yield name.strip(), raw.strip()


def _value(name: str, raw: str) -> float | list[float]:
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise InputError(f"--at {name}: a vector is written [1,2,3]")
        items = [s.strip() for s in raw[1:-1].split(",")]
        if items == [""]:
            raise InputError(f"--at {name}: a vector needs at least one value")
        return [_number(name, s) for s in items]
    return _number(name, raw)


def _number(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"--at {name}={raw}: not a number") from None
    if not math.isfinite(value):
        raise InputError(f"--at {name}={raw}: the point must be finite")
    return value


def resize_vectors(point: Point, n: int) -> Point:
    """The point with every vector input resized to n elements (`--n N` for scaling runs).

    The given elements repeat in order (Rosenbrock's [-1.2, 1.0] stays its classic start
    at any n), so a larger size is the same problem, only bigger. Scalars are left alone.
    """
    if n < 1:
        raise InputError(f"--n {n}: a vector needs at least one element")
    if n > LIMITS.max_list_length:
        raise InputError(f"--n {n:,} exceeds max_list_length ({LIMITS.max_list_length:,}, "
                         f"DIFFCOMPARE_MAX_LIST_LENGTH)")
    resized: Point = {}
    for name, value in point.items():
        if isinstance(value, list):
            resized[name] = [value[i % len(value)] for i in range(n)] if value else [0.0] * n
        else:
            resized[name] = value
    return resized
