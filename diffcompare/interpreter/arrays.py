"""Arrays in the interpreter: calls on whole arrays, reading and writing elements and slices,
iterating over an array's rows, comparisons that give masks, and numpy's constructors.

An array's numbers belong to the algebra (numpy floats, dual numbers, tape nodes, sympy
expressions), so everything here goes through the algebra's `call` with a primitive of the
table -- `getitem`, `setitem`, `array`, ... -- and is counted like any call. A constant array
(data, `np.zeros(3)`, a mask) is a plain numpy array, which every algebra takes as a constant.
Arrays never take the scalar fast paths: `kinds.Kinds` finds every site an array may reach.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from ..errors import EvaluationError
from ..primitives.on_arrays import static
from . import values as V
from .algebra import COMPARISONS
from .kinds import INT, SEQ
from .runtime import locating, names_of


class ArrayLowering:
    """The array half of `lower.Lowered` (which provides slots, getters, kinds and the run)."""

    def array_apply(self, j: int) -> Callable:
        """f(*args): one counted call of slot j through the algebra's exact path, with a
        variadic primitive's sequence spread into arguments and data arguments made plain."""
        prim, counts, run = self.prims[j], self.counts, self.run

        trailing = len(prim.params) - 1            # a variadic call's static arguments, last

        def apply(*args):
            if prim.variadic and len(args) == 1 + trailing:
                # ONE sequence: np.concatenate(parts) with parts a list -- or an array, whose rows
                # numpy takes as the pieces
                first = args[0]
                if V.is_sequence(first):
                    args = (*first, *args[1:])
                elif V.is_array(first):
                    args = (*rows(self.structural("getitem"), first), *args[1:])
            n = len(args)
            args = [V.static(a) if static(prim, k, n) else a for k, a in enumerate(args)]
            counts[j] += 1
            return run.call(j, args)
        return apply

    def maybe_array(self, name: str, j: int, operands: list) -> Callable:
        """f(*args) for a call an array may reach: the array path, or -- where whole numbers or
        lists may come too -- a test of the operands first (ints stay ints, lists join)."""
        return self.general(name, j, INT | SEQ if self.checks(name, operands) else 0)

    def general(self, name: str, j: int, may: int) -> Callable:
        """f(*args) taking arrays through the array path and, if `may` says whole numbers or
        lists can come, those through `checked`."""
        apply = self.array_apply(j)
        if not may & (INT | SEQ):
            return apply
        checked = self.checked(name, j)

        def general(*args):
            if any(V.is_array(a) for a in args):
                return apply(*args)
            return checked(*args)
        return general

    def array_site(self, node, j: int) -> Callable:
        getters = [self.getter(a) for a in node.args]
        apply = self.maybe_array(node.func, j, node.args)

        @locating(node.pos, names_of(node.args))
        def site(env):
            return apply(*[g(env) for g in getters])
        return site

    def structural(self, name: str) -> Callable:
        """f(*args) calling the structural primitive `name` (getitem, setitem, array, ...)."""
        return self.array_apply(self.slot(name))


# --- what the closures call at run time ------------------------------------------------------

def read(getitem: Callable, target: Any, index: Any) -> Any:
    """``target[index]`` of a list, a tuple or an array."""
    if V.is_array(target):
        return getitem(target, V.static(index))
    return V.get_item(target, index)


def rows(getitem: Callable, value: Any) -> Any:
    """What a for loop runs over: an array's rows (or elements), one `getitem` each."""
    if V.is_array(value):
        return [getitem(value, i) for i in range(int(value.shape[0]))]
    return V.as_iterable(value)


def write_path(container: Any, path: list, value: Any, getitem: Callable, setitem: Callable) -> Any:
    """`container` with ``container[path[0]][path[1]]... = value``: a list written in place, an
    array replaced by a new one (`setitem`); the container to rebind to its name."""
    head, rest = path[0], path[1:]
    if rest:
        inner = read(getitem, container, head)
        value = write_path(inner, rest, value, getitem, setitem)
        if value is inner:                  # a list, changed in place: nothing to write back
            return container
    if V.is_array(container):
        return setitem(container, V.static(head), value)
    V.set_item(container, head, value)
    return container


def compare(algebra_compare: Callable, value: Callable, op: str, a: Any, b: Any) -> Any:
    """A comparison with an array: the mask of where it holds (a constant boolean array)."""
    import numpy as np
    left = value(a) if V.is_array(a) or not isinstance(a, (int, float)) else a
    right = value(b) if V.is_array(b) or not isinstance(b, (int, float)) else b
    return np.asarray(COMPARISONS[op](np.asarray(left), np.asarray(right)))


def leaves(obj: Any) -> tuple[list, tuple[int, ...]]:
    """The numbers of a nested list and its shape, for np.array; ragged lists are refused."""
    if not V.is_sequence(obj):
        return [obj], ()
    if not obj:
        return [], (0,)
    parts = [leaves(item) for item in obj]
    shapes = {shape for _, shape in parts}
    if len(shapes) != 1:
        raise EvaluationError("np.array needs rows of one length (this list is ragged)")
    return [x for items, _ in parts for x in items], (len(obj), *shapes.pop())


def make_array(obj: Any, array_call: Callable, stack_call: Callable) -> Any:
    """np.array(obj): a constant array when every number is a constant, else the algebra's own
    array of its numbers (one `array` call); a list of arrays is stacked."""
    import numpy as np
    if V.is_array(obj):
        return obj
    if V.is_sequence(obj) and obj and any(V.is_array(item) for item in obj):
        return stack_call(*[make_array(item, array_call, stack_call) for item in obj], 0)
    items, shape = leaves(obj)
    V.check_size(math.prod(shape))
    if all(type(x) in (int, float, bool) for x in items):
        return np.array(items, dtype=float if any(type(x) is float for x in items) else None).reshape(shape)
    return array_call(*items, shape)


def whole_shape(value: Any, what: str) -> tuple[int, ...]:
    """A shape argument (n or (n, m)) as numpy takes it, within the array size limit."""
    shape = V.static(value)
    shape = (shape,) if not isinstance(shape, tuple) else shape
    dims = tuple(V.whole(d, f"{what}'s shape") for d in shape)
    if any(d < 0 for d in dims):
        raise EvaluationError(f"{what}: a shape cannot be negative, got {dims}")
    V.check_size(math.prod(dims))
    return dims
