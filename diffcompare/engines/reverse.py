"""Reverse-mode autodiff: one forward traversal records a tape, then one backward
sweep per output accumulates adjoints. Traversals: n_outputs + 1.

The tape is flat lists -- for node k, its value, its operation, the indices of its
parents and the local partial derivative along each edge -- computed by the
primitives table's rules while the forward traversal runs.

Over floats, `TapeAlgebra.kernel` gives the interpreter one function per primitive
that records a node with a single list extension and no per-node tuple or dict;
anything unusual -- a domain error, an overflow -- is handed back to `call`, so the
errors and their messages are those of the plain path.
"""

from __future__ import annotations

import math
from operator import itemgetter

from ..interpreter import COMPARISONS, Meter, evaluate
from ..primitives import REAL, Primitive, apply_real, partial
from ..language.ir import Program
from ..language.point import Point
from . import Derivative, columns
from .rules import CALL, CONST, FAST_REAL, binary_parts, unary_parts

_ARITH = (ValueError, ZeroDivisionError, OverflowError)
_INF = math.inf
_NINF = -math.inf


class Var:
    """A value recorded on a tape: its float value and its node index."""
    __slots__ = ("value", "index")

    def __init__(self, value: float, index: int):
        self.value = value
        self.index = index

    def __repr__(self) -> str:
        return f"Var({self.value}, #{self.index})"


#: entries per node in `Tape.edges`: operation, parent 0, parent 1, partial 0, partial 1
WIDTH = 5


class Tape:
    """The recorded run. `values[k]` is node k's value; `edges[5k:5k+5]` holds its
    operation ("input" or a primitive's name), two parent indices and the partial
    derivative along each edge. A missing parent is -1 with partial 0.0, so every
    node has the same width: one flat list, no tuple or object per node (about 100
    bytes a node; `diffcompare bench` measures it).

    `ops[k]`, `parents[k]` and `partials[k]` read one node (tuples of its real edges).
    """

    def __init__(self):
        self.values: list[float] = []
        self.edges: list = []
        self.leading_inputs = 0          # how many nodes from the start are inputs
        self.extra: dict[int, tuple] = {}   # node -> ((parent, partial), ...) beyond its first two (clip)

    @property
    def ops(self) -> "_Column":
        return _Column(self.edges, self.values)

    @property
    def parents(self) -> "_Edges":
        return _Edges(self.edges, 1)

    @property
    def partials(self) -> "_Edges":
        return _Edges(self.edges, 3)

    def record(self, value: float, op: str, parents: tuple = (), partials: tuple = ()) -> Var:
        if len(parents) != len(partials):
            raise ValueError("each parent of a tape node needs its partial derivative")
        k = len(self.values)
        if len(parents) > 2:
            self.extra[k] = tuple(zip(parents[2:], partials[2:]))
            parents, partials = parents[:2], partials[:2]
        if op == "input" and not parents and k == self.leading_inputs:
            self.leading_inputs += 1
        self.values.append(value)
        pad = 2 - len(parents)
        self.edges.extend((op, *parents, *(-1,) * pad, *partials, *(0.0,) * pad))
        return Var(value, k)

    def inputs(self, values: list[float]) -> list[Var]:
        """Record many input nodes at once."""
        k = len(self.values)
        if k == self.leading_inputs:
            self.leading_inputs += len(values)
        self.values.extend(values)
        self.edges.extend(("input", -1, -1, 0.0, 0.0) * len(values))
        return [Var(v, k + i) for i, v in enumerate(values)]

    def __len__(self) -> int:
        return len(self.values)

    def backward(self, output: Var) -> list[float]:
        """One sweep from `output` back to the start: the adjoint of every node."""
        adjoint = [0.0] * (len(self.values) + 1)   # a last slot soaks up a missing parent (-1)
        adjoint[output.index] = 1.0
        # the leading inputs have no parents to send to: stop above them
        stop = min(self.leading_inputs, output.index)
        last = output.index * WIDTH
        edges = self.edges
        # the columns from the output down, stepped through together by one zip
        p0, p1, d0, d1 = (edges[last + offset:stop * WIDTH:-WIDTH] for offset in (1, 2, 3, 4))
        extra = self.extra
        for k, p, q, d, e in zip(range(output.index, stop - 1, -1), p0, p1, d0, d1):
            a = adjoint[k]
            if a:
                adjoint[p] += a * d
                if q >= 0:
                    adjoint[q] += a * e
                    if extra and k in extra:
                        for r, f in extra[k]:
                            adjoint[r] += a * f
        adjoint.pop()
        return adjoint


class _Column:
    """`tape.ops`: node k's operation."""
    __slots__ = ("edges", "values")

    def __init__(self, edges, values):
        self.edges, self.values = edges, values

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        return self.edges[WIDTH * range(len(self))[k]]

    def __iter__(self):
        return iter(self.edges[0::WIDTH])


class _Edges:
    """`tape.parents` or `tape.partials`: node k's entries as a tuple of 0, 1 or 2."""
    __slots__ = ("edges", "offset")

    def __init__(self, edges, offset):
        self.edges, self.offset = edges, offset

    def __len__(self) -> int:
        return len(self.edges) // WIDTH

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        base = WIDTH * range(len(self))[k]
        edges = self.edges
        if edges[base + 1] == -1:
            return ()
        if edges[base + 2] == -1:
            return (edges[base + self.offset],)
        return (edges[base + self.offset], edges[base + self.offset + 1])

    def __iter__(self):
        return (self[k] for k in range(len(self)))


class TapeAlgebra:
    """Tape variables. Inside a run through the kernels, a recorded value travels as the
    tuple (value, index) -- built by one bytecode instead of an object of a class --
    and becomes a `Var` again on the way out (`inside`/`outside`)."""
    name = "tape"

    def __init__(self):
        self.tape = Tape()

    def call(self, prim: Primitive, args: list):
        values = [_value(a) for a in args]
        out = apply_real(prim, values)
        parents = tuple(_index(a) for a in args if type(a) in _ACTIVE)
        if not parents:
            return out
        partials = tuple(partial(prim, k, values, out, REAL) for k, a in enumerate(args) if type(a) in _ACTIVE)
        return self.tape.record(out, prim.name, parents, partials)

    def compare(self, op: str, a, b) -> bool:
        return COMPARISONS[op](_value(a), _value(b))

    def value(self, x) -> float:
        return float(_value(x))

    def kernel(self, prim: Primitive):
        """`call` for one primitive as a function of its arguments, recording on this tape."""
        if prim.arity == 1:
            return _unary(prim, self.call, self.tape)
        if prim.arity == 2:
            return _binary(prim, self.call, self.tape)
        call, inside = self.call, self.inside
        return lambda *args: inside(call(prim, list(args)))

    @staticmethod
    def inside(x):
        return (x.value, x.index) if type(x) is Var else x

    @staticmethod
    def outside(x):
        return Var(x[0], x[1]) if type(x) is tuple else x


_ACTIVE = (Var, tuple)


def _value(x):
    return x.value if type(x) is Var else x[0] if type(x) is tuple else x


def _index(x):
    return x.index if type(x) is Var else x[1]


def _unary(prim: Primitive, call, tape: Tape):
    f, (kind, constant, rule) = unary_parts(prim)
    m, name = FAST_REAL, prim.name
    values = tape.values
    append, extend = values.append, tape.edges.extend

    def kernel(x):
        if type(x) is not tuple:
            return apply_real(prim, (x,))
        a, i = x
        try:
            out = f(a)
            if not _NINF < out < _INF:
                raise OverflowError
            d = constant if kind == CONST else rule(m, a, out) if kind == CALL else (a, out)[kind]
        except _ARITH:
            return call(prim, [x])    # the exact path raises the error with its message
        k = len(values)
        append(out)
        extend((name, i, -1, d, 0.0))
        return (out, k)
    return kernel


def _binary(prim: Primitive, call, tape: Tape):
    f, (k0, c0, r0), (k1, c1, r1), constants, swapped = binary_parts(prim)
    m, name = FAST_REAL, prim.name
    # other rules that need no call pick their value from (x, y, out, constant0, constant1)
    pick_both = itemgetter(k0 if k0 != CONST else 3, k1 if k1 != CONST else 4) if CALL not in (k0, k1) else None
    values = tape.values
    append, extend = values.append, tape.edges.extend

    def kernel(x, y):
        if type(x) is tuple:
            a, i = x
            if type(y) is tuple:
                b, j = y
                try:
                    out = f(a, b)
                    if not _NINF < out < _INF:
                        raise OverflowError
                    if constants:
                        da, db = c0, c1
                    elif swapped:
                        da, db = b, a
                    elif pick_both is not None:
                        da, db = pick_both((a, b, out, c0, c1))
                    else:
                        da = c0 if k0 == CONST else r0(m, a, b, out) if k0 == CALL else (a, b, out)[k0]
                        db = c1 if k1 == CONST else r1(m, a, b, out) if k1 == CALL else (a, b, out)[k1]
                except _ARITH:
                    return call(prim, [x, y])
                k = len(values)
                append(out)
                extend((name, i, j, da, db))
                return (out, k)
            try:
                out = f(a, y)
                if not _NINF < out < _INF:
                    raise OverflowError
                d = c0 if k0 == CONST else r0(m, a, y, out) if k0 == CALL else (a, y, out)[k0]
            except _ARITH:
                return call(prim, [x, y])
        elif type(y) is tuple:
            b, i = y
            try:
                out = f(x, b)
                if not _NINF < out < _INF:
                    raise OverflowError
                d = c1 if k1 == CONST else r1(m, x, b, out) if k1 == CALL else (x, b, out)[k1]
            except _ARITH:
                return call(prim, [x, y])
        else:
            return apply_real(prim, (x, y))
        k = len(values)
        append(out)
        extend((name, i, -1, d, 0.0))
        return (out, k)
    return kernel


def record(program: Program, point: Point, meter: Meter) -> tuple[Tape, list[Var], list]:
    """The forward traversal: run the program on tape variables, recording every operation."""
    algebra = TapeAlgebra()
    inputs = algebra.tape.inputs(list(point.flat))
    outputs = evaluate(program, point.inputs(inputs), algebra, meter)
    return algebra.tape, inputs, outputs


def jacobian(program: Program, point: Point, meter: Meter, wrt: list[int] | None = None, **_) -> Derivative:
    tape, inputs, outputs = record(program, point, meter)
    cols = columns(inputs, wrt)
    rows = []
    for out in outputs:
        if type(out) is Var:
            meter.traversals += 1
            adjoint = tape.backward(out)
            rows.append([adjoint[inputs[j].index] for j in cols])
        else:  # a constant output: no path back to any input
            rows.append([0.0] * len(cols))
    values = [o.value if type(o) is Var else float(o) for o in outputs]
    return Derivative(values, rows, {"tape_nodes": len(tape)})
