"""FUNCTION resolution (issue 11): bundled names, files, `FILE.py:NAME`, expressions -- and a
bare word that is none of these is a did-you-mean error, never silently a new function."""

from __future__ import annotations

import math
import os

import pytest

from diffcompare.errors import InputError, ParseError
from diffcompare.language.bundled import bundled_names
from diffcompare.language.frontend import parse
from diffcompare.language.point import parse_point, resize_vectors
from diffcompare.language.resolve import load
from diffcompare.limits import LIMITS

TWO_DEFS = "def f(x=1.0):\n    return x\n\ndef g(y=2.0):\n    return y * 2\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty current folder, as a user's."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_bundled_function_loads_through_the_new_front_end():
    names = bundled_names()
    assert {"book", "exp3", "my_func", "rosenbrock", "polar", "branch", "bvp", "mse", "linreg"} <= set(names)
    for name in names:
        program = load(name)
        assert (program.name, program.origin, program.inline) == (name, "bundled", False)
        assert program.doc and not program.defaulted


def test_a_file_and_a_def_picked_by_name(folder):
    (folder / "two.py").write_text(TWO_DEFS)
    assert load("two.py:g").name == "g"
    assert load("two.py", function_name="f").name == "f"
    assert load("two.py:g", function_name="g").origin == "two.py"
    with pytest.raises(ParseError, match="two.py holds several functions that no other calls: f, g; "
                                         "pick one with two.py:NAME"):
        load("two.py")
    with pytest.raises(InputError, match=r"no def named 'h' in two.py \(it holds: f, g\)"):
        load("two.py:h")
    with pytest.raises(InputError, match="two defs named: 'f' after the file and 'g' by function_name=; give one"):
        load("two.py:f", function_name="g")


@pytest.mark.parametrize("word, hint", [
    ("bok", " (did you mean 'book'?)"),
    ("Book", " (did you mean 'book'?)"),
    ("rosenbrok", " (did you mean 'rosenbrock'?)"),
    ("myfunc", " (did you mean 'myfunc.py'?)"),
    ("mystery", ""),
])
def test_a_bare_word_that_is_neither_bundled_nor_a_file_is_an_error_with_a_suggestion(folder, word, hint):
    (folder / "myfunc.py").write_text("def myfunc(x=1.0):\n    return x\n")
    with pytest.raises(InputError) as info:
        load(word)
    assert str(info.value) == (f"'{word}' is not a bundled function or a file{hint}; to differentiate the "
                               f"expression {word}, write it in parentheses: '({word})'")


def test_short_names_and_anything_not_a_bare_word_are_expressions(folder):
    assert [p.name for p in load("x").params] == ["x"]
    assert [p.name for p in load("x1").params] == ["x1"]
    assert [p.name for p in load("(bok)").params] == ["bok"]
    assert load("x^2*y + y + 2").inline
    assert load("def f(x=1.0):\n    return x\n").name == "f"


def test_missing_files_and_what_is_not_a_regular_file(folder):
    (folder / "sub").mkdir()
    with pytest.raises(InputError, match="^no such file: nowhere/f.py$"):
        load("nowhere/f.py")
    with pytest.raises(InputError, match=r"^no such file: sub/f \(for a division, write it with spaces: sub / f\)$"):
        load("sub/f")
    with pytest.raises(InputError, match="^sub/ is a directory, not a file holding a def$"):
        load("sub/")
    with pytest.raises(InputError, match="^/dev/null is a device, not a file holding a def$"):
        load("/dev/null")
    with pytest.raises(InputError, match=r"^/proc/self/status is a file of the kernel \(/proc\), not a file"):
        load("/proc/self/status")
    os.mkfifo(folder / "pipe.py")
    with pytest.raises(InputError, match="^pipe.py is a fifo, not a file holding a def$"):
        load("pipe.py")                         # refused before opening: opening a fifo would wait forever


def test_file_text_is_capped_and_must_be_utf8(folder, monkeypatch):
    (folder / "latin1.py").write_bytes("def f(x=1.0):\n    # caf\xe9\n    return x\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"^latin1.py is not UTF-8 text \(byte 23 is 0xe9\)$"):
        load("latin1.py")
    (folder / "bom.py").write_bytes(b"\xef\xbb\xbfdef f(x=1.0):\n    return x\n")
    assert load("bom.py").name == "f"
    monkeypatch.setattr(LIMITS, "max_source_bytes", 100)
    (folder / "big.py").write_text("def f(x=1.0):\n    return x" + " + x" * 100 + "\n")
    with pytest.raises(InputError, match=r"^big.py has 427 bytes, over the limit of 100 \(max_source_bytes"):
        load("big.py")


def test_a_file_is_only_read_never_imported(folder):
    (folder / "evil.py").write_text("import pathlib\npathlib.Path('IMPORTED').write_text('run')\n"
                                    "def f(x=1.0):\n    return x\n")
    with pytest.raises(ParseError, match="cannot import 'pathlib'"):
        load("evil.py")
    assert sorted(p.name for p in folder.iterdir()) == ["evil.py"]


def test_a_point_is_made_once_with_names_shapes_and_flat_values():
    program = load("rosenbrock")
    point = parse_point("x=[1,2]", program)
    assert (point.names, point.shapes, point.flat) == (("x",), ((2,),), (1.0, 2.0))
    assert point.as_dict() == {"x": [1.0, 2.0]} and point.input_names() == ["x[0]", "x[1]"]
    assert resize_vectors(point, 3).as_dict() == {"x": [1.0, 2.0, 1.0]}
    assert point.inputs(["a", "b"]) == {"x": ["a", "b"]}


def test_a_matrix_point_is_read_row_by_row_and_ragged_rows_are_refused():
    program = parse("def f(M=[[1.0, 2.0], [3.0, 4.0]]):\n    return M[0][1] * M[1][0]\n")
    point = parse_point("M=[[5,6],[7,8]]", program)
    assert (point.shapes, point.flat) == (((2, 2),), (5.0, 6.0, 7.0, 8.0))
    assert point.input_names() == ["M[0,0]", "M[0,1]", "M[1,0]", "M[1,1]"]
    assert point.inputs() == {"M": [[5.0, 6.0], [7.0, 8.0]]}
    with pytest.raises(InputError, match="the rows of a matrix must all have the same length"):
        parse_point("M=[[5,6],[7]]", program)
    with pytest.raises(InputError, match="'M' is a matrix input"):
        parse_point("M=[5,6]", program)


def test_the_command_line_picks_a_def_by_function_or_by_file_colon_name(cli, tmp_path):
    (tmp_path / "two.py").write_text("import math\n\ndef f(x=1.5):\n    return x * x\n\n"
                                     "def g(x=2.0, y=1.0):\n    return math.exp(x) * y\n")
    by_option = cli("eval", "two.py", "--function", "g", "--format", "csv")
    by_colon = cli("eval", "two.py:g", "--format", "csv")
    assert by_option.code == by_colon.code == 0 and by_option.out == by_colon.out
    assert by_option.out.splitlines()[1] == f"g,{math.exp(2.0)!r}"
    both = cli("eval", "two.py:f", "--function", "g")
    assert both.code == 2 and both.err_lines == ["error: two defs named: 'f' after the file and 'g' by --function; "
                                                 "give one"]
    unknown = cli("diff", "two.py", "--function", "h")
    assert unknown.code == 2 and unknown.err_lines == ["error: no def named 'h' in two.py (it holds: f, g)"]
