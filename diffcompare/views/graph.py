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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..engines.reverse import Var, record
from ..interpreter import Meter
from ..analysis.measure import output_names, run_engine
from ..language.ir import Program
from ..language.point import Point
from ..render.diff import FORMULA_MAX_OPS
from ..language.point import parse_point
from ..language.resolve import load


@dataclass
class TapeNode:
    id: int
    op: str                          # "input" or a primitive's name
    value: float
    parents: tuple[int, ...]         # the nodes it was computed from (constants are not nodes)
    partials: tuple[float, ...]      # d node / d parent, along each edge
    name: str = ""                   # an input's name


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


@dataclass
class Graph:
    function: str
    point: Point
    nodes: list[TapeNode]
    outputs: list[str]
    output_nodes: list[int | None]   # None: the output is a constant, not on the tape
    symbolic: SymbolicSize
    defaulted: list[str] = field(default_factory=list)   # inputs that took 1.0 for want of a value

    @property
    def counts(self) -> Counter:
        return Counter(n.op for n in self.nodes)

    def as_dict(self) -> dict:
        s = self.symbolic
        return {
            "function": self.function, "point": self.point,
            "tape": {"nodes": [{"id": n.id, "op": n.op, "value": n.value, "parents": list(n.parents),
                                "partials": list(n.partials), **({"name": n.name} if n.name else {})}
                               for n in self.nodes],
                     "outputs": dict(zip(self.outputs, self.output_nodes)),
                     "counts": dict(self.counts)},
            "symbolic": {"calls_as_written": s.calls_as_written, "calls_after_cse": s.calls_after_cse,
                         "ops_raw": s.ops_raw, "ops_cse": s.ops_cse, "error": s.error},
        }


def graph(function: str | Program, at: str | None = None, symbolic: bool = True) -> Graph:
    """Record the tape of `function` at a point, and measure its symbolic derivative's size.

    >>> g = graph("exp3")
    >>> g.counts["exp"], g.symbolic.calls_as_written["exp"], g.symbolic.calls_after_cse["exp"]
    (3, 9, 3)
    """
    program = load(function) if isinstance(function, str) else function
    point = parse_point(at, program)
    tape, inputs, outs = record(program, point, Meter())
    names = point.input_names()
    input_names = {v.index: name for v, name in zip(inputs, names)}
    nodes = [TapeNode(k, tape.ops[k], tape.values[k], tape.parents[k], tape.partials[k], input_names.get(k, ""))
             for k in range(len(tape))]
    output_nodes = [o.index if type(o) is Var else None for o in outs]
    sizes = symbolic_size(program, point) if symbolic else SymbolicSize(error="not measured")
    return Graph(program.name if not program.inline else program.source.strip(), point, nodes,
                 output_names(program, len(outs)), output_nodes, sizes, list(program.defaulted))


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
