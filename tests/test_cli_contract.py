"""The command line's contract (issue 13, items 3, 5, 6; issue 16, item 7): exit statuses that
say what happened, one vocabulary of options across commands, and --save that writes the
format its extension names and never destroys what it must not."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import click
import pytest

from diffcompare.cli import EXIT_STATUS, cli, main
from diffcompare.limits import LIMITS

COMMANDS = sorted(cli.commands)
BOOK = "x^2*y + y + 2"


def run(args, capsys) -> tuple[int, str, str]:
    """The real entry point, in-process: (exit status, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def help_of(name: str) -> str:
    command = cli.commands[name]
    with click.Context(command, info_name=name, parent=click.Context(cli, info_name="diffcompare")) as ctx:
        return command.get_help(ctx)


# --- exit status -------------------------------------------------------------------------------

def test_bare_diffcompare_prints_help_on_stdout_and_exits_0(capsys):
    code, out, err = run([], capsys)
    assert code == 0 and out.startswith("Usage: diffcompare") and err == ""
    assert "Exit status:" in out and all(f"  {k}  " in out for k in (0, 1, 2, 3))


def test_the_exit_statuses_are_documented_in_help():
    for line in ("0  what was asked for was computed", "1  nothing asked for could be computed", "2  a usage error"):
        assert line in EXIT_STATUS


@pytest.mark.parametrize("args, words", [
    (["diff", "log(x)", "--at", "x=0", "--repeats", "1"], "log(0) is undefined"),
    (["diff", "branch", "--engine", "symbolic"], "a branch depends on the input"),
    (["--limit", "max_operations=1", "diff", "x*y+1", "--repeats", "1"], "max_operations"),
    (["diff", "x*y+1", "--limit", "max_operations=1", "--repeats", "1"], "max_operations"),
    (["descent", "--learning-rate", "1.0", "--engine", "reverse", "--epochs", "50"], "diverged"),
    (["steps", "abs(x)", "--at", "x=0.5", "--method", "complex"], "complex step"),
])
def test_nothing_computed_is_1_and_the_output_is_still_printed(capsys, args, words):
    code, out, err = run(args, capsys)
    assert code == 1
    assert words in out                                  # the reasons, in the printed output
    assert err.startswith("error: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize("args", [
    ["diff", "branch", "--repeats", "1"],                # symbolic refuses; the other three answer
    ["diff", BOOK, "--at", "x=3,y=4", "--engine", "reverse"],
])
def test_something_computed_is_0(capsys, args):
    code, out, err = run(args, capsys)
    assert code == 0 and err == "" and "Derivatives of" in out


@pytest.mark.parametrize("args", [
    ["diff", "book", "--at", "z=1"], ["diff", "book", "--engine", "magic"], ["diff", "book", "--wrt", "q"],
    ["diff", "book", "--save", "handout.pdf"], ["diff", "x +* 2"], ["diff", "bok"], ["frobnicate"],
    ["trace", "book", "--limit", "6"], ["diff", "book", "--h", "0.1"], ["scaling", "rosenbrock", "--n", "a"],
])
def test_usage_errors_are_2_with_one_line(capsys, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(args, capsys)
    assert code == 2 and out == "" and err.startswith("error: ")
    assert "Traceback" not in err and list(tmp_path.iterdir()) == []


# --- one vocabulary ----------------------------------------------------------------------------------

def test_every_command_takes_limit_before_or_after_its_name():
    for name in COMMANDS:
        assert "--limit NAME=N" in help_of(name), name


def test_every_command_takes_brief_and_diff_full_and_errors():
    for name in COMMANDS:
        assert "--brief" in help_of(name), name
    assert "--full" in help_of("diff") and "--errors" in help_of("diff")


def test_a_limit_after_the_command_acts_as_one_before_it(capsys):
    before = run(["--limit", "max_operations=100", "eval", "my_func"], capsys)
    after = run(["eval", "my_func", "--limit", "max_operations=100"], capsys)
    assert before == after and before[0] == 1 and "more than 100 operations" in before[2]


def test_a_limit_holds_for_one_run_only(capsys):
    kept = LIMITS.max_operations
    run(["eval", "x", "--limit", "max_operations=7"], capsys)
    assert LIMITS.max_operations == kept


def test_trace_rows_and_graph_lines_are_not_called_limit(capsys):
    assert "--rows" in help_of("trace") and "--lines" in help_of("graph")
    code, _, err = run(["trace", "my_func", "--limit", "6"], capsys)
    assert code == 2 and "--rows 6" in err
    code, out, _ = run(["trace", "my_func", "--rows", "6"], capsys)
    assert code == 0 and "695 nodes not shown" in out and "--rows 0 shows all" in out


@pytest.mark.parametrize("name", ["diff", "steps"])
def test_method_is_a_comma_list_of_the_same_choices(name):
    text = " ".join(help_of(name).split())
    assert "--method [forward|central|complex|richardson],..." in text


@pytest.mark.parametrize("name", ["diff", "table", "trace", "steps", "scaling"])
def test_wrt_on_every_command_that_differentiates(name):
    assert "--wrt NAMES" in help_of(name)


def test_choice_options_list_their_choices():
    assert "--optimizer [gd|momentum]" in help_of("descent")
    assert "--mode [forward|reverse]" in help_of("trace")
    for name in ("diff", "scaling", "descent"):
        assert "[numerical|symbolic|forward|reverse],..." in " ".join(help_of(name).split())


def test_no_option_sits_next_to_h_and_repeats_means_one_thing():
    for name in COMMANDS:
        text = help_of(name)
        assert not re.search(r"--h\b", text) and "--rounds" not in text, name
    assert "--step H" in help_of("diff") and "--repeats" in help_of("bench")


def test_bench_keeps_rounds_as_a_hidden_alias():
    options = {o.name: o for o in cli.commands["bench"].params}
    assert options["old_rounds"].hidden and "--rounds" in options["old_rounds"].opts


def test_diff_runs_the_numerical_engine_once_per_method(capsys):
    code, out, _ = run(["diff", BOOK, "--at", "x=3,y=4", "--engine", "numerical", "--method",
                        "forward,central,richardson", "--format", "json", "--repeats", "1"], capsys)
    engines = json.loads(out)["engines"]
    assert code == 0 and list(engines) == ["numerical (forward)", "numerical (central)", "numerical (richardson)"]
    # traversals: n + 1, 2n, 4n for n = 2 inputs (engines/numerical.py)
    assert [e["traversals"] for e in engines.values()] == [3, 4, 8]
    assert engines["numerical (central)"]["max_rel_error"] < engines["numerical (forward)"]["max_rel_error"]


def test_trace_seeds_each_input_of_wrt(capsys):
    code, out, _ = run(["trace", "book", "--at", "x=3,y=4", "--wrt", "x,y", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["traversals"] == 2 and data["seed_tangents"] == {"x": [24.0], "y": [10.0]}
    # x^2 y: its tangent is 2xy = 24 along x, x^2 = 9 along y
    assert data["nodes"][3]["tangents"] == {"x": 24.0, "y": 9.0}


# --- saving: the format is the extension's -----------------------------------------------------

@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """`diff book` saved in every format, the terminal's output and the files."""
    folder = tmp_path_factory.mktemp("saved")
    files = {}
    for ext in ("svg", "html", "txt", "md", "csv", "json", "tex"):
        path = folder / f"book.{ext}"
        with pytest.raises(SystemExit) as exit_:
            main(["diff", "book", "--repeats", "1", "--save", str(path)])
        assert exit_.value.code == 0
        files[ext] = path.read_text(encoding="utf-8")
    return files


BOX = set("┏┃━┡│└")


def test_each_extension_writes_its_format(saved):
    assert saved["svg"].startswith("<svg") and "Derivatives of book" in saved["svg"].replace("&#160;", " ")
    assert saved["html"].startswith("<!DOCTYPE html>") and "<table>" in saved["html"] and "<th>∂book/∂x</th>" in saved["html"]
    assert "Derivatives of book" in saved["txt"] and not set(saved["txt"]) & {"\x1b"}
    assert "| engine | ∂book/∂x | ∂book/∂y |" in saved["md"] and not set(saved["md"]) & BOX
    assert "\\begin{tabular}" in saved["tex"] and not set(saved["tex"]) & BOX
    assert json.loads(saved["json"])["engines"]["reverse"]["jacobian"] == [[24.0, 10.0]]


def test_csv_numbers_are_numbers(saved):
    rows = list(csv.DictReader(io.StringIO(saved["csv"])))
    reverse = next(r for r in rows if r["engine"] == "reverse")
    assert float(reverse["dbook/dx"]) == 24.0 and int(reverse["traversals"]) == 2
    assert 0 < float(reverse["time_s"]) < 60 and float(reverse["correct_digits"]) == 17.0
    assert not any("µs" in v or "ms" in v for r in rows for v in r.values() if v)


def test_every_command_writes_csv_without_units(capsys):
    for args in (["table", "book", "--repeats", "1"], ["steps", "exp(x)", "--at", "x=1"],
                 ["scaling", "rosenbrock", "--n", "2,3", "--engine", "forward,reverse", "--repeats", "1"],
                 ["graph", "exp3"], ["descent", "--engine", "reverse", "--epochs", "5"], ["eval", "book"],
                 ["trace", "book"], ["limits"], ["list"]):
        code, out, _ = run(args + ["--format", "csv"], capsys)
        assert code == 0, args
        text = out
        assert not re.search(r"\d (µs|ms|s)\b", text) and "(symbolic run)" not in text, args
        assert len(list(csv.reader(io.StringIO(text)))) > 1


@pytest.mark.parametrize("name", ["handout.pdf", "slides.png", "notes.docx", "noextension"])
def test_other_extensions_are_refused_listing_those_that_work(capsys, tmp_path, name):
    code, out, err = run(["diff", "book", "--save", str(tmp_path / name)], capsys)
    assert code == 2 and out == "" and ".svg .html .txt .md .csv .json .tex" in err
    assert list(tmp_path.iterdir()) == []


def test_save_never_writes_over_the_functions_own_file(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    own = tmp_path / "f.md"           # a FUNCTION file whose extension is one --save writes
    source = "def f(x=1.0):\n    return x * x\n"
    own.write_text(source)
    os.symlink(own, tmp_path / "link.md")
    for target in ("f.md", "./f.md", "link.md"):
        code, out, err = run(["diff", "f.md", "--save", target], capsys)
        assert code == 2 and out == "" and "the function's own file" in err, target
    assert own.read_text() == source


def test_save_refuses_a_directory_and_a_fifo(capsys, tmp_path):
    (tmp_path / "dir.svg").mkdir()
    code, _, err = run(["diff", "book", "--save", str(tmp_path / "dir.svg")], capsys)
    assert code == 2 and "that is a directory" in err
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.csv")
        code, _, err = run(["diff", "book", "--save", str(tmp_path / "pipe.csv")], capsys)
        assert code == 2 and "not a regular file" in err


def test_save_says_saved_then_replaced(capsys, tmp_path):
    target = tmp_path / "out.json"
    code, _, err = run(["eval", "book", "--save", str(target)], capsys)
    assert code == 0 and err.strip() == f"saved {target}"
    code, _, err = run(["eval", "book", "--at", "x=1", "--save", str(target)], capsys)
    assert code == 0 and err.strip() == f"replaced {target}"
    assert json.loads(target.read_text())["values"] == [1.0 * 4 + 4 + 2]     # x^2 y + y + 2 at (1, 4)


def test_graph_and_trace_also_save_graphviz(capsys, tmp_path):
    target = tmp_path / "tape.dot"
    code, _, _ = run(["graph", "book", "--save", str(target)], capsys)
    assert code == 0 and target.read_text().startswith("digraph tape {")
    code, _, err = run(["diff", "book", "--save", str(tmp_path / "d.dot")], capsys)
    assert code == 2 and "cannot write dot" in err


def test_only_inputs_the_point_leaves_out_are_said_to_take_one(capsys):
    _, out, _ = run(["eval", "x*y", "--at", "x=2"], capsys)
    assert "y had no value and took 1.0" in out and "x, y had" not in out
    _, out, _ = run(["diff", "log(x)", "--at", "x=0", "--engine", "reverse"], capsys)
    assert "had no value" not in out


def test_diff_errors_in_csv_are_each_entrys_error_beside_the_jacobian(capsys):
    import csv
    import io
    import math
    code, out, _ = run(["diff", "x*y, sin(y)", "--at", "x=1,y=2", "--engine", "numerical", "--repeats", "1",
                        "--errors", "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0])[6:10] == ["error df[0]/dx", "error df[0]/dy", "error df[1]/dx", "error df[1]/dy"]
    ref, num = rows
    assert ref["error df[1]/dy"] == ""
    # |J - R| / |R| against cos(2), and |J - R| where R is 0 (df[1]/dx)
    expected = abs(float(num["df[1]/dy"]) - math.cos(2.0)) / abs(math.cos(2.0))
    assert float(num["error df[1]/dy"]) == pytest.approx(expected, rel=1e-6) and float(num["error df[1]/dy"]) > 0
    assert float(num["error df[1]/dx"]) == abs(float(num["df[1]/dx"]))
