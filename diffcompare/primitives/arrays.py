"""The table's operations on whole arrays: indexing, linear algebra, structure and joining
(the reductions -- sum, max, var, norm, cumprod... -- are in reductions.py).

Each is linear in its array arguments (or, as dot, linear in each one separately), so its
derivative is a linear map, stated twice: `jvp` carries a tangent forwards (for a linear
map, the same operation applied to the tangent) and `vjp` carries a cotangent backwards
(the map's transpose). Arguments such as `axis`, a shape or an index are data (`static`):
they arrive as Python values and are never differentiated.

The rules use numpy's functions, which work on float arrays and on arrays of objects alike
(mpmath's 50-digit numbers for the reference, sympy's expressions for the symbolic engine),
so one rule serves every engine, as the scalar rules do. (Compare autograd's
`numpy_vjps.py` and JAX's transpose rules.)

A tangent or cotangent a rule returns may be a view of the one it was given, or a read-only
broadcast: engines add them out of place (`a + b`), never with `+=`.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from .primitive import Primitive, _spellings, np


# --- helpers the rules share -------------------------------------------------------------

def shape_of(x: Any) -> tuple[int, ...]:
    if isinstance(x, (list, tuple)):      # constant data written as a list joins arrays as numpy's
        return np.shape(x)
    return tuple(getattr(x, "shape", ()))


def size_of(x: Any) -> int:
    return int(getattr(x, "size", 1))


def unbroadcast(g: Any, shape: tuple[int, ...]) -> Any:
    """The cotangent `g` of a broadcast result, summed back to an argument of `shape`: over the
    axes broadcasting added in front, and over the axes where the argument had length 1."""
    g = np.asarray(g)
    while g.ndim > len(shape):
        g = np.asarray(g.sum(axis=0))      # objects summed to one are a number, not a 0-d array
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g if shape else g[()]


def _as_shape(g: Any, shape: tuple[int, ...]) -> Any:
    """`g` reshaped to an argument's `shape`; a number's cotangent is a number, as `unbroadcast` gives it."""
    g = np.reshape(g, shape)
    return g if shape else g[()]


def _with(args: tuple, k: int, value: Any) -> tuple:
    return args[:k] + (value,) + args[k + 1:]


def _linear(value: Callable) -> Callable:
    """The jvp of an operation linear in the argument differentiated: the operation itself,
    applied to the tangent in that argument's place. (Only where the other arguments are data
    or multiply it, as in dot; `where` is linear in x and y together, so it has its own.)"""
    return lambda m, k, t, args, out: value(*_with(args, k, t))


def _reshaped(m, k, g, args, out):
    """The vjp of any operation that only reshapes: the cotangent reshaped to the argument's shape."""
    return _as_shape(g, shape_of(args[0]))


def _zeros_for(like: Any, shape: tuple[int, ...]) -> Any:
    """Zeros of `shape` that hold `like`'s kind of number (objects for 50-digit numbers)."""
    return np.zeros(shape, dtype=object if np.asarray(like).dtype == object else float)


def _numeric(*xs) -> bool:
    return all(np.asarray(x).dtype != object for x in xs)


def _whole(value: Any, what: str) -> int:
    """A static argument that must be a count (repeats, an order n), in words if it is not."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number >= 0, not {value!r}")
    return value


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


def basic_index(index: Any) -> bool:
    """An index of ints, slices, None and ... only: it picks each element at most once."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (int, slice)) and not isinstance(p, bool) for p in parts)


def _getitem_vjp(m, k, g, args, out):
    a, index = args
    shape = shape_of(a)
    grad = _zeros_for(g, shape)
    if basic_index(index):
        grad[index] = g
        return grad if shape else grad[()]
    # an index array may name an element twice (x[[0, 0]]): each reading adds its share.
    # Numbering the elements and indexing the numbers finds them for any index numpy takes.
    picked = np.arange(math.prod(shape)).reshape(shape)[index]
    np.add.at(grad.reshape(-1), np.ravel(picked), np.ravel(np.broadcast_to(g, np.shape(picked))))
    return grad


def _setitem(a, index, v):
    out = np.array(a, copy=True, dtype=np.result_type(a, v) if _numeric(a, v) else object)
    # a 0-d array of objects written into one element would be stored as the array itself
    out[index] = v[()] if isinstance(v, np.ndarray) and v.ndim == 0 else v
    return out


def _setitem_jvp(m, k, t, args, out):
    a, index, v = args
    if k == 0:                         # the elements written over take v's tangent, not a's
        return _setitem(t, index, 0.0)
    return _setitem(_zeros_for(t, shape_of(out)), index, t)


def _setitem_vjp(m, k, g, args, out):
    a, index, v = args
    if k == 0:
        return _setitem(g, index, 0.0)
    # Where the index names an element twice (y[[0, 0]] = v), the value written last stays and
    # the others have no effect. Writing the slots' numbers the same way finds the winners.
    g = np.asarray(g)
    slots_shape = np.shape(np.asarray(out)[index])
    writer = np.full(shape_of(out), -1)
    writer[index] = np.arange(math.prod(slots_shape)).reshape(slots_shape)
    written = writer >= 0
    per_slot = _zeros_for(g, (math.prod(slots_shape),))
    per_slot[writer[written]] = g[written]
    v_shape = shape_of(v)
    # numpy lets v carry leading length-1 axes the slots lack: sum to the shape without them
    core = v_shape[len(v_shape) - len(slots_shape):] if len(v_shape) > len(slots_shape) else v_shape
    return _as_shape(unbroadcast(per_slot.reshape(slots_shape), core), v_shape)


# --- an array made of numbers (np.array of a list of the algebra's numbers) -----------------

def _array(*items_and_shape):
    *items, shape = items_and_shape
    return np.array(items, dtype=object if not _numeric(*items) else float).reshape(shape)


def _array_jvp(m, k, t, args, out):
    *items, shape = args
    tangent = _zeros_for(t, (len(items),))
    tangent[k] = t
    return tangent.reshape(shape)


def _array_vjp(m, k, g, args, out):
    return np.asarray(g).reshape(-1)[k]


# --- linear algebra -------------------------------------------------------------------------

def _aligned(a, b, name: str) -> None:
    """dot, matmul and inner multiply a's last axis into one of b's: say so if they differ."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return
    which = "last" if name == "inner" else "second-to-last" if np.ndim(b) >= 2 else "only"
    n_a, n_b = np.shape(a)[-1], np.shape(b)[-1 if name == "inner" else -2 if np.ndim(b) >= 2 else 0]
    if n_a != n_b:
        raise ValueError(f"shapes {np.shape(a)} and {np.shape(b)} do not align: a's last axis has {n_a} "
                         f"elements, b's {which} axis {n_b}")


def _dot(a, b):
    _aligned(a, b, "dot")
    return np.dot(a, b)


def _contraction_vjp(shared: Callable[[int], int]) -> Callable:
    """The transpose of dot or inner, which sum a's last axis against one axis of b (`shared`, from
    b's number of dimensions): g contracted with the other argument over the axes it did not share."""
    def vjp(m, k, g, args, out):
        a, b = args
        g = np.asarray(g)
        na, nb = np.ndim(a), np.ndim(b)
        if na == 0 or nb == 0:         # a number times an array
            return unbroadcast(g * (b if k == 0 else a), shape_of(args[k]))
        meets = shared(nb)
        if k == 0:                     # g's last nb - 1 axes are b's other axes
            return np.tensordot(g, b, axes=(list(range(na - 1, g.ndim)), [i for i in range(nb) if i != meets]))
        return np.moveaxis(np.tensordot(a, g, axes=(list(range(na - 1)),) * 2), 0, meets)
    return vjp


_dot_vjp = _contraction_vjp(lambda nb: max(nb - 2, 0))    # dot meets b's second-to-last axis (a vector's only one)
_inner_vjp = _contraction_vjp(lambda nb: nb - 1)          # inner meets b's last


def _matmul(a, b):
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        raise ValueError("matmul (@) needs arrays, not a number: multiply by a number with *")
    _aligned(a, b, "matmul")
    try:
        np.broadcast_shapes(np.shape(a)[:-2], np.shape(b)[:-2])
    except ValueError:
        raise ValueError(f"shapes {np.shape(a)} and {np.shape(b)} do not align: the stacks of matrices in front, "
                         f"{np.shape(a)[:-2]} and {np.shape(b)[:-2]}, do not broadcast") from None
    return np.matmul(a, b)


def _matmul_vjp(m, k, g, args, out):
    """matmul's transpose: a vector is a one-row (a) or one-column (b) matrix, and the stacked
    axes in front broadcast, so their cotangent is summed back (`unbroadcast`)."""
    a, b = (np.asarray(x) for x in args)
    g = np.asarray(g)
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    g2 = np.expand_dims(g, -1) if b.ndim == 1 else g          # (vector @ vector is a number: b's first)
    g2 = np.expand_dims(g2, -2) if a.ndim == 1 else g2
    if k == 0:
        return _as_shape(unbroadcast(np.matmul(g2, np.swapaxes(b2, -1, -2)), a2.shape), a.shape)
    return _as_shape(unbroadcast(np.matmul(np.swapaxes(a2, -1, -2), g2), b2.shape), b.shape)


def _multiply_adds(args, out) -> int:
    """dot's, matmul's and inner's work: each output element sums over the shared axis (a number
    times an array: one multiplication each)."""
    a, b = args
    return size_of(out) * (np.shape(a)[-1] if np.ndim(a) and np.ndim(b) else 1)


def _outer(a, b):
    return np.outer(a, b)


def _outer_vjp(m, k, g, args, out):
    a, b = args
    if k == 0:
        return _as_shape(np.dot(g, np.ravel(b)), shape_of(a))
    return _as_shape(np.dot(np.ravel(a), g), shape_of(b))


def _inner(a, b):
    _aligned(a, b, "inner")
    return np.inner(a, b)


def _transpose(a, axes=None):
    return np.transpose(a, axes)


def _transpose_vjp(m, k, g, args, out):
    a, axes = args
    # the inverse permutation; axes may count from the end (-1), so make them positive first
    return np.transpose(g, None if axes is None else np.argsort([axis % np.ndim(a) for axis in axes]))


def _trace(a):
    if np.ndim(a) != 2:
        raise ValueError(f"needs a matrix (2 dimensions), not an array of shape {shape_of(a)}")
    return np.trace(a)


def _trace_vjp(m, k, g, args, out):
    return np.eye(*shape_of(args[0])) * g


def _offset(k: Any) -> int:
    """Which diagonal: 0 the main one, k > 0 above it, k < 0 below."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError(f"k (which diagonal) must be a whole number, not {k!r}")
    return k


def _diag(v, k=0):
    _offset(k)
    if np.ndim(v) not in (1, 2):
        raise ValueError(f"diag takes a vector (to make a matrix) or a matrix (to read its diagonal), "
                         f"not an array of shape {shape_of(v)}")
    return np.diag(v, k)


def _diag_vjp(m, k, g, args, out):
    v, offset = args
    if np.ndim(v) == 1:                # v was put on a diagonal: read that diagonal back
        return np.array(np.diagonal(g, offset))
    grad = _zeros_for(g, shape_of(v))  # a diagonal was read: put its cotangent back there
    n = np.size(g)
    rows = np.arange(n) + max(-offset, 0)
    grad[rows, rows + offset] = g
    return grad


def _triangle(numpy_name: str) -> tuple[Callable, Callable]:
    """tril or triu and its vjp: the same triangle of the cotangent (a vector broadcast as the rows
    of a matrix gets the sum over the rows)."""
    def value(m_, k=0):
        _offset(k)
        if np.ndim(m_) == 0:
            raise ValueError(f"{numpy_name} needs a vector or a matrix, not a number")
        return getattr(np, numpy_name)(m_, k)

    def vjp(m, k, g, args, out):
        return unbroadcast(getattr(np, numpy_name)(g, args[1]), shape_of(args[0]))
    return value, vjp


_tril, _tril_vjp = _triangle("tril")
_triu, _triu_vjp = _triangle("triu")


# --- shapes ---------------------------------------------------------------------------------

def _reshape(a, shape):
    return np.reshape(a, shape)


def _ravel(a):
    return np.ravel(a)


def _expand_dims(a, axis):
    return np.expand_dims(a, axis)


def _squeeze(a, axis=None):
    return np.squeeze(a, axis)


def _atleast_1d(a):
    return np.atleast_1d(a)


def _atleast_2d(a):
    return np.atleast_2d(a)


def _broadcast_to(a, shape):
    shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
    try:
        fits = np.broadcast_shapes(shape_of(a), shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"an array of shape {shape_of(a)} cannot be broadcast to shape {shape}")
    return np.broadcast_to(a, shape).copy()


def _broadcast_vjp(m, k, g, args, out):
    return unbroadcast(g, shape_of(args[0]))


def _where(condition, x, y):
    return np.where(condition, x, y)


def _where_jvp(m, k, t, args, out):
    # where is linear in x and y together, not in one alone: the other's tangent is 0 (not its value)
    condition = args[0]
    zero = _zeros_for(t, ())
    chosen = np.where(condition, t, zero) if k == 1 else np.where(condition, zero, t)
    return np.broadcast_to(chosen, shape_of(out))


def _where_vjp(m, k, g, args, out):
    condition, x, y = args
    g = np.asarray(g)
    zero = np.zeros_like(g)
    return unbroadcast(np.where(condition, g, zero) if k == 1 else np.where(condition, zero, g), shape_of(args[k]))


def _repeat(a, repeats, axis=None):
    _whole(repeats, "repeats (one count for every element)")
    return np.repeat(a, repeats, axis)


def _repeat_vjp(m, k, g, args, out):
    a, repeats, axis = args
    shape = shape_of(a)
    if axis is None:                   # the flattened elements, each repeated: sum each run
        return _as_shape(np.sum(np.reshape(g, (size_of(a), repeats)), axis=1), shape)
    axis %= len(shape)
    return np.sum(np.reshape(g, shape[:axis + 1] + (repeats,) + shape[axis + 1:]), axis=axis + 1)


def _tile_reps(reps) -> tuple[int, ...]:
    reps = reps if isinstance(reps, tuple) else tuple(reps) if isinstance(reps, list) else (reps,)
    return tuple(_whole(r, "reps (how many copies along each axis)") for r in reps)


def _tile(A, reps):
    return np.tile(A, _tile_reps(reps))


def _tile_vjp(m, k, g, args, out):
    a, reps = args
    shape, reps = shape_of(a), _tile_reps(reps)
    d = max(len(shape), len(reps))
    shape_d, reps_d = (1,) * (d - len(shape)) + shape, (1,) * (d - len(reps)) + reps
    # each axis of the result is (copy, element): split it so, and sum over the copies
    split = np.reshape(g, [n for pair in zip(reps_d, shape_d) for n in pair])
    return _as_shape(np.sum(split, axis=tuple(range(0, 2 * d, 2))), shape)


# --- joining arrays ------------------------------------------------------------------------

def _concatenate(*arrays_and_axis):
    *arrays, axis = arrays_and_axis
    return np.concatenate(arrays, axis=axis)


def _stack(*arrays_and_axis):
    *arrays, axis = arrays_and_axis
    return np.stack(arrays, axis=axis)


def _stack_vjp(m, k, g, args, out):
    *arrays, axis = args
    return np.take(g, k, axis=axis)


def _hstack(*arrays):
    return np.hstack(arrays)


def _vstack(*arrays):
    return np.vstack(arrays)


def _joined(name: str, args: tuple) -> tuple[list, int]:
    """The arrays as numpy joins them (hstack makes numbers vectors, vstack makes vectors rows;
    concatenate with axis=None flattens them), and the axis they are joined along."""
    if name == "concatenate":
        *arrays, axis = args
        return ([np.ravel(a) for a in arrays], 0) if axis is None else (list(arrays), axis)
    if name == "hstack":
        pieces = [np.atleast_1d(a) for a in args]
        return pieces, 0 if pieces[0].ndim == 1 else 1
    return [np.atleast_2d(a) for a in args], 0


def _join_vjp(name: str) -> Callable:
    """The transpose of a join: argument k's slice of the cotangent, in argument k's shape."""
    def vjp(m, k, g, args, out):
        pieces, axis = _joined(name, args)
        starts = np.cumsum([0] + [np.shape(p)[axis] for p in pieces])
        index = [slice(None)] * np.ndim(g)
        index[axis] = slice(int(starts[k]), int(starts[k + 1]))
        return _as_shape(np.asarray(g)[tuple(index)], shape_of(args[k]))
    return vjp


def _variadic_linear(value: Callable, trailing: int) -> Callable:
    """jvp of an operation joining several arrays (then `trailing` data arguments, such as an
    axis): the join of the tangent in slot k and zeros in the others."""
    def jvp(m, k, t, args, out):
        arrays, data = args[:len(args) - trailing], args[len(args) - trailing:]
        parts = [t if i == k else _zeros_for(t, shape_of(a)) for i, a in enumerate(arrays)]
        return value(*parts, *data)
    return jvp


STRUCTURAL: list[Primitive] = [
    _S("getitem", _getitem, ("a", "index"), static=(1,), spell="", jvp=_linear(_getitem), vjp=_getitem_vjp,
       doc="a[index]: an element, a slice, several by an index array, or those a mask keeps"),
    _S("setitem", _setitem, ("a", "index", "v"), static=(1,), spell="", jvp=_setitem_jvp, vjp=_setitem_vjp,
       doc="a copy of a with a[index] = v: numpy's slice assignment, as a new array"),
    _S("array", _array, ("items", "shape"), static=(-1,), spell="", variadic=True, jvp=_array_jvp, vjp=_array_vjp,
       doc="np.array of a (nested) list holding the engine's numbers"),
    _S("dot", _dot, ("a", "b"), jvp=_linear(_dot), vjp=_dot_vjp, work=_multiply_adds),
    _S("matmul", _matmul, ("x1", "x2"), jvp=_linear(_matmul), vjp=_matmul_vjp, work=_multiply_adds),
    _S("outer", _outer, ("a", "b"), jvp=_linear(_outer), vjp=_outer_vjp),
    _S("inner", _inner, ("a", "b"), jvp=_linear(_inner), vjp=_inner_vjp, work=_multiply_adds),
    _S("transpose", _transpose, ("a", "axes"), static=(1,), defaults=(None,), jvp=_linear(_transpose),
       vjp=_transpose_vjp),
    _S("trace", _trace, ("a",), jvp=_linear(_trace), vjp=_trace_vjp, work=lambda args, out: min(shape_of(args[0]))),
    _S("diag", _diag, ("v", "k"), static=(1,), defaults=(0,), jvp=_linear(_diag), vjp=_diag_vjp),
    _S("tril", _tril, ("m", "k"), static=(1,), defaults=(0,), jvp=_linear(_tril), vjp=_tril_vjp),
    _S("triu", _triu, ("m", "k"), static=(1,), defaults=(0,), jvp=_linear(_triu), vjp=_triu_vjp),
    # numpy 2.1 renamed reshape's newshape to shape (newshape is deprecated)
    _S("reshape", _reshape, ("a", "shape"), static=(1,), jvp=_linear(_reshape), vjp=_reshaped),
    _S("ravel", _ravel, ("a",), jvp=_linear(_ravel), vjp=_reshaped),
    _S("expand_dims", _expand_dims, ("a", "axis"), static=(1,), jvp=_linear(_expand_dims), vjp=_reshaped),
    _S("squeeze", _squeeze, ("a", "axis"), static=(1,), defaults=(None,), jvp=_linear(_squeeze), vjp=_reshaped),
    _S("atleast_1d", _atleast_1d, ("a",), jvp=_linear(_atleast_1d), vjp=_reshaped),
    _S("atleast_2d", _atleast_2d, ("a",), jvp=_linear(_atleast_2d), vjp=_reshaped),
    _S("broadcast_to", _broadcast_to, ("array", "shape"), static=(1,), jvp=_linear(_broadcast_to),
       vjp=_broadcast_vjp),
    _S("where", _where, ("condition", "x", "y"), static=(0,), jvp=_where_jvp, vjp=_where_vjp),
    _S("repeat", _repeat, ("a", "repeats", "axis"), static=(1, 2), defaults=(None,), jvp=_linear(_repeat),
       vjp=_repeat_vjp),
    _S("tile", _tile, ("A", "reps"), static=(1,), jvp=_linear(_tile), vjp=_tile_vjp),
    _S("concatenate", _concatenate, ("arrays", "axis"), static=(-1,), defaults=(0,), variadic=True,
       jvp=_variadic_linear(_concatenate, 1), vjp=_join_vjp("concatenate")),
    _S("stack", _stack, ("arrays", "axis"), static=(-1,), defaults=(0,), variadic=True,
       jvp=_variadic_linear(_stack, 1), vjp=_stack_vjp),
    _S("hstack", _hstack, ("tup",), variadic=True, jvp=_variadic_linear(_hstack, 0), vjp=_join_vjp("hstack")),
    _S("vstack", _vstack, ("tup",), variadic=True, jvp=_variadic_linear(_vstack, 0), vjp=_join_vjp("vstack")),
]
