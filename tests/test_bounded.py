"""Bounded in time and memory (issue 16), piece by piece: the deadlines that stop sympy and
mpmath, the prediction of an engine's whole work against the traversals it really makes, the
sizes numpy would allocate against the sizes it does, the tape's memory limit, lists made over
and over, elif chains of thousands of arms, and every limit value checked.
(`tests/adversarial/` runs the attacks themselves through the command line.)"""

from __future__ import annotations

import math
import signal
import time

import numpy as np
import pytest

from diffcompare import deadlines
from diffcompare.analysis import cost
from diffcompare.analysis.measure import compare, run_engine
from diffcompare.deadlines import OutOfTime, engine_budget, within
from diffcompare.engines import ENGINES, reverse
from diffcompare.errors import InputError, LimitError
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.language.frontend import parse
from diffcompare.language.paths import exists, read_source, shown
from diffcompare.language.point import Point, names_text
from diffcompare.language.resolve import load
from diffcompare.limits import LIMITS, RANGES, TAPE_BYTES, Limits, checked
from diffcompare.primitives import TABLE
from diffcompare.primitives.sizes import made_elements
from diffcompare.views.graph import graph
from diffcompare.views.trace import trace


def spin(seconds: float) -> None:
    """Python code that runs for `seconds` unless stopped."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


# --- deadlines --------------------------------------------------------------------------------------

def test_a_deadline_stops_pure_python_code_soon_after_it_runs_out():
    start = time.monotonic()
    with pytest.raises(OutOfTime) as stopped:
        with within(0.3, "max_engine_seconds"):
            spin(30)
    took = time.monotonic() - start
    assert 0.3 <= took < 10                       # stopped at once, not after the 30 s
    assert str(stopped.value) == "stopped after 0.3 s (max_engine_seconds, DIFFCOMPARE_MAX_ENGINE_SECONDS)"
    assert signal.getsignal(signal.SIGALRM) is not deadlines._on_alarm     # the handler before is back
    assert deadlines._open == []


def test_a_deadline_stops_mpmath_and_sympy_inside_their_own_code():
    import mpmath
    import sympy as sp
    with pytest.raises(OutOfTime):
        with within(0.3, "max_engine_seconds"):
            with mpmath.workdps(60):
                mpmath.exp(mpmath.exp(mpmath.exp(mpmath.exp(mpmath.exp(1)))))
    assert mpmath.mp.dps == 15                    # its context was left as it leaves it on any error
    x = sp.Symbol("x")
    with pytest.raises(OutOfTime):
        with within(0.3, "max_engine_seconds"):
            sp.diff(sum(sp.sin(x * k) for k in range(1, 4000)), x)


def test_a_finished_block_leaves_no_timer_behind():
    with within(5, "max_engine_seconds"):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    spin(0.05)                                    # nothing fires


def test_the_inner_deadline_stops_the_inner_block_and_the_outer_goes_on():
    with within(30, "max_command_seconds") as outer:
        with pytest.raises(OutOfTime) as stopped:
            with within(0.2, "max_engine_seconds"):
                spin(30)
        assert stopped.value.deadline.limit == "max_engine_seconds"
        assert deadlines._open == [outer]


def test_when_the_outer_deadline_runs_out_first_it_is_the_one_raised():
    with pytest.raises(OutOfTime) as stopped:
        with within(0.2, "max_command_seconds"):
            with within(30, "max_engine_seconds"):
                spin(30)
    assert stopped.value.deadline.limit == "max_command_seconds"


def test_a_swallowed_stop_comes_again():
    start = time.monotonic()
    caught = 0
    with pytest.raises(OutOfTime):
        with within(0.2, "max_engine_seconds"):
            while time.monotonic() - start < 30:
                try:
                    spin(30)
                except OutOfTime:                 # code that swallows it (a bare except would)
                    caught += 1
                    if caught == 1:
                        continue
                    raise
    assert caught == 2 and time.monotonic() - start < 10


def test_an_engines_share_ends_before_the_commands_time(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_engine_seconds", 20)
    with within(3, "max_command_seconds"):
        budget = engine_budget()
        assert budget.deadline.shared and budget.deadline.seconds <= 3 - deadlines.RESERVE_S
    with within(100, "max_command_seconds"):
        budget = engine_budget()
        assert not budget.deadline.shared and budget.deadline.seconds == 20
    with within(1, "max_command_seconds"):       # less than the reserve left: not even started
        with pytest.raises(OutOfTime, match="not started: the command's time had run out"):
            with engine_budget():
                pass


def test_an_engine_out_of_time_says_so_in_its_cell_and_the_others_answer(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_engine_seconds", 0.5)
    program = parse("def f(x=1.0):\n    i = 0\n    while i < 999999:\n        x = x + 1e-9 * x\n"
                    "        i = i + 1\n    return x\n")
    r = run_engine("forward", program, Point.of(program), None)
    assert r.jacobian is None and r.over_limits
    assert r.error == "stopped after 0.5 s (max_engine_seconds, DIFFCOMPARE_MAX_ENGINE_SECONDS)"
    assert run_engine("reverse", load("book"), Point.of(load("book")), None).jacobian == [[24.0, 10.0]]


# --- predicting an engine's whole work -----------------------------------------------------------------

@pytest.mark.parametrize("n", [2, 5, 11])
@pytest.mark.parametrize("engine, method", [("numerical", "forward"), ("numerical", "central"),
                                            ("numerical", "complex"), ("numerical", "richardson"),
                                            ("forward", "forward"), ("reverse", "forward")])
def test_predicted_traversals_are_the_ones_the_engines_make(engine, method, n):
    for name in ("rosenbrock", "bvp"):
        program = load(name)
        point = Point.parse(f"{'x' if name == 'rosenbrock' else 'u'}=[{','.join(['0.5'] * n)}]", program)
        p = cost.probe(program, point)
        meter = Meter()
        options = {"method": method} if engine == "numerical" else {}
        from diffcompare.engines import engine_function
        engine_function(engine)(program, point, meter, None, **options)
        uncounted = 1 if engine == "numerical" and method in ("central", "richardson") else 0   # the value run
        assert cost.traversals(engine, n, p.n_outputs, method) == meter.traversals + uncounted
        if engine != "reverse":
            # every traversal is the plain evaluation's work again (dual numbers make the same calls)
            assert meter.element_ops == meter.traversals * p.element_operations


def test_rosenbrocks_work_per_traversal_is_its_formula():
    # sum over i < n - 1 of 100 * (x[i+1] - x[i]**2)**2 + (1 - x[i])**2: 8 calls a term, less the first add
    for n in (3, 50, 400):
        program = load("rosenbrock")
        p = cost.probe(program, Point.parse(f"x=[{','.join(['1.5'] * n)}]", program))
        assert p.element_operations == 8 * (n - 1) - 1


def test_an_engine_over_its_work_is_refused_with_the_estimate_and_the_cheaper_engine(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_engine_operations", 100_000)
    c = compare("rosenbrock", at="x=[" + ",".join(["1.5"] * 200) + "]", engines="forward,reverse,numerical")
    fwd, rev, num = c.engines["forward"], c.engines["reverse"], c.engines["numerical"]
    assert not fwd.supported and fwd.over_limits and fwd.jacobian is None
    assert fwd.error == ("predicted 200 traversals × 1,591 element operations = 318,200, over max_engine_operations "
                         "(100,000, DIFFCOMPARE_MAX_ENGINE_OPERATIONS); try --engine reverse (2 traversals, 3,182 "
                         "element operations)")
    assert num.error.startswith("predicted 201 traversals × 1,591 element operations = 319,791,")
    assert rev.ok and rev.traversals == 2


def test_the_time_a_run_takes_refuses_an_engine_that_cannot_finish(monkeypatch):
    p = cost.Probe(n_outputs=1, time_s=0.5, primitive_calls=100, element_operations=100)
    monkeypatch.setattr(LIMITS, "max_engine_seconds", 20)
    why = cost.refusal("forward", 100, p)
    assert why.startswith("predicted 100 traversals taking at least 50 s at the speed of one plain evaluation "
                          "(500 ms), over max_engine_seconds (20 s")
    assert why.endswith("; try --engine reverse (2 traversals, 200 element operations)")
    assert cost.refusal("forward", 10, p) is None
    assert cost.refusal("reverse", 100, p) is None        # one run; its sweeps are not runs


def test_a_tape_too_large_is_refused_before_recording(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_tape_mb", 1)
    node, element = TAPE_BYTES["real"]
    nodes = 2**20 // node + 1                      # one node over 1 MB
    p = cost.Probe(1, 0.0, nodes, nodes)
    assert cost.refusal("reverse", 1, p).startswith(f"predicted a tape of about 1 MB ({nodes:,} nodes), over "
                                                    f"max_tape_mb (1, DIFFCOMPARE_MAX_TAPE_MB)")
    assert cost.refusal("reverse", 1, cost.Probe(1, 0.0, nodes - 1, nodes - 1)) is None


# --- memory: the tape, lists made over and over, arrays numpy would allocate ---------------------------

def test_the_tape_stops_at_its_memory_limit_while_recording(monkeypatch):
    program = parse("def f(x=1.0):\n    s = 0.0\n    for i in range(20000):\n        s = s + x * i\n    return s\n")
    monkeypatch.setattr(LIMITS, "max_tape_mb", 1)             # 1 MB: 8,065 nodes of 130 bytes
    with pytest.raises(LimitError, match=r"the tape passed 1 MB \(limit max_tape_mb, DIFFCOMPARE_MAX_TAPE_MB\)"):
        reverse.jacobian(program, Point.of(program), Meter())
    monkeypatch.setattr(LIMITS, "max_tape_mb", 6)              # 48,395 nodes: the 40,000 fit
    assert reverse.jacobian(program, Point.of(program), Meter()).jacobian == [[sum(range(20000))]]


def test_loop_trips_that_record_nothing_do_not_fill_the_tape(monkeypatch):
    # 200,000 trips, one node: far more trips than the 1 MB tape holds nodes, and nothing refused
    program = parse("def f(x=1.0):\n    k = 0\n    for i in range(200000):\n        k = k + 1\n    return x * k\n")
    monkeypatch.setattr(LIMITS, "max_tape_mb", 1)
    assert reverse.jacobian(program, Point.of(program), Meter()).jacobian == [[200000.0]]


def test_lists_made_over_and_over_count_as_operations(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_operations", 1_000)
    once = parse("def f(x=1.0):\n    a = [x] * 600\n    return x\n")
    twice = parse("def f(x=1.0):\n    a = [x] * 600\n    b = a + a\n    return x\n")
    assert evaluate(once, {"x": 1.0}) == [1.0]
    with pytest.raises(LimitError, match="more than 1,000 operations in one traversal"):
        evaluate(twice, {"x": 1.0})                            # 600 + 1,200 elements made


SHAPES = [(), (3,), (2, 3), (4, 1), (1, 5)]


@pytest.mark.parametrize("name, args", [
    ("outer", [np.ones(3), np.ones((2, 2))]),
    ("tile", [np.ones((2, 3)), (2, 1, 3)]), ("tile", [np.ones(3), 4]), ("tile", [np.ones(3), (0, 2)]),
    ("repeat", [np.ones((2, 3)), 4, None]), ("repeat", [np.ones((2, 3)), 3, 1]),
    ("diag", [np.ones(4), 0]), ("diag", [np.ones(4), -2]),
    ("dot", [np.ones((2, 3)), np.ones((3, 5))]), ("dot", [np.ones((4, 2, 3)), np.ones((2, 3, 5))]),
    ("dot", [np.ones(3), np.ones((3, 2))]), ("dot", [np.ones(3), np.ones(3)]),
    ("inner", [np.ones((2, 3)), np.ones((4, 3))]),
    ("matmul", [np.ones((5, 2, 3)), np.ones((3, 4))]), ("matmul", [np.ones(3), np.ones((3, 4))]),
    ("matmul", [np.ones((1, 2, 3)), np.ones((6, 3, 2))]),
    ("broadcast_to", [np.ones(3), (4, 3)]),
    ("where", [np.ones((3, 1)) > 0, np.ones(4), 0.0]),
    ("concatenate", [np.ones(3), np.ones(4), 0]), ("stack", [np.ones(3), np.ones(3), 0]),
    ("hstack", [np.ones(3), np.ones(2)]), ("vstack", [np.ones((2, 3)), np.ones((1, 3))]),
])
def test_the_size_foreseen_is_the_size_numpy_makes(name, args):
    out = TABLE[name].array(*args)
    assert made_elements(name, True, args) == np.size(out)


@pytest.mark.parametrize("a", SHAPES)
@pytest.mark.parametrize("b", SHAPES)
def test_a_broadcast_is_foreseen_only_where_it_makes_more_than_an_argument(a, b):
    x, y = np.ones(a), np.ones(b)
    made = made_elements("mul", False, [x if a else 2.0, y if b else 3.0])
    try:
        size = np.size(x * y)
    except ValueError:                 # shapes numpy refuses: its own error is the message
        assert made is None
        return
    assert made is None and size <= max(np.size(x), np.size(y)) or made == size


def test_an_operation_that_would_pass_the_array_limit_is_refused_before_numpy_allocates(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_array_elements", 1_000)
    program = parse("import numpy as np\n\ndef f(x=[1.0, 2.0]):\n    y = np.ones(40) * x[0]\n"
                    "    return np.sum(np.outer(y, y))\n")
    with pytest.raises(LimitError, match=r"np.outer would make an array of 1,600 elements, over max_array_elements "
                                         r"\(1,000, DIFFCOMPARE_MAX_ARRAY_ELEMENTS\)"):
        evaluate(program, {"x": [1.0, 2.0]})
    monkeypatch.setattr(LIMITS, "max_array_elements", 1_600)
    assert evaluate(program, {"x": [1.0, 2.0]}) == [1600.0]


# --- no internal errors: elif chains, limit values, paths, long messages ---------------------------

def test_an_elif_chain_of_thousands_of_arms_runs_in_every_engine():
    arms = "".join(f"    elif x < {k}:\n        y = {k} * x * x\n" for k in range(1, 3000))
    program = parse(f"def f(x=1.0):\n    if x < 0:\n        y = 0.0\n{arms}    else:\n        y = x\n    return y\n")
    for x, k in ((1.5, 2), (2500.5, 2501), (5000.0, None)):
        c = compare(program, at=f"x={x}", engines="numerical,forward,reverse")
        exact = 2 * k * x if k else 1.0
        assert c.values == [k * x * x if k else x]
        assert c.engines["forward"].jacobian == [[exact]] and c.engines["reverse"].jacobian == [[exact]]


@pytest.mark.parametrize("name, raw, message", [
    ("max_nesting", "99999999999", "limit max_nesting=99999999999: must be at most 1,000,000"),
    ("max_operations", "0", "limit max_operations=0: must be at least 1"),
    ("max_operations", "-5", "limit max_operations=-5: must be at least 1"),
    ("max_operations", "1.5", "limit max_operations=1.5: not a whole number"),
    ("max_operations", "lots", "limit max_operations=lots: not a whole number"),
    ("max_operations", "1e400", "limit max_operations=1e400: must be a finite number"),
    ("max_engine_seconds", "inf", "limit max_engine_seconds=inf: must be a finite number"),
    ("max_engine_seconds", "nan", "limit max_engine_seconds=nan: must be a finite number"),
    ("max_engine_seconds", "1e-9", "limit max_engine_seconds=1e-9: must be at least 0.001"),
    ("max_command_seconds", "soon", "limit max_command_seconds=soon: not a number of seconds"),
])
def test_every_limit_value_is_checked_in_words(name, raw, message):
    with pytest.raises(InputError) as err:
        Limits().set(name, raw)
    assert str(err.value) == message


def test_limit_values_take_the_ways_numbers_are_written():
    assert checked("max_operations", "1e9") == 10**9 and checked("max_operations", "2_000_000") == 2_000_000
    assert checked("max_engine_seconds", "0.5") == 0.5 and checked("max_engine_seconds", "20") == 20
    assert set(RANGES) == {name for name, _, _ in Limits().describe()}
    for name, value, _ in Limits().describe():         # every default is within its own range
        low, high = RANGES[name]
        assert low <= value <= high


def test_a_path_the_system_cannot_look_up_is_a_clear_error(tmp_path):
    long = str(tmp_path / ("a" * 300 + ".py"))
    assert exists(long)                                 # not "no such file": the name itself is the problem
    with pytest.raises(InputError, match=r"cannot read .*\(\d+ characters\): File name too long"):
        read_source(long)
    assert shown("x" * 1000).endswith("(1,000 characters)") and len(shown("x" * 1000)) < 120


def test_a_long_list_of_inputs_is_named_by_its_ends():
    names = [f"x[{i}]" for i in range(100_000)]
    text = names_text(names)
    assert text.startswith("x[0], x[1], ") and text.endswith("x[99998], x[99999] (100,000 in all)")
    assert len(text) < 200 and names_text(["x", "y"]) == "x, y"


def test_trace_and_graph_refuse_a_run_too_large_to_keep_before_recording(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_trace_nodes", 500)
    program = parse("def f(x=1.0):\n    s = 0.0\n    for i in range(300):\n        s = s + x * i\n    return s\n")
    for make in (lambda: trace(program), lambda: graph(program)):
        with pytest.raises(LimitError, match=r"would keep about 601 numbers \(600 element operations of one run\), "
                                             r"over max_trace_nodes \(500"):
            make()
    monkeypatch.setattr(LIMITS, "max_trace_nodes", 700)
    assert len(trace(program).nodes) == 601


def test_the_readme_lists_every_limit_as_diffcompare_limits_does():
    from pathlib import Path
    from diffcompare.limits import WHAT
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, value, env in Limits().describe():
        assert f"| {name} | {value:,} | {env} | {WHAT[name]} |" in readme, name


def test_a_function_with_too_many_outputs_is_refused_before_an_engine_splits_them(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_outputs", 1_000)
    program = parse("import numpy as np\n\ndef f(x=1.0):\n    return np.ones(1001) * x\n")
    c = compare(program, engines="numerical,forward,reverse")
    for r in c.engines.values():        # found once by the plain evaluation, not by each engine again
        assert r.error == "the function returned 1,001 outputs, over max_outputs (1,000, DIFFCOMPARE_MAX_OUTPUTS)"
        assert r.traversals is None
    monkeypatch.setattr(LIMITS, "max_outputs", 1_001)
    assert compare(program, engines="reverse").engines["reverse"].jacobian == [[1.0]] * 1001


def test_the_symbolic_engine_refuses_an_array_of_more_expressions_than_one_may_have_nodes(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_symbolic_nodes", 500)
    program = parse("import numpy as np\n\ndef f(x=[1.0, 2.0]):\n    return np.sum(np.ones(501) * x[0])\n")
    r = run_engine("symbolic", program, Point.of(program), None)
    assert r.error == ("an array of 501 expressions, over the limit max_symbolic_nodes = 500 (each element is an "
                       "expression of its own) (line 4, column 32)")
    monkeypatch.setattr(LIMITS, "max_symbolic_nodes", 600)
    assert run_engine("symbolic", program, Point.of(program), None).jacobian == [[501.0, 0.0]]


def test_an_array_operation_that_would_pass_the_tape_is_refused_before_it_is_computed(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_tape_mb", 1)           # 131,072 float elements of 8 bytes
    program = parse("import numpy as np\n\ndef f(x=[1.0, 2.0]):\n    return np.sum(np.ones(140000) * x[0])\n")
    with pytest.raises(LimitError, match="the tape passed 1 MB"):
        reverse.jacobian(program, Point.of(program), Meter())
    small = parse("import numpy as np\n\ndef f(x=[1.0, 2.0]):\n    return np.sum(np.ones(60000) * x[0])\n")
    assert reverse.jacobian(small, Point.of(small), Meter()).jacobian == [[60000.0, 0.0]]
