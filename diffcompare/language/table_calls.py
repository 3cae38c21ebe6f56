"""Calls of the table's primitives: every parameter present, in the table's order.

What the table says of an entry decides the IR (`params`, `defaults` for the last ones,
`static` data arguments, `variadic`), so an entry added to the table is callable the moment
it lands, with numpy's keywords and defaults, as a function or as a method:

- ``np.sum(x, axis=0)`` is ``Call("sum", [x, Const(0), Const(False)])``: a parameter left out
  takes its default as a `Const`;
- a method passes its array as the first argument: ``x.sum(0)`` is the same call;
- a variadic entry (``np.concatenate(arrays, axis)``) takes a display of two or more arrays
  as separate arguments, ``[a, b]`` -> ``Call("concatenate", [a, b, Const(0)])``; any other
  sequence (a variable, a comprehension, a display of one) is ONE argument before the
  statics, which the interpreter expands as numpy iterates it. A single array argument is
  therefore always the sequence itself, never one of several arrays.
"""

from __future__ import annotations

import ast

from ..primitives import Primitive
from .arguments import CallSite
from .ir import Call, Const, Expr
from .statics import static_argument


def table_call(prim: Primitive, site: CallSite, given: tuple[Expr, ...] = ()) -> Call:
    """`prim` called at `site`; `given` are its first arguments already translated (a method's array)."""
    if prim.variadic:
        return _variadic(prim, site)
    params = prim.params
    first_default = len(params) - len(prim.defaults)
    bound = site.args.bind_names(params[len(given):], max(first_default - len(given), 0))
    args = list(given)
    for index, node in enumerate(bound, start=len(given)):
        args.append(_argument(prim, index, node, site, first_default))
    return Call(prim.name, args, site.pos)


def _variadic(prim: Primitive, site: CallSite) -> Call:
    params = prim.params
    first_default = len(params) - len(prim.defaults)
    sequence, *rest = site.args.bind_names(params, 1)
    if isinstance(sequence, (ast.List, ast.Tuple)) and len(sequence.elts) >= 2:
        arrays = [site.expr(item) for item in sequence.elts]
    else:
        arrays = [site.expr(sequence)]
    statics = [_argument(prim, index, node, site, first_default) for index, node in enumerate(rest, start=1)]
    return Call(prim.name, arrays + statics, site.pos)


def _argument(prim: Primitive, index: int, node: ast.expr | None, site: CallSite, first_default: int) -> Expr:
    """Parameter `index`'s argument: its default where left out, checked data where static."""
    if node is None:
        return Const(prim.defaults[index - first_default], site.pos)
    count = len(prim.params)
    if index in prim.static or index - count in prim.static:
        return static_argument(prim.params[index], node, site)
    return site.expr(node)
