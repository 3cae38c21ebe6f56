"""The interpreter's builtins -- what Python and numpy offer beside the primitives table:
len, range, zip, enumerate, reversed, list, tuple, sum, math.fsum, min/max over a list, int,
round, math.floor/ceil/trunc, float; numpy's constructors (np.array, zeros, ones, full, eye,
arange, linspace, *_like), an array's shape, size and ndim, and masks (any, all, &, |, ~).
Each entry of `BUILTINS` makes f(env) for a `Builtin` node, given the lowering (for slots,
kernels and kinds)."""

from __future__ import annotations

import math
from typing import Callable

from ..errors import DomainError, EvaluationError
from ..language.ir import Builtin, Const
from . import values as V
from .arrays import make_array, rows, whole_shape
from .kinds import ARR, INT, SEQ


def _items(lowering, node) -> Callable:
    """f(value) -> list: the items of a list, tuple or range -- or an array's rows, one
    counted `getitem` each, where an array may come (Python's sum over an array does that)."""
    if not lowering.kinds.may(node, ARR):
        return V.materialize
    getitem = lowering.structural("getitem")
    return lambda value, what="": rows(getitem, value) if V.is_array(value) else V.materialize(value, what)


def _fold(lowering, prim: str, items_node, start_node=None) -> Callable:
    """f(first, rest): `prim` folded left to right over the items, each a counted call
    (whole numbers and lists tested for only where the items may be such)."""
    j = lowering.slot(prim)
    run, counts, K = lowering.run, lowering.counts, lowering.K
    may = lowering.kinds.items_of(items_node) | (lowering.kinds.of(start_node).kinds if start_node else 0)
    apply = lowering.general(prim, j, may) if may & ARR else lowering.checked(prim, j) if may & (INT | SEQ) \
        else lowering.apply(j)
    exact = not lowering.floats and not may & (INT | SEQ | ARR)     # an exact kernel: call it directly

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
    materialize = _items(lowering, node.args[0])

    def total(env):
        values = materialize(items(env), "sum()")
        if start_is_zero:
            # Python's sum starts from 0; 0 + items[0] is items[0] (and no call): start there
            return fold(values[0], values[1:]) if values else 0
        return fold(start(env), values)
    return total


def _fsum(lowering, node: Builtin) -> Callable:
    items = lowering.getter(node.args[0])
    fold = _fold(lowering, "add", node.args[0])
    floats, materialize = lowering.floats, _items(lowering, node.args[0])

    def total(env):
        values = materialize(items(env), "math.fsum()")
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
        materialize = _items(lowering, node.args[0])

        def extreme(env):
            values = materialize(items(env), f"{name}()")
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


# --- numpy: constructors, an array's facts, masks ------------------------------------------

def _np():
    import numpy
    return numpy


def _array(lowering, node: Builtin) -> Callable:
    obj = lowering.getter(node.args[0])
    array_call, stack_call = lowering.structural("array"), lowering.structural("stack")
    return lambda env: make_array(obj(env), array_call, stack_call)


def _filled(fill: float | None, like: bool = False) -> Callable:
    """np.zeros(shape), np.ones(shape), np.full(shape, value) -- and their *_like forms, which take
    the shape of an array, never its numbers: constant arrays, except a full of one of the
    engine's numbers, which is that number broadcast (and differentiated)."""
    def make(lowering, node: Builtin) -> Callable:
        shape = lowering.getter(node.args[0])
        value = lowering.getter(node.args[1]) if fill is None else (lambda env: fill)
        broadcast = lowering.structural("broadcast_to")

        def filled(env):
            given = shape(env)
            if like:                       # the shape of an array (or of a list, as numpy reads it)
                given = tuple(int(d) for d in given.shape) if V.is_array(given) else _np().shape(given)
            dims, v = whole_shape(given, node.name), value(env)
            if type(v) in (int, float, bool):
                return _np().full(dims, v, dtype=float if fill is not None or type(v) is float else None)
            return broadcast(v, dims)
        return filled
    return make


def _eye(lowering, node: Builtin) -> Callable:
    n, m, k = (lowering.getter(a) for a in node.args)

    def eye(env):
        rows_, cols = V.whole(n(env), "np.eye"), m(env)
        cols = rows_ if cols is None else V.whole(cols, "np.eye")
        V.check_size(rows_ * cols)
        return _np().eye(rows_, cols, V.whole(k(env), "np.eye's k"))
    return eye


def _arange(lowering, node: Builtin) -> Callable:
    parts = [lowering.getter(a) for a in node.args]

    def arange(env):
        start, stop, step = (V.constant_number(p(env)) for p in parts)
        for bound in (start, stop, step):
            if bound is None:
                raise EvaluationError("np.arange needs numbers that do not depend on the inputs")
        if step == 0:
            raise EvaluationError("np.arange's step must not be zero")
        V.check_size(max(0, math.ceil((stop - start) / step)))
        return _np().arange(start, stop, step)
    return arange


def _linspace(lowering, node: Builtin) -> Callable:
    start, stop, num, endpoint = (lowering.getter(a) for a in node.args)

    def linspace(env):
        a, b = V.constant_number(start(env)), V.constant_number(stop(env))
        if a is None or b is None or type(a) is bool or type(b) is bool:
            raise EvaluationError("np.linspace needs ends that do not depend on the inputs")
        count = V.whole(num(env), "np.linspace's num")
        V.check_size(count)
        return _np().linspace(a, b, count, endpoint=bool(endpoint(env)))
    return linspace


def _fact(what: str) -> Callable:
    """x.shape, x.size, x.ndim of an array."""
    def make(lowering, node: Builtin) -> Callable:
        arg = lowering.getter(node.args[0])

        def fact(env):
            x = arg(env)
            if not V.is_array(x):
                raise EvaluationError(f".{what} needs an array, got {V.kind_name(x)}")
            if what == "shape":
                return V.Tup(int(d) for d in x.shape)
            return int(getattr(x, what))
        return fact
    return make


def _item(lowering, node: Builtin) -> Callable:
    arg, getitem = lowering.getter(node.args[0]), lowering.structural("getitem")

    def item(env):
        x = arg(env)
        if not V.is_array(x):
            return x
        if int(x.size) != 1:
            raise EvaluationError(f"x.item() needs an array of one element, got {V.kind_name(x)}")
        return getitem(x, (0,) * int(x.ndim))
    return item


def _mask(how: Callable) -> Callable:
    """np.any / np.all / np.logical_and / _or / _not (and &, |, ~) over masks: comparisons'
    results, which are constants -- the derivative never flows through them."""
    def make(lowering, node: Builtin) -> Callable:
        getters = [lowering.getter(a) for a in node.args]

        def combine(env):
            values = [g(env) for g in getters]
            for v in values:
                # bools and masks only: on ints & and ~ are bit operations (~0 == -1), not logic
                mask = type(v) is bool or type(v).__name__ == "bool_" or (V.is_array(v) and v.dtype == bool)
                if not (mask or (node.name in ("any", "all") and V.is_sequence(v))):
                    raise EvaluationError(f"{node.name} works on comparisons (masks), got {V.kind_name(v)}")
            return how(*values)
        return combine
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
    "array": _array,
    "zeros": _filled(0.0),
    "ones": _filled(1.0),
    "full": _filled(None),
    "zeros_like": _filled(0.0, like=True),
    "ones_like": _filled(1.0, like=True),
    "full_like": _filled(None, like=True),
    "eye": _eye,
    "arange": _arange,
    "linspace": _linspace,
    "shape": _fact("shape"),
    "size": _fact("size"),
    "ndim": _fact("ndim"),
    "item": _item,
    "any": _mask(lambda v: bool(_np().any(v))),
    "all": _mask(lambda v: bool(_np().all(v))),
    "logical_and": _mask(lambda a, b: _np().logical_and(a, b)),
    "logical_or": _mask(lambda a, b: _np().logical_or(a, b)),
    "logical_not": _mask(lambda a: _np().logical_not(a)),
}

