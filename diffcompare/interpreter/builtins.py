"""The interpreter's builtins -- what Python offers beside the primitives table: len,
range, zip, enumerate, reversed, list, tuple, sum, math.fsum, min/max over a list, int,
round, math.floor/ceil/trunc, float. Each entry of `BUILTINS` makes f(env) for a
`Builtin` node, given the lowering (for slots, kernels and kinds)."""

from __future__ import annotations

import math
from typing import Callable

from ..errors import DomainError, EvaluationError
from ..language.ir import Builtin, Const
from . import values as V
from .kinds import INT, SEQ

def _fold(lowering, prim: str, items_node, start_node=None) -> Callable:
    """f(first, rest): `prim` folded left to right over the items, each a counted call
    (whole numbers and lists tested for only where the items may be such)."""
    j = lowering.slot(prim)
    run, counts, K = lowering.run, lowering.counts, lowering.K
    may = lowering.kinds.items_of(items_node) | (lowering.kinds.of(start_node).kinds if start_node else 0)
    apply = lowering.checked(prim, j) if may & (INT | SEQ) else lowering.apply(j)
    exact = not lowering.floats and not may & (INT | SEQ)     # an exact kernel: call it directly

    def fold(value, rest):
        run.estimate += len(rest)
        if run.estimate > run.limit:
            run.recount()
        if exact:
            kernel = K[j]
            counts[j] += len(rest)
            for item in rest:
                value = kernel(value, item)
            return value
        for item in rest:
            value = apply(value, item)
        return value
    return fold


def _sum(lowering, node: Builtin) -> Callable:
    items, start = lowering.getter(node.args[0]), lowering.getter(node.args[1])
    start_is_zero = type(node.args[1]) is Const and node.args[1].value == 0 and type(node.args[1].value) is int
    # the default start 0 never meets an item (see below), so only a given start can be a whole number
    fold = _fold(lowering, "add", node.args[0], None if start_is_zero else node.args[1])

    def total(env):
        values = V.materialize(items(env), "sum()")
        if start_is_zero:
            # Python's sum starts from 0; 0 + items[0] is items[0] (and no call): start there
            return fold(values[0], values[1:]) if values else 0
        return fold(start(env), values)
    return total


def _fsum(lowering, node: Builtin) -> Callable:
    items = lowering.getter(node.args[0])
    fold = _fold(lowering, "add", node.args[0])
    floats = lowering.floats

    def total(env):
        values = V.materialize(items(env), "math.fsum()")
        if not values:
            return 0.0
        if floats and all(type(v) is float or type(v) is int for v in values):
            # math.fsum's correctly rounded sum, counted as the adds it stands for
            lowering.counts[lowering.slot("add")] += len(values) - 1
            return math.fsum(values)
        return fold(values[0], values[1:])
    return total


def _extreme(name: str) -> Callable:
    def make(lowering, node: Builtin) -> Callable:
        items = lowering.getter(node.args[0])
        fold = _fold(lowering, name, node.args[0])

        def extreme(env):
            values = V.materialize(items(env), f"{name}()")
            if not values:
                raise EvaluationError(f"{name}() of an empty list")
            return fold(values[0], values[1:])
        return extreme
    return make


def _whole_number(how: Callable[[float], int], what: str) -> Callable:
    """int(), round(), math.floor/ceil/trunc: Python returns a whole number, whose
    derivative is 0 (it is a constant from there on)."""
    def make(lowering, node: Builtin) -> Callable:
        arg, run = lowering.getter(node.args[0]), lowering.run

        def whole(env):
            x = arg(env)
            if type(x) is int or type(x) is bool:
                return int(x)
            value = x if type(x) is float else run.value(x)
            if not math.isfinite(value):
                raise DomainError(f"{what}({value}) is not a whole number")
            return V.int_result(how(value))
        return whole
    return make


def _float(lowering, node: Builtin) -> Callable:
    arg = lowering.getter(node.args[0])

    def to_float(env):
        x = arg(env)
        if type(x) is int or type(x) is bool:
            return float(x)
        if type(x) in (list, V.Tup, range) or x is None:
            raise EvaluationError(f"float() needs a number, got {V.kind_name(x)}")
        return x
    return to_float


def _simple(fn: Callable, arity: int = 1) -> Callable:
    def make(lowering, node: Builtin) -> Callable:
        getters = [lowering.getter(a) for a in node.args]
        if arity == 1:
            (g,) = getters
            return lambda env: fn(g(env))
        return lambda env: fn(*[g(env) for g in getters])
    return make


#: name -> make(lowering, node) -> f(env)
BUILTINS: dict[str, Callable] = {
    "len": _simple(V.length),
    "range": _simple(V.make_range, 3),
    "zip": lambda lowering, node: (lambda getters: lambda env: V.Zip([g(env) for g in getters]))(
        [lowering.getter(a) for a in node.args]),
    "enumerate": _simple(V.Enumerate, 2),
    "reversed": _simple(V.Reversed),
    "list": _simple(lambda v: list(V.materialize(v, "list()"))),
    "tuple": _simple(lambda v: V.Tup(V.materialize(v, "tuple()"))),
    "sum": _sum,
    "fsum": _fsum,
    "min": _extreme("min"),
    "max": _extreme("max"),
    "int": _whole_number(int, "int"),
    "round": _whole_number(round, "round"),
    "floor": _whole_number(math.floor, "math.floor"),
    "ceil": _whole_number(math.ceil, "math.ceil"),
    "trunc": _whole_number(math.trunc, "math.trunc"),
    "float": _float,
}

