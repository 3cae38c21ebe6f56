"""The evaluation trace of a class walk-through (`diffcompare trace`).

Each primitive call of one run is a node: its operation, its operands (earlier
nodes or constants) and its value, plus the tangent in forward mode or the
adjoint in reverse mode -- the tables of the book's appendix on autodiff.

Nothing here interprets the program a second time: the run goes through the
shared interpreter with a `RecordingAlgebra` wrapped around the engine's own
algebra (the forward engine's `DualAlgebra`, the reverse engine's
`TapeAlgebra`). The wrapper notes every call with its operands, constants
included (the tape keeps only its active parents), and the adjoints come from
the tape's own `backward` sweep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engines.forward import Dual, DualAlgebra, tangent_of, value_of
from ..engines.reverse import TapeAlgebra, Var
from ..errors import InputError, LimitError
from ..interpreter.core import Meter, evaluate
from ..limits import LIMITS
from ..analysis.measure import output_names
from ..primitives.table import TABLE, Primitive
from ..language.ir import Program
from ..numbers import number, point_text
from ..render.sheet import Sheet
from ..language.source import load, parse_point

MODES = ("forward", "reverse")
DEFAULT_LIMIT = 40      # rows shown in a table: the first and last half of them


@dataclass(frozen=True)
class Constant:
    """An operand that is no node: a literal or a loop index."""
    value: Any

    def __str__(self) -> str:
        return number(self.value) if isinstance(self.value, float) else str(self.value)




@dataclass
class TraceNode:
    id: int
    op: str                        # "input" or the primitive's name
    operands: tuple                # node ids (int) and Constants
    value: float
    name: str = ""                 # the input's name, for input nodes
    tangent: float | None = None   # forward mode: d value / d (the seeded input)
    tape_index: int | None = None  # reverse mode: where the node sits on the tape (None: not on it)

    @property
    def expression(self) -> str:
        """How the node is computed, in the program's notation: `#2 * #1`, `cos(#4)`."""
        if self.op == "input":
            return self.name
        args = [f"#{a}" if isinstance(a, int) else str(a) for a in self.operands]
        prim = TABLE.get(self.op)
        if prim is not None and prim.symbol and len(args) == 2:
            return f"{args[0]} {prim.symbol} {args[1]}"
        if prim is not None and prim.symbol and len(args) == 1:
            return f"{prim.symbol}{args[0]}"
        return f"{self.op}({', '.join(args)})"


class Recorded:
    """A number of the wrapped algebra, tagged with the node that produced it."""
    __slots__ = ("node", "inner")

    def __init__(self, node: int, inner: Any):
        self.node = node
        self.inner = inner


def _inner(x: Any) -> Any:
    return x.inner if type(x) is Recorded else x


class RecordingAlgebra:
    """Wraps an engine's algebra: delegates every call and compare, and notes each call as a node."""

    def __init__(self, inner, value=value_of):
        self.inner = inner
        self.name = f"recording {inner.name}"
        self.value = value                # the float value of one of the inner algebra's numbers
        self.nodes: list[TraceNode] = []
        self.inners: list[Any] = []       # the inner algebra's number for each node

    def add(self, op: str, operands: tuple, inner: Any, name: str = "") -> Recorded:
        if len(self.nodes) >= LIMITS.max_trace_nodes:
            raise LimitError(f"the trace passed {LIMITS.max_trace_nodes:,} nodes "
                             f"(max_trace_nodes, DIFFCOMPARE_MAX_TRACE_NODES)")
        node = TraceNode(len(self.nodes), op, operands, float(self.value(inner)), name)
        self.nodes.append(node)
        self.inners.append(inner)
        return Recorded(node.id, inner)

    def call(self, prim: Primitive, args: list) -> Recorded:
        out = self.inner.call(prim, [_inner(a) for a in args])
        operands = tuple(a.node if type(a) is Recorded else Constant(a) for a in args)
        return self.add(prim.name, operands, out)

    def compare(self, op: str, a, b) -> bool:
        return self.inner.compare(op, _inner(a), _inner(b))


# --- the trace ---------------------------------------------------------------

@dataclass
class Contribution:
    """One edge of the backward sweep: the node sends adjoint × partial to a parent."""
    parent: int          # node id
    partial: float       # d node / d parent
    amount: float        # adjoint of the node × partial


@dataclass
class SweepStep:
    node: int
    adjoint: float
    contributions: list[Contribution]


@dataclass
class Sweep:
    """One backward sweep from one output, in the order it visits nodes (last node first)."""
    output: str
    node: int | None                    # None: the output is a constant
    steps: list[SweepStep]
    adjoints: dict[int, float]          # node id -> adjoint, for the nodes on the tape
    gradient: dict[str, float]          # input name -> d output / d input


@dataclass
class Trace:
    program: Program
    point: dict
    mode: str
    inputs: list[str]                   # flat input names
    outputs: list[str]
    nodes: list[TraceNode]
    output_nodes: list[int | None]      # the node of each output (None: a constant output)
    values: list[float]
    wrt: str | None = None              # forward: the seeded input
    tangents: list[float] = field(default_factory=list)   # forward: each output's tangent
    sweeps: list[Sweep] = field(default_factory=list)     # reverse: one per output
    traversals: int = 0

    @property
    def function(self) -> str:
        return "f" if self.program.inline else self.program.name


def trace(function: str | Program, at: str | None = None, mode: str = "forward",
          wrt: str | None = None) -> Trace:
    """Run `function` once at `at`, recording every node: forward mode seeded on `wrt`
    (the first input by default), or reverse mode with one backward sweep per output."""
    if mode not in MODES:
        raise InputError(f"unknown mode '{mode}'; choose from {', '.join(MODES)}")
    program = load(function) if isinstance(function, str) else function
    point = parse_point(at, program)
    names = program.input_names(point)
    if mode == "forward":
        return _forward(program, point, names, wrt)
    if wrt is not None:
        raise InputError("--wrt seeds forward mode; reverse mode gives the adjoint of every input at once")
    return _reverse(program, point, names)


def _forward(program: Program, point: dict, names: list[str], wrt: str | None) -> Trace:
    if not names:
        raise InputError("the function has no inputs to seed")
    wrt = names[0] if wrt is None else wrt
    if wrt not in names:
        raise InputError(f"--wrt names '{wrt}', which is not an input (inputs: {', '.join(names)})")
    algebra = RecordingAlgebra(DualAlgebra())
    inputs = [algebra.add("input", (), Dual(float(v), 1.0 if n == wrt else 0.0), n)
              for n, v in zip(names, program.flatten(point))]
    meter = Meter()
    outputs = evaluate(program, program.unflatten(inputs, point), algebra, meter)
    for node, inner in zip(algebra.nodes, algebra.inners):
        node.tangent = float(tangent_of(inner))
    return Trace(program, point, "forward", names, output_names(program, len(outputs)), algebra.nodes,
                 [o.node if type(o) is Recorded else None for o in outputs],
                 [float(value_of(_inner(o))) for o in outputs], wrt=wrt,
                 tangents=[float(tangent_of(_inner(o))) for o in outputs], traversals=meter.traversals)


def _reverse(program: Program, point: dict, names: list[str]) -> Trace:
    taping = TapeAlgebra()
    algebra = RecordingAlgebra(taping, value=lambda v: v.value if type(v) is Var else v)
    tape = taping.tape
    inputs = [algebra.add("input", (), tape.record(float(v), "input"), n)
              for n, v in zip(names, program.flatten(point))]
    meter = Meter()
    outputs = evaluate(program, program.unflatten(inputs, point), algebra, meter)
    node_of_tape = {}
    for node, inner in zip(algebra.nodes, algebra.inners):
        if type(inner) is Var:
            node.tape_index = inner.index
            node_of_tape[inner.index] = node.id
    out_names = output_names(program, len(outputs))
    sweeps = []
    for name, out in zip(out_names, outputs):
        var = _inner(out)
        if type(var) is not Var:        # a constant output: nothing to sweep
            sweeps.append(Sweep(name, None, [], {}, {n: 0.0 for n in names}))
            continue
        meter.traversals += 1
        adjoint = tape.backward(var)
        # Tape.backward visits tape entries from the output down, skipping those whose adjoint is zero
        steps = [SweepStep(node_of_tape[k], adjoint[k],
                           [Contribution(node_of_tape[p], d, adjoint[k] * d)
                            for p, d in zip(tape.parents[k], tape.partials[k])])
                 for k in range(var.index, -1, -1) if adjoint[k]]
        sweeps.append(Sweep(name, out.node, steps, {node_of_tape[k]: a for k, a in enumerate(adjoint)},
                            {n: adjoint[i.inner.index] for n, i in zip(names, inputs)}))
    return Trace(program, point, "reverse", names, out_names, algebra.nodes,
                 [o.node if type(o) is Recorded else None for o in outputs],
                 [float(algebra.value(_inner(o))) for o in outputs], sweeps=sweeps, traversals=meter.traversals)


# --- rendering ---------------------------------------------------------------

def head_tail(rows: list, limit: int | None, filler) -> list:
    """At most `limit` rows: the first and last halves, with `filler(omitted)` between (0/None: all)."""
    if not limit or len(rows) <= limit:
        return rows
    head = (limit + 1) // 2
    tail = limit - head
    return rows[:head] + [filler(len(rows) - limit)] + (rows[-tail:] if tail else [])


def _dual(value: float, tangent: float) -> str:
    sign = "-" if tangent < 0 or (tangent == 0 and str(tangent).startswith("-")) else "+"
    return f"{number(value)} {sign} {number(abs(tangent))}ε"


def summary(t: Trace) -> list[str]:
    """What the trace shows, in the book's words: the outputs and their derivatives."""
    if t.mode == "forward":
        return [f"{o} = {_dual(v, d)}: ∂{o}/∂{t.wrt} = {number(d)}"
                for o, v, d in zip(t.outputs, t.values, t.tangents)]
    return [f"{s.output} = {number(v)}: " + ", ".join(f"∂{s.output}/∂{n} = {number(g)}" for n, g in s.gradient.items())
            for s, v in zip(t.sweeps, t.values)]


def _caption(t: Trace) -> str:
    how = (f"forward mode, seeded on {t.wrt} (its tangent 1, the others 0)" if t.mode == "forward" else
           "reverse mode: one run records the tape, then one backward sweep per output")
    return f"{t.function} at {point_text(t.point)}   {how}"


def trace_sheets(t: Trace, limit: int | None = DEFAULT_LIMIT) -> list[Sheet]:
    """The node table (evaluation order), and in reverse mode one sweep table per output."""
    outputs = {n: o for o, n in zip(t.outputs, t.output_nodes) if n is not None}

    def node_row(node: TraceNode) -> list[str]:
        op = node.op + (f"  → {outputs[node.id]}" if node.id in outputs else "")
        row = [f"#{node.id}", op, node.expression, number(node.value)]
        if t.mode == "forward":
            return row + [number(node.tangent)]
        return row + [number(s.adjoints[node.id]) if node.id in s.adjoints else "-" for s in t.sweeps]

    extra = [f"tangent (∂/∂{t.wrt})"] if t.mode == "forward" else [f"adjoint ∂{s.output}/∂node" for s in t.sweeps]
    columns = ["node", "operation", "computes", "value"] + extra
    filler = lambda k: ["…", f"{k:,} nodes not shown", "(--limit 0 shows all)", "", *[""] * len(extra)]
    rows = head_tail([node_row(n) for n in t.nodes], limit, filler)
    notes = summary(t) + [_count_note(t)]
    if t.program.defaulted:
        notes.append(f"{', '.join(t.program.defaulted)} had no value and took 1.0 (give --at to choose).")
    title = "Evaluation trace" + (" (evaluation order)" if t.mode == "forward" else
                                  " (adjoints from the backward sweep)")
    sheets = [Sheet(title, columns, rows, notes, _caption(t))]
    for s in t.sweeps:
        sweep_rows = [[str(i + 1), f"#{step.node}", t.nodes[step.node].op, number(step.adjoint),
                       "; ".join(f"#{c.parent} += {number(step.adjoint)} × {number(c.partial)} = {number(c.amount)}"
                                 for c in step.contributions)
                       or f"(input {t.nodes[step.node].name}: ∂{s.output}/∂{t.nodes[step.node].name} = "
                          f"{number(step.adjoint)})"]
                      for i, step in enumerate(s.steps)]
        sweep_rows = head_tail(sweep_rows, limit, lambda k: ["…", f"{k:,} steps not shown", "", "", ""])
        sweeps_note = [f"The sweep visits {len(s.steps):,} of the {len(t.nodes):,} nodes: those on the tape "
                       "with a non-zero adjoint, last first; each sends its adjoint times the local partial "
                       "derivative to its parents."]
        if s.node is None:
            sweeps_note = [f"{s.output} is a constant: no sweep."]
        sheets.append(Sheet(f"Backward sweep for {s.output}, in the order it visits nodes",
                            ["step", "node", "operation", "adjoint", "sends to its parents"], sweep_rows,
                            sweeps_note))
    return sheets


def _count_note(t: Trace) -> str:
    nodes = f"{len(t.nodes):,} node{'s' if len(t.nodes) != 1 else ''}"
    if t.mode == "forward":
        return (f"{nodes}; {t.traversals} traversal, for the tangent along {t.wrt}. All {len(t.inputs)} "
                f"partial derivatives take one traversal per input (n_inputs = {len(t.inputs)}).")
    on_tape = sum(1 for n in t.nodes if n.tape_index is not None)
    swept = sum(1 for s in t.sweeps if s.node is not None)
    return (f"{nodes}, {on_tape:,} of them on the tape (the rest involve no input); {t.traversals} "
            f"traversal{'s' if t.traversals != 1 else ''}: the taping run and {swept} backward "
            f"sweep{'s' if swept != 1 else ''}, one per output that depends on an input.")


def trace_json(t: Trace) -> dict:
    def node(n: TraceNode) -> dict:
        entry = {"id": n.id, "op": n.op, "operands": [a if isinstance(a, int) else {"constant": a.value}
                                                      for a in n.operands],
                 "computes": n.expression, "value": n.value}
        if n.name:
            entry["name"] = n.name
        if t.mode == "forward":
            entry["tangent"] = n.tangent
        else:
            entry["adjoints"] = {s.output: s.adjoints.get(n.id) for s in t.sweeps}
        return entry

    data = {"function": t.function, "mode": t.mode, "point": t.point, "inputs": t.inputs, "outputs": t.outputs,
            "values": t.values, "output_nodes": t.output_nodes, "traversals": t.traversals,
            "nodes": [node(n) for n in t.nodes]}
    if t.mode == "forward":
        data.update({"wrt": t.wrt, "tangents": t.tangents})
    else:
        data["sweeps"] = [{"output": s.output, "node": s.node, "gradient": s.gradient,
                           "visits": [{"node": st.node, "adjoint": st.adjoint,
                                       "contributions": [{"parent": c.parent, "partial": c.partial,
                                                          "amount": c.amount} for c in st.contributions]}
                                      for st in s.steps]} for s in t.sweeps]
    return data


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def trace_dot(t: Trace) -> str:
    """The whole graph in Graphviz DOT, each node labelled with its value and tangent or adjoints."""
    lines = ["digraph trace {", "  rankdir=BT;", '  node [shape=box, fontname="Helvetica"];',
             f'  label="{_dot_text(_caption(t))}";']
    outputs = {n: o for o, n in zip(t.outputs, t.output_nodes) if n is not None}
    for n in t.nodes:
        label = [f"#{n.id} {n.name or n.op}" + (f" → {outputs[n.id]}" if n.id in outputs else ""),
                 f"value {number(n.value)}"]
        if t.mode == "forward":
            label.append(f"tangent {number(n.tangent)}")
        else:
            label += [f"adjoint {number(s.adjoints[n.id])}" + (f" ({s.output})" if len(t.sweeps) > 1 else "")
                      for s in t.sweeps if n.id in s.adjoints]
        style = ", style=filled, fillcolor=lightblue" if n.op == "input" else (
            ", peripheries=2" if n.id in outputs else "")
        text = "\\n".join(_dot_text(x) for x in label)     # DOT's own line break inside a label
        lines.append(f'  n{n.id} [label="{text}"{style}];')
        for k, a in enumerate(n.operands):
            if isinstance(a, int):
                lines.append(f"  n{a} -> n{n.id};")
            else:
                lines.append(f'  c{n.id}_{k} [label="{_dot_text(str(a))}", shape=plaintext];')
                lines.append(f"  c{n.id}_{k} -> n{n.id};")
    lines.append("}")
    return "\n".join(lines)
