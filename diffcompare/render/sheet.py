"""Rendering: one `Sheet` (title, columns, rows, notes) drawn as a rich table in a
terminal, or as markdown, csv or latex for handouts; JSON is the data itself.

Nothing here computes: it formats what `measure` and friends measured.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from ..numbers import number, point_text, sci, seconds

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
    return x


def render_text(sheet: Sheet, fmt: str) -> str:
    """Markdown, csv or latex text of a sheet."""
    return {"markdown": to_markdown, "csv": to_csv, "latex": to_latex}[fmt](sheet)


# --- diff: a Comparison ------------------------------------------------------

FORMULA_MAX_OPS = 120    # print a symbolic derivative only while it stays readable


def partial_names(outputs: list[str], inputs: list[str]) -> list[str]:
    return [f"∂{o}/∂{i}" for o in outputs for i in inputs]


def comparison_sheet(c) -> Sheet:
    """The rich/markdown/csv/latex view of `measure.compare`'s result."""
    heads = partial_names(c.outputs, c.wrt_names)
    wide = len(heads) > 6
    check = getattr(c, "point_check", None)
    kinked = check is not None and check.kinked     # no single derivative here: show both sides and why
    explained = check is not None and bool(check.explanations)
    why = (lambda name: [check.explanations.get(name, "")]) if explained else (lambda name: [])
    columns = ["engine"] + (["Jacobian"] if wide else heads) + [
        "rel. error", "digits", "traversals", "prim. calls", "time"] + (["at this point"] if explained else [])
    rows = []
    if c.reference is not None:
        ref = c.reference.floats()
        rows.append(["reference (50 digits)"] + _jac_cells(ref, wide) + ["-", "50", "-", "-", "-"] + why("reference"))
    if kinked:
        rows += _one_sided_rows(c, check, wide)
    for r in c.engines.values():
        label = r.engine + (f" ({r.details['method']})" if r.details.get("method") else "")
        if r.jacobian is None or r.error:
            reason = ("refused: " if not r.supported else "error: ") + (r.error or "")
            cells = [reason] + ([""] * (0 if wide else len(heads) - 1))
            rows.append([label] + cells + ["-", "-", number(r.traversals), number(r.primitive_calls), seconds(r.time_s)]
                        + why(r.engine))
            continue
        rows.append([label] + _jac_cells(r.jacobian, wide) + [
            sci(r.max_rel_error), "-" if r.correct_digits is None else f"{r.correct_digits:.1f}",
            str(r.traversals) if r.engine != "symbolic" else f"{r.traversals} (symbolic run)",
            str(r.primitive_calls), seconds(r.time_s)] + why(r.engine))
    caption = (f"{c.function}   n_inputs = {len(c.inputs)}, n_outputs = {len(c.outputs)}   at "
               + point_text(c.point) + "   value" + ("s" if len(c.values or []) > 1 else "") + " = "
               + (", ".join(number(v, 12) for v in c.values) if c.values else "-"))
    notes = []
    if check is not None and check.sites:
        notes.append(check.summary())
        if check.skipped:
            notes.append(f"Not every input was checked: {check.skipped}.")
    if c.program.defaulted:
        notes.append(f"{', '.join(c.program.defaulted)} had no value and took 1.0 (give --at to choose).")
    if c.reference_error:
        notes.append(f"No reference at this point: {c.reference_error}")
    elif c.reference is not None and c.reference.crosscheck != "not run":
        notes.append(f"Reference: dual numbers over mpmath at 50 digits; {c.reference.crosscheck}.")
    symbolic = c.engines.get("symbolic")
    if symbolic is not None and symbolic.ok:
        notes += formula_lines(symbolic, c.outputs)
    if kinked:
        notes.append("One-sided rows: limits of (f(x ± h) - f(x)) / ±h, computed over mpmath at 80 digits for "
                     "h = 1e-12 ... 1e-30. No error or digits here: there is no single derivative to measure against.")
    notes.append("Error: max|J - R| / max|R| against the reference R; digits: -log10 of it, capped at 17. "
                 "Time: median of repeats after a warm-up (symbolic: derive + evaluate, once).")
    title = f"Derivatives of {c.program.name if not c.program.inline else 'f'}"
    return Sheet(title + (": NOT differentiable at this point" if kinked else ""), columns, rows, notes, caption)


def _one_sided_rows(c, check, wide: bool) -> list[list[str]]:
    """The computed right- and left-hand derivatives, one row each, in the Jacobian's layout."""
    by_place = {(p.output, p.column): p for p in check.partials}
    ref = c.reference.floats() if c.reference is not None else None
    rows = []
    for side in ("right", "left"):
        cells = []
        for i in range(len(c.outputs)):
            for k in range(len(c.wrt)):
                p = by_place.get((i, k))
                if p is not None:
                    cells.append(getattr(p, side).short)
                else:      # an input the kink does not depend on: both sides are the derivative
                    cells.append(number(ref[i][k]) if ref is not None else "-")
        rows.append([f"{side}-hand (computed)"] + _flat_cells(cells, wide) + ["-", "-", "-", "-", "-",
                     "lim (f(x+h) - f(x))/h, h → 0+" if side == "right" else "lim (f(x) - f(x-h))/h, h → 0+"])
    return rows


def formula_lines(r, outputs: list[str]) -> list[str]:
    d = r.details
    lines = [f"Symbolic derivative: {d['ops_raw']} operations as written, {d['ops_cse']} after cse; "
             f"derived in {seconds(d['derive_s'])}, evaluated in {seconds(d['evaluate_s'])}."]
    if d["ops_raw"] <= FORMULA_MAX_OPS:
        for out, row in zip(outputs, d["derivatives"]):
            for sym, expr in zip(d["symbols"], row):
                lines.append(f"  ∂{out}/∂{sym} = {expr}")
    else:
        lines.append("  (too large to print; `diffcompare graph` shows its size)")
    return lines


def _jac_cells(jac: list[list[float]], wide: bool) -> list[str]:
    return _flat_cells([number(v) for row in jac for v in row], wide)


def _flat_cells(flat: list[str], wide: bool) -> list[str]:
    if not wide:
        return flat
    shown = ", ".join(flat[:4]) + (f", … ({len(flat)} entries)" if len(flat) > 4 else "")
    return [shown]


def comparison_json(c) -> dict:
    engines = {}
    for name, r in c.engines.items():
        entry = {"jacobian": r.jacobian, "traversals": r.traversals, "primitive_calls": r.primitive_calls,
                 "calls": r.calls, "time_s": r.time_s, "repeats": r.repeats, "max_rel_error": r.max_rel_error,
                 "correct_digits": r.correct_digits, "supported": r.supported, "error": r.error}
        if name == "numerical" and r.details:
            entry["method"] = r.details.get("method")
            entry["steps"] = r.details.get("steps")
            if "error_estimate" in r.details:
                entry["error_estimate"] = r.details["error_estimate"]
        if name == "symbolic" and r.ok:
            d = r.details
            entry.update({"derive_s": d["derive_s"], "evaluate_s": d["evaluate_s"], "ops_raw": d["ops_raw"],
                          "ops_cse": d["ops_cse"],
                          "derivatives": [[str(e) for e in row] for row in d["derivatives"]]})
        check = getattr(c, "point_check", None)
        if check is not None and name in check.explanations:
            entry["at_this_point"] = check.explanations[name]
        engines[name] = entry
    return {
        "function": c.function, "inputs": c.wrt_names, "outputs": c.outputs, "point": c.point,
        "values": c.values,
        "reference": {"jacobian": c.reference.floats() if c.reference else None, "digits": 50,
                      "crosscheck": c.reference.crosscheck if c.reference else None,
                      "error": c.reference_error},
        "defaulted": c.program.defaulted,
        "point_check": c.point_check.as_dict() if getattr(c, "point_check", None) is not None else None,
        "engines": engines,
    }
