"""Terminal charts for the steps and scaling views, drawn by plotext (imported lazily:
startup matters, and only a chart needs it), and handed to rich as styled text so
`--save out.svg|html` records them with the tables.

Nothing here measures: a chart draws numbers it is given.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field

#: markers that tell series apart without colour (a projector, a printout), and colours as
#: plotext and rich name them
MARKERS = ("•", "x", "+", "o", "*", "#")
COLORS = (("blue+", "bright_blue"), ("red+", "bright_red"), ("green+", "bright_green"),
          ("magenta+", "bright_magenta"), ("cyan+", "bright_cyan"), ("yellow+", "bright_yellow"))
MAX_WIDTH, HEIGHT = 100, 22


@dataclass
class Series:
    label: str
    x: list[float]
    y: list[float | None]          # None: nothing measured there (a failure, a cap)
    style: int | None = None       # index into MARKERS and COLORS (default: the series' position)


@dataclass
class Chart:
    title: str
    xlabel: str
    ylabel: str
    series: list[Series]
    vlines: list[tuple[float, str]] = field(default_factory=list)   # (x, label) marks, e.g. a textbook h
    floor: float = 0.0             # values <= 0 cannot sit on a log axis: drawn at `floor` if > 0, else dropped


def log_log(chart: Chart, width: int | None = None, height: int = HEIGHT) -> str:
    """The chart on log-log axes as text with ANSI colours (plotext's build())."""
    if not any(_positive(s, chart.floor)[0] for s in chart.series):
        # plotext cannot draw empty log axes; nothing was measured (every method or engine refused)
        return f"{chart.title}: nothing was measured, so there is nothing to draw"
    import plotext as plt
    width = width or chart_width()
    plt.clear_figure()
    plt.theme("clear")           # no background fill: readable on dark and light terminals and in svg
    plt.limit_size(False, False)      # the width is ours (the output's), not plotext's guess of a terminal
    plt.plotsize(width, height)
    plt.xscale("log")
    plt.yscale("log")
    xs_all, ys_all = [], []
    for k, s in enumerate(chart.series):
        xs, ys = _positive(s, chart.floor)
        if not xs:
            continue
        xs_all += xs
        ys_all += ys
        # no plotext legend: it is drawn over the data in the top-left corner; `legend` is printed above
        marker, (color, _) = _style(s, k)
        plt.plot(xs, ys, marker=marker, color=color)
    if not ys_all:               # every point refused or failed: nothing to draw (plotext would fail)
        return f"{chart.title}: no measured point to chart"
    for x, label in chart.vlines:
        if x > 0:
            plt.vline(x, "gray")
            xs_all.append(x)
    if xs_all:
        for ticks, limits, values in ((plt.xticks, plt.xlim, xs_all), (plt.yticks, plt.ylim, ys_all)):
            positions, labels = _decade_ticks(min(values), max(values))
            ticks(positions, labels)
            # whole decades, so both ends carry a label (plotext takes a log axis's limits in log10)
            limits(math.log10(positions[0]), math.log10(positions[-1]))
    # the y label goes in the title: plotext cuts it to the width of the tick labels
    plt.title(f"{chart.title}" if chart.ylabel in chart.title else f"{chart.ylabel}: {chart.title}")
    plt.xlabel(chart.xlabel)
    return plt.build()


def chart_width(columns: int | None = None) -> int:
    """A chart's width in a terminal `columns` wide (default: the output's, COLUMNS honoured):
    the whole width up to MAX_WIDTH, never below 40 (the terminal's minimum layout)."""
    if columns is None:
        from .terminal import detect
        columns = detect().width
    return min(MAX_WIDTH, max(40, columns - 2))


def legend(chart: Chart) -> list[tuple[str, str]]:
    """(text, rich style) of each series' key: its marker twice and its label."""
    return [(f"{_style(s, k)[0] * 2} {s.label}", _style(s, k)[1][1]) for k, s in enumerate(chart.series)]


def _style(s: Series, position: int) -> tuple[str, tuple[str, str]]:
    k = position if s.style is None else s.style
    return MARKERS[k % len(MARKERS)], COLORS[k % len(COLORS)]


def renderable(chart: Chart, width: int | None = None):
    """The legend and the chart as rich Text (colours kept, so an svg or html save shows them)."""
    from rich.console import Group
    from rich.text import Text
    width = width or chart_width()
    # the key wraps between its entries, never inside one (a slope is a number)
    key = Text("   ")
    used = 3
    for text, style in legend(chart):
        if used > 3 and used + len(text) > width:
            key.append("\n   ")
            used = 3
        key.append(text, style=style)
        key.append("   ")
        used += len(text) + 3
    drawing = Text.from_ansi(log_log(chart, width))
    drawing.no_wrap = True
    return Group(key, drawing)


def _positive(s: Series, floor: float) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for x, y in zip(s.x, s.y):
        if y is None or not math.isfinite(y) or x <= 0:
            continue
        if y <= 0:
            if floor <= 0:
                continue
            y = floor
        xs.append(x)
        ys.append(y)
    return xs, ys


def _decade_ticks(low: float, high: float, most: int = 8) -> tuple[list[float], list[str]]:
    """Ticks at powers of ten spanning [low, high], every k-th decade so at most `most` show."""
    lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(high))
    hi = max(hi, lo + 1)
    step = max(1, math.ceil((hi - lo + 1) / most))
    exponents = list(range(lo, hi + 1, step))
    if exponents[-1] < hi:
        exponents.append(exponents[-1] + step)
    return [10.0 ** e for e in exponents], [_power_label(e) for e in exponents]


def _power_label(e: int) -> str:
    return {0: "1", 1: "10", 2: "100", 3: "1000"}.get(e, f"1e{e}")


@contextmanager
def progress(total: int, enabled: bool = True):
    """A rich progress bar on stderr; yields `advance(description)`, called before each step.

    Disabled (a no-op) for machine-readable output, so json/csv stay clean."""
    if not enabled:
        yield lambda description: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    bar = Progress(TextColumn("{task.description:<32}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task("starting", total=total)
        started = [False]

        def advance(description: str) -> None:
            bar.update(task, description=description, advance=1 if started[0] else 0)
            started[0] = True

        yield advance
        bar.update(task, advance=1)
