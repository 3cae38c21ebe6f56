"""What a caller gives, in the front end's forms: a FUNCTION -- text, a path, a bundled
name, a parsed Program or a Python function object -- becomes a `Program`; a point -- the
command line's text, a mapping of names to numbers and lists (numpy arrays too), or a
`Point` -- becomes a `Point`.

A Python function is read, never run: its source comes from `inspect.getsource` (the file,
or the notebook cell, it was defined in) and goes through the same front end as a file. What
the def relies on from its module is declared from what the function object can tell without
calling anything: the modules and math/numpy functions it names (`import numpy as np`,
`from math import exp`), the plain functions it calls (their sources, read the same way) and
the numbers it reads from module constants.
"""

from __future__ import annotations

import inspect
import math
import textwrap
import types
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError, option
from .ir import Program
from .point import Point, parse_point
from .resolve import load

_MOST_HELPERS = 50          # plain functions followed from one def (a guard against odd namespaces)


def program_of(function: Any, function_name: str | None = None) -> Program:
    """The Program of `function`: an inline expression, a file (`f.py`, `f.py:NAME`), a bundled
    name, a `pathlib.Path`, a Program, or a Python function object (read by its source)."""
    if isinstance(function, Program):
        return function
    if isinstance(function, Path):
        function = str(function)
    if isinstance(function, str):
        return load(function, function_name)
    if isinstance(function, (types.FunctionType, types.MethodType)):
        return _from_object(inspect.unwrap(getattr(function, "__func__", function)))
    if callable(function):
        raise InputError(f"a {type(function).__name__} cannot be read as a def: give a function written with def, "
                         f"its source text, a file or a bundled name")
    raise InputError(f"the function must be text (an expression, a file name or a bundled name), a path or a "
                     f"Python def, not {type(function).__name__}")


def point_of(at: Any, program: Program) -> Point:
    """The point: None (the def's defaults), the command line's text ('x=3,y=4'), a mapping
    {'x': 3, 'v': [1, 2]} (numpy arrays and numbers allowed), or a Point."""
    if at is None or isinstance(at, str):
        return parse_point(at, program)
    if isinstance(at, Point):
        return at
    if isinstance(at, Mapping):
        return Point.of(program, {str(k): _plain(v) for k, v in at.items()})
    raise InputError(f"{option('at')} must be text such as 'x=3,y=4' or a mapping such as {{'x': 3, 'y': 4}}, "
                     f"not {type(at).__name__}")


def _plain(value: Any) -> Any:
    """A numpy array or number as the lists and floats a Point is made of."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


# --- a Python function, by its source ------------------------------------------------------------

def _from_object(fn: types.FunctionType) -> Program:
    name = fn.__name__
    if name == "<lambda>":
        raise InputError("a lambda has no def to read: write the function with def (its source is read, "
                         "never run)")
    text = source_of(fn)
    return load_text(text, origin=f"{name} (a Python function)", function_name=name)


def load_text(text: str, origin: str, function_name: str) -> Program:
    from .frontend import parse_module
    return parse_module(text, origin=origin, function=function_name)


def source_of(fn: types.FunctionType) -> str:
    """The def's source with what it names from its module declared above it."""
    imports: dict[str, str] = {}
    constants: dict[str, str] = {}
    helpers: dict[str, str] = {}
    pending = [fn]
    while pending:
        f = pending.pop()
        if f.__name__ in helpers:
            continue
        helpers[f.__name__] = _def_source(f)
        if len(helpers) > _MOST_HELPERS:
            raise InputError(f"{fn.__name__} calls more than {_MOST_HELPERS} functions of its module; put them "
                             f"in a file and give the file")
        for used in _names(f.__code__):
            value = f.__globals__.get(used, getattr(f.__globals__.get("__builtins__"), used, None))
            if used in helpers or used in imports or used in constants:
                continue
            if isinstance(value, types.ModuleType):
                imports[used] = _import_line(used, value)
            elif isinstance(value, (types.BuiltinFunctionType, np_ufunc_types())) or _numpy_function(value):
                line = _from_import_line(used, value)
                if line:
                    imports[used] = line
            elif isinstance(value, types.FunctionType) and used in f.__globals__:
                pending.append(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and used in f.__globals__:
                if math.isfinite(value):
                    constants[used] = f"{used} = {value!r}"
    main = helpers.pop(fn.__name__)
    parts = [line for line in imports.values() if line] + list(constants.values()) + list(helpers.values()) + [main]
    return "\n\n".join(parts) + "\n"


def _def_source(fn: types.FunctionType) -> str:
    try:
        text = inspect.getsource(fn)
    except (OSError, TypeError):
        raise InputError(f"the source of {fn.__name__} cannot be found (a function made by exec or typed at a "
                         f"plain Python prompt keeps none); save it in a file and give the file") from None
    return textwrap.dedent(text).strip("\n")


def _names(code: types.CodeType) -> list[str]:
    """Global names a function's code reads, its nested comprehensions' included."""
    out = list(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            out += _names(const)
    return out


def _import_line(alias: str, module: types.ModuleType) -> str:
    # a module the language does not know is declared all the same: the front end refuses it by name
    path = module.__name__
    return f"import {path}" if alias == path else f"import {path} as {alias}"


def np_ufunc_types() -> tuple:
    try:
        import numpy as np
        return (np.ufunc,)
    except ImportError:       # pragma: no cover - numpy is a dependency
        return ()


def _numpy_function(value: Any) -> bool:
    return callable(value) and (getattr(value, "__module__", "") or "").startswith("numpy")


def _from_import_line(alias: str, value: Any) -> str | None:
    """`from math import exp` for a function of math or numpy named in the def; None when its
    module is not one the language knows (the front end then names it unknown)."""
    module = getattr(value, "__module__", None) or ""
    real = getattr(value, "__name__", alias)
    if module == "math":
        home = "math"
    elif module.startswith("numpy") or isinstance(value, np_ufunc_types()):
        home = "numpy"
    else:
        return None
    return f"from {home} import {real}" + (f" as {alias}" if alias != real else "")
