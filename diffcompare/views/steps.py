"""The error of finite differences against the step h: truncation vs round-off.

For each h from 1e-1 down to 1e-16 the numerical engine differentiates the program
(forward, central or complex step, with that h) and its Jacobian is measured against
the 50-digit reference. Forward and central differences trace a V: the truncation
error falls with h (as h and h²) until cancellation in f(x + h) - f(x) takes over and
the round-off error grows as eps/h. The complex step divides no difference, so it
has no round-off floor. Beside each method's best h stands the textbook optimum the
engine uses by default (sqrt(eps)·max(1, |x|) for forward, cbrt(eps)·max(1, |x|) for central).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..render.output import Shown
from ..engines import numerical
from ..errors import DiffcompareError, EvaluationError, Unsupported
from ..interpreter import Meter
from ..analysis.measure import method_list, output_names, relative_error, wrt_columns
from ..language.ir import Program
from ..language.point import Point
from ..engines.reference import reference
from ..language.given import point_of, program_of

METHODS = numerical.METHODS                      # richardson too: it takes its step h like the others
DEFAULT_METHODS = ("forward", "central", "complex")
H_LARGEST, H_SMALLEST, H_COUNT = 1e-1, 1e-16, 30


@dataclass
class MethodSweep:
    method: str
    error: list[float | None]          # relative error at each h; None where the method failed at that h
    best_h: float | None
    best_error: float | None
    textbook_h: float                  # the engine's default step at this point
    textbook_error: float | None       # measured at textbook_h
    traversals: int | None             # per Jacobian, measured
    refused: str | None = None         # why the method cannot run on this program at all

    def as_dict(self) -> dict:
        out = {"error": self.error, "best_h": self.best_h, "best_error": self.best_error,
               "textbook_h": self.textbook_h}
        if self.refused:
            out["refused"] = self.refused
        return out


@dataclass(repr=False)
class StepSweep(Shown):
    function: str
    point: Point
    wrt: list[str]
    h: list[float]
    methods: dict[str, MethodSweep]
    outputs: list[str] = field(default_factory=list)    # the outputs differentiated (f for an expression)

    @property
    def failure(self) -> str | None:
        """Why no error was measured at any step by any method, or None."""
        if any(e is not None for m in self.methods.values() for e in m.error):
            return None
        return f"no finite-difference method asked for gave a derivative of {self.function} at any step"

    def as_dict(self) -> dict:
        return {"h": self.h, "methods": {name: m.as_dict() for name, m in self.methods.items()}}


def step_sizes(largest: float = H_LARGEST, smallest: float = H_SMALLEST, count: int = H_COUNT) -> list[float]:
    """`count` steps spaced evenly in log10 from `largest` down to `smallest`."""
    return [float(h) for h in np.logspace(np.log10(largest), np.log10(smallest), count)]


def sweep(function, at=None, wrt: str | list[str] | None = None,
          methods: str | list[str] = DEFAULT_METHODS, h: list[float] | None = None) -> StepSweep:
    """Measure each finite-difference method's error at every step in `h` (default: step_sizes()).

    >>> s = sweep("exp(x)", at="x=1")
    >>> 1e-9 <= s.methods["forward"].best_h <= 1e-7
    True
    """
    program = program_of(function)
    point = point_of(at, program)
    names = point.input_names()
    cols = wrt_columns(wrt, names)
    methods = method_list(methods)
    try:
        exact = reference(program, point, cols).jacobian     # 50 digits: errors below a float's show
    except DiffcompareError as exc:
        raise type(exc)(f"no 50-digit reference at this point, so no error to measure: {exc}") from None
    steps = h if h is not None else step_sizes()
    flat = point.flat
    scale = max(max(1.0, abs(float(flat[j]))) for j in cols)   # the default step grows with |x|
    results = {m: _sweep_method(program, point, cols, exact, m, steps, numerical.STEP[m] * scale) for m in methods}
    name = program.name if not program.inline else program.source.strip()
    return StepSweep(name, point, [names[j] for j in cols], steps, results, output_names(program, len(exact)))


def _sweep_method(program, point, cols, exact, method, steps, textbook_h) -> MethodSweep:
    def error_at(h: float) -> tuple[float, int]:
        meter = Meter()
        d = numerical.jacobian(program, point, meter, cols, method=method, h=h)
        return relative_error(d.jacobian, exact), meter.traversals

    errors: list[float | None] = []
    traversals = None
    for h in steps:
        try:
            err, traversals = error_at(h)
        except Unsupported as exc:     # e.g. complex step on abs(): the whole method is out
            return MethodSweep(method, [None] * len(steps), None, None, textbook_h, None, None, str(exc))
        except EvaluationError:        # x - h left the domain, or x + h == x: no quotient at this h only
            err = None
        errors.append(err if err is None or np.isfinite(err) else None)
    try:
        textbook_error = error_at(textbook_h)[0]
    except DiffcompareError:
        textbook_error = None
    measured = [(e, h) for e, h in zip(errors, steps) if e is not None]
    best_error, best_h = min(measured, key=lambda eh: eh[0]) if measured else (None, None)
    return MethodSweep(method, errors, best_h, best_error, textbook_h, textbook_error, traversals)
