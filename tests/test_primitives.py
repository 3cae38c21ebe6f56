"""The primitives table (issue 2): every derivative rule of every primitive is checked against
sympy's own derivative of the primitive's sympy counterpart -- independently of the engines --
at several points, on floats, on 50-digit mpmath numbers and on numpy arrays, and symbolically
through the sympy backend wherever sympy can simplify the difference to 0. Kinks keep the
conventions the table states."""

from __future__ import annotations

import builtins
import math
from collections import Counter

import mpmath
import numpy as np
import pytest
from conftest import NO_RULE, scalar_primitives
import sympy as sp

from diffcompare.engines import engine_function, numerical, symbolic
from diffcompare.engines.reference import reference
from diffcompare.errors import DomainError, EvaluationError, Unsupported
from diffcompare.interpreter.core import FLOAT, Meter, evaluate
from diffcompare.language.frontend import parse
from diffcompare.language.point import Point
from diffcompare.primitives import (CONSTANTS, FUNCTIONS, MODULES, REAL, TABLE, apply, apply_real, backend, lookup,
                                    names, partial)

MP = backend("mp")
ARRAY = backend("array")
SYM = backend("sym")

#: every primitive DESIGN.md names, besides the arithmetic
DESIGN_PRIMITIVES = ("sin cos tan asin acos atan atan2 sinh cosh tanh exp log log10 sqrt abs pow min max "
                     "hypot erf sigmoid softplus relu").split()

# Points inside each primitive's domain and away from its kinks (the kinks are tested below);
# a piecewise primitive has a point on each of its pieces.
UNARY_POINTS = [-1.3, -0.4, 0.25, 0.9, 2.1]
POSITIVE = [0.05, 0.7, 1.0, 3.5, 40.0]
WHOLE_NUMBERS_APART = [-2.7, -1.2, -0.3, 0.4, 1.6, 2.2]     # round: both sides of each half
QUOTIENTS = [(5.3, 2.0), (-5.3, 2.0), (5.3, -2.0), (-5.3, -2.0), (0.7, 1.9), (1.0, 0.1)]   # every sign; 1 // 0.1 = 9
POINTS = {
    "asin": [-0.8, -0.3, 0.1, 0.6], "acos": [-0.8, -0.3, 0.1, 0.6],
    "log": POSITIVE, "log10": POSITIVE, "sqrt": POSITIVE, "log2": POSITIVE,
    "tan": [-1.2, -0.3, 0.4, 1.3],
    "pow": [(0.7, 1.9), (2.5, -0.6), (1.3, 3.0), (0.2, 0.5), (-1.5, 3.0), (-2.0, -2.0)],
    "lgamma": [-1.3, -0.4, 0.25, 0.9, 2.1, 7.5], "digamma": [-1.3, -0.4, 0.25, 1.4616, 2.1, 37.0],
    "cbrt": [-8.0, -1.3, -0.4, 0.25, 27.0], "log1p": [-0.9, -0.4, 1e-10, 0.25, 3.0],
    "expm1": [-40.0, -1.3, 1e-10, 0.9, 2.1], "asinh": [-1.3, 0.25, 2.1, 1e200],
    "acosh": [1.0001, 1.2, 2.0, 10.0], "atanh": [-0.9, -0.3, 0.1, 0.6],
    "floor": WHOLE_NUMBERS_APART, "ceil": WHOLE_NUMBERS_APART, "trunc": WHOLE_NUMBERS_APART,
    "round": WHOLE_NUMBERS_APART + [2.6, -2.4],
    "mod": QUOTIENTS, "floordiv": QUOTIENTS, "fmod": QUOTIENTS,
    "logaddexp": [(0.7, 1.9), (-1.3, 0.4), (2.5, -0.6), (30.0, -30.0), (-700.0, -701.5)],
    "clip": [(0.5, 0.0, 1.0), (-0.5, 0.0, 1.0), (1.5, 0.0, 1.0), (0.5, 1.0, 0.2)],   # inside, below, above, lo > hi
}
BINARY_POINTS = [(0.7, 1.9), (-1.3, 0.4), (2.5, -0.6), (-0.9, -2.2)]


def points(name: str) -> list[tuple]:
    prim = TABLE[name]
    pts = POINTS.get(name, UNARY_POINTS if prim.arity == 1 else BINARY_POINTS)
    return [p if isinstance(p, tuple) else (p,) for p in pts]


SCALARS = scalar_primitives()


def cases(names=SCALARS):
    for name in names:
        if name in NO_RULE:
            continue
        for k in range(TABLE[name].arity):
            for point in points(name):
                if name == "pow" and k == 1 and point[0] <= 0:
                    continue     # d/dy x**y = x**y log x exists only for x > 0 (the table's kink text)
                yield pytest.param(name, k, point, id=f"{name}-d{k}-{point}")


def sympy_derivative(name: str, k: int):
    """sympy's derivative of the primitive's sympy counterpart, and its symbols."""
    prim = TABLE[name]
    syms = sp.symbols(f"x0:{prim.arity}", real=True)
    return syms, sp.diff(prim.sym(sp)(*syms), syms[k])


def sympy_differentiates(name: str) -> bool:
    """False where sympy leaves the derivative unevaluated (floor, Mod, round, ...): the symbolic
    engine then takes the table's own rule, so comparing the rule with it would prove nothing."""
    return not any(sympy_derivative(name, k)[1].has(sp.Derivative, sp.Subs) for k in range(TABLE[name].arity))


SYMPY_DIFFERENTIATES = [name for name in SCALARS if sympy_differentiates(name) and name not in NO_RULE]


def exact_at(expr, syms, point) -> mpmath.mpf:
    """The derivative at the point's exact binary values, to 60 digits."""
    value = expr.xreplace({s: sp.Rational(v) for s, v in zip(syms, point)}).evalf(60)
    assert value.is_real and value.is_finite, value
    return mpmath.mpf(value)


def test_the_table_holds_every_primitive_of_the_design_and_the_arithmetic():
    assert set(DESIGN_PRIMITIVES) <= set(TABLE)
    assert {"add", "sub", "mul", "div", "pow", "neg"} <= set(TABLE)
    assert set(DESIGN_PRIMITIVES) - {"pow"} <= set(FUNCTIONS)
    for prim in SCALARS.values():
        assert len(prim.partials) == prim.arity, prim.name
        assert bool(prim.domain) == bool(prim.domain_text), prim.name


def quotient(name: str, k: int, point: tuple) -> mpmath.mpf:
    """The central difference quotient of the primitive's mpmath value along argument k, at 60
    digits with a relative step of 1e-25: its error, about 1e-50 + 1e-35, is far below a double's."""
    prim = TABLE[name]
    with mpmath.workdps(60):
        args = [mpmath.mpf(v) for v in point]
        h = mpmath.mpf("1e-25") * max(1, abs(args[k]))
        up, down = list(args), list(args)
        up[k] += h
        down[k] -= h
        return (apply(prim, up, MP) - apply(prim, down, MP)) / (2 * h)


@pytest.mark.parametrize("name, k, point", list(cases()))
def test_rule_matches_a_60_digit_difference_quotient(name, k, point):
    prim = TABLE[name]
    exact = quotient(name, k, point)
    with mpmath.workdps(60):
        args = [mpmath.mpf(v) for v in point]
        got_mp = partial(prim, k, args, apply(prim, args, MP), MP)
        assert abs(got_mp - exact) <= mpmath.mpf(10) ** -30 * max(1, abs(exact))
    got = partial(prim, k, list(point), apply_real(prim, list(point)), REAL)
    assert got == pytest.approx(float(exact), rel=1e-13, abs=1e-15)
    arrays = [np.full(3, v) for v in point]
    got_array = np.broadcast_to(partial(prim, k, arrays, prim.array(*arrays), ARRAY), (3,))
    np.testing.assert_allclose(got_array, float(exact), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name, k, point", list(cases(SYMPY_DIFFERENTIATES)))
def test_rule_matches_sympy_on_floats_mpmath_and_numpy(name, k, point):
    prim = TABLE[name]
    syms, derivative = sympy_derivative(name, k)
    with mpmath.workdps(60):
        exact = exact_at(derivative, syms, point)
        # floats: the rule in double precision
        got = partial(prim, k, list(point), apply_real(prim, list(point)), REAL)
        assert got == pytest.approx(float(exact), rel=1e-13, abs=1e-15)
        # mpmath: the same rule at 60 digits agrees to 50
        args = [mpmath.mpf(v) for v in point]
        got_mp = partial(prim, k, args, apply(prim, args, MP), MP)
        assert abs(got_mp - exact) <= mpmath.mpf(10) ** -50 * max(1, abs(exact))
    # numpy: the same rule on arrays (the point repeated, each element must agree)
    arrays = [np.full(3, v) for v in point]
    got_array = np.broadcast_to(partial(prim, k, arrays, prim.array(*arrays), ARRAY), (3,))
    np.testing.assert_allclose(got_array, float(exact), rtol=1e-13, atol=1e-15)


#: rules sympy states with Heaviside or DiracDelta: equal to ours away from the kink (checked
#: numerically above), but not simplifiable to 0 as expressions
NOT_SIMPLIFIABLE = {"sign", "relu", "min", "max", "clip"}
#: where sympy needs to know the argument is in the domain: sqrt(x - 1) sqrt(x + 1) = sqrt(x² - 1) for x >= 1
IN_DOMAIN = {"acosh": lambda u: 1 + u}


@pytest.mark.parametrize("name", [n for n in SYMPY_DIFFERENTIATES if n not in NOT_SIMPLIFIABLE])
def test_rule_equals_sympys_derivative_symbolically(name):
    prim = TABLE[name]
    syms = sp.symbols(f"x0:{prim.arity}", real=True)
    if name in IN_DOMAIN:
        syms = (IN_DOMAIN[name](sp.Symbol("u", positive=True)),)
    out = prim.sym(sp)(*syms)
    for k in range(prim.arity):
        rule = partial(prim, k, list(syms), out, SYM)
        # the rules' float literals (1.0, 0.5) are exact; make them rationals so simplify sees them
        slope = sp.diff(out, syms[k]) if syms[k].is_Symbol else sp.diff(out, *syms[k].free_symbols)
        difference = sp.simplify(sp.nsimplify(rule, rational=True) - slope)
        assert difference == 0, f"{name} d/d{syms[k]}: {rule} vs {slope}"


@pytest.mark.parametrize("name", list(SCALARS))
def test_every_implementation_agrees_on_the_value(name):
    prim = TABLE[name]
    for point in points(name):
        expected = apply_real(prim, list(point))
        with mpmath.workdps(30):
            assert float(apply(prim, [mpmath.mpf(v) for v in point], MP)) == pytest.approx(expected, rel=1e-15)
        assert float(prim.array(*[np.float64(v) for v in point])) == pytest.approx(expected, rel=1e-15)
        sym = prim.sym(sp)(*[sp.Rational(v) for v in point])
        assert float(sym.evalf(30)) == pytest.approx(expected, rel=1e-15)


# --- kinks: the conventions the table states are the ones the rules keep ----------------

def slope(name: str, k: int, args: list, m=REAL):
    prim = TABLE[name]
    return partial(prim, k, args, apply(prim, args, m), m)


@pytest.mark.parametrize("m", [REAL, MP], ids=["float", "mpmath"])
def test_kink_conventions_hold_as_stated(m):
    num = (lambda v: v) if m is REAL else mpmath.mpf
    assert "abs'(0) = 0" in TABLE["abs"].kink
    assert slope("abs", 0, [num(0.0)], m) == 0
    assert "relu'(0) = 0" in TABLE["relu"].kink
    assert slope("relu", 0, [num(0.0)], m) == 0
    assert slope("relu", 0, [num(0.5)], m) == 1 and slope("relu", 0, [num(-0.5)], m) == 0
    for name in ("min", "max"):
        assert "each argument gets 1/2" in TABLE[name].kink
        tie = [num(1.5), num(1.5)]
        assert (slope(name, 0, tie, m), slope(name, 1, tie, m)) == (0.5, 0.5)
    assert (slope("min", 0, [num(1.0), num(2.0)], m), slope("min", 1, [num(1.0), num(2.0)], m)) == (1, 0)
    assert (slope("max", 0, [num(1.0), num(2.0)], m), slope("max", 1, [num(1.0), num(2.0)], m)) == (0, 1)
    assert "domain error" in TABLE["sqrt"].kink
    with pytest.raises(DomainError, match="sqrt is not differentiable at"):
        slope("sqrt", 0, [num(0.0)], m)
    assert "domain error" in TABLE["hypot"].kink
    with pytest.raises(DomainError, match="hypot is not differentiable at"):
        slope("hypot", 0, [num(0.0), num(0.0)], m)


@pytest.mark.parametrize("m", [REAL, MP, ARRAY], ids=["float", "mpmath", "numpy"])
def test_the_newcomers_keep_their_kink_conventions(m):
    num = {"real": float, "mp": mpmath.mpf, "array": np.float64}[m.kind]

    def at(name, k, *args):
        return float(slope(name, k, [num(a) for a in args], m))

    for name in ("floor", "ceil", "trunc", "round"):
        assert "the jump is ignored" in TABLE[name].kink
        assert at(name, 0, 2.0) == at(name, 0, 2.5) == at(name, 0, -3.5) == 0.0
    for x, y in [(6.0, 2.0), (-6.0, 2.0), (0.0, -3.0)]:         # on the jumps of x % y and x // y
        assert (at("mod", 0, x, y), at("mod", 1, x, y)) == (1.0, -(x // y))
        assert (at("floordiv", 0, x, y), at("floordiv", 1, x, y)) == (0.0, 0.0)
        assert (at("fmod", 0, x, y), at("fmod", 1, x, y)) == (1.0, -float(math.trunc(x / y)))
    assert "each side gets 1/2" in TABLE["clip"].kink
    assert [at("clip", k, 0.0, 0.0, 1.0) for k in range(3)] == [0.5, 0.5, 0.0]     # a at the lower bound
    assert [at("clip", k, 1.0, 0.0, 1.0) for k in range(3)] == [0.5, 0.0, 0.5]     # a at the upper bound
    assert [at("clip", k, 0.5, 0.0, 1.0) for k in range(3)] == [1.0, 0.0, 0.0]
    assert [at("clip", k, 0.5, 1.0, 0.2) for k in range(3)] == [0.0, 0.0, 1.0]     # lo > hi: numpy gives hi
    assert (at("heaviside", 0, 0.0, 0.3), at("heaviside", 1, 0.0, 0.3)) == (0.0, 1.0)
    assert (at("heaviside", 0, 0.2, 0.3), at("heaviside", 1, 0.2, 0.3)) == (0.0, 0.0)
    assert (at("copysign", 0, 0.0, -2.0), at("copysign", 1, 0.0, -2.0)) == (0.0, 0.0)
    assert (at("copysign", 0, -3.0, 2.0), at("copysign", 0, -3.0, -2.0), at("copysign", 1, 3.0, 0.0)) == (-1.0, 1.0, 0.0)
    if m is not ARRAY:      # numpy divides by zero into inf with a warning; the others raise
        for name, point in (("cbrt", [0.0]), ("acosh", [1.0])):
            assert "domain error" in TABLE[name].kink
            with pytest.raises(DomainError, match=f"{name} is not differentiable at"):
                slope(name, 0, [num(v) for v in point], m)


def test_the_kink_predicates_know_where_each_kink_sits():
    for name in ("abs", "relu", "sign", "sqrt", "cbrt"):
        assert TABLE[name].at_kink(0.0) and not TABLE[name].at_kink(0.5), name
    assert TABLE["acosh"].at_kink(1.0) and not TABLE["acosh"].at_kink(1.5)
    for name in ("floor", "ceil"):
        assert all(TABLE[name].at_kink(x) for x in (0.0, 3.0, -2.0)) and not TABLE[name].at_kink(0.5)
    assert TABLE["trunc"].at_kink(-2.0) and not TABLE["trunc"].at_kink(0.0)      # trunc is continuous at 0
    assert all(TABLE["round"].at_kink(x) for x in (0.5, -2.5, 3.5)) and not TABLE["round"].at_kink(2.0)
    assert not TABLE["round"].at_kink(-0.5 + 2.0 ** -54)      # where x % 1 would round to 0.5
    for name in ("mod", "floordiv", "fmod"):
        assert TABLE[name].at_kink(6.0, 2.0) and TABLE[name].at_kink(-6.0, 2.0) and not TABLE[name].at_kink(5.0, 2.0)
    assert TABLE["mod"].at_kink(0.0, 2.0) and not TABLE["fmod"].at_kink(0.0, 2.0)  # fmod is x itself near 0
    assert not TABLE["mod"].at_kink(0.3, 0.1)                 # 0.3/0.1 rounds to 3 but is not 3
    assert TABLE["clip"].at_kink(0.0, 0.0, 1.0) and TABLE["clip"].at_kink(1.0, 0.0, 1.0)
    assert TABLE["clip"].at_kink(2.0, 0.0, 2.0) and not TABLE["clip"].at_kink(3.0, 1.0, 1.0)   # there clip is hi
    assert TABLE["heaviside"].at_kink(0.0, 0.5) and not TABLE["heaviside"].at_kink(0.1, 0.5)
    assert TABLE["copysign"].at_kink(0.0, 1.0) and TABLE["copysign"].at_kink(1.0, 0.0)
    assert not TABLE["copysign"].at_kink(1.0, -1.0)
    for name in ("min", "max"):
        assert TABLE[name].at_kink(2.0, 2.0) and not TABLE[name].at_kink(2.0, 3.0)
    assert TABLE["hypot"].at_kink(0.0, 0.0) and not TABLE["hypot"].at_kink(0.0, 1.0)
    assert TABLE["pow"].at_kink(0.0, 0.5) and not TABLE["pow"].at_kink(0.0, 2.0)


def test_x_to_the_zero_has_slope_zero_even_at_zero():
    assert slope("pow", 0, [0.0, 0.0]) == 0.0
    assert slope("pow", 0, [0.0, 2.0]) == 0.0 and slope("pow", 0, [0.0, 1.0]) == 1.0


# --- domains: errors name the primitive and the argument ---------------------------------

@pytest.mark.parametrize("name, args, message", [
    ("log", [-1.0], "log(-1) is undefined: log needs x > 0"),
    ("log", [0.0], "log(0) is undefined: log needs x > 0"),
    ("log10", [-2.0], "log10(-2) is undefined"),
    ("sqrt", [-1.0], "sqrt(-1) is undefined: sqrt needs x >= 0"),
    ("asin", [1.5], "asin(1.5) is undefined: asin needs -1 <= x <= 1"),
    ("acos", [-1.5], "acos(-1.5) is undefined"),
    ("div", [1.0, 0.0], "div(1, 0) is undefined: div needs a non-zero divisor"),
    ("pow", [-8.0, 1 / 3], "pow(-8, 0.333333) is undefined"),
    ("pow", [0.0, -1.0], "pow(0, -1) is undefined"),
    ("exp", [1000.0], "exp(1000) overflows a float"),
    ("mul", [1e200, 1e200], "mul(1e+200, 1e+200) overflows a float"),
    ("log1p", [-1.0], "log1p(-1) is undefined: log1p needs x > -1"),
    ("log2", [0.0], "log2(0) is undefined: log2 needs x > 0"),
    ("acosh", [0.5], "acosh(0.5) is undefined: acosh needs x >= 1"),
    ("atanh", [1.0], "atanh(1) is undefined: atanh needs -1 < x < 1"),
    ("atanh", [-1.5], "atanh(-1.5) is undefined: atanh needs -1 < x < 1"),
    ("mod", [1.0, 0.0], "mod(1, 0) is undefined: mod needs a non-zero divisor"),
    ("floordiv", [1.0, 0.0], "floordiv(1, 0) is undefined: floordiv needs a non-zero divisor"),
    ("fmod", [1.0, 0.0], "fmod(1, 0) is undefined: fmod needs a non-zero divisor"),
    ("expm1", [710.0], "expm1(710) overflows a float"),
    ("exp2", [1024.0], "exp2(1024) overflows a float"),
    ("square", [1e200], "square(1e+200) overflows a float"),
])
def test_a_primitive_outside_its_domain_is_a_domain_error_naming_it(name, args, message):
    with pytest.raises(DomainError) as info:
        apply_real(TABLE[name], args)
    assert message in str(info.value)
    if TABLE[name].domain is not None and "overflow" not in message:
        with pytest.raises(DomainError, match=message.split(":")[0].replace("(", r"\(").replace(")", r"\)")):
            apply(TABLE[name], [mpmath.mpf(a) for a in args], MP)    # mpmath is checked the same way


def test_the_float_path_is_exactly_the_math_module():
    for name in ("sin", "exp", "log", "atan2", "hypot", "erf"):
        prim = TABLE[name]
        args = [0.7] if prim.arity == 1 else [0.7, 1.9]
        assert apply_real(prim, args) == getattr(math, name)(*args)


# --- spellings: each means exactly what Python or numpy computes ---------------------------

#: primitives whose value is exact arithmetic (or a choice among values): every spelling agrees to the bit
EXACT = {"neg", "add", "sub", "mul", "div", "abs", "sign", "sqrt", "square", "min", "max", "floor", "ceil", "trunc",
         "round", "mod", "floordiv", "fmod", "copysign", "heaviside", "clip", "deg2rad", "rad2deg", "logaddexp"}
#: numpy's SIMD (AVX-512) versions against glibc, in ulps, as measured with numpy 2.4: glibc's cbrt is up
#: to 2.5 ulps from the true value where numpy's is 0.5, tanh 1.3 against 0.75, acosh 1.5 against 0.5.
#: The float path keeps CPython's value, so that math.cbrt(x) in a program gives what Python gives.
NUMPY_ULPS = {"cbrt": 3, "tanh": 2, "acosh": 2}
#: the points where those differences were found, beside each primitive's own points
FAR_APART = {"cbrt": [(47.299,)], "tanh": [(-0.7,)], "acosh": [(1.107,)]}
#: whole-number primitives far out, where every double is whole; and signed zeros
SIGNED = {"floor": [(-0.0,), (0.3,), (1e17 + 8.0,)], "ceil": [(-0.3,), (-0.0,), (-1e300,)],
          "trunc": [(-0.3,), (4.5e15 + 0.5,)], "round": [(-0.3,), (0.5,), (-0.5,), (2.5,), (0.49999999999999994,)],
          "mod": [(-0.0, 2.0), (4.0, -2.0), (-1e-300, 1.0)], "fmod": [(-4.0, 2.0)],
          "copysign": [(2.0, -0.0), (-2.0, 0.0)], "heaviside": [(0.0, -0.0), (-0.0, 0.5)]}


def module_function(spelling: str):
    module, name = spelling.rsplit(".", 1)
    if module == "scipy.special":
        return getattr(pytest.importorskip("scipy.special"), name)
    found = getattr({"math": math, "numpy": np, "builtins": builtins}[module], name, None)
    if found is None:
        pytest.skip(f"{spelling} is not in this Python or numpy")     # math.cbrt and math.exp2 are 3.11's
    return found


def ulps(a: float, b: float) -> float:
    return 0.0 if a == b else abs(a - b) / math.ulp(max(abs(a), abs(b)))


SPELLINGS = [pytest.param(name, s, id=s) for name, prim in SCALARS.items() for s in prim.spellings
             if not s.startswith("inline.")]


@pytest.mark.parametrize("name, spelling", SPELLINGS)
def test_every_spelling_computes_what_python_or_numpy_computes(name, spelling):
    prim = TABLE[name]
    theirs = module_function(spelling)
    for point in points(name) + FAR_APART.get(name, []) + SIGNED.get(name, []):
        ours = apply_real(prim, list(point))
        expected = float(theirs(*point))
        if name in EXACT or not spelling.startswith("numpy."):
            # the same bits, a zero's sign too (atan2 and copysign downstream can tell -0.0 from 0.0);
            # numpy's SIMD max and min return either zero of a tie, and sign(-0.0) is -0.0 there
            assert ours == expected, (spelling, point, ours, expected)
            if expected == 0 and name not in ("min", "max", "sign"):
                assert math.copysign(1, ours) == math.copysign(1, expected), (spelling, point, ours, expected)
        else:
            assert ulps(ours, expected) <= NUMPY_ULPS.get(name, 1), (spelling, point, ours, expected)


def test_the_float_results_are_floats_and_ints_alone_stay_ints():
    # the interpreter's whole-number index arithmetic (range(n // 2)) keeps ints; floats stay floats
    assert apply_real(TABLE["floordiv"], [7, 2]) == 3 and type(apply_real(TABLE["floordiv"], [7, 2])) is int
    assert apply_real(TABLE["mod"], [-7, 2]) == 1 and type(apply_real(TABLE["mod"], [-7, 2])) is int
    for name in ("floor", "ceil", "trunc", "round"):
        assert type(apply_real(TABLE[name], [2.5])) is float and type(apply_real(TABLE[name], [3])) is float


def test_index_arithmetic_on_whole_numbers_still_runs():
    program = parse("def f(x=1.5):\n    s = 0.0\n    n = 7\n    for i in range(n // 2 + n % 4):\n"
                    "        s = s + x\n    return s\n")
    assert evaluate(program, {"x": 1.5}, FLOAT, Meter()) == [1.5 * 6]


# --- the lookup API -------------------------------------------------------------------------

def test_lookup_finds_each_spelling_and_nothing_else():
    assert lookup("numpy", "arcsin") is TABLE["asin"] and lookup("math", "asin") is TABLE["asin"]
    assert lookup("numpy", "absolute") is lookup("math", "fabs") is lookup("builtins", "abs") is TABLE["abs"]
    assert lookup("scipy.special", "expit") is TABLE["sigmoid"]
    assert lookup("numpy", "fmax") is lookup("builtins", "max") is TABLE["max"]
    assert lookup("numpy", "true_divide") is TABLE["div"] and lookup("numpy", "remainder") is TABLE["mod"]
    assert lookup("math", "radians") is lookup("numpy", "deg2rad") is TABLE["deg2rad"]
    assert lookup("numpy", "rint") is lookup("numpy", "round") is TABLE["round"]
    # np.max(a, b) reads b as an axis: np.max is the reduction amax, not the scalar max
    assert lookup("numpy", "max") is lookup("numpy", "amax") is TABLE["amax"] and lookup("numpy", "min") is TABLE["amin"]
    assert lookup("numpy.linalg", "norm") is TABLE["norm"] and lookup("scipy.special", "logsumexp") is TABLE["logsumexp"]
    # Python returns ints from these: not primitives
    for module, name in [("math", "floor"), ("math", "ceil"), ("math", "trunc"), ("builtins", "round"),
                         ("math", "sigmoid"), ("inline", "arcsin"), ("numpy", "norm"), ("builtins", "sum"),
                         ("inline", "round"), ("inline", "mod"), ("inline", "add"), ("nump", "sin")]:
        assert lookup(module, name) is None, (module, name)


def test_every_spelling_names_a_module_of_the_language_and_one_primitive():
    seen: dict = {}
    for prim in SCALARS.values():
        for s in prim.spellings:
            module, name = s.rsplit(".", 1)
            assert module in MODULES and lookup(module, name) is prim
            assert seen.setdefault(s, prim.name) == prim.name
    # operators have no spelling of their own; numpy's function names for them do
    assert [s for s in TABLE["add"].spellings] == ["numpy.add"]
    assert not any(s.startswith("inline.") for name in ("add", "sub", "mul", "div", "neg", "mod", "floordiv")
                   for s in TABLE[name].spellings)


def test_names_lists_functions_and_constants_for_a_did_you_mean():
    assert {"square", "arcsinh", "pi", "inf", "clip"} <= set(names("numpy"))
    assert "sigmoid" not in names("numpy") and "tau" in names("math") and names("math") == sorted(names("math"))
    assert set(names("inline")) == set(FUNCTIONS) | {"pi", "e"}
    assert names("scipy.special") == ["cbrt", "digamma", "erf", "erfc", "exp2", "expit", "expm1", "gammaln", "log1p",
                                      "logsumexp", "psi", "round"]
    assert names("numpy.linalg") == ["norm"]


def test_constants_by_bare_and_qualified_spelling():
    assert CONSTANTS["pi"] == CONSTANTS["math.pi"] == CONSTANTS["numpy.pi"] == CONSTANTS["inline.pi"] == math.pi
    assert CONSTANTS["e"] == CONSTANTS["numpy.e"] == math.e and CONSTANTS["math.tau"] == math.tau
    assert CONSTANTS["math.inf"] == CONSTANTS["numpy.inf"] == np.inf
    assert "numpy.tau" not in CONSTANTS          # numpy has no tau


def test_functions_are_the_bare_inline_names():
    assert set(FUNCTIONS) == {s.split(".", 1)[1] for p in TABLE.values() for s in p.spellings
                              if s.startswith("inline.")}
    assert {"square", "cbrt", "clip", "floor", "pow", "sigmoid"} <= set(FUNCTIONS)
    assert not {"round", "mod", "floordiv", "add", "expit"} & set(FUNCTIONS)


def test_params_are_numpys_keyword_names():
    assert TABLE["sin"].params == ("x",) and TABLE["atan2"].params == ("x1", "x2")
    assert TABLE["clip"].params == ("a", "a_min", "a_max")
    # a variadic operation on whole arrays (stack) takes any number of arrays: its arity is -1
    assert all(len(p.params) == p.arity for p in TABLE.values() if not p.variadic)


def test_sympy_classes_stand_for_one_primitive_each():
    owners: dict = {}
    for prim in SCALARS.values():
        for cls in prim.sym_classes:
            assert owners.setdefault(cls, prim.name) == prim.name, cls
    x, y = sp.symbols("x y", real=True)
    for prim in SCALARS.values():      # the class named is the one the entry's sympy value is made of
        for cls in prim.sym_classes:
            # Max/Min fold to themselves; lgamma is sympy's loggamma once a number is known positive
            assert type(prim.sym(sp)(*[x, y][:prim.arity])).__name__ == cls or cls in ("Max", "Min", "loggamma"), \
                prim.name


# --- the complex step and the symbolic engine take the table's facts ----------------------

def test_the_complex_step_follows_the_analytic_newcomers():
    for text, point in [("cbrt(x) * log1p(y)", {"x": -2.5, "y": 0.4}), ("expm1(x) + exp2(y) + log2(y)",
                                                                            {"x": 0.3, "y": 1.7}),
                        ("logaddexp(x, y) * asinh(x) + atanh(y / 2) + acosh(y + 1)", {"x": 0.8, "y": 1.3}),
                        ("square(x) * deg2rad(y) + rad2deg(y)", {"x": 0.8, "y": 1.3})]:
        program = parse(text)
        point = Point.of(program, point)
        complex_step = numerical.jacobian(program, point, Meter(), method="complex").jacobian
        np.testing.assert_allclose(complex_step, reference(program, point).floats(), rtol=1e-14)
    # analytic, but numpy has no complex erfc (nor erf): the engine says so
    with pytest.raises(Unsupported, match="erfc has no complex extension here"):
        numerical.jacobian(parse("erfc(x)"), Point.of(parse("erfc(x)"), {"x": 0.8}), Meter(), method="complex")


def test_the_complex_step_refuses_what_is_not_analytic():
    analytic = {name for name, prim in TABLE.items() if prim.analytic}
    assert {"floor", "ceil", "trunc", "round", "mod", "floordiv", "fmod", "clip", "heaviside", "copysign",
            "abs", "sign", "relu", "min", "max"}.isdisjoint(analytic)
    for name in set(TABLE) - analytic:
        prim = TABLE[name]
        with pytest.raises(Unsupported, match=f"complex step needs analytic code, and {name} is not analytic"):
            numerical.ComplexAlgebra().call(prim, [complex(0.3, 1e-20)] + [0.7] * (prim.arity - 1))


def test_the_symbolic_engine_differentiates_the_piecewise_newcomers_by_the_tables_rules():
    text = "floor(x) * y + ceil(y) * trunc(x) + fmod(x, y) + heaviside(x - 1, y) + copysign(x, y) + clip(x, 0, 2) * y"
    program = parse(text)
    for values in ({"x": 1.3, "y": -0.6}, {"x": -2.4, "y": 0.7}):
        point = Point.of(program, values)
        exact = reference(program, point).floats()
        got = symbolic.jacobian(program, point, Meter())
        np.testing.assert_allclose(got.jacobian, exact, rtol=1e-14)
        np.testing.assert_allclose(got.values, evaluate(program, values, FLOAT, Meter()), rtol=1e-15)
    formulas = " ".join(str(e) for row in got.details["derivatives"] for e in row)
    assert "Derivative" not in formulas and "Subs" not in formulas


def test_sympys_unevaluated_derivatives_become_the_tables_rules():
    x, y = sp.symbols("x y", real=True)
    floordiv = TABLE["floordiv"].sym(sp)
    assert symbolic._as_real(sp.diff(sp.Mod(x, y), y)) == -floordiv(x, y)
    assert symbolic._as_real(sp.diff(sp.Mod(x, y), x)) == 1
    assert symbolic._as_real(sp.diff(TABLE["round"].sym(sp)(x * y), x)) == 0
    assert symbolic._as_real(sp.diff(sp.floor(x / y), y, 2)) == 0
    cbrt = TABLE["cbrt"].sym(sp)
    assert symbolic._as_real(sp.diff(cbrt(x ** 2), x)) == 2 * x / (3 * cbrt(x ** 2) ** 2)
    assert symbolic._as_real(sp.diff(sp.Heaviside(x, y), y)) == 1 - sp.sign(x) ** 2


def test_the_symbolic_evaluator_computes_each_sympy_class_with_its_primitive():
    x, y = sp.symbols("x y", real=True)
    calls: Counter = Counter()
    evaluator = symbolic.Evaluator({x: 1.0, y: 0.1}, calls)
    floordiv, rnd = TABLE["floordiv"].sym(sp), TABLE["round"].sym(sp)
    # 1 // 0.1 is 9 (the exact quotient is just below 10): floor(x / y) evaluated in floats would say 10
    assert evaluator(floordiv(x, y)) == 9.0 and calls["floordiv"] == 1
    assert evaluator(rnd(x * 2.5)) == 2.0 and evaluator(sp.Heaviside(x - 1)) == 0.5
    log1p = TABLE["log1p"].sym(sp)
    assert symbolic.Evaluator({x: 1e-17}, calls)(log1p(x)) == 1e-17 and calls["log1p"] == 1


# --- clip's three arguments through the float kernels of forward and reverse mode --------

@pytest.mark.parametrize("engine", ["forward", "reverse"])
def test_clip_feeding_another_primitive_in_forward_and_reverse_mode(engine):
    program = parse("clip(x, 0, 1) * y")
    got = engine_function(engine)(program, Point.of(program, {"x": 0.5, "y": 3.0}), Meter()).jacobian
    assert got == [[3.0, 0.5]]


def test_clip_with_three_recorded_arguments_in_reverse_mode():
    got = engine_function("reverse")(parse("clip(x, y, z)"), Point.of(parse("clip(x, y, z)"),
                                                                  {"x": 0.5, "y": 0.0, "z": 1.0}), Meter()).jacobian
    assert got == [[1.0, 0.0, 0.0]]


def test_clip_in_the_other_engines():
    program = parse("clip(x, y, z) + clip(x * z, 0, 1)")
    point = Point.of(program, {"x": 0.5, "y": 0.0, "z": 1.5})
    exact = reference(program, point).floats()
    assert exact == [[2.5, 0.0, 0.5]]
    np.testing.assert_allclose(symbolic.jacobian(program, point, Meter()).jacobian, exact, rtol=1e-15)
    np.testing.assert_allclose(numerical.jacobian(program, point, Meter(), method="central").jacobian, exact,
                               rtol=1e-9)
    assert engine_function("forward")(parse("clip(x, y, z)"), point, Meter()).jacobian == [[1.0, 0.0, 0.0]]
