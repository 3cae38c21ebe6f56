"""`diffcompare table`: every cell of Table 9-2 measured, checked against the book's formulas."""

import copy
import json

import pytest
from click.testing import CliRunner

from diffcompare.cli import cli, main
from diffcompare.analysis.measure import EngineResult
from diffcompare.render.table import book_sheet, measured_sheet
from diffcompare.views.table import BOOK_TABLE, HIGH_DIGITS, RIGHT_DIGITS, judge, measure_table, run_suite


@pytest.fixture(scope="module")
def suite():
    return run_suite()


@pytest.fixture(scope="module")
def polar(suite):
    return measure_table("polar", repeats=1, suite=suite)


def counts(t):
    return {r.engine: (r.traversals, r.formula_value) for r in t.rows}


def test_default_function_has_distinct_formula_values(polar):
    assert (polar.n_inputs, polar.n_outputs) == (4, 2)
    assert counts(polar) == {"numerical": (5, 5), "symbolic": (None, None), "forward": (4, 4), "reverse": (3, 3)}
    assert all(r.traversals_agree for r in polar.rows if r.engine != "symbolic")


@pytest.mark.parametrize("function, at, n, m", [
    ("rosenbrock", "x=[1.5,-0.5,2.0,0.3,1.1,0.7]", 6, 1),        # many inputs, one output
    ("x*y, sin(x) + y, exp(x*y)", "x=0.3,y=0.7", 2, 3),           # more outputs than inputs
    ("bvp", None, 5, 5),                                          # n inputs, n outputs
])
def test_measured_traversals_follow_the_formulas(suite, function, at, n, m):
    t = measure_table(function, at=at, repeats=1, suite=suite)
    assert (t.n_inputs, t.n_outputs) == (n, m)
    assert counts(t) == {"numerical": (n + 1, n + 1), "symbolic": (None, None), "forward": (n, n),
                         "reverse": (m + 1, m + 1)}


def test_symbolic_is_not_applicable_and_its_new_graph_is_measured(polar):
    sym = polar.row("symbolic")
    assert sym.formula == "N/A" and sym.traversals is None
    assert sym.symbolic_run_traversals == 1
    # the derivative graph is larger than the program's own graph, and cse shrinks it
    assert sym.new_graph_ops > sym.new_graph_ops_cse > 0
    assert polar.program_ops == 21
    note = next(n for n in measured_sheet(polar).notes if n.startswith("†"))
    assert f"{sym.new_graph_ops:,} operations as written" in note


def test_accuracy_classes_follow_the_measured_digits(polar):
    for r in polar.rows:
        assert r.accuracy == ("High" if r.correct_digits >= HIGH_DIGITS else "Low"), r.engine
    # and the measurement bears the book out: finite differences lose half the digits
    assert [r.accuracy for r in polar.rows] == ["Low", "High", "High", "High"]
    assert polar.row("numerical").correct_digits < 10 < polar.row("reverse").correct_digits


def test_arbitrary_code_support_is_decided_by_running_the_suite(polar):
    assert [r.supports_arbitrary_code for r in polar.rows] == [True, False, True, True]
    failures = polar.row("symbolic").arbitrary_code_failures
    assert [f.split(":")[0] for f in failures] == ["my_func", "branch_on_input", "while_on_input"]
    assert "a branch depends on the input x" in failures[1]
    assert "too large" in failures[0]
    # the others were right on every program, each checked against the reference
    right = [s for s in polar.suite if s.engine != "symbolic"]
    assert len(right) == 9 and all(s.right and s.correct_digits >= RIGHT_DIGITS for s in right)


def test_a_wrong_answer_or_an_error_is_not_support():
    wrong = EngineResult("forward", jacobian=[[1.0]], correct_digits=1.3)
    assert judge(wrong, None) == (False, "wrong answer: 1.3 correct digits")
    failed = EngineResult("symbolic", supported=False, error="a branch depends on the input x")
    assert judge(failed, None) == (False, "a branch depends on the input x")
    right = EngineResult("forward", jacobian=[[1.0]], correct_digits=15.0)
    assert judge(right, None) == (True, "")
    assert judge(right, "log(-1) is undefined")[0] is False


def test_book_table_marks_only_cells_that_measurement_contradicts(polar):
    sheet = book_sheet(polar)
    assert [row[1:4] for row in sheet.rows] == [[b.traversals, b.accuracy, b.supports_arbitrary_code]
                                                for b in BOOK_TABLE.values()]
    assert sheet.findings[0].startswith("Every checked cell agrees")
    # were numerical differentiation measured at 15 digits, the book's "Low" would be marked, not changed
    t = copy.deepcopy(polar)
    t.row("numerical").correct_digits, t.row("numerical").accuracy = 15.0, "High"
    t.row("reverse").traversals = 7
    marked = book_sheet(t)
    assert marked.rows[0][2] == "Low  ✗ measured: High (15.0 digits)"
    assert marked.rows[3][1] == "n_outputs + 1  ✗ measured: 7"
    assert marked.findings[0].startswith("2 cells disagree")


def test_json_has_the_shape_of_the_issue():
    result = CliRunner().invoke(cli, ["table", "book", "--at", "x=1,y=2", "--repeats", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["function"], data["n_inputs"], data["n_outputs"]) == ("book", 2, 1)
    assert data["point"] == {"x": 1.0, "y": 2.0}
    assert [r["engine"] for r in data["rows"]] == ["numerical", "symbolic", "forward", "reverse"]
    types = {"technique": str, "engine": str, "formula": str, "correct_digits": float, "accuracy": str,
             "supports_arbitrary_code": bool, "arbitrary_code_failures": list, "time_s": float, "comment": str}
    for row in data["rows"]:
        for key, kind in types.items():
            assert isinstance(row[key], kind), (row["engine"], key)
        assert row["accuracy"] in ("Low", "High")
    assert [(r["traversals"], r["formula_value"]) for r in data["rows"]] == [(3, 3), (None, None), (2, 2), (2, 2)]
    assert data["rows"][3]["comment"] == "Implemented by TensorFlow (and PyTorch, JAX)"
    # at this integer point the finite differences happen to be exact (the rounding of f(x + h) cancels
    # the truncation error): the book's "Low" is then contradicted, and says so, rather than adjusted
    for book, row in zip(data["book"], data["rows"]):
        assert ("accuracy" in book["disagreements"]) == (row["accuracy"] != book["accuracy"])


def test_markdown_shows_the_measured_table_then_the_book(capsys):
    result = CliRunner().invoke(cli, ["table", "exp3", "--repeats", "1", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    measured, book = result.output.split("**Table 9-2 as printed")
    assert "function exp3   n_inputs = 1, n_outputs = 1" in measured
    assert "| 2<br>book: n_inputs + 1 = 2 ✓ |" in measured
    assert "| n_outputs + 1 | High | Yes | Implemented by TensorFlow |" in book


def test_bad_input_is_one_line_and_a_nonzero_exit(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["table", "book", "--at", "z=1"])
    assert exit_.value.code == 2          # a usage error
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: --at names 'z', which is not an input (inputs: x, y)"]
