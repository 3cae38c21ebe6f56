"""The table's reductions and running reductions of arrays: sum, mean, prod, max, min, var, std,
norm, logsumexp, cumsum, cumprod, diff, and Python's own sum over an array.

Conventions, as in arrays.py: values work on float arrays and on object arrays of mpmath's or
sympy's numbers; `jvp`/`vjp` are linear maps written against the elementwise backend `m`.
Where the table's functions of numbers have a convention, these follow it: at a tie, max and
min split the derivative equally among the tied elements (max(x, x) gives each 1/2), |x|' is
sign(x) (0 at 0), and a derivative that is infinite -- the norm at 0, like sqrt'(0) -- is a
domain error. Products of the other elements are made by multiplying, never by dividing the
product by an element, so they are exact where an element is 0.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import DomainError
from .arrays import _S, _linear, _whole, _zeros_for, shape_of, size_of
from .primitive import Primitive, np


# --- lanes, and results with their reduced axes kept -----------------------------------------

def _count(shape: tuple[int, ...], axis: Any) -> int:
    """How many elements a reduction over `axis` combines into each result."""
    if axis is None:
        return math.prod(shape)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return math.prod(shape[a] for a in axes)


def _kept(x: Any, ndim: int, axis: Any, keepdims: bool) -> Any:
    """A reduction's result (or cotangent) with the reduced axes back as length-1 axes, as
    keepdims=True gives it, so that it broadcasts against the reduced array."""
    x = np.asarray(x)
    if keepdims:
        return x
    if axis is None:
        return x.reshape((1,) * ndim)
    return np.expand_dims(x, axis)


def _dropped(x: Any, axis: Any, keepdims: bool) -> Any:
    """The inverse of `_kept`: a result computed with keepdims=True, shaped as the call asked."""
    if keepdims:
        return x
    dropped = np.squeeze(x, axis)
    return dropped[()] if dropped.ndim == 0 else dropped   # a number, as numpy's reductions give it


def _spread(g: Any, shape: tuple[int, ...], axis: Any, keepdims: bool) -> Any:
    """A reduction's cotangent `g`, spread back over the reduced `axis` to `shape`."""
    return np.broadcast_to(_kept(g, len(shape), axis, keepdims), shape)


def _input_size(args, out) -> int:
    """Work of a reduction: every element of its input is visited once."""
    return size_of(args[0])


# --- the kind of number a value holds (values get no backend `m`) ---------------------------

def _kind(x: Any) -> str:
    """'array' for floats, 'sym' where any element is a sympy expression, 'mp' for 50-digit numbers."""
    if isinstance(x, (float, int)) or getattr(x, "dtype", object) != object:
        return "array"
    items = x.flat if hasattr(x, "flat") else (x,)
    return "sym" if any(type(item).__module__.startswith("sympy") for item in items) else "mp"


def _elementwise(name: str, x: Any) -> Any:
    """The table's function of numbers `name` on the numbers x holds, for a value (norm's sqrt,
    logsumexp's exp and log): numpy's on floats, mpmath's or sympy's on objects."""
    from .table import backend          # table.py imports this module: ask for it at run time
    kind = _kind(x)
    fn = getattr(backend(kind), name)
    return np.frompyfunc(fn, 1, 1)(x) if kind != "array" and hasattr(x, "shape") else fn(x)


def _axes(axis: Any, ndim: int, *, single: bool = False) -> tuple[int, ...]:
    """The reduced axes as positive numbers, in order (None: all of them); an axis that is not a
    whole number, or out of range, in words. `single`: one axis (or None), not a tuple."""
    if axis is None:
        return tuple(range(ndim))
    if single and isinstance(axis, tuple):
        raise ValueError(f"axis must be one whole number (or None), not the tuple {axis!r}")
    axes = axis if isinstance(axis, tuple) else (axis,)
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, int):
            raise ValueError(f"axis must be a whole number or a tuple of them, not {a!r}")
        if not -ndim <= a < ndim:
            raise ValueError(f"axis {a} is out of range for an array of {ndim} dimension{'s' * (ndim != 1)}")
    return tuple(sorted(a % ndim for a in axes))


def _to_lanes(x: Any, axis: Any) -> Any:
    """x with the reduced axes moved last and merged into one: each row of the result is one
    lane, the elements a single result combines."""
    x = np.asarray(x)
    axes = _axes(axis, x.ndim)
    kept = [i for i in range(x.ndim) if i not in axes]
    moved = np.transpose(x, kept + list(axes))
    return moved.reshape(moved.shape[:len(kept)] + (math.prod(moved.shape[len(kept):]),))


def _from_lanes(lanes: Any, shape: tuple[int, ...], axis: Any) -> Any:
    """The inverse of `_to_lanes`, back to an array of `shape`."""
    axes = _axes(axis, len(shape))
    kept = [i for i in range(len(shape)) if i not in axes]
    order = kept + list(axes)
    moved = np.reshape(lanes, tuple(shape[i] for i in order))
    return np.transpose(moved, np.argsort(order))


def _ones_before(lanes: Any) -> Any:
    """A column of ones in front of each lane: the empty product that starts a running product."""
    return np.ones(lanes.shape[:-1] + (1,), dtype=lanes.dtype)


def _exclusive_cumprod(lanes: Any) -> Any:
    """Along each lane, the product of the elements before each one (1 before the first)."""
    return np.cumprod(np.concatenate([_ones_before(lanes), lanes[..., :-1]], axis=-1), axis=-1)


def _affine_scan(coefficient: Any, b: Any) -> Any:
    """y[j] = coefficient[j] * y[j-1] + b[j] along the last axis, from y[-1] = 0: the running
    products' linear recurrence, in log2(n) whole-array steps (each element holds the affine map
    of a window of the lanes, and windows double), with no division, so it is exact at zeros."""
    coefficient, y = np.array(coefficient, copy=True), np.array(b, copy=True)
    n, step = y.shape[-1], 1
    while step < n:
        # the right-hand sides are computed from the old values before either is written
        y[..., step:] = y[..., step:] + coefficient[..., step:] * y[..., :-step]
        coefficient[..., step:] = coefficient[..., step:] * coefficient[..., :-step]
        step *= 2
    return y


# --- sum, mean, and Python's sum over an array ----------------------------------------------

def _sum(a, axis=None, keepdims=False):
    _axes(axis, np.ndim(a))
    return np.sum(a, axis=axis, keepdims=keepdims)


def _sum_vjp(m, k, g, args, out):
    a, axis, keepdims = args
    return _spread(g, shape_of(a), axis, keepdims)


def _mean(a, axis=None, keepdims=False):
    _axes(axis, np.ndim(a))
    n = _count(shape_of(a), axis)
    if n == 0:
        raise ValueError("the mean of no elements is undefined")
    return np.sum(a, axis=axis, keepdims=keepdims) / n


def _mean_vjp(m, k, g, args, out):
    a, axis, keepdims = args
    return _spread(g, shape_of(a), axis, keepdims) / _count(shape_of(a), axis)


def _fold_sum(a):
    """Python's builtin sum over an array: 0 + a[0] + a[1] + ..., one row after another."""
    if np.ndim(a) == 0:
        raise ValueError("sum() of a number: Python's sum iterates over an array's rows, and a 0-d array has none")
    if len(a) == 0:
        return 0
    # add.accumulate adds in order, as the fold does (np.sum adds pairwise: other last bits); the
    # fold starts from 0, and 0 + -0.0 is 0.0, which is the only difference, so + 0 makes it the same
    return np.add.accumulate(a, axis=0)[-1] + 0


def _fold_sum_vjp(m, k, g, args, out):
    return np.broadcast_to(g, shape_of(args[0]))


# --- prod ----------------------------------------------------------------------------------

def _prod(a, axis=None, keepdims=False):
    _axes(axis, np.ndim(a))
    return np.prod(a, axis=axis, keepdims=keepdims)


def _product_of_others(a, axis) -> Any:
    """For each element, the product of the other elements of its lane: the running product
    before it times the one after it, so a zero element gets the exact product of the rest."""
    shape = shape_of(a)
    lanes = _to_lanes(a, axis)
    if lanes.shape[-1] == 0:
        return np.asarray(a)
    before = _exclusive_cumprod(lanes)
    after = _exclusive_cumprod(lanes[..., ::-1])[..., ::-1]
    return _from_lanes(before * after, shape, axis)


def _prod_jvp(m, k, t, args, out):
    a, axis, keepdims = args
    return np.sum(_product_of_others(a, axis) * t, axis=axis, keepdims=keepdims)


def _prod_vjp(m, k, g, args, out):
    a, axis, keepdims = args
    return _spread(g, shape_of(a), axis, keepdims) * _product_of_others(a, axis)


# --- max and min ---------------------------------------------------------------------------

def _extreme(numpy_name: str, table_name: str):
    """np.max or np.min; on sympy's expressions, whose order is unknown, the table's Max or Min of
    each lane (of all its elements at once: sympy compares them pairwise, and a fold of pairs
    would compare again at every step)."""
    def value(a, axis=None, keepdims=False):
        a = np.asarray(a)
        _axes(axis, a.ndim)
        if _count(a.shape, axis) == 0:
            raise ValueError(f"the {table_name} of no elements is undefined")
        if _kind(a) != "sym":
            return getattr(np, numpy_name)(a, axis=axis, keepdims=keepdims)
        from .table import backend
        extreme = getattr(backend("sym"), table_name)
        lanes = _to_lanes(a, axis)
        each = np.empty(lanes.shape[:-1], dtype=object)
        for where in np.ndindex(each.shape):
            each[where] = extreme(*lanes[where])
        return _kept(each, a.ndim, axis, False) if keepdims else each[()]
    return value


_amax, _amin = _extreme("max", "max"), _extreme("min", "min")


def _ties(a, out, axis, keepdims):
    """The elements equal to the result of their lane, and how many there are in each lane
    (as objects for 50-digit numbers, so that a share 1/3 is divided at 50 digits)."""
    a = np.asarray(a)
    tied = a == _kept(out, a.ndim, axis, keepdims)
    count = np.sum(tied, axis=axis, keepdims=True)
    return tied, count.astype(object) if a.dtype == object else count


def _split_jvp(m, k, t, args, out):
    """max/min's tangent: the mean of the tied elements' tangents (one element: its own)."""
    a, axis, keepdims = args
    tied, count = _ties(a, out, axis, keepdims)
    return _dropped(np.sum(np.where(tied, t, 0), axis=axis, keepdims=True) / count, axis, keepdims)


def _split_vjp(m, k, g, args, out):
    a, axis, keepdims = args
    tied, count = _ties(a, out, axis, keepdims)
    return np.where(tied, _spread(g, shape_of(a), axis, keepdims), 0) / count


# --- var and std ---------------------------------------------------------------------------

def _deviation(a, axis) -> tuple[Any, int]:
    """Each element minus the mean of its lane, and the lane's length."""
    n = _count(shape_of(a), axis)
    return a - np.sum(a, axis=axis, keepdims=True) / n, n


def _freedom(n: int, ddof: Any) -> Any:
    """n - ddof, the divisor; none left is an error (numpy warns and gives inf or nan)."""
    if isinstance(ddof, bool) or not isinstance(ddof, (int, float)):
        raise ValueError(f"ddof must be a number, not {ddof!r}")
    if n - ddof <= 0:
        raise ValueError(f"ddof={ddof} leaves no degrees of freedom: {n} element{'s' * (n != 1)} in each lane")
    return n - ddof


def _var(a, axis=None, ddof=0, keepdims=False):
    # numpy's own steps (the mean, the deviations squared, their sum, divided by n - ddof), so
    # that floats give np.var's bits; np.var itself refuses objects
    a = np.asarray(a)
    _axes(axis, a.ndim)
    deviation, n = _deviation(a, axis)
    return np.sum(deviation * deviation, axis=axis, keepdims=keepdims) / _freedom(n, ddof)


def _var_jvp(m, k, t, args, out):
    # the mean's own tangent drops out: the deviations sum to 0
    a, axis, ddof, keepdims = args
    deviation, n = _deviation(np.asarray(a), axis)
    return 2 * np.sum(deviation * t, axis=axis, keepdims=keepdims) / (n - ddof)


def _var_vjp(m, k, g, args, out):
    a, axis, ddof, keepdims = args
    deviation, n = _deviation(np.asarray(a), axis)
    return 2 * deviation * _spread(g, shape_of(a), axis, keepdims) / (n - ddof)


def _std(a, axis=None, ddof=0, keepdims=False):
    return _elementwise("sqrt", _var(a, axis, ddof, keepdims))


def _nonzero(name: str, out: Any, where: str) -> None:
    """A derivative that divides by the result is infinite where the result is 0: refuse, as sqrt'(0)."""
    if np.any(np.asarray(out) == 0):
        raise DomainError(f"{name} is not differentiable where it is 0 ({where}): "
                          f"like sqrt'(0), its derivative is infinite")


def _std_jvp(m, k, t, args, out):
    a, axis, ddof, keepdims = args
    _nonzero("std", out, "all the elements of a lane equal")
    deviation, n = _deviation(np.asarray(a), axis)
    return np.sum(deviation * t, axis=axis, keepdims=keepdims) / ((n - ddof) * out)


def _std_vjp(m, k, g, args, out):
    a, axis, ddof, keepdims = args
    _nonzero("std", out, "all the elements of a lane equal")
    deviation, n = _deviation(np.asarray(a), axis)
    return deviation * _spread(np.asarray(g) / out, shape_of(a), axis, keepdims) / (n - ddof)


def _two_passes(args, out) -> int:
    """var and std read the input twice (for the mean, then for the squared deviations), and so
    does logsumexp (for the max, then for the sum of the shifted exponentials)."""
    return 2 * size_of(args[0])


# --- norm ----------------------------------------------------------------------------------

_ORDS = "vectors take ord None, 2, 1 or inf; matrices None or 'fro'"


def _norm_kind(x: Any, ord: Any, axis: Any) -> tuple[str, Any]:
    """Which norm numpy computes -- '2' (Euclidean, or Frobenius for a matrix), '1' or 'inf' --
    and the axes it reduces (None: all). Other orders are refused in words."""
    ndim = np.ndim(x)
    if axis is None and ord is None:
        return "2", None
    if axis is None and ndim not in (1, 2):
        raise ValueError(f"ord={ord!r} needs a vector or a matrix (or an axis), not an array of {ndim} dimensions")
    axes = tuple(range(ndim)) if axis is None else axis if isinstance(axis, tuple) else (axis,)
    _axes(axes, ndim)
    if len(axes) == 1:
        for kind, orders in (("2", (None, 2)), ("1", (1,)), ("inf", (math.inf,))):
            if not isinstance(ord, str) and any(ord is o or ord == o for o in orders):
                return kind, axis
        raise ValueError(f"ord={ord!r} is not supported for vectors ({_ORDS})")
    if len(axes) == 2 and len({a % ndim for a in axes}) == 2:
        if ord is None or ord in ("fro", "f"):
            return "2", axis
        what = " (numpy's matrix 2-norm is the largest singular value)" if ord == 2 else ""
        raise ValueError(f"ord={ord!r} is not supported for matrices{what} ({_ORDS})")
    raise ValueError(f"axis={axis!r} names neither one axis (a vector norm) nor two different ones (a matrix norm)")


def _norm(x, ord=None, axis=None, keepdims=False):
    # numpy.linalg.norm's own steps, so that floats give its bits
    x = np.asarray(x)
    kind, axes = _norm_kind(x, ord, axis)
    if kind == "2" and axis is None:   # numpy's fast path: one dot product of all the elements
        flat = np.ravel(x)
        out = _elementwise("sqrt", np.dot(flat, flat))
        return np.reshape(out, (1,) * x.ndim) if keepdims else out
    if kind == "2":
        return _elementwise("sqrt", _dropped(np.sum(x * x, axis=axes, keepdims=True), axes, keepdims))
    if kind == "1":
        return np.sum(np.abs(x), axis=axes, keepdims=keepdims)
    return _amax(np.abs(x), axes, keepdims)


def _norm_jvp(m, k, t, args, out):
    x, ord, axis, keepdims = args
    x = np.asarray(x)
    kind, axes = _norm_kind(x, ord, axis)
    if kind == "2":                    # <x, t> / |x|
        _nonzero("norm", out, "at the zero vector")
        return _dropped(np.sum(x * t, axis=axes, keepdims=True) / _kept(out, x.ndim, axes, keepdims), axes, keepdims)
    if kind == "1":                    # sum sign(x) t: |x|' = sign(x), 0 at 0
        return np.sum(m.sign(x) * t, axis=axes, keepdims=keepdims)
    return _split_jvp(m, k, m.sign(x) * t, (np.abs(x), axes, keepdims), out)


def _norm_vjp(m, k, g, args, out):
    x, ord, axis, keepdims = args
    x = np.asarray(x)
    kind, axes = _norm_kind(x, ord, axis)
    if kind == "2":
        _nonzero("norm", out, "at the zero vector")
        return x * np.broadcast_to(_kept(g, x.ndim, axes, keepdims) / _kept(out, x.ndim, axes, keepdims), x.shape)
    if kind == "1":
        return m.sign(x) * _spread(g, x.shape, axes, keepdims)
    return m.sign(x) * _split_vjp(m, k, g, (np.abs(x), axes, keepdims), out)


# --- logsumexp -----------------------------------------------------------------------------

def _logsumexp(a, axis=None, keepdims=False):
    """log(sum(exp(a))), shifted by the largest element so that exp cannot overflow: scipy's
    steps (scipy 1.17), so that floats give its bits. The largest elements are taken out of the
    sum (each is exp(0) = 1) and come back as log(their count), and the rest goes through log1p,
    which keeps the digits of a small remainder."""
    a = np.atleast_1d(np.asarray(a))
    axis = _axes(axis, a.ndim)
    if _kind(a) == "sym":              # exact: no shift needed, and Max would only hide the formula
        return _dropped(_elementwise("log", np.sum(_elementwise("exp", a), axis=axis, keepdims=True)), axis, keepdims)
    if _count(a.shape, axis) == 0:
        raise ValueError("the logsumexp of no elements is -inf: there is nothing to differentiate")
    top = np.max(a, axis=axis, keepdims=True)
    is_top = a == top
    n_top = np.sum(is_top, axis=axis, keepdims=True)
    rest = np.sum(np.where(is_top, 0, _elementwise("exp", a - top)), axis=axis, keepdims=True)
    n_top = n_top.astype(a.dtype)      # floats as scipy counts them; Python ints for 50-digit numbers
    rest = np.where(rest == 0, rest, rest / n_top)
    return _dropped(_elementwise("log1p", rest) + _elementwise("log", n_top) + top, axis, keepdims)


def _softmax(m, args, out) -> tuple[Any, tuple[int, ...], Any]:
    """logsumexp's derivative exp(a - logsumexp(a)) (as scipy, a number counts as a vector of one),
    with the reduced axes. It is made from the result, so the max that shifted the value is never
    differentiated: its share cancels exactly."""
    a, axis, keepdims = args
    a = np.atleast_1d(np.asarray(a))
    axes = _axes(axis, a.ndim)
    return a, axes, m.exp(a - _kept(out, a.ndim, axes, keepdims))


def _logsumexp_jvp(m, k, t, args, out):
    a, axes, weights = _softmax(m, args, out)
    return _dropped(np.sum(weights * np.reshape(t, a.shape), axis=axes, keepdims=True), axes, args[2])


def _logsumexp_vjp(m, k, g, args, out):
    a, axes, weights = _softmax(m, args, out)
    return np.reshape(weights * _spread(g, a.shape, axes, args[2]), shape_of(args[0]))


# --- running sums and products, differences --------------------------------------------------

def _cumsum(a, axis=None):
    _axes(axis, np.ndim(a), single=True)
    return np.cumsum(a, axis=axis)


def _cumsum_vjp(m, k, g, args, out):
    # element i reaches every running sum from i on: the running sums of g taken from the end
    a, axis = args
    if axis is None:
        return np.reshape(np.cumsum(np.asarray(g)[::-1])[::-1], shape_of(a))
    return np.flip(np.cumsum(np.flip(g, axis), axis=axis), axis)


def _cumprod(a, axis=None):
    _axes(axis, np.ndim(a), single=True)
    return np.cumprod(a, axis=axis)


def _running(a, out, axis) -> tuple[Any, Any]:
    """a and the running products before each element (1 first), as lanes along the last axis
    (axis None: one lane, a flattened, as cumprod flattens it)."""
    products = _to_lanes(out, axis)
    return _to_lanes(a, axis), np.concatenate([_ones_before(products), products[..., :-1]], axis=-1)


def _cumprod_jvp(m, k, t, args, out):
    # out[j] = out[j-1] a[j], so its tangent dout[j] = dout[j-1] a[j] + out[j-1] t[j]
    a, axis = args
    lanes, before = _running(a, out, axis)
    tangent = _affine_scan(lanes, before * _to_lanes(t, axis))
    return tangent if axis is None else _from_lanes(tangent, shape_of(a), axis)


def _cumprod_vjp(m, k, g, args, out):
    # a[i]'s cotangent is (product before i) * R[i], where R[i] = g[i] + a[i+1] R[i+1] runs
    # from the end: the same recurrence on the reversed lanes
    a, axis = args
    lanes, before = _running(a, out, axis)
    g_lanes = _to_lanes(g, axis)
    following = np.concatenate([_ones_before(lanes), lanes[..., :0:-1]], axis=-1)
    grad = before * _affine_scan(following, g_lanes[..., ::-1])[..., ::-1]
    return _from_lanes(grad, shape_of(a), axis)


def _diff(a, n=1, axis=-1):
    _whole(n, "n (how many times to take differences)")
    if np.ndim(a) == 0:
        raise ValueError("diff needs an array, not a number")
    _axes(axis, np.ndim(a), single=True)
    return np.diff(a, n, axis)


def _diff_vjp(m, k, g, args, out):
    # out[j] = a[j+1] - a[j], so a[i] gets g[i-1] - g[i] (0 beyond the ends); n times over
    a, n, axis = args
    g = np.asarray(g)
    for _ in range(n):
        edge = list(g.shape)
        edge[axis] = 1
        zero = _zeros_for(g, tuple(edge))
        g = -np.diff(np.concatenate([zero, g, zero], axis=axis), axis=axis)
    return g


def _diff_work(args, out) -> int:
    """Each of the n passes subtracts neighbours: one fewer along the axis each time."""
    a, n, axis = args
    length = shape_of(a)[axis]
    return size_of(a) // max(length, 1) * sum(max(length - j, 0) for j in range(1, n + 1))


_REDUCTION = ("a", "axis", "keepdims")

REDUCTIONS: list[Primitive] = [
    _S("sum", _sum, _REDUCTION, static=(1, 2), defaults=(None, False), jvp=_linear(_sum), vjp=_sum_vjp,
       work=_input_size),
    _S("mean", _mean, _REDUCTION, static=(1, 2), defaults=(None, False), jvp=_linear(_mean), vjp=_mean_vjp,
       work=_input_size),
    _S("fold_sum", _fold_sum, ("a",), spell="", jvp=_linear(_fold_sum), vjp=_fold_sum_vjp, work=_input_size,
       doc="Python's sum over an array: a left fold along axis 0, as CPython adds"),
    _S("prod", _prod, _REDUCTION, static=(1, 2), defaults=(None, False), jvp=_prod_jvp, vjp=_prod_vjp,
       work=_input_size),
    _S("amax", _amax, _REDUCTION, static=(1, 2), defaults=(None, False), spell="numpy numpy.max",
       jvp=_split_jvp, vjp=_split_vjp, work=_input_size),
    _S("amin", _amin, _REDUCTION, static=(1, 2), defaults=(None, False), spell="numpy numpy.min",
       jvp=_split_jvp, vjp=_split_vjp, work=_input_size),
    _S("var", _var, ("a", "axis", "ddof", "keepdims"), static=(1, 2, 3), defaults=(None, 0, False),
       jvp=_var_jvp, vjp=_var_vjp, work=_two_passes),
    _S("std", _std, ("a", "axis", "ddof", "keepdims"), static=(1, 2, 3), defaults=(None, 0, False),
       jvp=_std_jvp, vjp=_std_vjp, work=_two_passes),
    _S("norm", _norm, ("x", "ord", "axis", "keepdims"), static=(1, 2, 3), defaults=(None, None, False),
       spell="numpy.linalg.norm", jvp=_norm_jvp, vjp=_norm_vjp, work=_input_size),
    _S("logsumexp", _logsumexp, _REDUCTION, static=(1, 2), defaults=(None, False), spell="scipy.special.logsumexp",
       jvp=_logsumexp_jvp, vjp=_logsumexp_vjp, work=_two_passes),
    _S("cumsum", _cumsum, ("a", "axis"), static=(1,), defaults=(None,), jvp=_linear(_cumsum), vjp=_cumsum_vjp),
    _S("cumprod", _cumprod, ("a", "axis"), static=(1,), defaults=(None,), jvp=_cumprod_jvp, vjp=_cumprod_vjp),
    _S("diff", _diff, ("a", "n", "axis"), static=(1, 2), defaults=(1, -1), jvp=_linear(_diff), vjp=_diff_vjp,
       work=_diff_work),
]
