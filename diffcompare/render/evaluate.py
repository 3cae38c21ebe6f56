"""What `diffcompare eval` shows: each output's value at the point, and what the one
evaluation cost. Nothing here computes: it formats an `EvalResult`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import point_text
from .sheet import Sheet, defaulted_lines

if TYPE_CHECKING:
    from ..views.evaluate import EvalResult


def evaluation_sheet(r: EvalResult) -> Sheet:
    # the point is the caption, not the title: a title is centred and a long point would crowd it
    return Sheet(f"Value of {r.name}", ["output", "value"], [[n, repr(v)] for n, v in zip(r.outputs, r.values)],
                 caption=f"{r.name} at {point_text(r.point)}", findings=_findings(r))


def _findings(r: EvalResult) -> list[str]:
    out = defaulted_lines(r.point)
    calls = ", ".join(f"{k} {v}" for k, v in sorted(r.meter.calls.items()))
    out.append(f"1 traversal, {r.meter.primitive_calls} primitive calls ({calls or 'none'}).")
    return out
