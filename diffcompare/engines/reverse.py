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

from ..interpreter import COMPARISONS, Meter, evaluate, generic_kernel
from ..interpreter.arrays import leaves
from ..primitives import REAL, TABLE, Backend, Primitive, apply, apply_real, backend, partial
from ..primitives.arrays import basic_index
from ..primitives.on_arrays import apply_array, quiet, static, vjp
from ..language.ir import Program
from ..limits import TAPE_BYTES
from ..language.point import Point
from . import Derivative
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


class ArrayVar:
    """An array recorded on a tape: its value (a numpy array) and its node index."""
    __slots__ = ("value", "index")

    def __init__(self, value, index: int):
        self.value = value
        self.index = index

    shape = property(lambda self: self.value.shape)
    ndim = property(lambda self: self.value.ndim)
    size = property(lambda self: self.value.size)

    def __repr__(self) -> str:
        return f"ArrayVar(shape {self.value.shape}, #{self.index})"


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

    def __init__(self, arrays: Backend | None = None):
        self.arrays = arrays or backend("array")   # elementwise math of the sweep over array nodes
        self.values: list[float] = []
        self.edges: list = []
        self.leading_inputs = 0          # how many nodes from the start are inputs
        self.extra: dict[int, tuple] = {}   # node -> ((parent, partial), ...) beyond its first two (clip)
        # node -> (primitive, argument values, output, ((argument position, parent), ...)): a node on
        # arrays, whose cotangents its parents get by the table's vjp during the sweep
        self.on_arrays: dict[int, tuple] = {}

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

    def record_on_arrays(self, value, prim: Primitive, args: list, parents: list) -> "Var | ArrayVar":
        """A node of an operation on arrays (or giving one): its parents get `vjp` of the
        table in the sweep. The first two parents also stand in the edges, for display."""
        k = len(self.values)
        self.values.append(value)
        shown = [p for _, p in parents[:2]] + [-1] * (2 - min(2, len(parents)))
        self.edges.extend((prim.name, *shown, 0.0, 0.0))
        self.on_arrays[k] = (prim, args, value, tuple(parents))
        return ArrayVar(value, k) if getattr(value, "ndim", 0) else Var(value, k)

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
        if self.on_arrays:
            with quiet():
                return self._backward_with_arrays(output)
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

    def _backward_with_arrays(self, output: Var) -> list:
        """The sweep where some nodes hold arrays: those send `vjp` of their adjoint to each
        parent; the others send adjoint times partial, as in `backward`. An element or slice
        read from an array (x[i] in a loop) adds into that array's adjoint in place: a full array
        per element would make a loop over n elements cost n^2. In place only into an adjoint
        this sweep made (`owned`): a vjp may hand the same array to two parents."""
        adjoint: list = [0.0] * (len(self.values) + 1)
        adjoint[output.index] = 1.0
        owned: set[int] = set()
        edges, on_arrays, extra, m = self.edges, self.on_arrays, self.extra, self.arrays
        stop = min(self.leading_inputs, output.index)
        for k in range(output.index, stop - 1, -1):
            a = adjoint[k]
            if type(a) is float and a == 0.0:
                continue
            node = on_arrays.get(k)
            if node is not None:
                prim, args, out, parents = node
                for position, p in parents:
                    if prim is _GETITEM and position == 0:
                        _add_at(adjoint, owned, p, args, a)
                        continue
                    g = vjp(prim, position, a, args, out, m)
                    before = adjoint[p]
                    if type(before) is float and before == 0.0:
                        adjoint[p] = g
                    else:
                        adjoint[p] = before + g
                        owned.add(p)
                continue
            base = k * WIDTH
            p, q = edges[base + 1], edges[base + 2]
            adjoint[p] += a * edges[base + 3]
            if q >= 0:
                adjoint[q] += a * edges[base + 4]
                if extra and k in extra:
                    for r, f in extra[k]:
                        adjoint[r] += a * f
        adjoint.pop()
        return adjoint


def _add_at(adjoint: list, owned: set, p: int, args: list, g) -> None:
    """adjoint[p][index] += g for a node that read x[index] of array p, in place (into an
    array of this sweep's own: a fresh one the first time)."""
    np = _numpy()
    array, index = args
    if p not in owned:
        before = adjoint[p]
        adjoint[p] = np.zeros(np.shape(array), dtype=object if np.asarray(array).dtype == object else float)
        if not (type(before) is float and before == 0.0):
            adjoint[p] += before
        owned.add(p)
    if basic_index(index):                  # each element at most once: a plain in-place add
        adjoint[p][index] += g
    else:
        np.add.at(adjoint[p], index, g)


def _numpy():
    import numpy
    return numpy


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
    """Tape variables over one kind of number (`REAL` floats, or mpmath's for the reference).
    Over floats, inside a run through the kernels, a recorded value travels as the tuple
    (value, index) -- built by one bytecode instead of an object of a class -- and becomes a
    `Var` again on the way out (`inside`/`outside`)."""
    name = "tape"
    inside = outside = None           # set for floats, where the kernels run

    def __init__(self, m: Backend = REAL):
        self.m = m
        self.tape = Tape(backend("array" if m is REAL else "mparray"))
        self.tape_bytes = TAPE_BYTES["real" if m is REAL else "mp"]     # the interpreter holds it to max_tape_mb
        self.constant = m.constant        # the reference's exact constants (None over floats)
        if m is REAL:
            self.inside, self.outside = _tape_inside, _tape_outside

    def call(self, prim: Primitive, args: list):
        if prim.structural:             # data arguments (a shape, an index) are taken as they are
            n = len(args)
            data = [static(prim, k, n) for k in range(n)]
            values = [a if is_data else _value(a) for a, is_data in zip(args, data)]
            return self._on_arrays(prim, args, values, data)
        values = [_value(a) for a in args]
        if any(getattr(v, "ndim", 0) for v in values):
            return self._on_arrays(prim, args, values, [False] * len(args))
        out = apply_real(prim, values) if self.m is REAL else apply(prim, values, self.m)
        parents = tuple(_index(a) for a in args if type(a) in _ACTIVE)
        if not parents:
            return out
        partials = tuple(partial(prim, k, values, out, self.m) for k, a in enumerate(args) if type(a) in _ACTIVE)
        return self.tape.record(out, prim.name, parents, partials)

    def _on_arrays(self, prim: Primitive, args: list, values: list, data: list):
        out = apply_array(prim, values, self.tape.arrays)
        parents = [(k, _index(a)) for k, (a, is_data) in enumerate(zip(args, data))
                   if not is_data and type(a) in _ACTIVE]
        return self.tape.record_on_arrays(out, prim, values, parents) if parents else out

    def compare(self, op: str, a, b) -> bool:
        return COMPARISONS[op](_value(a), _value(b))

    def value(self, x):
        v = _value(x)
        return v if getattr(v, "ndim", 0) else float(v)

    def array(self, nested: list):
        """An input vector or matrix: one node whose parents are its elements' nodes."""
        items, shape = leaves(nested)
        return self.call(TABLE["array"], items + [shape])

    def split(self, x) -> list:
        """An array output's elements: one `getitem` node each."""
        np = _numpy()
        return [self.call(TABLE["getitem"], [x, index]) for index in np.ndindex(*x.shape)]

    def kernel(self, prim: Primitive):
        """`call` for one primitive as a function of its arguments, recording on this tape."""
        if self.m is not REAL:
            return generic_kernel(self.call, prim)
        if prim.arity == 1 and not prim.structural:
            return _unary(prim, self.call, self.tape)
        if prim.arity == 2 and not prim.structural:
            return _binary(prim, self.call, self.tape)
        call = self.call
        return lambda *args: _tape_inside(call(prim, list(args)))


def _tape_inside(x):
    return (x.value, x.index) if type(x) is Var else x


def _tape_outside(x):
    return Var(x[0], x[1]) if type(x) is tuple else x


_ACTIVE = (Var, tuple, ArrayVar)


def _value(x):
    return x.value if type(x) in (Var, ArrayVar) else x[0] if type(x) is tuple else x


def _index(x):
    return x.index if type(x) in (Var, ArrayVar) else x[1]


def _unary(prim: Primitive, call, tape: Tape):
    inside = _tape_inside
    f, (kind, constant, rule) = unary_parts(prim)
    m, name = FAST_REAL, prim.name
    values = tape.values
    append, extend = values.append, tape.edges.extend

    def kernel(x):
        if type(x) is not tuple:
            return inside(call(prim, [x]))           # constants, or an array's number (exact path)
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
    inside = _tape_inside
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
            return inside(call(prim, [x, y]))        # constants, or an array's number (exact path)
        k = len(values)
        append(out)
        extend((name, i, -1, d, 0.0))
        return (out, k)
    return kernel


class Inputs:
    """The point's inputs on the tape, parameter by parameter: its first node, its number of
    elements, and whether it is one node holding the whole array (else one node each)."""
    __slots__ = ("parts",)

    def __init__(self):
        self.parts: list[tuple[int, int, bool]] = []

    def __len__(self) -> int:
        return sum(n for _, n, _ in self.parts)

    def nodes(self) -> list[int]:
        """Each element's node (an array's elements share its node)."""
        return [node if whole else node + i for node, n, whole in self.parts for i in range(n)]

    def adjoints(self, adjoint: list, cols: list[int] | None = None) -> list:
        """Each input element's adjoint after a sweep (of the elements in `cols`)."""
        flat: list = []
        for node, n, whole in self.parts:
            if not whole:
                flat.extend(adjoint[node:node + n])
            elif getattr(adjoint[node], "ndim", 0):
                flat.extend(adjoint[node].ravel().tolist())
            else:
                flat.extend([adjoint[node]] * n)      # 0.0: the output never read this array
        return flat if cols is None else [flat[j] for j in cols]


def record(program: Program, point: Point, meter: Meter, m: Backend = REAL,
           convert=float) -> tuple[Tape, list, list]:
    """The forward traversal: run the program on tape variables, recording every operation.

    A parameter the program uses as a numpy array is one input node holding the whole array,
    its adjoint one array in the sweep: an input of n elements is then one node, not n scalar
    nodes gathered by an `array` node whose sweep would walk all n."""
    algebra = TapeAlgebra(m)
    tape = algebra.tape
    whole = {p.name for p in program.params if p.array}
    arrays, seats, inputs, k = {}, [], Inputs(), 0
    for name, shape in zip(point.names, point.shapes):
        n = math.prod(shape)
        flat = point.flat[k:k + n]
        k += n
        if shape and name in whole:
            array = point.arrays[name] if m is REAL else _numpy().array(
                [convert(v) for v in flat], dtype=object).reshape(shape)
            node = tape.record(array, "input")
            arrays[name] = ArrayVar(array, node.index)
            inputs.parts.append((node.index, n, True))
            seats.extend([None] * n)
        else:
            inputs.parts.append((len(tape), n, False))
            seats.extend(tape.inputs([convert(v) for v in flat]))
    outputs = evaluate(program, {**point.inputs(seats, arrays=arrays), **arrays}, algebra, meter)
    return tape, inputs, outputs


def jacobian(program: Program, point: Point, meter: Meter, wrt: list[int] | None = None,
             m: Backend = REAL, convert=float, **_) -> Derivative:
    tape, inputs, outputs = record(program, point, meter, m, convert)
    cols = None if wrt is None else list(wrt)
    rows = []
    for out in outputs:
        if type(out) is Var:
            meter.traversals += 1
            rows.append(inputs.adjoints(tape.backward(out), cols))
        else:  # a constant output: no path back to any input
            rows.append([0.0] * (len(inputs) if cols is None else len(cols)))
    values = [o.value if type(o) is Var else o for o in outputs]
    return Derivative(values, rows, {"tape_nodes": len(tape)})


_GETITEM = TABLE["getitem"]
