"""Why each Python construct outside the language is refused, by ast node type.

Every translator refuses what it has no method for with `reason_for(node)`, so a construct
gets the same words wherever it appears.
"""

from __future__ import annotations

import ast

_ASYNC = "async code is not allowed"
_DICTS = "dicts and sets are not allowed"

_REASONS: dict[str, str] = {
    "Lambda": "lambdas are not allowed",
    "ClassDef": "classes are not allowed",
    "Try": "try/except is not allowed",
    "TryStar": "try/except is not allowed",
    "With": "'with' is not allowed",
    "AsyncWith": _ASYNC, "AsyncFor": _ASYNC, "AsyncFunctionDef": _ASYNC, "Await": _ASYNC,
    "Global": "'global' is not allowed",
    "Nonlocal": "'nonlocal' is not allowed",
    "Delete": "'del' is not allowed",
    "Yield": "generators (yield) are not allowed",
    "YieldFrom": "generators (yield) are not allowed",
    "NamedExpr": "the walrus operator := is not allowed",
    "Match": "match statements are not supported",
    "Starred": "starred expressions such as *a are not allowed",
    "Dict": _DICTS, "Set": _DICTS, "DictComp": _DICTS, "SetComp": _DICTS,
    "JoinedStr": "f-strings are not allowed",
    "FormattedValue": "f-strings are not allowed",
    "GeneratorExp": "a generator expression is only allowed as the argument of sum, min, max, any, all, list, tuple, "
                    "zip, enumerate or math.fsum",
    "Import": "imports go at the top of the file, outside any def",
    "ImportFrom": "imports go at the top of the file, outside any def",
    "FunctionDef": "a def inside a def is not supported: move it to the top level",
    "TypeAlias": "type aliases are not allowed",
}


def reason_for(node: ast.AST) -> str:
    """The words for refusing `node`, by its type."""
    kind = type(node).__name__
    return _REASONS.get(kind, f"this Python construct ({kind}) is not in the language")


def constant_refusal(value: object) -> str | None:
    """Why a literal is not a value of the language, or None if it is one."""
    if isinstance(value, str):
        return "strings are not values in this language"
    if isinstance(value, bytes):
        return "bytes are not values in this language"
    if isinstance(value, complex):
        return "complex numbers are not supported"
    if value is Ellipsis:
        return "'...' is not a value in this language"
    return None


def dunder_refusal(name: str) -> str | None:
    """Names such as `__import__` or `__class__` reach Python's machinery: none is allowed."""
    if name.startswith("__") or name.endswith("__"):
        return f"dunder names such as '{name}' are not allowed"
    return None
