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
from dataclasses import dataclass, field
from typing import Any, Callable

from .sheet import Sheet, to_json, to_rich
from .terminal import PIPE_WIDTH as PIPED_WIDTH, Terminal, detect

#: extension -> the format written; anything else is refused with this list
SAVE_FORMATS = {".svg": "svg", ".html": "html", ".txt": "text", ".md": "markdown", ".csv": "csv",
                ".json": "json", ".tex": "latex"}


@dataclass
class Report:
    """What one result shows. `extras(width=None)` make the renderables that are no table (a
    chart, a training log) -- built only when a format draws them, at `width` columns when
    given (a terminal's); `view` makes the terminal's whole
    picture when it is not the sheets followed by the extras (given the Terminal and `brief`);
    `layout` makes the sheets when they depend on the format and the width (diff's Jacobian:
    inline when it fits, else a matrix); `texts` are a command's own formats (Graphviz dot,
    an indented tree). `brief` leaves out the sheets' footnotes (notes), never the findings."""
    sheets: list[Sheet]
    data: Any
    records: list[dict] = field(default_factory=list)
    extras: Callable[..., list] | None = None
    view: Callable[[Terminal | None, bool], list] | None = None
    texts: dict[str, Callable[[], str]] = field(default_factory=dict)
    title: str = "diffcompare"
    layout: Callable[[str, int | None], list[Sheet]] | None = None
    brief: bool = False

    def shown_sheets(self, fmt: str = "markdown", width: int | None = None) -> list[Sheet]:
        """The sheets printed in `fmt` at `width` columns (None: a format that wraps by itself)."""
        sheets = self.layout(fmt, width) if self.layout is not None else self.sheets
        return [s.brief() if self.brief else s for s in sheets]

    def rich_parts(self, term: Terminal | None = None) -> list:
        """The terminal's picture, fitted to `term` (default: PIPED_WIDTH, unicode, no colour)."""
        term = term or Terminal(PIPED_WIDTH)
        if self.view is not None:
            return self.view(term, self.brief)
        return ([to_rich(s, term) for s in self.shown_sheets("rich", term.width)]
                + (self.extras(width=term.width) if self.extras else []))


def console(record: bool = False, file=None, width: int | None = None, term: Terminal | None = None):
    """The one place a rich Console is made. Without `file` it draws into a buffer that
    `terminal.write` prints (`terminal.draw`): the detected terminal's width (COLUMNS honoured,
    PIPED_WIDTH for a pipe), colour only on a terminal that wants it. With `file` (a notebook's
    text, an export) it is PIPED_WIDTH wide unless told."""
    from .terminal import console as terminal_console
    if file is None:
        term = term or detect()
        return terminal_console(Terminal(width, term.unicode, term.color) if width else term, record)
    from rich.console import Console
    return Console(record=record, file=file, width=width or PIPED_WIDTH)


def recorded(report: Report, width: int | None = None):
    """A console that drew the report off-screen, for export (svg, text, html)."""
    term = Terminal(width or PIPED_WIDTH)
    con = console(record=True, term=term)
    for part in report.rich_parts(term):
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
        parts = [to_markdown(s) for s in report.shown_sheets("markdown")]
        parts += [f"```\n{plain_text(x)}\n```" for x in (report.extras() if report.extras else [])]
        return "\n\n".join(parts)
    if fmt == "latex":
        from .sheet import to_latex
        return "\n\n".join(to_latex(s) for s in report.shown_sheets("latex"))
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
    fragments = [sheet_html(s) for s in report.shown_sheets("html")]
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

    def report(self, **options) -> Report:
        """The Report the command line prints; `options` are its drawing options (diff: full,
        errors; trace: rows; graph: depth, lines; descent: every)."""
        from .reports import report_of
        return report_of(self, **options)

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
