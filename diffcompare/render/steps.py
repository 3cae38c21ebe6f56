"""What `diffcompare steps` shows: each method's best h beside the textbook one, every
(h, error) pair, and the log-log chart of error against h. Nothing here computes: it
formats a `StepSweep`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import number, point_text, sci
from .charts import Chart, Series
from .sheet import Sheet

if TYPE_CHECKING:
    from ..views.steps import StepSweep

#: where an error of exactly 0 is drawn on the log chart (the JSON keeps 0)
ZERO_DRAWN_AT = 1e-18


def summary_sheet(s: StepSweep) -> Sheet:
    rows = []
    for m in s.methods.values():
        if m.refused:
            rows.append([m.method, f"refused: {m.refused}", "", "", "", ""])
            continue
        rows.append([m.method, sci(m.best_h), sci(m.best_error), sci(m.textbook_h), sci(m.textbook_error),
                     number(m.traversals)])
    entries = len(s.outputs) * len(s.wrt)
    caption = (f"{s.function}   {derivatives_text(s.outputs, s.wrt)}"
               + (f" (the error is normwise over these {entries})" if entries > 1 else "") + f"   at {_point(s)}")
    notes = [
        f"Relative error of the Jacobian against the 50-digit reference at {len(s.h)} steps h from "
        f"{sci(s.h[0])} down to {sci(s.h[-1])}.",
        "Textbook h: the engine's default, sqrt(eps)·max(1,|x|) for forward and cbrt(eps)·max(1,|x|) for central, "
        "where truncation (falling with h) meets round-off (eps/h); complex step has no round-off floor, "
        "so any tiny h (the engine takes 1e-20) will do.",
    ]
    if any(e == 0 for m in s.methods.values() for e in m.error):
        notes.append(f"An error of exactly 0 (every digit right) is drawn at {ZERO_DRAWN_AT:g} on the chart's log axis.")
    return Sheet("Finite-difference error against the step h", ["method", "best h", "best error", "textbook h",
                                                                   "error at textbook h", "traversals"],
                 rows, notes, caption)


def sweep_sheet(s: StepSweep) -> Sheet:
    """Every (h, error) pair: the data behind the chart (csv, markdown, latex)."""
    names = list(s.methods)
    rows = [[sci(h)] + [_err(s.methods[m].error[i]) for m in names] for i, h in enumerate(s.h)]
    return Sheet("Relative error at each step h", ["h"] + names, rows, caption=f"{s.function} at {_point(s)}")


def chart(s: StepSweep) -> Chart:
    series = [Series(name, s.h, m.error) for name, m in s.methods.items() if not m.refused]
    marks = [(m.textbook_h, f"textbook {name}") for name, m in s.methods.items()
             if not m.refused and s.h[-1] <= m.textbook_h <= s.h[0]]
    return Chart(f"relative error of {derivatives_text(s.outputs, s.wrt)} against h (| = textbook h)", "h",
                 "relative error",
                 series, marks, floor=ZERO_DRAWN_AT)


def derivatives_text(outputs: list[str], wrt: list[str], most: int = 4) -> str:
    """The derivatives measured, as a class writes them: `∂book/∂x, ∂book/∂y`; more than `most`
    as one Jacobian, `∂(polar[0], polar[1])/∂(r, theta, phi, s)`."""
    outputs = outputs or ["f"]
    if len(outputs) * len(wrt) <= most:
        return ", ".join(f"∂{o}/∂{w}" for o in outputs for w in wrt)

    def names(xs: list[str]) -> str:
        return xs[0] if len(xs) == 1 else "(" + ", ".join(xs[:most]) + (", …" if len(xs) > most else "") + ")"
    return f"∂{names(outputs)}/∂{names(wrt)}"


def _err(e: float | None) -> str:
    return "-" if e is None else f"{e:.2e}"


def _point(s: StepSweep) -> str:
    return point_text(s.point)
