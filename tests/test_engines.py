"""The four engines and the 50-digit reference (issue 3): derivatives against hand-derived and
high-precision values, traversal counts measured on generated functions against the book's
formulas, exp3's call counts, a branch on an input, seeded random expressions over the whole
primitives table, and errors that stay in their engine's cell."""

from __future__ import annotations

import math
import random

import mpmath
import pytest
from conftest import NO_RULE, scalar_primitives

from diffcompare import compare
from diffcompare.engines import ENGINES, engine_function
from diffcompare.engines.numerical import STEP
from diffcompare.errors import DiffcompareError, DomainError
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.analysis.measure import relative_error, run_engine
from diffcompare.language.frontend import parse
from diffcompare.primitives import FUNCTIONS, TABLE, apply_real
from diffcompare.engines.reference import Reference, crosscheck, reference
from diffcompare.language.resolve import load
from diffcompare.language.point import Point

FAST = dict(repeats=1)


def close(jac, expected, rel):
    return relative_error(jac, expected) <= rel


# --- the book's worked example -----------------------------------------------------------

def test_book_every_engine_gives_24_and_10():
    c = compare("book", at={"x": 3, "y": 4}, **FAST)
    assert c.values == [42.0]
    assert c.reference.floats() == [[24.0, 10.0]] and c.reference.digits == 50
    assert c.reference.crosscheck.startswith("agrees with sympy")
    for name in ENGINES:
        r = c.engines[name]
        assert r.error is None and r.supported, name
        assert close(r.jacobian, [[24.0, 10.0]], 1e-6), name
    # numerical differentiation is the table's "Low": about 1e-8; the others "High"
    assert 1e-11 <= c.engines["numerical"].max_rel_error <= 1e-6
    for name in ("symbolic", "forward", "reverse"):
        assert c.engines[name].max_rel_error < 1e-14, name
    assert c.engines["numerical"].correct_digits == pytest.approx(-math.log10(c.engines["numerical"].max_rel_error))
    # two inputs, one output: n + 1 = 3, n = 2, m + 1 = 2
    assert [c.engines[e].traversals for e in ("numerical", "forward", "reverse")] == [3, 2, 2]


@pytest.mark.parametrize("method, worst", [("forward", 1e-6), ("central", 1e-9), ("complex", 1e-14),
                                           ("richardson", 1e-10)])
def test_book_with_every_finite_difference_method(method, worst):
    c = compare("book", engines="numerical", method=method, **FAST)
    r = c.engines["numerical"]
    assert r.details["method"] == method
    assert r.max_rel_error <= worst
    if method == "richardson":      # its own error estimate is of the size of its error
        assert 0 < r.details["error_estimate"] < 1e-8


def test_the_default_step_is_scaled_to_the_point():
    c = compare("book", at={"x": 3, "y": 0.5}, engines="numerical", **FAST)
    # about sqrt(machine eps) * max(1, |x|): 3 sqrt(eps) for x = 3, sqrt(eps) for y = 0.5
    assert c.engines["numerical"].details["steps"] == [3 * STEP["forward"], STEP["forward"]]
    assert STEP["forward"] == pytest.approx(2.0 ** -26)
    central = compare("book", at={"x": 3, "y": 0.5}, engines="numerical", method="central", **FAST)
    assert central.engines["numerical"].details["steps"] == [3 * STEP["central"], STEP["central"]]


@pytest.mark.parametrize("text, reason", [
    ("abs(x) * 2", "complex step needs analytic code, and abs is not analytic"),
    ("x if x > 0 else -x", "complex step cannot follow a comparison on the perturbed input"),
])
def test_complex_step_refuses_code_that_is_not_analytic(text, reason):
    r = compare(text, at={"x": 0.5}, engines="numerical,forward", method="complex", **FAST).engines
    assert not r["numerical"].supported and reason in r["numerical"].error
    assert r["forward"].jacobian is not None


def test_a_given_step_is_the_step_taken():
    default = compare("book", engines="numerical", **FAST).engines["numerical"]
    coarse = compare("book", engines="numerical", step=1e-3, **FAST).engines["numerical"]
    assert coarse.details["steps"] == [1e-3, 1e-3]
    # truncation error h/2 |f_xx| = 1e-3 / 2 * 2y = 4e-3 on df/dx = 24
    assert coarse.jacobian[0][0] == pytest.approx(24.004, abs=1e-9)
    assert coarse.max_rel_error > 100 * default.max_rel_error


def test_wrt_differentiates_only_the_inputs_asked_for():
    c = compare("book", wrt="y", **FAST)
    assert c.wrt_names == ["y"]
    assert c.engines["reverse"].jacobian == [[10.0]] and c.engines["forward"].jacobian == [[10.0]]
    assert c.engines["numerical"].traversals == 2 and c.engines["forward"].traversals == 1


# --- my_func: the book's "arbitrary code" --------------------------------------------------

MY_FUNC_GRADIENT = [[-1.138859682365425, 0.1967160324549639]]


def test_my_func_forward_reverse_and_reference_agree_to_14_digits():
    c = compare("my_func", at={"a": 0.2, "b": 0.3}, engines="numerical,symbolic,forward,reverse", **FAST)
    assert c.values == pytest.approx([-0.21253923284754914], rel=1e-15)
    assert close(c.reference.floats(), MY_FUNC_GRADIENT, 1e-14)
    for name in ("forward", "reverse"):
        assert close(c.engines[name].jacobian, MY_FUNC_GRADIENT, 1e-14), name
        assert c.engines[name].correct_digits >= 14, name
    assert c.engines["numerical"].max_rel_error < 1e-6
    symbolic = c.engines["symbolic"]
    if symbolic.jacobian is not None:            # allowed: sympy got it right
        assert close(symbolic.jacobian, MY_FUNC_GRADIENT, 1e-12)
    else:                                        # or it stopped at its cap, saying why
        assert not symbolic.supported
        assert "expression too large" in symbolic.error and "nodes after" in symbolic.error
        assert "max_symbolic_nodes" in symbolic.error
        assert "not available" in c.reference.crosscheck


# --- traversals, measured on generated functions ------------------------------------------

def generated(n: int, m: int, vector: bool) -> str:
    """A function of n inputs and m outputs in which every output depends on every input,
    as an inline expression (scalars) or a def with one vector parameter and loops."""
    if vector:
        start = ", ".join(f"{0.1 + 0.05 * i:.2f}" for i in range(n))
        return (f"def gen(x=[{start}]):\n"
                f"    n = len(x)\n"
                f"    out = [0.0] * {m}\n"
                f"    for j in range({m}):\n"
                f"        for i in range(n):\n"
                f"            out[j] = out[j] + sin((j + 1) * x[i]) * x[(i + j) % n]\n"
                f"    return out\n")
    return ", ".join(" + ".join(f"sin({j + 1} * x{i}) * x{(i + j) % n}" for i in range(n)) for j in range(m))


EXPECTED_TRAVERSALS = {           # the book's formulas (and those of the other methods)
    ("numerical", "forward"): lambda n, m: n + 1,
    ("numerical", "central"): lambda n, m: 2 * n,
    ("numerical", "complex"): lambda n, m: n,
    ("numerical", "richardson"): lambda n, m: 4 * n,
    ("forward", None): lambda n, m: n,
    ("reverse", None): lambda n, m: m + 1,
}


@pytest.mark.parametrize("n", [1, 2, 5, 20])
@pytest.mark.parametrize("m", [1, 3])
@pytest.mark.parametrize("vector", [False, True], ids=["scalars", "vector"])
def test_measured_traversals_match_the_formulas(n, m, vector):
    text = generated(n, m, vector)
    program = parse(text)
    point = Point.of(program)
    if not vector:
        point = Point.of(program, {name: 0.1 + 0.05 * i for i, name in enumerate(sorted(point.names))})
    # n and m come from the function itself, never from an engine
    n_inputs = point.size
    m_outputs = len(evaluate(program, point.inputs(), FLOAT, Meter()))
    assert (n_inputs, m_outputs) == (n, m)
    ref = reference(program, point).floats()
    for (engine, method), formula in EXPECTED_TRAVERSALS.items():
        options = {"method": method} if method else {}
        r = run_engine(engine, program, point, None, options, repeats=1)
        assert r.error is None, (engine, method, r.error)
        assert r.traversals == formula(n_inputs, m_outputs), (engine, method)
        accuracy = 1e-5 if method == "forward" else 1e-8 if method else 1e-13
        assert relative_error(r.jacobian, ref) <= accuracy, (engine, method)


def test_reverse_mode_accumulates_adjoints_of_values_used_several_times():
    # x is used four times and y = x*x is used twice: d/dx (x*x)*(x*x) + x = 4x^3 + 1
    program = parse("def f(x=1.5):\n    y = x * x\n    return y * y + x\n")
    d = engine_function("reverse")(program, Point.of(program, {"x": 1.5}), Meter())
    assert d.jacobian == [[4 * 1.5 ** 3 + 1]]


# --- exp3: the book's 9 calls against 3 ----------------------------------------------------

def test_exp3_autodiff_calls_exp_three_times_per_traversal():
    program = load("exp3")
    point = Point.of(program)
    x = point.as_dict()["x"]
    exact = math.exp(x) * math.exp(math.exp(x)) * math.exp(math.exp(math.exp(x)))
    forward = run_engine("forward", program, point, None, repeats=1)
    assert forward.traversals == 1 and forward.calls == {"exp": 3}
    reverse = run_engine("reverse", program, point, None, repeats=1)
    # one forward traversal records the tape (3 exp calls), one backward sweep calls no primitive
    assert reverse.traversals == 2 and reverse.calls == {"exp": 3}
    for r in (forward, reverse):
        assert r.jacobian[0][0] == pytest.approx(exact, rel=1e-14)


def test_exp3_symbolic_derivative_calls_exp_nine_times_as_written_and_three_after_cse():
    program = load("exp3")
    point = Point.of(program)
    symbolic = engine_function("symbolic")
    written = symbolic(program, point, Meter(), as_written=True)
    shared = symbolic(program, point, Meter())
    # f = exp(exp(exp(x))) and f' = exp(x) exp(exp(x)) exp(exp(exp(x))) evaluated as written:
    # 3 + (1 + 2 + 3) = 9 calls of exp; with common subexpressions computed once, 3
    assert written.details["calls_evaluated"]["exp"] == 9
    assert shared.details["calls_evaluated"]["exp"] == 3
    assert close(written.jacobian, shared.jacobian, 1e-15)
    assert shared.details["ops_cse"] < shared.details["ops_raw"]
    assert shared.details["derive_s"] >= 0 and shared.details["evaluate_s"] >= 0


# --- a branch on an input ------------------------------------------------------------------

def branch_by_hand(x: float, y: float) -> list[list[float]]:
    """branch.py differentiated by hand. The first branch gives z0 = x y + sin x, the other
    z0 = x - y; each trip z -> 1.5 z + x, so after k trips z = 1.5^k (z0 + 2x) - 2x and
    dz/dx = 1.5^k (dz0/dx + 2) - 2, dz/dy = 1.5^k dz0/dy. k is the trip count at this point."""
    z0, dx0, dy0 = (x * y + math.sin(x), y + math.cos(x), x) if x > 0 else (x - y, 1.0, -1.0)
    z, k = z0, 0
    while z < 100:
        z, k = z * 1.5 + x, k + 1
    return [[1.5 ** k * (dx0 + 2) - 2, 1.5 ** k * dy0]]


@pytest.mark.parametrize("x, y", [(0.5, 2.0), (-0.5, -3.0)])
def test_branch_program_numerical_forward_reverse_are_right_and_symbolic_refuses(x, y):
    c = compare("branch", at={"x": x, "y": y}, **FAST)
    expected = branch_by_hand(x, y)
    assert close(c.reference.floats(), expected, 1e-14)
    assert close(c.engines["forward"].jacobian, expected, 1e-14)
    assert close(c.engines["reverse"].jacobian, expected, 1e-14)
    assert close(c.engines["numerical"].jacobian, expected, 1e-6)
    symbolic = c.engines["symbolic"]
    assert symbolic.jacobian is None and not symbolic.supported
    assert "a branch depends on the input x" in symbolic.error


# --- kinks through the engines -------------------------------------------------------------

@pytest.mark.parametrize("text, at, expected", [
    ("abs(x)", {"x": 0.0}, [[0.0]]),
    ("relu(x)", {"x": 0.0}, [[0.0]]),
    ("min(x, y)", {"x": 1.0, "y": 1.0}, [[0.5, 0.5]]),
    ("max(x, y)", {"x": 1.0, "y": 1.0}, [[0.5, 0.5]]),
])
def test_autodiff_and_reference_keep_the_tables_kink_conventions(text, at, expected):
    c = compare(text, at=at, engines="forward,reverse", **FAST)
    assert c.reference.floats() == expected
    assert c.engines["forward"].jacobian == expected and c.engines["reverse"].jacobian == expected


def test_sqrt_at_zero_is_an_infinite_slope_reported_not_a_number():
    c = compare("sqrt(x)", at={"x": 0.0}, **FAST)
    assert "sqrt is not differentiable at (0)" in c.reference_error
    for name in ("forward", "reverse"):
        assert c.engines[name].jacobian is None and "not differentiable" in c.engines[name].error
    assert c.engines["symbolic"].error is not None
    assert c.engines["numerical"].max_rel_error is None      # no reference to judge it by


# --- errors are data -----------------------------------------------------------------------

@pytest.mark.parametrize("text, at, message", [
    ("log(x) + y", {"x": -1.0, "y": 2.0}, "log(-1) is undefined"),
    ("x / y", {"x": 1.0, "y": 0.0}, "div(1, 0) is undefined"),
    ("exp(x) * 10", {"x": 709.0}, "overflows a float"),
])
def test_a_domain_error_lands_in_every_engines_cell(text, at, message):
    c = compare(text, at=at, **FAST)
    assert set(c.engines) == set(ENGINES)
    assert c.reference is None and c.reference_error
    for name, r in c.engines.items():
        assert r.jacobian is None and message in r.error, name
        assert r.supported, f"{name}: a domain error is not a refusal of the program"


def test_a_power_of_a_negative_base_differentiated_in_its_exponent_is_an_error_everywhere():
    # (-2)**y is real only at whole y: d/dy is undefined. mpmath would answer log(-2) with a
    # complex number; the reference must report the domain error as the float engines do.
    c = compare("x^y", at={"x": -2.0, "y": 2.0}, **FAST)
    assert "the derivative of pow is undefined at (-2, 2)" in c.reference_error
    for name in ("forward", "reverse"):
        assert "the derivative of pow is undefined at (-2, 2)" in c.engines[name].error
    assert all(r.jacobian is None for r in c.engines.values())
    # in x alone it is fine: d/dx x^2 = 2x
    assert compare("x^y", at={"x": -2.0, "y": 2.0}, wrt="x", **FAST).reference.floats() == [[-4.0]]


def test_one_engine_refusing_leaves_the_others_running():
    c = compare("abs(x) + x", at={"x": 0.5}, method="complex", **FAST)
    numerical = c.engines["numerical"]
    assert not numerical.supported and "complex step needs analytic code" in numerical.error
    for name in ("symbolic", "forward", "reverse"):
        assert c.engines[name].jacobian == [[2.0]] and c.engines[name].max_rel_error == 0.0


def test_the_reference_crosscheck_reports_agreement_and_disagreement():
    for name in ("book", "polar", "exp3", "rosenbrock"):
        assert compare(name, engines="forward", check_with_sympy=True, **FAST).reference.crosscheck.startswith(
            "agrees with sympy"), name
    program = load("book")
    point = Point.of(program)
    with mpmath.workdps(60):
        wrong = Reference([mpmath.mpf(42)], [[mpmath.mpf(24) * (1 + mpmath.mpf(10) ** -25), mpmath.mpf(10)]])
    verdict = crosscheck(wrong, program, point)
    assert verdict.startswith("disagrees"), verdict
    assert "not available" in crosscheck(reference(load("branch"), Point.of(load("branch"))),
                                         load("branch"), Point.of(load("branch")))


# --- the symbolic engine on kinked functions of non-trivial arguments ------------------------

@pytest.mark.parametrize("text, x, slope", [
    ("sign(asin(x))", 0.3, 0.0),
    ("sign(log(x)) * x", 2.0, 1.0),
    ("abs(asin(x))", 0.3, 1 / math.sqrt(1 - 0.09)),
    ("abs(acos(x))", 0.3, -1 / math.sqrt(1 - 0.09)),
    ("abs(log(x))", 0.5, -2.0),
])
def test_symbolic_differentiates_sign_and_abs_of_expressions_sympy_cannot_prove_real(text, x, slope):
    d = engine_function("symbolic")(parse(text), Point.of(parse(text), {"x": x}), Meter())
    assert d.jacobian[0][0] == pytest.approx(slope, rel=1e-14, abs=1e-300)


# --- randomized: seeded expressions over the whole primitives table --------------------------

INFIX = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


def well_placed(name: str, args: list[float]) -> bool:
    """The margins that keep a random expression well scaled: each primitive's arguments stay
    clear of its domain's edge, its poles and its kinks, and exp-like growth stays small."""
    x, y = args[0], args[-1]
    return {
        "log": x > 0.2, "log10": x > 0.2, "sqrt": x > 0.2, "asin": abs(x) < 0.8, "acos": abs(x) < 0.8,
        "div": abs(y) > 0.2, "pow": x > 0.2 and abs(y) < 3, "tan": abs(math.cos(x)) > 0.3,
        "abs": abs(x) > 0.05, "sign": abs(x) > 0.05, "relu": abs(x) > 0.05,
        "min": abs(x - y) > 0.05, "max": abs(x - y) > 0.05,
        "atan2": math.hypot(x, y) > 0.2 and not (y < 0 and abs(x) < 0.1),   # atan2(x, y): the cut at y < 0
        "hypot": math.hypot(x, y) > 0.2, "exp": abs(x) < 4, "sinh": abs(x) < 4, "cosh": abs(x) < 4,
        "log1p": x > -0.8, "log2": x > 0.2, "acosh": x > 1.2, "atanh": abs(x) < 0.8, "cbrt": abs(x) > 0.2,
        "expm1": abs(x) < 4, "exp2": abs(x) < 4, "heaviside": abs(x) > 0.05, "rad2deg": abs(x) < 0.1,
        "copysign": abs(x) > 0.05 and abs(y) > 0.05,
        "floor": _off_whole(x), "ceil": _off_whole(x), "trunc": _off_whole(x), "round": _off_whole(x - 0.5),
        "fmod": abs(y) > 0.2 and _off_whole(x / y),
    }.get(name, True)


def _off_whole(x: float) -> bool:
    return abs(x - round(x)) > 0.05


#: the primitives an inline expression can reach, by a bare name or an operator; clip aside, whose
#: three arguments the float kernels of forward and reverse mode do not take yet (test_primitives)
ROOTS = sorted(name for name in TABLE if (name in FUNCTIONS or name in INFIX or name == "neg") and name != "clip")


class WellPlaced:
    """Floats that refuse any primitive call outside the margins, or any value beyond 100."""
    name = "well placed"

    def call(self, prim, args):
        if not well_placed(prim.name, list(args)):
            raise DomainError(f"{prim.name} too close to an edge")
        out = apply_real(prim, list(args))
        if abs(out) > 100:
            raise DomainError("too large")
        return out

    def compare(self, op, a, b):
        return FLOAT.compare(op, a, b)


def random_expression(rng: random.Random, names: list[str], depth: int, root: str | None = None) -> str:
    if root is None:
        if depth == 0 or rng.random() < 0.25:
            return rng.choice(names) if rng.random() < 0.7 else repr(round(rng.uniform(0.5, 2.0), 2))
        root = rng.choice(ROOTS)
    args = [random_expression(rng, names, depth - 1) for _ in range(TABLE[root].arity)]
    if root in INFIX:
        return f"({args[0]} {INFIX[root]} {args[1]})"
    if root == "neg":
        return f"(-{args[0]})"
    if root == "pow":
        return f"({args[0]} {rng.choice(['^', '**'])} {args[1]})"
    return f"{root}({', '.join(args)})"


def random_case(rng: random.Random, root: str):
    """An expression whose first output applies `root` to random subexpressions, with 1 to 3
    inputs and 1 or 2 outputs, at a random point where every call is well placed (redrawn
    until it is)."""
    while True:
        names = [f"x{i}" for i in range(rng.randint(1, 3))]
        text = ", ".join(random_expression(rng, names, 3, root if k == 0 else None)
                         for k in range(rng.randint(1, 2)))
        program = parse(text)
        if not program.params:
            continue
        point = Point.of(program, {p.name: round(rng.uniform(-1.5, 1.5), 3) for p in program.params})
        try:
            evaluate(program, point.inputs(), WellPlaced())
        except DiffcompareError:
            continue
        return text, program, point


def test_random_expressions_every_engine_agrees_with_the_reference():
    """Forward, reverse and symbolic within 1e-12 of the 50-digit reference; forward
    differences within 1e-5. The numerical bound holds because WellPlaced keeps every
    argument clear of edges, poles and kinks and every value within 100, so the curvature
    the step sees is bounded: its error, about 1e-8 (|f| + |f''|) / max|J|, stays small. Where
    the Jacobian is nearly zero (sign(...) has slope 0) a relative error means nothing, so the
    numerical error is measured against max(max|J|, 1e-2)."""
    rng = random.Random(20240601)
    roots = ROOTS * 4
    for root in roots:
        text, program, point = random_case(rng, root)
        ref = reference(program, point).floats()
        for name in ENGINES:
            d = engine_function(name)(program, point, Meter())
            if name == "numerical":
                scale = max(max(abs(v) for row in ref for v in row), 1e-2)
                error = max(abs(a - b) for ra, rb in zip(d.jacobian, ref) for a, b in zip(ra, rb)) / scale
                assert error <= 1e-5, (text, point, name, error)
            else:
                error = relative_error(d.jacobian, ref)
                assert error <= 1e-12, (text, point, name, error)
    assert set(scalar_primitives()) - set(roots) == {"mod", "floordiv", "round", "clip"} | NO_RULE
