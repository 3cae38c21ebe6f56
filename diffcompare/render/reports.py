"""Each command's Report: its sheets, data, records and pictures, from the render module of
that command. The command line prints a Report in the format asked for; a notebook shows the
same Report (`output.Shown`). Options that only change what is drawn (rows of a trace, lines
of a graph's tree, epochs between log lines) are keywords here, with the command line's
defaults."""

from __future__ import annotations

from typing import Any

from . import records
from .output import Report


def comparison(c, full: bool = False, errors: bool = False) -> Report:
    """diff: the Jacobian inline in the engines' table when it is small and fits the width, else
    a matrix per engine (`full`: every entry); `errors`: each entry's error too."""
    from .diff import comparison_json, comparison_sheet, comparison_sheets
    return Report([comparison_sheet(c)], comparison_json(c), records.comparison(c, errors), title="diffcompare diff",
                  layout=lambda fmt, width: comparison_sheets(c, fmt, width, full, errors))


def table(t) -> Report:
    from .table import book_sheet, measured_sheet, table_json
    return Report([measured_sheet(t), book_sheet(t)], table_json(t), records.table(t), title="diffcompare table")


def trace(t, rows: int | None = None) -> Report:
    from .trace import DEFAULT_LIMIT, trace_dot, trace_json, trace_sheets
    return Report(trace_sheets(t, DEFAULT_LIMIT if rows is None else rows), trace_json(t), records.trace(t),
                  texts={"dot": lambda: trace_dot(t)}, title="diffcompare trace")


def steps(s) -> Report:
    from .charts import chart_width, renderable
    from .sheet import to_rich
    from .steps import chart, summary_sheet, sweep_sheet
    summary = summary_sheet(s)
    return Report([sweep_sheet(s), summary], s.as_dict(), records.steps(s),
                  extras=lambda width=None: [renderable(chart(s), width and chart_width(width))],
                  view=lambda term, brief: [to_rich(summary.brief() if brief else summary, term),
                                            renderable(chart(s), chart_width(term.width))], title="diffcompare steps")


def scaling(s) -> Report:
    from .charts import chart_width, renderable
    from .scaling import chart, sheet
    return Report([sheet(s)], s.as_dict(), records.scaling(s),
                  extras=lambda width=None: [renderable(chart(s), width and chart_width(width))],
                  title="diffcompare scaling")


def graph(g, depth: int | None = None, lines: int | None = None) -> Report:
    from .graph import MAX_DEPTH, MAX_LINES, counts_sheet, text, to_dot, tree_renderable
    depth = MAX_DEPTH if depth is None else depth
    lines = MAX_LINES if lines is None else lines
    report = Report([counts_sheet(g)], g.as_dict(), records.graph(g),
                    extras=lambda width=None: [tree_renderable(g, depth, lines, width)], title="diffcompare graph")
    report.texts = {"dot": lambda: to_dot(g), "text": lambda: text(g, depth, lines, report.brief)}
    return report


def descent(d, every: int = 100) -> Report:
    from .charts import chart_width
    from .descent import descent_json, descent_renderables, descent_sheet, epoch_log, mse_chart

    def extras(width: int | None = None) -> list:
        from rich.text import Text
        return [Text("\n".join(epoch_log(d, every))), Text.from_ansi(mse_chart(d, width and chart_width(width)))]

    return Report([descent_sheet(d)], descent_json(d), records.descent(d), extras=extras,
                  view=lambda term, brief: descent_renderables(d, every, term, brief), title="diffcompare descent")


def evaluation(r) -> Report:
    from .evaluate import evaluation_sheet
    return Report([evaluation_sheet(r)], r.as_dict(), records.evaluation(r), title="diffcompare eval")


def catalog(entries) -> Report:
    from .catalog import catalog_sheet
    return Report([catalog_sheet(entries)], [e.as_dict() for e in entries], records.catalog(entries),
                  title="diffcompare list")


def limits(limits) -> Report:
    from .limits import limits_json, limits_sheet
    return Report([limits_sheet(limits)], limits_json(limits), records.limits(limits), title="diffcompare limits")


def bench(result) -> Report:
    from .bench import sheets
    return Report(list(sheets(result)), result.as_dict(), records.bench(result), title="diffcompare bench")


#: a result's class name -> its report (the result classes live in views and analysis, which
#: render does not import)
BY_TYPE = {"Comparison": comparison, "Derivatives": comparison, "MeasuredTable": table, "Trace": trace, "StepSweep": steps,
           "Scaling": scaling, "Graph": graph, "Descent": descent, "EvalResult": evaluation, "BenchResult": bench}


def report_of(result: Any, **options) -> Report:
    return BY_TYPE[type(result).__name__](result, **options)
