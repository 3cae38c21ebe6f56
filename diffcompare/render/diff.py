"""What `diffcompare diff` shows: the Jacobian from each engine beside the 50-digit
reference, as a Sheet, and the JSON. Nothing here computes: it formats a
`measure.Comparison` (and the kink check it carries)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import number, point_text, sci, seconds
from .sheet import Sheet, defaulted_lines

if TYPE_CHECKING:
    from ..analysis.measure import Comparison, EngineResult

FORMULA_MAX_OPS = 120    # print a symbolic derivative only while it stays readable
INLINE_PARTIALS = 6      # a Jacobian of up to this many entries is a column each in the engines' table
SHOWN_INPUTS = 8         # a larger Jacobian shows this many columns (inputs) ...
SHOWN_OUTPUTS = 6        # ... and rows (outputs) per engine, unless --full


def partial_names(outputs: list[str], inputs: list[str]) -> list[str]:
    return [f"∂{o}/∂{i}" for o in outputs for i in inputs]


def comparison_sheets(c: Comparison, fmt: str = "rich", width: int | None = None, full: bool = False,
                      errors: bool = False) -> list[Sheet]:
    """The sheets `diff` prints. A small Jacobian (up to INLINE_PARTIALS entries) sits in the
    engines' table, a column per partial derivative, when that table fits the width; otherwise the
    engines' table, then the Jacobian as a matrix per engine (outputs × inputs), whole up to
    SHOWN_OUTPUTS × SHOWN_INPUTS (all with `full`), then with `errors` each entry's error. CSV is
    data: always one row per engine, every partial derivative a column."""
    from .layout import fits_one
    width = width if fmt == "rich" else None          # markdown and latex have no width: they wrap
    combined = comparison_sheet(c)
    if fmt == "csv" or (not errors and len(c.outputs) * len(c.wrt) <= INLINE_PARTIALS and (
            width is None or fits_one(combined.columns, combined.rows, width, max_lines=2))):
        return [combined] + ([errors_sheet(c, full=True)] if errors and fmt == "csv" else [])
    sheets = [summary_sheet(c), jacobian_sheet(c, full)] + ([errors_sheet(c, full)] if errors else [])
    # the findings and notes under the last table: they speak of all of them
    sheets[-1].findings = sheets[0].findings + sheets[-1].findings
    sheets[-1].notes = sheets[0].notes + sheets[-1].notes
    sheets[0].findings, sheets[0].notes = [], []
    return sheets


def _label(r: EngineResult) -> str:
    return r.engine + (f" ({r.details['method']})" if r.details.get("method") else "")


def _failure(r: EngineResult) -> str | None:
    if r.jacobian is None or r.error:
        return ("refused: " if not r.supported else "error: ") + (r.error or "")
    return None


def _traversals(r: EngineResult) -> str:
    return str(r.traversals) if r.engine != "symbolic" else f"{r.traversals} (symbolic run)"


def _digits(r: EngineResult) -> str:
    return "-" if r.correct_digits is None else f"{r.correct_digits:.1f}"


def comparison_sheet(c: Comparison) -> Sheet:
    """One row per engine: every partial derivative a column, then error, digits, traversals,
    calls and time (markdown, csv and latex; a terminal when it fits)."""
    heads = partial_names(c.outputs, c.wrt_names)
    check = getattr(c, "point_check", None)
    kinked = check is not None and check.kinked     # no single derivative here: show both sides and why
    explanations = dict(check.explanations) if check is not None else {}
    for name, r in c.engines.items():     # a number computed but suspect: said in the same column
        if r.caution and r.error is None and r.jacobian is not None:
            explanations[name] = "; ".join(filter(None, [explanations.get(name), f"caution: {r.caution}"]))
    explained = bool(explanations)
    why = (lambda name: [explanations.get(name, "")]) if explained else (lambda name: [])
    arrays = c.uses_arrays          # element operations differ from calls only with arrays: else no column
    work = (lambda r: [number(r.element_operations) if r.element_operations is not None else "-"]) if arrays \
        else (lambda r: [])
    columns = ["engine"] + heads + [
        "rel. error", "digits", "traversals", "prim. calls"] + (["element ops"] if arrays else []) + [
        "time"] + (["at this point"] if explained else [])
    rows = []
    if c.reference is not None:
        rows.append(["reference (50 digits)"] + _cells(c.reference.floats()) + ["-", "50", "-", "-"]
                    + ["-"] * arrays + ["-"] + why("reference"))
    if kinked:
        rows += [[label] + cells + ["-"] * (6 if arrays else 5) + [how]
                 for label, cells, how in _one_sided_rows(c, check)]
    for r in c.engines.values():
        failure = _failure(r)
        if failure:
            cells = [failure] + [""] * (len(heads) - 1)
            rows.append([_label(r)] + cells + ["-", "-", number(r.traversals), number(r.primitive_calls)] + work(r)
                        + [seconds(r.time_s)] + why(r.engine))
            continue
        rows.append([_label(r)] + _cells(r.jacobian) + [
            sci(r.max_rel_error), _digits(r), _traversals(r), str(r.primitive_calls)] + work(r)
            + [seconds(r.time_s)] + why(r.engine))
    title = f"Derivatives of {c.program.name if not c.program.inline else 'f'}"
    return Sheet(title + (": NOT differentiable at this point" if kinked else ""), columns, rows,
                 _notes(c), _caption(c), findings=_point_findings(c) + _formula_findings(c))


def summary_sheet(c: Comparison) -> Sheet:
    """The engines' table without the Jacobian (it follows as a matrix): error, digits,
    traversals, calls, time; an engine that failed says so here and why below."""
    arrays = c.uses_arrays
    check = getattr(c, "point_check", None)
    columns = ["engine", "rel. error", "digits", "traversals", "prim. calls"] + (
        ["element ops"] if arrays else []) + ["time"]
    rows = []
    if c.reference is not None:
        rows.append(["reference", "-", "50", "-", "-"] + ["-"] * arrays + ["-"])
    findings = []
    for r in c.engines.values():
        failure = _failure(r)
        work = [number(r.element_operations) if r.element_operations is not None else "-"] if arrays else []
        if failure:
            rows.append([_label(r), "refused" if not r.supported else "failed", "-", number(r.traversals),
                         number(r.primitive_calls)] + work + [seconds(r.time_s)])
            findings.append(f"✗ {_label(r)} {failure}")
            continue
        rows.append([_label(r), sci(r.max_rel_error), _digits(r), _traversals(r), str(r.primitive_calls)]
                    + work + [seconds(r.time_s)])
    if check is not None and check.explanations:
        findings += [f"At this point, {name}: {text}" for name, text in check.explanations.items() if text]
    kinked = check is not None and check.kinked
    title = f"Derivatives of {c.program.name if not c.program.inline else 'f'}"
    return Sheet(title + (": NOT differentiable at this point" if kinked else ""), columns, rows, _notes(c),
                 _caption(c), findings=_point_findings(c) + findings + _formula_findings(c))


def jacobian_sheet(c: Comparison, full: bool = False) -> Sheet:
    """Each engine's Jacobian as a matrix: a row per output, a column per input (the reference's
    first, and at a kink the one-sided derivatives), in blocks of SHOWN_OUTPUTS × SHOWN_INPUTS
    unless `full`; a note says how much is left out and how to see it."""
    blocks = []
    if c.reference is not None:
        blocks.append(("reference", [[number(v) for v in row] for row in c.reference.floats()]))
    check = getattr(c, "point_check", None)
    if check is not None and check.kinked:
        flat = len(c.wrt)
        for label, cells, _ in _one_sided_rows(c, check):
            blocks.append((label, [cells[i * flat:(i + 1) * flat] for i in range(len(c.outputs))]))
    blocks += [(_label(r), [[number(v) for v in row] for row in r.jacobian])
               for r in c.engines.values() if _failure(r) is None]
    return _matrix_sheet(c, blocks, full, f"Jacobian of {_name(c)}")


def errors_sheet(c: Comparison, full: bool = False) -> Sheet:
    """Each entry's error against the reference, in the Jacobian's layout."""
    ref = c.reference.floats() if c.reference is not None else None
    blocks = []
    for r in c.engines.values():
        if _failure(r) is None and r.entry_errors is not None and ref is not None:
            blocks.append((_label(r), [[sci(e) + (" abs" if ref[i][k] == 0 else "") for k, e in enumerate(row)]
                                       for i, row in enumerate(r.entry_errors)]))
    sheet = _matrix_sheet(c, blocks, full, "Error of each entry")
    if blocks:
        sheet.notes.append("Error of an entry: |J - R| / |R| against the reference R there; abs: |J - R| where R is 0.")
    else:
        sheet.findings.append("No entry errors: there is no reference, or no engine's Jacobian to compare with it.")
    return sheet


def _name(c: Comparison) -> str:
    return c.program.name if not c.program.inline else "f"


def _matrix_sheet(c: Comparison, blocks: list[tuple[str, list[list[str]]]], full: bool, title: str) -> Sheet:
    """Blocks of (label, matrix) as one table: with one output a row per block; with several, the
    block's label on a row of its own and a row per output below it, indented, so the key is one
    narrow column and the inputs get the width."""
    outputs, inputs = c.outputs, c.wrt_names
    rows_shown = len(outputs) if full else min(len(outputs), SHOWN_OUTPUTS)
    cols_shown = len(inputs) if full else min(len(inputs), SHOWN_INPUTS)
    several = len(outputs) > 1
    columns = ["engine / output" if several else "engine"] + (
        inputs[:cols_shown] if several else [f"∂{outputs[0]}/∂{i}" for i in inputs[:cols_shown]])
    rows, sections = [], []
    for label, matrix in blocks:
        if several:
            rows.append([label] + [""] * cols_shown)
            rows += [[f"  {outputs[i]}"] + matrix[i][:cols_shown] for i in range(rows_shown)]
            if rows_shown < len(outputs):
                rows.append([f"  … {len(outputs) - rows_shown:,} more"] + [""] * cols_shown)
            sections.append(len(rows) - 1)
        else:
            rows.append([label] + matrix[0][:cols_shown])
    findings = []
    if rows_shown < len(outputs) or cols_shown < len(inputs):
        findings.append(f"Shown: {cols_shown} of {len(inputs):,} inputs and {rows_shown} of {len(outputs):,} "
                        f"outputs of each {len(outputs):,} × {len(inputs):,} Jacobian; add --full to this "
                        f"command to see every entry, or --format json for them all as data.")
    return Sheet(title + (" (rows: outputs, columns: inputs)" if several else ""), columns, rows,
                 findings=findings, sections=sections[:-1])


def _caption(c: Comparison) -> str:
    return (f"{c.function}   n_inputs = {len(c.inputs)}, n_outputs = {len(c.outputs)}   at "
            + point_text(c.point) + "   value" + ("s" if len(c.values or []) > 1 else "") + " = "
            + (", ".join(number(v, 12) for v in c.values) if c.values else "-"))


def _point_findings(c: Comparison) -> list[str]:
    """What the result says of the point besides the numbers: a kink, a default, a missing reference."""
    check = getattr(c, "point_check", None)
    out = []
    if check is not None and (check.sites or getattr(check, "stopped", None)):
        out.append(check.summary())
        if check.skipped:
            out.append(f"Not every input was checked: {check.skipped}.")
    out += defaulted_lines(c.point)
    if c.reference_error:
        out.append(f"No reference at this point: {c.reference_error}")
    return out


def _formula_findings(c: Comparison) -> list[str]:
    symbolic = c.engines.get("symbolic")
    return formula_lines(symbolic, c.outputs) if symbolic is not None and symbolic.ok else []


def _notes(c: Comparison) -> list[str]:
    """How it was measured: the footnotes --brief leaves out."""
    check = getattr(c, "point_check", None)
    notes = []
    if not c.reference_error and c.reference is not None and c.reference.crosscheck != "not run":
        notes.append(f"Reference: {c.reference.method} over mpmath at 50 digits; {c.reference.crosscheck}.")
    if check is not None and check.kinked:
        notes.append("One-sided rows: limits of (f(x ± h) - f(x)) / ±h, computed over mpmath at 80 digits for "
                     "h = 1e-12 ... 1e-30. No error or digits here: there is no single derivative to measure against.")
    if c.uses_arrays:
        notes.append("prim. calls: operations as written, one per call however large its arrays; element ops: "
                     "the scalar work they cost (a call on n elements about n; symbolic: the run over symbols "
                     "and every call evaluating its scalar formulas).")
    notes.append("Error: max|J - R| / max|R| against the reference R; digits: -log10 of it, capped at 17. "
                 "Time: median of repeats after a warm-up (symbolic: derive + evaluate, once).")
    return notes


def _one_sided_rows(c: Comparison, check) -> list[tuple[str, list[str], str]]:
    """The computed right- and left-hand derivatives: (label, the Jacobian's entries row by row, how)."""
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
        rows.append((f"{side}-hand (computed)", cells,
                     "lim (f(x+h) - f(x))/h, h → 0+" if side == "right" else "lim (f(x) - f(x-h))/h, h → 0+"))
    return rows


def formula_lines(r: EngineResult, outputs: list[str]) -> list[str]:
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


def _cells(jac: list[list[float]]) -> list[str]:
    return [number(v) for row in jac for v in row]


def comparison_json(c: Comparison) -> dict:
    engines = {}
    for name, r in c.engines.items():
        entry = {"jacobian": r.jacobian, "entry_errors": r.entry_errors, "traversals": r.traversals, "primitive_calls": r.primitive_calls,
                 "element_operations": r.element_operations, "calls": r.calls, "time_s": r.time_s, "repeats": r.repeats, "max_rel_error": r.max_rel_error,
                 "correct_digits": r.correct_digits, "supported": r.supported, "error": r.error,
                 "caution": r.caution}
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
        "defaulted": list(c.point.defaulted),
        "point_check": c.point_check.as_dict() if getattr(c, "point_check", None) is not None else None,
        "engines": engines,
    }
