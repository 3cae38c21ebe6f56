"""An engine's whole work, predicted before it runs.

An engine makes a number of traversals fixed by the size of the problem alone -- the
book's formulas: numerical n + 1 (forward differences), forward mode n, reverse mode
m + 1 -- and each costs about what one plain float evaluation costs in element operations
(one per call on numbers, about n per call on an array of n). So one plain evaluation at
the point (`probe`, timed without the one-time lowering) predicts each engine's work
exactly enough to refuse, before running, an engine that could only run out of its limits:
work beyond `max_engine_operations`, a tape beyond `max_tape_mb`, or a time that even at
float speed (a lower bound: dual numbers, tapes and symbols are slower than floats) exceeds
`max_engine_seconds`. The refusal names the estimate and the cheaper engine to use.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..interpreter import FLOAT, Meter, compiled, evaluate
from ..language.ir import Program
from ..language.point import Point
from ..limits import LIMITS, TAPE_BYTES


@dataclass
class Probe:
    """One plain float evaluation at the point: the unit an engine's work is counted in."""
    n_outputs: int
    time_s: float                  # the run alone (the program was lowered before the clock started)
    primitive_calls: int
    element_operations: int


def probe(program: Program, point: Point) -> Probe:
    """Evaluate once over floats, timed; raises what the evaluation raises."""
    inputs = point.inputs()
    compiled(program, FLOAT, inputs)          # lowering is once per program, not per traversal
    meter = Meter()
    start = time.perf_counter()
    values = evaluate(program, inputs, FLOAT, meter)
    return Probe(len(values), time.perf_counter() - start, meter.primitive_calls, meter.element_ops)


def traversals(engine: str, n_inputs: int, n_outputs: int, method: str = "forward") -> int:
    """The runs of the program an engine makes for `n_inputs` columns and `n_outputs` outputs
    (reverse mode: the taping run and one sweep per output, each about a run's work)."""
    if engine == "numerical":
        return {"forward": n_inputs + 1, "central": 2 * n_inputs + 1, "complex": max(n_inputs, 1),
                "richardson": 4 * n_inputs + 1}[method]
    if engine == "forward":
        return max(n_inputs, 1)
    if engine == "reverse":
        return n_outputs + 1
    return 1            # symbolic: one run over symbols (then sympy's own work, bounded by its limits)


@dataclass
class Estimate:
    engine: str
    traversals: int
    per_traversal: int             # element operations of one plain evaluation
    seconds_at_least: float        # the runs at float speed (reverse mode: the taping run alone)

    @property
    def work(self) -> int:
        return self.traversals * self.per_traversal


def estimate(engine: str, n_inputs: int, p: Probe, method: str = "forward") -> Estimate:
    runs = traversals(engine, n_inputs, p.n_outputs, method)
    # only runs that are at least a float evaluation each bound the time from below; a sweep of
    # the tape is cheaper than a run, and sympy's work is not a run's
    timed = runs if engine in ("numerical", "forward") else 1
    return Estimate(engine, runs, max(p.element_operations, 1), timed * p.time_s)


def refusal(engine: str, n_inputs: int, p: Probe, method: str = "forward") -> str | None:
    """Why `engine` should not start on this problem, with the estimate and a cheaper engine;
    None when it fits its limits."""
    e = estimate(engine, n_inputs, p, method)
    why = None
    if e.work > LIMITS.max_engine_operations:
        why = (f"{e.traversals:,} traversals × {e.per_traversal:,} element operations = {e.work:,}, over "
               f"max_engine_operations ({LIMITS.max_engine_operations:,}, DIFFCOMPARE_MAX_ENGINE_OPERATIONS)")
    elif engine == "reverse" and tape_mb(p) > LIMITS.max_tape_mb:
        elements = p.element_operations - p.primitive_calls
        why = (f"a tape of about {tape_mb(p):,.0f} MB ({p.primitive_calls:,} nodes"
               f"{f', arrays of {elements:,} more elements' if elements > 0 else ''}), over max_tape_mb "
               f"({LIMITS.max_tape_mb:,}, DIFFCOMPARE_MAX_TAPE_MB)")
    elif e.seconds_at_least > LIMITS.max_engine_seconds:
        why = (f"{e.traversals:,} traversals taking at least {e.seconds_at_least:,.0f} s at the speed of one plain "
               f"evaluation ({_duration(p.time_s)}), over max_engine_seconds ({LIMITS.max_engine_seconds:,} s, "
               f"DIFFCOMPARE_MAX_ENGINE_SECONDS)")
    if why is None:
        return None
    return f"predicted {why}{cheaper(engine, n_inputs, p)}"


def cheaper(engine: str, n_inputs: int, p: Probe) -> str:
    """'; try --engine reverse (2 traversals)' when forward or reverse mode needs fewer traversals
    than `engine` and fits its limits; '' otherwise."""
    # symbolic differentiation's time is sympy's, not runs: either autodiff mode is cheaper
    mine = traversals(engine, n_inputs, p.n_outputs) if engine != "symbolic" else float("inf")
    best = min(("reverse", "forward"), key=lambda other: traversals(other, n_inputs, p.n_outputs))
    runs = traversals(best, n_inputs, p.n_outputs)
    if best == engine or runs >= mine or (best == "reverse" and tape_mb(p) > LIMITS.max_tape_mb):
        return ""
    work = runs * max(p.element_operations, 1)
    if work > LIMITS.max_engine_operations:
        return ""
    return f"; try --engine {best} ({runs:,} traversal{'s' if runs != 1 else ''}, {work:,} element operations)"


def tape_mb(p: Probe) -> float:
    """The memory a reverse-mode tape of this run would hold over floats (TAPE_BYTES)."""
    node, element = TAPE_BYTES["real"]
    return (p.primitive_calls * node + max(p.element_operations - p.primitive_calls, 0) * element) / 2**20


def _duration(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"


def check_recordable(program: Program, point: Point, copies: int = 1, what: str = "the trace") -> None:
    """Refuse, before recording, a run whose every node `trace` or `graph` would keep (`copies`
    times: a reverse trace keeps an adjoint and a step per node and sweep) beyond max_trace_nodes.
    One plain evaluation counts the nodes; if it fails, the recording meets the same failure."""
    from ..errors import DiffcompareError
    from ..limits import check_kept
    try:
        p = probe(program, point)
    except DiffcompareError:
        return
    held = (p.element_operations + point.size) * copies
    check_kept(held, f"{what} would keep about {held:,} numbers ({p.element_operations:,} element operations "
                     f"of one run{f' × {copies}' if copies > 1 else ''})")

