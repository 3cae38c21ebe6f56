"""`diffcompare scaling`: measured counts against the book's formulas at several sizes.

No assertion here is on time (the machine may be slow and shared): the slopes that are
checked are those of traversals and primitive calls, which are exact."""

import json

import pytest
from click.testing import CliRunner

from diffcompare.cli import cli as cli_group
from diffcompare.engines.reverse import Var, record
from diffcompare.errors import InputError
from diffcompare.interpreter import Meter
from diffcompare.limits import LIMITS
from diffcompare.views.scaling import cheaper_from, fit_slope, parse_sizes, scale
from diffcompare.language.point import parse_point, resize_vectors
from diffcompare.language.resolve import load
from diffcompare.language.point import Point

SIZES = [1, 10, 100]


def formulas(function: str, n: int, wrt_scalars: bool = False) -> dict:
    """The book's traversals at size n, with n and m computed from the function itself:
    n differentiated inputs, m outputs (an output that depends on no input needs no sweep back)."""
    program = load(function)
    point = resize_vectors(parse_point(None, program), n)
    names = point.input_names()
    n_in = sum(1 for name in names if "[" not in name) if wrt_scalars else len(names)
    _, _, outputs = record(program, point, Meter())
    active = sum(1 for o in outputs if type(o) is Var)
    return {"numerical": n_in + 1, "forward": n_in, "reverse": active + 1, "n_in": n_in, "m": len(outputs)}


@pytest.fixture(scope="module")
def rosenbrock():
    return scale("rosenbrock", SIZES, engines="numerical,forward,reverse", repeats=1)


def test_resize_repeats_the_given_values_and_keeps_scalars():
    point = Point(("t", "x"), ((), (2,)), (0.5, -1.2, 1.0))
    assert resize_vectors(point, 5).as_dict() == {"t": 0.5, "x": [-1.2, 1.0, -1.2, 1.0, -1.2]}
    assert resize_vectors(point, 1).as_dict() == {"t": 0.5, "x": [-1.2]}
    with pytest.raises(InputError):
        resize_vectors(point, 0)


def test_rosenbrock_traversals_equal_the_formulas_at_each_n(rosenbrock):
    assert len(rosenbrock.points) == len(SIZES) * 3
    for p in rosenbrock.points:
        expected = formulas("rosenbrock", p.size)
        assert (p.n_inputs, p.n_outputs) == (expected["n_in"], expected["m"])
        assert p.traversals == expected[p.engine], (p.engine, p.size)


def test_rosenbrock_primitive_calls_are_traversals_times_one_evaluation(rosenbrock):
    for p in rosenbrock.points:
        one = rosenbrock.evaluations[p.size].primitive_calls
        forward_sweeps = p.traversals - (1 if p.engine == "reverse" and p.traversals > 1 else 0)
        assert p.primitive_calls == forward_sweeps * one, (p.engine, p.size)   # a backward sweep calls none


def test_rosenbrock_slopes_of_exact_counts(rosenbrock):
    # relative to one evaluation: forward and numerical grow like n, reverse stays flat
    assert rosenbrock.call_slopes["forward"] == pytest.approx(1.0)
    assert rosenbrock.call_slopes["reverse"] == pytest.approx(0.0)
    assert rosenbrock.call_slopes["numerical"] == pytest.approx(1.0, abs=0.05)
    assert rosenbrock.traversal_slopes["forward"] == pytest.approx(1.0)
    assert rosenbrock.traversal_slopes["reverse"] == pytest.approx(0.0)
    assert set(rosenbrock.slopes) == {"numerical", "forward", "reverse"}   # time slopes: shown, not asserted


def test_rosenbrock_reverse_cheaper_in_traversals_from_10(rosenbrock):
    c = rosenbrock.crossover
    assert c["axis"] == "n_inputs"
    assert c["reverse_cheaper_than_forward"]["by_traversals"] == 10
    assert c["forward_cheaper_than_reverse"]["by_traversals"] is None


def test_outputs_axis_forward_wins_with_one_input_and_many_outputs():
    s = scale("oscillators", SIZES, engines="forward,reverse", outputs=True, repeats=1)
    assert s.wrt == ["t"]
    for p in s.points:
        expected = formulas("oscillators", p.size, wrt_scalars=True)
        assert (p.n_inputs, p.n_outputs) == (1, p.size)
        assert p.traversals == expected[p.engine]
    assert s.traversal_slopes["forward"] == pytest.approx(0.0)
    assert s.traversal_slopes["reverse"] == pytest.approx(1.0, abs=0.05)   # m + 1
    assert s.crossover["forward_cheaper_than_reverse"]["by_traversals"] == 1


def test_bvp_n_inputs_n_outputs_counts():
    s = scale("bvp", [2, 20], engines="forward,reverse", repeats=1)
    for p in s.points:
        assert p.n_inputs == p.n_outputs == p.size
        assert p.traversals == (p.size if p.engine == "forward" else p.size + 1)


def test_symbolic_expression_size_measured_below_the_cap():
    s = scale("rosenbrock", [2, 4], engines="symbolic", symbolic_cap_s=120)
    for p in s.points:
        assert not p.capped and p.traversals == 1 and p.time_s is not None
        raw, cse = p.expression_ops
        assert raw >= cse > 0
    assert s.points[1].expression_ops[0] > s.points[0].expression_ops[0]      # swell with n


def test_symbolic_time_cap_reports_capped_and_skips_larger_sizes():
    s = scale("rosenbrock", [30, 60, 1000], engines="symbolic", symbolic_cap_s=0.001)
    assert [p.capped for p in s.points] == [True, True, True]
    assert all(p.time_s is None and p.traversals is None for p in s.points)
    assert "time cap" in s.points[0].note and "skipped" in s.points[2].note


def test_symbolic_size_limit_from_the_parent_holds_in_the_child(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_symbolic_nodes", 10)
    s = scale("rosenbrock", [20], engines="symbolic", symbolic_cap_s=120)
    p = s.points[0]
    assert p.capped and "expression too large" in p.note


def test_fit_slope_and_cheaper_from():
    assert fit_slope([1, 10, 100], [3.0, 30.0, 300.0]) == pytest.approx(1.0)
    assert fit_slope([1, 10, 100], [5.0, None, 5.0]) == pytest.approx(0.0)
    assert fit_slope([10, 10], [1.0, 2.0]) is None
    assert cheaper_from([(1, 2, 1), (10, 2, 10), (100, 2, 100)]) == 10
    assert cheaper_from([(1, 1, 2), (10, 20, 10)]) is None
    assert parse_sizes("100, 1,10,10") == [1, 10, 100]


def test_json_has_exactly_the_issue_schema():
    result = CliRunner().invoke(cli_group, ["scaling", "rosenbrock", "--n", "2,5", "--engine", "forward,reverse",
                                      "--repeats", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"function", "points", "slopes", "crossover"}
    assert data["function"] == "rosenbrock" and len(data["points"]) == 4
    for p in data["points"]:
        assert set(p) == {"engine", "n_inputs", "n_outputs", "traversals", "primitive_calls", "time_s", "capped"}
    assert set(data["slopes"]) == {"forward", "reverse"}


def test_rich_output_has_the_table_and_the_chart():
    result = CliRunner().invoke(cli_group, ["scaling", "rosenbrock", "--n", "2,5", "--engine", "forward,reverse",
                                      "--repeats", "1"])
    assert result.exit_code == 0, result.output
    assert "Cost against size" in result.output and "time ÷ one evaluation" in result.output


@pytest.mark.parametrize("args, message", [
    (["scaling", "exp(x)"], "no vector input"),
    (["scaling", "rosenbrock", "--n", "1,ten"], "whole numbers"),
    (["scaling", "rosenbrock", "--n", "0,5"], "at least 1"),
    (["scaling", "rosenbrock", "--outputs", "--n", "2,5"], "stays 1"),
    (["scaling", "rosenbrock", "--engine", "magic"], "'magic' is not one of"),
    (["scaling", "rosenbrock", "--wrt", "y"], "not an input"),
])
def test_bad_input_exits_non_zero_with_one_line(cli, args, message):
    run = cli(*args)        # the real command in a fresh process
    assert run.code != 0 and message in run.err and len(run.err_lines) == 1
