"""Calls: what is called, and its arguments bound as Python binds them (`arguments`).

A call is of a primitive of the table (``Call``, see `table_calls`), of an operation of the
interpreter (``Builtin``, see `builtin_calls` and `numpy_calls`), of a method of a value
(`methods`), or of a def of the file (``Invoke``, keywords and defaults resolved here).
Anything else called -- ``open``, ``eval``, a variable -- is refused before its arguments are
read.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from . import primitives_api
from .arguments import Arguments
from .defaults import default_to_ir
from .interpreter_calls import HANDLERS
from .ir import Expr, Invoke, Param
from .numpy_keywords import settle_numpy_keywords
from .table_calls import table_call
from .vocabulary import Meaning, did_you_mean, names_in

if TYPE_CHECKING:
    from .expressions import ExpressionTranslator


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
        if isinstance(node.func, ast.Attribute) and not self.exprs.is_module_path(node.func):
            return self.exprs.attributes.call(node)         # x.sum(): a method of a value
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
        suggestion = did_you_mean(name, names_in(holder) if holder else [], prefix + ".")
        if holder.startswith("numpy"):
            # numpy has far more than the table: say the function is not supported, not unknown
            raise self.spans.error(func, f"{display} is not supported{suggestion}")
        raise self.spans.error(func, f"unknown function '{display}'{suggestion}")

    def _function(self, meaning: Meaning, args: Arguments) -> Expr:
        site = self.exprs.site(args)
        if meaning.module.startswith("numpy"):
            settle_numpy_keywords(args, site.check_dtype)
        handler = HANDLERS.get((meaning.module, meaning.name))
        if handler is not None:
            return handler(site)
        prim = primitives_api.lookup(meaning.module, meaning.name)
        assert prim is not None, meaning
        return table_call(prim, site)

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

