"""The hostile-input gallery (issue 7, part 1): broken and hostile inputs through the real
command line, each with the exact one-line message and exit status a user gets.

Every case runs `python -m diffcompare ...` in a fresh empty directory and must exit
non-zero with exactly that first line on stderr (plus, for a parse error, the source
line and a caret under the column), print nothing on stdout, show no traceback, and
leave the directory empty. Exit status 2 is a usage error: an option value, or a FUNCTION
that cannot be found, read or parsed; 1 is a function the tool read but could not compute
(a domain error at the point, a limit reached, a failure of the function itself).
(`tests/test_parse.py` has the parser's own hostile inputs; these are others.)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import run_cli


@dataclass
class Case:
    args: list[str]
    message: str                       # the whole first line of stderr
    code: int = 2
    env: dict = field(default_factory=dict)
    folders: tuple[str, ...] = ()      # empty folders made in the case's directory first


MY_DEFS = {
    "two_defs.py": "def f(x=1.0):\n    return x\n\ndef g(y=1.0):\n    return y\n",
    "no_return.py": "def f(x=1.0):\n    y = x * 2\n",
    "bad_indent.py": "def f(x=1.0):\n    y = x\n      return y\n",
    "typo.py": "def f(alpha=1.0):\n    return alpah * 2\n",
    "top_level_code.py": "import os\nos.system('touch PWNED')\ndef f(x=1.0):\n    return x\n",
    "forever.py": "def f(x=1.0):\n    while 1 > 0:\n        x = x + 1\n    return x\n",
    "deep.py": "def f(x=1.0):\n    return " + "(" * 100_000 + "x" + ")" * 100_000 + "\n",
    "ten_mb.py": "def f(x=1.0):\n    return x" + " + x" * 2_500_000 + "\n",
    "nul.py": "def f(x=1.0):\n    y = x\n    return y\x00 + 1\n",
    "latin1.py": "def f(x=1.0):\n    # caf\xe9\n    return x\n".encode("latin-1"),
    "pair.py": "def f(v=[1.0, 2.0]):\n    return v[0] * v[1]\n",
    "empty.py": "",
    "recursive.py": "def f(x=1.0, n=3):\n    return x if n == 0 else f(x, n - 1) * x\n",
    "for_else.py": "def f(x=1.0):\n    for i in range(3):\n        x = x * 2\n    else:\n        x = 0.0\n    return x\n",
    "decorated.py": "import functools\n\n@functools.cache\ndef f(x=1.0):\n    return x\n",
    "printing.py": "import math\n\ndef f(x=1.0):\n    return math.exp(x)\n\nprint(f(2.0))\n",
    "checked.py": "def f(x=-1.0):\n    if x < 0:\n        raise ValueError('x must be positive')\n    return x\n",
    "arity.py": "def g(a, b):\n    return a * b\n\ndef f(x=1.0):\n    return g(x)\n",
    "rosenbrock.py": "def rosenbrock(x=[1.0, 2.0]):\n    return (1 - x[0])**2 + 100 * (x[1] - x[0]**2)**2\n",
}

CARET = "  "   # the caret line starts under the source line, which is indented by two spaces

GALLERY: list[Case] = [
    # --- syntax: position and reason
    Case(["eval", "x +* 2"], "error: line 1, column 4: invalid syntax at '*'"),
    Case(["eval", "x y"], "error: line 1, column 3: invalid syntax at 'y'"),
    Case(["eval", "2x"], "error: line 1, column 1: a number cannot run into a name: write 2*x for a product"),
    Case(["eval", "x = 3"], "error: line 1, column 3: assignments need a def: write the function as "
                            "'def f(x): ...' in a file"),
    Case(["eval", "two_defs.py"], "error: line 4, column 5: two_defs.py holds several functions that no other calls: "
                             "f, g; pick one with two_defs.py:NAME (or --function NAME)"),
    Case(["eval", "no_return.py"], "error: line 1, column 5: 'f' never returns a value"),
    Case(["eval", "bad_indent.py"], "error: line 3, column 7: unexpected indent"),
    # --- unknown names and functions, with suggestions
    Case(["eval", "sinn(x)"], "error: line 1, column 1: unknown function 'sinn' (did you mean 'sin'?)"),
    Case(["eval", "np.sine(x)"], "error: line 1, column 1: np.sine is not supported (did you mean 'np.sin'?)"),
    Case(["eval", "pi(x)"], "error: line 1, column 1: 'pi' is a constant, not a function"),
    Case(["eval", "typo.py"], "error: line 2, column 12: 'alpah' is neither an input nor assigned before use "
                              "(did you mean 'alpha'?)"),
    # --- code injection: refused by name, never run
    Case(["eval", "x.__class__"], "error: line 1, column 1: dunder names such as '__class__' are not allowed"),
    Case(["eval", "f'{x}'"], "error: line 1, column 1: f-strings are not allowed"),
    Case(["eval", "(y := x)"], "error: line 1, column 2: the walrus operator := is not allowed"),
    Case(["eval", "exec('print(1)')"], "error: line 1, column 1: unknown function 'exec'"),
    Case(["eval", "eval(x)"], "error: line 1, column 1: unknown function 'eval'"),
    Case(["eval", "globals()"], "error: line 1, column 1: unknown function 'globals'"),
    Case(["eval", "[c for c in ().__class__.__base__.__subclasses__()]"],
         "error: line 1, column 13: dunder names such as '__class__' are not allowed"),
    Case(["eval", "{x}"], "error: line 1, column 1: dicts and sets are not allowed"),
    Case(["eval", "x << x"], "error: line 1, column 3: the operator '<<' is bitwise, which is not in the language"),
    Case(["eval", "x; import os"], "error: line 1, column 4: an inline expression is one expression: separate "
                                   "several outputs with commas"),
    Case(["eval", "top_level_code.py"], "error: line 1, column 8: cannot import 'os': only numpy and math can be "
                                        "imported (and scipy.special; autograd.numpy and jax.numpy mean numpy)"),
    # --- FUNCTION: a typo is never silently a new variable
    Case(["diff", "bok"], "error: 'bok' is not a bundled function or a file (did you mean 'book'?); to differentiate "
                          "the expression bok, write it in parentheses: '(bok)'"),
    Case(["diff", "Book"], "error: 'Book' is not a bundled function or a file (did you mean 'book'?); to "
                           "differentiate the expression Book, write it in parentheses: '(Book)'"),
    Case(["eval", "rosenbrok"], "error: 'rosenbrok' is not a bundled function or a file (did you mean "
                                "'rosenbrock'?); to differentiate the expression rosenbrok, write it in parentheses: "
                                "'(rosenbrok)'"),
    Case(["eval", "two_defs.py:h"], "error: no def named 'h' in two_defs.py (it holds: f, g)"),
    # --- Python that is not in the language, refused by what it is
    Case(["eval", "recursive.py"], "error: line 2, column 29: recursion is not supported: 'f' calls itself"),
    Case(["eval", "for_else.py"], "error: line 4, column 5: for…else is not supported"),
    Case(["eval", "decorated.py"], "error: line 1, column 8: cannot import 'functools': only numpy and math can be "
                                   "imported (and scipy.special; autograd.numpy and jax.numpy mean numpy)"),
    Case(["eval", "printing.py"], "error: line 6, column 1: top-level code is not run: only imports, defs and "
                                  "constants (NAME = value) may sit outside a def"),
    Case(["eval", "arity.py"], "error: line 5, column 12: g() is missing its argument 'b'"),
    Case(["eval", "lambda x: x"], "error: line 1, column 1: lambdas are not allowed"),
    Case(["eval", "checked.py"], "error: the function stops here: ValueError: x must be positive (line 3, column 9)", code=1),
    # --- resource bombs: a limit stops each, and names itself
    Case(["eval", "2**2**2**30"], "error: 2**1073741824 is a whole number beyond 2**62; for a float, write "
                                 "2.0**1073741824 (line 1, column 5)", code=1),
    Case(["eval", "sum(x for i in range(10**10))"],
         "error: a loop of 10,000,000,000 trips exceeds the limit of 1,000,000 "
         "(max_loop_iterations, DIFFCOMPARE_MAX_LOOP_ITERATIONS) (line 1, column 16)", code=1),
    Case(["--limit", "max_loop_iterations=10000", "eval", "forever.py"],
         "error: the while loop ran more than 10,000 times (max_loop_iterations, "
         "DIFFCOMPARE_MAX_LOOP_ITERATIONS) (line 2, column 5)", code=1),
    Case(["eval", "forever.py"], "error: the while loop ran more than 500 times (max_loop_iterations, "
                                 "DIFFCOMPARE_MAX_LOOP_ITERATIONS) (line 2, column 5)",
         env={"DIFFCOMPARE_MAX_LOOP_ITERATIONS": "500"}, code=1),
    Case(["eval", "deep.py"], "error: line 2, column 212: more than 200 brackets inside each other "
                              "(Python's own limit)"),
    Case(["eval", "x + " + "-" * 50_000 + "x"], "error: line 1, column 105: nested more than 100 levels deep "
                                               "(limit max_nesting, DIFFCOMPARE_MAX_NESTING)"),
    Case(["eval", "ten_mb.py"], "error: ten_mb.py has 10,000,027 bytes, over the limit of 2,000,000 "
                                "(max_source_bytes, DIFFCOMPARE_MAX_SOURCE_BYTES)"),
    Case(["--limit", "max_source_bytes=1000", "eval", "x" + " + x" * 500],
         "error: the function's text has 2,001 bytes, over the limit of 1,000 "
         "(max_source_bytes, DIFFCOMPARE_MAX_SOURCE_BYTES)"),
    Case(["--limit", "max_operations=100", "eval", "my_func"],
         "error: more than 100 operations in one traversal (limit max_operations, DIFFCOMPARE_MAX_OPERATIONS)", code=1),
    # --- files: missing, a directory, not text, empty
    Case(["eval", "nul.py"], "error: line 3, column 13: the input contains a NUL byte"),
    Case(["eval", "latin1.py"], "error: latin1.py is not UTF-8 text (byte 23 is 0xe9)"),
    Case(["eval", "nowhere/f.py"], "error: no such file: nowhere/f.py"),
    Case(["eval", "./nothing"], "error: no such file: ./nothing"),
    Case(["eval", "sub/f"], "error: no such file: sub/f (for a division, write it with spaces: sub / f)",
         folders=("sub",)),
    Case(["eval", "./"], "error: ./ is a directory, not a file holding a def"),
    Case(["eval", "empty.py"], "error: line 1, column 1: empty.py holds no def: write the function as "
                              "'def f(x): ...'"),
    # --- --at: missing, extra, non-numeric, inf, nan, wrong shapes and lengths
    Case(["eval", "x", "--at", "x="], "error: --at x=: not a number"),
    Case(["eval", "x", "--at", "x"], "error: --at expects name=value pairs such as x=3,y=4; got 'x'"),
    Case(["eval", "x", "--at", "x=1,,"], "error: --at has an empty entry in 'x=1,,'"),
    Case(["eval", "x", "--at", "x=1,y=2"], "error: --at names 'y', which is not an input (inputs: x)"),
    Case(["eval", "x", "--at", "x=1,x=2"], "error: --at gives 'x' twice"),
    Case(["eval", "x", "--at", "x=abc"], "error: --at x=abc: not a number"),
    Case(["eval", "x", "--at", "x=inf"], "error: --at x=inf: the point must be finite"),
    Case(["eval", "x", "--at", "x=nan"], "error: --at x=nan: the point must be finite"),
    Case(["eval", "x", "--at", "x=1e999"], "error: --at x=1e999: the point must be finite"),
    Case(["eval", "rosenbrock", "--at", "x=1"],
         "error: --at x: 'x' is a vector input (4 elements by default); write x=[1,2,...]"),
    Case(["eval", "x", "--at", "x=[1,2]"], "error: --at x: 'x' is a scalar input; give one number"),
    Case(["eval", "x", "--at", "x=[1,2"], "error: --at x: a vector is written [1,2,3], a matrix [[1,2],[3,4]]"),
    Case(["eval", "rosenbrock", "--at", "x=[]"], "error: --at x: a vector needs at least one value"),
    Case(["eval", "pair.py", "--at", "v=[1]"], "error: index 1 is out of range for a list of 1 (line 2, column 20)", code=1),
    # --- options
    Case(["diff", "x", "--method", "foo"], "error: Invalid value for '--method': 'foo' is not one of 'forward', "
                                           "'central', 'complex', 'richardson'. (see 'diffcompare diff --help')"),
    Case(["diff", "x", "--engine", "foo"], "error: Invalid value for '--engine': 'foo' is not one of 'numerical', "
                                           "'symbolic', 'forward', 'reverse', 'all'. (see 'diffcompare diff --help')"),
    Case(["diff", "x", "--wrt", "z"], "error: --wrt names 'z', which is not an input (inputs: x)"),
    Case(["diff", "x", "--step", "0"], "error: --step must be a positive finite number"),
    Case(["frobnicate"], "error: No such command 'frobnicate'. (see 'diffcompare --help')", 2),
    Case(["eval", "-x^2"], "error: no such option '-x'; an expression that starts with '-' goes after '--', "
                           "as in: diffcompare eval -- '-x^2' (see 'diffcompare eval --help')", 2),
    Case(["--limit", "max_nestng=5", "eval", "x"], "error: no limit called 'max_nestng' (did you mean 'max_nesting'?)"),
    Case(["--limit", "max_nesting=lots", "eval", "x"], "error: limit max_nesting=lots: not a whole number"),
    # --- domain errors of a plain evaluation (in `diff` they are data: a cell)
    Case(["eval", "log(x)", "--at", "x=0"], "error: log(0) is undefined: log needs x > 0 (line 1, column 1)", code=1),
    Case(["eval", "1/x", "--at", "x=0"], "error: div(1, 0) is undefined: div needs a non-zero divisor "
                                         "(line 1, column 2)", code=1),
    Case(["eval", "exp(x)", "--at", "x=1000"], "error: exp(1000) overflows a float (line 1, column 1)", code=1),
    Case(["eval", "x**0.5", "--at", "x=-1"], "error: pow(-1, 0.5) is undefined: pow needs x > 0, or x = 0 with "
                                             "y >= 0, or x < 0 with an integer y (line 1, column 2)", code=1),
    Case(["eval", "x*1e308*10"], "error: mul(1e+308, 10) overflows a float (line 1, column 8)", code=1),
    Case(["eval", "1e400*x"], "error: line 1, column 1: the number 1e400 is too large for a float "
                              "(the largest is about 1.8e308)"),
]


def _id(case: Case) -> str:
    text = " ".join(case.args)
    return text if len(text) <= 50 else text[:47] + "..."


@pytest.fixture(scope="module")
def gallery_runs(tmp_path_factory) -> list:
    """Each case once, in its own directory holding only the case's files; two at a time."""
    def run(case: Case, cwd):
        mine = {name for name in MY_DEFS if any(a.split(":")[0] == name for a in case.args)} | set(case.folders)
        for name in case.folders:
            (cwd / name).mkdir()
        for name in mine - set(case.folders):
            text = MY_DEFS[name]
            (cwd / name).write_bytes(text if isinstance(text, bytes) else text.encode())
        result = run_cli(case.args, cwd, env=case.env)
        left = sorted(p.name for p in cwd.iterdir() if p.name not in mine)
        return result, left

    # the folders are made here, not in the threads: pytest's temp factory is not thread-safe
    folders = [tmp_path_factory.mktemp("case") for _ in GALLERY]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run, GALLERY, folders))


def test_the_gallery_has_at_least_forty_inputs():
    assert len(GALLERY) >= 40
    assert len({tuple(c.args) for c in GALLERY}) == len(GALLERY)


@pytest.mark.parametrize("k", range(len(GALLERY)), ids=[_id(c) for c in GALLERY])
def test_each_input_gets_its_one_line_message_and_exit_status(k, gallery_runs):
    case = GALLERY[k]
    run, left = gallery_runs[k]
    lines = run.err_lines
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert lines and lines[0] == case.message, run.err[:2000]
    assert run.code == case.code
    assert run.out == ""
    assert left == [], "the input made the tool write a file"
    if len(lines) > 1:
        # a parse error: the source line (or the part of it around the column) and carets under
        # the construct refused, starting at its column
        assert len(lines) == 3 and set(lines[2].strip()) == {"^"}, run.err[:2000]
        column = int(re.search(r"column (\d+)", lines[0]).group(1))
        if not lines[1].startswith(CARET + "..."):
            assert lines[2].startswith(CARET + " " * (column - 1) + "^")


# --- side effects: nothing is written but what --save asks for; a user's file is only read -----

def console_script(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    """The installed `diffcompare` command (not `python -m`, which would put cwd on sys.path),
    with an empty HOME, so that a cache or config written anywhere a user owns would show."""
    script = Path(sys.executable).parent / "diffcompare"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "diffcompare"]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "DIFFCOMPARE_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env["HOME"] = str(home)
    return subprocess.run(command + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def snapshot(*folders: Path) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for f in folders for p in sorted(f.rglob("*"))}


MARKER_CODE = "import pathlib\npathlib.Path('IMPORTED').write_text('this file was run')\n"


def test_a_run_writes_nothing_and_never_imports_or_runs_the_users_files(tmp_path):
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir(), home.mkdir()
    # a file that would leave a marker if it were imported or run as Python
    (work / "evil.py").write_text(MARKER_CODE + "def f(x=1.0):\n    return x\n")
    # a file named like a bundled function, and like libraries the tool imports
    for name in ("book.py", "mpmath.py", "click.py", "numpy.py"):
        (work / name).write_text(MARKER_CODE)
    # a def whose body would write a file if it ran
    (work / "writes.py").write_text("def f(x=1.0):\n    open('RAN', 'w')\n    return x\n")
    (work / "fine.py").write_text("def f(x=2.0, y=3.0):\n    return x * y + abs(x)\n")
    before = snapshot(work, home)

    refused = console_script(["diff", "evil.py"], work, home)
    assert refused.returncode == 2 and refused.stderr.startswith("error: line 1, column 8: cannot import 'pathlib'")
    runs = console_script(["diff", "writes.py"], work, home)
    assert runs.returncode == 2 and "unknown function 'open'" in runs.stderr
    bundled = console_script(["diff", "book", "--repeats", "1", "--format", "json"], work, home)
    assert bundled.returncode == 0, bundled.stderr
    assert '"values": [\n    42.0\n  ]' in bundled.stdout          # the bundled book, not ./book.py
    ok = console_script(["diff", "fine.py", "--repeats", "1"], work, home)
    assert ok.returncode == 0 and "Derivatives of f" in ok.stdout, ok.stderr

    assert not (work / "IMPORTED").exists() and not (work / "RAN").exists()
    assert not (work / "__pycache__").exists()
    assert snapshot(work, home) == before, "a run changed files in the working directory or HOME"


def test_save_writes_exactly_the_file_asked_for(tmp_path):
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir(), home.mkdir()
    result = console_script(["diff", "x^2*y + y + 2", "--at", "x=3,y=4", "--repeats", "1",
                             "--format", "markdown", "--save", "out.md"], work, home)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in work.iterdir()) == ["out.md"]
    assert list(home.iterdir()) == []
    assert "| reverse | 24.0 | 10.0 |" in (work / "out.md").read_text()
    assert result.stderr.strip() == "saved out.md"


# --- the limits: one place, listed, overridable -------------------------------------------------

def test_limits_are_listed_and_overridable_per_run_and_by_environment(cli):
    listed = cli("--limit", "max_nesting=7", "limits", "--format", "json",
                 env={"DIFFCOMPARE_MAX_LOOP_ITERATIONS": "1234"})
    assert listed.code == 0, listed.err
    values = json.loads(listed.out)
    assert values["max_nesting"] == 7 and values["max_loop_iterations"] == 1234
    assert values["max_symbolic_nodes"] == 20_000
    # the override is what the parser then uses
    nested = cli("--limit", "max_nesting=3", "eval", "sin(sin(sin(sin(x))))")
    assert nested.code == 2 and nested.err_lines[0] == ("error: line 1, column 17: nested more than 3 levels deep "
                                                         "(limit max_nesting, DIFFCOMPARE_MAX_NESTING)")


def test_a_malformed_environment_override_is_warned_about_not_silently_dropped(cli):
    run = cli("eval", "x", "--at", "x=2", "--format", "csv", env={"DIFFCOMPARE_MAX_NESTING": "lots"})
    assert run.code == 0 and run.out.strip().endswith("f,2.0")
    assert run.err_lines == ["warning: DIFFCOMPARE_MAX_NESTING='lots' ignored (limit max_nesting=lots: not a whole "
                             "number); max_nesting stays 100"]
