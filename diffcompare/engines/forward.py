"""Forward-mode autodiff with dual numbers: one traversal per input direction.

A `Dual` carries a value and a tangent (the derivative along one seeded input).
Every primitive maps (v, t) to (f(v), f'(v)·t) using the rule of the primitives
table, so the same class serves floats and, over mpmath, the 50-digit reference.
"""

from __future__ import annotations

from ..interpret import COMPARISONS, Meter, evaluate
from ..primitives import REAL, Backend, Primitive, apply, partial
from ..program import Program
from . import Derivative, columns


class Dual:
    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent=0.0):
        self.value = value
        self.tangent = tangent

    def __repr__(self) -> str:
        return f"{self.value} + {self.tangent}ε"


class DualAlgebra:
    """Dual numbers over one kind of number (`REAL` floats, or mpmath via `backend("mp")`)."""
    name = "dual"

    def __init__(self, m: Backend = REAL):
        self.m = m

    def call(self, prim: Primitive, args: list):
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
        return COMPARISONS[op](a.value if type(a) is Dual else a, b.value if type(b) is Dual else b)


def value_of(x):
    return x.value if type(x) is Dual else x


def tangent_of(x):
    return x.tangent if type(x) is Dual else 0.0


def directional(program: Program, point: dict, seed: list, meter: Meter, m: Backend = REAL,
                convert=float) -> tuple[list, list]:
    """One traversal: outputs and their derivatives along the direction `seed` (flat)."""
    flat = program.flatten(point)
    duals = [Dual(convert(v), convert(s)) for v, s in zip(flat, seed)]
    outputs = evaluate(program, program.unflatten(duals, point), DualAlgebra(m), meter)
    return [value_of(o) for o in outputs], [tangent_of(o) for o in outputs]


def jacobian(program: Program, point: dict, meter: Meter, wrt: list[int] | None = None,
             m: Backend = REAL, convert=float, **_) -> Derivative:
    flat = program.flatten(point)
    cols = columns(flat, wrt)
    values: list = []
    tangents = []
    for j in cols:
        seed = [0.0] * len(flat)
        seed[j] = 1.0
        values, column = directional(program, point, seed, meter, m, convert)
        tangents.append(column)
    if not cols:
        values = [value_of(o) for o in evaluate(program, point, DualAlgebra(m), meter)]
    jac = [[tangents[j][i] for j in range(len(cols))] for i in range(len(values))]
    return Derivative(values, jac)
