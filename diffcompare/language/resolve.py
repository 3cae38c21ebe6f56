"""FUNCTION resolution: a bundled name, a file (`f.py`, `f.py:NAME`), or an expression --
never a silent guess.

The convention for a bare word: a bundled name or an existing file is that; any other bare
identifier of one or two characters (`x`, `y`, `x1`) is an expression, as `diffcompare diff x`
has always been; a longer one (`bok`, `Book`, `rosenbrok`) is an error with a did-you-mean,
since it is far likelier a typo than a new one-variable function. Parentheses make any text
an expression: `(alpha)`. Everything that is not a bare identifier or a path is an expression.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..errors import InputError, option
from .bundled import bundled_names, bundled_source
from .frontend import parse, parse_expression, parse_module
from .ir import Program
from .paths import (division_hint, exists, expression_or_missing_file, looks_like_path, read_source, shown,
                    split_def_name)

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_LONGEST_BARE_EXPRESSION = 2          # `x`, `x1`: names of inputs; longer bare words must be bundled or files
_MOST_FILES_SUGGESTED_FROM = 1000     # a folder of thousands of .py files is not searched through


def load(function: str, function_name: str | None = None) -> Program:
    """The Program FUNCTION stands for; `function_name` picks the def of a file (`--function`)."""
    if _IDENTIFIER.fullmatch(function) and function in bundled_names():
        return parse_module(bundled_source(function), origin="bundled", function=function_name)
    path_text, def_name = split_def_name(function)
    if looks_like_path(path_text):
        if not exists(path_text):
            raise InputError(f"no such file: {shown(path_text)}{division_hint(path_text, parse_expression)}")
        return parse_module(read_source(path_text), origin=path_text, function=_one_def_name(def_name, function_name))
    if _IDENTIFIER.fullmatch(function) and len(function) > _LONGEST_BARE_EXPRESSION:
        raise InputError(_not_a_function(function))
    return expression_or_missing_file(function, parse)


def _one_def_name(in_path: str | None, given: str | None) -> str | None:
    if in_path and given and in_path != given:
        raise InputError(f"two defs named: '{in_path}' after the file and '{given}' by {option('function_name')}; give one")
    return in_path or given


def _not_a_function(word: str) -> str:
    return (f"'{word}' is not a bundled function or a file{_suggestion(word)}; to differentiate the "
            f"expression {word}, write it in parentheses: '({word})'")


def _suggestion(word: str) -> str:
    """The bundled name or .py file of this folder that `word` most likely means."""
    candidates = {name: name for name in bundled_names()}
    for path in sorted(Path(".").glob("*.py"))[:_MOST_FILES_SUGGESTED_FROM]:
        candidates.setdefault(path.stem, path.name)
    by_lower = {name.lower(): shown for name, shown in candidates.items()}
    if word.lower() in by_lower:          # `Book` -> book; `rosenbrock` where rosenbrock.py exists
        return f" (did you mean '{by_lower[word.lower()]}'?)"
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.7)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""
