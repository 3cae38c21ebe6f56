"""The fast paths of issue 6 do exactly what the plain paths do.

The interpreter lowers a program into closures, skips the int test where a static
pass proves no operand can be a loop index, runs long sums as loops and checks the
operation limit in bulk; the forward and reverse engines give it per-primitive
kernels. Each test here holds one of those shortcuts against the plain, obviously
right way: counts derived by hand, the int test everywhere, `call` instead of the
kernel, the exact limit. No timings are asserted (they live in `diffcompare bench`).
"""

from __future__ import annotations

import itertools
import json
import random
import tracemalloc

import pytest
from conftest import NO_RULE, scalar_primitives

from diffcompare.interpreter import core as interpret
from diffcompare.engines import forward, reverse
from diffcompare.engines.forward import Dual, DualAlgebra
from diffcompare.engines.reverse import TapeAlgebra, Var
from diffcompare.engines.rules import CALL, CONST, shapes
from diffcompare.errors import DomainError, EvaluationError, LimitError
from diffcompare.interpreter import C_REAL, FLOAT, Meter, evaluate
from diffcompare.limits import LIMITS
from diffcompare.language.frontend import parse
from diffcompare.primitives import TABLE
from diffcompare.language.bundled import bundled_names
from diffcompare.language.resolve import load
from diffcompare.language.point import Point


def run(program, point=None, algebra=FLOAT):
    meter = Meter()
    point = point if point is not None else program.default_point()
    return evaluate(program, point, algebra, meter), meter


# --- counts derived by hand ----------------------------------------------------------------------

def test_my_func_counts_699_calls_because_its_first_z_plus_i_is_index_arithmetic():
    # z = 0 and i = 0 are ints, so the first z + i is not a primitive call; z * sin(...) is
    # (sin's value is a float). 100 iterations of cos, sin, sub, two mul, two add, less that one add.
    values, meter = run(load("my_func"))
    assert meter.traversals == 1
    assert dict(meter.calls) == {"add": 199, "cos": 100, "mul": 200, "sub": 100, "sin": 100}


@pytest.mark.parametrize("n", [2, 3, 10, 257])
def test_rosenbrock_counts_follow_the_formula(n):
    # each of the n-1 terms: 2 sub, 3 pow, 1 mul, 1 add; sum() adds the n-1 terms: n-2 adds;
    # x[i + 1] is index arithmetic
    program = load("rosenbrock")
    point = {"x": [0.5 + 0.01 * k for k in range(n)]}
    values, meter = run(program, point)
    assert dict(meter.calls) == {"sub": 2 * (n - 1), "pow": 3 * (n - 1), "mul": n - 1, "add": (n - 1) + (n - 2)}
    x = point["x"]
    assert values[0] == pytest.approx(sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(n - 1)))


# --- the int pass against testing every site ---------------------------------------------------------

INT_PROGRAMS = [
    "def f(x=1.5):\n    z = 0\n    for i in range(5):\n        z = z + i * x\n    return z\n",
    "def f(x=1.5):\n    k = 2\n    y = [0] * 3\n    y[1] = k * 2\n    return y[1] + y[0] * x + k\n",
    "def f(x=1.5):\n    y = [1, 2, 3]\n    w = y\n    w[0] = x\n    return y[0] * 2 + y[1] - 1\n",
    "def f(x=1.5):\n    y = [x, x]\n    w = y\n    w[0] = 3\n    return y[0] * 2 + y[1]\n",
    "def f(x=[1.0, 2.0, 3.0]):\n    n = len(x)\n    s = sum([i * i for i in range(n)])\n    return s * x[0] + (n - 1) * x[n - 1]\n",
    "def f(x=0.5):\n    z = 1 if x > 0 else 0.5\n    return z + 1 - (-z)\n",
    "def f(x=0.5):\n    z = sum([])\n    q = z + 1\n    return q * x + z\n",
    "def f(x=0.5):\n    i = 7\n    j = (i // 2) % 3 - i\n    return j * x + j * 2\n",
]


@pytest.mark.parametrize("text", INT_PROGRAMS + [f"bundled:{n}" for n in bundled_names()])
def test_the_int_pass_changes_no_count_and_no_value(text, monkeypatch):
    program = load(text[len("bundled:"):]) if text.startswith("bundled:") else parse(text)
    fast_values, fast = run(program)
    monkeypatch.setattr(interpret, "USE_KINDS", False)
    slow_values, slow = run(program)
    assert fast_values == slow_values and type(fast_values[0]) is type(slow_values[0])
    assert fast.calls == slow.calls


def test_int_inputs_are_loop_indices_as_before():
    # an int given for an input takes part in index arithmetic: 3 * 4 is not a call
    program = parse("x * y + x")
    values, meter = run(program, {"x": 3, "y": 4})
    assert values == [15] and meter.primitive_calls == 0
    values, meter = run(program, {"x": 3.0, "y": 4})
    assert values == [15.0] and dict(meter.calls) == {"mul": 1, "add": 1}


def test_random_programs_count_the_same_with_and_without_the_int_pass(monkeypatch):
    rng = random.Random(6)
    leaves = ["x", "i", "k", "1", "2", "0.5", "a[i]", "b[k]"]
    for trial in range(60):
        def expr(depth):
            if depth == 0 or rng.random() < 0.3:
                return rng.choice(leaves)
            op = rng.choice(["+", "-", "*"])
            return f"({expr(depth - 1)} {op} {expr(depth - 1)})"
        lines = ["def f(x=0.7):", "    a = [0, 1.5, 2]", "    b = [x, 1, x]", "    k = 1", "    s = 0"]
        for _ in range(3):
            target = rng.choice(["s", "k = k", "a[1]", "b[2]"])
            target = "k" if target == "k = k" else target
            lines.append(f"    for i in range(3):\n        {target} = {expr(3)}")
        lines.append(f"    return s + {expr(2)}")
        program = parse("\n".join(lines) + "\n")
        monkeypatch.setattr(interpret, "USE_KINDS", True)
        try:
            fast = run(program)
        except EvaluationError as exc:
            fast = str(exc)
        monkeypatch.setattr(interpret, "USE_KINDS", False)
        try:
            slow = run(program)
        except EvaluationError as exc:
            slow = str(exc)
        if isinstance(fast, str):
            assert fast == slow
        else:
            assert fast[0] == slow[0] and fast[1].calls == slow[1].calls, "\n".join(lines)


class PlainFloats:
    """Floats through the generic path: `call` with an argument list, no kernels."""
    name = "plain floats"

    def call(self, prim, args):
        return FLOAT.call(prim, args)

    def compare(self, op, a, b):
        return FLOAT.compare(op, a, b)


@pytest.mark.parametrize("name", bundled_names())
def test_the_float_fast_path_and_the_generic_path_agree(name):
    program = load(name)
    fast_values, fast = run(program)
    slow_values, slow = run(program, algebra=PlainFloats())
    assert fast_values == slow_values and fast.calls == slow.calls


def test_an_algebra_that_runs_the_same_program_inside_a_call_gets_a_lowering_of_its_own():
    program = parse("x * y + x")

    class Nested(PlainFloats):
        def call(self, prim, args):
            if prim.name == "mul":        # evaluate the same program while it is running
                assert evaluate(program, {"x": 1.0, "y": 2.0}, PlainFloats()) == [3.0]
            return FLOAT.call(prim, args)

    meter = Meter()
    assert evaluate(program, {"x": 3.0, "y": 4.0}, Nested(), meter) == [15.0]
    assert dict(meter.calls) == {"mul": 1, "add": 1}


# --- long and deep inputs -------------------------------------------------------------------------------

def test_a_100000_term_sum_evaluates_and_differentiates_without_deep_recursion():
    terms = 100_000
    program = parse(" + ".join(f"{k % 7 + 1}*x" if k % 2 else "y" for k in range(terms)))
    values, meter = run(program, {"x": 2.0, "y": 3.0})
    slope_x = sum(k % 7 + 1 for k in range(1, terms, 2))
    assert values == [2.0 * slope_x + 3.0 * (terms // 2)]
    assert dict(meter.calls) == {"add": terms - 1, "mul": terms // 2}
    d = reverse.jacobian(program, Point.of(program, {"x": 2.0, "y": 3.0}), Meter())
    assert d.jacobian == [[float(slope_x), float(terms // 2)]]
    d = forward.jacobian(program, Point.of(program, {"x": 2.0, "y": 3.0}), Meter())
    assert d.jacobian == [[float(slope_x), float(terms // 2)]]


def test_a_long_chain_keeps_left_to_right_order_and_index_arithmetic():
    # 40 steps: longer than the chain threshold; ints stay ints until x joins
    text = " + ".join(["1"] * 30) + " - x" + " * 2" * 9
    program = parse(text)
    values, meter = run(program, {"x": 0.25})
    assert values == [30 - 0.25 * 2 ** 9]
    assert dict(meter.calls) == {"sub": 1, "mul": 9}


def test_a_long_chain_locates_an_unassigned_name_at_its_start():
    body = " + ".join(["y"] + ["x"] * 40)
    program = parse(f"def f(x=1.0):\n    if x > 2:\n        y = x\n    return {body}\n")
    with pytest.raises(EvaluationError, match="'y' has no value here") as err:
        run(program)
    assert err.value.where == (4, 12)


# --- the operation limit: same verdict as counting every call ------------------------------------------

@pytest.mark.parametrize("name", ["my_func", "rosenbrock", "branch", "book", "mse"])
def test_the_operation_limit_stops_exactly_past_the_count(name, monkeypatch):
    program = load(name)
    values, meter = run(program)
    loops = {"my_func": 100, "rosenbrock": 3, "branch": None, "book": 0, "mse": None}[name]
    exact = meter.primitive_calls
    # operations = primitive calls + loop trips: find the total by lowering the limit
    monkeypatch.setattr(LIMITS, "max_operations", 10 ** 9)
    total = next(limit for limit in range(exact, exact + 10_000)
                 if _passes(program, limit, monkeypatch))
    if loops is not None:
        assert total == exact + loops
    assert _passes(program, total, monkeypatch)
    assert not _passes(program, total - 1, monkeypatch)


def _passes(program, limit, monkeypatch) -> bool:
    monkeypatch.setattr(LIMITS, "max_operations", limit)
    try:
        run(program)
        return True
    except LimitError as exc:
        assert f"more than {limit:,} operations" in str(exc)
        return False


def test_a_runaway_while_loop_is_stopped_by_the_operation_limit(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_operations", 10_000)
    program = parse("def f(x=1.0):\n    z = x\n    while z > 0:\n        z = z + 1\n    return z\n")
    with pytest.raises(LimitError, match="more than 10,000 operations"):
        run(program)


# --- errors keep their positions -------------------------------------------------------------------------

def test_a_domain_error_inside_a_loop_names_its_line_and_column():
    program = parse("def f(x=1.0):\n    z = x\n    for i in range(3):\n        z = z + log(x - i)\n    return z\n")
    for algebra in (FLOAT, DualAlgebra(), TapeAlgebra()):
        point = {"x": 1.0} if algebra is FLOAT else None
        with pytest.raises(DomainError) as err:
            if algebra is FLOAT:
                run(program, point)
            elif isinstance(algebra, DualAlgebra):
                forward.jacobian(program, Point.of(program, {"x": 1.0}), Meter())
            else:
                reverse.jacobian(program, Point.of(program, {"x": 1.0}), Meter())
        assert err.value.where == (4, 17) and "log(0) is undefined" in str(err.value)


def test_a_name_assigned_on_another_path_is_located_at_the_name():
    program = parse("def f(x=1.0):\n    if x > 2:\n        y = x\n    return x + y\n")
    with pytest.raises(EvaluationError, match="'y' has no value here") as err:
        run(program)
    assert err.value.where == (4, 16)


@pytest.mark.parametrize("line, where", [
    ("    return x + y * y", (4, 16)),          # a site of two reads: the first
    ("    return x if y > 1 else x", (4, 17)),  # a comparison
    ("    return [x, y][1]", (4, 16)),          # a list
    ("    return sum([y, x])", (4, 17)),
])
def test_an_unassigned_name_is_located_where_it_is_read(line, where):
    program = parse(f"def f(x=1.0):\n    if x > 2:\n        y = x\n{line}\n")
    with pytest.raises(EvaluationError, match="'y' has no value here") as err:
        run(program)
    assert err.value.where == where


def test_an_overflow_is_a_domain_error_on_every_path():
    program = parse("exp(x) * exp(x)")
    with pytest.raises(DomainError, match="overflows a float"):
        run(program, {"x": 400.0})
    with pytest.raises(DomainError, match="overflows a float"):
        forward.jacobian(program, Point.of(program, {"x": 400.0}), Meter())
    with pytest.raises(DomainError, match="overflows a float"):
        reverse.jacobian(program, Point.of(program, {"x": 400.0}), Meter())


# --- kernels against `call` ----------------------------------------------------------------------

SAMPLES = [0.3, -0.7, 1.9, 2.0, 0.0, -2.0, 1.0, -1.0, 3]


def _outcome(fn):
    try:
        return fn()
    except DomainError as exc:
        return ("error", str(exc))


def _dual(d):
    return (d.value, d.tangent) if type(d) is Dual else d


@pytest.mark.parametrize("name", sorted(scalar_primitives()))
def test_the_float_function_is_the_tables(name):
    prim = TABLE[name]
    fast = C_REAL.get(name, prim.real)
    for args in _arguments(prim.arity):
        assert _outcome_raw(fast, args) == _outcome_raw(prim.real, args), args


def _outcome_raw(fn, args):
    try:
        return fn(*args)
    except Exception as exc:          # the same kind of failure, whatever the message
        return type(exc)


def _arguments(arity):
    return list(itertools.product(SAMPLES, repeat=arity))


#: which arguments carry a tangent (None: a plain number), per arity
TANGENTS = {1: [(1.0,), (0.0,)],
            2: [(1.0, 0.0), (0.0, 1.0), (0.5, -2.0), (None, 1.0)],
            3: [(1.0, 0.0, 0.0), (0.0, 1.0, None), (None, 0.5, -2.0), (None, None, 1.0), (0.5, 1.0, -1.0)]}
#: which arguments are on the tape; a tape node has at most two parents (see the clip test in test_primitives)
ACTIVE = {1: [(True,)], 2: [(True, True), (True, False), (False, True)],
          3: [(True, False, False), (False, True, True), (True, False, True), (False, False, True)]}


@pytest.mark.parametrize("name", sorted(set(scalar_primitives()) - NO_RULE))
def test_the_dual_kernel_is_call(name):
    prim = TABLE[name]
    algebra = DualAlgebra()
    kernel = algebra.kernel(prim)
    for args in _arguments(prim.arity):
        for tangents in TANGENTS[prim.arity]:
            duals = [a if t is None else Dual(float(a), t) for a, t in zip(args, tangents)]
            if not any(type(d) is Dual for d in duals):
                continue
            # inside a run, kernels see dual numbers in their inside form
            fast = _outcome(lambda: algebra.outside(kernel(*[algebra.inside(d) for d in duals])))
            assert _dual(fast) == _dual(_outcome(lambda: algebra.call(prim, duals))), (args, tangents)


@pytest.mark.parametrize("name", sorted(set(scalar_primitives()) - NO_RULE))
def test_the_tape_kernel_records_what_call_records(name):
    prim = TABLE[name]
    for args in _arguments(prim.arity):
        for active in ACTIVE[prim.arity]:
            tapes = []
            for use_kernel in (True, False):
                algebra = TapeAlgebra()
                inputs = [algebra.tape.record(float(a), "input") if on else a for a, on in zip(args, active)]
                if use_kernel:       # inside a run, kernels see recorded values in their inside form
                    kernel = algebra.kernel(prim)
                    out = _outcome(lambda: algebra.outside(kernel(*[algebra.inside(x) for x in inputs])))
                else:
                    out = _outcome(lambda: algebra.call(prim, inputs))
                tape = algebra.tape
                tapes.append((out if not isinstance(out, Var) else (out.value, out.index),
                              tape.values, list(tape.ops), list(tape.parents), list(tape.partials)))
            assert tapes[0] == tapes[1], (args, active)


def test_rule_shapes_are_found_by_probing_the_table():
    assert [s.kind for s in shapes(TABLE["add"])] == [CONST, CONST]
    assert [s.constant for s in shapes(TABLE["sub"])] == [1.0, -1.0]
    assert [s.kind for s in shapes(TABLE["mul"])] == [1, 0]      # d/dx x*y = y, d/dy = x
    assert [s.kind for s in shapes(TABLE["exp"])] == [1]         # exp' = exp: the output
    assert [s.kind for s in shapes(TABLE["pow"])] == [CALL, CALL]
    assert [s.kind for s in shapes(TABLE["cos"])] == [CALL]


# --- the tape ----------------------------------------------------------------------------------------

def test_the_tape_reads_back_node_by_node():
    algebra = TapeAlgebra()
    x, y = algebra.tape.inputs([3.0, 4.0])
    out = evaluate(parse("x^2*y + y + 2"), {"x": x, "y": y}, algebra)[0]
    tape = algebra.tape
    assert list(tape.ops) == ["input", "input", "pow", "mul", "add", "add"]
    assert tape.values == [3.0, 4.0, 9.0, 36.0, 40.0, 42.0]
    assert list(tape.parents) == [(), (), (0,), (2, 1), (3, 1), (4,)]
    assert list(tape.partials) == [(), (), (6.0,), (4.0, 9.0), (1.0, 1.0), (1.0,)]
    assert tape.ops[-1] == "add" and tape.parents[2:4] == [(0,), (2, 1)]
    adjoint = tape.backward(out)
    assert adjoint[:2] == [24.0, 10.0] and len(adjoint) == len(tape)


def test_the_tape_costs_under_200_bytes_a_node():
    program = load("my_func")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tape, inputs, outputs = reverse.record(program, Point.of(program), Meter())
        size = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # 2 inputs and 699 calls, less cos(0 + 0) in the first iteration, which involves no input
    assert len(tape) == 700
    assert size / len(tape) < 200


# --- the benchmark runs and reports every figure ---------------------------------------------------------

def test_the_benchmark_measures_every_figure_at_tiny_sizes():
    from diffcompare.render.bench import sheets
    from diffcompare.views.bench import run_bench
    from diffcompare.render.sheet import to_json
    result = run_bench(rounds=1, n=4, array_n=8, with_peers=False, cli=False, parse_terms=11, memory_iterations=10)
    names = [f.name for f in result.figures]
    for expected in ["reverse gradient / one float evaluation, my_func",
                     "forward directional derivative / one float evaluation, rosenbrock(4)",
                     "parse a 21-node expression", "tape bytes per recorded node, my_func (700 nodes)",
                     "peak memory, reverse mode on a 40-operation program"]:
        assert expected in names
    # the numpy cases: rosenbrock_np at --n and --array-n inputs, and the two-layer network's loss
    for case in ["rosenbrock_np(4)", "rosenbrock_np(8)", "network 64×10→32→1"]:
        assert f"reverse gradient / one float evaluation, {case}" in names
        memory = next(f for f in result.figures if f.name == "reverse tape peak memory / memory of the arrays "
                      f"the program creates, {case}")
        bytes_ = memory.measured
        assert bytes_["tape_peak_bytes"] > 0 and bytes_["created_bytes"] > 0 and bytes_["float_peak_bytes"] > 0
        assert memory.value == bytes_["tape_peak_bytes"] / bytes_["created_bytes"] and memory.target == "≤ 3×"
        for what in ["plain numpy", "float evaluation", "reverse gradient"]:
            assert result.timing(case, what) is not None
    for f in result.figures:
        assert f.value is not None and f.met is not None and f.target, f
    whats = {(t.case, t.what) for t in result.timings}
    assert ("my_func", "reverse gradient") in whats and ("rosenbrock(4)", "plain Python") in whats
    assert all(t.median_s > 0 and t.repeats >= 1 for t in result.timings)
    data = json.loads(to_json(result.as_dict()))
    assert set(data) == {"machine", "figures", "timings", "notes"}
    assert data["machine"]["cores"] and data["machine"]["python"]
    figures, timings = sheets(result)
    assert len(figures.rows) == len(result.figures) and len(timings.rows) == len(result.timings)


def test_the_bench_command_prints_json(cli):
    run = cli("bench", "--quick", "--no-peers", "--no-cli", "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert any(f["name"].startswith("reverse gradient / one float evaluation") for f in data["figures"])
    memory = [f for f in data["figures"] if f["name"].startswith("reverse tape peak memory")]
    assert [f["name"].split(", ")[-1] for f in memory] == ["rosenbrock_np(100)", "rosenbrock_np(1000)",
                                                         "network 64×10→32→1"]
    assert all(f["measured"]["tape_peak_bytes"] > 0 for f in memory)


def test_a_program_stays_plain_data_after_running():
    import pickle
    program = load("my_func")
    run(program)
    copy = pickle.loads(pickle.dumps(program))
    assert run(copy)[0] == run(program)[0]
