"""`diffcompare trace`: the appendix's walk-through, recorded through the engines' own algebras."""

import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from diffcompare.cli import cli, main
from diffcompare.engines import forward, reverse
from diffcompare.errors import InputError, LimitError
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.limits import LIMITS
from diffcompare.language.resolve import load
from diffcompare.render.trace import trace_dot, trace_json, trace_sheets
from diffcompare.views.trace import Constant, trace
from diffcompare.language.point import Point


def test_book_forward_trace_ends_in_42_plus_24_epsilon():
    t = trace("book", at="x=3,y=4", mode="forward", wrt="x")
    # f = x^2 y + y + 2, by hand: x^2 = 9 (tangent 2x = 6), x^2 y = 36 (6 y = 24), + y = 40, + 2 = 42
    assert [(n.op, n.value, n.tangent) for n in t.nodes] == [
        ("input", 3, 1), ("input", 4, 0), ("pow", 9, 6), ("mul", 36, 24), ("add", 40, 24), ("add", 42, 24)]
    assert (t.values, t.tangents, t.output_nodes) == ([42.0], [24.0], [5])
    sheet = trace_sheets(t)[0]
    assert "book = 42.0 + 24.0ε: ∂book/∂x = 24.0" in sheet.findings
    assert [row[2] for row in sheet.rows] == ["x", "y", "#0 ** 2", "#2 * #1", "#3 + #1", "#4 + 2"]


def test_book_forward_trace_seeded_on_y():
    t = trace("book", at="x=3,y=4", wrt="y")
    # d/dy: x^2 y -> x^2 = 9, + y -> 10
    assert [n.tangent for n in t.nodes] == [0, 1, 0, 9, 10, 10]
    assert t.tangents == [10.0]


def test_book_reverse_trace_gives_24_and_10():
    t = trace("book", at="x=3,y=4", mode="reverse")
    (sweep,) = t.sweeps
    assert sweep.gradient == {"x": 24.0, "y": 10.0}
    # adjoints by hand: f̄ = 1 through both adds; x²y: x̄² = y = 4, ȳ = 9 + 1 (the "+ y"); x̄ = 4 * 2x = 24
    assert [sweep.adjoints[n.id] for n in t.nodes] == [24, 10, 4, 1, 1, 1]
    # the sweep visits nodes last first, and each sends adjoint × partial to its parents
    assert [s.node for s in sweep.steps] == [5, 4, 3, 2, 1, 0]
    mul = sweep.steps[2]
    assert [(c.parent, c.partial, c.amount) for c in mul.contributions] == [(2, 4.0, 4.0), (1, 9.0, 9.0)]
    assert t.traversals == 2                      # n_outputs + 1
    assert "book = 42.0: ∂book/∂x = 24.0, ∂book/∂y = 10.0" in trace_sheets(t)[0].findings


def test_constant_operands_are_recorded_though_the_tape_keeps_only_active_parents():
    t = trace("book", at="x=3,y=4", mode="reverse")
    assert t.nodes[2].operands == (0, Constant(2))
    assert t.nodes[5].operands == (4, Constant(2))


@pytest.mark.parametrize("function", ["my_func", "polar", "branch", "rosenbrock"])
def test_trace_records_every_primitive_call_and_agrees_with_the_engines(function):
    program = load(function)
    point = Point.of(program)
    meter = Meter()
    evaluate(program, point.inputs(), FLOAT, meter)
    n_inputs = point.size
    jac = reverse.jacobian(program, point, Meter()).jacobian
    t = trace(function, mode="reverse")
    assert len(t.nodes) == n_inputs + meter.primitive_calls
    assert [list(s.gradient.values()) for s in t.sweeps] == jac
    first = forward.jacobian(program, point, Meter(), wrt=[0]).jacobian
    assert [[d] for d in trace(function, mode="forward").tangents] == first


def test_my_func_has_about_700_nodes_and_limit_shows_head_and_tail():
    t = trace("my_func")
    assert len(t.nodes) == 701                    # 2 inputs + 7 calls a trip, but z + 0 is int arithmetic
    rows = trace_sheets(t, limit=10)[0].rows
    assert len(rows) == 11
    assert [r[0] for r in rows[:5]] == ["#0", "#1", "#2", "#3", "#4"]
    assert rows[5][0] == "…" and "691 nodes not shown" in rows[5]
    assert [r[0] for r in rows[6:]] == ["#696", "#697", "#698", "#699", "#700"]
    assert len(trace_sheets(t, limit=0)[0].rows) == 701
    assert len(trace_json(t)["nodes"]) == 701     # the data is never cut


def parse_dot(text: str):
    """A strict reading of the DOT subset the trace writes: a digraph of node and edge statements."""
    lines = [line.strip() for line in text.strip().splitlines()]
    assert re.fullmatch(r"digraph \w+ \{", lines[0]) and lines[-1] == "}"
    quoted = r'"(?:[^"\\]|\\.)*"'
    attrs = rf"\w+=(?:{quoted}|\w+)(?:, \w+=(?:{quoted}|\w+))*"
    nodes, edges = set(), []
    for line in lines[1:-1]:
        if m := re.fullmatch(rf"(\w+) -> (\w+);", line):
            edges.append((m[1], m[2]))
        elif (m := re.fullmatch(rf"(\w+) \[{attrs}\];", line)) and m[1] not in ("node", "edge", "graph"):
            nodes.add(m[1])
        else:
            assert re.fullmatch(rf"(?:\w+=(?:{quoted}|\w+)|node \[{attrs}\]);", line), line
    assert all(a in nodes and b in nodes for a, b in edges)
    return nodes, edges


def test_dot_output_parses_as_a_digraph_annotated_with_values_and_adjoints():
    result = CliRunner().invoke(cli, ["trace", "book", "--at", "x=3,y=4", "--mode", "reverse", "--format", "dot"])
    assert result.exit_code == 0, result.output
    nodes, edges = parse_dot(result.output)
    assert {"n0", "n1", "n2", "n3", "n4", "n5"} <= nodes
    assert ("n0", "n2") in edges and ("n2", "n3") in edges and ("n1", "n3") in edges
    assert r'n0 [label="#0 x\nvalue 3.0\nadjoint 24.0"' in result.output
    assert r'n5 [label="#5 add → book\nvalue 42.0\nadjoint 1.0"' in result.output
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg"], input=result.output, text=True, check=True, capture_output=True)


def test_dot_of_a_forward_trace_carries_tangents():
    text = trace_dot(trace("my_func"))
    nodes, _ = parse_dot(text)
    assert len([n for n in nodes if n.startswith("n")]) == 701
    assert r'n700 [label="#700 add → my_func\nvalue -0.2125392328\ntangent -1.138859682"' in text


def test_cli_prints_the_walkthrough():
    runner = CliRunner()
    out = runner.invoke(cli, ["trace", "book", "--at", "x=3,y=4", "--mode", "forward", "--wrt", "x"]).output
    assert "book = 42.0 + 24.0ε" in out
    out = runner.invoke(cli, ["trace", "book", "--at", "x=3,y=4", "--mode", "reverse", "--format", "markdown"]).output
    assert "∂book/∂x = 24.0, ∂book/∂y = 10.0" in out
    assert "**Backward sweep for book, in the order it visits nodes**" in out
    data = json.loads(runner.invoke(cli, ["trace", "book", "--mode", "reverse", "--format", "json"]).output)
    assert data["sweeps"][0]["gradient"] == {"x": 24.0, "y": 10.0}
    assert [v["node"] for v in data["sweeps"][0]["visits"]] == [5, 4, 3, 2, 1, 0]


def test_a_constant_output_has_no_sweep():
    t = trace("2, x*x", at="x=3", mode="reverse")
    assert [s.node for s in t.sweeps] == [None, 1]
    assert t.sweeps[0].gradient == {"x": 0.0} and t.sweeps[1].gradient == {"x": 6.0}
    assert t.traversals == 2                      # the taping run and one sweep: the constant needs none


def test_the_trace_has_a_documented_size_limit(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_trace_nodes", 100)
    with pytest.raises(LimitError, match="max_trace_nodes"):
        trace("my_func")


@pytest.mark.parametrize("args, message, code", [
    (["trace", "book", "--wrt", "z"], "error: --wrt names 'z', which is not an input (inputs: x, y)", 2),
    (["trace", "book", "--mode", "reverse", "--wrt", "x,q"],
     "error: --wrt names 'q', which is not an input (inputs: x, y)", 2),
    (["trace", "log(x)", "--at", "x=-1"], "error: log(-1) is undefined: log needs x > 0 (line 1, column 1)", 1),
])
def test_bad_input_is_one_line_and_a_nonzero_exit(capsys, args, message, code):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == code
    assert capsys.readouterr().err.strip().splitlines() == [message]


def test_unknown_mode_from_python():
    with pytest.raises(InputError, match="unknown mode"):
        trace("book", mode="sideways")


def test_latex_escapes_the_trace_symbols():
    out = CliRunner().invoke(cli, ["trace", "book", "--mode", "reverse", "--format", "latex"]).output
    assert out.isascii(), sorted({c for c in out if not c.isascii()})
    assert r"\#5 & add  $\to$ book" in out


def test_save_writes_the_rendered_trace_for_slides(tmp_path):
    for name in ("trace.svg", "trace.html", "trace.txt"):
        path = tmp_path / name
        result = CliRunner().invoke(cli, ["trace", "book", "--at", "x=3,y=4", "--save", str(path)])
        assert result.exit_code == 0, result.output
        assert "42.0" in path.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("book at (x=3.0, y=4.0)")
