"""A Sheet as an HTML table: for `--save handout.html` and a notebook's `_repr_html_`.

Every cell is escaped; a line break inside a cell becomes `<br>`. The notes follow the table
as a list, the caption precedes it, as in the other formats."""

from __future__ import annotations

from html import escape

from .sheet import Sheet

STYLE = ("<style>.diffcompare table{border-collapse:collapse;margin:0.5em 0}"
         ".diffcompare th,.diffcompare td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
         "vertical-align:top;font-family:monospace}"
         ".diffcompare caption{font-weight:bold;text-align:left}"
         ".diffcompare .notes{color:#555;font-size:90%}</style>")


def _cell(text: object) -> str:
    return "<br>".join(escape(line) for line in str(text).split("\n"))


def sheet_html(sheet: Sheet) -> str:
    out = []
    if sheet.caption:
        out.append(f"<p>{_cell(sheet.caption)}</p>")
    out.append("<table>")
    if sheet.title:
        out.append(f"<caption>{_cell(sheet.title)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{_cell(c)}</th>" for c in sheet.columns) + "</tr></thead>")
    out.append("<tbody>")
    for row in sheet.rows:
        out.append("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    if sheet.notes:
        out.append('<ul class="notes">' + "".join(f"<li>{_cell(n.strip())}</li>" for n in sheet.notes) + "</ul>")
    return "\n".join(out)


def preformatted(text: str) -> str:
    """Text that keeps its layout (a chart drawn in characters, a log)."""
    return f"<pre>{escape(text)}</pre>"


def page(fragments: list[str], title: str = "diffcompare") -> str:
    """A whole document around `fragments` (a saved handout; a notebook takes the body alone)."""
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title>{STYLE}</head>\n<body>\n{body(fragments)}\n</body></html>\n")


def body(fragments: list[str]) -> str:
    return '<div class="diffcompare">\n' + "\n".join(fragments) + "\n</div>"
