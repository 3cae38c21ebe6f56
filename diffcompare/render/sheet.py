"""Rendering: one `Sheet` (title, columns, rows, notes) drawn as a rich table in a
terminal, or as markdown, csv or latex for handouts; JSON is the data itself.

Nothing here computes, and nothing here knows a command: each command's `render/<command>.py`
builds its Sheets from its result.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("rich", "markdown", "csv", "json", "latex")


@dataclass
class Sheet:
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    caption: str = ""          # a line above the table (function, point, ...)


def to_markdown(sheet: Sheet) -> str:
    out = [f"**{sheet.title}**", ""] if sheet.title else []
    if sheet.caption:
        out += [sheet.caption, ""]
    out.append("| " + " | ".join(sheet.columns) + " |")
    out.append("|" + "|".join("---" for _ in sheet.columns) + "|")
    for row in sheet.rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", "<br>") for c in row) + " |")
    if sheet.notes:
        out.append("")
        # an indented note continues the one above it (a formula under its heading)
        out += [f"  - {n.strip()}" if n.startswith("  ") else f"- {n}" for n in sheet.notes]
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
    for n in sheet.notes:
        out.append(r"\par\small " + latex_escape(n))
    out.append(r"\end{table}")
    return "\n".join(out)


def to_rich(sheet: Sheet):
    """A rich renderable (imported lazily: rich is only needed for terminal output)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text
    table = Table(title=sheet.title or None, show_lines=any("\n" in str(c) for r in sheet.rows for c in r))
    for col in sheet.columns:
        table.add_column(col)
    for row in sheet.rows:
        table.add_row(*[Text(str(c)) for c in row])
    parts = []
    if sheet.caption:
        parts.append(Text(sheet.caption))
    parts.append(table)
    for n in sheet.notes:
        parts.append(Text(n, style="dim"))
    return Group(*parts)


def to_json(data: Any) -> str:
    return json.dumps(_jsonable(data), indent=2, ensure_ascii=False)


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
