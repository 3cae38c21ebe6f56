"""Where a FUNCTION argument comes from: a bundled name, a file, or inline text.
Files are only ever read as text and parsed; nothing a user wrote is imported or run.

`load` here still reads with the hand parser, whose IR the interpreter runs until the switch
to the ast front end (`resolve.load`); the point and bundled helpers live in `point` and
`bundled` and are re-exported here for the modules that import them from this one."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .bundled import bundled_names, bundled_source
from .ir import Program
from .parse import parse, parse_def
from .paths import division_hint, expression_or_missing_file, looks_like_path, read_source
from .point import Point, parse_point, resize_vectors

__all__ = ["Point", "bundled_names", "bundled_source", "load", "parse_point", "resize_vectors"]


def load(function: str) -> Program:
    """A Program from a bundled name (`book`), a path to a file holding one def, or an inline expression."""
    if re.fullmatch(r"[A-Za-z_]\w*", function) and function in bundled_names():
        return parse_def(bundled_source(function), origin="bundled")
    if looks_like_path(function):
        path = Path(function)
        if not path.exists():
            raise InputError(f"no such file: {function}{division_hint(function, parse)}")
        return parse(read_source(function), origin=str(path))
    return expression_or_missing_file(function, parse)
