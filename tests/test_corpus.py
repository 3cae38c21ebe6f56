"""The corpus: functions written the way people write them (tests/corpus/scalar, .../numpy),
each run through `diffcompare.compare` and held against what CPython computes.

For each fixture file:
1. CPython truth: the fixture is imported (it is our trusted file; the tool never imports user
   files) and its main def called at its defaults.
2. Values: every engine that evaluates in floats (numerical, forward, reverse) must report
   CPython's value: bit for bit (==) when the file uses only + - * / and ** with integer
   exponents (and exact builtins such as abs, min, max, sum, int); otherwise within 4 ulp of
   CPython's value (|ours - cpython| <= 4 * math.ulp(cpython)), decided per file. "CPython"
   is the interpreter running the tests: sum() of floats is a plain left fold up to 3.11 and
   compensated from 3.12 on, and the tool must match whichever runs it.
3. Derivatives: the 50-digit reference is checked independently against central differences
   with Richardson extrapolation on the CPython function (1e-6 normwise relative); then
   forward and reverse must agree with the reference to 1e-11, numerical to 1e-4, symbolic to
   1e-11 or refuse with a reason when the program branches on an input -- an if, a while, or a
   mask such as np.where(r > 0, ...) -- (or stops at a limit).
4. The main def is the file's only def, or the one no other def calls.

The helpers (fixture loading, the independent gradient, what a source is like) live in
tests/corpus/cpython_values.py, which is also the script that checks the fixtures themselves.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

_spec = importlib.util.spec_from_file_location(
    "corpus_cpython_values", Path(__file__).parent / "corpus" / "cpython_values.py")
cv = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = cv          # its dataclasses look their module up there
_spec.loader.exec_module(cv)

# One line each to switch a corpus on.
SCALAR_MARKS: list = []
NUMPY_MARKS: list = []

AD_TOL = 1e-11
SYMBOLIC_TOL = 1e-11
NUMERICAL_TOL = 1e-4
ULPS = 4
FLOAT_ENGINES = ("numerical", "forward", "reverse")

CASES = ([pytest.param(p, id=f"scalar/{p.name}", marks=SCALAR_MARKS) for p in cv.SCALAR]
         + [pytest.param(p, id=f"numpy/{p.name}", marks=NUMPY_MARKS) for p in cv.NUMPY])


def test_corpus_is_there():
    assert len(cv.SCALAR) >= 35 and len(cv.NUMPY) >= 35


@pytest.mark.parametrize("path", [pytest.param(p, id=f"{p.parent.name}/{p.name}") for p in cv.SCALAR + cv.NUMPY])
def test_fixture_is_sound_under_cpython(path: Path):
    """Not marked: every fixture runs under CPython and has a finite, well-defined, nonzero
    gradient at its default point (no kink, no domain error), whatever the tool can do yet."""
    assert cv.check(path) == []


@pytest.mark.parametrize("path", CASES)
def test_corpus(path: Path):
    from diffcompare import compare

    fx = cv.load_fixture(path)
    truth = fx.value()
    c = compare(str(path), repeats=1)
    assert c.program.name == fx.name, f"differentiated {c.program.name}, not the def no other def calls"

    # the same inputs in the same order (parameters in order, arrays row-major)
    assert len(c.inputs) == len(fx.input_names), (c.inputs, fx.input_names)
    for ours, theirs in zip(c.inputs, fx.input_names):
        assert ours.split("[")[0] == theirs.split("[")[0], (c.inputs, fx.input_names)
    assert len(c.wrt) == len(fx.input_names)

    # values: the float engines compute what CPython computes
    exact = cv.exact_arithmetic(fx.source)
    for engine in FLOAT_ENGINES:
        r = c.engines[engine]
        assert r.values is not None, f"{engine}: {r.error}"
        assert len(r.values) == len(truth), (engine, r.values, truth)
        for ours, want in zip(r.values, truth):
            want = float(want)
            if exact:
                assert ours == want, f"{engine}: {ours!r} != CPython's {want!r} (exact arithmetic)"
            else:
                assert abs(ours - want) <= ULPS * math.ulp(want), \
                    f"{engine}: {ours!r} vs CPython's {want!r}: {abs(ours - want) / math.ulp(want):.1f} ulp"

    # the reference, checked independently
    assert c.reference is not None, c.reference_error
    ref = np.asarray(c.reference.floats(), dtype=float)
    grad = cv.gradient(fx)
    assert ref.shape == grad.jacobian.shape, (ref.shape, grad.jacobian.shape)
    fd_err = cv.normwise(grad.jacobian, ref)
    assert fd_err <= cv.FD_AGREEMENT, f"the reference disagrees with Richardson differences: {fd_err:.2e}"
    check = c.point_check
    assert check is None or not check.kinked, f"a kink reported at a smooth point: {check.summary()}"

    # each engine against the reference
    for engine, tol in (("forward", AD_TOL), ("reverse", AD_TOL), ("numerical", NUMERICAL_TOL)):
        r = c.engines[engine]
        assert r.jacobian is not None and r.error is None, f"{engine}: {r.error}"
        err = cv.normwise(r.jacobian, ref)
        assert err <= tol, f"{engine}: normwise error {err:.2e} > {tol:g}"
    r = c.engines["symbolic"]
    if r.jacobian is not None and r.error is None:
        err = cv.normwise(r.jacobian, ref)
        assert err <= SYMBOLIC_TOL, f"symbolic: normwise error {err:.2e} > {SYMBOLIC_TOL:g}"
    else:
        assert r.error, "symbolic gave neither a Jacobian nor a reason"
        allowed = cv.branches_on_input(fx.source) or "limit" in r.error
        assert allowed and not r.supported, f"symbolic refused a program with no branch on an input: {r.error}"
