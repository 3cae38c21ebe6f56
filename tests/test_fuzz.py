"""Fuzzing (issue 7, part 2).

1. Random text and random token sequences never raise anything but the project's own
   errors (`DiffcompareError`): not from the parser, not from running what parsed, not
   from differentiating it.
2. Seeded random expressions: every engine agrees with the 50-digit reference, or every
   engine reports the same domain error.
"""

from __future__ import annotations

import math
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diffcompare import compare
from diffcompare.errors import DiffcompareError
from diffcompare.interpreter import FLOAT, evaluate
from diffcompare.limits import LIMITS
from diffcompare.language.frontend import parse
from diffcompare.primitives import FUNCTIONS
from diffcompare.language.point import parse_point

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

TOKENS = (
    ["x", "y", "i", "n", "pi", "e", "0", "1", "2", "0.5", "1e3", "10", "1e-300", "1e308", "00", "1_0", "0x1f"]
    + ["+", "-", "*", "/", "**", "^", "//", "%", "<", "<=", "==", "!=", ">", "and", "or", "not", "if", "else"]
    + ["(", ")", "[", "]", ",", ":", ".", ";", "=", ":=", "@", "~", "{", "}", "'", '"', "f'", "\\", "\n", "\t", "#"]
    + list(FUNCTIONS) + ["sum", "len", "range", "for", "in", "float", "np.", "math.", "numpy."]
    + ["def", "return", "while", "lambda", "import", "__import__", "exec", "eval", "__class__", "None", "True"]
)
HEADS = ["", "def f(x=1.0, y=[1.0, 2.0]):\n    return ", "def f(x):\n    z = ", "def f(x=0.5):\n    for i in range("]


def _run_everything(text: str) -> None:
    """Parse; if it parses, evaluate and differentiate at its default point. Only our errors may escape."""
    try:
        program = parse(text)
        if _not_run_yet(program):
            return
        point = parse_point(None, program)
        evaluate(program, point.inputs(), FLOAT)
        compare(program, at=None, engines="numerical,forward,reverse", repeats=1, check_with_sympy=False)
    except DiffcompareError as exc:
        assert str(exc)          # and it says something


def _not_run_yet(program) -> bool:
    """The front end reads numpy's Builtins (`~m`, `a & b`, np.zeros ...) before this branch's
    interpreter runs them (the arrays interpreter lands in parallel): such a program is only
    parsed here. Once the interpreter knows every Builtin, this is always False."""
    from diffcompare.interpreter.builtins import BUILTINS
    from diffcompare.language import ir
    return any(type(node) is ir.Builtin and node.name not in BUILTINS for body in program.bodies()
               for node in ir.walk(body))


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    # random loops and lists stay quick: the limits themselves are what is being exercised
    monkeypatch.setattr(LIMITS, "max_loop_iterations", 2_000)
    monkeypatch.setattr(LIMITS, "max_list_length", 2_000)
    monkeypatch.setattr(LIMITS, "max_operations", 50_000)


@FUZZ
@given(st.text(max_size=80))
def test_random_text_raises_only_our_errors(text):
    _run_everything(text)


@FUZZ
@given(st.text(alphabet="xy0123456789.+-*/^()[],<=>!= \n\tsincoexpqrtlgabd_", max_size=60))
def test_random_text_from_the_languages_alphabet_raises_only_our_errors(text):
    _run_everything(text)


@FUZZ
@given(st.sampled_from(HEADS), st.lists(st.sampled_from(TOKENS), max_size=14), st.sampled_from([" ", ""]))
def test_random_token_sequences_raise_only_our_errors(head, tokens, glue):
    _run_everything(head + glue.join(tokens))


# --- seeded random expressions: agree, or fail the same way -----------------------------------

SAFE_UNARY = ["sin", "cos", "atan", "tanh", "exp", "sigmoid", "softplus", "erf", "sinh"]
DOMAIN_UNARY = ["log", "sqrt", "asin", "acos", "log10"]           # may leave their domain
BINARY = ["+", "-", "*", "/", "**"]


def random_expression(rng: random.Random, depth: int, root: bool = True) -> str:
    """A random expression in x, y, z from the language's primitives (so a domain error can happen)."""
    if depth == 0 or (not root and rng.random() < 0.25):
        return rng.choice(["x", "y", "z", "x", "y", f"{rng.uniform(-2, 2):.3g}"])
    kind = rng.random()
    if kind < 0.35:
        name = rng.choice(SAFE_UNARY if rng.random() < 0.6 else DOMAIN_UNARY)
        inner = random_expression(rng, depth - 1, False)
        return f"{name}({inner})" if name not in ("exp", "sinh") else f"{name}({inner} / 4)"   # tame growth
    if kind < 0.45:
        name = rng.choice(["atan2", "hypot", "max", "min"])
        return f"{name}({random_expression(rng, depth - 1, False)}, {random_expression(rng, depth - 1, False)})"
    op = rng.choice(BINARY)
    left, right = random_expression(rng, depth - 1, False), random_expression(rng, depth - 1, False)
    if op == "**":
        right = rng.choice(["2", "3", "0.5", "-1", right])
    return f"({left} {op} {right})"


def _problem(message: str) -> str:
    """The problem an error names, without its source position or arguments (a central difference
    meets acos(1.67601) at y + h where the point has acos(1.676)); overflows are one problem."""
    message = re.sub(r" \(line \d+, column \d+\)", "", message)
    message = re.sub(r"^(\w+)\([^)]*\)", r"\1(...)", message)
    return "overflow" if "overflow" in message or "beyond the float range" in message else message


SEEDS = range(80)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_expressions_all_engines_agree_or_all_report_the_same_domain_error(seed):
    rng = random.Random(seed)
    text = random_expression(rng, depth=4)
    at = {name: round(rng.uniform(-2.0, 2.0), 3) for name in ("x", "y", "z")}
    program = parse(text)
    at = {k: v for k, v in at.items() if k in {p.name for p in program.params}}
    c = compare(program, at=at, method="central", repeats=1)
    check = c.point_check
    if c.reference is not None:
        if check is not None and check.kinked:      # a random point on a kink: no single derivative
            pytest.skip(f"{text} at {at} sits on a kink")
        for name, r in c.engines.items():
            if r.error and check.differentiable and "is differentiable here" in check.explanations.get(name, ""):
                continue    # it stopped at a kink whose two sides agree, and the row says so (see test_domain)
            assert r.error is None, (text, at, name, r.error)
            tolerance = 1e-5 if name == "numerical" else 1e-9
            assert r.max_rel_error <= tolerance, (text, at, name, r.max_rel_error)
            assert all(math.isfinite(v) for row in r.jacobian for v in row)
    else:
        # no reference: the function fails at the point, and every engine says so -- the same problem
        problems = {name: _problem(r.error or "") for name, r in c.engines.items()}
        assert all(c.engines[name].error for name in problems), (text, at, problems)
        assert all(c.engines[name].supported for name in problems), (text, at, problems)
        expected = _problem(c.reference_error)
        for name in ("numerical", "forward", "reverse"):
            if name == "reverse" and problems[name] != expected:
                # reverse mode computes each local derivative while recording, so it may meet a
                # derivative's domain error (x**y needs x > 0 for d/dy) before the value's own
                assert re.match(r"the derivative of \w+ is undefined|\w+ is not differentiable", problems[name])
                continue
            assert problems[name] == expected, (text, at, name, problems[name], expected)
        # sympy rewrites the expression (sqrt(x)**3 is x**(3/2)) and may meet it elsewhere,
        # but it fails too, on a domain or overflow problem of the same point
        assert re.search(r"undefined|overflow|not differentiable", problems["symbolic"]), problems


def test_the_seeded_expressions_cover_both_outcomes():
    """Guard against a generator that never fails (or never succeeds): both branches are exercised."""
    outcomes = set()
    for seed in SEEDS:
        rng = random.Random(seed)
        text = random_expression(rng, depth=4)
        at = {name: round(rng.uniform(-2.0, 2.0), 3) for name in ("x", "y", "z")}
        program = parse(text)
        point = parse_point(",".join(f"{k}={v}" for k, v in at.items() if k in {p.name for p in program.params}),
                            program)
        try:
            evaluate(program, point.inputs(), FLOAT)
            outcomes.add("value")
        except DiffcompareError:
            outcomes.add("domain error")
    assert outcomes == {"value", "domain error"}
