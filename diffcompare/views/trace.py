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

With numpy arrays a node holds a whole array: its value, tangent and adjoint are arrays
of its shape (a vectorised program stays one node per operation, however many elements).
The inputs are still the point's elements, one node each (`x[0]`, `x[1]`, ...: what the
engines seed and what the gradient is of), gathered into the parameter's array by one
`array` node, as the engines' own `array` does; an array output is split into one
`getitem` node per element, each an output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..render.output import Shown
from ..engines.forward import Dual, DualAlgebra, tangent_of
from ..engines.reverse import ArrayVar, TapeAlgebra, Var
from ..errors import InputError, LimitError, option
from ..interpreter import Meter, evaluate
from ..limits import LIMITS, check_kept
from ..analysis.cost import check_recordable
from ..analysis.measure import output_names, wrt_columns
from ..interpreter.arrays import leaves
from ..primitives import TABLE, Primitive
from ..primitives.on_arrays import vjp
from ..language.ir import Program
from ..language.point import Point
from ..language.given import point_of, program_of
from ..language.point import names_text

MODES = ("forward", "reverse")


@dataclass(frozen=True)
class Constant:
    """An operand that is no node: a literal or a loop index."""
    value: Any


Value = Any                        # a float, or a numpy array of floats for a node on arrays


@dataclass
class TraceNode:
    id: int
    op: str                        # "input" or the primitive's name
    operands: tuple                # node ids (int) and Constants
    value: Value
    name: str = ""                 # the input's name, for input nodes
    tangents: list[Value] = field(default_factory=list)   # forward mode: d value / d each seeded input
    tape_index: int | None = None  # reverse mode: where the node sits on the tape (None: not on it)

    @property
    def tangent(self) -> Value | None:
        """The tangent along the first seeded input (forward mode), of the value's shape."""
        return self.tangents[0] if self.tangents else None

    @property
    def shape(self) -> tuple[int, ...]:
        """() for a number; an array node's numpy shape."""
        return tuple(np.shape(self.value))


class Recorded:
    """A number or array of the wrapped algebra, tagged with the node that produced it. It
    answers `ndim`, `shape` and `size` as its inner value does: the interpreter tells arrays
    (to index, iterate, split into outputs) by their `ndim`."""
    __slots__ = ("node", "inner")

    def __init__(self, node: int, inner: Any):
        self.node = node
        self.inner = inner

    ndim = property(lambda self: getattr(self.inner, "ndim", 0))
    shape = property(lambda self: getattr(self.inner, "shape", ()))
    size = property(lambda self: getattr(self.inner, "size", 1))


def _inner(x: Any) -> Any:
    return x.inner if type(x) is Recorded else x


class RecordingAlgebra:
    """Wraps an engine's algebra: delegates every call and compare, and notes each call as a node."""

    def __init__(self, inner):
        self.inner = inner
        self.name = f"recording {inner.name}"
        self.nodes: list[TraceNode] = []
        self.inners: list[Any] = []       # the inner algebra's number for each node
        self.numbers = 0                  # numbers the nodes hold (an array node: its elements)

    def add(self, op: str, operands: tuple, inner: Any, name: str = "") -> Recorded:
        value = _plain(self.inner.value(inner))
        self.numbers += getattr(value, "size", 1)
        check_kept(self.numbers, f"the trace passed {self.numbers:,} numbers")
        node = TraceNode(len(self.nodes), op, operands, value, name)
        self.nodes.append(node)
        self.inners.append(inner)
        return Recorded(node.id, inner)

    def call(self, prim: Primitive, args: list) -> Recorded:
        out = self.inner.call(prim, [_inner(a) for a in args])
        operands = tuple(a.node if type(a) is Recorded else Constant(a) for a in args)
        return self.add(prim.name, operands, out)

    def compare(self, op: str, a, b) -> bool:
        return self.inner.compare(op, _inner(a), _inner(b))

    def value(self, x):
        return self.inner.value(_inner(x))

    def array(self, nested: list) -> Recorded:
        """A vector or matrix input: the inner algebra's own array of the elements' numbers,
        noted as one `array` node whose operands are the element nodes."""
        items, shape = leaves(nested)
        inner = self.inner.array(_unwrapped(nested))
        return self.add("array", tuple(a.node if type(a) is Recorded else Constant(a) for a in items)
                        + (Constant(shape),), inner)

    def split(self, x) -> list:
        """An array output's elements, by the inner algebra's own split (the tape records a
        `getitem` node for each), each noted as a `getitem` node of the array."""
        if type(x) is not Recorded:
            return self.inner.split(x)
        elements = self.inner.split(x.inner)
        return [self.add("getitem", (x.node, Constant(index)), e)
                for index, e in zip(np.ndindex(*x.shape), elements)]


def _unwrapped(nested):
    return [_unwrapped(v) for v in nested] if isinstance(nested, list) else _inner(nested)


def _plain(v) -> Value:
    """A node's value as the trace keeps it: a float, or a float array of its own (a copy:
    a later in-place update must not change what was recorded)."""
    return np.array(v, dtype=float) if getattr(v, "ndim", 0) else float(v)


# --- the trace ---------------------------------------------------------------

@dataclass
class Contribution:
    """One edge of the backward sweep: the node sends adjoint × partial to a parent (an
    operation on arrays sends the vjp of its adjoint: an array, and no single partial)."""
    parent: int            # node id
    partial: float | None  # d node / d parent; None for an operation on arrays
    amount: Value          # what the parent's adjoint gains
    total: Value = None    # the parent's adjoint once it has gained it (the running sum of the sweep)


@dataclass
class SweepStep:
    node: int
    adjoint: Value
    contributions: list[Contribution]


@dataclass
class Sweep:
    """One backward sweep from one output, in the order it visits nodes (last node first)."""
    output: str
    node: int | None                    # None: the output is a constant
    steps: list[SweepStep]
    adjoints: dict[int, Value]          # node id -> adjoint, for the nodes on the tape
    gradient: dict[str, float]          # input name -> d output / d input


@dataclass(repr=False)
class Trace(Shown):
    program: Program
    point: Point
    mode: str
    inputs: list[str]                   # flat input names
    outputs: list[str]
    nodes: list[TraceNode]
    output_nodes: list[int | None]      # the node of each output (None: a constant output)
    values: list[float]
    wrt: str | None = None              # forward: the first seeded input
    tangents: list[float] = field(default_factory=list)   # forward: each output's tangent along `wrt`
    seeds: list[str] = field(default_factory=list)        # forward: every seeded input, one traversal each;
                                                          # reverse: the inputs whose adjoints are reported
    seed_tangents: list[list[float]] = field(default_factory=list)   # forward: per seed, each output's tangent
    sweeps: list[Sweep] = field(default_factory=list)     # reverse: one per output
    traversals: int = 0

    @property
    def function(self) -> str:
        return "f" if self.program.inline else self.program.name


def trace(function, at=None, mode: str = "forward", wrt: str | list[str] | None = None) -> Trace:
    """Run `function` once at `at`, recording every node: forward mode seeded on each input of
    `wrt` in turn (one traversal each; the first input by default), or reverse mode with one
    backward sweep per output, reporting the adjoints of the inputs of `wrt` (all by default).
    `wrt` is read as everywhere: input names separated by commas, a vector's name for all its
    elements."""
    if mode not in MODES:
        raise InputError(f"unknown mode '{mode}'; choose from {', '.join(MODES)}")
    program = program_of(function)
    point = point_of(at, program)
    names = point.input_names()
    if mode == "forward":
        if not names:
            raise InputError("the function has no inputs to seed")
        seeds = [names[j] for j in wrt_columns(wrt, names)] if wrt else names[:1]
        check_recordable(program, point)
        return _forward(program, point, names, seeds)
    check_recordable(program, point)
    return _reverse(program, point, names, [names[j] for j in wrt_columns(wrt, names)])


def _forward(program: Program, point: Point, names: list[str], seeds: list[str]) -> Trace:
    meter = Meter()
    runs = []
    for seed in seeds:
        # one traversal per seeded input, as forward mode makes them; every run records the same nodes
        algebra = RecordingAlgebra(DualAlgebra())
        inputs = [algebra.add("input", (), Dual(float(v), 1.0 if n == seed else 0.0), n)
                  for n, v in zip(names, point.flat)]
        runs.append((algebra, evaluate(program, point.inputs(inputs), algebra, meter)))
        if len(algebra.nodes) * len(seeds) > LIMITS.max_trace_nodes:
            raise LimitError(f"{len(seeds):,} seeded inputs × {len(algebra.nodes):,} nodes pass the "
                             f"{LIMITS.max_trace_nodes:,} nodes a trace keeps (max_trace_nodes, "
                             f"DIFFCOMPARE_MAX_TRACE_NODES); seed fewer inputs with {option('wrt')}")
    algebra, outputs = runs[0]
    for other, _ in runs:
        for node, inner in zip(algebra.nodes, other.inners):
            node.tangents.append(_shaped(tangent_of(inner), node))
    per_seed = [[float(tangent_of(_inner(o))) for o in outs] for _, outs in runs]
    return Trace(program, point, "forward", names, output_names(program, len(outputs)), algebra.nodes,
                 [o.node if type(o) is Recorded else None for o in outputs],
                 [float(algebra.value(o)) for o in outputs], wrt=seeds[0], tangents=per_seed[0],
                 seeds=seeds, seed_tangents=per_seed, traversals=meter.traversals)


def _reverse(program: Program, point: Point, names: list[str], reported: list[str]) -> Trace:
    taping = TapeAlgebra()
    algebra = RecordingAlgebra(taping)
    tape = taping.tape
    inputs = [algebra.add("input", (), tape.record(float(v), "input"), n)
              for n, v in zip(names, point.flat)]
    meter = Meter()
    outputs = evaluate(program, point.inputs(inputs), algebra, meter)
    node_of_tape = {}
    for node, inner in zip(algebra.nodes, algebra.inners):
        if type(inner) in (Var, ArrayVar):
            node.tape_index = inner.index
            node_of_tape[inner.index] = node.id
    out_names = output_names(program, len(outputs))
    # each sweep keeps an adjoint per node, and a step per node it reaches
    check_kept(algebra.numbers * (1 + 2 * len(outputs)),
               f"{len(outputs):,} backward sweeps over {algebra.numbers:,} numbers would keep "
               f"{algebra.numbers * (1 + 2 * len(outputs)):,}")
    sweeps = []
    for name, out in zip(out_names, outputs):
        var = _inner(out)
        if type(var) is not Var:        # a constant output: nothing to sweep
            sweeps.append(Sweep(name, None, [], {}, {n: 0.0 for n in reported}))
            continue
        meter.traversals += 1
        adjoint = tape.backward(var)
        # the sweep visits tape entries from the output down; those whose adjoint is zero send nothing
        steps = [SweepStep(node_of_tape[k], adjoint[k],
                           [Contribution(node_of_tape[p], d, amount) for p, d, amount in _sent(tape, k, adjoint[k])])
                 for k in range(var.index, -1, -1) if _nonzero(adjoint[k])]
        _running_totals(steps)
        nodes = algebra.nodes
        sweeps.append(Sweep(name, out.node, steps,
                            {node_of_tape[k]: _shaped(a, nodes[node_of_tape[k]]) for k, a in enumerate(adjoint)},
                            {n: float(adjoint[i.inner.index]) for n, i in zip(names, inputs) if n in reported}))
    return Trace(program, point, "reverse", names, out_names, algebra.nodes,
                 [o.node if type(o) is Recorded else None for o in outputs],
                 [float(algebra.value(o)) for o in outputs], sweeps=sweeps, seeds=reported,
                 traversals=meter.traversals)


def _running_totals(steps: list[SweepStep]) -> None:
    """Each contribution's parent adjoint after it is added, in the sweep's order (so a class
    sees `#1 += 1.0 × 9.0 = 9.0 → 10.0`: y had 1.0 from the add, gains 9.0 from the mul). The
    sums run in the order `Tape.backward` adds, so the last total of a node is its adjoint."""
    running: dict[int, Value] = {}
    for step in steps:
        for c in step.contributions:
            c.total = running[c.parent] + c.amount if c.parent in running else c.amount
            running[c.parent] = c.total


def _sent(tape, k: int, adjoint) -> list[tuple[int, float | None, Value]]:
    """What node k sends each parent in the sweep: (parent, partial, amount). A scalar node
    sends adjoint × its local partial; a node on arrays sends the table's vjp of its adjoint
    (a linear map, no single partial: None), an element read x[i] adds into x's adjoint at i --
    the same rules `Tape.backward` applies."""
    node = tape.on_arrays.get(k)
    if node is None:
        return [(p, d, adjoint * d) for p, d in zip(tape.parents[k], tape.partials[k])]
    prim, args, out, parents = node
    sent = []
    for position, p in parents:
        if prim is _GETITEM and position == 0:
            amount = np.zeros(np.shape(args[0]))
            np.add.at(amount, args[1], adjoint)
        else:
            amount = vjp(prim, position, adjoint, args, out, tape.arrays)
        sent.append((p, None, amount))
    return sent


_GETITEM = TABLE["getitem"]


def _nonzero(a) -> bool:
    return bool(np.any(a != 0))


def _shaped(x, node: TraceNode) -> Value:
    """A tangent or adjoint in the node's shape: an array node's zero (never reached, or no
    input behind it) is an array of zeros, so every array column holds arrays."""
    if node.shape:
        return np.broadcast_to(np.asarray(x, dtype=float), node.shape).copy()
    return float(x)
