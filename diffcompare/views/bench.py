"""The speed figures, measured beside their targets: `diffcompare bench`.

Every figure is measured in this run, on this machine, and printed beside its target:

- reverse-mode gradient against the eager autodiff libraries (PyTorch, HIPS autograd,
  JAX, and jax.jit's steady state) on my_func and rosenbrock(1000), each library
  running the same function written as plain Python;
- the same on vectorised numpy code (`bench_arrays.py`): rosenbrock_np at n = 10^3 and
  10^5 and a small two-layer network's loss, against PyTorch and HIPS autograd running
  that numpy code, and the reverse tape's peak memory against the arrays the program creates;
- the cheap gradient principle: a reverse gradient, and one forward directional
  derivative, against one plain float evaluation through this project's pipeline;
- one-shot command lines, wall time end to end, and whether sympy was imported;
- the parser on a 100,000-node expression;
- the tape's bytes per node, and the peak memory of a 10^6-operation reverse run.

Timings are medians of repeats run in interleaved rounds (every case once per round),
so that a ratio compares numbers taken under the same load; the machine is shared,
so medians and ratios are what to quote. Peers are measured when importable and
skipped with a note when not: they are never dependencies of the package.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from ..engines import forward, reverse
from ..interpreter import FLOAT, Meter, evaluate, float_inputs
from ..language.frontend import parse
from ..language.ir import Program
from ..language.point import Point
from ..language.point import parse_point
from ..language.resolve import load
from . import bench_arrays
from .bench_arrays import NETWORK_SIZES, PROGRAMS, rosenbrock_start, size_text, traced

BOOK = "x^2*y + y + 2"
BOOK_AT = "x=3,y=4"
ARRAY_N = 100_000               # the large rosenbrock_np (the small one has --n inputs)
PARSE_TERMS = 50_001            # x + x + ... + x: 50,001 names and 50,000 additions
MEMORY_ITERATIONS = 250_000     # 4 primitive calls each: 10^6 operations on the tape


@dataclass
class Timing:
    case: str                  # "my_func", "rosenbrock(1000)", ...
    what: str                  # "plain Python", "reverse gradient", "PyTorch eager reverse", ...
    median_s: float | None
    repeats: int
    first_s: float | None = None     # the first call (a jit's compile, our lowering)
    note: str = ""


@dataclass
class Figure:
    name: str
    value: float | bool | None
    unit: str                  # "×", "s", "bytes/node", "MB", ""
    target: str                # the target, in words
    met: bool | None           # None: not measured (a peer missing, a command absent)
    detail: str = ""
    measured: dict = field(default_factory=dict)   # the numbers behind the value (memory: bytes)


@dataclass
class BenchResult:
    machine: dict
    timings: list[Timing] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def timing(self, case: str, what: str) -> Timing | None:
        return next((t for t in self.timings if t.case == case and t.what == what), None)

    def as_dict(self) -> dict:
        return {"machine": self.machine, "figures": [asdict(f) for f in self.figures],
                "timings": [asdict(t) for t in self.timings], "notes": self.notes}


# --- timing --------------------------------------------------------------------------------------------------

def interleaved(cases: dict[str, Callable], rounds: int, budget_s: float = 20.0,
                compiled: tuple[str, ...] = ()) -> dict[str, tuple[list, float]]:
    """Run every case once per round, for `rounds` rounds: {name: (times, first call)}.

    The first call of each case is timed apart (a jit compiles then). A case slower than
    `budget_s / rounds` runs fewer rounds; one slower than `budget_s / 2` keeps its first
    call as its one sample -- except a `compiled` case, whose pace is taken from a second call."""
    first, pace = {}, {}
    for name, fn in cases.items():
        start = time.perf_counter()
        fn()
        first[name] = pace[name] = time.perf_counter() - start
        if name in compiled:
            start = time.perf_counter()
            fn()
            pace[name] = time.perf_counter() - start
    times: dict[str, list] = {name: [] for name in cases}
    for r in range(rounds):
        for name, fn in cases.items():
            if r and pace[name] * (r + 2) > budget_s:
                continue
            if not r and name not in compiled and pace[name] * 2 > budget_s:
                continue
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: (times[name] or [first[name]], first[name]) for name in cases}


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


# --- the functions, as this project runs them and as plain Python --------------------------------------------

def my_func_plain(np, a, b):
    """The book's my_func, as written (np is math, numpy, torch, autograd.numpy or jax.numpy)."""
    z = 0
    for i in range(100):
        z = a * np.cos(z + i) + z * np.sin(b - i)
    return z


def rosenbrock_plain(x, n):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(n - 1))


@dataclass
class Case:
    name: str
    program: Program
    point: Point
    plain: Callable                  # the same function in plain Python (or numpy), on floats
    xs: list[float] | None = None    # rosenbrock's point (None: my_func at (0.2, 0.3))
    kind: str = ""                   # which function, for the peers: my_func, rosenbrock, rosenbrock_np, network
    source: str | None = None        # the program's text, when it is not a bundled function
    data: dict | None = None         # an array case: each parameter's value as a numpy array, for the peers
    wrt: list[int] | None = None     # the flat inputs differentiated (None: all)
    plain_what: str = "plain Python"
    directional: bool = True         # also time one forward directional derivative
    torch_within: float | None = None   # target against PyTorch eager: within this factor (None: faster)


def cases(n: int = 1000) -> list[Case]:
    my_func = load("my_func")
    rosen = load("rosenbrock")
    xs = rosenbrock_start(n)
    return [Case("my_func", my_func, parse_point("a=0.2,b=0.3", my_func), lambda: my_func_plain(math, 0.2, 0.3),
                 kind="my_func"),
            Case(f"rosenbrock({n})", rosen, parse_point("x=[" + ",".join(map(repr, xs)) + "]", rosen),
                 lambda: rosenbrock_plain(xs, n), xs, kind="rosenbrock")]


def array_case(name: str, kind: str, data: dict, torch_within: float | None = None) -> Case:
    """A case of vectorised numpy code: our pipeline on the program's text, the peers and
    'plain numpy' on the same code as Python, all from the values in `data`."""
    import numpy
    text, plain, wrt = PROGRAMS[kind]
    program = parse(text)
    point = Point.of(program, {k: v.tolist() for k, v in data.items()})
    flat = [i for i, name_ in enumerate(point.input_names()) if name_.split("[")[0] in wrt]
    return Case(name, program, point, lambda: plain(numpy, **data), kind=kind, source=text, data=data,
                wrt=None if len(flat) == point.size else flat, plain_what="plain numpy", directional=False,
                torch_within=torch_within)


def array_cases(n: int = 1000, array_n: int = ARRAY_N, network: tuple[int, int, int] = NETWORK_SIZES) -> list[Case]:
    """rosenbrock_np at n and array_n inputs (faster than PyTorch eager at the first, within 1.5×
    of it at the second), and the two-layer network's loss."""
    import numpy
    made = [array_case(f"rosenbrock_np({size})", "rosenbrock_np", {"x": numpy.array(rosenbrock_start(size))},
                       None if size == min(n, array_n) else 1.5)
            for size in sorted({n, array_n})]
    rows, features, hidden = network
    made.append(array_case(f"network {rows}×{features}→{hidden}→1", "network",
                           bench_arrays.network_data(rows, features, hidden)))
    return made


def gradient(program: Program, point: Point, wrt: list[int] | None = None) -> Callable:
    return lambda: reverse.jacobian(program, point, Meter(), wrt)


def directional(program: Program, point: Point) -> Callable:
    seed = [0.0] * len(point.flat)
    seed[0] = 1.0
    return lambda: forward.directional(program, point, seed, Meter())


def speed(result: BenchResult, case: Case, rounds: int, budget_s: float) -> None:
    """Plain Python, our float evaluation, gradient and directional derivative, interleaved."""
    ours = {case.plain_what: case.plain,
            "float evaluation": lambda: evaluate(case.program, float_inputs(case.program, case.point), FLOAT, Meter()),
            "reverse gradient": gradient(case.program, case.point, case.wrt)}
    if case.directional:
        ours["forward directional derivative"] = directional(case.program, case.point)
    # a fresh copy of the program, so the first call includes lowering it (our only 'compile')
    fresh = parse(case.source) if case.source else load(case.program.name)
    start = time.perf_counter()
    reverse.jacobian(fresh, case.point, Meter(), case.wrt)
    first_ours = time.perf_counter() - start
    for what, (times, first) in interleaved(ours, rounds, budget_s).items():
        result.timings.append(Timing(case.name, what, statistics.median(times), len(times),
                                     first_ours if what == "reverse gradient" else first))


# --- peers: each library in a process of its own ----------------------------------------------------------------
#
# PyTorch's and XLA's thread pools keep the cores busy after their own calls: in one process
# they slowed every other case measured beside them, so each library runs alone, as its users run it.

PEERS = {"torch": ("PyTorch eager reverse",), "autograd": ("HIPS autograd",), "jax": ("JAX eager", "jax.jit steady")}
SLOW = {("rosenbrock", "JAX eager")}      # minutes on a small machine: only with --slow


def peer_versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec
    found = {}
    for name in PEERS:
        try:
            found[name] = version(name) if find_spec(name) else None
        except PackageNotFoundError:
            found[name] = "?"
    return found


def peer_functions(library: str, case: Case) -> dict[str, Callable]:
    """The gradient of `case` by `library`, from the same plain-Python function (imports the library)."""
    if case.data is not None:       # numpy code: PyTorch and autograd (JAX is not measured on arrays)
        grad = bench_arrays.peer_gradient(library, case.kind, case.data)
        return {PEERS[library][0]: grad} if grad else {}
    xs = case.xs
    n = len(xs) if xs is not None else 0
    if library == "torch":
        import torch

        def torch_grad():
            if xs is None:
                a = torch.tensor(0.2, dtype=torch.float64, requires_grad=True)
                b = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
                # the book's z = 0 is an int, and torch.cos wants a tensor
                z = torch.zeros((), dtype=torch.float64)
                for i in range(100):
                    z = a * torch.cos(z + i) + z * torch.sin(b - i)
                z.backward()
                return [a.grad.item(), b.grad.item()]
            x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
            rosenbrock_plain(x, n).backward()
            return x.grad.tolist()
        return {"PyTorch eager reverse": torch_grad}
    if library == "autograd":
        import autograd
        import autograd.numpy as anp
        if xs is None:
            grad = autograd.grad(lambda ab: my_func_plain(anp, ab[0], ab[1]))
            point = anp.array([0.2, 0.3])
        else:
            grad = autograd.grad(lambda x: rosenbrock_plain(x, n))
            point = anp.array(xs)
        return {"HIPS autograd": lambda: grad(point)}
    import jax
    jax.config.update("jax_enable_x64", True)     # float64, as everything else here
    jax.config.update("jax_platforms", "cpu")
    import jax.numpy as jnp
    if xs is None:
        f, point = (lambda ab: my_func_plain(jnp, ab[0], ab[1])), jnp.array([0.2, 0.3])
    else:
        f, point = (lambda x: rosenbrock_plain(x, n)), jnp.array(xs)
    eager, jitted = jax.grad(f), jax.jit(jax.grad(f))
    return {"JAX eager": lambda: eager(point).block_until_ready(),
            "jax.jit steady": lambda: jitted(point).block_until_ready()}


def peer_child(library: str, n: int, array_n: int | None, rounds: int, budget_s: float, slow: bool) -> None:
    """Run in a fresh process: time `library` on every case it runs (array cases unless array_n
    is None); JSON on stdout."""
    if library == "torch":
        # One intra-op thread, as numpy, autograd and our engine run. On a shared 2-core machine
        # PyTorch's default pool of two waits on descheduled threads: its gradient of
        # rosenbrock_np(100000) took 2 ms to 480 ms from run to run; on one thread, 9 ms each time.
        # Its calls on small tensors (every other case) never use a second thread either way.
        import torch
        torch.set_num_threads(1)
    out = {}
    for case in cases(n) + (array_cases(n, array_n) if array_n is not None else []):
        functions = {what: fn for what, fn in peer_functions(library, case).items()
                     if slow or (case.name.split("(")[0], what) not in SLOW}
        if functions:
            out[case.name] = interleaved(functions, rounds, budget_s, compiled=("jax.jit steady",))
    print(json.dumps(out))


def peers(result: BenchResult, measured: list[Case], n: int, array_n: int | None, rounds: int, budget_s: float,
          slow: bool) -> None:
    """Each library in its own process, bracketed by runs of our reverse gradient just before and
    just after it, so that a ratio compares numbers taken close together on a shared machine.
    `measured` are the cases that cases(n) and array_cases(n, array_n) make again in the child."""
    ours = {case.name: gradient(case.program, case.point, case.wrt) for case in measured}
    for library in PEERS:
        if result.machine["peers"].get(library) is None:
            continue
        before = interleaved(ours, rounds, budget_s)
        args = f"{library!r}, {n}, {array_n}, {rounds}, {budget_s}, {slow}"
        done = subprocess.run([sys.executable, "-c", f"from diffcompare.views.bench import peer_child; peer_child({args})"],
                              capture_output=True, text=True, timeout=3600)
        after = interleaved(ours, rounds, budget_s)
        if done.returncode != 0:
            result.notes.append(f"{library} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else '?'}")
            continue
        for case, timings in json.loads(done.stdout).items():
            times = before[case][0] + after[case][0]
            result.timings.append(Timing(case, f"reverse gradient, beside {library}", statistics.median(times),
                                         len(times), note="just before and after the library's own run"))
            for what, (times, first) in timings.items():
                note = "its first call compiles" if what == "jax.jit steady" else ""
                result.timings.append(Timing(case, what, statistics.median(times), len(times), first, note))
    if not slow and result.machine["peers"].get("jax") is not None:
        result.notes.append("JAX eager on rosenbrock takes minutes on a small machine: not run (--slow runs it).")
    if result.machine["peers"].get("torch") is not None:
        result.notes.append("PyTorch runs on one intra-op thread (torch.set_num_threads(1)), as numpy, autograd and "
                            "this project do: on a shared machine its default pool's time swings tenfold and more.")
    if array_n is not None and result.machine["peers"].get("jax") is not None:
        result.notes.append("JAX is not measured on the numpy cases.")


def cheap_gradient(result: BenchResult, case: Case) -> None:
    flt = result.timing(case.name, "float evaluation").median_s
    rev = result.timing(case.name, "reverse gradient").median_s
    r = ratio(rev, flt)
    result.figures.append(Figure(f"reverse gradient / one float evaluation, {case.name}", r, "×", "≤ 4×",
                                 r is not None and r <= 4, "cheap gradient principle"))
    if case.directional:
        f = ratio(result.timing(case.name, "forward directional derivative").median_s, flt)
        result.figures.append(Figure(f"forward directional derivative / one float evaluation, {case.name}", f, "×",
                                     "≤ 3×", f is not None and f <= 3))


def against_peers(result: BenchResult, case: Case) -> None:
    torch = result.timing(case.name, "PyTorch eager reverse")
    ours = result.timing(case.name, "reverse gradient, beside torch")
    faster = ratio(torch.median_s, ours.median_s) if torch and ours else None
    result.figures.append(Figure(f"reverse gradient speed-up over PyTorch eager, {case.name}", faster, "×", "≥ 5×",
                                 None if faster is None else faster >= 5,
                                 "" if torch else "PyTorch not measured"))
    jit = result.timing(case.name, "jax.jit steady")
    ours = result.timing(case.name, "reverse gradient, beside jax")
    behind = ratio(ours.median_s, jit.median_s) if jit and ours else None
    result.figures.append(Figure(f"reverse gradient / jax.jit steady state, {case.name} (stretch)", behind, "×",
                                 "≤ 2×", None if behind is None else behind <= 2,
                                 f"jax.jit compiled for {jit.first_s:.2f} s first" if jit else "JAX not measured"))
    first = result.timing(case.name, "reverse gradient").first_s
    result.figures.append(Figure(f"first reverse gradient, lowering included, {case.name} (stretch)", first,
                                 "s", "≤ 0.1 s (no compile wait)", first <= 0.1))


def against_peers_on_arrays(result: BenchResult, case: Case) -> None:
    """Numpy code: faster than HIPS autograd; against PyTorch eager, faster, or within
    `case.torch_within` of it (the large size)."""
    ours = result.timing(case.name, "reverse gradient, beside autograd")
    theirs = result.timing(case.name, "HIPS autograd")
    faster = ratio(theirs.median_s, ours.median_s) if theirs and ours else None
    result.figures.append(Figure(f"reverse gradient speed-up over HIPS autograd, {case.name}", faster, "×",
                                 "> 1× (faster)", None if faster is None else faster > 1,
                                 "" if theirs else "autograd not measured"))
    ours = result.timing(case.name, "reverse gradient, beside torch")
    theirs = result.timing(case.name, "PyTorch eager reverse")
    missing = "" if theirs else "PyTorch not measured"
    if case.torch_within is None:
        faster = ratio(theirs.median_s, ours.median_s) if theirs and ours else None
        result.figures.append(Figure(f"reverse gradient speed-up over PyTorch eager, {case.name}", faster, "×",
                                     "> 1× (faster)", None if faster is None else faster > 1, missing))
    else:
        behind = ratio(ours.median_s, theirs.median_s) if theirs and ours else None
        result.figures.append(Figure(f"reverse gradient / PyTorch eager, {case.name}", behind, "×",
                                     f"≤ {case.torch_within:g}×", None if behind is None else behind <= case.torch_within,
                                     missing))


def tape_bytes(program: Program, point: Point) -> tuple[int, float]:
    """Nodes on the tape of one recording run, and the bytes it holds per node (tracemalloc)."""
    held, _, (tape, _, _) = traced(lambda: reverse.record(program, point, Meter()))
    return len(tape), held / len(tape)


def memory_on_arrays(result: BenchResult, case: Case) -> None:
    """The reverse tape's peak memory against the memory of the arrays the program creates."""
    tape = bench_arrays.tape_peak(case.program, case.point)
    created, count = bench_arrays.created_bytes(case.program, case.point)
    plain = bench_arrays.float_peak(case.program, case.point)
    r = ratio(tape, created)
    result.figures.append(Figure(
        f"reverse tape peak memory / memory of the arrays the program creates, {case.name}", r, "×", "≤ 3×",
        None if r is None else r <= 3,
        f"tape {size_text(tape)}: tracemalloc peak of reverse.record + one backward sweep; arrays created "
        f"{size_text(created)}: data of the {count} arrays its primitives return in one float evaluation "
        f"(views excluded); that evaluation's own peak: {size_text(plain)}",
        {"tape_peak_bytes": tape, "created_bytes": created, "created_arrays": count, "float_peak_bytes": plain}))


MEMORY_PROGRAM = """def million(x=0.5, y=0.9):
    z = x
    for i in range({iterations}):
        z = sin(z) * y + z * x
    return z
"""


def memory_child(iterations: int) -> None:
    """Run in a fresh process: differentiate the million-operation program in reverse mode and print
    its tape size and the process's peak resident memory (JSON on stdout)."""
    program = parse(MEMORY_PROGRAM.format(iterations=iterations))
    baseline = peak_rss_mb()
    meter = Meter()
    start = time.perf_counter()
    d = reverse.jacobian(program, Point.of(program), meter)
    elapsed = time.perf_counter() - start
    print(json.dumps({"operations": meter.primitive_calls, "tape_nodes": d.details["tape_nodes"],
                      "peak_mb": peak_rss_mb(), "baseline_mb": baseline, "seconds": elapsed}))


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec, while
    getrusage's maximum would carry over the parent's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(result: BenchResult, cases_: list[Case], iterations: int) -> None:
    for case in cases_:
        nodes, per_node = tape_bytes(case.program, case.point)
        result.figures.append(Figure(f"tape bytes per recorded node, {case.name} ({nodes:,} nodes)", per_node,
                                     "bytes/node", "≤ 200", per_node <= 200))
    out = subprocess.run([sys.executable, "-c", f"from diffcompare.views.bench import memory_child; memory_child({iterations})"],
                         capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        result.figures.append(Figure("peak memory, reverse mode on a 10^6-operation program", None, "MB", "< 300 MB",
                                     None, out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"))
        return
    data = json.loads(out.stdout)
    result.figures.append(Figure(f"peak memory, reverse mode on a {data['operations']:,}-operation program", data["peak_mb"],
                                 "MB", "< 300 MB", data["peak_mb"] < 300,
                                 f"whole process (Python and imports alone: {data['baseline_mb']:.0f} MB); "
                                 f"{data['tape_nodes']:,} tape nodes in {data['seconds']:.1f} s"))


def parser(result: BenchResult, terms: int, rounds: int) -> None:
    text = " + ".join(["x"] * terms)
    nodes = 2 * terms - 1
    times, _ = interleaved({"parse": lambda: parse(text)}, rounds)["parse"]
    t = statistics.median(times)
    result.timings.append(Timing(f"{nodes:,}-node expression", "parse", t, len(times)))
    result.figures.append(Figure(f"parse a {nodes:,}-node expression", t, "s", "< 1 s", t < 1))


def command_line(result: BenchResult, rounds: int) -> None:
    """Wall time of the command line, end to end, as a user starts it (bytecode cached after a first run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    script = shutil.which("diffcompare", path=os.path.dirname(sys.executable)) or shutil.which("diffcompare")
    base = [script] if script else [sys.executable, "-m", "diffcompare"]
    commands = [("one-shot reverse", ["diff", BOOK, "--at", BOOK_AT, "--engine", "reverse"], 0.4),
                ("all four engines and the reference", ["diff", BOOK, "--at", BOOK_AT], 2.0),
                ("diffcompare table", ["table"], 5.0)]
    for label, args, limit in commands:
        def run(args=args):
            done = subprocess.run(base + args, capture_output=True, text=True, env=env, timeout=600)
            if done.returncode != 0:
                raise RuntimeError(done.stderr.strip()[-300:])
            return done
        try:
            times, _ = interleaved({label: run}, rounds)[label]
        except RuntimeError as exc:
            result.figures.append(Figure(f"`diffcompare {' '.join(args)}`", None, "s", f"< {limit:g} s", None, str(exc)))
            continue
        t = statistics.median(times)
        result.timings.append(Timing("command line", f"diffcompare {' '.join(args)}", t, len(times)))
        result.figures.append(Figure(f"`diffcompare {' '.join(args)}` ({label})", t, "s", f"< {limit:g} s", t < limit,
                                     "wall time, end to end"))
    # what the one-shot path imports: Python's own import log
    log = subprocess.run([sys.executable, "-X", "importtime", "-m", "diffcompare", *commands[0][1]],
                         capture_output=True, text=True, env=env, timeout=600).stderr
    imported = sorted({line.split("|")[-1].strip().split(".")[0] for line in log.splitlines() if "|" in line})
    heavy = [m for m in ("sympy", "numpy", "mpmath", "rich", "torch", "jax") if m in imported]
    result.figures.append(Figure("sympy imported by the one-shot reverse command", "sympy" in imported, "",
                                 "no", "sympy" not in imported, "imports of note: " + (", ".join(heavy) or "none")))


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cpu": cpu or "unknown", "cores": os.cpu_count(), "python": platform.python_version(),
            "implementation": platform.python_implementation(), "system": platform.platform(),
            "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
            "peers": peer_versions()}


def run_bench(rounds: int = 7, n: int = 1000, with_peers: bool = True, cli: bool = True, slow: bool = False,
              parse_terms: int = PARSE_TERMS, memory_iterations: int = MEMORY_ITERATIONS,
              budget_s: float = 20.0, array_n: int | None = ARRAY_N,
              progress: Callable[[str], None] = lambda text: None) -> BenchResult:
    """Measure every speed figure. Smaller `rounds`, `n`, `array_n`, `parse_terms`, `memory_iterations`
    make a quick run (the figures then describe the smaller sizes, and say so in their names);
    `array_n=None` leaves out the numpy cases."""
    result = BenchResult(machine())
    missing = [p for p, v in result.machine["peers"].items() if v is None]
    if with_peers and missing:
        result.notes.append(f"Not installed, so not measured: {', '.join(missing)} (peers are never dependencies; "
                            f"install them by hand to compare, e.g. pip install torch==2.13.0 autograd jax).")
    measured = cases(n)
    on_arrays = array_cases(n, array_n) if array_n is not None else []
    for case in measured + on_arrays:
        progress(f"speed: {case.name}")
        speed(result, case, rounds, budget_s)
        cheap_gradient(result, case)
    if with_peers:
        progress("peers, each in a process of its own")
        peers(result, measured + on_arrays, n, array_n, rounds, budget_s, slow)
        for case in measured:
            against_peers(result, case)
        for case in on_arrays:
            against_peers_on_arrays(result, case)
    progress("parser")
    parser(result, parse_terms, max(1, min(rounds, 5)))
    progress("memory")
    memory(result, measured, memory_iterations)
    for case in on_arrays:
        memory_on_arrays(result, case)
    if cli:
        progress("command line")
        command_line(result, max(1, min(rounds, 5)))
    result.machine["load_average_after"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    return result
