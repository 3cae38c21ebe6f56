"""Run engines on one program at one point and measure each: Jacobian, traversals,
primitive calls, wall time, error against the 50-digit reference, support.

Errors are data: an engine that refuses the program or meets a domain error at the
point gets a result saying so, and the other engines still run.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from ..deadlines import OutOfTime, engine_budget
from ..engines import ENGINES, TECHNIQUES, Derivative, engine_function
from ..errors import DiffcompareError, DomainError, InputError, LimitError, Unsupported, option
from ..interpreter import Meter
from ..language.ir import Program
from ..engines.reference import DIGITS, Reference, crosscheck, reference
from ..language.point import Point, names_text
from ..language.given import point_of, program_of
from . import cost
from .cost import Probe

MAX_DIGITS = 17.0
REFERENCE_RESOLUTION = 10.0 ** -DIGITS     # the 50-digit reference tells nothing finer
TIME_BUDGET_S = 0.25     # per engine: repeats stop once this much time is spent
MAX_REPEATS = 200
SLOW_S = 1.0             # s: a run this slow is timed once, no repeats


@dataclass
class EngineResult:
    engine: str
    jacobian: list[list[float]] | None = None
    values: list[float] | None = None
    traversals: int | None = None
    primitive_calls: int | None = None
    element_operations: int | None = None   # the scalar work those calls cost (a call on n elements: about n)
    calls: dict[str, int] = field(default_factory=dict)
    time_s: float | None = None
    repeats: int = 0
    max_rel_error: float | None = None
    entry_errors: list[list[float]] | None = None   # each entry's |J - R| / |R| (|J - R| where R is 0)
    correct_digits: float | None = None
    supported: bool = True
    error: str | None = None
    #: numbers computed, but suspect for a reason of the method (numerical: the step underflows,
    #: or the point is below its resolution): shown beside them, never as a plain good number
    caution: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    over_limits: bool = False      # refused by its predicted work, or stopped by its time: larger problems will be too

    @property
    def technique(self) -> str:
        return TECHNIQUES[self.engine]

    @property
    def ok(self) -> bool:
        return self.jacobian is not None and self.error is None


@dataclass
class Comparison:
    program: Program
    point: Point
    inputs: list[str]          # flat input names, all of them
    wrt: list[int]             # the columns differentiated
    outputs: list[str]
    values: list[float] | None
    reference: Reference | None
    reference_error: str | None
    engines: dict[str, EngineResult]
    point_check: Any = None    # kinks.PointCheck: undefined here? on a kink? the one-sided derivatives

    @property
    def function(self) -> str:
        return self.program.name if not self.program.inline else self.program.source.strip()

    @property
    def wrt_names(self) -> list[str]:
        return [self.inputs[j] for j in self.wrt]

    @property
    def failure(self) -> str | None:
        """Why nothing asked for was computed (every engine refused or failed), or None."""
        if any(r.ok for r in self.engines.values()):
            return None
        return (f"no engine asked for could compute the derivatives of {self.function} here "
                f"({', '.join(self.engines)}: each one's reason is in its row)")

    @property
    def uses_arrays(self) -> bool:
        """Does the program work on numpy arrays: an input it takes as an array, or an engine whose
        element operations differ from its operations as written (an array made inside)?"""
        return any(p.array for p in self.program.params) or any(
            r.element_operations is not None and r.element_operations != r.primitive_calls
            for r in self.engines.values())


def output_names(program: Program, count: int) -> list[str]:
    base = "f" if program.inline else program.name
    return [base] if count == 1 and not program.returns_list else [f"{base}[{i}]" for i in range(count)]


def relative_error(jac: list[list[float]], ref: list[list]) -> float:
    """Normwise relative error max|J - R| / max|R| (absolute where R is all zeros).

    R is the reference's own 50-digit numbers (floats work too): each difference is taken
    exactly before it is rounded, so a float engine's 0.3333333333333333 for 1/3 is an error
    of 5.6e-17, not hidden by first rounding R to the same float."""
    diff = max((abs(a - b) for ra, rb in zip(jac, ref) for a, b in zip(ra, rb)), default=0.0)
    scale = max((abs(b) for rb in ref for b in rb), default=0.0)
    error = float(diff / scale) if scale else float(diff)
    # below the reference's own 50 digits a difference is not measured: it is its rounding
    return 0.0 if error < REFERENCE_RESOLUTION else error


def entry_errors(jac: list[list[float]], ref: list[list[float]]) -> list[list[float]]:
    """Each entry's relative error |J - R| / |R| against the reference (absolute where R is 0): the
    entries the normwise error takes its maximum over, one by one."""
    return [[abs(a - b) / abs(b) if b else abs(a - b) for a, b in zip(ra, rb)] for ra, rb in zip(jac, ref)]


def correct_digits(error: float) -> float:
    return MAX_DIGITS if error <= 0 else min(MAX_DIGITS, max(0.0, -math.log10(error)))


def _finite(jac) -> bool:
    return all(math.isfinite(v) for row in jac for v in row)


def run_engine(engine: str, program: Program, point: Point, wrt: list[int] | None,
               options: dict | None = None, repeats: int | None = None, probe: Probe | None = None) -> EngineResult:
    """One engine, measured: a first run for the result and its counts, then timed repeats, all
    within the engine's time (`deadlines.engine_budget`). With a `probe` (one plain evaluation
    at the point), an engine whose predicted work passes its limits is refused before it runs."""
    options = options or {}
    result = EngineResult(engine)
    n_inputs = len(wrt) if wrt is not None else point.size
    if probe is not None:
        refused = cost.refusal(engine, n_inputs, probe, options.get("method") or "forward")
        if refused:
            result.supported, result.error, result.over_limits = False, refused, True
            return result
    fn = engine_function(engine)
    meter = Meter()
    budget = engine_budget()
    try:
        with budget:
            start = time.perf_counter()
            d: Derivative = fn(program, point, meter, wrt, **options)
            first = time.perf_counter() - start
            result.caution = _cautions(d.details.get("cautions"), point)
            return _measured(result, engine, d, meter, first,
                             lambda: fn(program, point, Meter(), wrt, **options), repeats, budget)
    except OutOfTime as exc:
        if exc.deadline is not budget.deadline:
            raise                       # the command's own time: it stops as a whole
        result.error = str(exc) + (cost.cheaper(engine, n_inputs, probe) if probe is not None else "")
        result.over_limits = True
        return result
    except (Unsupported, LimitError) as exc:
        result.supported, result.error = False, str(exc)
        return result
    except DomainError as exc:
        result.error = str(exc)
        return result
    except DiffcompareError as exc:
        result.supported, result.error = False, str(exc)
        return result


def _measured(result: EngineResult, engine: str, d: Derivative, meter: Meter, first: float, again,
              repeats: int | None, budget) -> EngineResult:
    """The first run's result and counts, then the time of `again` repeated."""
    result.traversals = meter.traversals
    result.calls = dict(meter.calls)
    result.primitive_calls = meter.primitive_calls
    result.element_operations = meter.element_ops
    if engine == "symbolic":
        # the meter counts the run over symbols; evaluating the derived formulas (scalar expressions,
        # already among its primitive calls) costs one element operation a call
        result.element_operations += sum(d.details["calls_evaluated"].values())
    result.values = [float(v) for v in d.values]
    result.jacobian = [[float(v) for v in row] for row in d.jacobian]
    result.details = d.details
    if not _finite(result.jacobian):
        result.error = "the derivative is not finite here (an overflow or an infinite slope)"
    if engine == "symbolic":
        # sympy caches what it derived, so a repeat would time a cache hit: time it once
        result.time_s, result.repeats = d.details["derive_s"] + d.details["evaluate_s"], 1
        return result
    result.time_s, result.repeats = median_time(again, first, repeats, budget)
    return result


def _cautions(by_input: dict[int, str] | None, point: Point, shown: int = 3) -> str | None:
    """An engine's cautions about some of its columns, in one line naming the inputs."""
    if not by_input:
        return None
    names = point.input_names()
    parts = [f"∂/∂{names[j]}: {why}" if len(names) > 1 else why for j, why in list(by_input.items())[:shown]]
    more = len(by_input) - shown
    return "; ".join(parts) + (f"; and {more:,} more inputs like these" if more > 0 else "")


def median_time(run, first_s: float, repeats: int | None = None, budget=None) -> tuple[float, int]:
    """Median wall time of `repeats` calls of `run` after a first (warm-up) call that took `first_s`.

    By default as many repeats as fit in TIME_BUDGET_S, at least 3; a first call slower than
    SLOW_S is the timing itself (its warm-up share is negligible, and scaling runs of a
    minute each should not run four times). Repeats that `budget` (an open `within`) stops
    end the timing: the median is of those done (the first call's time if none was).
    """
    if repeats is None and first_s >= SLOW_S:
        return first_s, 1
    n = repeats if repeats is not None else max(3, min(MAX_REPEATS, int(TIME_BUDGET_S / max(first_s, 1e-7))))
    times = []
    try:
        for _ in range(n):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    except OutOfTime as exc:
        if budget is None or exc.deadline is not budget.deadline:
            raise
    if not times:
        return first_s, 1
    return statistics.median(times), len(times)


def compare(function, at=None, engines=ENGINES, wrt: list[str] | str | None = None,
            method: str | list[str] | None = None, step: float | None = None, repeats: int | None = None,
            check_with_sympy: bool | None = None) -> Comparison:
    """Differentiate `function` with each engine and measure them against the 50-digit reference.

    `method` is the numerical engine's finite differences, one or several (a list, or names
    separated by commas: forward, central, complex, richardson); with several, the numerical
    engine runs once per method and `engines` holds "numerical (central)" and so on. `step` is
    its step h (default: scaled to the point).

    >>> c = compare("x^2*y + y + 2", at={"x": 3, "y": 4})
    >>> c.engines["reverse"].jacobian
    [[24.0, 10.0]]
    """
    program = program_of(function)
    point = point_of(at, program)
    engines = engine_list(engines)
    methods = method_list(method)
    if step is not None and not (step > 0 and math.isfinite(step)):
        raise InputError(f"{option('step')} must be a positive finite number")
    names = point.input_names()
    cols = wrt_columns(wrt, names)

    probe, refused = _probe(program, point)
    if refused is not None:
        # every engine makes at least one run like it: none can finish
        results = {engine: EngineResult(engine, supported=False, error=refused) for engine in engines}
        return Comparison(program, point, names, cols, output_names(program, 1), None, None, refused, results)
    values = None
    ref = None
    ref_error = None
    ref_raised = False
    try:
        ref = budgeted(lambda: reference(program, point, cols))
        values = [float(v) for v in ref.values]
        ref_error = _beyond_floats(ref)
    except Stopped as exc:
        ref_error = str(exc)
    except DiffcompareError as exc:
        ref_error, ref_raised = str(exc), True
    if ref_error is not None:
        ref, values = None, None
    results = {}
    runs = [(e, None) if e != "numerical" else (e, m) for e in engines for m in (methods if e == "numerical" else [None])]
    for engine, m in runs:
        options = {"method": m, "h": step} if engine == "numerical" else None
        r = run_engine(engine, program, point, cols, options, repeats, probe)
        if ref is not None and r.jacobian is not None and r.error is None:
            r.max_rel_error = relative_error(r.jacobian, ref.jacobian)
            r.entry_errors = entry_errors(r.jacobian, ref.floats())
            r.correct_digits = correct_digits(r.max_rel_error)
        results[engine if m is None or len(methods) == 1 else f"numerical ({m})"] = r
        if values is None and r.values is not None:
            values = r.values
    # after the engines, so the symbolic engine's timing does not profit from sympy's cache
    symbolic = results.get("symbolic")
    if ref is not None and symbolic is not None and symbolic.over_limits:
        # the check derives the same expressions with sympy: it would only run out of time again
        ref.crosscheck = "not available: the symbolic engine ran out of its limits on this function"
    elif ref is not None and (check_with_sympy or (check_with_sympy is None and "symbolic" in engines)):
        try:
            ref.crosscheck = budgeted(lambda: crosscheck(ref, program, point, cols))
        except Stopped as exc:
            ref.crosscheck = f"not available: sympy's check did not finish: {exc}"
    count = len(values) if values is not None else 1
    outputs = output_names(program, count)
    check = _check_point(program, point, cols, names, outputs, results, ref, ref_raised)
    return Comparison(program, point, names, cols, outputs, values, ref, ref_error, results, check)


class Stopped(Exception):
    """A part of `compare` ran out of its engine's time (the message says so)."""


def budgeted(work):
    """`work()` within one engine's time; `Stopped` when it runs out."""
    budget = engine_budget()
    try:
        with budget:
            return work()
    except OutOfTime as exc:
        if exc.deadline is not budget.deadline:
            raise
        raise Stopped(str(exc)) from None


def _probe(program: Program, point: Point) -> tuple[Probe | None, str | None]:
    """One plain evaluation, which predicts each engine's work (None when it fails: the engines
    then meet the failure themselves), or the reason no engine can finish: out of time, or
    past a limit of the program's size."""
    try:
        return budgeted(lambda: cost.probe(program, point)), None
    except Stopped as exc:
        return None, f"one plain evaluation of the function did not finish: {exc}"
    except LimitError as exc:
        # a limit of the program's own size (operations, lists, arrays, outputs) holds for every
        # engine alike: none need spend its time finding that out again
        return None, str(exc)
    except DiffcompareError:
        return None, None


def method_list(method: str | list[str] | None) -> list[str]:
    """The finite-difference methods asked for (default: forward), each known, each once."""
    from ..engines.numerical import METHODS
    if method is None:
        return ["forward"]
    items = [m.strip() for m in method.split(",")] if isinstance(method, str) else [str(m) for m in method]
    items = [m for m in items if m]
    if not items:
        raise InputError(f"{option('method')} names no method; choose from {', '.join(METHODS)}")
    for m in items:
        if m not in METHODS:
            raise InputError(f"unknown method '{m}'; choose from {', '.join(METHODS)}")
    return list(dict.fromkeys(items))


def _check_point(program: Program, point: Point, cols: list[int], names: list[str], outputs: list[str],
                 results: dict[str, EngineResult], ref: Reference | None, ref_raised: bool):
    """Is the function defined and differentiable at the point? Engines' numbers that cannot be
    right there are said to be so (kinks.py computes the one-sided derivatives)."""
    from .kinks import PointCheck, check_point, explain
    try:
        check = budgeted(lambda: check_point(program, point, cols, names, outputs))
    except Stopped as exc:
        return PointCheck(stopped=str(exc))
    if check.undefined and ref_raised:
        for r in results.values():
            if r.jacobian is not None and r.error is None:
                r.error = f"the function is undefined at this point ({check.undefined}); {_numbers_anyway(r)}"
    if check.sites:
        explain(check, results, ref.floats() if ref is not None else None)
    if check.kinked:
        for r in results.values():
            # there is no single derivative to measure an error against, only two sides
            r.max_rel_error = r.correct_digits = r.entry_errors = None
    return check


def _numbers_anyway(r: EngineResult) -> str:
    """Why an engine produced numbers where the function has no value."""
    if r.engine == "numerical" and r.details.get("method") in ("central", "richardson"):
        return "these numbers come from f(x + h) and f(x - h) alone: the point itself is never evaluated"
    if r.engine == "symbolic":
        return "sympy's simplified formula no longer holds the failing operation, so its numbers mean nothing here"
    return "its numbers mean nothing here"


def _beyond_floats(ref: Reference) -> str | None:
    """The 50-digit reference never overflows, but a float cannot hold what it found: say so
    rather than show inf."""
    import mpmath
    for what, numbers in (("value", ref.values), ("derivative", [v for row in ref.jacobian for v in row])):
        for v in numbers:
            if mpmath.isnan(v):
                return f"the exact {what} is undefined here (mpmath gives nan)"
            if mpmath.isinf(v):
                return f"the exact {what} is {'+' if v > 0 else '-'}inf here: no float can show it"
            if not math.isfinite(float(v)):
                return (f"the exact {what}, about {mpmath.nstr(v, 3)}, is beyond the float range "
                        f"(largest about 1.8e308)")
    return None


def engine_list(engines) -> list[str]:
    if isinstance(engines, str):
        engines = [e.strip() for e in engines.split(",") if e.strip()]
    engines = list(engines)
    if engines == ["all"]:
        return list(ENGINES)
    for e in engines:
        if e not in ENGINES:
            raise InputError(f"unknown engine '{e}'; choose from {', '.join(ENGINES)}")
    if not engines:
        raise InputError("no engine given")
    return engines


def wrt_columns(wrt, names: list[str]) -> list[int]:
    if wrt is None or wrt == "":
        return list(range(len(names)))
    if isinstance(wrt, str):
        wrt = [w.strip() for w in wrt.split(",") if w.strip()]
    cols = []
    for w in wrt:
        if w in names:
            cols.append(names.index(w))
        elif any(n.startswith(w + "[") for n in names):   # a whole vector
            cols.extend(i for i, n in enumerate(names) if n.startswith(w + "["))
        else:
            raise InputError(f"{option('wrt')} names '{w}', which is not an input (inputs: {names_text(names)})")
    return cols
