"""Forward-mode autodiff with dual numbers: one traversal per input direction.

A `Dual` carries a value and a tangent (the derivative along one seeded input).
Every primitive maps (v, t) to (f(v), f'(v)·t) using the rule of the primitives
table, so the same class serves floats and, over mpmath, the 50-digit reference.

Over floats, `DualAlgebra.kernel` gives the interpreter one function per primitive
that does what `call` does without building lists (see `rules` for how the table's
rules are prepared); anything unusual -- a domain error, an overflow -- is handed
back to `call`, so errors and their messages are the same on both paths.
"""

from __future__ import annotations

import math

from ..interpreter import COMPARISONS, Meter, evaluate, generic_kernel
from ..interpreter.arrays import leaves
from ..primitives import REAL, Backend, Primitive, apply, backend, partial
from ..primitives.on_arrays import apply_array, jvp, static
from ..language.ir import Program
from ..language.point import Point
from . import Derivative, columns
from .rules import CALL, CONST, FAST_REAL, binary_parts, unary_parts

_ARITH = (ValueError, ZeroDivisionError, OverflowError)
_INF = math.inf
_NINF = -math.inf


class Dual:
    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent=0.0):
        self.value = value
        self.tangent = tangent

    def __repr__(self) -> str:
        return f"{self.value} + {self.tangent}ε"


class DualArray:
    """An array of dual numbers, held as two arrays: the values and their tangents (along the
    one direction this traversal carries), so that each operation is one numpy call on each."""
    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent):
        self.value = value
        self.tangent = tangent

    shape = property(lambda self: self.value.shape)
    ndim = property(lambda self: self.value.ndim)
    size = property(lambda self: self.value.size)

    def __repr__(self) -> str:
        return f"DualArray({self.value!r} + {self.tangent!r}ε)"


DUALS = (Dual, DualArray)


class DualAlgebra:
    """Dual numbers over one kind of number (`REAL` floats, or mpmath via `backend("mp")`).

    Over floats, inside a run through the kernels, a dual number travels as the tuple
    (value, tangent) -- built by one bytecode instead of an object of a class -- and
    becomes a `Dual` again on the way out (`inside`/`outside`)."""
    name = "dual"
    inside = outside = None           # set for floats, where the kernels run

    def __init__(self, m: Backend = REAL):
        self.m = m
        self.arrays = backend("array" if m is REAL else "mparray")    # elementwise over arrays
        self.constant = m.constant        # the reference's exact constants (None over floats)
        if m is REAL:
            self.inside, self.outside = _inside, _outside

    def call(self, prim: Primitive, args: list):
        if prim.structural:             # data arguments (a shape, an index) are taken as they are
            n = len(args)
            args = [a if static(prim, k, n) else _outside(a) for k, a in enumerate(args)]
            values = [a.value if type(a) in DUALS else a for a in args]
            return self._on_arrays(prim, args, values)
        args = [_outside(a) for a in args]
        values = [a.value if type(a) in DUALS else a for a in args]
        if any(getattr(v, "ndim", 0) for v in values):
            return self._on_arrays(prim, args, values)
        out = apply(prim, values, self.m)
        tangent = 0.0
        active = False
        for k, a in enumerate(args):
            if type(a) is Dual:
                active = True
                if a.tangent:   # a zero tangent contributes nothing: skip its rule (and its domain)
                    tangent = tangent + partial(prim, k, values, out, self.m) * a.tangent
        return Dual(out, tangent) if active else out

    def _on_arrays(self, prim: Primitive, args: list, values: list):
        """An operation on arrays: the values by numpy, the tangent by the table's jvp of each
        argument that carries one (a linear map of that argument's tangent)."""
        out = apply_array(prim, values, self.arrays)
        tangent = None
        for k, a in enumerate(args):
            if type(a) in DUALS and not static(prim, k, len(args)):
                d = jvp(prim, k, a.tangent, values, out, self.arrays)
                tangent = d if tangent is None else tangent + d
        if tangent is None:
            return out
        if getattr(out, "ndim", 0):
            np = _numpy()
            return DualArray(out, np.broadcast_to(tangent, out.shape).copy())
        return Dual(out, tangent)

    def compare(self, op: str, a, b) -> bool:
        return COMPARISONS[op](_value(a), _value(b))

    def value(self, x):
        v = _value(x)
        return v if getattr(v, "ndim", 0) else float(v)

    def array(self, nested: list):
        """An input vector or matrix of dual numbers, as one `DualArray`."""
        np = _numpy()
        items, shape = leaves(nested)
        items = [_outside(v) for v in items]
        dtype = float if self.m is REAL else object
        return DualArray(np.array([value_of(v) for v in items], dtype=dtype).reshape(shape),
                         np.array([tangent_of(v) for v in items], dtype=dtype).reshape(shape))

    def split(self, x) -> list:
        """An array output's elements, as dual numbers."""
        if type(x) is not DualArray:
            return list(x.ravel())
        return [Dual(v, t) for v, t in zip(x.value.ravel(), x.tangent.ravel())]

    def kernel(self, prim: Primitive):
        """`call` for one primitive, as a function of its arguments (fast over floats)."""
        if self.m is not REAL:
            return generic_kernel(self.call, prim)
        if prim.arity not in (1, 2) or prim.structural:
            call = self.call
            return lambda *args: _inside(call(prim, list(args)))
        found = _kernels.get(prim.name)
        if found is None:
            found = _kernels[prim.name] = (_unary if prim.arity == 1 else _binary)(prim, _FLOAT_DUALS.call)
        return found


def _inside(x):
    return (x.value, x.tangent) if type(x) is Dual else x


def _outside(x):
    return Dual(x[0], x[1]) if type(x) is tuple else x


def _value(x):
    return x.value if type(x) in DUALS else x[0] if type(x) is tuple else x


def _numpy():
    import numpy
    return numpy


_kernels: dict[str, object] = {}


def _unary(prim: Primitive, call):
    f, (kind, constant, rule) = unary_parts(prim)
    m = FAST_REAL

    def kernel(x):
        if type(x) is not tuple:
            return _inside(call(prim, [x]))      # constants, or an array's number (exact path)
        a, t = x
        try:
            out = f(a)
            if not _NINF < out < _INF:
                raise OverflowError
            tangent = 0.0
            if t:
                d = constant if kind == CONST else rule(m, a, out) if kind == CALL else (a, out)[kind]
                tangent = tangent + d * t
        except _ARITH:
            return call(prim, [x])    # the exact path raises the error with its message
        return (out, tangent)
    return kernel


def _binary(prim: Primitive, call):
    f, (k0, c0, r0), (k1, c1, r1), constants, swapped = binary_parts(prim)
    m = FAST_REAL

    def kernel(x, y):
        if type(x) is tuple:
            a, ta = x
            if type(y) is tuple:
                b, tb = y
            else:
                b, tb = y, 0
        elif type(y) is tuple:
            a, ta = x, 0
            b, tb = y
        else:
            return _inside(call(prim, [x, y]))
        try:
            out = f(a, b)
            if not _NINF < out < _INF:
                raise OverflowError
            tangent = 0.0
            if constants:
                if ta:
                    tangent = tangent + c0 * ta
                if tb:
                    tangent = tangent + c1 * tb
            elif swapped:
                if ta:
                    tangent = tangent + b * ta
                if tb:
                    tangent = tangent + a * tb
            else:
                if ta:
                    d = c0 if k0 == CONST else r0(m, a, b, out) if k0 == CALL else (a, b, out)[k0]
                    tangent = tangent + d * ta
                if tb:
                    d = c1 if k1 == CONST else r1(m, a, b, out) if k1 == CALL else (a, b, out)[k1]
                    tangent = tangent + d * tb
        except _ARITH:
            return call(prim, [x, y])
        return (out, tangent)
    return kernel


_FLOAT_DUALS = DualAlgebra()


def value_of(x):
    return x.value if type(x) in DUALS else x


def tangent_of(x):
    return x.tangent if type(x) in DUALS else 0.0


def directional(program: Program, point: Point, seed: list, meter: Meter, m: Backend = REAL,
                convert=float) -> tuple[list, list]:
    """One traversal: outputs and their derivatives along the direction `seed` (flat)."""
    duals = [Dual(convert(v), convert(s)) for v, s in zip(point.flat, seed)]
    outputs = evaluate(program, point.inputs(duals), DualAlgebra(m), meter)
    return [value_of(o) for o in outputs], [tangent_of(o) for o in outputs]


def jacobian(program: Program, point: Point, meter: Meter, wrt: list[int] | None = None,
             m: Backend = REAL, convert=float, **_) -> Derivative:
    flat = point.flat
    cols = columns(flat, wrt)
    values: list = []
    tangents = []
    for j in cols:
        seed = [0.0] * len(flat)
        seed[j] = 1.0
        values, column = directional(program, point, seed, meter, m, convert)
        tangents.append(column)
    if not cols:
        values = [value_of(o) for o in evaluate(program, point.inputs(map(convert, flat)), DualAlgebra(m), meter)]
    jac = [[tangents[j][i] for j in range(len(cols))] for i in range(len(values))]
    return Derivative(values, jac)
