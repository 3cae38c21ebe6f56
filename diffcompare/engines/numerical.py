"""Numerical differentiation: finite differences of plain float evaluations.

Methods (traversals for n inputs):
- ``forward``  (f(x + h e_j) - f(x)) / h, h = sqrt(eps)·max(1, |x_j|)        n + 1
- ``central``  (f(x + h e_j) - f(x - h e_j)) / 2h, h = cbrt(eps)·max(1, |x_j|)   2n
- ``complex``  Im f(x + i h e_j) / h, h = 1e-20·max(1, |x_j|): no cancellation,  n
               but only for analytic code (no abs, no comparison on the perturbed value)
- ``richardson`` central differences at h and h/2 combined to cancel the h² term,
               with |D(h/2) - D(h)| / 3 as the error estimate                   4n
"""

from __future__ import annotations

import sys

import numpy as np

from ..errors import EvaluationError, Unsupported
from ..interpreter import COMPARISONS, FLOAT, Meter, evaluate
from ..primitives import Primitive, backend
from ..primitives.on_arrays import apply_array, static
from ..language.ir import Program
from ..language.point import Point
from . import Derivative, columns

EPS = sys.float_info.epsilon
METHODS = ("forward", "central", "complex", "richardson")
#: relative step of each method, chosen to balance truncation against round-off
STEP = {"forward": EPS ** 0.5, "central": EPS ** (1 / 3), "complex": 1e-20, "richardson": EPS ** 0.2}


class ComplexAlgebra:
    """Complex numbers for the complex-step method; refuses what is not analytic."""
    name = "complex"

    def call(self, prim: Primitive, args: list):
        if prim.structural or any(getattr(a, "ndim", 0) for a in args):
            return self._on_arrays(prim, args)
        perturbed = any(type(a) is complex and a.imag for a in args)
        if perturbed and not prim.analytic:
            raise Unsupported(f"complex step needs analytic code, and {prim.name} is not analytic")
        prim.check_domain(*(a.real if type(a) is complex else a for a in args))
        try:
            with np.errstate(all="raise"):
                out = prim.array(*args)
        except (TypeError, FloatingPointError) as exc:
            raise Unsupported(f"complex step: {prim.name} has no complex extension here ({exc})") from None
        return complex(out)

    def _on_arrays(self, prim: Primitive, args: list):
        """Complex arrays: the same rule -- analytic code only, and each element in its domain."""
        n = len(args)
        numbers = [a for k, a in enumerate(args) if not static(prim, k, n)]
        if not prim.analytic and any(np.iscomplexobj(a) and np.any(np.imag(a)) for a in numbers):
            raise Unsupported(f"complex step needs analytic code, and {prim.name} is not analytic")
        if not prim.structural and prim.domain is not None:
            real = [np.real(a) for a in args]
            apply_array(prim, real, backend("array"))       # the float value's domain error, if any
        try:
            with np.errstate(all="raise"):
                return prim.array(*args)
        except (TypeError, FloatingPointError) as exc:
            raise Unsupported(f"complex step: {prim.name} has no complex extension here ({exc})") from None

    def array(self, nested: list):
        return np.array(nested, dtype=complex)

    def split(self, x) -> list:
        return [complex(v) for v in x.ravel()]

    def compare(self, op: str, a, b) -> bool:
        if (type(a) is complex and a.imag) or (type(b) is complex and b.imag):
            raise Unsupported("complex step cannot follow a comparison on the perturbed input")
        return COMPARISONS[op](a.real if type(a) is complex else a, b.real if type(b) is complex else b)

    def value(self, x) -> float:
        if getattr(x, "ndim", 0):
            if np.iscomplexobj(x) and np.any(np.imag(x)):
                raise Unsupported("complex step cannot follow a comparison on the perturbed input")
            return np.real(x)
        if type(x) is complex and x.imag:
            raise Unsupported("complex step cannot take int() or round() of the perturbed input")
        return x.real if type(x) is complex else x


def _run(program: Program, point: Point, flat: list, meter: Meter, algebra=FLOAT) -> list:
    return evaluate(program, point.inputs(flat), algebra, meter)


def _shifted(flat: list[float], j: int, h) -> list:
    moved = list(flat)
    moved[j] = moved[j] + h
    return moved


def _taken(step: float, h: float, x: float) -> float:
    """The step x + h - x the floats took; zero when h is below x's last digit (no quotient to form)."""
    if step == 0:
        raise EvaluationError(f"the step h = {h:g} is lost in rounding next to {x!r} (x + h == x)")
    return step


TINIEST_NORMAL = sys.float_info.min     # 2.2e-308: below it a float keeps fewer digits (subnormal)


def step_caution(x: float, h: float) -> str | None:
    """Why a difference quotient with step `h` at `x` says little about the derivative at x, or None.

    - the step underflows: a subnormal h keeps only a few of its digits;
    - the point is below the step's resolution: x + h rounds to h (and x - h to -h), so the
      runs at the shifted points never see x -- the quotient is a slope over [0, h], whatever
      x is (log at x = 1e-320 gives 4.8e10 where the derivative is 1e320; the complex step,
      which keeps x apart from ih, still measures f over a width h far beyond |x|)."""
    h = abs(h)
    if 0 < h < TINIEST_NORMAL:
        return f"the step h = {h:.3g} underflows (a subnormal float keeps only a few digits)"
    if x != 0 and h + abs(x) == h:
        return (f"the point {x:.3g} is below the resolution of the step h = {h:.3g} (x + h rounds to h): "
                f"the quotient measures f over a width h about 0, not its slope at x")
    return None


def _central(program, point, flat, j, h, meter) -> tuple[list[float], float]:
    up = _shifted(flat, j, h)
    down = _shifted(flat, j, -h)
    step = _taken(up[j] - down[j], h, flat[j])       # the step the floats really took
    plus, minus = _run(program, point, up, meter), _run(program, point, down, meter)
    return [(p - q) / step for p, q in zip(plus, minus)], step


def jacobian(program: Program, point: Point, meter: Meter, wrt: list[int] | None = None,
             method: str = "forward", h: float | None = None, **_) -> Derivative:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    flat = list(point.flat)
    cols = columns(flat, wrt)
    steps = [h if h is not None else STEP[method] * max(1.0, abs(flat[j])) for j in cols]
    table: list[list[float]] = []
    details: dict = {"method": method, "steps": steps}
    values = None
    if method == "forward":
        values = [float(v) for v in _run(program, point, flat, meter)]
        for j, hj in zip(cols, steps):
            moved = _shifted(flat, j, hj)
            step = _taken(moved[j] - flat[j], hj, flat[j])
            table.append([(float(a) - b) / step for a, b in zip(_run(program, point, moved, meter), values)])
    elif method == "central":
        for j, hj in zip(cols, steps):
            table.append(_central(program, point, flat, j, hj, meter)[0])
    elif method == "complex":
        algebra = ComplexAlgebra()
        for j, hj in zip(cols, steps):
            moved = [complex(v) for v in flat]
            moved[j] = complex(flat[j], hj)
            out = _run(program, point, moved, meter, algebra)
            values = [complex(o).real for o in out]
            table.append([complex(o).imag / hj for o in out])
    else:  # richardson
        estimates = []
        for j, hj in zip(cols, steps):
            coarse, _ = _central(program, point, flat, j, hj, meter)
            fine, _ = _central(program, point, flat, j, hj / 2, meter)
            table.append([(4 * f - c) / 3 for f, c in zip(fine, coarse)])
            estimates.append([abs(f - c) / 3 for f, c in zip(fine, coarse)])
        details["error_estimate"] = max((max(e) for e in estimates), default=0.0)
    if values is None:
        values = [float(v) for v in _run(program, point, flat, Meter())]  # for display; not counted
    jac = [[table[j][i] for j in range(len(cols))] for i in range(len(values))]
    cautions = {j: c for j, hj in zip(cols, steps) if (c := step_caution(flat[j], hj)) is not None}
    if cautions:
        details["cautions"] = cautions          # flat input index -> why its column is suspect
    return Derivative(values, jac, details)
