"""Domain edges: every engine's cell states the problem in words, and no NaN or inf
reaches a reader without a reason beside it (issue 7, part 3)."""

from __future__ import annotations

import math
import re

import pytest

from diffcompare import compare
from diffcompare.errors import DomainError, ParseError
from diffcompare.interpreter import FLOAT, evaluate
from diffcompare.language.frontend import parse
from diffcompare.primitives import TABLE, apply_real
from diffcompare.language.resolve import load

ENGINES = ("numerical", "symbolic", "forward", "reverse")


def run(function: str, at: dict, **kw):
    return compare(function, at=at, repeats=1, **kw)


def assert_finite_or_explained(c) -> None:
    """Every number shown is finite; where an engine has none, its error says why in words."""
    for name, r in c.engines.items():
        if r.jacobian is not None and r.error is None:
            assert all(math.isfinite(v) for row in r.jacobian for v in row), name
        else:
            assert r.error and len(r.error) > 20, (name, r.error)
    if c.values is not None:
        assert all(math.isfinite(v) for v in c.values)
    if c.reference is not None:
        assert all(math.isfinite(v) for row in c.reference.floats() for v in row)


# --- the value itself is undefined: every engine says which operation and why --------------

@pytest.mark.parametrize("function, at, words", [
    ("log(x)", {"x": 0.0}, "log(0) is undefined: log needs x > 0"),
    ("log(x)", {"x": -1.0}, "log(-1) is undefined: log needs x > 0"),
    ("1/x", {"x": 0.0}, "div(1, 0) is undefined: div needs a non-zero divisor"),
    ("x/y", {"x": 1.0, "y": 0.0}, "div(1, 0) is undefined: div needs a non-zero divisor"),
    ("x**0.5", {"x": -1.0}, "is undefined"),
    ("x**y", {"x": -8.0, "y": 1 / 3}, "pow needs x > 0, or x = 0 with y >= 0, or x < 0 with an integer y"),
    ("asin(x)", {"x": 2.0}, "asin(2) is undefined: asin needs -1 <= x <= 1"),
])
def test_undefined_value_is_stated_in_words_by_every_engine(function, at, words):
    c = run(function, at)
    assert c.reference is None and words.split(" is ")[0].split("(")[0] in c.reference_error
    for name in ENGINES:
        r = c.engines[name]
        assert r.jacobian is None or r.error, name
        assert "undefined" in r.error, (name, r.error)
    # the interpreter-driven engines name the very same operation as the reference
    for name in ("forward", "reverse"):
        assert words in c.engines[name].error
    assert_finite_or_explained(c)


def test_division_is_not_mistaken_for_a_path():
    # `1/x` used to be taken for a file name and failed with "no such file"
    program = load("1/x")
    assert program.inline and [p.name for p in program.params] == ["x"]
    assert evaluate(program, {"x": 4.0}) == [0.25]


# --- overflow: the float range ends, the message says so ------------------------------------

def test_exp_1000_overflows_in_every_engine_and_no_inf_is_shown():
    c = run("exp(x)", {"x": 1000.0})
    for name in ENGINES:
        assert "exp(1000) overflows a float" in c.engines[name].error, name
    # the 50-digit reference knows the value (about 1.97e434) but a float cannot hold it
    assert c.reference is None and "beyond the float range" in c.reference_error
    assert_finite_or_explained(c)


def test_float_arithmetic_overflow_is_an_error_not_a_silent_inf():
    with pytest.raises(DomainError, match=r"mul\(1e\+308, 10\) overflows a float"):
        apply_real(TABLE["mul"], [1e308, 10.0])
    c = run("x*1e308*10", {"x": 1.0})
    for name in ENGINES:
        # sympy holds 1e308*10 exactly; its evaluation to a float then fails
        assert re.search("overflows a float|is beyond the float range", c.engines[name].error), name
    assert_finite_or_explained(c)


def test_a_literal_beyond_the_float_range_is_refused_by_the_parser():
    with pytest.raises(ParseError, match="1e400 is too large for a float"):
        parse("1e400*x")
    with pytest.raises(ParseError, match="too large for a float"):
        parse("def f(x=1e999):\n    return x\n")


# --- 0**0 and friends --------------------------------------------------------------------------

def test_x_to_the_zero_has_slope_zero_even_at_zero():
    # x**0 == 1 for every x; the rule y*x**(y-1) would compute 0 * 0**-1 and fail
    c = run("x**0", {"x": 0.0})
    assert c.values == [1.0]
    for name in ENGINES:
        assert c.engines[name].jacobian == [[0.0]], (name, c.engines[name].error)


def test_whole_number_powers_of_literals_stay_whole():
    # so range(10**10) meets the loop limit instead of "range() needs whole numbers, got 1e10"
    assert evaluate(parse("x + 2**40"), {"x": 0.0}, FLOAT) == [2.0 ** 40]
    assert evaluate(parse("(-2)**3 + 2**-1 + x"), {"x": 0.0}, FLOAT) == [-7.5]


# --- an infinite local slope multiplied by zero -------------------------------------------------

@pytest.mark.parametrize("function, at, slope", [
    ("sqrt(x - x) + x", {"x": 1.0}, 1.0),      # sqrt'(0) is infinite, but x - x never moves
    ("acos(x / x)", {"x": 2.0}, 0.0),          # acos'(1) is infinite, but x / x is constant
])
def test_an_engine_that_stops_where_the_function_is_differentiable_is_explained(function, at, slope):
    c = run(function, at)
    # the reference and forward mode skip a rule whose tangent is 0; the value is exact
    assert c.reference.floats() == [[slope]] and c.engines["forward"].jacobian == [[slope]]
    check = c.point_check
    assert check.differentiable is True and [p.right.value for p in check.partials] == [slope]
    # reverse mode computes every local partial while recording, so it meets the infinite one
    reverse = c.engines["reverse"]
    assert "not differentiable" in reverse.error
    assert "the function is differentiable here" in check.explanations["reverse"]
    assert "even where the chain rule would multiply it by 0" in check.explanations["reverse"]


@pytest.mark.parametrize("function, at, words", [
    ("log(-1.58) + x", {"x": 1.0}, "log(-1.58) is undefined: log needs x > 0"),
    ("sqrt(-2) * x", {"x": 1.0}, "sqrt(-2) is undefined: sqrt needs x >= 0"),
    ("tanh(x) / (x - x)", {"x": 0.5}, "div(tanh(x), 0) is undefined: div needs a non-zero divisor"),
])
def test_sympy_does_not_turn_a_domain_error_into_a_complex_number(function, at, words):
    # sympy makes log(-1.58) into log(79/50) + I*pi and x - x into 0 (so tanh(x)/0 is zoo);
    # the symbolic engine says what a real function would say, not "cannot evaluate ImaginaryUnit"
    r = run(function, at).engines["symbolic"]
    assert r.supported and words in r.error


def test_a_domain_message_never_rounds_its_argument_into_the_domain():
    # asin(1.0000000149) is outside [-1, 1]; six digits would print an innocent asin(1)
    with pytest.raises(DomainError, match=r"asin\(1\.0000000149\) is undefined: asin needs -1 <= x <= 1"):
        apply_real(TABLE["asin"], [1.0000000149])
    with pytest.raises(DomainError, match=r"log\(-1\) is undefined"):      # short where short is exact
        apply_real(TABLE["log"], [-1.0])


@pytest.mark.parametrize("at, words", [
    ({"x": 0.0, "y": 0.0}, "the exact derivative is -inf here"),          # d/dy 0**y = 0**y log 0
    ({"x": 2.0, "y": 2000.0}, "is beyond the float range"),               # 2**2000 ~ 1.15e602
])
def test_a_reference_a_float_cannot_hold_is_said_in_words(at, words):
    c = run("x**y", at)
    assert c.reference is None and words in c.reference_error
    assert_finite_or_explained(c)


def test_zero_to_the_zero_each_engine_states_the_problem():
    # 0**0 = 1, but 0**y jumps from 1 to 0 as y leaves 0 upwards and is undefined below it
    c = run("x**y", {"x": 0.0, "y": 0.0})
    assert c.values == [1.0]
    check = c.point_check
    assert check.kinked and [s.what for s in check.sites] == ["pow(0, 0)"]
    dy = next(p for p in check.partials if p.name == "∂f/∂y")
    assert (dy.right.kind, dy.left.kind) == ("jump", "undefined")
    dx = next(p for p in check.partials if p.name == "∂f/∂x")
    assert dx.agree and dx.right.value == 0.0                 # x**0 is 1 on both sides
    # the forward difference's -1/h is named for what it is; the others stop, in words
    numerical = c.engines["numerical"]
    assert numerical.jacobian[0][1] == pytest.approx(-1 / numerical.details["steps"][1])
    assert "a quotient across a jump" in check.explanations["numerical"]
    for name in ("symbolic", "forward", "reverse"):
        assert "undefined" in c.engines[name].error, name
    assert "-inf here" in c.reference_error
    assert_finite_or_explained(c)
