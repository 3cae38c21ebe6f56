"""`diffcompare diff` (issue 3): the JSON has exactly the documented shape, the Python API
returns the same data, the other formats show one row per engine with the symbolic formula,
and NaN/inf become null with the error stated."""

from __future__ import annotations

import csv
import io
import json
import math
from concurrent.futures import ThreadPoolExecutor

import pytest

from diffcompare import compare
from diffcompare.engines import ENGINES

from conftest import run_cli

BOOK = "x^2*y + y + 2"

RUNS = {
    "book": ["diff", BOOK, "--at", "x=3,y=4", "--format", "json", "--repeats", "1"],
    "orientation": ["diff", "x*y^2, x + 3*y, sin(x)", "--at", "x=2,y=5", "--format", "json", "--repeats", "1",
                    "--engine", "numerical,forward,reverse"],
    "vector": ["diff", "rosenbrock", "--at", "x=[1,2,3]", "--format", "json", "--repeats", "1",
               "--engine", "forward,reverse", "--method", "central"],
    "overflow": ["diff", "sin(exp(x))*3", "--at", "x=709.7", "--format", "json", "--repeats", "1"],
    "central": ["diff", "polar", "--format", "json", "--repeats", "1", "--engine", "numerical",
                "--method", "central"],
    "rich": ["diff", "book", "--repeats", "1"],
    "markdown": ["diff", "book", "--repeats", "1", "--format", "markdown"],
    "csv": ["diff", "my_func", "--repeats", "1", "--format", "csv"],
    "bad engine": ["diff", "book", "--engine", "forward,magic"],
    "bad wrt": ["diff", "book", "--wrt", "z"],
    "bad point": ["diff", "book", "--at", "x=three"],
    "bad method": ["diff", "book", "--method", "backward"],
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """Every command above run once through the real CLI (in parallel: each is a fresh process)."""
    # the folders are made here, not in the threads: pytest's temp factory is not thread-safe
    folders = [tmp_path_factory.mktemp("cwd") for _ in RUNS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(RUNS, pool.map(run_cli, RUNS.values(), folders)))


def output(runs, name) -> dict:
    run = runs[name]
    assert run.code == 0, run.err
    return json.loads(run.out)


ENGINE_KEYS = {"jacobian": (list, type(None)), "traversals": (int, type(None)),
               "primitive_calls": (int, type(None)), "time_s": (float, type(None)),
               "max_rel_error": (float, type(None)), "correct_digits": (float, type(None)),
               "supported": (bool,), "error": (str, type(None))}


def test_json_has_exactly_the_documented_shape(runs):
    data = output(runs, "book")
    assert {"function", "inputs", "outputs", "point", "values", "reference", "engines"} <= set(data)
    assert data["function"] == BOOK
    assert data["inputs"] == ["x", "y"] and data["outputs"] == ["f"]
    assert data["point"] == {"x": 3.0, "y": 4.0}
    assert data["values"] == [42.0]
    assert data["reference"]["jacobian"] == [[24.0, 10.0]] and data["reference"]["digits"] == 50
    assert list(data["engines"]) == list(ENGINES)
    for name, entry in data["engines"].items():
        for key, types in ENGINE_KEYS.items():
            assert key in entry, (name, key)
            assert isinstance(entry[key], types), (name, key, entry[key])
        assert entry["supported"] is True and entry["error"] is None
        assert abs(entry["jacobian"][0][0] - 24) < 1e-6 and abs(entry["jacobian"][0][1] - 10) < 1e-6
        assert entry["time_s"] > 0 and entry["primitive_calls"] > 0
    engines = data["engines"]
    # the symbolic derivative's size raw and after cse, and its derive time apart from its evaluate time
    symbolic = engines["symbolic"]
    assert symbolic["ops_raw"] >= symbolic["ops_cse"] > 0
    assert symbolic["derive_s"] > 0 and symbolic["evaluate_s"] > 0
    assert symbolic["derivatives"] == [["2*x*y", "x**2 + 1"]]
    assert [engines[e]["traversals"] for e in ("numerical", "forward", "reverse")] == [3, 2, 2]
    assert 1e-11 <= engines["numerical"]["max_rel_error"] <= 1e-6
    assert engines["numerical"]["correct_digits"] < engines["reverse"]["correct_digits"] == 17.0


def test_jacobian_rows_are_outputs_and_columns_are_inputs(runs):
    data = output(runs, "orientation")
    assert data["inputs"] == ["x", "y"] and data["outputs"] == ["f[0]", "f[1]", "f[2]"]
    x, y = 2.0, 5.0
    expected = [[y ** 2, 2 * x * y], [1.0, 3.0], [math.cos(x), 0.0]]
    for name in ("forward", "reverse"):
        assert data["engines"][name]["jacobian"] == expected, name
    # three outputs, two inputs: reverse m + 1 = 4, forward n = 2, numerical n + 1 = 3
    assert [data["engines"][e]["traversals"] for e in ("numerical", "forward", "reverse")] == [3, 2, 4]


def test_vector_elements_are_named_by_index(runs):
    data = output(runs, "vector")
    assert data["inputs"] == ["x[0]", "x[1]", "x[2]"]
    assert data["point"] == {"x": [1.0, 2.0, 3.0]}
    assert list(data["engines"]) == ["forward", "reverse"]
    # rosenbrock by hand at (1, 2, 3): d/dx0 = -400 x0 (x1 - x0^2) - 2 (1 - x0) = -400
    #   d/dx1 = 200 (x1 - x0^2) - 400 x1 (x2 - x1^2) - 2 (1 - x1) = 200 + 800 + 2 = 1002, d/dx2 = 200 (x2 - x1^2) = -200
    assert data["engines"]["reverse"]["jacobian"] == [[-400.0, 1002.0, -200.0]]
    assert data["engines"]["forward"]["traversals"] == 3 and data["engines"]["reverse"]["traversals"] == 2


def test_non_finite_numbers_become_null_with_the_error_stated(runs):
    data = output(runs, "overflow")
    assert data["reference"]["jacobian"] is None and "beyond the float range" in data["reference"]["error"]
    for name in ("forward", "reverse"):
        entry = data["engines"][name]
        assert entry["jacobian"] == [[None]] and "not finite" in entry["error"], name
    assert data["engines"]["symbolic"]["jacobian"] is None and "overflows a float" in data["engines"]["symbolic"]["error"]
    assert "NaN" not in runs["overflow"].out and "Infinity" not in runs["overflow"].out


def test_method_option_reaches_the_numerical_engine(runs):
    data = output(runs, "central")
    entry = data["engines"]["numerical"]
    assert entry["method"] == "central" and len(data["inputs"]) == 4
    assert entry["traversals"] == 2 * len(data["inputs"])
    assert entry["max_rel_error"] < 1e-8


def test_python_api_returns_the_same_data_as_the_json(runs):
    data = output(runs, "book")
    c = compare(BOOK, at={"x": 3, "y": 4}, repeats=1)
    assert c.function == data["function"]
    assert c.wrt_names == data["inputs"] and c.outputs == data["outputs"]
    assert c.point.as_dict() == data["point"] and c.values == data["values"]
    assert c.reference.floats() == data["reference"]["jacobian"] and c.reference.digits == data["reference"]["digits"]
    assert list(c.engines) == list(data["engines"])
    for name, r in c.engines.items():
        entry = data["engines"][name]
        for key in ("jacobian", "traversals", "primitive_calls", "max_rel_error", "correct_digits", "supported",
                    "error"):
            assert getattr(r, key) == entry[key], (name, key)
        assert isinstance(r.time_s, float) and r.time_s > 0


def test_rich_output_has_one_row_per_engine_and_the_symbolic_formula(runs):
    run = runs["rich"]
    assert run.code == 0 and run.err == ""
    lines = run.out.splitlines()
    rows = {name: next((l for l in lines if l.startswith(f"│ {name}")), None) for name in ENGINES}
    assert all(rows.values()), run.out
    assert "24.0" in rows["reverse"] and "10.0" in rows["reverse"]
    assert any(l.startswith("│ reference (50 digits)") for l in lines)
    assert "∂book/∂x = 2*x*y" in run.out and "∂book/∂y = x**2 + 1" in run.out
    assert "agrees with sympy" in run.out


def test_markdown_and_csv_have_one_row_per_engine(runs):
    md = runs["markdown"]
    assert md.code == 0
    table = [l for l in md.out.splitlines() if l.startswith("| ")]
    assert table[0].startswith("| engine | ∂book/∂x | ∂book/∂y |")
    assert [row.split(" | ")[0][2:].split(" ")[0] for row in table[1:]] == ["reference", *ENGINES]
    run = runs["csv"]
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert list(rows[0])[:4] == ["engine", "method", "dmy_func/da", "dmy_func/db"]
    assert [r["engine"] for r in rows] == ["reference", *ENGINES]
    symbolic = next(r for r in rows if r["engine"] == "symbolic")
    assert (symbolic["status"] == "refused" and symbolic["error"].startswith("expression too large")
            and symbolic["dmy_func/da"] == "") or symbolic["dmy_func/da"].startswith("-1.13885968")
    # numbers are numbers: seconds in time_s, counts as whole numbers, no units anywhere
    forward = next(r for r in rows if r["engine"] == "forward")
    assert float(forward["time_s"]) > 0 and int(forward["traversals"]) == 2 and int(forward["repeats"]) == 1


@pytest.mark.parametrize("name, message", [
    ("bad engine", "'magic' is not one of 'numerical', 'symbolic', 'forward', 'reverse', 'all'."),
    ("bad wrt", "--wrt names 'z', which is not an input"),
    ("bad point", "--at x=three: not a number"),
    ("bad method", "backward"),
])
def test_bad_options_are_one_clear_line(runs, name, message):
    run = runs[name]
    assert run.code != 0 and run.out == ""
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1 and message in run.err, run.err
