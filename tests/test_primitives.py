"""The primitives table (issue 2): every derivative rule of every primitive is checked against
sympy's own derivative of the primitive's sympy counterpart -- independently of the engines --
at several points, on floats, on 50-digit mpmath numbers and on numpy arrays, and symbolically
through the sympy backend wherever sympy can simplify the difference to 0. Kinks keep the
conventions the table states."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from diffcompare.errors import DomainError
from diffcompare.primitives.table import FUNCTIONS, REAL, TABLE, apply, apply_real, backend, partial

MP = backend("mp")
ARRAY = backend("array")
SYM = backend("sym")

#: every primitive DESIGN.md names, besides the arithmetic
DESIGN_PRIMITIVES = ("sin cos tan asin acos atan atan2 sinh cosh tanh exp log log10 sqrt abs pow min max "
                     "hypot erf sigmoid softplus relu").split()

# Points inside each primitive's domain and away from its kinks (the kinks are tested below).
UNARY_POINTS = [-1.3, -0.4, 0.25, 0.9, 2.1]
POINTS = {
    "asin": [-0.8, -0.3, 0.1, 0.6], "acos": [-0.8, -0.3, 0.1, 0.6],
    "log": [0.05, 0.7, 1.0, 3.5, 40.0], "log10": [0.05, 0.7, 1.0, 3.5, 40.0], "sqrt": [0.05, 0.7, 1.0, 3.5, 40.0],
    "tan": [-1.2, -0.3, 0.4, 1.3],
    "pow": [(0.7, 1.9), (2.5, -0.6), (1.3, 3.0), (0.2, 0.5), (-1.5, 3.0), (-2.0, -2.0)],
}
BINARY_POINTS = [(0.7, 1.9), (-1.3, 0.4), (2.5, -0.6), (-0.9, -2.2)]


def points(name: str) -> list[tuple]:
    prim = TABLE[name]
    pts = POINTS.get(name, UNARY_POINTS if prim.arity == 1 else BINARY_POINTS)
    return [p if isinstance(p, tuple) else (p,) for p in pts]


def cases():
    for name, prim in TABLE.items():
        for k in range(prim.arity):
            for point in points(name):
                if name == "pow" and k == 1 and point[0] <= 0:
                    continue     # d/dy x**y = x**y log x exists only for x > 0 (the table's kink text)
                yield pytest.param(name, k, point, id=f"{name}-d{k}-{point}")


def sympy_derivative(name: str, k: int):
    """sympy's derivative of the primitive's sympy counterpart, and its symbols."""
    prim = TABLE[name]
    syms = sp.symbols(f"x0:{prim.arity}", real=True)
    return syms, sp.diff(prim.sym(sp)(*syms), syms[k])


def exact_at(expr, syms, point) -> mpmath.mpf:
    """The derivative at the point's exact binary values, to 60 digits."""
    value = expr.xreplace({s: sp.Rational(v) for s, v in zip(syms, point)}).evalf(60)
    assert value.is_real and value.is_finite, value
    return mpmath.mpf(value)


def test_the_table_holds_every_primitive_of_the_design_and_the_arithmetic():
    assert set(DESIGN_PRIMITIVES) <= set(TABLE)
    assert {"add", "sub", "mul", "div", "pow", "neg"} <= set(TABLE)
    assert set(DESIGN_PRIMITIVES) - {"pow"} <= set(FUNCTIONS)
    for prim in TABLE.values():
        assert len(prim.partials) == prim.arity, prim.name
        assert bool(prim.domain) == bool(prim.domain_text), prim.name


@pytest.mark.parametrize("name, k, point", list(cases()))
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
NOT_SIMPLIFIABLE = {"sign", "relu", "min", "max"}


@pytest.mark.parametrize("name", [n for n in TABLE if n not in NOT_SIMPLIFIABLE])
def test_rule_equals_sympys_derivative_symbolically(name):
    prim = TABLE[name]
    syms = sp.symbols(f"x0:{prim.arity}", real=True)
    out = prim.sym(sp)(*syms)
    for k in range(prim.arity):
        rule = partial(prim, k, list(syms), out, SYM)
        # the rules' float literals (1.0, 0.5) are exact; make them rationals so simplify sees them
        difference = sp.simplify(sp.nsimplify(rule, rational=True) - sp.diff(out, syms[k]))
        assert difference == 0, f"{name} d/d{syms[k]}: {rule} vs {sp.diff(out, syms[k])}"


@pytest.mark.parametrize("name", list(TABLE))
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


def test_the_kink_predicates_know_where_each_kink_sits():
    for name in ("abs", "relu", "sign", "sqrt"):
        assert TABLE[name].at_kink(0.0) and not TABLE[name].at_kink(0.5), name
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


# --- the names of primitives -----------------------------------------------------------------

def test_lookup_finds_each_spelling_and_nothing_else():
    from diffcompare.primitives import lookup
    assert lookup("numpy", "arcsin") is TABLE["asin"] and lookup("math", "asin") is TABLE["asin"]
    assert lookup("numpy", "absolute") is lookup("math", "fabs") is lookup("builtins", "abs") is TABLE["abs"]
    assert lookup("scipy.special", "expit") is TABLE["sigmoid"] and lookup("numpy", "fmax") is TABLE["max"]
    for module, name in [("numpy", "max"), ("math", "sigmoid"), ("inline", "arcsin"), ("inline", "add")]:
        assert lookup(module, name) is None, (module, name)


def test_the_complex_step_refuses_what_is_not_analytic():
    from diffcompare.engines.numerical import ComplexAlgebra
    from diffcompare.errors import Unsupported
    assert {name for name, prim in TABLE.items() if not prim.analytic} == {"abs", "sign", "relu", "min", "max"}
    with pytest.raises(Unsupported, match="complex step needs analytic code, and abs is not analytic"):
        ComplexAlgebra().call(TABLE["abs"], [complex(0.3, 1e-20)])
