"""What `diffcompare scaling` shows: each engine's counts and time at every size beside
the book's traversals, the fitted slopes and crossovers in words, and the log-log chart.
Nothing here computes: it formats a `Scaling`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engines import ENGINES
from ..numbers import seconds
from .charts import Chart, Series
from .sheet import Sheet

if TYPE_CHECKING:
    from ..views.scaling import Scaling, ScalingPoint


def _book(engine: str, p: ScalingPoint) -> str:
    formula = {"numerical": p.n_inputs + 1, "forward": p.n_inputs, "reverse": p.n_outputs + 1}.get(engine)
    return "N/A" if formula is None else f"{formula:,}"


def _whole(x: int | None) -> str:
    return "-" if x is None else f"{x:,}"


def sheet(s: Scaling) -> Sheet:
    symbolic = "symbolic" in s.engines
    noted = any(p.note for p in s.points)
    arrays = s.arrays               # element operations grow where calls on arrays do not: shown only then
    columns = ["n", "engine", "inputs", "outputs", "traversals", "book", "prim. calls"] + (
        ["element ops"] if arrays else []) + ["time", "× one eval"]
    columns += ["sym. ops raw → cse"] if symbolic else []
    columns += ["note"] if noted else []
    rows = []
    for n in s.sizes:
        one = s.evaluations[n]
        rows.append([f"{n:,}", "one eval", "", f"{one.n_outputs:,}", "1", "", f"{one.primitive_calls:,}"]
                    + ([f"{one.element_operations:,}"] if arrays else []) + [seconds(one.time_s), "1"]
                    + ([""] if symbolic else []) + ([""] if noted else []))
        for p in (p for p in s.points if p.size == n):
            time_text = f"> {s.symbolic_cap_s:g} s" if p.capped and p.time_s is None and p.engine == "symbolic" \
                else seconds(p.time_s)
            row = [f"{n:,}", p.engine, f"{p.n_inputs:,}", f"{p.n_outputs:,}", _whole(p.traversals), _book(p.engine, p),
                   "-" if p.primitive_calls is None else f"{p.primitive_calls:,}"] + (
                ["-" if p.element_operations is None else f"{p.element_operations:,}"] if arrays else []) + [
                   time_text,
                   "-" if p.relative_time is None else f"{p.relative_time:,.1f}"]
            if symbolic:
                row.append(f"{p.expression_ops[0]:,} → {p.expression_ops[1]:,}" if p.expression_ops else "")
            rows.append(row + ([p.note] if noted else []))
    caption = f"{s.function}   x axis: n_{s.axis}" + (f"   differentiated: {', '.join(s.wrt)}" if s.wrt else "")
    return Sheet("Cost against size", columns, rows, notes(s), caption, findings=findings(s), key_columns=2)


def findings(s: Scaling) -> list[str]:
    """The result in words: the fitted slopes and where one mode is cheaper than the other."""
    axis = f"n_{s.axis}"
    fitted = s.sizes[1:] if len(s.sizes) >= 3 else s.sizes
    out = [f"Fitted log-log slopes over n = {', '.join(f'{n:,}' for n in fitted)} against {axis} "
           "(0: flat, 1: linear) of time ÷ one evaluation: "
           + _slopes(s.slopes) + "; of primitive calls ÷ one evaluation's: " + _slopes(s.call_slopes)
           + "; of traversals: " + _slopes(s.traversal_slopes) + "."]
    c = s.crossover
    if c:
        out.append(_crossover_text("reverse mode", "forward mode", c["reverse_cheaper_than_forward"], axis, s.sizes))
        out.append(_crossover_text("forward mode", "reverse mode", c["forward_cheaper_than_reverse"], axis, s.sizes))
    return out


def notes(s: Scaling) -> list[str]:
    """How it was measured: the footnotes --brief leaves out."""
    out = []
    if s.crossover:
        out.append("The book's claim beside it: reverse needs m+1 traversals and forward n, so reverse wins "
                   "once n_inputs > n_outputs + 1 and forward once n_inputs < n_outputs + 1. Primitive calls "
                   "count the forward traversals only: a backward sweep calls no primitive, it multiplies "
                   "and adds along the tape.")
    if any(p.engine == "reverse" and p.traversals is not None and p.traversals < p.n_outputs + 1 for p in s.points):
        out.append("Reverse below the book: an output that depends on no input needs no backward sweep "
                   "(rosenbrock at n = 1 is an empty sum, the constant 0).")
    out.append("book: the traversals Table 9-2 predicts (n inputs differentiated, m outputs). one eval: a plain "
               "evaluation, the unit of × one eval. Time: median of repeats after a warm-up; runs over 1 s are "
               "timed once.")
    if s.arrays:
        out.append("prim. calls: operations as written, one per call on a whole array, so they stay flat as n "
                   "grows; element ops: the scalar work those calls cost (a call on n elements about n).")
    out.extend(s.notes)
    if s.fixed:
        out.append(f"Matrix inputs keep their shape at every n (--n resizes vectors only): {', '.join(s.fixed)}.")
    if "symbolic" in s.engines:
        out.append(f"Symbolic: derive + evaluate, in a child process capped at {s.symbolic_cap_s:g} s per size "
                   "(sympy cannot be interrupted from inside); once a size passes the cap the larger ones are "
                   "skipped. Expression ops: sympy's count_ops of f and its derivatives as written, and after cse.")
    return out


def _slopes(slopes: dict) -> str:
    return ", ".join(f"{e} {'-' if v is None else f'{v + 0.0:.2f}'.replace('-0.00', '0.00')}"
                     for e, v in slopes.items())


def _crossover_text(a: str, b: str, found: dict, axis: str, sizes: list[int]) -> str:
    """Where `a` is cheaper than `b`, as the table shows it: from a size on, at some sizes only, or
    at none."""
    parts = []
    for key, what in (("by_time", "in time"), ("by_traversals", "in traversals")):
        start, cheaper = found[key], found["sizes_" + key]
        if not cheaper:
            parts.append(f"{what} at no size measured")
        elif start is not None and cheaper == [n for n in sizes if n >= start]:
            parts.append(f"{what} from {axis} = {start:,} on" + (" (every size measured)" if start == sizes[0] else ""))
        else:
            parts.append(f"{what} at {axis} = {', '.join(f'{n:,}' for n in cheaper)}"
                         + (" only" if start is None else ""))
    return f"{a[0].upper()}{a[1:]} is cheaper than {b}: " + "; ".join(parts) + "."


def chart(s: Scaling) -> Chart:
    series = []
    for engine in s.engines:
        mine = s.of(engine)
        slope = s.slopes.get(engine)
        label = engine + ("" if slope is None else f" (slope {slope:.2f})")
        series.append(Series(label, [s.count(p) for p in mine], [p.relative_time for p in mine],
                             style=ENGINES.index(engine)))    # an engine looks the same in every chart
    return Chart(f"{s.function}: time ÷ one evaluation, against n_{s.axis}", f"n_{s.axis}",
                 "time ÷ one evaluation", series)
