"""What `diffcompare eval` shows: each output's value at the point, and what the one
evaluation cost. Nothing here computes: it formats an `EvalResult`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import point_text
from .sheet import Sheet

if TYPE_CHECKING:
    from ..views.evaluate import EvalResult


def evaluation_sheet(r: EvalResult) -> Sheet:
    return Sheet(f"{r.name} at {point_text(r.point)}", ["output", "value"],
                 [[n, repr(v)] for n, v in zip(r.outputs, r.values)], _notes(r))


def _notes(r: EvalResult) -> list[str]:
    notes = []
    if r.point.defaulted:
        notes.append(f"{', '.join(r.point.defaulted)} had no value and took 1.0 (give --at to choose).")
    calls = ", ".join(f"{k} {v}" for k, v in sorted(r.meter.calls.items()))
    notes.append(f"1 traversal, {r.meter.primitive_calls} primitive calls ({calls or 'none'}).")
    return notes
