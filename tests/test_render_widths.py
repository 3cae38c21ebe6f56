"""Text output fits the projector: at 80, 100 and 140 columns every line fits, and every number
the library computed for a view appears whole in its text (never `24.000…`, never split over two
lines); a terminal too narrow for any layout is one line and exit 2; an ASCII stdout gets ASCII;
--brief leaves out the footnotes and keeps the results.

The numbers are taken from the result objects and written as the views write them (number, sci,
seconds); the text is drawn by the same code the command line uses, at a fixed width."""

from __future__ import annotations

import json
import re

import pytest

from diffcompare.analysis.measure import compare, entry_errors
from diffcompare.limits import LIMITS
from diffcompare.numbers import number, sci, seconds
from diffcompare.render import layout
from diffcompare.render.bench import sheets as bench_sheets
from diffcompare.render.descent import descent_renderables, vector_text
from diffcompare.render.diff import comparison_sheets, errors_sheet, jacobian_sheet
from diffcompare.render.evaluate import evaluation_sheet
from diffcompare.render.graph import counts_sheet, tree_renderable
from diffcompare.render.limits import limits_sheet
from diffcompare.render.scaling import _crossover_text, sheet as scaling_sheet
from diffcompare.render.sheet import Sheet, to_rich
from diffcompare.render.steps import summary_sheet
from diffcompare.render.table import book_sheet, measured_sheet
from diffcompare.render.terminal import MIN_WIDTH, Terminal, ascii_text, detect, draw
from diffcompare.render.trace import trace_sheets, value_text
from diffcompare.views.bench import BenchResult, Figure, Timing
from diffcompare.views.descent import descend
from diffcompare.views.evaluate import evaluate_at
from diffcompare.views.graph import graph
from diffcompare.views.scaling import DEFAULT_SIZES, cheaper_at, scale
from diffcompare.views.steps import sweep
from diffcompare.views.table import measure_table
from diffcompare.views.trace import trace

WIDTHS = (80, 100, 140)
CUT = re.compile(r"\d…")          # rich's mark of a number cut short


def text_of(parts, width: int) -> str:
    """What the terminal shows: sheets fitted and drawn at `width`, as the command line draws them."""
    term = Terminal(width)
    return draw([to_rich(p, term) if isinstance(p, Sheet) else p for p in parts], term)[0]


def check(text: str, width: int, numbers: list[str]) -> None:
    lines = text.splitlines()
    too_wide = [line for line in lines if len(line) > width]
    assert not too_wide, f"{len(too_wide)} lines wider than {width}: {too_wide[:3]}"
    assert not CUT.search(text), CUT.search(text)
    missing = [n for n in numbers if n not in text]
    assert not missing, f"not whole at {width} columns: {missing[:10]}"


# --- the views, each measured once -------------------------------------------------------------

@pytest.fixture(scope="module")
def polar():
    return compare("polar", repeats=1)


@pytest.fixture(scope="module")
def book():
    return compare("book", at="x=3,y=4", repeats=1)


def diff_numbers(c) -> list[str]:
    out = [number(v, 12) for v in c.values] + [number(v) for row in c.reference.floats() for v in row]
    for r in c.engines.values():
        out += [number(v) for row in r.jacobian for v in row]
        out += [sci(r.max_rel_error), f"{r.correct_digits:.1f}", str(r.traversals), str(r.primitive_calls),
                seconds(r.time_s)]
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["polar", "book"])
def test_diff_is_whole_at_every_width(request, name, width):
    c = request.getfixturevalue(name)
    check(text_of(comparison_sheets(c, "rich", width), width), width, diff_numbers(c))


@pytest.mark.parametrize("width", WIDTHS)
def test_diff_errors_are_whole(polar, width):
    sheets = comparison_sheets(polar, "rich", width, errors=True)
    errors = [sci(e) for r in polar.engines.values() for row in r.entry_errors for e in row]
    check(text_of(sheets, width), width, diff_numbers(polar) + errors)


@pytest.fixture(scope="module")
def measured():
    return measure_table("polar", repeats=1)


@pytest.mark.parametrize("width", WIDTHS)
def test_table_is_whole_at_every_width(measured, width):
    numbers = []
    for r in measured.rows:
        numbers.append(f"{r.correct_digits:.1f}")
        if r.traversals is not None:
            numbers += [str(r.traversals), str(r.formula_value)]
        numbers += [seconds(r.derive_s), seconds(r.evaluate_s)] if r.engine == "symbolic" else [seconds(r.time_s)]
    check(text_of([measured_sheet(measured), book_sheet(measured)], width), width, numbers)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_trace_is_whole_at_every_width(mode, width):
    t = trace("polar", mode=mode)
    numbers = [value_text(n.value) for n in t.nodes]
    if mode == "forward":
        numbers += [value_text(n.tangent) for n in t.nodes]
    else:
        numbers += [value_text(a) for s in t.sweeps for a in s.adjoints.values()]
        numbers += [number(c.total) for s in t.sweeps for st in s.steps for c in st.contributions]
    check(text_of(trace_sheets(t, limit=0), width), width, numbers)


@pytest.mark.parametrize("width", WIDTHS)
def test_steps_scaling_graph_eval_limits_are_whole(width):
    s = sweep("book", at="x=3,y=4")
    numbers = [sci(x) for m in s.methods.values() for x in (m.best_h, m.best_error, m.textbook_h, m.textbook_error)]
    check(text_of([summary_sheet(s)], width), width, numbers + [str(m.traversals) for m in s.methods.values()])

    sc = scale("rosenbrock", [2, 10], engines="numerical,forward,reverse", repeats=1)
    numbers = [f"{p.traversals:,}" for p in sc.points] + [f"{p.primitive_calls:,}" for p in sc.points]
    numbers += [seconds(p.time_s) for p in sc.points] + [f"{p.relative_time:,.1f}" for p in sc.points]
    check(text_of([scaling_sheet(sc)], width), width, numbers)

    g = graph("my_func")
    numbers = [str(v) for v in g.counts.values()]
    check(text_of([counts_sheet(g), tree_renderable(g, width=width)], width), width, numbers)

    r = evaluate_at("rosenbrock", "x=[1.5,2.25,3.125,4,5,6,7,8,9]")
    check(text_of([evaluation_sheet(r)], width), width, [repr(v) for v in r.values])

    check(text_of([limits_sheet(LIMITS)], width), width, [f"{v:,}" for _, v, _ in LIMITS.describe()])


@pytest.mark.parametrize("width", WIDTHS)
def test_descent_is_whole_at_every_width(width):
    d = descend("linreg", engines="numerical,forward,reverse", epochs=30)
    numbers = []
    for run in d.runs.values():
        numbers += [number(x, 10) for x in run.theta] + [number(run.loss, 10), sci(run.distance),
                                                           seconds(run.time_per_step)]
    numbers += [number(x, 10) for x in d.closed_form.theta]
    text = text_of(descent_renderables(d, 10, Terminal(width)), width)
    check(text, width, numbers)
    assert vector_text(d.runs["reverse"].theta).split(", ")[0] in text


@pytest.mark.parametrize("width", WIDTHS)
def test_bench_is_whole_at_every_width(width):
    result = BenchResult({"cpu": "a CPU", "cores": 2, "implementation": "CPython", "python": "3.11.7",
                          "system": "Linux", "load_average": [0.9, 0.8, 1.4]},
                         [Timing("rosenbrock(1000)", "reverse gradient", 0.01845123, 7, 0.01912345)],
                         [Figure("reverse gradient / one float evaluation, rosenbrock(1000)", 3.5812, "×", "≤ 4×",
                                 True), Figure("tape bytes per recorded node, my_func (700 nodes)", 106.4,
                                               "bytes/node", "≤ 200", True, "a detail")])
    figures, timings = bench_sheets(result)
    assert "Issue" not in figures.title
    check(text_of([figures, timings], width), width, ["3.58×", "106 bytes/node", "18.45 ms", "19.12 ms"])


# --- the Jacobian as a matrix ---------------------------------------------------------------------

def test_handouts_keep_a_small_jacobian_in_the_engines_table(book, polar):
    # markdown and latex have no width: the book's two partials stay columns of the one table
    assert [s.title for s in comparison_sheets(book, "markdown", 80)] == ["Derivatives of book"]
    assert len(comparison_sheets(book, "rich", 80)) == 2                  # at 80 columns: engines, then matrix
    csv = comparison_sheets(polar, "csv", 80)                              # data: every partial a column
    assert len(csv) == 1 and csv[0].columns[1:9] == [f"∂polar[{i}]/∂{x}" for i in (0, 1)
                                                      for x in ("r", "theta", "phi", "s")]


def test_polar_jacobian_is_a_matrix_of_outputs_by_inputs(polar):
    sheet = jacobian_sheet(polar)
    assert sheet.columns == ["engine / output", "r", "theta", "phi", "s"]
    ref = polar.reference.floats()
    at = sheet.rows.index(["reference", "", "", "", ""])
    assert sheet.rows[at + 1] == ["  polar[0]"] + [number(v) for v in ref[0]]
    assert sheet.rows[at + 2] == ["  polar[1]"] + [number(v) for v in ref[1]]
    labels = [r[0] for r in sheet.rows if not r[0].startswith("  ")]
    assert labels == ["reference", "numerical (forward)", "symbolic", "forward", "reverse"]
    assert not sheet.findings                        # whole: nothing left out


def test_a_large_jacobian_is_abbreviated_with_the_way_to_see_all():
    c = compare("rosenbrock", at="x=[1,2,3,4,5,6,7,8,9,10,11,12]", engines="reverse", repeats=1)
    short = jacobian_sheet(c)
    assert short.columns == ["engine"] + [f"∂rosenbrock/∂x[{k}]" for k in range(8)]
    assert "8 of 12 inputs" in short.findings[0] and "--full" in short.findings[0]
    assert "--format json" in short.findings[0]
    full = jacobian_sheet(c, full=True)
    assert len(full.columns) == 13 and not full.findings
    assert full.rows[-1] == ["reverse"] + [number(v) for v in c.engines["reverse"].jacobian[0]]
    text = text_of([full], 80)                      # cut into parts that repeat the engine column
    check(text, 80, [number(v) for v in c.engines["reverse"].jacobian[0]])
    assert text.count("┃ engine") >= 2


def test_array_inputs_and_outputs_name_the_matrix(tmp_path):
    f = tmp_path / "layer.py"
    f.write_text("import numpy as np\n\n\ndef layer(W=[[1.0, 2.0], [3.0, 0.5]], x=[0.5, -1.0]):\n"
                 "    return np.tanh(W @ x)\n")
    c = compare(str(f), engines="forward,reverse", repeats=1)
    sheet = jacobian_sheet(c)
    assert sheet.columns == ["engine / output", "W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "x[0]", "x[1]"]
    assert ["  layer[0]"] + [number(v) for v in c.engines["reverse"].jacobian[0]] in sheet.rows
    # tanh(W x)_0 depends on row 0 of W only
    assert number(c.engines["reverse"].jacobian[0][2]) == "0.0"


def test_entry_errors_are_each_entrys_relative_error_absolute_at_zero():
    assert entry_errors([[1.5, 0.1, 2.0]], [[1.0, 0.0, 2.0]]) == [[0.5, 0.1, 0.0]]
    assert entry_errors([[-3.0], [4.0]], [[-2.0], [8.0]]) == [[0.5], [0.5]]


def test_errors_sheet_marks_the_absolute_entries():
    c = compare("x^2 + 0*y", at="x=1,y=1", engines="numerical", repeats=1)
    sheet = errors_sheet(c)
    row = next(r for r in sheet.rows if r[0].startswith("numerical"))
    assert row[2].endswith(" abs") and not row[1].endswith("abs")    # ∂f/∂y = 0: |J - R| itself
    assert row[1] == sci(abs(c.engines["numerical"].jacobian[0][0] - 2.0) / 2.0)


def test_a_refused_engine_says_why_under_the_tables(cli):
    run = cli("diff", "branch", "--engine", "symbolic,reverse", "--repeats", "1", env={"COLUMNS": "80"})
    assert run.code == 0, run.err
    assert "refused" in run.out and "✗ symbolic refused: a branch depends on the input x" in run.out


# --- the command line: widths, narrow terminals, ASCII, colour, --brief ---------------------------

def test_piped_output_honours_columns(cli):
    narrow = cli("diff", "book", "--repeats", "1", env={"COLUMNS": "80"})
    wide = cli("diff", "book", "--repeats", "1")
    assert narrow.code == wide.code == 0
    assert max(map(len, narrow.out.splitlines())) <= 80
    assert max(map(len, wide.out.splitlines())) > 100          # a pipe without COLUMNS: 140 wide
    assert "24.00000016" in narrow.out


@pytest.mark.parametrize("command", [["diff", "book"], ["steps", "exp(x)", "--at", "x=1"],
                                     ["scaling", "rosenbrock", "--n", "2,4", "--engine", "forward,reverse"],
                                     ["descent", "--epochs", "5", "--engine", "reverse"],
                                     ["graph", "my_func"], ["list"], ["limits"]])
def test_every_command_fits_80_columns(cli, command):
    run = cli(*command, env={"COLUMNS": "80"})
    assert run.code == 0, run.err
    assert max(map(len, run.out.splitlines())) <= 80
    assert not CUT.search(run.out)


@pytest.mark.parametrize("columns", ["10", "0"])
def test_a_terminal_narrower_than_any_layout_is_one_line_and_exit_2(cli, columns):
    run = cli("table", "book", env={"COLUMNS": columns})
    assert run.code == 2 and run.out == ""
    assert len(run.err_lines) == 1 and f"{columns} columns wide" in run.err and str(MIN_WIDTH) in run.err
    data = cli("eval", "book", "--format", "json", env={"COLUMNS": columns})
    assert data.code == 0 and json.loads(data.out)["values"] == [42.0]     # data has no width


def test_an_ascii_stdout_gets_ascii(cli):
    env = {"PYTHONIOENCODING": "ascii", "COLUMNS": "80"}
    run = cli("diff", "book", "--repeats", "1", env=env)
    assert run.code == 0, run.err
    assert run.out.isascii() and "dbook/dx = 2*x*y" in run.out and "24.00000016" in run.out
    for args in (["trace", "book", "--mode", "reverse"], ["steps", "exp(x)", "--at", "x=1"],
                 ["table", "book", "--repeats", "1", "--format", "markdown"], ["list"]):
        run = cli(*args, env=env)
        assert run.code == 0 and run.out.isascii() and "Traceback" not in run.err, (args, run.err)
    data = cli("diff", "book", "--repeats", "1", "--format", "json", env=env)
    assert data.out.isascii() and json.loads(data.out)["inputs"] == ["x", "y"]


def test_ascii_spells_out_the_symbols():
    assert ascii_text("∂f/∂x = 24.0 ✓, 35.5 µs … 42.0 + 24.0ε ┃━┏") == "df/dx = 24.0 ok, 35.5 us ... 42.0 + 24.0eps |-+"
    assert ascii_text("Géron") == "Geron"


def test_checks_are_green_and_crosses_red_unless_no_color():
    sheet = Sheet("t", ["a"], [["5 ✓"], ["✗ my_func"]])
    coloured = draw([to_rich(sheet, Terminal(80, color=True))], Terminal(80, color=True))[0]
    assert re.search(r"\x1b\[[0-9;]*32m✓", coloured) and re.search(r"\x1b\[[0-9;]*31m✗", coloured)
    plain = draw([to_rich(sheet, Terminal(80))], Terminal(80))[0]
    assert "\x1b[" not in plain

    class Tty:
        encoding = "utf-8"

        def isatty(self):
            return True

        def fileno(self):
            raise OSError

    assert detect(Tty(), {"COLUMNS": "90"}) == Terminal(90, True, True)
    assert detect(Tty(), {"COLUMNS": "90", "NO_COLOR": "1"}).color is False


def test_brief_leaves_out_the_footnotes_and_keeps_the_results(cli):
    full = cli("diff", "book", "--repeats", "1")
    brief = cli("diff", "book", "--repeats", "1", "--brief")
    assert "Error: max|J - R|" in full.out and "Error: max|J - R|" not in brief.out
    assert "∂book/∂x = 2*x*y" in brief.out and "24.00000016" in brief.out
    table = cli("table", "book", "--repeats", "1", "--brief", "--format", "markdown")
    assert "Graph traversals: runs of the program" not in table.out
    assert "Every checked cell agrees" in table.out or "disagree" in table.out


# --- the layouts themselves ---------------------------------------------------------------------

def test_words_keep_a_number_with_its_unit():
    assert [w.strip() for w in layout.words("derive 195.41 ms, evaluated in 5 s")] == [
        "derive", "195.41 ms,", "evaluated", "in", "5 s"]
    assert layout.wrap("takes 195.41 ms to run", 12) == ["takes", "195.41 ms to", "run"]


def test_columns_are_never_narrower_than_their_longest_word():
    cells = [["engine", "numerical (forward)"], ["∂f/∂x", "24.00000016"], ["time", "195.41 ms"]]
    widths = layout.column_widths(cells, 40)
    assert widths[1] >= 11 and widths[2] >= 9 and sum(widths) + layout.overhead(3) <= 40
    assert layout.column_widths(cells, 20) is None


def test_a_table_too_wide_is_cut_into_parts_that_repeat_its_keys():
    header = ["engine", "a", "b", "c", "d"]
    rows = [["reverse", "1.234567891", "-2.345678912", "3.456789123", "-4.567891234"]]
    parts = layout.fit(header, rows, 40)
    assert len(parts) >= 2 and all(p.columns[0] == 0 for p in parts) and all(p.total <= 40 for p in parts)
    assert sorted(k for p in parts for k in p.columns[1:]) == [1, 2, 3, 4]
    records = layout.stacked(header, rows, 40)
    assert all(len(line) <= 40 for line, _ in records)
    assert [line for line, heading in records if heading] == ["reverse"]


def test_crossover_summary_is_true_to_the_table():
    sizes = [1, 10, 100]
    found = {"by_time": None, "by_traversals": None, "sizes_by_time": [1], "sizes_by_traversals": []}
    text = _crossover_text("forward mode", "reverse mode", found, "n_inputs", sizes)
    assert text == ("Forward mode is cheaper than reverse mode: in time at n_inputs = 1 only; "
                    "in traversals at no size measured.")
    found = {"by_time": 10, "by_traversals": 1, "sizes_by_time": [10, 100], "sizes_by_traversals": [1, 10, 100]}
    text = _crossover_text("reverse mode", "forward mode", found, "n_inputs", sizes)
    assert "in time from n_inputs = 10 on" in text and "from n_inputs = 1 on (every size measured)" in text
    assert cheaper_at([(1, 1.0, 2.0), (10, 3.0, 2.0), (100, 1.0, None)]) == [1]


def test_diff_help_says_when_the_jacobian_becomes_a_matrix():
    from diffcompare.cli.commands import diff_command
    from diffcompare.render.diff import INLINE_PARTIALS, SHOWN_INPUTS, SHOWN_OUTPUTS
    assert f"more than {INLINE_PARTIALS} entries" in diff_command.help
    full = next(p for p in diff_command.params if p.name == "full")
    assert f"{SHOWN_OUTPUTS} outputs × {SHOWN_INPUTS} inputs" in full.help


def test_scaling_sizes_default_past_the_degenerate_n_1():
    from diffcompare.cli.commands import scaling_command
    option = next(p for p in scaling_command.params if p.name == "sizes")
    assert option.default == ",".join(map(str, DEFAULT_SIZES)) and DEFAULT_SIZES[0] >= 2


def test_small_confusions(book):
    assert number(-0.0) == "0.0"
    c = compare("cos(x)", at="x=0", engines="symbolic", repeats=1)
    assert c.engines["symbolic"].jacobian == [[0.0]]
    assert "-0.0" not in text_of(comparison_sheets(c, "rich", 80), 80)
    s = sweep("book", at="x=3,y=4", methods="forward")
    assert "∂book/∂x, ∂book/∂y" in summary_sheet(s).caption and "d/dx, y" not in summary_sheet(s).caption
    e = evaluation_sheet(evaluate_at("rosenbrock", "x=[1.123456789,2.25,3.5]"))
    assert not re.search(r"\d", e.title)             # the point is a caption: a title never wraps a number
    t = trace("book", at="x=3,y=4", mode="reverse")
    sends = [row[4] for row in trace_sheets(t)[1].rows]
    assert "#1 += 1.0 × 9.0 = 9.0 → 10.0" in sends[2].split("\n")
    for s in t.sweeps:                               # the last running total of an input is its adjoint
        last = {}
        for step in s.steps:
            for con in step.contributions:
                last[con.parent] = con.total
        assert [last[k] for k in (0, 1)] == list(s.gradient.values())
