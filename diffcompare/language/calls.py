"""Calls: what is called, and its arguments bound as Python binds them.

A call is of a primitive of the table (``Call``), of an operation of the interpreter
(``Builtin``, see `builtin_calls`), or of a def of the file (``Invoke``, keywords and defaults
resolved here). Anything else called -- ``open``, ``eval``, a variable -- is refused before its
arguments are read.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..primitives import Primitive
from . import primitives_api
from .builtin_calls import HANDLERS
from .defaults import default_to_ir
from .ir import Call, Expr, Invoke, Param, Pos
from .spans import Spans
from .vocabulary import ARRAY_FUNCTIONS, Meaning, did_you_mean, names_in

if TYPE_CHECKING:
    from .expressions import ExpressionTranslator


class Arguments:
    """The arguments of one call, bound to parameters the way Python binds them."""

    def __init__(self, node: ast.Call, display: str, spans: Spans):
        self.node = node
        self.display = display          # the callee as the user wrote it: `np.sin`
        self.spans = spans
        self.positional = node.args
        self.keywords = node.keywords
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

    def no_keywords(self) -> None:
        if self.keywords:
            keyword = self.keywords[0]
            raise self.spans.error(keyword, f"{self.display}() got an unexpected keyword '{keyword.arg}'")


@dataclass
class CallSite:
    """What a handler of `builtin_calls` needs: the arguments, and how to translate them."""
    args: Arguments
    pos: Pos
    expr: Callable[[ast.expr], Expr]          # an argument (one level deeper)
    iterable: Callable[[ast.expr], Expr]      # an argument that may be a generator expression

    def primitive(self, module: str, name: str, args: list[Expr]) -> Call:
        """A call of the table's primitive `module.name` on translated arguments."""
        prim = primitives_api.lookup(module, name)
        assert prim is not None, f"{module}.{name} is not in the table"
        return Call(prim.name, args, self.pos)


class CallTranslator:
    """Translates ``ast.Call`` nodes for one `ExpressionTranslator`.

    `signatures` are the parameters of the file's defs (for `Invoke`; None where no def may be
    called); `on_invoke(name, node)` is told of every call of a def, for the recursion check."""

    def __init__(self, exprs: "ExpressionTranslator", signatures: dict[str, list[Param]] | None,
                 on_invoke: Callable[[str, ast.Call], None]):
        self.exprs = exprs
        self.spans = exprs.spans
        self.signatures = signatures
        self.on_invoke = on_invoke

    def call(self, node: ast.Call) -> Expr:
        meaning, display = self._callee(node.func)
        args = Arguments(node, display, self.spans)
        kind = meaning.kind
        if kind == "function":
            return self._function(meaning, args)
        if kind == "def" and self.signatures is not None:
            return self._invoke(meaning.name, args)
        if kind == "def":
            raise self.spans.error(node, f"a module constant cannot call '{display}': the top level of a file "
                                         f"holds only numbers, imports and earlier constants")
        what = {"local": "a variable here", "constant": "a module constant", "value": "a constant",
                "module": "a module"}[kind]
        raise self.spans.error(node.func, f"'{display}' is {what}, not a function")

    def _callee(self, func: ast.expr) -> tuple[Meaning, str]:
        """What is called, and its name as written; an unknown function is an error here."""
        if isinstance(func, ast.Name):
            self.exprs.check_name(func.id, func)
            meaning = self.exprs.scope.meaning(func.id, may_be_input=False)
            if meaning is None:
                pool = names_in("inline") + names_in("builtins") + list(self.signatures or ()) \
                    + self.exprs.scope.namespace.names_of("function")
                raise self.spans.error(func, f"unknown function '{func.id}'{did_you_mean(func.id, pool)}")
            return meaning, func.id
        if isinstance(func, ast.Attribute):
            return self._dotted_callee(func)
        self.exprs.expr(func)             # refuses a lambda, a string ... in its own words
        raise self.spans.error(func, "only functions of the language can be called")

    def _dotted_callee(self, func: ast.Attribute) -> tuple[Meaning, str]:
        meaning, display, holder = self.exprs.dotted(func)
        if meaning is not None:
            return meaning, display
        prefix, name = display.rsplit(".", 1)
        if holder == "numpy" and name in ARRAY_FUNCTIONS:
            raise self.spans.error(func, f"'{display}' works on numpy arrays, which are not supported yet")
        offered = names_in(holder) if holder else []
        raise self.spans.error(func, f"unknown function '{display}'{did_you_mean(name, offered, prefix + '.')}")

    def _function(self, meaning: Meaning, args: Arguments) -> Expr:
        site = CallSite(args, self.spans.pos(args.node), self.exprs.inner, self.exprs.iterable)
        handler = HANDLERS.get((meaning.module, meaning.name))
        if handler is not None:
            return handler(site)
        prim = primitives_api.lookup(meaning.module, meaning.name)
        assert prim is not None, meaning
        return self.primitive_call(prim, site)

    def primitive_call(self, prim: Primitive, site: CallSite) -> Call:
        names = primitives_api.params(prim)[:prim.arity]
        bound = site.args.bind(prim.arity, prim.arity, {name: i for i, name in enumerate(names)})
        return Call(prim.name, [site.expr(arg) for arg in bound], site.pos)

    def _invoke(self, name: str, args: Arguments) -> Invoke:
        params = self.signatures[name]
        required = _required(params)
        bound = args.bind(len(params), required, {p.name: i for i, p in enumerate(params)})
        pos = self.spans.pos(args.node)
        self.on_invoke(name, args.node)
        return Invoke(name, [self.exprs.inner(arg) if arg is not None else default_to_ir(param.default, pos)
                             for arg, param in zip(bound, params)], pos)


def _required(params: list[Param]) -> int:
    """How many leading parameters have no default (Python puts defaults last)."""
    return next((i for i, p in enumerate(params) if p.default is not None), len(params))


def _how_many(required: int, count: int) -> str:
    if required == count:
        return f"{count} argument{'s' if count != 1 else ''}"
    return f"from {required} to {count} arguments"
