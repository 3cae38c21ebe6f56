"""What `diffcompare descent` shows: the book's "Epoch 0 MSE = ..." log, the final table,
the MSE-per-epoch chart and the JSON. Nothing here computes: it formats a `Descent`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..engines import TECHNIQUES
from ..numbers import number, sci, seconds
from .sheet import Sheet

if TYPE_CHECKING:
    from ..views.descent import Descent, EngineRun

CHART_SIZE = (100, 20)           # columns, rows: fits a slide when saved as svg
CHART_NOTE = "Engines that follow one trajectory draw one curve: the last drawn covers the others."
CHART_COLORS = {"numerical": "red", "symbolic": "magenta", "forward": "blue", "reverse": "green"}


def formula(engine: str, n: int) -> str:
    """The book's claim for one gradient of a one-output function of n inputs (shown beside the measurement)."""
    return {"numerical": f"n + 1 = {n + 1}", "forward": f"n = {n}", "reverse": "n_outputs + 1 = 2",
            "symbolic": "N/A"}[engine]


def vector_text(v: list[float] | None, digits: int = 10) -> str:
    return "-" if v is None else "(" + ", ".join(number(x, digits) for x in v) + ")"


def epoch_log(d: Descent, every: int) -> list[str]:
    """Like the book: the MSE on the whole data set every `every` epochs, per engine (and the last)."""
    lines = []
    for run in d.runs.values():
        lines.append(f"{run.engine} ({TECHNIQUES[run.engine]})")
        shown = list(range(0, len(run.losses), every))
        if run.losses and shown[-1] != len(run.losses) - 1:
            shown.append(len(run.losses) - 1)
        lines += [f"  Epoch {e} MSE = {run.losses[e]:.7g}" for e in shown]
        if run.error:
            lines.append(f"  stopped: {run.error}")
    return lines


def traversals_text(run: EngineRun) -> str:
    """The count most steps took, and any other count with how many steps took it (measured).
    Symbolic's steps take 0 (they evaluate the cached derivative) but for those that derive it,
    one traversal over symbols each: `0; 1 in the step that derives`."""
    if not run.traversals:
        return "-"
    counts = run.traversal_counts
    usual = run.traversals_per_step
    others = sorted((t, c) for t, c in counts.items() if t != usual)
    if run.engine == "symbolic" and run.derivations:
        return str(usual) + "".join(f"; {t} in the step that derives" if c == 1 else
                                    f"; {t} in each of the {c} steps that derive" for t, c in others)
    return str(usual) + (" (" + ", ".join(f"{t} in {c} step{'s' if c > 1 else ''}" for t, c in others) + ")"
                         if others else "")


def _time_text(run: EngineRun) -> str:
    text = seconds(run.time_per_step)
    if run.derivations:
        text += f" (+{seconds(run.derive_s)} to derive, {'once' if run.derivations == 1 else f'{run.derivations}x'})"
    return text


def descent_sheet(d: Descent) -> Sheet:
    p, s = d.problem, d.settings
    ref = d.reference
    columns = ["engine", f"final {p.theta_name}", "final MSE", f"distance to {p.theta_name}*",
               f"drift from {ref}" if ref else "drift", "time / step", "traversals / step", "book's formula"]
    rows = []
    for run in d.runs.values():
        if not run.ok:
            rows.append([run.engine, f"error: {run.error}", "-", "-", "-", _time_text(run), traversals_text(run),
                         formula(run.engine, p.n)])
            continue
        drift = "reference" if run.engine == ref else sci(run.drift)
        rows.append([run.engine, vector_text(run.theta), number(run.loss, 10), sci(run.distance), drift,
                     _time_text(run), traversals_text(run), formula(run.engine, p.n)])
    batch = "full batch" if s.full_batch(p.rows) else f"mini-batches of {s.batch_size} rows"
    rate = f"learning rate {s.learning_rate:g}" + (f", momentum {s.momentum:g}" if s.optimizer == "momentum" else "")
    column = f", a {p.n}×1 column, shown flat" if len(p.theta_shape) == 2 else ""
    caption = (f"{p.name}: trains {p.theta_name} (n = {p.n}{column}) on {p.rows} data rows "
               f"({', '.join(p.data)}: not differentiated); "
               f"{s.optimizer}, {rate}, {s.epochs} epochs x {d.steps_per_epoch} step"
               f"{'s' if d.steps_per_epoch > 1 else ''}, {batch}, seed {s.seed}")
    cf = d.closed_form
    findings = [f"Closed form (normal equations solved with numpy): {p.theta_name}* = {vector_text(cf.theta)}, "
                f"MSE = {number(cf.loss, 10)}; distance: the largest |{p.theta_name}_j - {p.theta_name}*_j| at the "
                f"end." if cf.theta is not None else f"No closed form: {cf.reason}."]
    notes = []
    if ref:
        notes.append(f"Drift: the largest |{p.theta_name} - {p.theta_name}_{ref}| over all epochs. Exact engines "
                     f"follow one trajectory to within round-off; numerical's finite differences move it.")
    else:
        notes.append("Drift: no exact engine (symbolic, forward, reverse) ran to the end, so there is no reference trajectory.")
    notes.append(f"Traversals: counted by the Meter on every step (n_inputs = n = {p.n}: only {p.theta_name} is "
                 "differentiated; one output). Symbolic traverses the program once per derivation, over sympy "
                 "symbols, in the first step of each batch size; its other steps only evaluate the cached "
                 "derivative and traverse nothing (0).")
    notes.append("Time / step: median wall time of one gradient. MSE: on all the rows, at the end of the last epoch.")
    return Sheet(f"Gradient descent on {p.name}, one engine per gradient", columns, rows, notes, caption,
                 findings=findings)


def descent_json(d: Descent) -> dict:
    p = d.problem
    engines = {}
    for name, run in d.runs.items():
        engines[name] = {
            "final_theta": run.theta if run.ok else None, "final_mse": run.loss if run.ok else None,
            "distance_to_closed_form": run.distance, "drift": run.drift, "error": run.error,
            "steps": run.steps, "time_per_step_s": run.time_per_step,
            "traversals_per_step": run.traversals_per_step,
            "traversal_counts": {str(k): v for k, v in sorted(run.traversal_counts.items())},
            "formula": formula(name, p.n),
            "primitive_calls_per_step": max(run.primitive_calls, key=run.primitive_calls.count)
            if run.primitive_calls else None,
            "derive_s": run.derive_s if run.derivations else None, "derivations": run.derivations,
            "losses": run.losses,
        }
    cf = d.closed_form
    return {"function": p.name, "theta": p.theta_name, "n": p.n, "rows": p.rows,
            "settings": d.settings.as_dict(), "steps_per_epoch": d.steps_per_epoch,
            "closed_form": {"theta": cf.theta, "mse": cf.loss, "reason": cf.reason},
            "reference_engine": d.reference, "engines": engines}


def chart_series(d: Descent) -> tuple[str, dict[str, tuple[list[int], list[float]]]]:
    """What the chart draws per engine: MSE - MSE* (the closed form's) per epoch when there is a
    closed form -- the excess falls on a straight line on a log scale, where the MSE itself flattens
    at the noise floor after a few epochs -- else the MSE. Points at or below zero (round-off) are
    left out: a log scale has no place for them."""
    floor = d.closed_form.loss
    label = "MSE - MSE*" if floor is not None else "MSE"
    series = {}
    for run in d.runs.values():
        points = [(e, v - (floor or 0.0)) for e, v in enumerate(run.losses)]
        points = [(e, v) for e, v in points if v > 0]
        if points:
            series[run.engine] = ([e for e, _ in points], [v for _, v in points])
    return label, series


def mse_chart(d: Descent, width: int | None = None) -> str:
    """The MSE per epoch of every engine, log scale, drawn by plotext (ANSI text), `width` columns
    (default CHART_SIZE's)."""
    import plotext as plt
    label, series = chart_series(d)
    plt.clear_figure()
    plt.limit_size(False, False)      # the width is ours (the output's), not plotext's guess of a terminal
    plt.plot_size(width or CHART_SIZE[0], CHART_SIZE[1])
    plt.theme("clear")
    for engine, (epochs, values) in series.items():
        # log10 by hand: plotext's own log axis prints its ticks as long fixed-point numbers
        plt.plot(epochs, [math.log10(v) for v in values], label=engine, marker="braille", color=CHART_COLORS[engine])
    plt.title(f"log10({label}) per epoch")   # plotext drops a title wider than the plot
    plt.xlabel("epoch")
    return plt.build()


def descent_renderables(d: Descent, every: int, term=None, brief: bool = False) -> list:
    """The terminal view at the terminal's width: log, table, chart (rich is imported only for it)."""
    from rich.text import Text
    from .charts import chart_width
    from .sheet import to_rich
    from .terminal import PIPE_WIDTH, Terminal
    term = term or Terminal(PIPE_WIDTH)
    sheet = descent_sheet(d)
    return [Text("\n".join(epoch_log(d, every))), to_rich(sheet.brief() if brief else sheet, term),
            Text.from_ansi(mse_chart(d, chart_width(term.width)))] + ([] if brief else [Text(CHART_NOTE, style="dim")])
