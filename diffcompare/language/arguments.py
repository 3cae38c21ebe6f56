"""The arguments of one call, bound to parameters the way Python binds them, and what a
handler of a call needs to translate them (`CallSite`).

Every kind of call shares these: primitives of the table, the interpreter's own operations,
numpy's constructors, methods of arrays and the file's defs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from . import primitives_api
from .ir import Call, Expr, Pos
from .spans import Spans


class Arguments:
    """The arguments of one call, bound to parameters the way Python binds them."""

    def __init__(self, node: ast.Call, display: str, spans: Spans):
        self.node = node
        self.display = display          # the callee as the user wrote it: `np.sin`, `x.sum`
        self.spans = spans
        self.positional = node.args
        self.keywords = list(node.keywords)
        seen: set[str] = set()
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise spans.error(arg, "argument unpacking (*args) is not allowed")
        for keyword in node.keywords:
            if keyword.arg is None:
                raise spans.error(keyword, "argument unpacking (**kwargs) is not allowed")
            if keyword.arg in seen:
                raise spans.error(keyword, f"keyword argument repeated: '{keyword.arg}'")
            seen.add(keyword.arg)

    @property
    def given(self) -> int:
        return len(self.positional) + len(self.keywords)

    def error(self, reason: str) -> Exception:
        return self.spans.error(self.node, reason)

    def take(self, name: str) -> ast.keyword | None:
        """Remove the keyword argument `name` and return it (None if not given): for keywords
        that a handler settles itself, such as numpy's `dtype=`."""
        for keyword in self.keywords:
            if keyword.arg == name:
                self.keywords.remove(keyword)
                return keyword
        return None

    def bind(self, count: int, required: int, keywords: dict[str, int] | None = None) -> list[ast.expr | None]:
        """The argument of each of `count` parameters (None where left out); the first `required`
        must be given; `keywords` maps the names keyword arguments may use to their parameter."""
        keywords = keywords or {}
        if len(self.positional) > count:
            raise self.error(f"{self.display}() takes {_how_many(required, count)} ({self.given} given)")
        bound: list[ast.expr | None] = list(self.positional) + [None] * (count - len(self.positional))
        for keyword in self.keywords:
            index = keywords.get(keyword.arg)
            if index is None:
                raise self.spans.error(keyword, f"{self.display}() got an unexpected keyword '{keyword.arg}'")
            if bound[index] is not None:
                raise self.spans.error(keyword, f"{self.display}() got multiple values for '{keyword.arg}'")
            bound[index] = keyword.value
        missing = [i for i in range(required) if bound[i] is None]
        if missing:
            names = {index: name for name, index in keywords.items()}
            if missing[0] in names:
                raise self.error(f"{self.display}() is missing its argument '{names[missing[0]]}'")
            raise self.error(f"{self.display}() takes {_how_many(required, count)} ({self.given} given)")
        return bound

    def bind_names(self, names: tuple[str, ...] | list[str], required: int) -> list[ast.expr | None]:
        """`bind` for parameters that may each be given by keyword under their own name."""
        return self.bind(len(names), required, {name: i for i, name in enumerate(names)})

    def no_keywords(self) -> None:
        if self.keywords:
            keyword = self.keywords[0]
            raise self.spans.error(keyword, f"{self.display}() got an unexpected keyword '{keyword.arg}'")


@dataclass
class CallSite:
    """What a handler of a call needs: the arguments, and how to translate them."""
    args: Arguments
    pos: Pos
    expr: Callable[[ast.expr], Expr]          # an argument (one level deeper)
    iterable: Callable[[ast.expr], Expr]      # an argument that may be a generator expression
    check_dtype: Callable[[ast.expr], None]   # refuses a dtype other than float64, in words

    def primitive(self, module: str, name: str, args: list[Expr]) -> Call:
        """A call of the table's primitive `module.name` on translated arguments."""
        prim = primitives_api.lookup(module, name)
        assert prim is not None, f"{module}.{name} is not in the table"
        return Call(prim.name, args, self.pos)


def _how_many(required: int, count: int) -> str:
    if required == count:
        return f"{count} argument{'s' if count != 1 else ''}"
    return f"from {required} to {count} arguments"
