"""How many elements an operation on arrays will make, known from its arguments' shapes
before numpy allocates anything.

Most operations make no more elements than their arguments hold; these can make far more
(`np.outer` of two vectors of 10^5: 10^10; `np.tile(x, 10**9)`; `a[:, None] * b` broadcast
to a matrix), and numpy would try to allocate them at once. The interpreter asks
`made_elements` first and refuses past `max_array_elements`. None means "no more than the
arguments" or "numpy will refuse these shapes itself" (its own error is then the message).
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np


def _shape(a: Any) -> tuple[int, ...]:
    shape = getattr(a, "shape", ())
    return tuple(shape) if getattr(a, "ndim", 0) else ()


def _size(a: Any) -> int:
    return math.prod(_shape(a))


def _broadcast(*args) -> int | None:
    shapes = [_shape(a) for a in args]
    distinct = {s for s in shapes if s}
    if len(distinct) <= 1:
        return None                       # one shape (or numbers): no bigger than an argument
    try:
        return math.prod(np.broadcast_shapes(*distinct))
    except ValueError:
        return None


def _tile(a, reps, *_) -> int | None:
    reps = reps if isinstance(reps, (tuple, list)) else (reps,)
    if not all(isinstance(r, int) and not isinstance(r, bool) for r in reps):
        return None
    shape = _shape(a)
    d = max(len(shape), len(reps))
    shape = (1,) * (d - len(shape)) + shape
    reps = (1,) * (d - len(reps)) + tuple(reps)
    return math.prod(max(s * r, 0) for s, r in zip(shape, reps))


def _repeat(a, repeats, *_) -> int | None:
    if not isinstance(repeats, int) or isinstance(repeats, bool):
        return None
    return max(_size(a), 1) * max(repeats, 0)


def _outer(a, b) -> int:
    return max(_size(a), 1) * max(_size(b), 1)


def _diag(v, k=0, *_) -> int | None:
    shape = _shape(v)
    if len(shape) != 1 or not isinstance(k, int):
        return None
    n = shape[0] + abs(k)
    return n * n


def _contraction(keep_a: Callable, keep_b: Callable) -> Callable:
    """dot, inner, matmul: the output's elements are a's kept axes times b's kept axes."""
    def size(a, b) -> int | None:
        sa, sb = _shape(a), _shape(b)
        if not sa or not sb:
            return None                   # a number times an array: the array's size
        return math.prod(keep_a(sa)) * math.prod(keep_b(sb))
    return size


def _matmul(a, b) -> int | None:
    sa, sb = _shape(a), _shape(b)
    if not sa or not sb:
        return None
    try:
        stack = np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        return None
    rows = sa[-2] if len(sa) >= 2 else 1
    cols = sb[-1] if len(sb) >= 2 else 1
    return math.prod(stack) * rows * cols


def _joined(*args) -> int:
    return sum(_size(a) or 1 for a in args if not isinstance(a, (int, type(None))) or getattr(a, "ndim", 0))


def _broadcast_to(a, shape, *_) -> int | None:
    shape = shape if isinstance(shape, (tuple, list)) else (shape,)
    if not all(isinstance(d, int) and not isinstance(d, bool) for d in shape):
        return None
    return math.prod(max(d, 0) for d in shape)


#: the structural operations that can make more elements than their arguments hold
_STRUCTURAL: dict[str, Callable[..., int | None]] = {
    "tile": _tile,
    "repeat": _repeat,
    "outer": _outer,
    "diag": _diag,
    "dot": _contraction(lambda s: s[:-1], lambda s: s[:-2] + s[-1:] if len(s) >= 2 else ()),
    "inner": _contraction(lambda s: s[:-1], lambda s: s[:-1]),
    "matmul": _matmul,
    "broadcast_to": _broadcast_to,
    "where": _broadcast,
    "concatenate": _joined,
    "stack": _joined,
    "hstack": _joined,
    "vstack": _joined,
}


def made_elements(name: str, structural: bool, args: list) -> int | None:
    """Elements of the array `name` will make from `args` (None: no more than an argument holds)."""
    rule = _STRUCTURAL.get(name) if structural else _broadcast
    if rule is None:
        return None
    try:
        return rule(*args)
    except TypeError:                     # arguments numpy will refuse in its own words
        return None
