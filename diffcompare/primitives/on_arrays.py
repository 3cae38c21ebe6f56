"""The table's primitives on whole arrays: their values (with a domain error that names the
element), and their derivatives as linear maps.

A function of numbers applies elementwise: its tangent is its partial derivative times the
argument's tangent, and its cotangent the partial times the output's cotangent, summed back
over the axes broadcasting added (`unbroadcast`). An operation on whole arrays states its
`jvp` and `vjp` in its entry (arrays.py). Engines call `jvp` and `vjp` here and never look
at which kind a primitive is.
"""

from __future__ import annotations

from typing import Any

from ..errors import DerivativeError, DiffcompareError, DomainError, EvaluationError
from .arrays import shape_of, unbroadcast
from .primitive import Primitive, np
from .table import Backend, apply_real, partial


def is_array(x: Any) -> bool:
    """A numpy array (of floats, or of the reference's or the symbolic engine's objects)."""
    return type(x).__name__ == "ndarray" and type(x).__module__ == "numpy"


def static(prim: Primitive, k: int, nargs: int) -> bool:
    """Is argument k of this call data (an axis, a shape, an index), never differentiated?
    Negative positions in `prim.static` count from the end (a variadic call's last ones)."""
    return k in prim.static or (k - nargs) in prim.static


def apply_array(prim: Primitive, args: list, m: Backend) -> Any:
    """`prim` on arrays of backend `m`'s numbers; a failure is an error that says where.
    numpy's warnings are not wanted (the error is said here, in words): runs call this
    inside `quiet()`, once per traversal rather than once per operation."""
    if prim.structural:
        try:
            out = getattr(m, prim.name)(*args)
        except DiffcompareError:
            raise
        except (ValueError, IndexError, TypeError, ArithmeticError) as exc:
            raise EvaluationError(f"{prim.name}: {_words(exc)}") from None
        if m.kind == "array" and _overflowed(out, args):
            raise DomainError(f"{prim.name} overflows a float (its arguments are finite, an element of its "
                              f"value is not)")
        return out
    if m.kind != "array":
        return getattr(m, prim.name)(*args)
    try:
        out = prim.array(*args)
    except ValueError as exc:            # shapes that do not broadcast
        raise EvaluationError(f"{prim.name}: {_words(exc)}") from None
    if not all_finite(out):
        _raise_at_first_bad_element(prim, args, out)
    return out


def quiet():
    """numpy's floating-point warnings off, for one run or sweep: every non-finite result is
    found by `all_finite` and said in words instead."""
    return np.errstate(all="ignore")


def all_finite(x: Any) -> bool:
    """Is every element of a float array (or a float) a finite number? (A dot product with
    zeros would say it without an array of booleans, but BLAS threads on a busy machine made
    it a hundred times slower.)"""
    if type(x) is float:
        return -_INF < x < _INF
    x = np.asarray(x)
    return x.dtype == object or bool(np.isfinite(x).all())


_INF = float("inf")


def _overflowed(out: Any, args: list) -> bool:
    """Did a float operation on whole arrays (prod, cumprod, dot...) make a finite input infinite?
    (An inf the program put in an array itself is data, and moving it about is no error.)"""
    if all_finite(out):
        return False
    return all(all_finite(a) for a in args if (is_array(a) and a.dtype.kind == "f") or type(a) is float)


def _raise_at_first_bad_element(prim: Primitive, args: list, out) -> None:
    """The float path's own error for the first element that is not a finite number."""
    index = tuple(int(i) for i in np.argwhere(~np.isfinite(out))[0])
    scalars = [np.broadcast_to(a, np.shape(out))[index] if is_array(a) else a for a in args]
    where = f" (at element [{', '.join(map(str, index))}])" if index else ""
    try:
        apply_real(prim, [float(s) for s in scalars])
    except DomainError as exc:
        raise DomainError(f"{exc.reason}{where}") from None
    raise DomainError(f"{prim.name} gives a value that is not a finite number{where}")


def _words(exc: Exception) -> str:
    text = str(exc).strip()
    return text[0].lower() + text[1:] if text else type(exc).__name__


def jvp(prim: Primitive, k: int, t: Any, args: list, out: Any, m: Backend) -> Any:
    """The output's tangent contributed by argument k, whose tangent is `t`."""
    if prim.structural:
        return prim.jvp(m, k, t, tuple(args), out)
    return _times(_checked(prim, partial(prim, k, args, out, m), args), t)


def vjp(prim: Primitive, k: int, g: Any, args: list, out: Any, m: Backend) -> Any:
    """Argument k's cotangent, from the output's cotangent `g`."""
    if prim.structural:
        return prim.vjp(m, k, g, tuple(args), out)
    return unbroadcast(_times(_checked(prim, partial(prim, k, args, out, m), args), g), shape_of(args[k]))


def _times(d: Any, t: Any) -> Any:
    """d * t, where a partial of 1 or -1 (add, sub) passes t on as it is or negated -- the same
    bits, without a pass over the whole array."""
    if type(d) is float:
        if d == 1.0:
            return t
        if d == -1.0:
            return -t
    return d * t


def _checked(prim: Primitive, d: Any, args: list) -> Any:
    """A partial derivative over float arrays, refused where it is not finite (numpy only warns)."""
    if is_array(d) and d.dtype != object and not all_finite(d):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(d))[0])
        shown = ", ".join(f"{float(np.broadcast_to(a, d.shape)[index]):.6g}" if is_array(a) else f"{a:.6g}"
                          for a in args)
        raise DerivativeError(f"{prim.name} is not differentiable at ({shown}) (element "
                          f"[{', '.join(map(str, index))}]): its derivative is infinite")
    return d
