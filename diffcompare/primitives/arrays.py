"""The table's operations on whole arrays: indexing, reductions, linear algebra, structure.

Each is linear in its array arguments (or, as dot, linear in each one separately), so its
derivative is a linear map, stated twice: `jvp` carries a tangent forwards (for a linear
map, the same operation applied to the tangent) and `vjp` carries a cotangent backwards
(the map's transpose). Arguments such as `axis`, a shape or an index are data (`static`):
they arrive as Python values and are never differentiated.

The rules use numpy's functions, which work on float arrays and on arrays of objects alike
(mpmath's 50-digit numbers for the reference, sympy's expressions for the symbolic engine),
so one rule serves every engine, as the scalar rules do. (Compare autograd's
`numpy_vjps.py` and JAX's transpose rules.)
"""

from __future__ import annotations

import math
from typing import Any, Callable

from .primitive import Primitive, _spellings, np


# --- helpers the rules share -------------------------------------------------------------

def shape_of(x: Any) -> tuple[int, ...]:
    return tuple(getattr(x, "shape", ()))


def size_of(x: Any) -> int:
    return int(getattr(x, "size", 1))


def unbroadcast(g: Any, shape: tuple[int, ...]) -> Any:
    """The cotangent `g` of a broadcast result, summed back to an argument of `shape`: over the
    axes broadcasting added in front, and over the axes where the argument had length 1."""
    g = np.asarray(g)
    while g.ndim > len(shape):
        g = np.asarray(g.sum(axis=0))      # an object array sums to a bare number at the end
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g if shape else g[()]


def _with(args: tuple, k: int, value: Any) -> tuple:
    return args[:k] + (value,) + args[k + 1:]


def _linear(value: Callable) -> Callable:
    """The jvp of an operation linear in the argument differentiated: the operation itself,
    applied to the tangent in that argument's place."""
    return lambda m, k, t, args, out: value(*_with(args, k, t))


def _spread(g: Any, shape: tuple[int, ...], axis: Any, keepdims: bool) -> Any:
    """A reduction's cotangent `g`, spread back over the reduced `axis` to `shape`."""
    g = np.asarray(g)
    if axis is not None and not keepdims:
        g = np.expand_dims(g, axis)
    elif axis is None and not keepdims:
        g = g.reshape((1,) * len(shape))
    return np.broadcast_to(g, shape)


def _count(shape: tuple[int, ...], axis: Any) -> int:
    if axis is None:
        return math.prod(shape)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return math.prod(shape[a] for a in axes)


def _input_size(args, out) -> int:
    """Work of a reduction: every element of its input is visited."""
    return size_of(args[0])


def _S(name: str, value: Callable, params: tuple[str, ...], *, jvp: Callable, vjp: Callable,
       static: tuple[int, ...] = (), defaults: tuple = (), spell: str = "numpy", variadic: bool = False,
       work: Callable | None = None, doc: str = "") -> Primitive:
    """A structural entry: `value` computes it on numpy arrays, of floats or of objects alike."""
    return Primitive(name, -1 if variadic else len(params), value, value, lambda mp: value, lambda sp: value, (),
                     spellings=_spellings(name, spell), params=params, structural=True, static=static,
                     defaults=defaults, variadic=variadic, jvp=jvp, vjp=vjp, work=work, doc=doc, analytic=True)


# --- indexing: reading an element or slice, and writing one as a new array -----------------

def _getitem(a, index):
    return a[index]


def _getitem_vjp(m, k, g, args, out):
    a, index = args
    grad = np.zeros(shape_of(a), dtype=np.asarray(g).dtype if np.asarray(g).dtype == object else float)
    np.add.at(grad, index, g)          # add.at: an index that repeats collects every share
    return grad


def _setitem(a, index, v):
    out = np.array(a, copy=True, dtype=np.result_type(a, v) if _numeric(a, v) else object)
    out[index] = v
    return out


def _numeric(*xs) -> bool:
    return all(np.asarray(x).dtype != object for x in xs)


def _setitem_jvp(m, k, t, args, out):
    a, index, v = args
    if k == 0:                         # the elements written over take v's tangent, not a's
        return _setitem(t, index, 0.0)
    return _setitem(np.zeros_like(np.asarray(out), dtype=np.asarray(t).dtype), index, t)


def _setitem_vjp(m, k, g, args, out):
    a, index, v = args
    if k == 0:
        return _setitem(g, index, 0.0)
    return unbroadcast(np.asarray(g)[index], shape_of(v))


# --- an array made of numbers (np.array of a list of the algebra's numbers) -----------------

def _array(*items_and_shape):
    *items, shape = items_and_shape
    return np.array(items, dtype=object if not _numeric(*items) else float).reshape(shape)


def _array_jvp(m, k, t, args, out):
    *items, shape = args
    tangent = np.zeros(len(items), dtype=np.asarray(t).dtype if np.asarray(t).dtype == object else float)
    tangent[k] = t
    return tangent.reshape(shape)


def _array_vjp(m, k, g, args, out):
    return np.asarray(g).reshape(-1)[k]


# --- reductions ---------------------------------------------------------------------------

def _sum(a, axis=None, keepdims=False):
    return np.sum(a, axis=axis, keepdims=keepdims)


def _sum_vjp(m, k, g, args, out):
    a, axis, keepdims = args
    return _spread(g, shape_of(a), axis, keepdims)


def _mean(a, axis=None, keepdims=False):
    return np.sum(a, axis=axis, keepdims=keepdims) / _count(shape_of(a), axis)


def _mean_vjp(m, k, g, args, out):
    a, axis, keepdims = args
    return _spread(g, shape_of(a), axis, keepdims) / _count(shape_of(a), axis)


# --- linear algebra -------------------------------------------------------------------------

def _dot(a, b):
    return np.dot(a, b)


def _dot_vjp(m, k, g, args, out):
    """dot's transpose for the numbers, vectors and matrices numpy's dot takes."""
    a, b = args
    g = np.asarray(g)
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:             # a number times an array
        other = b if k == 0 else a
        return unbroadcast(g * other, shape_of(args[k]))
    if k == 0:
        if nb == 1:
            return np.multiply.outer(g, b) if na > 1 else g * b
        return np.dot(g, np.swapaxes(b, -1, -2)) if na > 1 else np.dot(b, g)
    if na == 1:
        return np.multiply.outer(a, g) if nb > 1 else g * a
    return np.dot(np.swapaxes(a, -1, -2), g) if nb == 2 and g.ndim == 2 else np.tensordot(a, g, axes=(0, 0))


def _matmul(a, b):
    return np.matmul(a, b)


def _transpose(a, axes=None):
    return np.transpose(a, axes)


def _transpose_vjp(m, k, g, args, out):
    a, axes = args
    return np.transpose(g, None if axes is None else np.argsort(axes))


def _reshape(a, shape):
    return np.reshape(a, shape)


def _back_to_shape(m, k, g, args, out):
    """The transpose of any reshaping: the cotangent reshaped to the argument's shape."""
    return np.reshape(g, shape_of(args[0]))


def _ravel(a):
    return np.ravel(a)


def _broadcast_to(a, shape):
    return np.broadcast_to(a, shape).copy()


def _broadcast_vjp(m, k, g, args, out):
    return unbroadcast(g, shape_of(args[0]))


def _where(condition, x, y):
    return np.where(condition, x, y)


def _where_jvp(m, k, t, args, out):
    """where is linear in x and y together: each branch's tangent shows only where it is chosen
    (the other branch's value is no tangent of this one)."""
    condition = args[0]
    zero = np.zeros_like(np.asarray(t))
    return np.where(condition, t, zero) if k == 1 else np.where(condition, zero, t)


def _where_vjp(m, k, g, args, out):
    condition, x, y = args
    g = np.asarray(g)
    zero = np.zeros_like(g)
    return unbroadcast(np.where(condition, g, zero) if k == 1 else np.where(condition, zero, g), shape_of(args[k]))


# --- joining arrays ------------------------------------------------------------------------

def _concatenate(*arrays_and_axis):
    *arrays, axis = arrays_and_axis
    return np.concatenate(arrays, axis=axis)


def _concatenate_vjp(m, k, g, args, out):
    *arrays, axis = args
    starts = np.cumsum([0] + [np.shape(a)[axis] for a in arrays])
    index = [slice(None)] * np.ndim(g)
    index[axis] = slice(starts[k], starts[k + 1])
    return np.asarray(g)[tuple(index)]


def _stack(*arrays_and_axis):
    *arrays, axis = arrays_and_axis
    return np.stack(arrays, axis=axis)


def _stack_vjp(m, k, g, args, out):
    *arrays, axis = args
    return np.take(g, k, axis=axis)


def _variadic_linear(value: Callable) -> Callable:
    """jvp of an operation joining several arrays: the join of the tangent in slot k and zeros."""
    def jvp(m, k, t, args, out):
        *arrays, last = args
        parts = [t if i == k else np.zeros(np.shape(a), dtype=np.asarray(t).dtype) for i, a in enumerate(arrays)]
        return value(*parts, last)
    return jvp


STRUCTURAL: list[Primitive] = [
    _S("getitem", _getitem, ("a", "index"), static=(1,), spell="", jvp=_linear(_getitem), vjp=_getitem_vjp,
       doc="a[index]: an element, a slice, several by an index array, or those a mask keeps"),
    _S("setitem", _setitem, ("a", "index", "v"), static=(1,), spell="", jvp=_setitem_jvp, vjp=_setitem_vjp,
       doc="a copy of a with a[index] = v: numpy's slice assignment, as a new array"),
    _S("array", _array, ("items", "shape"), static=(-1,), spell="", variadic=True, jvp=_array_jvp, vjp=_array_vjp,
       doc="np.array of a (nested) list holding the engine's numbers"),
    _S("sum", _sum, ("a", "axis", "keepdims"), static=(1, 2), defaults=(None, False),
       jvp=_linear(_sum), vjp=_sum_vjp, work=_input_size),
    _S("mean", _mean, ("a", "axis", "keepdims"), static=(1, 2), defaults=(None, False),
       jvp=_linear(_mean), vjp=_mean_vjp, work=_input_size),
    _S("dot", _dot, ("a", "b"), jvp=_linear(_dot), vjp=_dot_vjp,
       work=lambda args, out: size_of(out) * (np.shape(args[0])[-1] if np.ndim(args[0]) else 1)),
    _S("matmul", _matmul, ("x1", "x2"), jvp=_linear(_matmul), vjp=_dot_vjp,
       work=lambda args, out: size_of(out) * np.shape(args[0])[-1]),
    _S("transpose", _transpose, ("a", "axes"), static=(1,), defaults=(None,), jvp=_linear(_transpose),
       vjp=_transpose_vjp),
    _S("reshape", _reshape, ("a", "newshape"), static=(1,), jvp=_linear(_reshape), vjp=_back_to_shape),
    _S("ravel", _ravel, ("a",), spell="numpy", jvp=_linear(_ravel), vjp=_back_to_shape),
    _S("broadcast_to", _broadcast_to, ("array", "shape"), static=(1,), jvp=_linear(_broadcast_to),
       vjp=_broadcast_vjp),
    _S("where", _where, ("condition", "x", "y"), static=(0,), jvp=_where_jvp, vjp=_where_vjp),
    _S("concatenate", _concatenate, ("arrays", "axis"), static=(-1,), defaults=(0,), variadic=True,
       jvp=_variadic_linear(_concatenate), vjp=_concatenate_vjp),
    _S("stack", _stack, ("arrays", "axis"), static=(-1,), defaults=(0,), variadic=True,
       jvp=_variadic_linear(_stack), vjp=_stack_vjp),
]
