"""The table's derivative rules, prepared once for the float kernels of forward and
reverse mode.

Every rule stays the one written in `primitives.TABLE`. Two things are prepared:

- `FAST_REAL`, the float backend the rules are called with, whose arithmetic is the
  C implementation of the same functions (`interpret.C_REAL`), so a rule such as
  ``y * m.pow(x, y - 1)`` makes no extra Python call;
- the *shape* of each rule, found by calling it once on opaque placeholders: a rule
  that returns one of its arguments (mul: d/dx x*y = y), the primitive's own output
  (exp' = exp) or a constant (add: 1, neg: -1) needs no call at all when it is
  applied; any other rule is called.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

from ..interpreter import C_REAL
from ..primitives import REAL, Primitive

FAST_REAL = copy.copy(REAL)
for _name, _c in C_REAL.items():
    setattr(FAST_REAL, _name, _c)

CALL, CONST = -2, -1     # shapes; 0 .. arity-1 name an argument, arity names the output


class _Opaque:
    """A placeholder that refuses every use but being passed along."""
    __slots__ = ()

    def _refuse(self, *_):
        raise TypeError("opaque")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __float__ = __index__ = _refuse
    __hash__ = None


class _OpaqueBackend:
    def __getattr__(self, name):
        raise TypeError("opaque")


@dataclass(frozen=True)
class Shape:
    kind: int             # CALL, CONST, or the position in (*args, out) of the value it returns
    constant: float = 0.0
    rule: Callable | None = None


def shape(rule: Callable, arity: int) -> Shape:
    probes = [_Opaque() for _ in range(arity + 1)]
    try:
        result = rule(_OpaqueBackend(), *probes)
    except Exception:
        return Shape(CALL, rule=rule)
    for k, probe in enumerate(probes):
        if result is probe:
            return Shape(k)
    if type(result) is float:
        return Shape(CONST, result)
    return Shape(CALL, rule=rule)


_shapes: dict[str, tuple[Shape, ...]] = {}


def shapes(prim: Primitive) -> tuple[Shape, ...]:
    """The shape of each of `prim`'s rules (one per argument)."""
    found = _shapes.get(prim.name)
    if found is None:
        found = _shapes[prim.name] = tuple(shape(rule, prim.arity) for rule in prim.partials)
    return found


def real_function(prim: Primitive) -> Callable:
    """`prim` on floats, as fast as it comes (errors and non-finite results are the caller's to check)."""
    return C_REAL.get(prim.name, prim.real)


def unary_parts(prim: Primitive) -> tuple:
    """What a one-argument kernel needs: the float function, and its rule's (kind, constant, rule)."""
    (s,) = shapes(prim)
    return real_function(prim), (s.kind, s.constant, s.rule)


def binary_parts(prim: Primitive) -> tuple:
    """What a two-argument kernel needs: the float function, each rule's (kind, constant, rule),
    and whether the partials are two constants (add, sub) or the operands swapped (mul)."""
    s0, s1 = shapes(prim)
    return (real_function(prim), (s0.kind, s0.constant, s0.rule), (s1.kind, s1.constant, s1.rule),
            s0.kind == CONST and s1.kind == CONST, (s0.kind, s1.kind) == (1, 0))
