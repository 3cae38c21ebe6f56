"""Each construct the front end accepts runs as CPython runs it, and every engine
differentiates it. The functions here are this test's own trusted text: the test runs them
with CPython (`exec` of our fixture, never of user input) to get the value the tool must
match, and the 50-digit reference judges the engines' Jacobians."""

from __future__ import annotations

import math

import pytest

from diffcompare.analysis.measure import relative_error
from diffcompare.engines import ENGINES, engine_function
from diffcompare.engines.reference import reference
from diffcompare.errors import Unsupported
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.language.frontend import parse
from diffcompare.language.point import Point

PROGRAMS = {
    "tuple_swap": "def f(x=1.5):\n    a, b = 0.0, x\n    for _ in range(5):\n        a, b = b, a + b\n    return a\n",
    "helper_tuple": "def sq(v):\n    return v * v, v\n\ndef f(x=1.5, y=2.0):\n    s, t = sq(x)\n    return s + sq(y)[0] * t\n",
    "enumerate_zip_reversed": ("def f(xs=[1.0, 2.0, 3.0], ys=[0.5, 0.25, 0.125]):\n    t = 0.0\n"
                               "    for i, v in enumerate(xs, 1):\n        t += i * v\n"
                               "    for a, b in zip(xs, ys):\n        t += a * b\n"
                               "    for v in reversed(xs):\n        t = t * 0.5 + v\n    return t\n"),
    "break_continue": ("def f(x=0.3):\n    s = 0.0\n    for i in range(100):\n        if i % 2 == 0:\n            continue\n"
                       "        if i > 20:\n            break\n        s += x ** i\n    k = 0\n    while True:\n"
                       "        k += 1\n        if k > 5:\n            break\n    return s * k\n"),
    "module_constants": "import math\nN = 4\nC = [1.0, math.pi, 3.0]\ndef f(x=2.0):\n    return sum(c * x ** k for k, c in enumerate(C)) + N\n",
    "comprehension_conditions": ("def f(x=[1.0, -2.0, 3.0, -4.0]):\n"
                                 "    return sum([v * v for v in x if v > 0]) + max(x) - min([a * b for a in x for b in x if a != b])\n"),
    "slices_in_place": ("def f(x=[1.0, 2.0, 3.0, 4.0]):\n    y = x[1:] + x[:-1]\n    y[0] = y[0] * 2\n    z = [0.0] * 3\n"
                        "    z[1:3] = x[2:]\n    return sum(y) + sum(z) + len(y) + x[-1] * x[::2][1]\n"),
    "whole_numbers": ("import math\ndef f(x=2.7):\n    k = int(x)\n    r = round(x)\n    n = math.floor(x * 2) // 2\n"
                      "    return x * k + r + float(3) + x ** n + x % 1.0\n"),
    "augmented": ("def f(x=1.3, y=0.7):\n    z = x\n    z += y\n    z -= 0.5\n    z *= x\n    z /= y\n    z **= 1.5\n"
                  "    w = [x, y]\n    w[1] *= 3\n    return z + w[1]\n"),
    "annotations_docstring": ('def f(x: float = 1.5) -> float:\n    """f(x) = x\\tsquared, with an escape."""\n'
                              "    y: float = x * x\n    return y\n"),
    "multi_line": ("import numpy as np\n\ndef f(x=0.4, y=1.1):\n    r = (x**2\n         + y)  # a comment in brackets\n"
                   "    s = max(x,\n            np.square(y)) + \\\n        np.log1p(r)\n    return r * s\n"),
    "assert_passes": "def f(x=1.5):\n    assert x > 0, 'x must be positive'\n    return x ** 3\n",
}

#: where the symbolic engine must refuse, and why: a condition or a whole number taken of an input
SYMBOLIC_REFUSES = {"comprehension_conditions": "a branch depends on the input",
                    "assert_passes": "a branch depends on the input",
                    "whole_numbers": "a whole number (int(), round()) is taken of an expression of the input"}

VALUE_TOLERANCE_ULPS = 4     # math and numpy may round transcendental functions differently


def cpython(text: str) -> float:
    namespace: dict = {}
    exec(compile(text, "<test fixture>", "exec"), namespace)     # our own fixture text, see the docstring
    return namespace["f"]()


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_value_is_cpythons(name):
    text = PROGRAMS[name]
    program = parse(text, origin=f"{name}.py")
    (got,) = evaluate(program, Point.of(program).inputs(), FLOAT, Meter())
    expected = cpython(text)
    assert abs(got - expected) <= VALUE_TOLERANCE_ULPS * math.ulp(expected), (got, expected)


@pytest.mark.parametrize("name", PROGRAMS)
def test_every_engine_differentiates_it(name):
    program = parse(PROGRAMS[name], origin=f"{name}.py")
    point = Point.of(program)
    exact = reference(program, point).floats()
    for engine in ENGINES:
        if engine == "symbolic" and name in SYMBOLIC_REFUSES:
            with pytest.raises(Unsupported, match=SYMBOLIC_REFUSES[name].replace("(", r"\(").replace(")", r"\)")):
                engine_function(engine)(program, point, Meter())
            continue
        d = engine_function(engine)(program, point, Meter())
        assert relative_error(d.jacobian, exact) <= (1e-6 if engine == "numerical" else 1e-13), engine


def test_a_failed_assert_stops_the_run_with_the_authors_reason():
    program = parse(PROGRAMS["assert_passes"], origin="f.py")
    with pytest.raises(Exception, match="the function stops here: x must be positive"):
        evaluate(program, {"x": -1.0})
