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
from ..primitives import REAL, Backend, Primitive, apply, apply_real, partial
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


class DualAlgebra:
    """Dual numbers over one kind of number (`REAL` floats, or mpmath via `backend("mp")`).

    Over floats, inside a run through the kernels, a dual number travels as the tuple
    (value, tangent) -- built by one bytecode instead of an object of a class -- and
    becomes a `Dual` again on the way out (`inside`/`outside`)."""
    name = "dual"
    inside = outside = None           # set for floats, where the kernels run

    def __init__(self, m: Backend = REAL):
        self.m = m
        if m is REAL:
            self.inside, self.outside = _inside, _outside

    def call(self, prim: Primitive, args: list):
        args = [_outside(a) for a in args]
        values = [a.value if type(a) is Dual else a for a in args]
        out = apply(prim, values, self.m)
        tangent = 0.0
        active = False
        for k, a in enumerate(args):
            if type(a) is Dual:
                active = True
                if a.tangent:   # a zero tangent contributes nothing: skip its rule (and its domain)
                    tangent = tangent + partial(prim, k, values, out, self.m) * a.tangent
        return Dual(out, tangent) if active else out

    def compare(self, op: str, a, b) -> bool:
        return COMPARISONS[op](_value(a), _value(b))

    def value(self, x) -> float:
        return float(_value(x))

    def kernel(self, prim: Primitive):
        """`call` for one primitive, as a function of its arguments (fast over floats)."""
        if self.m is not REAL:
            return generic_kernel(self.call, prim)
        if prim.arity not in (1, 2):
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
    return x.value if type(x) is Dual else x[0] if type(x) is tuple else x


_kernels: dict[str, object] = {}


def _unary(prim: Primitive, call):
    f, (kind, constant, rule) = unary_parts(prim)
    m = FAST_REAL

    def kernel(x):
        if type(x) is not tuple:
            return apply_real(prim, (x,))
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
            return apply_real(prim, (x, y))
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
    return x.value if type(x) is Dual else x


def tangent_of(x):
    return x.tangent if type(x) is Dual else 0.0


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
