"""Kinks: at a point where the function is not differentiable, `diff` says so, shows the
one-sided derivatives (computed, not looked up) and explains each engine's number
(issue 7, part 4)."""

from __future__ import annotations

import json

import pytest

from diffcompare import compare
from diffcompare.analysis.kinks import check_point
from diffcompare.limits import LIMITS
from diffcompare.language.point import parse_point
from diffcompare.language.resolve import load


def run(function: str, at: dict, **kw):
    return compare(function, at=at, repeats=1, **kw)


def sides(c, name: str) -> tuple:
    """(right, left) of the partial called `name`, as numbers or the kind of their absence."""
    p = next(p for p in c.point_check.partials if p.name == name)
    show = lambda s: s.value if s.kind == "finite" else s.kind
    return show(p.right), show(p.left)


# --- the classic kinks -------------------------------------------------------------------------

def test_abs_at_zero_shows_both_sides_and_why_each_engine_says_what_it_says():
    c = run("abs(x)", {"x": 0.0})
    check = c.point_check
    assert check.kinked and check.differentiable is False
    assert sides(c, "∂f/∂x") == (1.0, -1.0)
    assert [s.what for s in check.sites] == ["abs(0)"] and check.sites[0].where == (1, 1)
    # what each engine returned, and which side that is
    assert c.engines["forward"].jacobian == [[0.0]] and c.engines["reverse"].jacobian == [[0.0]]
    assert c.engines["numerical"].jacobian == [[1.0]]           # (|h| - 0)/h
    assert c.engines["symbolic"].jacobian == [[0.0]]            # sign(0)
    assert check.matches["numerical"] == ["right"]
    assert check.matches["forward"] == check.matches["reverse"] == check.matches["symbolic"] == ["average"]
    # why: the table's convention, the forward difference's one-sidedness, sympy's sign(0)
    assert "abs'(0) = 0" in check.explanations["forward"]
    assert "forward difference" in check.explanations["numerical"]
    assert "sign(0) = 0" in check.explanations["symbolic"]
    # one number is not passed off as the derivative: no error or digits against the convention
    assert all(r.max_rel_error is None and r.correct_digits is None for r in c.engines.values())


def test_central_difference_averages_the_two_sides():
    c = run("abs(x)", {"x": 0.0}, method="central", engines="numerical")
    assert c.engines["numerical"].jacobian == [[0.0]]
    assert c.point_check.matches["numerical"] == ["average"]
    assert "averages the two sides" in c.point_check.explanations["numerical"]


def test_relu_at_zero_forward_mode_takes_the_left_side_sympy_the_average():
    c = run("relu(x)", {"x": 0.0})
    assert sides(c, "∂f/∂x") == (1.0, 0.0)
    m = c.point_check.matches
    assert m["forward"] == m["reverse"] == ["left"]        # relu'(0) = 0
    assert m["numerical"] == ["right"]
    assert m["symbolic"] == ["average"]                      # Heaviside(0) = 1/2
    assert "relu'(0) = 0" in c.point_check.explanations["reverse"]
    assert "Heaviside(0) = 1/2" in c.point_check.explanations["symbolic"]


def test_at_a_jump_the_rules_give_their_convention_and_only_a_difference_is_a_quotient():
    c = run("heaviside(x, y) + floor(z)", {"x": 0.0, "y": 0.3, "z": 2.0})
    check = c.point_check
    assert [s.what for s in check.sites] == ["heaviside(0, 0.3)", "floor(2)"]
    assert sides(c, "∂f/∂x") == ("jump", "jump") and sides(c, "∂f/∂y") == (1.0, 1.0)
    assert sides(c, "∂f/∂z") == (0.0, "jump")
    assert c.engines["forward"].jacobian == c.engines["reverse"].jacobian == [[0.0, 1.0, 0.0]]
    assert check.matches["forward"] == ["neither side", "right"]
    assert check.matches["numerical"][0] == "a quotient across a jump"
    assert "finite only because h is" not in check.explanations["forward"]
    assert "the jump is ignored" in check.explanations["reverse"]


def test_max_at_a_tie_each_argument_gets_half_and_the_sides_are_one_and_zero():
    c = run("max(x, y)", {"x": 1.0, "y": 1.0})
    assert sides(c, "∂f/∂x") == (1.0, 0.0) and sides(c, "∂f/∂y") == (1.0, 0.0)
    for name in ("forward", "reverse", "symbolic"):
        assert c.engines[name].jacobian == [[0.5, 0.5]], name
        assert c.point_check.matches[name] == ["average", "average"]
    assert c.point_check.sites[0].what == "max(1, 1)"


def test_sqrt_at_zero_the_right_slope_is_infinite_and_the_left_side_undefined():
    c = run("sqrt(x)", {"x": 0.0})
    assert sides(c, "∂f/∂x") == ("infinite", "undefined")
    p = c.point_check.partials[0]
    assert p.right.value == float("inf") and "vertical" in p.right.text
    assert "sqrt(-1e-12) is undefined" in p.left.text
    # the forward difference's 1/sqrt(h) is a finite number only because h is
    numerical = c.engines["numerical"]
    h = numerical.details["steps"][0]
    assert numerical.jacobian[0][0] == pytest.approx(h ** -0.5)
    assert c.point_check.matches["numerical"] == ["a finite quotient of an infinite slope"]
    assert "grows without bound" in c.point_check.explanations["numerical"]
    for name in ("forward", "reverse"):
        assert "sqrt is not differentiable at (0): its derivative is infinite" in c.engines[name].error


def test_sign_at_zero_is_a_jump_not_a_slope():
    c = run("sign(x)", {"x": 0.0})
    assert sides(c, "∂f/∂x") == ("jump", "jump")
    assert c.engines["forward"].jacobian == [[0.0]]
    assert "sign'(0) = 0" in c.point_check.explanations["forward"]


def test_a_branch_decided_by_a_tie_is_a_kink_too():
    c = run("x if x > 0 else -x", {"x": 0.0})
    assert [s.what for s in c.point_check.sites] == ["the comparison 0 > 0"]
    assert sides(c, "∂f/∂x") == (1.0, -1.0)
    # 0 > 0 is false: forward and reverse mode follow the else branch, -x
    assert c.engines["forward"].jacobian == [[-1.0]]
    assert c.point_check.matches["forward"] == ["left"]


def test_hypot_at_the_origin_is_a_cone():
    c = run("hypot(x, y)", {"x": 0.0, "y": 0.0})
    assert sides(c, "∂f/∂x") == (1.0, -1.0) and sides(c, "∂f/∂y") == (1.0, -1.0)


# --- computed, not assumed ---------------------------------------------------------------------

def test_one_sided_slopes_come_from_the_function_not_from_a_table():
    # a tie of two different curves: right of 2, x² wins (slope 2x = 4); left of 2, 2x wins (slope 2)
    c = run("max(2*x, x*x)", {"x": 2.0})
    assert sides(c, "∂f/∂x") == (pytest.approx(4.0, rel=1e-12), pytest.approx(2.0, rel=1e-12))
    # the table's 1/2 each gives (2 + 4)/2 = 3: the average of the sides
    assert c.engines["reverse"].jacobian[0][0] == pytest.approx(3.0)
    assert c.point_check.matches["reverse"] == ["average"]
    # a shifted, scaled kink: 3|x - 1/2| + x has slopes 4 and -2 at x = 1/2
    c = run("3*abs(x - 0.5) + x", {"x": 0.5})
    assert sides(c, "∂f/∂x") == (pytest.approx(4.0, rel=1e-12), pytest.approx(-2.0, rel=1e-12))


def test_a_kink_that_does_not_show_in_the_function_is_said_to_be_harmless():
    for function in ("x*abs(x)", "abs(x)**2", "min(x, x)"):
        c = run(function, {"x": 0.0})
        check = c.point_check
        assert check.sites and check.differentiable is True, function
        assert "the one-sided derivatives agree" in check.summary()
        # errors against the reference are measured as usual
        assert c.engines["reverse"].max_rel_error == 0.0, function


def test_no_kink_no_check():
    c = run("abs(x) + max(x, y)", {"x": 1e-3, "y": 2.0})
    assert c.point_check.sites == [] and c.point_check.differentiable is None
    assert c.engines["reverse"].correct_digits == 17.0


def test_only_the_inputs_the_kink_depends_on_are_probed():
    program = load("def f(x=[0.0, 1.0], y=2.0):\n    return abs(x[0]) + x[1]**2 * y\n")
    point = parse_point(None, program)
    check = check_point(program, point, [0, 1, 2])
    assert [p.name for p in check.partials] == ["∂f/∂x[0]"]
    assert (check.partials[0].right.value, check.partials[0].left.value) == (1.0, -1.0)


def test_the_one_sided_input_limit_is_honoured_and_said(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_one_sided_inputs", 1)
    c = run("abs(x + y + z)", {"x": 0.0, "y": 0.0, "z": 0.0})
    assert len(c.point_check.partials) == 1
    assert "max_one_sided_inputs" in c.point_check.skipped


# --- through the command line ------------------------------------------------------------------

def test_diff_marks_the_point_and_prints_both_sides(cli):
    out = cli("diff", "abs(x)", "--at", "x=0", "--repeats", "1", "--format", "markdown")
    assert out.code == 0, out.err
    text = out.out
    assert "NOT differentiable at this point" in text
    assert "| right-hand (computed) | 1.0 |" in text and "| left-hand (computed) | -1.0 |" in text
    assert "abs'(0) = 0" in text and "looks only to the right" in text


def test_diff_json_carries_the_check_and_each_engines_explanation(cli):
    out = cli("diff", "relu(x)", "--at", "x=0", "--repeats", "1", "--format", "json")
    data = json.loads(out.out)
    check = data["point_check"]
    assert check["differentiable"] is False
    assert check["one_sided"][0]["right"]["value"] == 1.0 and check["one_sided"][0]["left"]["value"] == 0.0
    assert check["sites"][0]["what"] == "relu(0)" and check["sites"][0]["line"] == 1
    assert "relu'(0) = 0" in data["engines"]["forward"]["at_this_point"]
    # the existing keys are all still there
    assert {"jacobian", "traversals", "max_rel_error", "error"} <= set(data["engines"]["forward"])


def test_forward_mode_passes_an_infinite_local_slope_when_the_tangent_into_it_is_zero():
    # sqrt(x*x) = |x|: forward mode's tangent of x*x is 2x = 0, so sqrt's infinite slope is never used
    c = run("sqrt(x*x)", {"x": 0.0})
    assert sides(c, "∂f/∂x") == (1.0, -1.0)
    assert c.engines["forward"].jacobian == [[0.0]]
    assert "flowing into sqrt(0) was 0" in c.point_check.explanations["forward"]
    assert "not differentiable" in c.engines["reverse"].error
    assert "meets an infinite one" in c.point_check.explanations["reverse"]
