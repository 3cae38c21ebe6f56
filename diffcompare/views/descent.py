"""`diffcompare descent`: the book's linear-regression lesson replayed with the gradient
from each engine -- plain gradient descent or momentum, optional mini-batches, fixed seed.

DESIGN: how the data reaches the function
-----------------------------------------
The data set travels into the function as a *data argument that is not differentiated*.
A descent FUNCTION is a def with this convention (checked by `problem`, with a clear
error for each breach):

    def linreg(theta=[0.0, 0.0], xs=[...], ys=[...]):
        m = len(xs)
        return sum((theta[0] + theta[1] * xs[i] - ys[i])**2 for i in range(m)) / m

- the first parameter is the vector being trained (`theta` by custom); its default is
  the starting point;
- the parameters `xs` and `ys` are vectors of equal length, one data row per element;
  their defaults are the data set; no other parameters;
- it returns one value, the loss (the mean over the rows it is given).

Each step calls the engine at the point (theta, xs, ys) with `wrt` = theta's columns
only (`measure.wrt_columns` resolves the name), so every engine differentiates with
respect to n = len(theta) inputs and the book's formulas apply with n_inputs = n:
forward n traversals, numerical n + 1, reverse 2 (one output). A mini-batch is the same
point with xs and ys replaced by the selected rows (shuffled each epoch with numpy's
`default_rng(seed)`); the program is the same, nothing is re-parsed or generated.

Why an argument rather than constants written into the function: the symbolic engine
sees xs and ys as symbols, so its derivative depends on the batch's *size*, not its
numbers. With `cache=` (opt-in, passed here and nowhere else) it derives once per
(program, input shape, wrt) and every later step only evaluates; `diffcompare diff`
still times a real derivation. Constants baked into the function would force a new
derivation for every batch.

With numpy the data are arrays and the convention follows them: when the program takes any
parameter after theta as a numpy array (`expressions/linreg_np.py`, the book's
`error = X_b.dot(theta) - y; np.mean(error ** 2)`), every parameter after theta is data --
vectors or matrices with one row per first index, all with the same number of rows -- and a
mini-batch takes the same rows of each. theta may be a vector or a column vector (n x 1, as the
book's `np.random.randn(2, 1)`); the optimiser works on its n elements either way.

The bundled `linreg` holds 100 rows made by `make_data(42)`: y = 4 + 3x + noise; `linreg_np`
holds the same rows as X_b = [1, x] and y.
The closed-form least-squares solution is read off the loss itself: a model linear in
theta has a loss Q(theta) that is quadratic, whose coefficients (the normal equations
AᵀA/m, Aᵀy/m) come exactly -- up to rounding -- from second differences of Q with unit
steps; numpy solves them. For `linreg` this equals `numpy.linalg.lstsq` on [1, x]
(tested). A loss that is not quadratic in theta has no such solution, and the table says so.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..render.output import Shown
from ..engines import ENGINES, engine_function
from ..errors import DiffcompareError, DomainError, InputError, option
from ..interpreter import FLOAT, Meter, evaluate, float_inputs
from ..analysis.measure import engine_list, wrt_columns
from ..language.ir import Program
from ..language.point import Point
from ..language.given import program_of

DEFAULT_FUNCTION = "linreg"
DATA = ("xs", "ys")
OPTIMIZERS = ("gd", "momentum")
EXACT = ("reverse", "forward", "symbolic")   # engines whose gradient is exact; the first that ran is the reference


def make_data(seed: int = 42, rows: int = 100, decimals: int = 4) -> tuple[list[float], list[float]]:
    """The book's toy data set: x uniform on [0, 2), y = 4 + 3x + standard normal noise
    (rounded, so the bundled `linreg` can hold exactly these numbers)."""
    rng = np.random.default_rng(seed)
    x = np.round(2 * rng.random(rows), decimals)
    y = np.round(4 + 3 * x + rng.standard_normal(rows), decimals)
    return x.tolist(), y.tolist()


# --- the convention: theta first, data in xs and ys ---------------------------------

CONVENTION = ("a descent FUNCTION is a def whose first parameter is the vector being trained and whose "
              "parameters xs and ys hold the data, e.g. def f(theta=[0.0, 0.0], xs=[...], ys=[...]) "
              "(with numpy: every parameter after theta is a data array, e.g. def f(theta=[[0.0], [0.0]], "
              "X_b=[[1.0, 0.5], ...], y=[[5.4], ...]))")


@dataclass
class Problem:
    """A function that follows the convention, with its data set and starting point."""
    program: Program
    theta_name: str
    theta0: list[float]                 # theta's elements, flat (the optimiser's vector)
    data: dict[str, np.ndarray]         # each data parameter's rows (a vector's elements, a matrix's rows)
    theta_shape: tuple[int, ...] = ()   # (n,) a vector, (n, 1) a column vector

    @property
    def xs(self) -> np.ndarray:
        return self.data["xs"]

    @property
    def ys(self) -> np.ndarray:
        return self.data["ys"]

    @property
    def n(self) -> int:
        return len(self.theta0)

    @property
    def rows(self) -> int:
        return len(next(iter(self.data.values())))

    @property
    def name(self) -> str:
        return self.program.name

    def point(self, theta, rows: np.ndarray | None = None) -> Point:
        """The engine's point: theta (in its own shape) and the data rows (all of them, or a mini-batch)."""
        given = {self.theta_name: np.asarray(theta, dtype=float).reshape(self.theta_shape or -1).tolist()}
        for name, values in self.data.items():
            given[name] = (values if rows is None else values[rows]).tolist()
        return Point.of(self.program, given)

    def wrt(self) -> list[int]:
        """theta's flat columns: the only inputs differentiated."""
        return wrt_columns(self.theta_name, self.point(self.theta0).input_names())

    def loss(self, theta) -> float:
        """The loss on the whole data set: one plain float evaluation, counted nowhere."""
        return float(evaluate(self.program, float_inputs(self.program, self.point(theta)), FLOAT, Meter())[0])


def problem(function: str | Program = DEFAULT_FUNCTION) -> Problem:
    """Load FUNCTION and check that it follows the convention (one clear error otherwise)."""
    program = program_of(function)
    if program.inline:
        raise InputError(f"an inline expression has no data parameters: {CONVENTION}")
    params = {p.name: p for p in program.params}
    first = program.params[0] if program.params else None
    if first is None or first.name in DATA or not first.is_vector:
        raise InputError(f"{program.name}: the first parameter must be the vector being trained "
                         f"(a list default such as theta=[0.0, 0.0]); {CONVENTION}")
    theta = np.array(first.default, dtype=float)
    if theta.ndim == 2 and theta.shape[1] != 1:
        raise InputError(f"{program.name}: {first.name} is a {theta.shape[0]}×{theta.shape[1]} matrix; descent "
                         f"trains a vector or a column vector (n×1)")
    if program.returns_list:
        raise InputError(f"{program.name} returns several values; descent needs one, the loss")
    rest = program.params[1:]
    if any(p.array for p in rest):
        data = _array_data(program, rest)
    else:
        data = _list_data(program, first, params)
    return Problem(program, first.name, theta.ravel().tolist(), data, theta.shape)


def _list_data(program: Program, first, params: dict) -> dict[str, np.ndarray]:
    """The classic convention: xs and ys, lists of equal length, and nothing else."""
    for name in DATA:
        if name not in params:
            raise InputError(f"{program.name} has no parameter {name}: {CONVENTION}")
        if not params[name].is_vector:
            raise InputError(f"{program.name}: {name} must be a vector of data (a list default), one row per element")
    extra = [p.name for p in program.params if p.name not in (first.name,) + DATA]
    if extra:
        raise InputError(f"{program.name}: descent passes only {first.name}, xs and ys; "
                         f"remove or inline {', '.join(extra)}")
    xs, ys = params["xs"].default, params["ys"].default
    if len(xs) != len(ys):
        raise InputError(f"{program.name}: xs has {len(xs)} rows but ys has {len(ys)}")
    return {"xs": np.array(xs, dtype=float), "ys": np.array(ys, dtype=float)}


def _array_data(program: Program, rest: list) -> dict[str, np.ndarray]:
    """The numpy convention: every parameter after theta is a data array, one row per first index."""
    data = {}
    for p in rest:
        if not p.is_vector:
            raise InputError(f"{program.name}: {p.name} is a number; with numpy arrays every parameter after the "
                             f"first is data, a vector or matrix with one row per first index ({CONVENTION})")
        data[p.name] = np.array(p.default, dtype=float)
    counts = {name: len(values) for name, values in data.items()}
    if len(set(counts.values())) != 1:
        raise InputError(f"{program.name}: the data arrays must have one number of rows: "
                         + ", ".join(f"{name} has {k}" for name, k in counts.items()))
    return data


# --- settings ------------------------------------------------------------------------

@dataclass
class Settings:
    optimizer: str = "gd"
    learning_rate: float = 0.1       # converges on linreg's data: the loss's curvature is at most 4.2, so < 2/4.2
    momentum: float = 0.9
    epochs: int = 1000
    batch_size: int | None = None    # None: every row in every step (batch gradient descent)
    seed: int = 42

    def check(self, rows: int) -> None:
        if self.optimizer not in OPTIMIZERS:
            raise InputError(f"unknown optimizer '{self.optimizer}'; choose from {', '.join(OPTIMIZERS)}")
        if not (math.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise InputError(f"{option('learning_rate')} must be a positive number, got {self.learning_rate}")
        if not (0 <= self.momentum < 1):
            raise InputError(f"{option('momentum')} must be in [0, 1), got {self.momentum}")
        if self.epochs < 1:
            raise InputError(f"{option('epochs')} must be at least 1, got {self.epochs}")
        if self.batch_size is not None and not (1 <= self.batch_size <= rows):
            raise InputError(f"{option('batch_size')} must be between 1 and the {rows} rows of the data, got {self.batch_size}")
        if self.seed < 0:
            raise InputError(f"{option('seed')} must be a whole number >= 0, got {self.seed}")

    def full_batch(self, rows: int) -> bool:
        return self.batch_size is None or self.batch_size >= rows

    def as_dict(self) -> dict:
        return {"optimizer": self.optimizer, "learning_rate": self.learning_rate,
                "momentum": self.momentum if self.optimizer == "momentum" else None,
                "epochs": self.epochs, "batch_size": self.batch_size, "seed": self.seed}


def epoch_batches(rows: int, settings: Settings, rng: np.random.Generator) -> list[np.ndarray | None]:
    """One epoch's batches: None (every row) for batch descent, else the rows shuffled by the
    seeded generator and cut into batch_size pieces (the last may be smaller)."""
    if settings.full_batch(rows):
        return [None]
    order = rng.permutation(rows)
    return [order[i:i + settings.batch_size] for i in range(0, rows, settings.batch_size)]


# --- one engine's run ----------------------------------------------------------------

@dataclass
class EngineRun:
    engine: str
    thetas: list[list[float]] = field(default_factory=list)   # thetas[e]: after e epochs (thetas[0]: the start)
    losses: list[float] = field(default_factory=list)         # losses[e]: the whole data set's loss at thetas[e]
    step_s: list[float] = field(default_factory=list)         # wall time of each gradient
    traversals: list[int] = field(default_factory=list)       # each gradient's traversals (its Meter)
    primitive_calls: list[int] = field(default_factory=list)
    derive_s: float = 0.0                                      # symbolic: time spent deriving, all derivations
    derivations: int = 0
    error: str | None = None
    distance: float | None = None                              # max |theta - theta*| at the end
    drift: float | None = None                                 # max over epochs of max |theta - reference theta|

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def theta(self) -> list[float]:
        return self.thetas[-1]

    @property
    def loss(self) -> float | None:
        return self.losses[-1] if len(self.losses) == len(self.thetas) else None

    @property
    def steps(self) -> int:
        return len(self.step_s)

    @property
    def time_per_step(self) -> float | None:
        return statistics.median(self.step_s) if self.step_s else None

    @property
    def traversal_counts(self) -> Counter:
        return Counter(self.traversals)

    @property
    def traversals_per_step(self) -> int | None:
        """The count of most steps (symbolic: 0 -- its steps after a derivation only evaluate)."""
        return self.traversal_counts.most_common(1)[0][0] if self.traversals else None


def _update(settings: Settings, theta: np.ndarray, velocity: np.ndarray, gradient: np.ndarray):
    if settings.optimizer == "momentum":
        velocity = settings.momentum * velocity - settings.learning_rate * gradient
        return theta + velocity, velocity
    return theta - settings.learning_rate * gradient, velocity


def run_engine(engine: str, prob: Problem, settings: Settings) -> EngineRun:
    """Train theta with `engine`'s gradient. Errors are data: an engine that fails or
    diverges stops with the reason in `error`, the others still run."""
    fn = engine_function(engine)
    options = {"cache": {}} if engine == "symbolic" else {}
    cols = prob.wrt()
    rng = np.random.default_rng(settings.seed)       # each engine sees the same batches
    full = settings.full_batch(prob.rows)
    theta = np.array(prob.theta0, dtype=float)
    velocity = np.zeros_like(theta)
    run = EngineRun(engine, thetas=[theta.tolist()])
    try:
        for epoch in range(settings.epochs):
            if not full:
                run.losses.append(prob.loss(theta))
                _check_growth(run, epoch)
            for rows in epoch_batches(prob.rows, settings, rng):
                meter = Meter()
                point = prob.point(theta, rows)
                start = time.perf_counter()
                d = fn(prob.program, point, meter, cols, **options)
                run.step_s.append(time.perf_counter() - start)
                run.traversals.append(meter.traversals)
                run.primitive_calls.append(meter.primitive_calls)
                if engine == "symbolic" and not d.details["cached"]:
                    run.derive_s += d.details["derive_s"]
                    run.derivations += 1
                if full:   # the gradient's own value at theta is the whole data set's loss
                    run.losses.append(float(d.values[0]))
                    _check_growth(run, epoch)
                theta, velocity = _update(settings, theta, velocity, np.array(d.jacobian[0], dtype=float))
                if not np.all(np.isfinite(theta)):
                    raise _Diverged(epoch, "theta is no longer finite")
            run.thetas.append(theta.tolist())
        run.losses.append(prob.loss(theta))
        _check_growth(run, settings.epochs)
    except _Diverged as exc:
        run.error = (f"diverged in epoch {exc.epoch}: {exc.why} (try a smaller {option('learning_rate')} "
                     f"than {settings.learning_rate:g})")
    except DomainError as exc:
        # an overflow while the loss was growing is the divergence reaching the float range
        growing = len(run.losses) > 1 and run.losses[-1] > run.losses[0]
        run.error = (f"diverged in epoch {len(run.thetas) - 1}: {exc} (try a smaller {option('learning_rate')} "
                     f"than {settings.learning_rate:g})" if growing else f"epoch {len(run.thetas) - 1}: {exc}")
    except DiffcompareError as exc:
        run.error = f"epoch {len(run.thetas) - 1}: {exc}"
    return run


#: a loss this many times its starting value has diverged: a step that overshoots the
#: minimum grows the loss geometrically, while a converging run (even with noisy mini-batches)
#: never comes near it
DIVERGED_GROWTH = 1e6


def _check_growth(run: EngineRun, epoch: int) -> None:
    loss, first = run.losses[-1], run.losses[0]
    if not math.isfinite(loss):
        raise _Diverged(epoch, f"the MSE is no longer finite ({loss})")
    if first > 0 and loss > DIVERGED_GROWTH * first:
        raise _Diverged(epoch, f"the MSE grew from {first:.4g} to {loss:.4g}, "
                               f"more than {DIVERGED_GROWTH:.0e} times its start")


class _Diverged(Exception):
    def __init__(self, epoch: int, why: str):
        self.epoch = epoch
        self.why = why


# --- the closed-form solution ----------------------------------------------------------

@dataclass
class ClosedForm:
    theta: list[float] | None
    loss: float | None
    reason: str | None = None        # why there is none


QUADRATIC_TOLERANCE = 1e-8


def least_squares(prob: Problem) -> ClosedForm:
    """The minimum of a loss quadratic in theta, from its normal equations.

    Q(t) = tᵀPt + qᵀt + c; with unit vectors e_j, second differences give P and q
    exactly up to rounding (a quadratic has no higher terms to truncate):
    P_jj = (Q(e_j) + Q(-e_j) - 2Q(0)) / 2, q_j = (Q(e_j) - Q(-e_j)) / 2,
    P_jk = (Q(e_j + e_k) - Q(e_j) - Q(e_k) + Q(0)) / 2; then 2P t* = -q.
    Probes off that grid check that Q really is that quadratic.
    """
    n = prob.n
    eye = np.eye(n)
    try:
        q0 = prob.loss(np.zeros(n))
        up = [prob.loss(eye[j]) for j in range(n)]
        down = [prob.loss(-eye[j]) for j in range(n)]
        p = np.empty((n, n))
        for j in range(n):
            p[j, j] = (up[j] + down[j] - 2 * q0) / 2
            for k in range(j):
                p[j, k] = p[k, j] = (prob.loss(eye[j] + eye[k]) - up[j] - up[k] + q0) / 2
        q = (np.array(up) - np.array(down)) / 2
        # probes off the grid of unit steps, near and far: a piecewise loss (abs, a branch) can look
        # quadratic, even linear, near the origin
        for scale in (1.0, -3.0, 10.0):
            probe = scale * (0.5 + np.linspace(0.0, 1.0, n))
            actual = prob.loss(probe)
            if abs(q0 + q @ probe + probe @ p @ probe - actual) > QUADRATIC_TOLERANCE * max(1.0, abs(actual)):
                return ClosedForm(None, None, "the loss is not quadratic in theta, so there is no "
                                  "least-squares closed form")
        if np.linalg.eigvalsh(p).min() <= 0:
            return ClosedForm(None, None, "the loss has no single minimum (its curvature is not positive)")
        best = np.linalg.solve(2 * p, -q)
        return ClosedForm(best.tolist(), prob.loss(best))
    except DiffcompareError as exc:
        return ClosedForm(None, None, f"the loss could not be evaluated for the closed form: {exc}")


# --- the whole lesson ---------------------------------------------------------------

@dataclass(repr=False)
class Descent(Shown):
    problem: Problem
    settings: Settings
    closed_form: ClosedForm
    runs: dict[str, EngineRun]
    reference: str | None            # the exact engine whose trajectory the others are measured against

    @property
    def failure(self) -> str | None:
        """Why no engine trained to the end (each failed or diverged), or None."""
        if any(run.ok for run in self.runs.values()):
            return None
        diverged = [e for e, run in self.runs.items() if "diverged" in (run.error or "")]
        how = "diverged" if len(diverged) == len(self.runs) else "failed or diverged"
        return f"every engine's training {how} ({', '.join(self.runs)}: each reason is in its row)"

    @property
    def steps_per_epoch(self) -> int:
        s = self.settings
        return 1 if s.full_batch(self.problem.rows) else math.ceil(self.problem.rows / s.batch_size)


def descend(function: str | Program = DEFAULT_FUNCTION, engines=ENGINES, optimizer: str = "gd",
            learning_rate: float = 0.1, momentum: float = 0.9, epochs: int = 1000,
            batch_size: int | None = None, seed: int = 42,
            progress: Callable[[str], None] | None = None) -> Descent:
    """Gradient descent on FUNCTION with each engine's gradient, measured
    (`progress(engine)` is called as each engine starts: a run takes seconds).

    >>> d = descend(engines="reverse")
    >>> [round(t, 3) for t in d.runs["reverse"].theta]
    [3.949, 3.038]
    """
    prob = problem(function)
    settings = Settings(optimizer, learning_rate, momentum, epochs, batch_size, seed)
    settings.check(prob.rows)
    names = engine_list(engines)
    closed = least_squares(prob)
    runs = {}
    for name in names:
        if progress is not None:
            progress(name)
        runs[name] = run_engine(name, prob, settings)
    for run in runs.values():
        if run.ok and closed.theta is not None:
            run.distance = float(np.max(np.abs(np.array(run.theta) - closed.theta)))
    reference = next((e for e in EXACT if e in runs and runs[e].ok), None)
    if reference is not None:
        ref = np.array(runs[reference].thetas)
        for run in runs.values():
            if run.ok:
                run.drift = float(np.max(np.abs(np.array(run.thetas) - ref)))
    return Descent(prob, settings, closed, runs, reference)
