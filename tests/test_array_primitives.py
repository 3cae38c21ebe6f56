"""The table's operations on whole arrays, each checked on its own, over many shapes and
static arguments:

- its value on float arrays is numpy's (or scipy's, or CPython's) to the bit;
- on object arrays of mpmath's 50-digit numbers it is the same value (to ~1e-15), and on
  sympy's symbols it builds an expression that takes the same value;
- its jvp is the derivative: it matches a central difference taken at 50 digits;
- its vjp is the jvp's transpose: <vjp(g), t> = <g, jvp(t)>, in floats and at 50 digits;
- its work is the element operations of one call, as documented;
- bad input is an EvaluationError in words, through `on_arrays.apply_array`.
"""

from __future__ import annotations

import builtins
import math
from dataclasses import dataclass

import mpmath
import numpy as np
import pytest
import sympy as sp

from diffcompare.errors import DomainError, EvaluationError
from diffcompare.primitives import TABLE, backend
from diffcompare.primitives.on_arrays import apply_array, jvp, static, vjp

FLOAT = backend("array")
MP = backend("mparray")
DIGITS = 50


# --- the cases: an entry's arguments, arrays of floats where it differentiates, data elsewhere ---

@dataclass
class Case:
    name: str
    args: tuple
    id: str

    @property
    def prim(self):
        return TABLE[self.name]

    def active(self) -> list[int]:
        """The positions of the arguments it is differentiated in."""
        return [k for k in range(len(self.args)) if not static(self.prim, k, len(self.args))]


_rng = np.random.default_rng(20261202)


def R(*shape) -> np.ndarray:
    """Random floats of a shape (away from 0, so that no case sits on a kink by accident)."""
    x = _rng.uniform(0.3, 1.7, size=shape) * _rng.choice([-1.0, 1.0], size=shape)
    return np.asarray(x)


def P(*shape) -> np.ndarray:
    """Random positive floats of a shape, for products of few digits' loss."""
    return np.asarray(_rng.uniform(0.5, 1.5, size=shape))


CASES: list[Case] = []


def case(name: str, *args, id: str = "") -> None:
    shown = ", ".join(f"{a.shape}" if isinstance(a, np.ndarray) else repr(a) for a in args)
    CASES.append(Case(name, args, f"{name}({id or shown})"))


SHAPES = [(4,), (3, 4), (2, 3, 4)]
AXES = {1: [None, 0, -1], 2: [None, 0, 1, -1, (0, 1)], 3: [None, 0, 1, -1, (0, 2), (1, 2)]}

for shape in SHAPES:
    for axis in AXES[len(shape)]:
        for keepdims in (False, True):
            for name in ("sum", "mean", "amax", "amin", "logsumexp"):
                case(name, R(*shape), axis, keepdims)
            case("prod", P(*shape) * _rng.choice([-1, 1], size=shape), axis, keepdims)
            for ddof in (0, 1):
                case("var", R(*shape), axis, ddof, keepdims)
                case("std", R(*shape), axis, ddof, keepdims)
    for axis in [None] + [a for a in AXES[len(shape)] if isinstance(a, int)]:
        case("cumsum", R(*shape), axis)
        case("cumprod", R(*shape), axis)
    case("fold_sum", R(*shape))
case("sum", R(), None, False)
case("prod", np.array([2.0, 0.0, 3.0, 5.0]), None, False, id="one zero")
case("prod", np.array([[2.0, 0.0, 3.0], [0.0, 4.0, 0.0]]), 1, False, id="zeros in lanes")
case("prod", np.array([2.0, 0.0, 3.0, 0.0]), None, True, id="two zeros")
case("cumprod", np.array([2.0, 0.0, 3.0, 5.0]), None, id="one zero")
case("cumprod", np.array([[0.0, 2.0, 0.0, 3.0], [1.5, 2.0, 0.0, 0.5]]), 1, id="zeros")
# lanes longer than a few elements and not a power of two: the running products' scan takes several rounds
case("cumprod", P(37), None, id="37 elements")
case("cumprod", P(5, 13) * _rng.choice([-1, 1], size=(5, 13)), 1, id="(5, 13) along 1")
case("prod", P(6, 11), 1, False, id="(6, 11) along 1")
case("amax", np.array([1.0, 3.0, 3.0, 2.0]), None, False, id="two tied")
case("amin", np.array([[1.0, -3.0, -3.0], [2.0, 2.0, 5.0]]), 1, True, id="tied in each lane")
case("logsumexp", np.array([700.0, 700.0, -800.0]), None, False, id="large, tied")
case("logsumexp", np.array([0.0, -40.0]), None, False, id="small remainder")
case("fold_sum", np.array([-0.0]), id="-0.0")
case("fold_sum", np.array([[-0.0, 1.0], [-0.0, 2.0]]), id="rows of -0.0")
for n in (0, 1, 2, 3):
    case("diff", R(5), n, -1)
    case("diff", R(4, 5), n, 0)
    case("diff", R(4, 5), n, 1)
case("diff", R(2, 3, 4), 1, -2)

for x in (R(4), R(3)):
    for ord in (None, 2, 1, math.inf):
        for keepdims in (False, True):
            case("norm", x, ord, None, keepdims)
case("norm", np.array([1.0, -3.0, 3.0, 2.0]), math.inf, None, False, id="tied magnitudes")
case("norm", np.array([1.0, 0.0, -2.0]), 1, None, False, id="a zero element")
for axis in (0, 1, -1, (1,)):
    for ord in (None, 2, 1, math.inf):
        case("norm", R(3, 4), ord, axis, False)
    case("norm", R(3, 4), None, axis, True)
for ord in (None, "fro"):
    for axis in (None, (0, 1), (1, 0), (-1, 0)):
        for keepdims in (False, True):
            case("norm", R(3, 4), ord, axis, keepdims)
case("norm", R(2, 3, 4), None, None, False)
case("norm", R(2, 3, 4), "fro", (1, 2), True)
case("norm", R(2, 3, 4), 2, 0, False)

# linear algebra: every pairing of numbers, vectors, matrices (and stacks of them)
for a, b in [(R(4), R(4)), (R(4), R(4, 2)), (R(3, 4), R(4)), (R(3, 4), R(4, 2)), (R(), R(3, 4)),
             (R(3, 4), R()), (R(), R()), (R(2, 3, 4), R(4)), (R(2, 3, 4), R(5, 4, 2)), (R(4), R(2, 4, 3))]:
    case("dot", a, b)
for a, b in [(R(4), R(4)), (R(4), R(4, 2)), (R(3, 4), R(4)), (R(3, 4), R(4, 2)), (R(2, 3, 4), R(4, 2)),
             (R(2, 3, 4), R(4)), (R(4), R(2, 4, 3)), (R(1, 3, 4), R(2, 4, 2)), (R(2, 1, 3, 4), R(5, 4, 2))]:
    case("matmul", a, b)
for a, b in [(R(3), R(4)), (R(2, 3), R(4)), (R(), R(3)), (R(2, 2), R(3, 1))]:
    case("outer", a, b)
for a, b in [(R(4), R(4)), (R(3, 4), R(4)), (R(3, 4), R(2, 4)), (R(2, 3, 4), R(4)), (R(), R(3, 4)),
             (R(4), R(2, 5, 4))]:
    case("inner", a, b)
for a, axes in [(R(3, 4), None), (R(3, 4), (1, 0)), (R(2, 3, 4), None), (R(2, 3, 4), (2, 0, 1)),
                (R(2, 3, 4), (-1, 0, 1))]:
    case("transpose", a, axes)
case("trace", R(3, 3))
case("trace", R(3, 4))
case("trace", R(4, 2))
for k in (0, 1, -2, 3):
    case("diag", R(4), k)
for k in (0, 1, -1, 2, -3):
    case("diag", R(3, 4), k)
for name in ("tril", "triu"):
    for k in (0, 1, -1):
        case(name, R(3, 4), k)
        case(name, R(4), k)
    case(name, R(2, 3, 3), 0)

# shapes
for a, shape in [(R(3, 4), (4, 3)), (R(3, 4), (-1,)), (R(3, 4), (2, 2, 3)), (R(6), (2, 3)), (R(), (1, 1))]:
    case("reshape", a, shape)
for a in (R(3, 4), R(2, 3, 4), R(4)):
    case("ravel", a)
for axis in (0, 1, -1, (0, 2)):
    case("expand_dims", R(4), axis)
case("expand_dims", R(3, 4), 1)
for a, axis in [(R(1, 4), None), (R(3, 1), 1), (R(1, 3, 1), (0, 2)), (R(1, 1), None), (R(3, 1), -1)]:
    case("squeeze", a, axis)
for a in (R(), R(4), R(3, 4)):
    case("atleast_1d", a)
    case("atleast_2d", a)
for a, shape in [(R(4), (3, 4)), (R(3, 1), (3, 4)), (R(), (2, 2)), (R(1, 4), (2, 3, 4))]:
    case("broadcast_to", a, shape)
for condition, x, y in [(R(3, 4) > 0, R(3, 4), R(3, 4)), (R(4) > 0, R(3, 4), R()), (R(3, 1) > 0, R(1, 4), R(3, 4))]:
    case("where", condition, x, y)
for a, repeats, axis in [(R(4), 2, None), (R(3, 4), 3, None), (R(3, 4), 2, 0), (R(3, 4), 2, 1), (R(3, 4), 3, -1),
                         (R(4), 0, None), (R(), 3, None)]:
    case("repeat", a, repeats, axis)
for a, reps in [(R(4), 2), (R(4), (2, 2)), (R(3, 4), (2, 1)), (R(3, 4), (1, 2, 1)), (R(), 3), (R(2, 3), [2, 2]),
                (R(2, 3, 4), (2, 1))]:
    case("tile", a, reps)

# joining
for arrays, axis in [((R(4), R(3)), 0), ((R(3, 4), R(2, 4)), 0), ((R(3, 4), R(3, 2)), 1), ((R(3, 4), R(3, 2)), -1),
                     ((R(3, 4), R(2), R(1, 1)), None), ((R(2, 3, 4), R(2, 1, 4), R(2, 2, 4)), 1)]:
    case("concatenate", *arrays, axis)
for arrays, axis in [((R(4), R(4)), 0), ((R(4), R(4), R(4)), 1), ((R(4), R(4)), -1), ((R(3, 4), R(3, 4)), 2),
                     ((R(3, 4), R(3, 4)), -2)]:
    case("stack", *arrays, axis)
for arrays in [(R(4), R(3), R()), (R(3, 4), R(3, 2)), (R(2, 3, 4), R(2, 1, 4))]:
    case("hstack", *arrays)
for arrays in [(R(4), R(4)), (R(3, 4), R(4)), (R(2, 4), R(3, 4)), (R(), R(1)), (R(2, 3, 4), R(1, 3, 4))]:
    case("vstack", *arrays)

# indexing: elements, slices with steps, index arrays that repeat, masks (constant data)
for index in (1, -1, slice(1, None), slice(None, None, 2), slice(None, None, -1), [0, 0, 3], np.array([3, 1, 1, 1]),
              np.array([True, False, True, True]), None, (Ellipsis, None)):
    case("getitem", R(4), index, id=f"x[{index!r}]")
for index in ((1,), (slice(None), 2), (None, 1), ([0, 2, 0], [1, 1, 3]), (slice(None), [0, 0]),
              (-1, slice(None, None, 2)), np.array([[True, False, True, False]] * 3), (Ellipsis, 1),
              ([[0, 1], [1, 2]], 0), (1, 2)):
    case("getitem", R(3, 4), index, id=f"X[{index!r}]")
for a, index, v in [(R(4), 1, R()), (R(4), slice(1, 3), R(2)), (R(4), [0, 0, 2], R(3)), (R(4), slice(None), R()),
                    (R(4), np.array([True, False, False, True]), R(2)), (R(4), [3, 3], R()),
                    (R(3, 4), (slice(None), 1), R(3)), (R(3, 4), 1, R(4)),
                    (R(3, 4), (slice(None), slice(None)), R(1, 4)), (R(3, 4), ([0, 0], [1, 1]), R(2)),
                    (R(3, 4), R(3, 4) > 0, R()), (R(3, 4), (slice(1, None),), R(1, 1, 4)),
                    (R(3, 4), (slice(None), [0, 0]), R(3, 1))]:
    case("setitem", a, index, v, id=f"X{a.shape}[{index!r}] = v{v.shape}")
case("array", 0.5, -1.25, 2.0, 3.5, (2, 2))
case("array", 0.5, -1.25, 2.0, (3,))

IDS = [c.id for c in CASES]


# --- conversions: floats to 50-digit numbers and to sympy's symbols ---------------------------

def to_mp(x):
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return np.array([mpmath.mpf(float(v)) for v in x.flat], dtype=object).reshape(x.shape)
    return mpmath.mpf(x) if isinstance(x, float) else x


def as_mp(case_: Case) -> list:
    active = case_.active()
    return [to_mp(a) if k in active else a for k, a in enumerate(case_.args)]


def to_float(x) -> np.ndarray:
    return np.asarray(x, dtype=float) if np.asarray(x).dtype == object else np.asarray(x)


def inner_product(x, y):
    """<x, y>, summed in the numbers' own precision."""
    return builtins.sum(np.ravel(np.asarray(x, dtype=object if _is_object(x, y) else float) *
                                 np.asarray(y, dtype=object if _is_object(x, y) else float)), 0)


def _is_object(*xs) -> bool:
    return any(np.asarray(x).dtype == object for x in xs)


def tangent_like(x, rng):
    """A random direction of x's shape (a number for a number)."""
    t = rng.normal(size=np.shape(x))
    return float(t) if np.ndim(x) == 0 and not isinstance(x, np.ndarray) else t


def scale(x) -> float:
    return max(1.0, float(np.max(np.abs(to_float(x))))) if np.size(x) else 1.0


# --- values ------------------------------------------------------------------------------------

def numpy_reference(case_: Case):
    """What numpy (scipy, CPython) computes for the case, called by the entry's spelling, with its
    data arguments as the keyword names of `params` (so the names are numpy's too)."""
    name, args, prim = case_.name, case_.args, case_.prim
    if name == "getitem":
        return args[0][args[1]]
    if name == "setitem":
        out = args[0].copy()
        out[args[1]] = args[2]
        return out
    if name == "array":
        return np.array(args[:-1]).reshape(args[-1])
    if name == "fold_sum":
        return builtins.sum(args[0])
    module, function = prim.spellings[0].rsplit(".", 1)
    if module == "scipy.special":
        special = pytest.importorskip("scipy.special")
        return getattr(special, function)(args[0], **dict(zip(prim.params[1:], args[1:])))
    fn = getattr(np.linalg if module == "numpy.linalg" else np, function)
    if prim.variadic:
        arrays, data = (args[:-1], args[-1:]) if prim.static else (args, ())
        return fn(arrays, **dict(zip(prim.params[1:], data)))
    if name == "where":
        return fn(*args)
    active = case_.active()
    return fn(*[a for k, a in enumerate(args) if k in active],
              **{prim.params[k]: a for k, a in enumerate(args) if k not in active})


@pytest.mark.parametrize("case_", CASES, ids=IDS)
def test_value_on_floats_is_numpys_to_the_bit(case_):
    ours = apply_array(case_.prim, list(case_.args), FLOAT)
    theirs = numpy_reference(case_)
    assert np.shape(ours) == np.shape(theirs), (np.shape(ours), np.shape(theirs))
    assert np.asarray(ours).dtype == np.float64
    assert np.array_equal(ours, theirs), (ours, theirs)
    assert np.array_equal(np.signbit(ours), np.signbit(theirs)), "the sign of a zero differs"


@pytest.mark.parametrize("case_", CASES, ids=IDS)
def test_value_on_50_digit_numbers_is_the_float_value(case_):
    with mpmath.workdps(DIGITS):
        ours = apply_array(case_.prim, as_mp(case_), MP)
    floats = apply_array(case_.prim, list(case_.args), FLOAT)
    assert np.shape(ours) == np.shape(floats)
    if np.size(ours):
        assert all(isinstance(v, (mpmath.mpf, int)) for v in np.ravel(np.asarray(ours, dtype=object)))
        assert np.max(np.abs(to_float(ours) - floats)) <= 1e-15 * scale(floats), (ours, floats)


def to_symbols(case_: Case) -> tuple[list, dict]:
    """The case's differentiated arrays as arrays of sympy symbols, and the values they stand for."""
    values, args, n = {}, [], 0
    for k, a in enumerate(case_.args):
        if k not in case_.active():
            args.append(a)
            continue
        symbols = []
        for v in np.ravel(a):
            s = sp.Symbol(f"x{n}", real=True)
            values[s], n = sp.Float(float(v), 30), n + 1
            symbols.append(s)
        args.append(np.array(symbols, dtype=object).reshape(np.shape(a)) if isinstance(a, np.ndarray) else symbols[0])
    return args, values


@pytest.mark.parametrize("case_", CASES, ids=IDS)
def test_value_on_sympy_symbols_takes_the_float_value(case_):
    args, values = to_symbols(case_)
    ours = apply_array(case_.prim, args, backend("sym"))
    floats = apply_array(case_.prim, list(case_.args), FLOAT)
    assert np.shape(ours) == np.shape(floats)
    # all the symbols at once: one at a time, Max would compare the rest again at every step
    numbers = [float(sp.sympify(e).xreplace(values).evalf(30)) for e in np.ravel(np.asarray(ours, dtype=object))]
    assert np.allclose(numbers, np.ravel(floats), rtol=1e-13, atol=1e-13 * scale(floats))


def test_on_symbols_the_expressions_are_the_formulas():
    x = np.array(sp.symbols("x0:3", real=True), dtype=object)
    x0, x1, x2 = x
    call = lambda name, *args: apply_array(TABLE[name], list(args), backend("sym"))  # noqa: E731
    assert call("prod", x, None, False) == x0 * x1 * x2
    assert call("amax", x, None, False) == sp.Max(x0, x1, x2)
    assert call("amin", x, None, False) == sp.Min(x0, x1, x2)
    assert call("norm", x, None, None, False) == sp.sqrt(x0 ** 2 + x1 ** 2 + x2 ** 2)
    assert call("norm", x, 1, None, False) == sp.Abs(x0) + sp.Abs(x1) + sp.Abs(x2)
    assert call("norm", x, math.inf, None, False) == sp.Max(sp.Abs(x0), sp.Abs(x1), sp.Abs(x2))
    assert call("logsumexp", x, None, False) == sp.log(sp.exp(x0) + sp.exp(x1) + sp.exp(x2))
    assert sp.simplify(call("var", x, None, 1, False) - ((x0 - x1) ** 2 + (x0 - x2) ** 2 + (x1 - x2) ** 2) / 6) == 0
    assert list(call("cumprod", x, None)) == [x0, x0 * x1, x0 * x1 * x2]
    assert call("fold_sum", x) == x0 + x1 + x2
    assert list(call("diff", x, 1, -1)) == [x1 - x0, x2 - x1]


# --- derivatives ---------------------------------------------------------------------------

def jvp_cases():
    return [pytest.param(c, k, id=f"{c.id} d{k}") for c in CASES for k in c.active()]


@pytest.mark.parametrize("case_, k", jvp_cases())
def test_jvp_is_the_derivative_at_50_digits(case_, k):
    # The cases' ties are of two elements, where a central difference gives the convention's
    # mean of the two slopes; a tie of three is checked by hand below.
    rng = np.random.default_rng(k + 7)
    with mpmath.workdps(DIGITS):
        args = as_mp(case_)
        out = apply_array(case_.prim, args, MP)
        t = to_mp(tangent_like(case_.args[k], rng))
        ours = jvp(case_.prim, k, t, args, out, MP)
    with mpmath.workdps(DIGITS + 40):       # the difference at 90 digits: its error is (1e-30)^2 + 1e-90/1e-30
        h = mpmath.mpf(10) ** -30
        ahead = apply_array(case_.prim, args[:k] + [args[k] + h * t] + args[k + 1:], MP)
        behind = apply_array(case_.prim, args[:k] + [args[k] - h * t] + args[k + 1:], MP)
        difference = (np.asarray(ahead, dtype=object) - np.asarray(behind, dtype=object)) / (2 * h)
    assert np.shape(ours) == np.shape(out)
    if np.size(ours):
        error = max(abs(e) for e in np.ravel(np.asarray(ours, dtype=object) - difference))
        assert error <= mpmath.mpf(10) ** -45 * max(scale(ours), scale(out)), (case_.id, error)


@pytest.mark.parametrize("case_, k", jvp_cases())
def test_jvp_on_floats_is_the_50_digit_jvp(case_, k):
    rng = np.random.default_rng(k + 11)
    t = tangent_like(case_.args[k], rng)
    out = apply_array(case_.prim, list(case_.args), FLOAT)
    ours = jvp(case_.prim, k, t, list(case_.args), out, FLOAT)
    with mpmath.workdps(DIGITS):
        args = as_mp(case_)
        exact = jvp(case_.prim, k, to_mp(t), args, apply_array(case_.prim, args, MP), MP)
    assert np.shape(ours) == np.shape(out) and np.asarray(ours).dtype == np.float64
    assert np.allclose(ours, to_float(exact), rtol=1e-13, atol=1e-13 * scale(exact))


@pytest.mark.parametrize("case_, k", jvp_cases())
def test_vjp_is_the_transpose_of_jvp(case_, k):
    rng = np.random.default_rng(k + 13)
    args = list(case_.args)
    out = apply_array(case_.prim, args, FLOAT)
    t = tangent_like(args[k], rng)
    g = tangent_like(out, rng) if isinstance(out, np.ndarray) else float(rng.normal())
    back = vjp(case_.prim, k, g, args, out, FLOAT)
    assert np.shape(back) == np.shape(args[k])
    forward = jvp(case_.prim, k, t, args, out, FLOAT)
    left, right = inner_product(back, t), inner_product(g, forward)
    assert abs(left - right) <= 1e-12 * max(1.0, inner_product(np.abs(back), np.abs(t))), (left, right)
    with mpmath.workdps(DIGITS):            # and exactly so, at 50 digits
        margs = as_mp(case_)
        mout = apply_array(case_.prim, margs, MP)
        mt, mg = to_mp(t), to_mp(g)
        left = inner_product(vjp(case_.prim, k, mg, margs, mout, MP), mt)
        right = inner_product(mg, jvp(case_.prim, k, mt, margs, mout, MP))
        assert abs(left - right) <= mpmath.mpf(10) ** -40 * max(1, abs(left)), (left, right)


def test_every_operation_on_whole_arrays_has_cases():
    assert {c.name for c in CASES} == {name for name, prim in TABLE.items() if prim.structural}


# --- the table's conventions at kinks, zeros and ties, exactly ------------------------------

def _gradient(name, *args, m=FLOAT, g=1.0):
    out = apply_array(TABLE[name], list(args), m)
    return vjp(TABLE[name], 0, g, list(args), out, m)


def test_prod_and_cumprod_are_exact_where_elements_are_zero():
    assert list(_gradient("prod", np.array([2.0, 0.0, 3.0, 5.0]), None, False)) == [0.0, 30.0, 0.0, 0.0]
    assert list(_gradient("prod", np.array([2.0, 0.0, 3.0, 0.0]), None, False)) == [0.0, 0.0, 0.0, 0.0]
    a = np.array([2.0, 0.0, 3.0, 5.0])
    out = apply_array(TABLE["cumprod"], [a, None], FLOAT)
    rows = [jvp(TABLE["cumprod"], 0, np.eye(4)[i], [a, None], out, FLOAT) for i in range(4)]
    # d out[j] / d a[i] = the product of a[0..j] but a[i]
    expected = [[math.prod(np.delete(a[:j + 1], i)) if i <= j else 0.0 for j in range(4)] for i in range(4)]
    assert np.array_equal(np.array(rows), np.array(expected))


def test_max_and_min_split_a_tie_equally_as_the_scalar_max_does():
    assert list(_gradient("amax", np.array([1.0, 3.0, 3.0, 2.0]), None, False)) == [0.0, 0.5, 0.5, 0.0]
    with mpmath.workdps(DIGITS):
        third = _gradient("amin", to_mp(np.array([3.0, 3.0, 3.0])), None, False, m=MP, g=mpmath.mpf(1))
        assert all(share == mpmath.mpf(1) / 3 for share in third)    # a third to 50 digits, not 0.333...3 of a float
    x = np.array([1.0, -3.0, 3.0, 2.0])       # |-3| and |3| tie: each gets half, with its sign
    assert list(_gradient("norm", x, math.inf, None, False)) == [0.0, -0.5, 0.5, 0.0]
    assert list(_gradient("norm", np.array([1.0, 0.0, -2.0]), 1, None, False)) == [1.0, 0.0, -1.0]


def test_an_infinite_derivative_is_a_domain_error():
    for name, args in [("norm", [np.zeros(3), None, None, False]), ("norm", [np.zeros((2, 3)), None, 1, False]),
                       ("std", [np.full(4, 2.5), None, 0, False]),
                       ("std", [np.array([[1.0, 1.0], [1.0, 2.0]]), 1, 0, False])]:
        out = apply_array(TABLE[name], args, FLOAT)
        for rule, direction in ((jvp, np.ones(args[0].shape)), (vjp, np.ones(np.shape(out)))):
            with pytest.raises(DomainError, match=f"{name} is not differentiable where it is 0"):
                rule(TABLE[name], 0, direction, args, out, FLOAT)


def test_logsumexp_does_not_overflow_and_keeps_a_small_remainder():
    assert apply_array(TABLE["logsumexp"], [np.array([1000.0, 1000.0]), None, False], FLOAT) == 1000.0 + math.log(2)
    small = apply_array(TABLE["logsumexp"], [np.array([0.0, -40.0]), None, False], FLOAT)
    assert small == np.log1p(np.exp(-40.0)) and small > 0          # log(1 + 4e-18), not log(1.0) = 0
    g = _gradient("logsumexp", np.array([1000.0, 1000.0, -1000.0]), None, False)
    assert g == pytest.approx([0.5, 0.5, 0.0], abs=1e-12)


def test_fold_sum_is_cpythons_sum_to_the_bit():
    rng = np.random.default_rng(3)
    for x in (rng.normal(size=1000) * 10.0 ** rng.integers(-8, 8, size=1000), rng.normal(size=(50, 3)),
              np.array([-0.0, -0.0]), np.array([1e16, 1.0, -1e16])):
        ours, theirs = apply_array(TABLE["fold_sum"], [x], FLOAT), builtins.sum(x)
        assert np.array_equal(ours, theirs) and np.array_equal(np.signbit(ours), np.signbit(theirs))
    assert apply_array(TABLE["fold_sum"], [np.zeros(0)], FLOAT) == builtins.sum(np.zeros(0)) == 0


def test_setitem_with_a_repeated_index_differentiates_the_value_that_stays():
    a, v = np.zeros(3), np.array([1.0, 2.0, 3.0])
    args = [a, [0, 0, 2], v]
    out = apply_array(TABLE["setitem"], args, FLOAT)
    assert list(out) == [2.0, 0.0, 3.0]                 # numpy keeps the last value written
    assert list(vjp(TABLE["setitem"], 2, np.ones(3), args, out, FLOAT)) == [0.0, 1.0, 1.0]
    assert list(vjp(TABLE["setitem"], 0, np.ones(3), args, out, FLOAT)) == [0.0, 1.0, 0.0]


def test_getitem_with_a_repeated_index_collects_every_share():
    args = [np.arange(4.0), np.array([3, 1, 1, 1])]
    out = apply_array(TABLE["getitem"], args, FLOAT)
    assert list(vjp(TABLE["getitem"], 0, np.array([1.0, 2.0, 3.0, 4.0]), args, out, FLOAT)) == [0.0, 9.0, 0.0, 1.0]


# --- work: the element operations of one call -------------------------------------------------

WORK = [
    ("sum", [R(3, 4), None, False], 12), ("mean", [R(3, 4), 0, False], 12), ("prod", [R(3, 4), 1, True], 12),
    ("amax", [R(3, 4), None, False], 12), ("fold_sum", [R(3, 4)], 12), ("cumsum", [R(3, 4), 1], 12),
    ("cumprod", [R(3, 4), None], 12), ("var", [R(3, 4), None, 0, False], 24), ("std", [R(3, 4), 1, 1, False], 24),
    ("logsumexp", [R(3, 4), 0, False], 24), ("norm", [R(3, 4), None, None, False], 12),
    ("diff", [R(3, 4), 1, -1], 9), ("diff", [R(3, 4), 2, -1], 15), ("diff", [R(3, 4), 2, 0], 12),
    ("dot", [R(3, 4), R(4, 2)], 24), ("dot", [R(4), R(4)], 4), ("dot", [R(), R(3, 4)], 12), ("dot", [R(3, 4), R()], 12),
    ("matmul", [R(2, 3, 4), R(4, 2)], 48), ("matmul", [R(4), R(4)], 4), ("inner", [R(3, 4), R(2, 4)], 24),
    ("outer", [R(3), R(4)], 12), ("trace", [R(3, 4)], 3), ("getitem", [R(4), slice(1, None)], 3),
    ("reshape", [R(3, 4), (4, 3)], 12), ("tile", [R(3), 2], 6), ("repeat", [R(3), 2, None], 6),
    ("hstack", [R(3), R(4)], 7),
]


@pytest.mark.parametrize("name, args, work", WORK, ids=[f"{w[0]}-{i}" for i, w in enumerate(WORK)])
def test_work_counts_the_element_operations(name, args, work):
    prim = TABLE[name]
    out = apply_array(prim, args, FLOAT)
    assert (prim.work(args, out) if prim.work else np.size(out)) == work


# --- bad input: words, never numpy's own error --------------------------------------------------

BAD = [
    ("dot", [R(3), R(4)], "shapes (3,) and (4,) do not align: a's last axis has 3 elements, b's only axis 4"),
    ("dot", [R(3, 4), R(3, 4)], "b's second-to-last axis 3"),
    ("matmul", [R(), R(3)], "needs arrays, not a number"),
    ("matmul", [R(3, 4), R(3)], "do not align"),
    ("matmul", [R(2, 3, 4), R(3, 4, 2)], "the stacks of matrices in front, (2,) and (3,), do not broadcast"),
    ("inner", [R(3), R(4)], "b's last axis 4"),
    ("sum", [R(3, 4), 2, False], "axis 2 is out of range for an array of 2 dimensions"),
    ("mean", [R(3, 4), 1.5, False], "axis must be a whole number"),
    ("amax", [R(4), -2, False], "out of range"),
    ("cumsum", [R(3, 4), (0, 1)], "one whole number"),
    ("norm", [R(4), 3, None, False], "ord=3 is not supported for vectors"),
    ("norm", [R(4), -math.inf, None, False], "not supported"),
    ("norm", [R(4), "fro", None, False], "not supported for vectors"),
    ("norm", [R(3, 4), 2, None, False], "the largest singular value"),
    ("norm", [R(3, 4), "nuc", None, False], "not supported for matrices"),
    ("norm", [R(3, 4), 1, None, False], "not supported for matrices"),
    ("norm", [R(3, 4), None, (0, 0), False], "neither one axis"),
    ("norm", [R(2, 3, 4), 1, None, False], "needs a vector or a matrix"),
    ("norm", [R(3, 4), None, 3, False], "out of range"),
    ("var", [R(4), None, 4, False], "ddof=4 leaves no degrees of freedom"),
    ("std", [R(3, 4), 0, 3, False], "no degrees of freedom"),
    ("trace", [R(4)], "needs a matrix (2 dimensions)"),
    ("diag", [R(2, 3, 4), 0], "a vector (to make a matrix) or a matrix"),
    ("diag", [R(4), 0.5], "k (which diagonal) must be a whole number"),
    ("tril", [R(), 0], "a vector or a matrix"),
    ("diff", [R(4), -1, -1], "n (how many times to take differences) must be a whole number"),
    ("diff", [R(4), 1, 1], "out of range"),
    ("diff", [R(), 1, -1], "needs an array"),
    ("repeat", [R(4), 1.5, None], "repeats (one count for every element) must be a whole number"),
    ("repeat", [R(4), [1, 2, 1, 1], None], "must be a whole number"),
    ("tile", [R(4), -1], "reps (how many copies along each axis) must be a whole number"),
    ("reshape", [R(3, 4), (5,)], "cannot reshape array of size 12 into shape (5,)"),
    ("broadcast_to", [R(3, 4), (2,)], "an array of shape (3, 4) cannot be broadcast to shape (2,)"),
    ("concatenate", [R(3, 4), R(3, 3), 0], "must match exactly"),
    ("stack", [R(3), R(4), 0], "same shape"),
    ("hstack", [], "at least one array"),
    ("where", [R(3, 4) > 0, R(2), R()], "could not be broadcast"),
    ("getitem", [R(4), 5], "index 5 is out of bounds"),
    ("getitem", [R(4), np.array([True, False])], "boolean index did not match"),
    ("setitem", [R(4), slice(0, 2), R(3)], "could not broadcast"),
    ("squeeze", [R(3, 4), 0], "size not equal to one"),
    ("expand_dims", [R(3), 3], "out of bounds"),
    ("transpose", [R(3, 4), (0, 0)], "repeated axis"),
    ("mean", [np.zeros(0), None, False], "the mean of no elements is undefined"),
    ("amin", [np.zeros((2, 0)), 1, False], "the min of no elements"),
    ("logsumexp", [np.zeros(0), None, False], "no elements"),
    ("fold_sum", [R()], "sum() of a number"),
]


@pytest.mark.parametrize("name, args, words", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_is_an_evaluation_error_in_words(name, args, words):
    with pytest.raises(EvaluationError) as info:
        apply_array(TABLE[name], args, FLOAT)
    assert str(info.value).startswith(f"{name}: ") and words in str(info.value), str(info.value)
    for jargon in ("gufunc", "remapped", "Traceback", "newaxis"):
        assert jargon not in str(info.value)


def test_a_float_overflow_is_a_domain_error_and_inf_as_data_is_not():
    with pytest.raises(DomainError, match="prod overflows a float"):
        apply_array(TABLE["prod"], [np.full(3, 1e200), None, False], FLOAT)
    with pytest.raises(DomainError, match="dot overflows a float"):
        apply_array(TABLE["dot"], [np.full(2, 1e200), np.full(2, 1e200)], FLOAT)
    assert apply_array(TABLE["amax"], [np.array([1.0, math.inf]), None, False], FLOAT) == math.inf


#: scipy 1.17.1's logsumexp of the rows of default_rng(5).normal(size=(12, 7)) * 3, kept so that its
#: bits are checked where scipy is not installed (rows 1, 5 and 11 differ from max + log(sum(exp(a - max))))
SCIPY_LOGSUMEXP = ["0x1.ca586e5b3ef1dp+1", "0x1.65e449a1b1ecfp+2", "0x1.25ec2040d7846p+0", "0x1.8cd2adca4637bp+1",
                   "0x1.1f1be8123770bp+0", "0x1.e596f98cda09ap+1", "0x1.9e4a6933dbadcp+0", "0x1.aac694afd2c58p+1",
                   "0x1.d7b1b17ac5045p+2", "0x1.0de439b37979bp+2", "0x1.78129ed1c0c1ap+1", "0x1.8ceaa4862cde8p+1"]


def test_logsumexp_gives_scipys_bits():
    rows = np.random.default_rng(5).normal(size=(12, 7)) * 3
    ours = apply_array(TABLE["logsumexp"], [rows, 1, False], FLOAT)
    assert [float(v).hex() for v in ours] == SCIPY_LOGSUMEXP
