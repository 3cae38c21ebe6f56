"""How each engine's cost grows with the number of inputs (or outputs).

Every vector input is resized to n (`source.resize_vectors`) for each n of `--n`, and
each engine differentiates the program there, measured by `measure.run_engine`:
graph traversals, primitive calls and median time, and the time relative to one plain
evaluation at the same size. On log-log axes the cost of reverse mode relative to one
evaluation stays flat (slope 0: n_outputs + 1 traversals) while forward mode and
finite differences grow with n (slope 1: a traversal per input); the fitted slopes
and the size where one mode becomes cheaper than the other are reported.

With numpy arrays, one operation as written works on a whole array, so primitive calls stay
flat as n grows; the element operations they cost (the interpreter's meter) are measured
beside them. `--n` resizes vectors only: a matrix input keeps its shape at every size (its
two sizes have no one n), and a program whose inputs are all matrices cannot be scaled.

The symbolic engine runs in a child process with a time cap per size: sympy cannot be
interrupted portably from inside, and expression swell makes its time explode, so a
size that takes longer than the cap is reported as "> cap" and the larger sizes are
not tried (they would only take longer).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from ..deadlines import COMMAND, RESERVE_S, remaining
from ..render.output import Shown
from ..engines import ENGINES
from ..errors import DiffcompareError, InputError, option, switch
from ..interpreter import FLOAT, Meter, evaluate, float_inputs
from ..limits import LIMITS
from ..analysis.cost import Probe
from ..analysis.measure import Stopped, budgeted, engine_list, wrt_columns, median_time, run_engine
from ..language.ir import Program
from ..language.point import Point
from ..language.point import resize_vectors
from ..language.given import point_of, program_of

DEFAULT_SIZES = (2, 10, 100)     # not 1: rosenbrock(1) is an empty sum, a constant with nothing to compare
SYMBOLIC_CAP_S = 10.0
STARTUP_S = 120.0          # a child process gets this long to start (importing sympy on a busy machine)
AXES = ("inputs", "outputs")


@dataclass
class ScalingPoint:
    engine: str
    size: int                          # the length every vector input was resized to
    n_inputs: int                      # inputs differentiated
    n_outputs: int
    traversals: int | None = None
    primitive_calls: int | None = None
    element_operations: int | None = None   # the scalar work of those calls (differs from them with arrays)
    time_s: float | None = None
    capped: bool = False               # symbolic: over the time or size cap, or skipped after one that was
    relative_time: float | None = None  # time_s / the time of one plain evaluation at this size
    relative_calls: float | None = None  # primitive_calls / those of one plain evaluation
    expression_ops: tuple[int, int] | None = None   # symbolic: operations as written, after cse
    note: str = ""                     # why a value is missing

    def as_dict(self, arrays: bool = False) -> dict:
        """The issue's schema; `arrays` adds the element operations (a program on numpy arrays)."""
        return {"engine": self.engine, "n_inputs": self.n_inputs, "n_outputs": self.n_outputs,
                "traversals": self.traversals, "primitive_calls": self.primitive_calls,
                **({"element_operations": self.element_operations} if arrays else {}),
                "time_s": self.time_s, "capped": self.capped}


@dataclass
class Evaluation:
    """One plain float evaluation at a size: the unit the engines' costs are divided by."""
    size: int
    n_outputs: int
    time_s: float
    primitive_calls: int
    element_operations: int = 0


@dataclass(repr=False)
class Scaling(Shown):
    function: str
    axis: str                          # "inputs" or "outputs": what grows along the chart's x axis
    sizes: list[int]
    engines: list[str]
    points: list[ScalingPoint]
    evaluations: dict[int, Evaluation]
    slopes: dict[str, float | None]            # of log(time / one evaluation) against log(axis count)
    call_slopes: dict[str, float | None]       # of log(primitive calls / one evaluation's) likewise
    traversal_slopes: dict[str, float | None]  # of log(traversals)
    crossover: dict
    symbolic_cap_s: float
    wrt: list[str] | None = None
    arrays: bool = False               # the program takes numpy arrays: element operations are shown
    fixed: list[str] = field(default_factory=list)   # matrix inputs, which keep their shape: "W 2×3"
    notes: list[str] = field(default_factory=list)   # sizes not measured, and why

    def count(self, p: ScalingPoint) -> int:
        """The x coordinate of a point: its input count, or its output count."""
        return p.n_inputs if self.axis == "inputs" else p.n_outputs

    def of(self, engine: str) -> list[ScalingPoint]:
        return [p for p in self.points if p.engine == engine]

    @property
    def failure(self) -> str | None:
        """Why no engine was measured at any size, or None."""
        if any(p.traversals is not None or p.time_s is not None for p in self.points):
            return None
        return f"no engine asked for could differentiate {self.function} at any size (each reason is in its row)"

    def as_dict(self) -> dict:
        return {"function": self.function, "points": [p.as_dict(self.arrays) for p in self.points],
                "slopes": self.slopes, "crossover": self.crossover}


def parse_sizes(sizes: str | list[int] | tuple[int, ...]) -> list[int]:
    """`1,10,100` -> [1, 10, 100] (sorted, each once)."""
    if isinstance(sizes, str):
        items = [s.strip() for s in sizes.split(",") if s.strip()]
        try:
            sizes = [int(s) for s in items]
        except ValueError:
            raise InputError(f"{option('sizes')} expects whole numbers separated by commas, such as 1,10,100; got '{sizes}'") \
                from None
    sizes = sorted(set(sizes))
    if not sizes:
        raise InputError(f"{option('sizes')} needs at least one size")
    if sizes[0] < 1:
        raise InputError(f"{option('sizes')} {sizes[0]}: a size must be at least 1")
    return sizes


def planned_steps(sizes: str | list[int], engines=ENGINES) -> int:
    """How many measurements `scale` makes (a plain evaluation and each engine, per size): a progress bar's total."""
    return len(parse_sizes(sizes)) * (1 + len(engine_list(engines)))


def scale(function: str | Program, sizes: str | list[int] = DEFAULT_SIZES, engines=ENGINES, at: str | None = None,
          wrt: str | list[str] | None = None, outputs: bool = False, symbolic_cap_s: float = SYMBOLIC_CAP_S,
          repeats: int | None = None, progress: Callable[[str], None] | None = None) -> Scaling:
    """Measure every engine at every size (vector inputs resized to n).

    `outputs=True` puts the output count on the x axis, and unless `wrt` says otherwise
    differentiates with respect to the scalar inputs only, so that the outputs grow and
    the inputs do not (`oscillators`: 1 input t, n outputs).
    """
    program = program_of(function)
    sizes = parse_sizes(sizes)
    engines = engine_list(engines)
    if not 0 < symbolic_cap_s < math.inf:
        raise InputError("the symbolic time cap must be a positive, finite number of seconds")
    base = point_of(at, program)
    fixed = [f"{name} {'×'.join(map(str, shape))}" for name, shape in zip(base.names, base.shapes)
             if len(shape) > 1]
    if not any(len(shape) == 1 for shape in base.shapes):
        if fixed:
            raise InputError(f"{_name(program)}'s array inputs are all matrices ({', '.join(fixed)}): {option('sizes')} resizes "
                             f"vector inputs only (a matrix's two sizes have no one n), so nothing would grow; "
                             f"scaling needs a vector input (for instance rosenbrock, bvp or oscillators)")
        raise InputError(f"{_name(program)} has no vector input to resize; scaling needs one "
                         f"(for instance rosenbrock, bvp or oscillators)")
    if outputs and wrt is None:
        wrt = [name for name, shape in zip(base.names, base.shapes) if not shape] or None
    progress = progress or (lambda description: None)

    # the symbolic cap is one engine's time at most
    symbolic_cap_s = min(symbolic_cap_s, LIMITS.max_engine_seconds)
    points: list[ScalingPoint] = []
    evaluations: dict[int, Evaluation] = {}
    over: dict[str, str] = {}          # engine -> why the larger sizes are skipped
    notes: list[str] = []
    measured = []
    for n in sizes:
        point = resize_vectors(base, n)
        cols = wrt_columns(wrt, point.input_names())
        progress(f"one evaluation, n = {n:,}")
        try:
            one = budgeted(lambda: _plain_evaluation(program, point, n, repeats))
        except Stopped as exc:
            notes.append(f"n = {n:,} and larger not measured: one plain evaluation at n = {n:,} did not finish: {exc}.")
            break
        measured.append(n)
        evaluations[n] = one
        probe = Probe(one.n_outputs, one.time_s, one.primitive_calls, one.element_operations)
        for engine in engines:
            progress(f"{engine}, n = {n:,}")
            p = ScalingPoint(engine, n, len(cols), one.n_outputs)
            if engine in over:
                p.capped, p.note = True, over[engine]
            elif engine == "symbolic":
                _measure_symbolic(p, program, point, cols, symbolic_cap_s)
                if p.capped:
                    over[engine] = f"skipped: n = {n:,} already passed the cap"
            else:
                r = run_engine(engine, program, point, cols, repeats=repeats, probe=probe)
                _fill(p, r)
                if r.over_limits:
                    p.capped = True
                    over[engine] = f"skipped: n = {n:,} was already over the engine's limits"
            if p.time_s is not None and one.time_s > 0:
                p.relative_time = p.time_s / one.time_s
            if p.primitive_calls is not None and one.primitive_calls > 0:
                p.relative_calls = p.primitive_calls / one.primitive_calls
            points.append(p)
    if not measured:
        raise InputError(notes[0].replace(" and larger not measured: ", ": nothing measured, "))
    sizes = measured

    result = Scaling(_name(program), "outputs" if outputs else "inputs", sizes, engines, points, evaluations,
                     {}, {}, {}, {}, symbolic_cap_s, list(wrt) if isinstance(wrt, list) else wrt,
                     any(p.array for p in program.params), fixed, notes)
    _check_axis(result)
    for engine in engines:
        # the smallest size is left out of the fits when three or more were measured: there (n = 1)
        # fixed per-call overheads, not the graph, dominate both the engine's time and one evaluation's
        mine = [p for p in result.of(engine) if len(sizes) < 3 or p.size > sizes[0]]
        xs = [result.count(p) for p in mine]
        result.slopes[engine] = fit_slope(xs, [p.relative_time for p in mine])
        result.call_slopes[engine] = fit_slope(xs, [p.relative_calls for p in mine])
        result.traversal_slopes[engine] = fit_slope(xs, [p.traversals for p in mine]) if engine != "symbolic" \
            else None
    result.crossover = crossover(result)
    return result


def _name(program: Program) -> str:
    return program.name if not program.inline else program.source.strip()


def _plain_evaluation(program: Program, point: Point, n: int, repeats: int | None) -> Evaluation:
    meter = Meter()
    start = time.perf_counter()
    try:
        values = evaluate(program, float_inputs(program, point), FLOAT, meter)
    except DiffcompareError as exc:
        raise type(exc)(f"at n = {n:,} the function itself cannot be evaluated: {exc}") from None
    first = time.perf_counter() - start
    t, _ = median_time(lambda: evaluate(program, float_inputs(program, point), FLOAT, Meter()), first, repeats)
    return Evaluation(n, len(values), t, meter.primitive_calls, meter.element_ops)


def _fill(p: ScalingPoint, r) -> None:
    p.traversals, p.primitive_calls, p.time_s = r.traversals, r.primitive_calls, r.time_s
    p.element_operations = r.element_operations
    if r.error:
        p.note = ("refused: " if not r.supported else "error: ") + r.error
        p.time_s = None if r.jacobian is None else p.time_s


def _check_axis(s: Scaling) -> None:
    counts = {s.count(p) for p in s.points}
    if len(s.sizes) > 1 and len(counts) == 1:
        raise InputError(f"the number of {s.axis} stays {counts.pop()} at every size, so nothing grows along "
                         f"the axis; try {switch('outputs', s.axis == 'inputs')} (or another {option('wrt')})")


# --- symbolic, in a child process with a time cap ---------------------------------

def _measure_symbolic(p: ScalingPoint, program: Program, point: Point, cols: list[int], cap_s: float) -> None:
    left = remaining(COMMAND)
    if left is not None and left - RESERVE_S < cap_s:
        cap_s = left - RESERVE_S          # the command's own time is nearly spent
        if cap_s <= 0:
            p.capped, p.note = True, f"not run: the command's time ran out ({COMMAND})"
            return
    outcome = run_capped(program, point, cols, cap_s)
    if outcome.get("capped"):
        p.capped, p.note = True, outcome["reason"]
        return
    if outcome.get("error"):
        p.note = outcome["error"]
        p.capped = outcome.get("limit", False)
        return
    p.traversals, p.primitive_calls, p.time_s = outcome["traversals"], outcome["primitive_calls"], outcome["time_s"]
    p.element_operations = outcome["element_operations"]
    p.expression_ops = (outcome["ops_raw"], outcome["ops_cse"])


def run_capped(program: Program, point: Point, cols: list[int], cap_s: float) -> dict:
    """The symbolic engine on `program` in a child process, stopped after `cap_s` seconds.

    Returns the measured counts and time, or {"capped": True, "reason": ...}."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_symbolic_child, daemon=True,
                        args=(sender, program.source, program.origin, point, cols, asdict(LIMITS)))
    child.start()
    sender.close()
    try:
        if not receiver.poll(STARTUP_S):
            return {"error": f"the symbolic run did not start within {STARTUP_S:.0f} s"}
        receiver.recv()                       # "started": the cap counts from here, not from process start-up
        if not receiver.poll(cap_s):
            return {"capped": True, "reason": f"stopped at the {cap_s:g} s time cap"}
        return receiver.recv()
    except EOFError:
        return {"error": f"the symbolic run ended without a result (exit code {child.exitcode})"}
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def _context():
    import multiprocessing
    # forkserver: each child forks from a server that has already imported sympy, so a child
    # starts in milliseconds, and unlike plain fork it is safe while rich's progress thread runs
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["diffcompare.views.scaling", "diffcompare.engines.symbolic"])
        return ctx
    return multiprocessing.get_context("spawn")


def _symbolic_child(conn, source: str, origin: str, point: Point, cols: list[int], limits: dict) -> None:
    conn.send("started")
    from ..language.frontend import parse
    for name, value in limits.items():        # a --limit given to the parent holds here too
        setattr(LIMITS, name, value)
    r = run_engine("symbolic", parse(source, origin), point, cols)
    if r.jacobian is None or r.error:
        conn.send({"error": ("refused: " if not r.supported else "error: ") + (r.error or ""),
                   "limit": "max_symbolic_nodes" in (r.error or "")})
    else:
        conn.send({"traversals": r.traversals, "primitive_calls": r.primitive_calls,
                   "element_operations": r.element_operations, "time_s": r.time_s,
                   "ops_raw": r.details["ops_raw"], "ops_cse": r.details["ops_cse"]})
    conn.close()


# --- fits and crossovers ----------------------------------------------------------

def fit_slope(xs: list[int], ys: list[float | None]) -> float | None:
    """Least-squares slope of log(y) against log(x) over the points with x, y > 0 (None: under 2 distinct x)."""
    pairs = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if y is not None and x > 0 and y > 0]
    if len({x for x, _ in pairs}) < 2:
        return None
    mx = sum(x for x, _ in pairs) / len(pairs)
    my = sum(y for _, y in pairs) / len(pairs)
    return sum((x - mx) * (y - my) for x, y in pairs) / sum((x - mx) ** 2 for x, _ in pairs)


def cheaper_from(pairs: list[tuple[int, float | None, float | None]]) -> int | None:
    """The smallest x from which on a < b at every larger measured x (pairs sorted by x): None if
    a is not cheaper at the largest."""
    found = None
    for x, a, b in reversed(pairs):
        if a is None or b is None or not a < b:
            break
        found = x
    return found


def crossover(s: Scaling) -> dict:
    """Where reverse mode becomes cheaper than forward mode, and the other way round, along the axis."""
    if "forward" not in s.engines or "reverse" not in s.engines:
        return {}
    fwd = {p.size: p for p in s.of("forward")}
    rev = {p.size: p for p in s.of("reverse")}
    out: dict = {"axis": f"n_{s.axis}"}
    for key, (a, b) in {"reverse_cheaper_than_forward": (rev, fwd),
                        "forward_cheaper_than_reverse": (fwd, rev)}.items():
        by_time = [(s.count(a[n]), a[n].time_s, b[n].time_s) for n in s.sizes]
        by_traversals = [(s.count(a[n]), a[n].traversals, b[n].traversals) for n in s.sizes]
        out[key] = {
            "by_time": cheaper_from(by_time),
            "by_traversals": cheaper_from(by_traversals),
            # every size where it is cheaper, so a summary can be as true as the table (cheaper at n = 1
            # only is not "at no size")
            "sizes_by_time": cheaper_at(by_time),
            "sizes_by_traversals": cheaper_at(by_traversals),
        }
    return out


def cheaper_at(pairs: list[tuple[int, float | None, float | None]]) -> list[int]:
    """Every x where a < b was measured."""
    return [x for x, a, b in pairs if a is not None and b is not None and a < b]
