"""Each result as flat records, one dict per row, for CSV: numbers stay numbers -- seconds in
`*_s` columns, counts as whole numbers, errors as floats -- never text with units; a cell
with no value is None (an empty CSV cell), and why is in an `error` or `note` column.

One function per result type; `reports.py` hands them to `output.records_csv`. Nothing here
computes: the numbers are the results' own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engines import TECHNIQUES

if TYPE_CHECKING:
    from ..analysis.measure import Comparison
    from ..views.bench import BenchResult
    from ..views.catalog import Entry
    from ..views.descent import Descent
    from ..views.evaluate import EvalResult
    from ..views.graph import Graph
    from ..views.scaling import Scaling
    from ..views.steps import StepSweep
    from ..views.table import MeasuredTable
    from ..views.trace import Trace


def _partials(outputs: list[str], inputs: list[str], jacobian) -> dict:
    heads = [f"d{o}/d{i}" for o in outputs for i in inputs]
    values = [v for row in jacobian for v in row] if jacobian is not None else [None] * len(heads)
    return dict(zip(heads, values))


def comparison(c: Comparison, errors: bool = False) -> list[dict]:
    """diff: the reference, then one row per engine: the Jacobian's entries, error, digits,
    traversals, calls, time; with `errors`, each entry's error against the reference too."""
    def entry_errors(jacobian) -> dict:      # beside the Jacobian's entries, in their order
        return {f"error {k}": v for k, v in _partials(c.outputs, c.wrt_names, jacobian).items()} if errors else {}

    rows = []
    if c.reference is not None:
        rows.append({"engine": "reference", "method": None, **_partials(c.outputs, c.wrt_names, c.reference.floats()),
                     **entry_errors(None),
                     "rel_error": None, "correct_digits": None, "traversals": None, "primitive_calls": None,
                     "element_operations": None, "time_s": None, "repeats": None, "status": "ok", "error": None,
                     "caution": None})
    for r in c.engines.values():
        ok = r.jacobian is not None and r.error is None
        rows.append({"engine": r.engine, "method": r.details.get("method"),
                     **_partials(c.outputs, c.wrt_names, r.jacobian if ok else None),
                     **entry_errors(r.entry_errors if ok else None),
                     "rel_error": r.max_rel_error, "correct_digits": r.correct_digits, "traversals": r.traversals,
                     "primitive_calls": r.primitive_calls, "element_operations": r.element_operations,
                     "time_s": r.time_s, "repeats": r.repeats or None,
                     "status": "ok" if ok else ("refused" if not r.supported else "error"), "error": r.error,
                     "caution": r.caution})       # numbers computed, but suspect (numerical: the step)
    return rows


def table(t: MeasuredTable) -> list[dict]:
    """table: one row per technique, each measured cell beside the book's printed one."""
    out = []
    for row in t.rows:
        book = t.book[row.engine]
        out.append({"technique": row.technique, "engine": row.engine, "traversals": row.traversals,
                    "book_formula": row.formula, "book_formula_value": row.formula_value,
                    "traversals_agree": row.traversals_agree, "correct_digits": row.correct_digits,
                    "accuracy": row.accuracy, "book_accuracy": book.accuracy,
                    "supports_arbitrary_code": "Yes" if row.supports_arbitrary_code else "No",
                    "book_supports_arbitrary_code": book.supports_arbitrary_code,
                    "time_s": row.time_s, "derive_s": row.derive_s, "evaluate_s": row.evaluate_s,
                    "symbolic_run_traversals": row.symbolic_run_traversals,
                    "new_graph_ops": row.new_graph_ops, "new_graph_ops_cse": row.new_graph_ops_cse,
                    "error": row.error, "comment": row.comment})
    return out


def trace(t: Trace) -> list[dict]:
    """trace: one row per node; forward mode a tangent per seeded input, reverse mode an
    adjoint per output (an array node's cells hold its values as a JSON list)."""
    from .trace import expression
    rows = []
    for n in t.nodes:
        row = {"node": n.id, "op": n.op, "computes": expression(n), "shape": "x".join(map(str, n.shape)) or None,
               "value": n.value}
        if t.mode == "forward":
            for seed, tangent in zip(t.seeds, n.tangents):
                row[f"tangent d/d{seed}"] = tangent
        else:
            for s in t.sweeps:
                row[f"adjoint d{s.output}/dnode"] = s.adjoints.get(n.id)
        rows.append(row)
    return rows


def steps(s: StepSweep) -> list[dict]:
    """steps: the data behind the chart, one row per step h: each method's relative error."""
    return [{"h": h, **{name: m.error[i] for name, m in s.methods.items()}} for i, h in enumerate(s.h)]


def scaling(s: Scaling) -> list[dict]:
    """scaling: one row per size and engine, after the plain evaluation it is divided by."""
    rows = []
    for n in s.sizes:
        one = s.evaluations[n]
        rows.append({"n": n, "engine": "one eval", "n_inputs": None, "n_outputs": one.n_outputs, "traversals": 1,
                     "book_traversals": None, "primitive_calls": one.primitive_calls,
                     "element_operations": one.element_operations, "time_s": one.time_s, "relative_time": 1.0,
                     "capped": False, "expression_ops": None, "expression_ops_cse": None, "note": None})
        for p in (p for p in s.points if p.size == n):
            book = {"numerical": p.n_inputs + 1, "forward": p.n_inputs, "reverse": p.n_outputs + 1}.get(p.engine)
            rows.append({"n": n, "engine": p.engine, "n_inputs": p.n_inputs, "n_outputs": p.n_outputs,
                         "traversals": p.traversals, "book_traversals": book, "primitive_calls": p.primitive_calls,
                         "element_operations": p.element_operations, "time_s": p.time_s,
                         "relative_time": p.relative_time, "capped": p.capped,
                         "expression_ops": p.expression_ops[0] if p.expression_ops else None,
                         "expression_ops_cse": p.expression_ops[1] if p.expression_ops else None,
                         "note": p.note or None})
    return rows


def graph(g: Graph) -> list[dict]:
    """graph: one row per operation: nodes on the tape, their element operations, and the calls
    of the symbolic derivative as written and after cse."""
    s, tape, elements = g.symbolic, g.counts, g.element_counts
    ok = s.error is None
    names = ["input"] + sorted((set(tape) - {"input"}) | set(s.calls_as_written) | set(s.calls_after_cse))
    return [{"operation": p, "tape": tape.get(p, 0), "tape_element_operations": elements.get(p, 0),
             "symbolic_as_written": s.calls_as_written.get(p, 0) if ok and p != "input" else None,
             "symbolic_after_cse": s.calls_after_cse.get(p, 0) if ok and p != "input" else None}
            for p in names]


def descent(d: Descent) -> list[dict]:
    """descent: one row per engine: the final theta (one column per element), MSE, distances,
    time and traversals per step."""
    p = d.problem
    rows = []
    for run in d.runs.values():
        theta = run.theta if run.ok else [None] * p.n
        rows.append({"engine": run.engine, "technique": TECHNIQUES[run.engine],
                     **{f"{p.theta_name}[{j}]": v for j, v in enumerate(theta)},
                     "final_mse": run.loss if run.ok else None, "distance_to_closed_form": run.distance,
                     "drift": run.drift, "time_per_step_s": run.time_per_step,
                     "traversals_per_step": run.traversals_per_step, "steps": run.steps,
                     "derive_s": run.derive_s if run.derivations else None, "derivations": run.derivations,
                     "error": run.error})
    return rows


def evaluation(r: EvalResult) -> list[dict]:
    return [{"output": name, "value": v} for name, v in zip(r.outputs, r.values)]


def catalog(entries: list[Entry]) -> list[dict]:
    return [{"name": e.name, "inputs": " ".join(e.inputs), "n_inputs": e.n_inputs, "n_outputs": e.n_outputs,
             "description": e.description} for e in entries]


def limits(limits) -> list[dict]:
    from ..limits import WHAT
    return [{"limit": name, "value": value, "environment_variable": env, "what_it_stops": WHAT.get(name, "")}
            for name, value, env in limits.describe()]


def bench(result: BenchResult) -> list[dict]:
    """bench: every timing behind the figures (the figures themselves are in the JSON)."""
    return [{"case": t.case, "what": t.what, "median_s": t.median_s, "repeats": t.repeats, "first_call_s": t.first_s,
             "note": t.note or None} for t in result.timings]
