"""The computational graph, and the symbolic derivative's very different one, measured.

The graph is the tape that reverse mode records in one forward traversal
(`engines.reverse.record`): one node per operation on a value that depends on an
input, with edges to the nodes it was computed from. It is drawn as an indented tree
(a node reached a second time is named, not drawn again: the graph is a DAG) or as
Graphviz DOT, and counted by operation.

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
from ..interpreter.core import Meter
from ..analysis.measure import output_names, run_engine
from ..language.ir import Program
from ..numbers import number, point_text
from ..render.diff import FORMULA_MAX_OPS
from ..render.sheet import Sheet
from ..language.source import load, parse_point

MAX_DEPTH = 12        # tree levels drawn below each output
MAX_LINES = 80        # tree lines drawn in all


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
    formulas: list[str] = field(default_factory=list)       # as written (only while short)
    cse_formulas: list[str] = field(default_factory=list)   # after cse (only while short)
    error: str | None = None         # why there is no symbolic graph (a branch on an input, a size cap)


@dataclass
class Graph:
    function: str
    point: dict
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
    names = program.input_names(point)
    input_names = {v.index: name for v, name in zip(inputs, names)}
    nodes = [TapeNode(k, tape.ops[k], tape.values[k], tape.parents[k], tape.partials[k], input_names.get(k, ""))
             for k in range(len(tape))]
    output_nodes = [o.index if type(o) is Var else None for o in outs]
    sizes = symbolic_size(program, point) if symbolic else SymbolicSize(error="not measured")
    return Graph(program.name if not program.inline else program.source.strip(), point, nodes,
                 output_names(program, len(outs)), output_nodes, sizes, list(program.defaulted))


def symbolic_size(program: Program, point: dict) -> SymbolicSize:
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
        size.formulas = [f"{o} = {e}" for o, e in zip(names, derived.outputs)] + [
            f"∂{o}/∂{s} = {e}" for o, row in zip(names, derived.derivatives) for s, e in zip(symbols, row)]
        results = [f"{o}" for o in names] + [f"∂{o}/∂{s}" for o in names for s in symbols]
        size.cse_formulas = [f"{name} = {e}" for name, e in derived.replacements] + [
            f"{r} = {e}" for r, e in zip(results, derived.reduced)]
    return size


# --- views ---------------------------------------------------------------------

def _label(g: Graph, n: TapeNode) -> str:
    what = n.name if n.op == "input" else n.op
    return f"#{n.id} {what} = {number(n.value, 6)}"


def tree_lines(g: Graph, max_depth: int = MAX_DEPTH, max_lines: int = MAX_LINES) -> list[str]:
    """The tape as an indented tree from each output down to the inputs; a node already
    drawn is named with '(above)' instead of being drawn again."""
    lines: list[str] = []
    drawn: set[int] = set()
    hidden = 0
    for out, root in zip(g.outputs, g.output_nodes):
        if root is None:
            lines.append(f"{out}: a constant (it depends on no input: no node on the tape)")
            continue
        # depth-first, iteratively (a loop of 100 trips nests 100s of levels deep)
        stack: list[tuple[int, str, str, int]] = [(root, "", "", 0)]
        while stack:
            k, prefix, branch, depth = stack.pop()
            node = g.nodes[k]
            head = f"{out} ← " if depth == 0 else ""
            if len(lines) >= max_lines:
                hidden += 1
                continue
            if k in drawn and node.op != "input":
                lines.append(f"{prefix}{branch}{head}#{k} {node.op} (above)")
                continue
            drawn.add(k)
            lines.append(f"{prefix}{branch}{head}{_label(g, node)}")
            if not node.parents:
                continue
            below = prefix + ("" if depth == 0 else ("│  " if branch == "├─ " else "   "))
            if depth + 1 > max_depth:
                lines.append(f"{below}└─ … ({_count_below(g, k)} more nodes below)")
                continue
            children = list(node.parents)
            for i, p in reversed(list(enumerate(children))):
                stack.append((p, below, "└─ " if i == len(children) - 1 else "├─ ", depth + 1))
    if hidden:
        lines.append(f"… {hidden} more lines (raise --limit, or use --format dot or json for the whole graph)")
    return lines


def _count_below(g: Graph, k: int) -> int:
    seen: set[int] = set()
    stack = list(g.nodes[k].parents)
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.add(p)
            stack.extend(g.nodes[p].parents)
    return len(seen)


def to_dot(g: Graph) -> str:
    """Graphviz DOT: inputs at the bottom, each edge labelled with its local partial derivative."""
    def quoted(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"')

    lines = ["digraph tape {", "  rankdir=BT;", '  node [shape=ellipse, fontname="Helvetica"];',
             f'  label="{quoted(g.function)} at {quoted(point_text(g.point))}: the tape reverse mode records";']
    for n in g.nodes:
        style = ", shape=box, style=filled, fillcolor=lightblue" if n.op == "input" else ""
        lines.append(f'  n{n.id} [label="{quoted(_label(g, n))}"{style}];')
        for p, d in zip(n.parents, n.partials):
            lines.append(f'  n{p} -> n{n.id} [label="{quoted(number(d, 4))}"];')
    for k, (out, root) in enumerate(zip(g.outputs, g.output_nodes)):
        if root is not None:
            lines.append(f'  out{k} [label="{quoted(out)}", shape=plaintext];')
            lines.append(f"  n{root} -> out{k};")
    lines.append("}")
    return "\n".join(lines)


def counts_sheet(g: Graph) -> Sheet:
    s = g.symbolic
    tape = g.counts
    prims = sorted((set(tape) - {"input"}) | set(s.calls_as_written) | set(s.calls_after_cse))
    symbolic_ok = s.error is None
    rows = [["input", str(tape.get("input", 0)), "", ""]]
    for p in prims:
        rows.append([p, str(tape.get(p, 0)),
                     str(s.calls_as_written.get(p, 0)) if symbolic_ok else "-",
                     str(s.calls_after_cse.get(p, 0)) if symbolic_ok else "-"])
    rows.append(["all operations", str(len(g.nodes) - tape.get("input", 0)),
                 str(sum(s.calls_as_written.values())) if symbolic_ok else "-",
                 str(sum(s.calls_after_cse.values())) if symbolic_ok else "-"])
    rows.append(["sympy count_ops", "", number(s.ops_raw), number(s.ops_cse)])
    notes = ["tape: the nodes reverse mode records in one forward traversal (constants are not nodes: they "
             "sit in the partials of the edges). Symbolic: primitive calls evaluating the outputs and every "
             "first derivative as sympy built them (as written: a tree, each repeat evaluated again) and after "
             "common-subexpression elimination."]
    if g.defaulted:
        notes.append(f"{', '.join(g.defaulted)} had no value and took 1.0 (give --at to choose).")
    if s.error:
        notes.append(f"Symbolic differentiation: {s.error}")
    if s.formulas:
        notes += ["As written:"] + [f"  {f}" for f in s.formulas]
        notes += ["After cse:"] + [f"  {f}" for f in s.cse_formulas]
    elif s.error is None:
        notes.append(f"(formulas of {s.ops_raw:,} operations are too long to print)")
    caption = (f"{g.function} at {point_text(g.point)}   tape: {len(g.nodes)} nodes "
               f"({len(g.nodes) - tape.get('input', 0)} operations)")
    return Sheet("Graph sizes: the tape against the symbolic derivative",
                 ["operation", "tape (f)", "symbolic f, f′ as written", "after cse"], rows, notes, caption)


def text(g: Graph, max_depth: int = MAX_DEPTH, max_lines: int = MAX_LINES) -> str:
    """The plain-text view: the tree, then the counts as a markdown table."""
    from ..render.sheet import to_markdown
    return "\n".join(tree_lines(g, max_depth, max_lines)) + "\n\n" + to_markdown(counts_sheet(g))


def tree_renderable(g: Graph, max_depth: int = MAX_DEPTH, max_lines: int = MAX_LINES):
    from rich.text import Text
    out = Text()
    out.append("The tape (reverse mode's graph), from each output down to the inputs\n", style="bold")
    out.append("\n".join(tree_lines(g, max_depth, max_lines)))
    return out
