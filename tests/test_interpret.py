"""The generic interpreter (issue 2): one traversal per evaluation, primitive calls counted by
name, loop indices kept as Python ints, branch conditions decided by the algebra, and caps that
stop runaway programs with a clear error. Values are checked against the same functions
written in plain Python."""

from __future__ import annotations

import math
from collections import Counter

import mpmath
import pytest

from diffcompare.errors import DomainError, EvaluationError, LimitError, Unsupported
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.limits import LIMITS
from diffcompare.language.frontend import parse
from diffcompare.primitives import apply, apply_real, backend
from diffcompare.language.bundled import bundled_names
from diffcompare.language.resolve import load
from diffcompare.language.point import Point


def run(function: str, **point) -> tuple[list, Meter]:
    program = load(function)
    meter = Meter()
    values = evaluate(program, {**program.default_point(), **point}, FLOAT, meter)
    return values, meter


# --- the acceptance figures ---------------------------------------------------------

def test_book_at_3_4_is_42():
    assert run("book", x=3.0, y=4.0)[0] == [42.0]
    assert run("x^2*y + y + 2", x=3.0, y=4.0)[0] == [42.0]


def test_my_func_at_02_03_is_the_books_value():
    assert run("my_func", a=0.2, b=0.3)[0] == [-0.21253923284754914]


def test_exp3_once_is_one_traversal_and_three_exp_calls():
    values, meter = run("exp3")
    assert meter.traversals == 1
    assert meter.calls == Counter({"exp": 3})
    assert meter.primitive_calls == 3
    assert values == [math.exp(math.exp(math.exp(1.0)))]


def test_my_func_once_calls_cos_100_times_and_sin_100_times():
    _, meter = run("my_func")
    assert meter.traversals == 1
    assert meter.calls["cos"] == 100 and meter.calls["sin"] == 100
    # z = a*cos(z + i) + z*sin(b - i): per trip 2 mul, 1 sub, 2 add (z + i, and the sum)
    assert meter.calls["mul"] == 200 and meter.calls["sub"] == 100
    assert meter.calls["add"] in (199, 200)      # z + 0 with z = 0 (an int) may stay integer


def test_a_meter_accumulates_traversals_over_runs():
    program, meter = load("polar"), Meter()
    for _ in range(3):
        evaluate(program, program.default_point(), FLOAT, meter)
    assert meter.traversals == 3
    assert meter.calls["tanh"] == 3 and meter.calls["sqrt"] == 3


# --- every bundled expression at its default point, against plain Python ---------------

def _rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def _polar(r, theta, phi, s):
    u = r * math.cos(theta) * math.sin(phi) + s * math.exp(-r)
    v = math.sqrt(r ** 2 + s ** 2) * math.tanh(theta - phi) + math.log(1 + s * s)
    return [u * v, u / v]


def _branch(x, y):
    z = x * y + math.sin(x) if x > 0 else x - y
    while z < 100:
        z = z * 1.5 + x
    return z


def _bvp(u):
    n, h = len(u), 1.0 / (len(u) + 1)
    return [((u[i - 1] if i > 0 else 0.0) - 2 * u[i] + (u[i + 1] if i < n - 1 else 1.0)) / h ** 2 - math.exp(u[i])
            for i in range(n)]


def _mse(theta):
    xs = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8]
    ys = [4.09, 4.43, 5.37, 5.68, 6.53, 6.85, 7.74, 8.12, 8.71, 9.52]
    return sum((theta[0] + theta[1] * xs[i] - ys[i]) ** 2 for i in range(10)) / 10


def _my_func(a, b):
    z = 0
    for i in range(100):
        z = a * math.cos(z + i) + z * math.sin(b - i)
    return z


BY_HAND = {
    "book": lambda x, y: [x ** 2 * y + y + 2],
    "exp3": lambda x: [math.exp(math.exp(math.exp(x)))],
    "my_func": lambda a, b: [_my_func(a, b)],
    "rosenbrock": lambda x: [_rosenbrock(x)],
    "polar": _polar,
    "branch": lambda x, y: [_branch(x, y)],
    "bvp": _bvp,
    "mse": lambda theta: [_mse(theta)],
}


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_expression_evaluates_at_its_default_point(name):
    program = load(name)
    point = program.default_point()
    values, meter = run(name)
    assert values and all(isinstance(v, float) and math.isfinite(v) for v in values)
    assert meter.traversals == 1 and meter.primitive_calls > 0
    if name in BY_HAND:
        assert values == pytest.approx(BY_HAND[name](**point), rel=1e-14)


def test_the_bundled_set_holds_the_issues_examples():
    assert set(BY_HAND) <= set(bundled_names())
    assert load("rosenbrock").params[0].is_vector and load("mse").params[0].is_vector
    assert len(run("polar")[0]) == 2 and Point.of(load("polar")).size == 4


# --- algebras: the interpreter is written once for every kind of number ------------------

class Recording:
    """Floats, remembering every primitive call and every comparison the interpreter asks for."""
    name = "recording"

    def __init__(self):
        self.calls: list[tuple[str, tuple]] = []
        self.comparisons: list[tuple[str, float, float]] = []

    def call(self, prim, args):
        self.calls.append((prim.name, tuple(type(a) for a in args)))
        return apply_real(prim, list(args))

    def compare(self, op, a, b):
        self.comparisons.append((op, a, b))
        return FLOAT.compare(op, a, b)


LOOPY = """
def f(x=1.5):
    s = x
    n = 4
    for i in range(n):
        j = 2 * i + 1
        k = j // 2 - i % 2
        s = s * (i + 1) + k
    if x > 1:
        s = s + 1
    return s
"""


def test_loop_indices_stay_python_ints_and_are_not_primitive_calls():
    algebra, meter = Recording(), Meter()
    assert evaluate(parse(LOOPY), {"x": 1.5}, algebra, meter) == [_loopy(1.5)]
    # only the float work is a primitive call: 4 mul and 4 add in the loop, 1 add in the branch
    assert meter.calls == Counter({"mul": 4, "add": 5})
    assert all(types != (int, int) for _, types in algebra.calls), "int arithmetic reached the algebra"
    # int-only comparisons (the loop's own) never reach the algebra; x > 1 does
    assert algebra.comparisons == [(">", 1.5, 1)]


def _loopy(x):
    s = x
    for i in range(4):
        s = s * (i + 1) + ((2 * i + 1) // 2 - i % 2)
    return s + 1 if x > 1 else s


class Refusing(Recording):
    def compare(self, op, a, b):
        raise Unsupported("this algebra cannot decide a branch")


def test_a_branch_condition_goes_through_the_algebra_which_may_refuse():
    with pytest.raises(Unsupported, match="cannot decide a branch"):
        evaluate(parse(LOOPY), {"x": 1.5}, Refusing(), Meter())
    # a program without a branch on a number runs on the same algebra
    assert evaluate(parse("x * 2"), {"x": 1.5}, Refusing(), Meter()) == [3.0]


class Formula:
    """Strings: the program written out as a formula (any object can be an algebra's number)."""
    name = "formula"

    def call(self, prim, args):
        return f"{prim.name}({', '.join(map(str, args))})"

    def compare(self, op, a, b):
        raise Unsupported("a formula has no value")


class Mp:
    """50-digit mpmath numbers through the same primitives table."""
    name = "mp"
    m = backend("mp")

    def call(self, prim, args):
        return apply(prim, args, self.m)

    def compare(self, op, a, b):
        return FLOAT.compare(op, a, b)


def test_the_same_program_runs_over_strings_and_mpmath_numbers():
    assert evaluate(load("book"), {"x": "x", "y": "y"}, Formula()) == ["add(add(mul(pow(x, 2), y), y), 2)"]
    with mpmath.workdps(50):
        values = evaluate(load("my_func"), {"a": mpmath.mpf("0.2"), "b": mpmath.mpf("0.3")}, Mp())
        # the decimal 0.2 and 0.3, not their binary floats: close to the float answer, not equal
        assert abs(values[0] - mpmath.mpf(-0.21253923284754914)) < 1e-14
        assert mpmath.mpf(values[0]).context.dps == 50


# --- short circuits: only the taken branch runs --------------------------------------

def test_conditional_expression_and_boolean_operators_evaluate_only_what_is_needed():
    _, meter = run("log(x) if x > 0 else 0.0", x=-1.0)
    assert "log" not in meter.calls
    assert run("1.0 if x < 0 or log(x) > 0 else 2.0", x=-1.0)[0] == [1.0]
    assert run("1.0 if x > 0 and log(x) > 0 else 2.0", x=-1.0)[0] == [2.0]
    assert run("1.0 if not x > 0 else log(x)", x=-1.0)[0] == [1.0]


# --- errors and caps ------------------------------------------------------------------

def test_a_domain_error_carries_its_source_position():
    with pytest.raises(DomainError) as info:
        evaluate(parse("def f(x=-1.0):\n    y = x + 1\n    return 2 * log(x)\n"), {"x": -1.0})
    assert "log(-1) is undefined" in str(info.value)
    assert info.value.where == (3, 16)


@pytest.mark.parametrize("text, message", [
    ("def f(x=-1.0):\n    if x > 0:\n        y = 1.0\n    return y\n", "'y' has no value here"),
    ("x if x else 1.0", "a condition must be a comparison"),
    ("def f(x=1.0):\n    v = [x, x]\n    return v[2]\n", "index 2 is out of range for a list of 2"),
    ("def f(x=1.0):\n    v = [x, x]\n    return v[x]\n", "an index must be a whole number, got 1.0"),
    ("def f(x=1.0):\n    v = [x, x]\n    return v + 1\n", "joins a list only with another one like it, not with a number"),
    ("def f(x=1.0):\n    for i in range(x):\n        x = x + 1\n    return x\n", "a range() bound must be a whole number, got 1.0"),
    ("def f(x=1.0):\n    return x > 0\n", "returned a comparison"),
    ("def f(x=1.0):\n    v = [[x], [x]]\n    return v\n", "must hold numbers"),
])
def test_evaluation_errors_are_clear(text, message):
    with pytest.raises(EvaluationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        program = parse(text)
        evaluate(program, program.default_point())


def test_the_operation_cap_stops_a_runaway_program_and_is_overridable(monkeypatch):
    assert LIMITS.max_operations > 0
    monkeypatch.setattr(LIMITS, "max_operations", 500)
    with pytest.raises(LimitError, match="more than 500 operations in one traversal.*max_operations"):
        run("my_func")
    monkeypatch.setattr(LIMITS, "max_operations", 10_000)
    assert run("my_func")[0] == [-0.21253923284754914]


def test_a_while_loop_without_exit_meets_the_iteration_cap(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_loop_iterations", 500)
    program = parse("def f(x=1.0):\n    while x > 0:\n        x = x + 1\n    return x\n")
    with pytest.raises(LimitError, match="the while loop ran more than 500 times") as info:
        evaluate(program, {"x": 1.0})
    assert "max_loop_iterations" in str(info.value) and "line 2" in str(info.value)


@pytest.mark.parametrize("text", [
    "def f(x=1.0):\n    for i in range(1000000000000):\n        x = x + 1\n    return x\n",
    "def f(x=1.0):\n    return sum(x for i in range(10**12))\n",
    "def f(x=1.0):\n    v = [x] * 1000000000\n    return v[0]\n",
])
def test_huge_loops_and_lists_are_refused_before_they_run(text):
    program = parse(text)
    meter = Meter()
    with pytest.raises(EvaluationError, match="limit|max_list_length|whole numbers"):
        evaluate(program, {"x": 1.0}, FLOAT, meter)
    assert meter.primitive_calls == 0          # refused up front, not after a long run


# --- the eval and list commands report what the interpreter measured ---------------------

def invoke(*args: str) -> dict:
    import json

    from click.testing import CliRunner

    from diffcompare.cli import cli
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_eval_command_gives_the_outputs_and_the_measured_counts():
    data = invoke("eval", "x^2*y + y + 2", "--at", "x=3,y=4", "--format", "json")
    assert data["values"] == [42.0] and data["traversals"] == 1
    assert data["calls"] == {"pow": 1, "mul": 1, "add": 2}
    data = invoke("eval", "rosenbrock", "--at", "x=[1,2,3]", "--format", "json")
    assert data["point"] == {"x": [1.0, 2.0, 3.0]} and data["values"] == [_rosenbrock([1.0, 2.0, 3.0])]
    data = invoke("eval", "exp3", "--format", "json")
    assert data["calls"] == {"exp": 3}


def test_list_command_describes_every_bundled_expression():
    entries = {e["name"]: e for e in invoke("list", "--format", "json")}
    assert set(entries) == set(bundled_names())
    assert entries["polar"]["n_inputs"] == 4 and entries["polar"]["n_outputs"] == 2
    assert entries["bvp"]["n_inputs"] == entries["bvp"]["n_outputs"] == 5
    assert all(e["description"] for e in entries.values())
