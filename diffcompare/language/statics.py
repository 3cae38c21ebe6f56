"""Static arguments: the data a call on arrays takes besides its arrays -- an axis, a shape,
keepdims, ddof, an `ord` -- which the interpreter passes on as Python values and no engine
differentiates.

A display of literal whole numbers (``(2, 3)``, ``[1, 0]``) becomes one `Const` tuple, the
value numpy is given. Anything else stays an expression for the interpreter to evaluate to
an int, a tuple, None or a bool (``len(x)``, ``x.shape[0]``, ``n // 2``, a helper's `axis`
parameter): the front end cannot know those values and does not guess. A float literal where
numpy wants a whole number is refused here, where the user can see it.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .ir import Const, Expr, ListLit, TupleLit

if TYPE_CHECKING:
    from .arguments import CallSite

#: parameters (numpy's names) that take whole numbers, tuples of them, None or a bool
WHOLE_NUMBER_PARAMS = frozenset({"axis", "axes", "newshape", "shape", "keepdims", "ddof", "n", "k", "N", "M",
                                 "repeats", "reps"})


def static_argument(param: str, node: ast.expr, site: "CallSite") -> Expr:
    """The static argument `node` of parameter `param`, translated, folded and checked."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        # a word numpy reads as data (np.linalg.norm(x, 'fro')): never a value of the program
        return Const(node.value, site.args.spans.pos(node))
    value = fold_whole_numbers(site.expr(node))
    if param in WHOLE_NUMBER_PARAMS and _holds_a_float(value):
        raise site.args.spans.error(node, f"{site.args.display}(): '{param}' must be a whole number (or None), "
                                          f"not {site.args.spans.source(node)}")
    return value


def fold_whole_numbers(value: Expr) -> Expr:
    """``(2, 3)`` or ``[2, 3]`` of literal whole numbers as ``Const((2, 3))``; else `value` itself."""
    if isinstance(value, (TupleLit, ListLit)) and all(type(item) is Const and type(item.value) is int
                                                      for item in value.items):
        return Const(tuple(item.value for item in value.items), value.pos)
    return value


def _holds_a_float(value: Expr) -> bool:
    if type(value) is Const:
        items = value.value if isinstance(value.value, tuple) else (value.value,)
        return any(type(item) is float for item in items)
    return isinstance(value, (TupleLit, ListLit)) and any(_holds_a_float(item) for item in value.items)
