"""One result, every format: a `Report` holds what a command shows -- its tables (Sheets),
its data (JSON), its flat records (CSV), what only a picture shows (a chart, a log) -- and
this module turns it into text of any format, for the terminal, a saved handout or a
notebook (`Shown`, the mixin that gives results `_repr_html_`, `_repr_markdown_` and
`__rich__`).

The format of a saved file is chosen by its extension alone (`SAVE_FORMATS`); what is
printed follows `--format`. Nothing here computes or knows a command: `reports.py` builds
each command's Report from its result.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

from .sheet import Sheet, to_json, to_rich

#: extension -> the format written; anything else is refused with this list
SAVE_FORMATS = {".svg": "svg", ".html": "html", ".txt": "text", ".md": "markdown", ".csv": "csv",
                ".json": "json", ".tex": "latex"}
PIPED_WIDTH = 140        # columns of a rendering that goes to no terminal


@dataclass
class Report:
    """What one result shows. `extras` make the renderables that are no table (a chart, a
    training log) -- built only when a format draws them; `view` makes the terminal's whole
    picture when it is not the sheets followed by the extras; `texts` are a command's own
    formats (Graphviz dot, an indented tree)."""
    sheets: list[Sheet]
    data: Any
    records: list[dict] = field(default_factory=list)
    extras: Callable[[], list] | None = None
    view: Callable[[], list] | None = None
    texts: dict[str, Callable[[], str]] = field(default_factory=dict)
    title: str = "diffcompare"

    def rich_parts(self) -> list:
        if self.view is not None:
            return self.view()
        return [to_rich(s) for s in self.sheets] + (self.extras() if self.extras else [])


def console(record: bool = False, file=None, width: int | None = None):
    """The one place a rich Console is made: the terminal's own width on a terminal, else
    PIPED_WIDTH (a file, a pipe, a notebook's text)."""
    from rich.console import Console
    out = file if file is not None else sys.stdout
    if width is None and not (file is None and sys.stdout.isatty()):
        width = PIPED_WIDTH
    return Console(record=record, file=out, width=width)


def recorded(report: Report, width: int | None = None):
    """A console that drew the report off-screen, for export (svg, text, html)."""
    con = console(record=True, file=io.StringIO(), width=width or PIPED_WIDTH)
    for part in report.rich_parts():
        con.print(part)
    return con


def plain_text(renderable, width: int | None = None) -> str:
    """A renderable's characters without colour (a chart inside markdown)."""
    con = console(record=True, file=io.StringIO(), width=width or PIPED_WIDTH)
    con.print(renderable)
    return con.export_text().rstrip("\n")


def text_of(report: Report, fmt: str) -> str:
    """The report as text in `fmt`: markdown, latex, html, csv, json, text (the terminal's
    picture without colour), svg, or one of the report's own formats."""
    if fmt in report.texts:
        return report.texts[fmt]()
    if fmt == "json":
        return to_json(report.data)
    if fmt == "csv":
        return records_csv(report.records)
    if fmt == "markdown":
        from .sheet import to_markdown
        parts = [to_markdown(s) for s in report.sheets]
        parts += [f"```\n{plain_text(x)}\n```" for x in (report.extras() if report.extras else [])]
        return "\n\n".join(parts)
    if fmt == "latex":
        from .sheet import to_latex
        return "\n\n".join(to_latex(s) for s in report.sheets)
    if fmt == "html":
        from .html import page
        return page(html_fragments(report), report.title)
    if fmt == "text":
        return recorded(report).export_text()
    if fmt == "svg":
        return recorded(report).export_svg(title=report.title)
    raise ValueError(f"no format {fmt!r}")


def html_fragments(report: Report) -> list[str]:
    """The tables as HTML tables, and every extra (a chart keeps its colours) as preformatted HTML."""
    from .html import sheet_html
    fragments = [sheet_html(s) for s in report.sheets]
    for extra in report.extras() if report.extras else []:
        con = console(record=True, file=io.StringIO(), width=PIPED_WIDTH)
        con.print(extra)
        fragments.append(con.export_html(inline_styles=True, code_format="<pre style=\"font-family:monospace;"
                                                                          "line-height:1.2\">{code}</pre>"))
    return fragments


def records_csv(records: list[dict]) -> str:
    """Flat records as CSV: one column per key (in order of first appearance), numbers written
    as Python writes them (no units, no rounding), None as an empty cell."""
    import csv
    columns: list[str] = []
    for record in records:
        columns += [k for k in record if k not in columns]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record.get(k) is None else _csv_value(record[k]) for k in columns])
    return buf.getvalue().rstrip("\n")


def _csv_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if hasattr(v, "tolist"):                 # a numpy number or array
        v = v.tolist()
    if isinstance(v, (list, tuple)):         # an array node's values: JSON's spelling, numbers kept
        import json
        return json.dumps(v)
    return v


class Shown:
    """Gives a result its pictures in a notebook and in rich: the same tables the command
    line prints (`reports.report_of`), as HTML, markdown or rich renderables; `save(path)`
    writes it in the format of the path's extension."""

    def report(self) -> Report:
        from .reports import report_of
        return report_of(self)

    def _repr_html_(self) -> str:
        from .html import body
        return body(html_fragments(self.report()))

    def _repr_markdown_(self) -> str:
        return text_of(self.report(), "markdown")

    def __repr__(self) -> str:
        # the picture without colour, as a REPL shows a table (the fields hold a whole Program)
        return text_of(self.report(), "text").rstrip("\n")

    def __rich__(self):
        from rich.console import Group
        return Group(*self.report().rich_parts())

    def to(self, fmt: str) -> str:
        """The result as text: markdown, latex, html, csv, json, text or svg."""
        return text_of(self.report(), fmt)

    def save(self, path: str) -> str:
        """Write the result to `path` in the format its extension names (.svg .html .txt .md .csv
        .json .tex); returns what was done ("saved PATH" or "replaced PATH")."""
        from .saving import format_for, write
        return write(path, text_of(self.report(), format_for(path)))
