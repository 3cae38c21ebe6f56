"""Rendering: one `Sheet` (title, columns, rows, findings, notes) drawn as a rich table in
a terminal, fitted to its width (`layout.py`), or as markdown, csv or latex for handouts;
JSON is the data itself.

Findings are part of the result (a formula, a refusal, a summary in words); notes are the
footnotes that explain how it was measured, which `--brief` leaves out.

Nothing here computes, and nothing here knows a command: each command's `render/<command>.py`
builds its Sheets from its result.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

FORMATS = ("rich", "markdown", "csv", "json", "latex")


@dataclass
class Sheet:
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    caption: str = ""          # a line above the table (function, point, ...)
    findings: list[str] = field(default_factory=list)   # lines of the result itself, shown even with --brief
    key_columns: int = 1       # the columns naming a row: a table cut to fit repeats them
    sections: list[int] = field(default_factory=list)   # a rule below these rows (an engine's block)

    def brief(self) -> Sheet:
        """The sheet without its footnotes."""
        return replace(self, notes=[])

    @property
    def lines_below(self) -> list[str]:
        """Findings, then notes: what is printed under the table."""
        return self.findings + self.notes


def defaulted_lines(point) -> list[str]:
    """The inputs that took 1.0 for want of a value at this point (none that --at gave)."""
    names = list(getattr(point, "defaulted", ()) or ())
    return [f"{', '.join(names)} had no value and took 1.0 (give --at to choose)."] if names else []


def to_markdown(sheet: Sheet) -> str:
    out = [f"**{sheet.title}**", ""] if sheet.title else []
    if sheet.caption:
        out += [sheet.caption, ""]
    out.append("| " + " | ".join(sheet.columns) + " |")
    out.append("|" + "|".join("---" for _ in sheet.columns) + "|")
    for row in sheet.rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", "<br>") for c in row) + " |")
    if sheet.lines_below:
        out.append("")
        # an indented note continues the one above it (a formula under its heading)
        out += [f"  - {n.strip()}" if n.startswith("  ") else f"- {n}" for n in sheet.lines_below]
    return "\n".join(out)


def to_csv(sheet: Sheet) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(sheet.columns)
    for row in sheet.rows:
        writer.writerow([str(c).replace("\n", " ") for c in row])
    return buf.getvalue().rstrip("\n")


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                  "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
                  "µ": r"$\mu$", "≈": r"$\approx$", "✓": r"$\checkmark$", "✗": r"$\times$", "ε": r"$\varepsilon$",
                  "·": r"$\cdot$", "∂": r"$\partial$", "≤": r"$\le$", "≥": r"$\ge$", "−": "-",
                  "†": r"\textdagger{}", "→": r"$\to$", "×": r"$\times$", "…": r"\ldots{}"}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def to_latex(sheet: Sheet) -> str:
    out = [r"\begin{table}[ht]", r"\centering"]
    if sheet.title:
        out.append(r"\caption{" + latex_escape(sheet.title) + "}")
    out.append(r"\begin{tabular}{" + "l" * len(sheet.columns) + "}")
    out.append(r"\hline")
    out.append(" & ".join(latex_escape(c) for c in sheet.columns) + r" \\")
    out.append(r"\hline")
    for row in sheet.rows:
        out.append(" & ".join(latex_escape(str(c).replace("\n", " ")) for c in row) + r" \\")
    out.append(r"\hline")
    out.append(r"\end{tabular}")
    for n in sheet.lines_below:
        out.append(r"\par\small " + latex_escape(n))
    out.append(r"\end{table}")
    return "\n".join(out)


def to_rich(sheet: Sheet, term=None, brief: bool = False):
    """A rich renderable of the sheet fitted to the terminal's width: one table when its columns
    fit, else several repeating the key columns, else one record per row; every number whole
    (rich is imported lazily: only terminal output needs it)."""
    from rich.console import Group
    from rich.text import Text
    from . import layout
    from .terminal import PIPE_WIDTH, Terminal
    term = term or Terminal(PIPE_WIDTH)
    width = term.width
    rows = [[str(c) for c in r] for r in sheet.rows]
    fitted = layout.fit(sheet.columns, rows, width, sheet.key_columns) if sheet.columns else None
    parts = []
    if sheet.caption:
        parts.append(_marked(Text("\n".join(layout.wrap(sheet.caption, width, "    ")))))
    for i, part in enumerate(fitted or [None]):
        table_width = part.total if part is not None else width
        if sheet.title:
            title = layout.wrap(sheet.title if i == 0 else f"{sheet.title} (continued)", width)
            centre = max(len(line) for line in title) <= table_width      # over the table, if it is as wide
            parts += [Text(_centred(line, table_width) if centre else line, style="italic") for line in title]
        parts.append(_table(sheet, rows, part, term) if part is not None else _records(sheet, rows, width))
    for line in sheet.findings:
        parts.append(_marked(Text("\n".join(layout.wrap(line, width, "    ")))))
    for line in ([] if brief else sheet.notes):
        parts.append(_marked(Text("\n".join(layout.wrap(line, width, "    ")), style="dim")))
    return Group(*parts)


def _centred(line: str, width: int) -> str:
    return " " * max(0, (width - len(line)) // 2) + line


def _marked(text):
    """✓ in green and ✗ in red (plain where the terminal has no colour)."""
    text.highlight_regex("✓", "bold green")
    text.highlight_regex("✗", "bold red")
    return text


def _table(sheet: Sheet, rows: list[list[str]], part, term):
    from rich import box
    from rich.table import Table
    from rich.text import Text
    from .layout import rules, wrap
    cells = [[wrap(r[k], w) for k, w in zip(part.columns, part.widths)] for r in rows]
    # a rule under every row once a row's name wraps, so its lines read as one row; an engine's
    # block of rows (sections) is ruled off as a whole instead
    table = Table(box=box.HEAVY_HEAD if term.unicode else box.ASCII, safe_box=not term.unicode,
                  show_lines=not sheet.sections and rules([len(c) for c in [[""]] + [row[0] for row in cells]]))
    for k, w in zip(part.columns, part.widths):
        table.add_column(Text("\n".join(wrap(sheet.columns[k], w))), width=w, no_wrap=True, overflow="ignore")
    for i, row in enumerate(cells):
        table.add_row(*[_marked(Text("\n".join(c))) for c in row], end_section=i in sheet.sections)
    return table


def _records(sheet: Sheet, rows: list[list[str]], width: int):
    from rich.text import Text
    from .layout import stacked
    out = Text()
    for k, (line, heading) in enumerate(stacked(sheet.columns, rows, width, sheet.key_columns)):
        out.append(("\n" if k else "") + line, style="bold" if heading else "")
    return _marked(out)


def to_json(data: Any, ascii_only: bool = False) -> str:
    return json.dumps(_jsonable(data), indent=2, ensure_ascii=ascii_only)


def _jsonable(x: Any) -> Any:
    """NaN and inf are not JSON: they become null (the accompanying error says why)."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if hasattr(x, "as_dict"):           # a result or a Point: its plain-data form
        return _jsonable(x.as_dict())
    if hasattr(x, "tolist"):            # a numpy array (nested lists) or a numpy number
        return _jsonable(x.tolist())
    return x


def render_text(sheet: Sheet, fmt: str) -> str:
    """Markdown, csv or latex text of a sheet."""
    return {"markdown": to_markdown, "csv": to_csv, "latex": to_latex}[fmt](sheet)
