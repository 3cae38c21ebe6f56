"""What `diffcompare eval` shows: each output's value at the point, and what the one
evaluation cost. Nothing here computes: it formats an `EvalResult`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import point_text
from .sheet import Sheet, defaulted_lines
from .trace import head_tail

if TYPE_CHECKING:
    from ..views.evaluate import EvalResult


SHOWN = 40          # rows of a long output shown (its first and last halves); JSON holds them all


def evaluation_sheet(r: EvalResult) -> Sheet:
    # the point is the caption, not the title: a title is centred and a long point would crowd it;
    # an array output of 10^5 elements is 10^5 rows: a terminal table that long helps no one
    rows = head_tail([[n, repr(v)] for n, v in zip(r.outputs, r.values)], SHOWN,
                     lambda k: ["…", f"{k:,} outputs not shown (--format json has all)"])
    return Sheet(f"Value of {r.name}", ["output", "value"], rows,
                 caption=f"{r.name} at {point_text(r.point)}", findings=_findings(r))


def _findings(r: EvalResult) -> list[str]:
    out = defaulted_lines(r.point)
    calls = ", ".join(f"{k} {v}" for k, v in sorted(r.meter.calls.items()))
    out.append(f"1 traversal, {r.meter.primitive_calls} primitive calls ({calls or 'none'}).")
    return out
