"""Every view on numpy programs: trace, graph, diff, table, steps, scaling and descent run on
whole arrays, show shapes and element operations, and agree with the engines and the
50-digit reference; scalar programs keep the output they had."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from diffcompare.analysis.measure import compare
from diffcompare.cli import cli
from diffcompare.engines import engine_function
from diffcompare.errors import InputError
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.language.frontend import parse
from diffcompare.language.point import Point
from diffcompare.numbers import point_text
from diffcompare.render.diff import comparison_json, comparison_sheet
from diffcompare.render.graph import counts_sheet, to_dot
from diffcompare.render.scaling import sheet as scaling_sheet
from diffcompare.render.sheet import to_json, to_markdown
from diffcompare.render.trace import trace_dot, trace_json, trace_sheets, value_text
from diffcompare.views.descent import descend, problem
from diffcompare.views.graph import graph
from diffcompare.views.scaling import scale
from diffcompare.views.steps import sweep
from diffcompare.views.table import measure_table
from diffcompare.views.trace import trace

ROSEN = ("import numpy as np\n"
         "def rosen(x=[-1.2, 1.0, -1.2, 1.0, 0.5]):\n"
         "    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)\n")
# an array output (one output per element) and a matrix input
WAVES = ("import numpy as np\n"
         "def waves(x=[0.2, 0.4, 0.6], M=[[1.0, 2.0], [3.0, 4.0]]):\n"
         "    return np.exp(-x) * np.cos(3 * x) + np.sum(M * M)\n")


@pytest.fixture(scope="module")
def rosen():
    return parse(ROSEN, origin="rosen.py")


@pytest.fixture(scope="module")
def waves():
    return parse(WAVES, origin="waves.py")


def reverse_jacobian(program, point=None):
    point = point or Point.of(program)
    return engine_function("reverse")(program, point, Meter(), None).jacobian


def close(a, b, tol=1e-12) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(b))


# --- trace ------------------------------------------------------------------------------------

def test_forward_trace_seeded_on_one_element_carries_array_tangents(rosen):
    t = trace(rosen, mode="forward", wrt="x[2]")
    assert t.inputs == ["x[0]", "x[1]", "x[2]", "x[3]", "x[4]"] and t.wrt == "x[2]"
    gathered = t.nodes[5]                        # the input's elements gathered into the parameter's array
    assert (gathered.op, gathered.shape, gathered.operands[:5]) == ("array", (5,), (0, 1, 2, 3, 4))
    assert gathered.value.tolist() == [-1.2, 1.0, -1.2, 1.0, 0.5]
    assert gathered.tangent.tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]     # seeded on x[2] alone
    for node in t.nodes:
        assert np.shape(node.tangent) == node.shape               # a tangent has its value's shape
    assert [n.shape for n in t.nodes if n.op == "pow"] == [(4,)] * 3     # x[:-1] ** 2, (...) ** 2 twice
    assert close(t.tangents[0], reverse_jacobian(rosen)[0][2])
    assert t.traversals == 1


def test_trace_rows_show_shape_and_a_few_values(rosen):
    sheet = trace_sheets(trace(rosen, mode="forward"))[0]
    assert sheet.columns == ["node", "operation", "shape", "computes", "value", "tangent (∂/∂x[0])"]
    by_node = {row[0]: row for row in sheet.rows}
    assert by_node["#5"][2:5] == ["5", "[#0, #1, … #4]", "[-1.2, 1.0, … 5 values]"]
    assert by_node["#6"][2:4] == ["4", "#5[1:]"] and by_node["#7"][3] == "#5[:-1]"
    assert by_node["#16"][1] == "sum  → rosen" and by_node["#16"][2] == ""      # the output is a number
    assert value_text(np.array([0.2, 0.4, 0.6])) == "[0.2, 0.4, 0.6]"            # three fit whole
    assert value_text(np.ones((3, 2))) == "[1.0, 1.0, … 3×2 values]"


def test_scalar_trace_has_no_shape_column():
    sheet = trace_sheets(trace("book", at="x=3,y=4"))[0]
    assert sheet.columns == ["node", "operation", "computes", "value", "tangent (∂/∂x)"]


def test_reverse_trace_sweeps_array_adjoints_to_the_engines_gradient(waves):
    t = trace(waves, mode="reverse")
    assert t.outputs == ["waves[0]", "waves[1]", "waves[2]"] and t.traversals == 1 + 3
    reference = reverse_jacobian(waves)
    for sweep_, row in zip(t.sweeps, reference):
        assert all(close(sweep_.gradient[name], want) for name, want in zip(t.inputs, row))
        for node_id, adjoint in sweep_.adjoints.items():
            assert np.shape(adjoint) == t.nodes[node_id].shape
    # what the array node of M sends its element inputs is the gradient itself: 2 M
    first = t.sweeps[0]
    gather = next(step for step in first.steps if t.nodes[step.node].op == "array"
                  and t.nodes[step.node].shape == (2, 2))
    assert [c.partial for c in gather.contributions] == [None] * 4          # a vjp, not one partial
    assert [c.amount for c in gather.contributions] == [2.0, 4.0, 6.0, 8.0]
    sweep_sheet = trace_sheets(t)[1]
    assert any("+= vjp of " in row[4] for row in sweep_sheet.rows)


def test_trace_json_holds_full_arrays_and_dot_labels_show_shapes(waves):
    t = trace(waves, mode="reverse")
    data = json.loads(to_json(trace_json(t)))
    mul = next(n for n in data["nodes"] if n["op"] == "mul" and n.get("shape") == [2, 2])
    assert mul["value"] == [[1.0, 4.0], [9.0, 16.0]]
    assert mul["adjoints"]["waves[0]"] == [[1.0, 1.0], [1.0, 1.0]]
    assert data["point"] == {"x": [0.2, 0.4, 0.6], "M": [[1.0, 2.0], [3.0, 4.0]]}
    dot = trace_dot(t)
    assert "array (2×2)" in dot and "mul (2×2)" in dot and "slice" not in dot


# --- graph ------------------------------------------------------------------------------------

def test_graph_nodes_show_shapes_and_count_element_operations(rosen):
    g = graph(rosen, symbolic=False)
    meter = Meter()
    evaluate(rosen, Point.of(rosen).inputs(), FLOAT, meter)
    assert (g.operations, g.element_operations) == (meter.primitive_calls, meter.element_ops) == (11, 44)
    # every operation of rosen acts on an input, so the tape holds all the run's work; x is one
    # input node holding its five elements (not five nodes gathered by an array node)
    assert sum(g.element_counts.values()) == meter.element_ops
    assert [(n.op, n.name, n.shape) for n in g.nodes if n.op == "input"] == [("input", "x", (5,))]
    assert g.counts["sum"] == 1 and g.element_counts["sum"] == 4
    assert all(n.partials == (None,) * len(n.parents) for n in g.nodes if n.shape)
    sheet = counts_sheet(g)
    assert sheet.columns[:3] == ["operation", "tape (f)", "tape element ops"]
    assert any("11 operations as written, 44 element operations" in note for note in sheet.notes)
    assert '[label="vjp"]' in to_dot(g) and "#0 x (5) = [-1.2, 1.0, … 5 values]" in to_dot(g)


def test_scalar_graph_sheet_is_unchanged():
    sheet = counts_sheet(graph("exp3"))
    assert sheet.columns == ["operation", "tape (f)", "symbolic f, f′ as written", "after cse"]


# --- diff -------------------------------------------------------------------------------------

def test_diff_names_elements_and_counts_element_operations(waves):
    c = compare(waves, repeats=1)
    assert c.inputs == ["x[0]", "x[1]", "x[2]", "M[0,0]", "M[0,1]", "M[1,0]", "M[1,1]"]
    assert c.outputs == ["waves[0]", "waves[1]", "waves[2]"]
    for name in ("numerical", "forward", "reverse", "symbolic"):
        assert c.engines[name].correct_digits > (6 if name == "numerical" else 14), name
    meter = Meter()
    evaluate(waves, Point.of(waves).inputs(), FLOAT, meter)
    one = meter.element_ops
    engines = c.engines
    # each traversal of forward and numerical costs one evaluation's element operations; reverse's
    # taping run costs one, and its sweeps (no primitive calls) add none
    assert engines["forward"].element_operations == 7 * one
    assert engines["numerical"].element_operations == 8 * one
    assert engines["reverse"].element_operations == one
    assert one > meter.primitive_calls                       # arrays: more work than calls as written
    data = comparison_json(c)
    assert data["engines"]["reverse"]["element_operations"] == one
    assert "element ops" in comparison_sheet(c).columns


def test_scalar_diff_table_has_no_element_column_but_json_has_it():
    c = compare("book", at="x=3,y=4", repeats=1)
    assert not c.uses_arrays
    assert "element ops" not in comparison_sheet(c).columns
    # without arrays each call is one element operation, the symbolic evaluation's calls included
    assert all(r.element_operations == r.primitive_calls for r in c.engines.values())


def test_point_text_keeps_a_matrix_s_rows():
    assert point_text({"M": [[1.0, 2.0], [3.0, 4.0]]}) == "(M=[[1.0, 2.0], [3.0, 4.0]])"
    assert point_text({"X": [[1.0, 0.5]] * 100}) == "(X=[[1.0, 0.5], [1.0, 0.5], [1.0, 0.5], … 100×2])"
    assert point_text({"x": [1.0, 2.0], "a": 3.0}) == "(x=[1.0, 2.0], a=3.0)"


def test_cli_diff_of_a_numpy_file(tmp_path):
    path = tmp_path / "waves.py"
    path.write_text(WAVES)
    result = CliRunner().invoke(cli, ["diff", str(path), "--format", "markdown", "--repeats", "1",
                                      "--engine", "forward,reverse"])
    assert result.exit_code == 0, result.output
    assert "| element ops |" in result.output and "M=[[1.0, 2.0], [3.0, 4.0]]" in result.output


# --- table and steps --------------------------------------------------------------------------

def test_table_of_an_array_program_counts_elements_as_inputs(rosen):
    t = measure_table(rosen, repeats=1, suite=[])
    assert (t.n_inputs, t.n_outputs) == (5, 1)
    counts = {r.engine: r.traversals for r in t.rows}
    assert counts == {"numerical": 6, "symbolic": None, "forward": 5, "reverse": 2}
    assert all(r.traversals == r.formula_value for r in t.rows if r.engine != "symbolic")
    assert all(r.accuracy == "High" for r in t.rows if r.engine != "numerical")


def test_steps_on_an_array_program(rosen):
    s = sweep(rosen, wrt="x[1],x[2]")
    assert s.wrt == ["x[1]", "x[2]"]
    assert s.methods["forward"].traversals == 3 and s.methods["central"].traversals == 4
    assert s.methods["forward"].best_error < 1e-6 and s.methods["central"].best_error < 1e-9
    assert s.methods["complex"].best_error < 1e-14


# --- scaling ----------------------------------------------------------------------------------

def test_scaling_resizes_a_numpy_vector_and_counts_follow_the_formulas(rosen):
    s = scale(rosen, [4, 8, 16], engines="numerical,forward,reverse", repeats=1)
    assert s.arrays and not s.fixed
    for p in s.points:
        n = p.size
        assert p.n_inputs == n
        assert p.traversals == {"numerical": n + 1, "forward": n, "reverse": 2}[p.engine]
        one = s.evaluations[n]
        assert p.primitive_calls == one.primitive_calls * (p.traversals if p.engine != "reverse" else 1)
    # calls as written stay flat as n grows; the element operations grow with n
    assert len({s.evaluations[n].primitive_calls for n in s.sizes}) == 1
    work = [s.evaluations[n].element_operations for n in s.sizes]
    assert work[0] < work[1] < work[2] and work[2] - work[1] == 2 * (work[1] - work[0])
    assert "element ops" in scaling_sheet(s).columns


def test_scaling_says_when_inputs_are_all_matrices():
    program = parse("import numpy as np\ndef quad(A=[[2.0, 0.5], [0.5, 1.0]]):\n    return np.sum(A * A)\n",
                    origin="quad.py")
    with pytest.raises(InputError, match=r"quad's array inputs are all matrices \(A 2×2\): sizes= resizes vector"):
        scale(program, [2, 4], engines="reverse")


def test_scaling_names_the_matrices_it_keeps():
    program = parse("import numpy as np\ndef f(x=[0.3, -0.2], W=[[1.0, 2.0], [3.0, 4.0]]):\n"
                    "    return np.sum(x ** 2) + np.sum(W * W)\n", origin="f.py")
    s = scale(program, [2, 4], engines="reverse", repeats=1)
    assert s.fixed == ["W 2×2"]
    assert [p.n_inputs for p in s.points] == [6, 8]          # the 4 elements of W at every size
    assert any("Matrix inputs keep their shape" in note and "W 2×2" in note for note in scaling_sheet(s).notes)


# --- descent ----------------------------------------------------------------------------------

def test_linreg_np_is_the_numpy_twin_of_linreg():
    np_problem, plain = problem("linreg_np"), problem("linreg")
    assert (np_problem.theta_name, np_problem.theta_shape, np_problem.n) == ("theta", (2, 1), 2)
    assert list(np_problem.data) == ["X_b", "y"] and np_problem.rows == plain.rows == 100
    assert np_problem.data["X_b"][:, 0].tolist() == [1.0] * 100
    assert np_problem.data["X_b"][:, 1].tolist() == plain.xs.tolist()
    assert np_problem.data["y"][:, 0].tolist() == plain.ys.tolist()
    assert np_problem.wrt() == [0, 1]          # theta's elements only: the data are not differentiated


@pytest.mark.parametrize("batch_size", [None, 20])
def test_descent_linreg_np_trains_like_linreg_with_every_engine(batch_size):
    epochs = 40 if batch_size is None else 4
    arrays = descend("linreg_np", epochs=epochs, batch_size=batch_size)
    lists = descend("linreg", epochs=epochs, batch_size=batch_size)
    for engine, run in arrays.runs.items():
        other = lists.runs[engine]
        assert run.ok, (engine, run.error)
        # the same loss curve: exact engines to round-off; finite differences to their own accuracy (the
        # two programs sum in other orders, and the step divides that round-off by h ~ 1e-8)
        tol = 1e-5 if engine == "numerical" else 1e-12
        assert len(run.losses) == len(other.losses)
        assert all(close(a, b, tol) for a, b in zip(run.losses, other.losses)), engine
        assert np.allclose(run.thetas, other.thetas, rtol=tol, atol=tol), engine
        assert run.traversal_counts == other.traversal_counts, engine
    assert arrays.closed_form.theta == pytest.approx(lists.closed_form.theta, rel=1e-12)


def test_a_mini_batch_takes_the_same_rows_of_every_data_array():
    p = problem("linreg_np")
    rows = np.array([3, 7, 42])
    point = p.point([1.0, 2.0], rows)
    assert dict(zip(point.names, point.shapes)) == {"theta": (2, 1), "X_b": (3, 2), "y": (3, 1)}
    values = point.as_dict()
    assert values["theta"] == [[1.0], [2.0]]
    assert values["X_b"] == p.data["X_b"][rows].tolist() and values["y"] == p.data["y"][rows].tolist()


@pytest.mark.parametrize("text, message", [
    ("def f(theta=[[0.0, 1.0], [0.0, 1.0]], X=[[1.0]], y=[1.0]):\n    return np.sum(X.dot(theta))",
     "theta is a 2×2 matrix; descent trains a vector or a column vector"),
    ("def f(theta=[0.0], X=[[1.0], [2.0]], y=[1.0]):\n    return np.mean((X.dot(theta) - y) ** 2)",
     "the data arrays must have one number of rows: X has 2, y has 1"),
    ("def f(theta=[0.0], X=[[1.0]], lam=0.1):\n    return np.sum(X.dot(theta)) + lam",
     "lam is a number; with numpy arrays every parameter after the first is data"),
])
def test_the_numpy_convention_is_checked_with_a_clear_error(tmp_path, text, message):
    (tmp_path / "f.py").write_text("import numpy as np\n" + text + "\n")
    with pytest.raises(InputError, match=message):
        problem(str(tmp_path / "f.py"))


def test_list_shows_linreg_np_with_its_docstring():
    result = CliRunner().invoke(cli, ["list", "--format", "json"])
    assert result.exit_code == 0
    assert "linreg_np" in result.output and "as a user writes it with numpy" in result.output


def test_the_readmes_numpy_example_gives_what_the_readme_shows(tmp_path):
    import re
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(import numpy as np\n\n\ndef ridge.*?)```", readme, re.S).group(1)
    (tmp_path / "ridge.py").write_text(code)
    c = compare(str(tmp_path / "ridge.py"), wrt="w", engines="forward,reverse", repeats=1)
    assert c.engines["reverse"].jacobian == [[pytest.approx(-43.9, rel=1e-14), pytest.approx(-62.7, rel=1e-14)]]
    assert "│ reverse               │ -43.9        │ -62.7" in readme
    assert c.engines["reverse"].element_operations == 19 and "│ 8           │ 19          │" in readme
