"""The library for a notebook (issue 13, item 7): one documented function per command, taking a
function as text, a file, a bundled name or a Python def (read by its source, never run);
results that show themselves; errors that are the library's own, in the library's words."""

from __future__ import annotations

import inspect
import math
from pathlib import Path

import numpy as np
import pytest

import diffcompare as dc
from diffcompare.cli import main

FUNCTIONS = ("compare", "table", "trace", "steps", "scaling", "graph", "descent")

# module-level names a def below relies on: the reader declares them from the function object
SCALE = 3.0


def helper(u):
    return u * SCALE


def uses_numpy_math_helpers_and_a_constant(x=0.5, y=2.0):
    return np.exp(x) * math.sin(y) + helper(x) ** 2


def never_called(x=1.0):
    return x * x


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_command_is_a_documented_function_of_the_package(name):
    fn = getattr(dc, name)
    assert name in dc.__all__ and fn.__module__ == "diffcompare.api"
    assert len(inspect.getdoc(fn)) > 80
    assert list(inspect.signature(fn).parameters)[0] == "function"


def test_a_python_def_is_read_with_what_it_names_from_its_module():
    c = dc.compare(uses_numpy_math_helpers_and_a_constant, engines="forward,reverse", repeats=1)
    x, y = 0.5, 2.0
    # by hand: d/dx = e^x sin y + 2·(3x)·3, d/dy = e^x cos y
    exact = [math.exp(x) * math.sin(y) + 18 * x, math.exp(x) * math.cos(y)]
    assert c.engines["reverse"].jacobian[0] == pytest.approx(exact, rel=1e-15)
    assert c.values == [pytest.approx(math.exp(x) * math.sin(y) + 9 * x * x, rel=1e-15)]


def test_a_def_is_never_called():
    import sys
    entered = []
    sys.setprofile(lambda frame, event, arg: entered.append(frame.f_code) if event == "call" else None)
    try:
        c = dc.compare(never_called, engines="forward,reverse", repeats=1)
    finally:
        sys.setprofile(None)
    assert c.engines["reverse"].jacobian == [[2.0]]
    assert never_called.__code__ not in entered and len(entered) > 100    # the profiler saw the library's calls


@pytest.mark.parametrize("given", ["book", "x^2*y + y + 2", Path("BOOKFILE")])
def test_text_bundled_names_and_paths_are_functions_too(given, tmp_path):
    if isinstance(given, Path):
        given = tmp_path / "book.py"
        given.write_text("def book(x=3.0, y=4.0):\n    return x**2 * y + y + 2\n")
    c = dc.compare(given, at={"x": 3, "y": 4}, engines="reverse", repeats=1)
    assert c.engines["reverse"].jacobian == [[24.0, 10.0]]


def test_a_point_may_hold_numpy_arrays():
    c = dc.compare("rosenbrock", at={"x": np.array([1.0, 1.0, 1.0])}, engines="reverse", repeats=1)
    assert c.engines["reverse"].jacobian == [[0.0, 0.0, 0.0]]      # rosenbrock's minimum


@pytest.mark.parametrize("call, words", [
    (lambda: dc.compare("x*y", at={"z": 1}), "at= names 'z', which is not an input (inputs: x, y)"),
    (lambda: dc.compare("x*y", wrt="q"), "wrt= names 'q', which is not an input"),
    (lambda: dc.compare("x", at={"x": float("nan")}), "at= x=nan: the point must be finite"),
    (lambda: dc.compare("x", at=3), "at= must be text such as 'x=3,y=4' or a mapping"),
    (lambda: dc.compare(lambda x: x), "a lambda has no def to read"),
    (lambda: dc.compare(len), "cannot be read as a def"),
    (lambda: dc.compare(42), "not int"),
    (lambda: dc.scaling("rosenbrock", sizes="1,ten"), "sizes= expects whole numbers"),
    (lambda: dc.descent(learning_rate=-1), "learning_rate= must be a positive number"),
    (lambda: dc.steps("exp(x)", method="sideways"), "unknown method 'sideways'"),
    (lambda: dc.trace("book", mode="sideways"), "unknown mode 'sideways'"),
])
def test_errors_are_the_librarys_own_in_its_own_words(call, words):
    with pytest.raises(dc.InputError) as caught:
        call()
    assert words in str(caught.value)
    assert "--" not in str(caught.value)          # no command-line option in a library message


def test_the_command_line_keeps_its_own_words_in_the_same_process(capsys):
    with pytest.raises(SystemExit):
        main(["eval", "x*y", "--at", "z=1"])
    assert capsys.readouterr().err.startswith("error: --at names 'z'")
    with pytest.raises(dc.InputError, match="^at= names 'z'"):
        dc.compare("x*y", at={"z": 1})


@pytest.fixture(scope="module")
def results() -> dict:
    return {"compare": dc.compare("book", repeats=1), "table": dc.table("exp3", repeats=1),
            "trace": dc.trace("book", mode="reverse"), "steps": dc.steps("exp(x)", at="x=1"),
            "scaling": dc.scaling("rosenbrock", sizes=[2, 4], engines="forward,reverse", repeats=1),
            "graph": dc.graph("exp3"), "descent": dc.descent(engines="reverse", epochs=20),
            "evaluate": dc.evaluate("book")}


@pytest.mark.parametrize("name", list(FUNCTIONS) + ["evaluate"])
def test_results_show_themselves(results, name):
    r = results[name]
    html, markdown = r._repr_html_(), r._repr_markdown_()
    assert html.count("<table>") >= 1 and "<script" not in html
    assert markdown.count("\n|---") >= 1
    from rich.console import Console
    console = Console(record=True, width=120, file=open("/dev/null", "w"))
    console.print(r)                              # __rich__: the terminal's own picture
    assert len(console.export_text()) > 100
    text = repr(r)
    assert "Program(" not in text and len(text.splitlines()) > 3   # a table, not the fields


def test_results_save_in_the_extensions_format(results, tmp_path):
    r = results["compare"]
    assert r.save(tmp_path / "c.md") == f"saved {tmp_path / 'c.md'}"
    assert r.save(tmp_path / "c.md") == f"replaced {tmp_path / 'c.md'}"
    assert "| engine | ∂book/∂x | ∂book/∂y |" in (tmp_path / "c.md").read_text()
    with pytest.raises(dc.InputError, match=r"save= .*c\.pdf: cannot write pdf"):
        r.save(tmp_path / "c.pdf")


def test_results_keep_their_numbers(results):
    assert results["compare"].engines["reverse"].jacobian == [[24.0, 10.0]]
    assert results["trace"].sweeps[0].gradient == {"x": 24.0, "y": 10.0}
    assert results["graph"].counts["exp"] == 3
    assert results["evaluate"].values == [42.0]
    assert [p.traversals for p in results["scaling"].of("forward")] == [2, 4]


def test_compare_runs_several_methods():
    c = dc.compare("exp(x)", at={"x": 1}, engines="numerical", method=["forward", "central", "complex"], repeats=1)
    assert list(c.engines) == ["numerical (forward)", "numerical (central)", "numerical (complex)"]
    errors = [r.max_rel_error for r in c.engines.values()]
    assert errors[0] > errors[1] > errors[2] >= 0        # truncation O(h), O(h^2), none but rounding


def test_reverse_trace_reports_the_inputs_of_wrt():
    t = dc.trace("book", at={"x": 3, "y": 4}, mode="reverse", wrt="y")
    assert t.sweeps[0].gradient == {"y": 10.0} and t.seeds == ["y"]
