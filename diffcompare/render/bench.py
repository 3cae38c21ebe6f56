"""What `diffcompare bench` shows: each speed figure beside its target, and the timings
behind them. Nothing here measures: it formats a `BenchResult`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import seconds
from .sheet import Sheet

if TYPE_CHECKING:
    from ..views.bench import BenchResult, Figure


HOW = ("Times are medians of repeats taken in interleaved rounds (each case once per round); ratios divide "
       "medians of the same run. Slow peers run fewer rounds (see repeats).")


def _value(f: Figure) -> str:
    if f.value is None:
        return "-"
    if isinstance(f.value, bool):
        return "yes" if f.value else "no"
    if f.unit == "×":
        return f"{f.value:.2f}×"
    if f.unit == "s":
        return seconds(f.value)
    return f"{f.value:.0f} {f.unit}"


def sheets(result: BenchResult) -> tuple[Sheet, Sheet]:
    """The figures beside their targets, and every timing behind them."""
    m = result.machine
    caption = (f"{m['cpu']}, {m['cores']} cores, {m['implementation']} {m['python']}, {m['system']}; "
               f"load average {', '.join(f'{x:.1f}' for x in m['load_average'] or [])} at the start")
    figures = Sheet("Speed figures, each measured beside its target", ["figure", "measured", "target", "met"],
                    [[f.name, _value(f), f.target, {True: "yes", False: "NO", None: "-"}[f.met]]
                     + ([f.detail] if any(x.detail for x in result.figures) else [])
                     for f in result.figures], [HOW], caption, findings=list(result.notes))
    if any(f.detail for f in result.figures):
        figures.columns.append("detail")
    timings = Sheet("Timings (medians)", ["case", "what", "median", "repeats", "first call"],
                    [[t.case, t.what, seconds(t.median_s), str(t.repeats), seconds(t.first_s)]
                     for t in result.timings],
                    ["First call: the first run of that case (a jit's compile; for our reverse gradient, "
                     "lowering a freshly loaded program included)."])
    return figures, timings
