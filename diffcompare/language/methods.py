"""Attributes and methods of values -- arrays, as numpy code writes them: ``x.T``,
``x.shape``, ``x.sum(axis=0)``, ``X.dot(theta)``, ``x.reshape(2, 3)``.

A method of the table is that function with the array first (``x.sum(0)`` is ``np.sum(x, 0)``),
found by its numpy spelling when called, so a table entry added later serves its method at
once. The rest, each with the IR it gives:

    x.T                 Call("transpose", [x, Const(None)])
    x.shape, x.size, x.ndim         Builtin("shape" | "size" | "ndim", [x])
    x.reshape(2, 3), x.reshape((2, 3))      Call("reshape", [x, Const((2, 3))])
    x.transpose(), x.transpose(1, 0)        Call("transpose", [x, Const(None) | Const((1, 0))])
    x.flatten()         Call("ravel", [x])
    x.copy(), x.astype(float)       x itself (arrays are updated as new values, never in place)
    x.item()            Builtin("item", [x])
    x.tolist()          Builtin("list", [x])
    x.any(), x.all()    Builtin("any" | "all", [x])

Any other attribute is refused by its name; dunder names were refused before this is reached.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from . import primitives_api
from .arguments import Arguments, CallSite
from .ir import Builtin, Call, Const, Expr, TupleLit
from .numpy_keywords import settle_numpy_keywords
from .statics import fold_whole_numbers, static_argument
from .table_calls import table_call
from .vocabulary import did_you_mean

if TYPE_CHECKING:
    from .expressions import ExpressionTranslator

Method = Callable[[Expr, CallSite], Expr]


def _table(spelling: str) -> Method:
    """A method that is numpy's function `spelling` with the array first."""
    def translate(receiver: Expr, site: CallSite) -> Expr:
        return table_call(_entry(spelling, site), site, (receiver,))
    return translate


def _shape_or_axes(spelling: str, required: bool) -> Method:
    """reshape and transpose take their shape or axes as one tuple or as separate numbers."""
    def translate(receiver: Expr, site: CallSite) -> Expr:
        prim = _entry(spelling, site)
        site.args.no_keywords()
        given, param = site.args.positional, prim.params[1]
        if not given and required:
            raise site.args.error(f"{site.args.display}() needs the new shape, as in {site.args.display}(2, 3)")
        if not given:
            value: Expr = Const(None, site.pos)
        elif len(given) == 1:
            value = static_argument(param, given[0], site)
        else:
            value = fold_whole_numbers(TupleLit([static_argument(param, part, site) for part in given], site.pos))
        return Call(prim.name, [receiver, value], site.pos)
    return translate


def _same_value(params: tuple[str, ...]) -> Method:
    """x.copy() and x.astype(float): the values of x (a dtype other than float64 is refused)."""
    def translate(receiver: Expr, site: CallSite) -> Expr:
        for node in site.args.bind_names(params, 0):
            if node is not None:
                site.check_dtype(node)
        return receiver
    return translate


def _builtin(name: str) -> Method:
    def translate(receiver: Expr, site: CallSite) -> Expr:
        site.args.bind_names((), 0)
        return Builtin(name, [receiver], site.pos)
    return translate


def _entry(spelling: str, site: CallSite):
    prim = primitives_api.lookup("numpy", spelling)
    if prim is None:
        raise site.args.error(f"{site.args.display}() is np.{spelling}, which is not supported")
    return prim


METHODS: dict[str, Method] = {
    **{name: _table(name) for name in ("sum", "mean", "max", "min", "prod", "std", "var", "cumsum", "cumprod",
                                        "dot", "ravel", "squeeze", "clip", "trace", "repeat")},
    "flatten": _table("ravel"),             # a copy where ravel may give a view: the same values
    "reshape": _shape_or_axes("reshape", required=True),
    "transpose": _shape_or_axes("transpose", required=False),
    "copy": _same_value(()),
    "astype": _same_value(("dtype",)),
    "item": _builtin("item"),
    "tolist": _builtin("list"),
    "any": _builtin("any"),
    "all": _builtin("all"),
}
#: attributes that are values, not methods
ATTRIBUTES = ("T", "shape", "size", "ndim")


class ValueAttributes:
    """Translates attributes and method calls of values for one `ExpressionTranslator`."""

    def __init__(self, exprs: "ExpressionTranslator"):
        self.exprs = exprs
        self.spans = exprs.spans

    def attribute(self, node: ast.Attribute) -> Expr:
        """``x.T``, ``x.shape``, ``x.size``, ``x.ndim``. The value is read first, as Python
        reads it, so that what is wrong in it is said in its own words."""
        value, pos = self.exprs.inner(node.value), self.spans.pos(node)
        written = self.spans.source(node)
        if node.attr in METHODS:
            raise self.spans.error(node, f"'{written}' is a method: call it, as in {written}()")
        if node.attr not in ATTRIBUTES:
            raise self.spans.error(node, _unknown(written, node.attr))
        if node.attr == "T":
            return Call(primitives_api.lookup("numpy", "transpose").name, [value, Const(None, pos)], pos)
        return Builtin(node.attr, [value], pos)

    def call(self, node: ast.Call) -> Expr:
        """``x.sum(axis=0)`` and the other methods of METHODS."""
        func = node.func
        assert isinstance(func, ast.Attribute)
        receiver = self.exprs.inner(func.value)
        written = self.spans.source(func)
        method = METHODS.get(func.attr)
        if method is None and func.attr in ATTRIBUTES:
            raise self.spans.error(func, f"'{written}' is not a method: write {written} without brackets")
        if method is None:
            raise self.spans.error(func, _unknown(written, func.attr))
        site = self.exprs.site(Arguments(node, written, self.spans))
        settle_numpy_keywords(site.args, site.check_dtype)     # methods take dtype= and out= as functions do
        return method(receiver, site)


def _unknown(written: str, attr: str) -> str:
    prefix = written[:len(written) - len(attr)]
    return f"'{written}' is not an array method diffcompare knows{did_you_mean(attr, [*METHODS, *ATTRIBUTES], prefix)}"
