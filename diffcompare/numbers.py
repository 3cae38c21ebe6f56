"""How numbers are written, in messages and in cells.

A leaf: it imports nothing from the package, so the primitives' domain errors, the kink
analysis, the views and the renderers all write a number the same way without one of
them reaching into another.
"""

from __future__ import annotations

import math
from typing import Any


def number(x: float | None, digits: int = 10) -> str:
    """A float the way a reader wants it: enough digits, no noise, '-' for none."""
    if x is None:
        return "-"
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        # + 0.0 turns -0.0 into 0.0: a sign of zero (sympy's -sin(0)) is no difference to a reader
        return f"{x + 0.0:.1f}" if isinstance(x, float) else str(x)
    return f"{x:.{digits}g}"


def seconds(t: float | None) -> str:
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.1f} µs"
    if t < 1:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def sci(x: float | None) -> str:
    return "-" if x is None else ("0" if x == 0 else f"{x:.1e}")


def short(value: Any) -> str:
    """Six significant digits for a message (an argument out of a primitive's domain); not a
    number at all (a symbol, an interval) as it prints itself."""
    try:
        return f"{float(value):.6g}"
    except (TypeError, ValueError):
        return str(value)


POINT_SHOWN = 6     # numbers a point's vector or matrix shows before "…"


def point_text(point) -> str:
    """``(x=3.0, v=[1.0, 2.0, …], M=[[1.0, 2.0], [3.0, 4.0]])`` of a point (a `Point`, or its
    values by name). A matrix keeps its rows, so it never reads as a vector; a long one ends
    in its shape: ``X=[[1.0, 0.5], [1.0, 1.5], [1.0, 2.0], … 100×2]``."""
    values = point.as_dict() if hasattr(point, "as_dict") else point
    parts = []
    for k, v in values.items():
        if isinstance(v, list) and v and isinstance(v[0], list):
            parts.append(f"{k}={_matrix_text(v)}")
        elif isinstance(v, list):
            shown = ", ".join(number(x, 6) for x in v[:POINT_SHOWN]) + (", …" if len(v) > POINT_SHOWN else "")
            parts.append(f"{k}=[{shown}]")
        else:
            parts.append(f"{k}={number(v, 10)}")
    return "(" + ", ".join(parts) + ")"


def _matrix_text(rows: list) -> str:
    """Whole rows while they fit in POINT_SHOWN numbers (at least the first row, cut if need be)."""
    width = len(rows[0])
    count = max(1, POINT_SHOWN // max(width, 1))
    shown = [("[" + ", ".join(number(x, 6) for x in row[:POINT_SHOWN]) + (", …" if width > POINT_SHOWN else "")
              + "]") for row in rows[:count]]
    if count < len(rows) or width > POINT_SHOWN:
        shown.append(f"… {len(rows)}×{width}")
    return "[" + ", ".join(shown) + "]"
