"""What `diffcompare table` shows: Table 9-2 with every cell measured (each count beside
the book's formula), the book's table as printed with the cells measurement contradicts
marked, and the JSON. Nothing here computes: it formats a `MeasuredTable`, which also
carries the claims and the suite it was judged by."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import point_text, seconds
from .sheet import Sheet, defaulted_lines

if TYPE_CHECKING:
    from ..views.table import MeasuredTable, SuiteRun, TableRow

COLUMNS = ["Technique", "Graph traversals to compute all gradients", "Accuracy", "Supports arbitrary code",
           "Comment"]


def _mark(agree: bool | None) -> str:
    return {True: " ✓", False: " ✗", None: ""}[agree]


def _traversals_cell(row: TableRow) -> str:
    if row.engine == "symbolic":
        return "N/A †" if row.error is None else f"N/A † (refused: {row.error})"
    if row.traversals is None:
        return f"- ({row.error})" if row.error else "-"
    return f"{row.traversals}\nbook: {row.formula} = {row.formula_value}{_mark(row.traversals_agree)}"


def _accuracy_cell(row: TableRow) -> str:
    if row.accuracy is None:
        return "- (no answer)" if row.error else "- (no reference)"
    return f"{row.accuracy} ({row.correct_digits:.1f} digits)"


def short_why(s: SuiteRun) -> str:
    """The reason's first clause, for a table cell (the notes give it whole)."""
    return s.why.split(":")[0].split(" (line ")[0]


def _supports_cell(row: TableRow, t: MeasuredTable) -> str:
    failing = [s for s in t.suite if s.engine == row.engine and not s.right]
    if not failing:
        return f"Yes (right on all {len(t.programs)})"
    return "No\n" + "\n".join(f"✗ {s.program}: {short_why(s)}" for s in failing)


def _time_cell(row: TableRow) -> str:
    if row.engine == "symbolic" and row.derive_s is not None:
        return f"derive {seconds(row.derive_s)}\n+ evaluate {seconds(row.evaluate_s)}"
    return seconds(row.time_s)


def caption(t: MeasuredTable) -> str:
    return (f"function {t.function}   n_inputs = {t.n_inputs}, n_outputs = {t.n_outputs}   "
            f"point {point_text(t.point)}")


def measured_sheet(t: MeasuredTable) -> Sheet:
    rows = [[r.technique, _traversals_cell(r), _accuracy_cell(r), _supports_cell(r, t), _time_cell(r), r.comment]
            for r in t.rows]
    return Sheet("Table 9-2, measured: main solutions to compute gradients automatically",
                 COLUMNS[:4] + ["Time (median)", "Comment"], rows, _notes(t), caption(t), findings=_findings(t))


def _findings(t: MeasuredTable) -> list[str]:
    """The measured table's results in words: a default taken, and why an engine failed a program."""
    out = defaulted_lines(t.comparison.point)
    for row in t.rows:
        if row.arbitrary_code_failures:
            out.append(f"{row.technique} failed {'; '.join(row.arbitrary_code_failures)}.")
    return out


def _notes(t: MeasuredTable) -> list[str]:
    """How each column was measured: the footnotes --brief leaves out."""
    c = t.comparison
    notes = []
    notes.append("Graph traversals: runs of the program over an algebra, counted by the interpreter "
                 "(reverse mode: the taping run plus one backward sweep per output). Beside each count, "
                 "the book's formula and its value for this function; ✓ where they agree, ✗ where not.")
    sym = t.row("symbolic")
    if sym.new_graph_ops is not None:
        own = f"against {t.program_ops} operations in {t.function} itself" if t.program_ops is not None else ""
        notes.append(f"† Symbolic differentiation traverses nothing to compute the gradients: it runs the "
                     f"program once over symbols ({sym.symbolic_run_traversals} traversal, measured) and builds "
                     f"a new graph -- f and its derivatives hold {sym.new_graph_ops:,} operations as written, "
                     f"{sym.new_graph_ops_cse:,} after common-subexpression elimination, {own} -- then "
                     f"evaluates that graph.")
    else:
        notes.append(f"† Symbolic differentiation builds a new graph instead of traversing this one; "
                     f"here it could not: {sym.error}")
    if c.reference is not None:
        check = "" if c.reference.crosscheck == "not run" else f"; {c.reference.crosscheck}"
        notes.append(f"Accuracy: correct significant digits of the Jacobian against the 50-digit reference "
                     f"({c.reference.method} over mpmath{check}), -log10(max|J - R| / max|R|) capped at 17. "
                     f"High: at least {t.high_digits:g} digits; Low: fewer.")
    else:
        notes.append(f"Accuracy: not measured, there is no reference at this point: {c.reference_error}")
    programs = "; ".join(f"{s.name} ({s.what})" for s in t.programs)
    notes.append(f"Supports arbitrary code: each engine ran {programs}. Yes when it was right on all of them "
                 f"(at least {t.right_digits:g} digits against the reference); No names the program and why.")
    notes.append("Time: median of repeats after a warm-up; symbolic: deriving and evaluating, timed once "
                 "(sympy caches what it derived).")
    return notes


def book_sheet(t: MeasuredTable) -> Sheet:
    """The book's table as printed, with every cell that measurement contradicts marked."""
    rows = []
    total = 0
    for engine, book in t.book.items():
        wrong = t.disagreements(engine)
        total += len(wrong)

        def cell(column: str, text: str) -> str:
            return f"{text}  ✗ measured: {wrong[column]}" if column in wrong else text

        rows.append([book.technique, cell("traversals", book.traversals), cell("accuracy", book.accuracy),
                     cell("supports_arbitrary_code", book.supports_arbitrary_code), book.comment])
    verdict = ("Every checked cell agrees with the measurement above." if total == 0 else
               f"{total} cell{'s' if total > 1 else ''} disagree{'s' if total == 1 else ''} with the "
               f"measurement above (marked ✗; the book's text is left as printed).")
    notes = ["Checked: traversals (where a count is given), accuracy, supports arbitrary code; the comments "
             "are the book's words."]
    return Sheet("Table 9-2 as printed in the book (Géron, Hands-On Machine Learning, 1st ed.)",
                 COLUMNS, rows, notes, findings=[verdict])


def table_json(t: MeasuredTable) -> dict:
    return {
        "function": t.function, "n_inputs": t.n_inputs, "n_outputs": t.n_outputs, "point": t.point,
        "inputs": t.comparison.inputs, "outputs": t.comparison.outputs, "values": t.comparison.values,
        "rows": [r.as_dict() for r in t.rows],
        "program_ops": t.program_ops,
        "high_accuracy_digits": t.high_digits, "right_digits": t.right_digits,
        "reference": {"digits": 50, "error": t.comparison.reference_error,
                      "crosscheck": t.comparison.reference.crosscheck if t.comparison.reference else None},
        "suite": [{"program": s.program, "engine": s.engine, "right": s.right,
                   "correct_digits": s.correct_digits, "why": s.why} for s in t.suite],
        "book": [{"technique": b.technique, "traversals": b.traversals, "accuracy": b.accuracy,
                  "supports_arbitrary_code": b.supports_arbitrary_code, "comment": b.comment,
                  "disagreements": t.disagreements(e)} for e, b in t.book.items()],
    }
