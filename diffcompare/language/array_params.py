"""Which vector parameters are numpy arrays (`Param.array`), decided from the IR.

A vector or matrix input arrives as a Python list unless the program needs an array. It
needs one where the program uses numpy (it imports numpy, or names np./numpy. without an
import) AND the parameter is used as a whole somewhere: in arithmetic (``x ** 2``), a numpy
call (``np.sum(x)``), a method or attribute (``x.T``), a slice or multi-part index
(``x[1:]``, ``x[:, 0]``), ``@``, a comparison, returned, stored... Uses that treat it element
by element keep the list, the scalar fast path: ``x[i]`` with one index that is no slice,
``len(x)``, and iteration -- ``for v in x``, comprehensions, ``zip``, ``enumerate``,
``reversed``, unpacking ``a, b = x``, and Python's ``sum``/``min``/``max``/``fsum``/``list``/
``tuple`` over it. Those give the same values on a list and on an array, so the decision never
changes a value. Passing it to a helper is decided by the helper's own use of that parameter
(the same rule, through further helpers); a def the program does not hold counts as a use.

Only parameters that are or may be vectors are decided: those with a list default, and those
with none (inline inputs, a file's parameters without a default), which `--at` may make vectors.
"""

from __future__ import annotations

from ..primitives import TABLE
from .ir import (Assign, BoolOp, Builtin, Call, Compare, Const, For, Function, Generator, Index, Invoke, ListComp,
                 ListLit, Name, Program, Slice, TupleLit, children, walk)

#: Builtins that iterate over every argument the same way for a list and an array
_ITERATING = frozenset({"len", "zip", "reversed", "min", "max", "fsum", "list", "tuple"})
#: Builtins that iterate over their first argument only (the others are a start value)
_ITERATING_FIRST = frozenset({"enumerate", "sum"})
#: index expressions that select several elements (numpy's slicing, fancy indexing, masks)
_SEVERAL = (Slice, TupleLit, ListLit, ListComp, Compare, BoolOp)
#: Builtins whose value is one whole number, an index of one element
_WHOLE_NUMBERS = frozenset({"len", "int", "round", "floor", "ceil", "trunc", "floordiv", "mod", "size", "ndim",
                            "item"})


def decide_array_params(program: Program, uses_numpy: bool) -> None:
    """Set `Param.array` on the program's parameters (see the module's docstring)."""
    if not uses_numpy:
        return
    candidates = {p.name for p in program.params if p.is_vector or p.name in program.defaulted}
    whole = _Uses(program.helpers).used_whole(program.body, candidates)
    for param in program.params:
        param.array = param.name in whole


class _Uses:
    """Which parameters of a body are used as a whole; helpers' answers are remembered."""

    def __init__(self, helpers: dict[str, Function]):
        self.helpers = helpers
        self.known: dict[str, set[str]] = {}

    def used_whole(self, body: list, names: set[str]) -> set[str]:
        if not names:
            return set()
        hidden = _not_reads(body, names)
        found: set[str] = set()
        for node in walk(body):
            for child in children(node):
                if type(child) is Name and child.id in names and child.id not in found \
                        and id(child) not in hidden and not self._element_only(node, child):
                    found.add(child.id)
        return found

    def helper_uses_whole(self, helper: str, position: int) -> bool:
        function = self.helpers.get(helper)
        if function is None or position >= len(function.params):
            return True                      # what a def we do not hold does with it is unknown
        if helper not in self.known:
            self.known[helper] = set()       # a cycle is refused as recursion; meanwhile: no use
            self.known[helper] = self.used_whole(function.body, {p.name for p in function.params})
        return function.params[position].name in self.known[helper]

    def _element_only(self, parent, child: Name) -> bool:
        """Does `parent` use `child` (a parameter) element by element?"""
        kind = type(parent)
        if kind is Index:
            return parent.target is child and _one_element(parent.index)
        if kind is Builtin:
            return parent.name in _ITERATING or (parent.name in _ITERATING_FIRST and parent.args[0] is child)
        if kind is For or kind is Generator:
            return parent.iter is child
        if kind is Assign:                   # a, b = x: unpacking iterates
            return parent.value is child and type(parent.target) is TupleLit
        if kind is Invoke:
            position = next(i for i, arg in enumerate(parent.args) if arg is child)
            return not self.helper_uses_whole(parent.func, position)
        return False


def _one_element(index) -> bool:
    """An index that picks one element of a list: no slice, tuple of parts, list, mask or array
    of indices, and not None or ... (which numpy reads as new axes)."""
    kind = type(index)
    if isinstance(index, _SEVERAL):
        return False
    if kind is Const:
        return index.value is not None and index.value is not Ellipsis
    if kind is Builtin:
        return index.name in _WHOLE_NUMBERS
    if kind is Call:                         # arithmetic on indices, not an operation making an array
        prim = TABLE.get(index.func)
        return prim is None or not prim.structural
    return True


def _not_reads(body: list, names: set[str]) -> set[int]:
    """The ids of the `Name` nodes among `names` that do not read the parameter: assignment
    and loop targets (rebinding it), and a comprehension's own variables of that name."""
    hidden: set[int] = set()
    for node in walk(body):
        kind = type(node)
        if kind is Assign or kind is For or kind is Generator:
            hidden.update(id(name) for name in _bound(node.target))
        elif kind is ListComp:
            own = {name.id for generator in node.generators for name in _bound(generator.target)} & names
            if own:
                inside = [node.elt] + [test for g in node.generators for test in g.ifs] \
                    + [g.iter for g in node.generators[1:]]
                hidden.update(id(n) for n in walk(inside) if type(n) is Name and n.id in own)
    return hidden


def _bound(target) -> list[Name]:
    """The names a target binds (``x``, those of ``a, (b, c)``); ``x[i] = v`` binds none."""
    if type(target) is Name:
        return [target]
    if type(target) is TupleLit:
        return [name for item in target.items for name in _bound(item)]
    return []
