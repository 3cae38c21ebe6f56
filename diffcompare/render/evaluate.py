"""What `diffcompare eval` shows: each output's value at the point, and what the one
evaluation cost. Nothing here computes: it formats an `EvalResult`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import point_text
from .sheet import Sheet
from .trace import head_tail

if TYPE_CHECKING:
    from ..views.evaluate import EvalResult


SHOWN = 40          # rows of a long output shown (its first and last halves); JSON holds them all


def evaluation_sheet(r: EvalResult) -> Sheet:
    # an array output of 10^5 elements is 10^5 rows: a terminal table that long helps no one
    rows = head_tail([[n, repr(v)] for n, v in zip(r.outputs, r.values)], SHOWN,
                     lambda k: ["…", f"{k:,} outputs not shown (--format json has all)"])
    return Sheet(f"{r.name} at {point_text(r.point)}", ["output", "value"], rows, _notes(r))


def _notes(r: EvalResult) -> list[str]:
    notes = []
    if r.program.defaulted:
        notes.append(f"{', '.join(r.program.defaulted)} had no value and took 1.0 (give --at to choose).")
    calls = ", ".join(f"{k} {v}" for k, v in sorted(r.meter.calls.items()))
    notes.append(f"1 traversal, {r.meter.primitive_calls} primitive calls ({calls or 'none'}).")
    return notes
