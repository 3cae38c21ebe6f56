"""docs/lecture.ipynb runs: every code cell is executed in order, in-process, as Jupyter would
(the cells' sources registered in linecache, as IPython does, so a def in a cell can be read by
its source), and each cell's last expression -- what the notebook displays -- is checked: a
result shows itself as HTML tables and markdown, and its numbers are the hand-derived ones."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import linecache
from pathlib import Path

import numpy as np
import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "lecture.ipynb"


def code_cells() -> list[str]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def run_cell(source: str, k: int, namespace: dict):
    """Execute one cell; return (the value of its last expression or None, what it printed)."""
    filename = f"<lecture cell {k}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    tree = ast.parse(source, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(tree, filename, "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace) if last else None
    return value, printed.getvalue()


@pytest.fixture(scope="module")
def cells(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lecture")
    old = Path.cwd()
    import os
    os.chdir(folder)                  # anything the notebook writes lands in a folder of its own
    try:
        namespace: dict = {"__name__": "__main__"}
        return [run_cell(source, k, namespace) for k, source in enumerate(code_cells())], namespace
    finally:
        os.chdir(old)


def test_the_notebook_walks_through_the_lesson_in_order():
    text = "\n".join(code_cells())
    order = [text.index(call) for call in ("dc.table(", "dc.compare(\"x^2*y", "dc.graph(\"exp3\")", "dc.trace(",
                                           "dc.steps(", "dc.scaling(", "dc.descent(")]
    assert order == sorted(order)


def test_every_displayed_result_is_an_html_table_and_markdown(cells):
    outputs, _ = cells
    shown = [value for value, _ in outputs if hasattr(value, "_repr_html_")]
    assert len(shown) >= 9
    for value in shown:
        html, markdown = value._repr_html_(), value._repr_markdown_()
        assert "<table>" in html and "<th>" in html
        assert "\n|---" in markdown and not any(ch in markdown for ch in "┏┃━")     # real tables, no box drawing
        assert value.__rich__() is not None


def test_table_counts_follow_the_books_formulas_on_polar(cells):
    _, namespace = cells
    table = namespace["table"]
    assert (table.n_inputs, table.n_outputs) == (4, 2)
    assert [(r.engine, r.traversals) for r in table.rows] == [("numerical", 5), ("symbolic", None),
                                                               ("forward", 4), ("reverse", 3)]


def test_the_book_example_gives_the_appendix_numbers(cells):
    outputs, namespace = cells
    by_engine = next(v for v, _ in outputs if isinstance(v, dict) and "reverse" in v and "symbolic" in v)
    for name in ("symbolic", "forward", "reverse"):
        assert by_engine[name][0] == [[24.0, 10.0]]          # 2xy and x^2 + 1 at (3, 4)
    assert by_engine["numerical"][0][0] == pytest.approx([24.0, 10.0], rel=1e-6)
    assert {name: t for name, (_, t) in by_engine.items()} == {"numerical": 3, "symbolic": 1, "forward": 2,
                                                                 "reverse": 2}
    assert namespace["book"].values == [42.0]


def test_a_def_in_a_cell_is_read_by_its_source(cells):
    outputs, namespace = cells
    mine = next(v for v, _ in outputs if getattr(v, "function", None) == "my_func")
    # the same loop as the bundled my_func: the same gradient, to the last bits of forward and reverse
    bundled = namespace["dc"].compare("my_func", engines="reverse", repeats=1).engines["reverse"].jacobian
    assert mine.engines["reverse"].jacobian[0] == pytest.approx(bundled[0], rel=1e-14)
    assert mine.engines["forward"].traversals == 2


def test_the_swell_of_exp3(cells):
    outputs, _ = cells
    assert (3, 9, 3) in [v for v, _ in outputs]


def test_the_traces(cells):
    outputs, _ = cells
    forward, reverse = [v for v, _ in outputs if type(v).__name__ == "Trace"]
    assert forward.seeds == ["x", "y"] and forward.seed_tangents == [[24.0], [10.0]] and forward.traversals == 2
    assert reverse.sweeps[0].gradient == {"x": 24.0, "y": 10.0} and reverse.traversals == 2


def test_steps_scaling_and_descent(cells):
    outputs, namespace = cells
    steps = next(v for v, _ in outputs if type(v).__name__ == "StepSweep")
    assert list(steps.methods) == ["forward", "central", "complex", "richardson"] and steps.failure is None
    assert steps.methods["complex"].best_error < 1e-15 < steps.methods["forward"].best_error
    scaling = next(v for v, _ in outputs if type(v).__name__ == "Scaling")
    assert {p.size: p.traversals for p in scaling.of("reverse")} == {2: 2, 10: 2, 100: 2}
    assert {p.size: p.traversals for p in scaling.of("forward")} == {2: 2, 10: 10, 100: 100}
    # the least-squares line through the same 100 rows, by numpy
    from diffcompare.views.descent import make_data
    xs, ys = make_data(42)
    best = np.linalg.lstsq(np.c_[np.ones(len(xs)), xs], ys, rcond=None)[0]
    thetas = next(v for v, _ in outputs if isinstance(v, dict) and "numerical" in v and "symbolic" not in v)
    for theta in thetas.values():
        assert theta == pytest.approx(best, abs=2e-3)
    diverged = next(v for v, _ in outputs if type(v).__name__ == "Descent" and v is not namespace["descent"])
    assert diverged.failure is not None and "diverged" in diverged.runs["reverse"].error


def test_the_handout_is_saved_as_markdown(cells):
    outputs, _ = cells
    printed = outputs[-1][1]
    assert printed.startswith("saved ") and "| engine | ∂f/∂x | ∂f/∂y |" in printed
