"""The computational graph, and the symbolic derivative's very different one, measured.

The graph is the tape that reverse mode records in one forward traversal
(`engines.reverse.record`): one node per operation on a value that depends on an
input, with edges to the nodes it was computed from, counted by operation.
`render/graph.py` draws it as an indented tree (a node reached a second time is named,
not drawn again: the graph is a DAG) or as Graphviz DOT.

Beside it, the size of what symbolic differentiation builds: the outputs and their
derivatives as sympy expressions, evaluated as written (a tree: every repeat evaluated
again) and after common-subexpression elimination, counted by the same evaluator that
counts every engine's primitive calls. For exp(exp(exp(x))): 3 exp nodes on the tape;
f and f' as written call exp 9 times, 3 after cse -- the book's example.

With numpy arrays a node holds a whole array (its shape is shown), and its edges carry no
single partial derivative: the sweep sends its parents the table's vjp. One node of `np.sum`
over 10^5 elements is not one unit of work, so each node also counts its element operations
(the primitive's `work`, as the interpreter's meter counts them), and the run's own meter
gives the totals: operations as written and element operations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..render.output import Shown
from ..engines.reverse import ArrayVar, Var, record
from ..interpreter import Meter
from ..analysis.cost import check_recordable
from ..analysis.measure import output_names, run_engine
from ..language.ir import Program
from ..language.point import Point
from ..render.diff import FORMULA_MAX_OPS
from ..language.given import point_of, program_of
from ..limits import check_kept
from ..primitives.arrays import size_of


@dataclass
class TapeNode:
    id: int
    op: str                          # "input" or a primitive's name
    value: Any                       # a float, or a numpy array for a node on arrays
    parents: tuple[int, ...]         # the nodes it was computed from (constants are not nodes)
    partials: tuple                  # d node / d parent along each edge; None on arrays (the sweep applies a vjp)
    name: str = ""                   # an input's name
    elements: int = 1                # element operations the node's operation costs (0 for an input)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(np.shape(self.value))


@dataclass
class SymbolicSize:
    """What the symbolic engine built for the outputs and all their first derivatives."""
    calls_as_written: dict[str, int] = field(default_factory=dict)   # primitive calls evaluating the trees
    calls_after_cse: dict[str, int] = field(default_factory=dict)
    ops_raw: int | None = None       # sympy's count_ops as written
    ops_cse: int | None = None       # after cse, each shared subexpression once
    formulas: list[tuple[str, str]] = field(default_factory=list)       # (what, expression) as written, while short
    cse_formulas: list[tuple[str, str]] = field(default_factory=list)   # after cse: shared parts, then results
    error: str | None = None         # why there is no symbolic graph (a branch on an input, a size cap)


@dataclass(repr=False)
class Graph(Shown):
    function: str
    point: Point
    nodes: list[TapeNode]
    outputs: list[str]
    output_nodes: list[int | None]   # None: the output is a constant, not on the tape
    symbolic: SymbolicSize
    defaulted: list[str] = field(default_factory=list)   # inputs that took 1.0 for want of a value
    operations: int = 0              # the recording run's meter: primitive calls as written (constants' too)
    element_operations: int = 0      # ... and the element operations they cost

    @property
    def counts(self) -> Counter:
        return Counter(n.op for n in self.nodes)

    @property
    def element_counts(self) -> Counter:
        """Element operations of the tape's nodes, by operation."""
        out: Counter = Counter()
        for n in self.nodes:
            out[n.op] += n.elements
        return out

    @property
    def has_arrays(self) -> bool:
        return any(n.shape for n in self.nodes)

    def as_dict(self) -> dict:
        s = self.symbolic
        return {
            "function": self.function, "point": self.point,
            "tape": {"nodes": [{"id": n.id, "op": n.op, "value": n.value, "parents": list(n.parents),
                                "partials": list(n.partials), **({"name": n.name} if n.name else {}),
                                **({"shape": list(n.shape)} if n.shape else {}), "element_operations": n.elements}
                               for n in self.nodes],
                     "outputs": dict(zip(self.outputs, self.output_nodes)),
                     "counts": dict(self.counts), "element_counts": dict(self.element_counts)},
            "run": {"operations": self.operations, "element_operations": self.element_operations},
            "symbolic": {"calls_as_written": s.calls_as_written, "calls_after_cse": s.calls_after_cse,
                         "ops_raw": s.ops_raw, "ops_cse": s.ops_cse, "error": s.error},
        }


def graph(function: str | Program, at: str | None = None, symbolic: bool = True) -> Graph:
    """Record the tape of `function` at a point, and measure its symbolic derivative's size.

    >>> g = graph("exp3")
    >>> g.counts["exp"], g.symbolic.calls_as_written["exp"], g.symbolic.calls_after_cse["exp"]
    (3, 9, 3)
    """
    program = program_of(function)
    point = point_of(at, program)
    check_recordable(program, point, what="the graph")
    meter = Meter()
    tape, inputs, outs = record(program, point, meter)
    held = sum(getattr(v, "size", 1) for v in tape.values)
    check_kept(held, f"the graph has {len(tape):,} nodes holding {held:,} numbers")
    input_names = {}
    for node, name in zip(inputs.nodes(), point.input_names()):   # an array input is one node
        input_names.setdefault(node, name.split("[")[0] if tape.ops[node] == "input" and
                               getattr(tape.values[node], "ndim", 0) else name)
    nodes = [_node(tape, k, input_names.get(k, "")) for k in range(len(tape))]
    output_nodes = [o.index if type(o) in (Var, ArrayVar) else None for o in outs]
    sizes = symbolic_size(program, point) if symbolic else SymbolicSize(error="not measured")
    return Graph(program.name if not program.inline else program.source.strip(), point, nodes,
                 output_names(program, len(outs)), output_nodes, sizes, list(point.defaulted),
                 meter.primitive_calls, meter.element_ops)


def _node(tape, k: int, name: str) -> TapeNode:
    """Tape entry k. A node on arrays lists every parent (the tape's edges keep two, for
    display) and no partials: its rule is a vjp, a Jacobian too large to write on an edge."""
    on_arrays = tape.on_arrays.get(k)
    if on_arrays is None and getattr(tape.values[k], "ndim", 0):      # an input array
        return TapeNode(k, "input", np.array(tape.values[k], dtype=float), (), (), name, 0)
    if on_arrays is None:
        op = tape.ops[k]
        value = tape.values[k]
        return TapeNode(k, op, float(value), tape.parents[k], tape.partials[k], name, 0 if op == "input" else 1)
    prim, args, out, parents = on_arrays
    work = prim.work(args, out) if prim.work else size_of(out)
    value = np.array(out, dtype=float) if getattr(out, "ndim", 0) else float(out)
    return TapeNode(k, prim.name, value, tuple(p for _, p in parents), (None,) * len(parents), name, work)


def symbolic_size(program: Program, point: Point) -> SymbolicSize:
    """Evaluate the symbolic derivative as written and after cse, counting primitive calls."""
    cache: dict = {}       # one derivation serves both evaluations
    written = run_engine("symbolic", program, point, None, {"as_written": True, "cache": cache})
    if not written.ok:
        return SymbolicSize(error=("refused: " if not written.supported else "error: ") + (written.error or ""))
    reduced = run_engine("symbolic", program, point, None, {"cache": cache})
    d = written.details
    size = SymbolicSize(dict(d["calls_evaluated"]), dict(reduced.details["calls_evaluated"]), d["ops_raw"],
                        d["ops_cse"])
    if d["ops_raw"] <= FORMULA_MAX_OPS:
        derived = next(iter(cache.values()))
        names = output_names(program, len(derived.outputs))
        symbols = d["symbols"]
        size.formulas = [(o, str(e)) for o, e in zip(names, derived.outputs)] + [
            (f"∂{o}/∂{s}", str(e)) for o, row in zip(names, derived.derivatives) for s, e in zip(symbols, row)]
        results = list(names) + [f"∂{o}/∂{s}" for o in names for s in symbols]
        size.cse_formulas = [(str(name), str(e)) for name, e in derived.replacements] + [
            (r, str(e)) for r, e in zip(results, derived.reduced)]
    return size
