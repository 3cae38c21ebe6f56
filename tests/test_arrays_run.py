"""numpy arrays run through the interpreter and every engine, vectorised.

Each program here is this test's own trusted text: the test runs it with CPython and numpy
(`exec` of our fixture, never of user input) for the value the tool must match to the last
bit, and the 50-digit reference judges every engine's Jacobian. The counts are checked
against the book's formulas, with n_inputs counting every element."""

from __future__ import annotations

import math

import numpy as np
import pytest

from diffcompare.analysis.measure import relative_error
from diffcompare.engines import ENGINES, engine_function
from diffcompare.engines.reference import reference
from diffcompare.errors import EvaluationError, InputError, LimitError, Unsupported
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.language.frontend import parse
from diffcompare.language.point import Point, parse_point
from diffcompare.limits import LIMITS

PROGRAMS = {
    "rosenbrock_vectorised": ("import numpy as np\n"
                              "def f(x=[-1.2, 1.0, -1.2, 1.0, 0.5]):\n"
                              "    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)\n"),
    "least_squares": ("import numpy as np\nA = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]])\n"
                      "b = np.array([1.0, 0.5, 2.0])\n"
                      "def f(x=[0.3, -0.2]):\n    r = A @ x - b\n    return r.dot(r) / 2\n"),
    "linreg_book": ("import numpy as np\n"
                    "def f(theta=[[4.0], [3.0]], X=[[1.0, 0.5], [1.0, 1.5], [1.0, 2.0]], y=[[5.4], [8.7], [10.1]]):\n"
                    "    m = len(X)\n    error = X.dot(theta) - y\n    return np.mean(error ** 2) + 0 * m\n"),
    "two_layer": ("import numpy as np\n"
                  "def f(W1=[[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2]], W2=[0.3, -0.7, 0.5],\n"
                  "      X=[[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [0.2, 0.8]], y=[1.0, 0.0, 1.0, 0.5]):\n"
                  "    hidden = np.tanh(X @ np.transpose(W1))\n"
                  "    out = hidden @ W2\n    return np.mean((out - y) ** 2)\n"),
    "axis_keepdims": ("import numpy as np\n"
                      "def f(M=[[1.0, 2.0, 3.0], [0.5, -1.0, 2.5]]):\n"
                      "    col = M.mean(axis=0)\n    row = np.sum(M * M, axis=1, keepdims=True)\n"
                      "    return np.sum(col * col) + np.sum(M / row)\n"),
    "slice_assignment": ("import numpy as np\n"
                         "def f(x=[0.5, 1.5, 2.5, 3.5]):\n    y = np.zeros(4)\n    y[1:] = x[:-1] ** 2\n"
                         "    y[0] = x[-1]\n    z = x.copy()\n    z[2] = 7.0\n    return np.sum(y * x) + np.sum(z)\n"),
    "rows_and_masks": ("import numpy as np\n"
                       "def f(M=[[1.0, -2.0], [3.0, 0.5], [-1.0, 4.0]]):\n    total = 0.0\n"
                       "    for row in M:\n        total += row[0] * row[1]\n"
                       "    pos = np.where(M > 0, M, 0.0)\n    return total + np.sum(pos ** 2) + M[M > 2].sum()\n"),
    "constructors": ("import numpy as np\n"
                     "def f(a=0.7):\n    t = np.linspace(0.0, 1.0, 5)\n    k = np.arange(1, 6) * 0.1\n"
                     "    e = np.eye(2)\n    v = np.array([a, 2 * a, a ** 2])\n    w = np.full(3, a)\n"
                     "    return np.sum(np.sin(a * t) * k) + np.sum(e * a) + v.dot(w) + np.sum(np.ones_like(v) * a)\n"),
    "concat_stack": ("import numpy as np\n"
                     "def f(x=[1.0, 2.0], y=[0.5, -1.0, 3.0]):\n    z = np.concatenate([x, y ** 2])\n"
                     "    s = np.stack([x, x * 3], axis=1)\n    parts = [x, x]\n"
                     "    return np.sum(z * z) + np.sum(s[:, 1] * s[:, 0]) + np.sum(np.concatenate(parts))\n"),
    "array_output": ("import numpy as np\n"
                     "def f(x=[0.2, 0.4, 0.6]):\n    return np.exp(-x) * np.cos(3 * x)\n"),
    "scalar_loop_over_array": ("import numpy as np\n"
                               "def f(x=[0.5, 1.5, -0.5, 2.0]):\n    s = 0.0\n    for i in range(len(x)):\n"
                               "        s += x[i] * x[i - 1]\n    return s + np.sum(x)\n"),
    "builtin_sum_of_array": ("import numpy as np\n"  # Python's sum folds left; np.sum pairs: last bits differ
                             "def f(x=[0.6, 1.3, 0.1, 0.7, 1.3, 1.5, 0.7, 0.7, 0.7, 1.4, 0.9, 0.1]):\n"
                             "    return sum(x * 1.7) - np.sum(x * 1.7)\n"),
}


def cpython(text: str) -> list[float]:
    namespace: dict = {}
    exec(compile(text, "<test fixture>", "exec"), namespace)     # our own fixture text, see the docstring
    f = namespace["f"]
    defaults = [np.array(d) if isinstance(d, list) else d for d in f.__defaults__]
    return np.ravel(f(*defaults)).tolist()


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_value_is_numpys_to_the_last_bit(name):
    text = PROGRAMS[name]
    program = parse(text, origin=f"{name}.py")
    got = [float(v) for v in evaluate(program, Point.of(program).inputs(), FLOAT, Meter())]
    assert got == cpython(text)


#: a mask computed from the inputs is a branch, element by element: sympy cannot decide it
SYMBOLIC_REFUSES = {"rows_and_masks"}


@pytest.mark.parametrize("name", PROGRAMS)
def test_every_engine_matches_the_reference(name):
    program = parse(PROGRAMS[name], origin=f"{name}.py")
    point = Point.of(program)
    exact = reference(program, point).floats()
    for engine in ENGINES:
        if engine == "symbolic" and name in SYMBOLIC_REFUSES:
            with pytest.raises(Unsupported, match="a mask .* depends on the inputs"):
                engine_function(engine)(program, point, Meter())
            continue
        d = engine_function(engine)(program, point, Meter())
        tolerance = 1e-6 if engine == "numerical" else 1e-12
        assert relative_error(d.jacobian, exact) <= tolerance, engine


@pytest.mark.parametrize("n", [2, 5, 30])
def test_traversals_count_every_element_as_an_input(n):
    program = parse(PROGRAMS["rosenbrock_vectorised"], origin="r.py")
    point = parse_point("x=[" + ",".join(str(0.1 * k) for k in range(n)) + "]", program)
    assert point.size == n
    counts = {}
    for engine in ("numerical", "forward", "reverse"):
        meter = Meter()
        engine_function(engine)(program, point, meter)
        counts[engine] = meter.traversals
    assert counts == {"numerical": n + 1, "forward": n, "reverse": 2}


def test_element_operations_count_the_scalar_work_of_each_array_call():
    program = parse("import numpy as np\ndef f(x=[1.0, 2.0, 3.0, 4.0]):\n    return np.sum(x * x)\n", origin="f.py")
    meter = Meter()
    evaluate(program, Point.of(program).inputs(), FLOAT, meter)
    assert dict(meter.calls) == {"mul": 1, "sum": 1}        # two operations as written
    assert meter.element_ops == 4 + 4                       # four products, four elements summed


def test_a_slice_assignment_is_a_new_array_and_leaves_the_original():
    program = parse("import numpy as np\ndef f(x=[1.0, 2.0, 3.0]):\n    y = x\n    z = x.copy()\n"
                    "    z[0] = 10.0\n    return np.sum(z) + np.sum(y)\n", origin="f.py")
    assert evaluate(program, Point.of(program).inputs()) == [15.0 + 6.0]


@pytest.mark.parametrize("text, message", [
    ("import numpy as np\ndef f(x=[1.0, 2.0], y=[1.0, 2.0, 3.0]):\n    return np.sum(x + y)\n",
     "operands could not be broadcast together"),
    ("import numpy as np\ndef f(x=[1.0, 2.0]):\n    return np.sum(x) + x[5]\n", "index 5 is out of bounds"),
    ("import numpy as np\ndef f(A=[[1.0, 2.0], [3.0, 4.0]], x=[1.0, 2.0, 3.0]):\n    return np.sum(A @ x)\n",
     "matmul"),
    ("import numpy as np\ndef f(x=[1.0, -2.0]):\n    return np.sum(np.log(x))\n",
     r"log\(-2\) is undefined: log needs x > 0 \(at element \[1\]\)"),
    ("import numpy as np\ndef f(x=[1.0, 2.0]):\n    if x > 0:\n        return 1.0\n    return 0.0\n",
     "an array of comparisons has no single truth value"),
])
def test_bad_array_input_is_one_clear_error_with_its_position(text, message):
    program = parse(text, origin="f.py")
    with pytest.raises(EvaluationError, match=message) as err:
        evaluate(program, Point.of(program).inputs())
    assert err.value.where is not None and "Traceback" not in str(err.value)


def test_a_ragged_matrix_point_is_refused(tmp_path):
    program = parse("import numpy as np\ndef f(M=[[1.0, 2.0], [3.0, 4.0]]):\n    return np.sum(M)\n", origin="f.py")
    with pytest.raises(InputError, match="the rows of a matrix must all have the same length"):
        parse_point("M=[[1,2],[3]]", program)


def test_an_array_beyond_the_limit_is_refused_before_it_is_made(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_array_elements", 1000)
    program = parse("import numpy as np\ndef f(x=1.0):\n    return np.sum(np.zeros(5000) + x)\n", origin="f.py")
    with pytest.raises(LimitError, match="an array of 5,000 elements exceeds max_array_elements"):
        evaluate(program, {"x": 1.0})


def test_an_element_read_in_a_loop_costs_no_full_array_per_element_in_the_sweep():
    # the backward sweep adds each x[i]'s adjoint into x's in place: n reads, not n arrays of n
    n = 2000
    program = parse("import numpy as np\ndef f(x=[1.0]):\n    s = 0.0\n    for i in range(len(x)):\n"
                    "        s += x[i] ** 2\n    return s + np.sum(x)\n", origin="f.py")
    point = parse_point("x=[" + ",".join("0.5" for _ in range(n)) + "]", program)
    d = engine_function("reverse")(program, point, Meter())
    assert d.jacobian[0] == [2.0] * n
