"""What `diffcompare diff` shows: the Jacobian from each engine beside the 50-digit
reference, as a Sheet, and the JSON. Nothing here computes: it formats a
`measure.Comparison` (and the kink check it carries)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import number, point_text, sci, seconds
from .sheet import Sheet

if TYPE_CHECKING:
    from ..analysis.measure import Comparison, EngineResult

FORMULA_MAX_OPS = 120    # print a symbolic derivative only while it stays readable


def partial_names(outputs: list[str], inputs: list[str]) -> list[str]:
    return [f"∂{o}/∂{i}" for o in outputs for i in inputs]


def comparison_sheet(c: Comparison) -> Sheet:
    """The rich/markdown/csv/latex view of `measure.compare`'s result."""
    heads = partial_names(c.outputs, c.wrt_names)
    wide = len(heads) > 6
    check = getattr(c, "point_check", None)
    kinked = check is not None and check.kinked     # no single derivative here: show both sides and why
    explained = check is not None and bool(check.explanations)
    why = (lambda name: [check.explanations.get(name, "")]) if explained else (lambda name: [])
    arrays = c.uses_arrays          # element operations differ from calls only with arrays: else no column
    work = (lambda r: [number(r.element_operations) if r.element_operations is not None else "-"]) if arrays \
        else (lambda r: [])
    columns = ["engine"] + (["Jacobian"] if wide else heads) + [
        "rel. error", "digits", "traversals", "prim. calls"] + (["element ops"] if arrays else []) + [
        "time"] + (["at this point"] if explained else [])
    rows = []
    if c.reference is not None:
        ref = c.reference.floats()
        rows.append(["reference (50 digits)"] + _jac_cells(ref, wide) + ["-", "50", "-", "-"] + ["-"] * arrays
                    + ["-"] + why("reference"))
    if kinked:
        rows += _one_sided_rows(c, check, wide, arrays)
    for r in c.engines.values():
        label = r.engine + (f" ({r.details['method']})" if r.details.get("method") else "")
        if r.jacobian is None or r.error:
            reason = ("refused: " if not r.supported else "error: ") + (r.error or "")
            cells = [reason] + ([""] * (0 if wide else len(heads) - 1))
            rows.append([label] + cells + ["-", "-", number(r.traversals), number(r.primitive_calls)] + work(r)
                        + [seconds(r.time_s)] + why(r.engine))
            continue
        rows.append([label] + _jac_cells(r.jacobian, wide) + [
            sci(r.max_rel_error), "-" if r.correct_digits is None else f"{r.correct_digits:.1f}",
            str(r.traversals) if r.engine != "symbolic" else f"{r.traversals} (symbolic run)",
            str(r.primitive_calls)] + work(r) + [seconds(r.time_s)] + why(r.engine))
    caption = (f"{c.function}   n_inputs = {len(c.inputs)}, n_outputs = {len(c.outputs)}   at "
               + point_text(c.point) + "   value" + ("s" if len(c.values or []) > 1 else "") + " = "
               + (", ".join(number(v, 12) for v in c.values) if c.values else "-"))
    notes = []
    if check is not None and check.sites:
        notes.append(check.summary())
        if check.skipped:
            notes.append(f"Not every input was checked: {check.skipped}.")
    if c.point.defaulted:
        notes.append(f"{', '.join(c.point.defaulted)} had no value and took 1.0 (give --at to choose).")
    if c.reference_error:
        notes.append(f"No reference at this point: {c.reference_error}")
    elif c.reference is not None and c.reference.crosscheck != "not run":
        notes.append(f"Reference: {c.reference.method} over mpmath at 50 digits; {c.reference.crosscheck}.")
    symbolic = c.engines.get("symbolic")
    if symbolic is not None and symbolic.ok:
        notes += formula_lines(symbolic, c.outputs)
    if kinked:
        notes.append("One-sided rows: limits of (f(x ± h) - f(x)) / ±h, computed over mpmath at 80 digits for "
                     "h = 1e-12 ... 1e-30. No error or digits here: there is no single derivative to measure against.")
    if arrays:
        notes.append("prim. calls: operations as written, one per call however large its arrays; element ops: "
                     "the scalar work they cost (a call on n elements about n; symbolic: the run over symbols "
                     "and every call evaluating its scalar formulas).")
    notes.append("Error: max|J - R| / max|R| against the reference R; digits: -log10 of it, capped at 17. "
                 "Time: median of repeats after a warm-up (symbolic: derive + evaluate, once).")
    title = f"Derivatives of {c.program.name if not c.program.inline else 'f'}"
    return Sheet(title + (": NOT differentiable at this point" if kinked else ""), columns, rows, notes, caption)


def _one_sided_rows(c: Comparison, check, wide: bool, arrays: bool) -> list[list[str]]:
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
        rows.append([f"{side}-hand (computed)"] + _flat_cells(cells, wide) + ["-"] * (6 if arrays else 5) + [
                     "lim (f(x+h) - f(x))/h, h → 0+" if side == "right" else "lim (f(x) - f(x-h))/h, h → 0+"])
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


def _jac_cells(jac: list[list[float]], wide: bool) -> list[str]:
    return _flat_cells([number(v) for row in jac for v in row], wide)


def _flat_cells(flat: list[str], wide: bool) -> list[str]:
    if not wide:
        return flat
    shown = ", ".join(flat[:4]) + (f", … ({len(flat)} entries)" if len(flat) > 4 else "")
    return [shown]


def comparison_json(c: Comparison) -> dict:
    engines = {}
    for name, r in c.engines.items():
        entry = {"jacobian": r.jacobian, "traversals": r.traversals, "primitive_calls": r.primitive_calls,
                 "element_operations": r.element_operations, "calls": r.calls, "time_s": r.time_s, "repeats": r.repeats, "max_rel_error": r.max_rel_error,
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
        "defaulted": list(c.point.defaulted),
        "point_check": c.point_check.as_dict() if getattr(c, "point_check", None) is not None else None,
        "engines": engines,
    }
