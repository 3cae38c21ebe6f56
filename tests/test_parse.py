"""The one parser (issue 2): the whole language of DESIGN.md parses into the project's own IR
and runs; everything else is refused with line, column and a plain reason -- and nothing a
user typed is ever executed, which the hostile inputs at the end check through the real CLI."""

from __future__ import annotations

import builtins
import math
from concurrent.futures import ThreadPoolExecutor

import pytest

from diffcompare.language import ir_old as ir
from diffcompare.errors import ParseError
from diffcompare.interpreter import Meter, evaluate
from diffcompare.limits import LIMITS
from diffcompare.language.parse import parse, parse_def, parse_expression
from diffcompare.primitives.table import CONSTANTS, FUNCTIONS, TABLE
from diffcompare.language.source import bundled_names, load

from conftest import run_cli


def value(text: str, **point) -> list[float]:
    """Parse `text` and evaluate it with floats at its default point updated by `point`."""
    program = parse(text)
    return evaluate(program, {**program.default_point(), **point}, meter=Meter())


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text)
    return info.value


# --- the language ----------------------------------------------------------------

EVERYTHING = '''
# a comment before the def
def everything(a, x=[1.0, 2.0, 3.0], b=-0.5, c=2):
    """Every statement and expression form of the language."""
    n = len(x)
    s = 0.0
    for i in range(n):
        s += x[i] ^ 2
    for i in range(1, n):
        s -= x[i - 1] * 0.5
    for i in range(n - 1, -1, -1):
        s *= 1.0
    s /= 2
    s **= 1
    y = [0.0] * n
    z = [x[i] * 2 for i in range(n)]
    w = [1.0, a, b]
    for i in range(n):
        y[i] = z[i] + w[i]
        y[i] += 1
    t = sum(y) + sum(x[i] for i in range(n)) + sum([a, b])
    k = 0
    while k < 3:
        k += 1
        t = t + np.sin(a) + numpy.cos(b) + math.exp(0.1)
    if a > 0 and not b > 0:
        u = 1.0
    elif a < -10 or b == 3:
        u = 2.0
    else:
        u = 3.0
    v = a if a >= b else b
    j = (2 * k) // 2 + k % 2
    return [t * u + v + j, x[-1], pi + e]
'''


def everything_by_hand(a: float, x: list[float], b: float) -> list[float]:
    """EVERYTHING written in plain Python, to check the interpreter's answer."""
    s = sum(v ** 2 for v in x)
    s -= sum(x[i - 1] * 0.5 for i in range(1, len(x)))
    s /= 2
    y = [x[i] * 2 + [1.0, a, b][i] + 1 for i in range(len(x))]
    t = sum(y) + sum(x) + a + b
    for _ in range(3):
        t = t + math.sin(a) + math.cos(b) + math.exp(0.1)
    u = 1.0 if (a > 0 and not b > 0) else 2.0 if (a < -10 or b == 3) else 3.0
    v = a if a >= b else b
    return [t * u + v + 3 + 1, x[-1], math.pi + math.e]


def test_every_statement_form_parses_and_runs_like_python():
    program = parse(EVERYTHING)
    assert program.name == "everything"
    assert program.doc == "Every statement and expression form of the language."
    assert [(p.name, p.default) for p in program.params] == [
        ("a", 1.0), ("x", [1.0, 2.0, 3.0]), ("b", -0.5), ("c", 2.0)]
    assert program.defaulted == ["a"]                 # no default given: 1.0, and said so
    assert program.input_names() == ["a", "x[0]", "x[1]", "x[2]", "b", "c"]
    for a, b in [(1.0, -0.5), (-20.0, 3.0), (0.5, 0.5)]:     # each branch of the if/elif/else
        point = {**program.default_point(), "a": a, "b": b}
        assert evaluate(program, point, meter=Meter()) == pytest.approx(everything_by_hand(a, point["x"], b),
                                                                        rel=1e-15)


def test_the_output_is_the_projects_own_ir_not_python_ast():
    program = parse(EVERYTHING)
    kinds = {type(s) for s in program.body}
    assert kinds <= {ir.Assign, ir.For, ir.While, ir.If, ir.Return}
    assert {ir.Assign, ir.For, ir.While, ir.If, ir.Return} <= kinds
    ret = program.body[-1]
    assert isinstance(ret, ir.Return) and isinstance(ret.values[0], ir.ListLit)
    # arithmetic is a call of a primitive of the table: one table serves every engine
    assert isinstance(parse_expression("x*y").body[0].values[0], ir.Call)
    assert parse_expression("x*y").body[0].values[0].func == "mul"


def test_inline_expression_with_top_level_commas_has_several_outputs():
    program = parse("x*y, sin(x) + y, max(x, y)")
    assert program.inline and [p.name for p in program.params] == ["x", "y"]
    assert program.defaulted == ["x", "y"]            # inline variables default to 1.0
    assert evaluate(program, {"x": 2.0, "y": 3.0}) == [6.0, math.sin(2.0) + 3.0, 3.0]
    # commas inside calls and brackets are not output separators
    assert len(evaluate(parse("atan2(x, y)"), {"x": 1.0, "y": 2.0})) == 1


def test_caret_is_power_and_binds_like_python_double_star():
    assert value("2^10") == [1024.0]
    assert value("x^2^3", x=2.0) == [256.0]          # right-associative, as 2**2**3
    assert value("-x^2", x=3.0) == [-9.0]            # -(x**2)
    assert value("2^-1") == [0.5]
    assert value("x**-y", x=2.0, y=2.0) == [0.25]
    assert value("x ^ 2 * y + y + 2", x=3.0, y=4.0) == [42.0]


def test_numbers_in_every_spelling():
    assert value("1e-3 + .5 + 2. + 1_000 + 2E+2") == [1.0e-3 + 0.5 + 2.0 + 1000 + 200.0]


POINT_FOR = {"asin": 0.3, "acos": 0.3, "log": 2.5, "log10": 2.5, "sqrt": 2.5, "acosh": 2.5}


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("prefix", ["", "np.", "numpy.", "math."])
def test_every_primitive_is_callable_by_name_with_every_prefix(name, prefix):
    prim = TABLE[name]
    point = {"x": POINT_FOR.get(name, 0.7), "y": 1.9, "z": 1.2}
    names = list(point)[:prim.arity]
    got = value(f"{prefix}{name}({', '.join(names)})", **point)
    assert got == [prim.real(*(point[n] for n in names))]


def test_numpy_and_math_spellings_of_primitives_and_constants():
    x, y = 0.4, 1.5
    assert value("np.arctan2(x, y) + np.arcsin(x) + numpy.arccos(x) + np.arctan(x)", x=x, y=y) == [
        math.atan2(x, y) + math.asin(x) + math.acos(x) + math.atan(x)]
    assert value("np.power(x, y) + pow(x, y) + math.fabs(-x) + np.absolute(-x) + abs(-x)", x=x, y=y) == [
        x ** y + x ** y + x + x + x]
    assert value("np.maximum(x, y) + np.minimum(x, y) + min(x, y, 0.1) + max(x, y, 7)", x=x, y=y) == [
        y + x + 0.1 + 7]
    assert value("pi + e + np.pi + math.e + numpy.pi") == [3 * math.pi + 2 * math.e]
    assert {name for name in CONSTANTS if "." not in name} == {"pi", "e"}     # the bare names inline text uses


def test_numpy_spellings_the_old_aliases_did_not_know():
    x = 0.4
    assert value("np.arcsinh(x) + np.square(x) + numpy.radians(x) + math.log1p(x)", x=x) == [
        math.asinh(x) + x * x + math.radians(x) + math.log1p(x)]


def test_a_float_call_and_booleans_are_accepted():
    assert value("float(x) * 2 if True else 0", x=1.5) == [3.0]
    assert value("x if 0 < x < 1 else -x", x=0.5) == [0.5]      # chained comparison
    assert value("x if 0 < x < 1 else -x", x=2.0) == [-2.0]
    assert value("x if not x > 1 or x == 5 else 0", x=5.0) == [5.0]


def test_conditional_expressions_nest():
    text = "-1 if x < 0 else 0 if x == 0 else 1"
    assert [value(text, x=v)[0] for v in (-2.0, 0.0, 3.0)] == [-1, 0, 1]


def def_value(body: str, params: str = "x=2.0", **point) -> list[float]:
    return value(f"def f({params}):\n" + "".join(f"    {line}\n" for line in body.strip("\n").split("\n")),
                 **point)


def test_assignments_and_every_augmented_assignment():
    assert def_value("y = x\ny += 1\ny -= 0.5\ny *= 4\ny /= 2\ny **= 2\ny ^= 0.5\nreturn y") == [5.0]
    # // and % are for whole-number indices, which stay Python ints
    assert def_value("k = 7\nk //= 2\nk %= 2\nreturn x * k") == [2.0]
    assert def_value("v = [x, x]\nv[0] += 1\nv[1] *= 3\nv[-1] -= 1\nreturn v") == [3.0, 5.0]


def test_for_loops_over_range_with_one_two_and_three_arguments():
    assert def_value("s = 0.0\nfor i in range(4):\n    s = s + x * i\nreturn s") == [12.0]
    assert def_value("s = 0.0\nfor i in range(2, 5):\n    s = s + i\nreturn s") == [9.0]
    assert def_value("s = 0.0\nfor i in range(10, 0, -3):\n    s = s * 10 + i\nreturn s") == [10741.0]
    assert def_value("s = x\nfor i in range(0):\n    s = 0.0\nreturn s") == [2.0]
    assert def_value("n = 3\ns = 0.0\nfor i in range(n):\n    for j in range(i + 1):\n        s = s + 1\nreturn s") == [6.0]


def test_while_loops_and_if_elif_else():
    body = "k = 0\nwhile x < 100:\n    x = x * 3\n    k += 1\nreturn x, k"
    assert def_value(body, x=2.0) == [162.0, 4]
    branches = "if x < 0:\n    y = -1.0\nelif x < 1:\n    y = 0.0\nelif x < 2:\n    y = 1.0\nelse:\n    y = 2.0\nreturn y"
    assert [def_value(branches, x=v)[0] for v in (-1.0, 0.5, 1.5, 9.0)] == [-1.0, 0.0, 1.0, 2.0]
    assert def_value("if x > 0: return x\nreturn -x", x=-3.0) == [3.0]       # one-line blocks


def test_lists_literals_repeats_comprehensions_indexing_len_and_sum():
    assert def_value("v = [x, 2 * x, 3.0]\nreturn v[0] + v[1] + v[-1] + len(v)") == [12.0]
    assert def_value("v = [x] * 3\nw = 2 * [1.0]\nreturn sum(v) + sum(w) + len(v) * 10") == [38.0]
    assert def_value("v = [x * i for i in range(4)]\nreturn v") == [0.0, 2.0, 4.0, 6.0]
    assert def_value("return sum(x ** i for i in range(4))") == [15.0]
    assert def_value("return sum([x, x, 1.0])") == [5.0]
    assert def_value("v = [0.0] * 3\nfor i in range(3):\n    v[i] = x + i\nreturn v") == [2.0, 3.0, 4.0]
    assert value("[x, y][1]", x=1.0, y=5.0) == [5.0]


def test_vector_parameters_and_their_flat_input_names():
    program = parse("def f(x=[0.5] * 3, s=2.0):\n    return sum(x[i] * s for i in range(len(x)))\n")
    assert program.params[0].default == [0.5, 0.5, 0.5] and program.params[0].is_vector
    assert program.input_names() == ["x[0]", "x[1]", "x[2]", "s"]
    assert evaluate(program, {"x": [1.0, 2.0, 3.0, 4.0], "s": 2.0}) == [20.0]   # any length at run time


@pytest.mark.parametrize("ret, expected, several", [
    ("return x", [2.0], False),
    ("return x, 2 * x", [2.0, 4.0], True),
    ("return (x, 2 * x)", [2.0, 4.0], True),
    ("return (x, 2 * x,)", [2.0, 4.0], True),
    ("return [x, 2 * x]", [2.0, 4.0], True),
    ("return (x + 1) * 2", [6.0], False),
])
def test_return_of_a_scalar_a_tuple_or_a_list(ret, expected, several):
    program = parse(f"def f(x=2.0):\n    {ret}\n")
    assert evaluate(program, program.default_point()) == expected
    assert program.returns_list is several


def test_def_files_and_bundled_names_load(tmp_path):
    path = tmp_path / "area.py"
    path.write_text('def area(r=2.0):\n    """Area of a disc."""\n    return pi * r ^ 2\n')
    program = load(str(path))
    assert program.name == "area" and program.doc == "Area of a disc." and program.origin == str(path)
    assert evaluate(program, program.default_point()) == [math.pi * 4.0]
    names = bundled_names()
    assert {"book", "exp3", "my_func", "rosenbrock", "polar", "branch", "bvp", "mse"} <= set(names)
    for name in names:
        program = load(name)
        assert program.origin == "bundled" and program.name == name
        assert program.doc, f"{name} has no docstring"
        assert not program.defaulted, f"{name}: every parameter's default gives the default point"


def test_the_books_my_func_pastes_in_unchanged():
    text = ("def my_func(a, b):\n    z = 0\n    for i in range(100):\n"
            "        z = a * np.cos(z + i) + z * np.sin(b - i)\n    return z\n")
    assert evaluate(parse(text), {"a": 0.2, "b": 0.3}) == [-0.21253923284754914]


# --- errors: line, column, reason ---------------------------------------------------

def test_unknown_function_is_located_and_gets_a_suggestion():
    err = error("x + sine(x)")
    assert (err.line, err.col) == (1, 5)
    assert err.reason == "unknown function 'sine' (did you mean 'sin'?)"
    assert err.text == "sine"
    assert err.caret() == "  x + sine(x)\n      ^"
    assert str(err) == "line 1, column 5: unknown function 'sine' (did you mean 'sin'?)"


def test_import_in_a_def_is_refused_at_its_line():
    err = error("def f(x=1.0):\n    y = x\n    import os\n    return y\n")
    assert (err.line, err.col, err.reason) == (3, 5, "imports are not allowed")
    assert err.caret() == "      import os\n      ^"


def test_a_name_used_before_assignment_is_refused():
    err = error("def f(x=1.0):\n    z = q + x\n    return z\n")
    assert (err.line, err.col) == (2, 9)
    assert err.reason == "'q' is neither an input nor assigned before use"
    err = error("def f(x=1.0):\n    total = 0.0\n    return totl\n")
    assert err.reason == "'totl' is neither an input nor assigned before use (did you mean 'total'?)"


REFUSALS = [
    # text, reason (a substring), (line, column)
    ("import os", "imports are not allowed", (1, 1)),
    ("from os import system", "imports are not allowed", (1, 1)),
    ("x.real", "attribute access is not allowed", (1, 2)),
    ("np.linalg.norm(x)", "attribute access is not allowed", (1, 10)),
    ("lambda x: x", "lambdas are not allowed", (1, 1)),
    ("'touch pwned'", "strings are not allowed", (1, 1)),
    ("sin('touch pwned')", "strings are not allowed", (1, 5)),
    ("f'{x}'", "f-strings are not allowed", (1, 1)),
    ("__class__", "dunder names such as '__class__' are not allowed", (1, 1)),
    ("np.__dict__", "dunder names", (1, 4)),
    ("__import__('os').system('touch pwned')", "dunder names such as '__import__'", (1, 1)),
    ("(x + 1", "expected ')' to close the parenthesis", (1, 7)),
    ("x + 1)", "found ')'", (1, 6)),
    ("sin(x", "expected ',' between arguments", (1, 6)),
    ("x +", "expected a value", (1, 4)),
    ("x y", "found 'y'", (1, 3)),
    ("", "empty input", (1, 1)),
    ("sinn(x)", "unknown function 'sinn' (did you mean 'sin'?)", (1, 1)),
    ("globals()", "unknown function 'globals'", (1, 1)),
    ("e(x)", "'e' is a constant, not a function", (1, 1)),
    ("sin", "'sin' is a function: call it", (1, 1)),
    ("sin(x, y)", "sin takes 1 argument, got 2", (1, 1)),
    ("atan2(x)", "atan2 takes 2 arguments, got 1", (1, 1)),
    ("x[1:2]", "slices are not supported", (1, 4)),
    ("{x}", "dicts and sets are not allowed", (1, 1)),
    ("x := 3", "walrus", (1, 3)),
    ("x = 3", "assignments need a def", (1, 3)),
    ("x @ y", "the operator '@' is not in the language", (1, 3)),
    ("x is y", "'is' is not allowed", (1, 3)),
    ("x in y", "'in' is only allowed in 'for i in range(...)'", (1, 3)),
    ("0x10", "a number cannot run into a name", (1, 1)),
    ("2x", "write 2*x for a product", (1, 1)),
    ("(x for x in range(3))", "a generator is only allowed inside sum(...)", (1, 4)),
    ("range(3)", "range(...) is only allowed in 'for' loops", (1, 1)),
    ("(x, y)", "tuples are only allowed after return", (1, 3)),
    ("sin(x=1)", "keyword arguments are not allowed", (1, 5)),
    ("x; y", "found ';'", (1, 2)),
    ("x $ y", "unexpected character '$'", (1, 3)),
    ("def f(x=1.0):\n    return x\ndef g(y=1.0):\n    return y\n", "one def per file", (3, 1)),
    ("def f(x=1.0):\n    def g(y):\n        return y\n    return x\n", "nested functions are not allowed", (2, 5)),
    ("def f(x=1.0):\n    y = x\n", "'f' never returns a value", (1, 5)),
    ("def f(*args):\n    return 1\n", "*args and **kwargs are not allowed", (1, 7)),
    ("def f(x, x):\n    return x\n", "parameter 'x' appears twice", (1, 10)),
    ("def f(x=1.0):\n    for i in [1, 2]:\n        x = x + i\n    return x\n", "must run over range(...)", (2, 14)),
    ("def f(x=1.0):\n    while x < 3:\n        break\n    return x\n", "'break' is not supported", (3, 9)),
    ("def f(x=1.0):\n    x + 1\n    return x\n", "computes a value and drops it", (2, 5)),
    ("def f(x=1.0):\n    a, b = x, x\n    return a\n", "unpacking several names", (2, 5)),
    ("def f(x=1.0):\n    sin = x\n    return sin\n", "'sin' is a built-in name", (2, 5)),
    ("def f(x=1.0):\n      y = x\n    return y\n", "indentation matches no enclosing block", (3, 5)),
    ("def f(x=1.0):\n    try:\n        y = x\n    except:\n        y = 0\n    return y\n",
     "try/except is not allowed", (2, 5)),
    ("def f(x=1.0):\n    global y\n    return x\n", "'global' is not allowed", (2, 5)),
    ("def f(x=1.0):\n    return [x for x in range(3) if x]\n", "filters in comprehensions", (2, 33)),
    ("def f(x: float = 1.0):\n    return x\n", "annotations are not allowed", (1, 8)),
    ("class A:\n    pass\n", "classes are not allowed", (1, 1)),
]


@pytest.mark.parametrize("text, reason, where", REFUSALS, ids=[r[0][:30] for r in REFUSALS])
def test_refused_with_line_column_and_reason(text, reason, where):
    err = error(text)
    assert reason in err.reason
    assert (err.line, err.col) == where


@pytest.mark.parametrize("build", [
    lambda n: "(" * n + "x" + ")" * n,
    lambda n: "sin(" * n + "x" + ")" * n,
    lambda n: "-" * n + "x",
    lambda n: "not " * n + "x",
    lambda n: "[" * n + "x" + "]" * n,
    lambda n: "x" + "^x" * n,
    lambda n: "x" + " if x > 0 else x" * n,
    lambda n: "def f(x=1.0):\n    return " + "(" * n + "x" + ")" * n + "\n",
    lambda n: "def f(x=1.0):\n" + "".join(" " * (i + 1) + "if x > 0:\n" for i in range(n // 20))
              + " " * (n // 20 + 1) + "x = 1.0\n return x\n",
], ids=["parens", "calls", "unary minus", "not", "lists", "powers", "conditionals", "in a def", "blocks"])
def test_ten_thousand_levels_of_nesting_are_a_clear_error_not_a_crash(build):
    err = error(build(10_000))
    assert f"nested more than {LIMITS.max_nesting} levels deep" in err.reason
    assert "max_nesting" in err.reason


def test_nesting_within_the_limit_parses():
    depth = LIMITS.max_nesting - 5
    assert value("(" * depth + "x" + ")" * depth, x=3.0) == [3.0]


def test_a_one_megabyte_expression_parses_or_is_refused_with_the_stated_limit():
    term = "x*1.5+"
    text = term * (1_000_000 // len(term) + 1) + "x"
    assert len(text) >= 1_000_000
    try:
        program = parse(text)
    except ParseError as err:                  # refusing is allowed, with the limit stated
        assert "max_source_bytes" in err.reason
    else:
        ret = program.body[0].values[0]
        assert isinstance(ret, ir.Call) and ret.func == "add"
        assert [p.name for p in program.params] == ["x"]


def test_input_over_the_size_limit_is_refused_with_the_limit_stated(monkeypatch):
    monkeypatch.setattr(LIMITS, "max_source_bytes", 1000)
    err = error("x+" * 600 + "x")
    assert err.reason == "input of 1,201 bytes exceeds the limit of 1,000 (max_source_bytes, DIFFCOMPARE_MAX_SOURCE_BYTES)"


def test_a_nul_byte_is_refused():
    assert "NUL byte" in error("x +\x00 1").reason


def test_the_parser_never_hands_user_text_to_eval_exec_or_compile():
    import ast
    called = []

    def forbidden(*args, **kwargs):
        called.append(args)
        raise AssertionError("the parser called eval/exec/compile")

    saved = builtins.eval, builtins.exec, builtins.compile, ast.parse
    outcomes = []
    builtins.eval = builtins.exec = builtins.compile = ast.parse = forbidden
    try:          # patched only around the parser's own work, so pytest's machinery is untouched
        for text in [EVERYTHING, "x^2*y + y + 2, sum([x, y])"] + [r[0] for r in REFUSALS]:
            try:
                parse(text)
                outcomes.append("parsed")
            except ParseError:
                outcomes.append("refused")
    finally:
        builtins.eval, builtins.exec, builtins.compile, ast.parse = saved
    assert called == []
    assert outcomes == ["parsed", "parsed"] + ["refused"] * len(REFUSALS)


# --- hostile and broken inputs through the real command line ------------------------

DEF_FILES = {
    "import_in_def.py": "def f(x=1.0):\n    import os\n    return x\n",
    "system_in_def.py": "def f(x=1.0):\n    __import__('os').system('touch pwned')\n    return x\n",
    "unknown_name.py": "def f(x=1.0):\n    z = q + x\n    return z\n",
    "while_true.py": "def f(x=1.0):\n    while True:\n        x = x + 1\n    return x\n",
    "range_power.py": "def f(x=1.0):\n    for i in range(10**12):\n        x = x + 1\n    return x\n",
    "range_huge.py": "def f(x=1.0):\n    for i in range(1000000000000):\n        x = x + 1\n    return x\n",
    "list_bomb.py": "def f(x=1.0):\n    v = [x] * 1000000000\n    return v[0]\n",
    "sum_huge.py": "def f(x=1.0):\n    return sum(x for i in range(10000000000))\n",
    "not_utf8.py": b"def f(x=1.0):\n    return x \xff\xfe\n",
    "nul_byte.py": "def f(x=1.0):\n    return x\x00\n",
}

HOSTILE = [
    ("eval", "__import__('os').system('touch pwned')", "dunder names"),
    ("eval", "import os", "imports are not allowed"),
    ("eval", "from os import system", "imports are not allowed"),
    ("eval", "x.real", "attribute access is not allowed"),
    ("eval", "().__class__.__bases__[0].__subclasses__()", "empty parentheses"),
    ("eval", "lambda: open('pwned', 'w')", "lambdas are not allowed"),
    ("eval", "open('pwned', 'w')", "unknown function 'open'"),
    ("eval", "exec('import os')", "unknown function 'exec'"),
    ("eval", "getattr(x, y)", "unknown function 'getattr'"),
    ("eval", "__builtins__", "dunder names"),
    ("eval", "(x + 1", "expected ')'"),
    ("eval", "x + 1)", "found ')'"),
    ("eval", "sine(x)", "unknown function 'sine' (did you mean 'sin'?)"),
    ("eval", "", "empty input"),
    ("eval", "(" * 10_000 + "x" + ")" * 10_000, "nested more than"),
    ("eval", "10.0 ** 10 ** 10", "overflows a float"),
    ("eval", "x[0]", "only lists can be indexed"),
    ("diff", "log(x) + __import__('os')", "dunder names"),
    ("diff", "sine(x)", "did you mean 'sin'?"),
    ("eval", "@import_in_def.py", "imports are not allowed"),
    ("eval", "@system_in_def.py", "dunder names"),
    ("diff", "@unknown_name.py", "'q' is neither an input nor assigned before use"),
    ("eval", "@while_true.py", "the while loop ran more than 20,000 times"),
    ("eval", "@range_power.py", "a loop of 1,000,000,000,000 trips exceeds the limit of"),
    ("eval", "@range_huge.py", "exceeds the limit of"),
    ("eval", "@list_bomb.py", "max_list_length"),
    ("eval", "@sum_huge.py", "exceeds the limit of"),
    ("eval", "@not_utf8.py", "is not UTF-8 text"),
    ("eval", "@nul_byte.py", "NUL byte"),
    ("eval", "@missing_file.py", "no such file"),
]


# The while loop's cap is lowered through its documented environment variable: the default
# (1,000,000 trips) stops the loop the same way, only some seconds later.
HOSTILE_ENV = {"@while_true.py": {"DIFFCOMPARE_MAX_LOOP_ITERATIONS": "20000"}}


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory) -> dict:
    """Every hostile input run once through the real CLI, each in its own empty cwd; the runs go
    in parallel (each is a fresh Python process) to keep the suite short. The def files live
    outside those directories, so every cwd must still be empty afterwards."""
    folder = tmp_path_factory.mktemp("defs")
    for name, text in DEF_FILES.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())

    def run(case, cwd):
        command, function, _ = case
        if function.startswith("@"):
            function = str(folder / function[1:])
        extra = ["--repeats", "1", "--engine", "all"] if command == "diff" else []
        result = run_cli([command, function, *extra], cwd, env=HOSTILE_ENV.get(case[1]))
        return result, sorted(p.name for p in cwd.iterdir())

    cwds = [tmp_path_factory.mktemp("cwd") for _ in HOSTILE]   # not in the threads: the factory is not thread-safe
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(range(len(HOSTILE)), pool.map(run, HOSTILE, cwds)))


def test_there_are_at_least_fifteen_hostile_inputs():
    assert len(HOSTILE) >= 15


@pytest.mark.parametrize("k", range(len(HOSTILE)), ids=[f"{c} {f[:40]}" for c, f, _ in HOSTILE])
def test_hostile_input_exits_nonzero_with_one_clear_line_and_runs_nothing(k, hostile_runs):
    run, created = hostile_runs[k]
    reason = HOSTILE[k][2]
    assert run.code != 0
    assert run.out == ""
    assert "Traceback" not in run.err and "internal error" not in run.err
    lines = run.err_lines
    assert lines and lines[0].startswith("error: "), run.err
    assert any(r in lines[0] for r in reason.split("|")), run.err
    if len(lines) > 1:          # a parse error shows the source line and a caret under the column
        assert len(lines) == 3 and lines[2].strip() == "^", run.err
    assert created == [], "the input created a file"
