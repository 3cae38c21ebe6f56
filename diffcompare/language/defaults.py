"""Parameter defaults, which give the default point: constants computed now.

A default is a number, True/False, a (nested) list or tuple of numbers, ``[0.0] * 5``,
``np.array([...])`` of those (the input is a vector or matrix either way: whether it is made a
numpy array is `array_params`'s decision), a module constant, or arithmetic on those
(``np.pi / 4``, ``-1.2``). Python computes a default
once, when the def runs; folding it here with Python's own operators on the numbers gives
exactly that value (ints stay ints). Nothing of the user's text is run: only the numbers
read from it are combined, and sizes are checked before anything large is built.
"""

from __future__ import annotations

import ast
import math
import operator
from typing import Any, Callable

from ..limits import LIMITS
from .ir import Const, Expr, ListLit, Pos
from .literals import literal
from .namespace import dotted_name
from .numpy_keywords import is_float64
from .operators import ARITHMETIC
from .refusals import dunder_refusal
from .spans import Spans
from .vocabulary import Meaning, meaning_of_path

NOT_A_DEFAULT = "a default must be a number or a list of numbers"

_COMPUTE: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
    "floordiv": operator.floordiv, "mod": operator.mod, "pow": operator.pow}
_MAX_WHOLE_NUMBER_BITS = 100_000       # 2**100_000 is 30,103 digits: far past any sensible default


class _NoneDefault:
    """The default of a helper's parameter written ``None`` (``def logsumexp(z, axis=None)``):
    data numpy reads (no axis), passed as ``Const(None)`` when a call leaves it out. Not None
    itself, which `Param.default` uses for "no default"; the def differentiated may not have it
    (a point is made of numbers)."""

    def __repr__(self) -> str:
        return "NONE_DEFAULT"


NONE_DEFAULT = _NoneDefault()


class DefaultFolder:
    """Computes defaults (and module constants, when they are constants) from their ast."""

    def __init__(self, spans: Spans, meaning: Callable[[str], Meaning | None], constants: dict[str, Any]):
        self.spans = spans
        self.meaning = meaning          # what a name means at the def's line
        self.constants = constants      # values of the module constants computed so far

    def default(self, node: ast.expr) -> Any:
        """A parameter's default value, checked to be a number or a rectangular list of numbers
        (or None, for a helper: `NONE_DEFAULT`)."""
        if isinstance(node, ast.Constant) and node.value is None:
            return NONE_DEFAULT
        value = self.fold(node)
        _check_shape(value, node, self.spans)
        return value

    def fold(self, node: ast.expr) -> Any:
        fold = getattr(self, "fold_" + type(node).__name__, None)
        if fold is None:
            raise self.spans.error(node, NOT_A_DEFAULT)
        return fold(node)

    def fold_Constant(self, node: ast.Constant) -> Any:
        value = literal(node, self.spans).value
        if value is None:
            raise self.spans.error(node, NOT_A_DEFAULT)
        return value

    def fold_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.fold(node.operand)
        if isinstance(node.op, (ast.USub, ast.UAdd)) and _is_number(value):
            return -value if isinstance(node.op, ast.USub) else +value
        raise self.spans.error(node, NOT_A_DEFAULT)

    def fold_BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.fold(node.left), self.fold(node.right)
        name = ARITHMETIC.get(type(node.op))
        if name is None:
            raise self.spans.error(node, NOT_A_DEFAULT)
        if isinstance(left, list) or isinstance(right, list):
            return self._list_arithmetic(name, left, right, node)
        if not (_is_number(left) and _is_number(right)):
            raise self.spans.error(node, NOT_A_DEFAULT)
        return self._arithmetic(name, left, right, node)

    def fold_List(self, node: ast.List | ast.Tuple) -> list:
        return [self.fold(item) for item in node.elts]

    fold_Tuple = fold_List          # a tuple of numbers is a vector too

    def fold_Name(self, node: ast.Name) -> Any:
        self._check_name(node.id, node)
        meaning = self.meaning(node.id)
        if meaning is not None and meaning.kind == "constant" and node.id in self.constants:
            return _fresh(self.constants[node.id])
        if meaning is not None and meaning.kind == "value" and meaning.value is not None:
            return meaning.value
        raise self.spans.error(node, NOT_A_DEFAULT)

    def fold_Attribute(self, node: ast.Attribute) -> Any:
        meaning = self._dotted(node)
        if meaning is not None and meaning.kind == "value" and meaning.value is not None:
            return meaning.value
        raise self.spans.error(node, NOT_A_DEFAULT)

    def fold_Call(self, node: ast.Call) -> Any:
        """``np.array([...])`` and ``np.asarray([...])`` (``dtype=float`` allowed): their list."""
        meaning = self._dotted(node.func) if isinstance(node.func, ast.Attribute) else None
        if isinstance(node.func, ast.Name):
            self._check_name(node.func.id, node.func)
            meaning = self.meaning(node.func.id)
        is_array = meaning is not None and meaning.kind == "function" and meaning.module == "numpy" \
            and meaning.name in ("array", "asarray")
        dtype_ok = all(k.arg == "dtype" and is_float64(k.value, self.meaning) for k in node.keywords)
        if not (is_array and len(node.args) == 1 and dtype_ok):
            raise self.spans.error(node, NOT_A_DEFAULT)
        value = self.fold(node.args[0])
        if not isinstance(value, list):
            raise self.spans.error(node, NOT_A_DEFAULT)
        return value

    def _dotted(self, node: ast.Attribute) -> Meaning | None:
        """What a dotted name of a module means (None: it is no such name)."""
        root, attrs = dotted_name(node)
        for attr in attrs:
            self._check_name(attr, node)
        root_meaning = self.meaning(root.id) if isinstance(root, ast.Name) else None
        if root_meaning is None or root_meaning.kind != "module":
            return None
        return meaning_of_path(root_meaning.module, attrs)

    def _check_name(self, name: str, node: ast.AST) -> None:
        reason = dunder_refusal(name)
        if reason:
            raise self.spans.error(node, reason)

    def _arithmetic(self, name: str, left: Any, right: Any, node: ast.BinOp) -> Any:
        if name == "pow" and _whole(left) and _whole(right) and right > 0 and abs(left) > 1 \
                and right * math.log2(abs(left)) > _MAX_WHOLE_NUMBER_BITS:
            raise self.spans.error(node, "this default is too large a whole number to compute")
        try:
            value = _COMPUTE[name](left, right)
        except ZeroDivisionError:
            raise self.spans.error(node, "this default divides by zero") from None
        except OverflowError:
            value = math.inf
        if isinstance(value, complex):
            raise self.spans.error(node, "complex numbers are not supported")
        if isinstance(value, float) and math.isinf(value):
            raise self.spans.error(node, "this default overflows a float")
        return value

    def _list_arithmetic(self, name: str, left: Any, right: Any, node: ast.BinOp) -> list:
        """``[0.0] * 5``, ``2 * [1.0]`` and ``[1.0] + [2.0]``, as Python builds them (rows copied)."""
        if name == "add" and isinstance(left, list) and isinstance(right, list):
            return _fresh(left) + _fresh(right)
        if name == "mul" and (_whole(left) or _whole(right)):
            items, count = (left, right) if isinstance(left, list) else (right, left)
            if len(items) * max(count, 0) > LIMITS.max_list_length:
                raise self.spans.error(node, f"a default of {len(items) * count:,} elements exceeds "
                                             f"max_list_length ({LIMITS.max_list_length:,})")
            return [_fresh(item) for _ in range(count) for item in items]
        raise self.spans.error(node, NOT_A_DEFAULT)


def default_to_ir(value: Any, pos: Pos) -> Expr:
    """A default as IR, for a call that leaves the parameter out: a Const, or a ListLit of them."""
    if isinstance(value, list):
        return ListLit([default_to_ir(item, pos) for item in value], pos)
    return Const(None if value is NONE_DEFAULT else value, pos)


def _check_shape(value: Any, node: ast.expr, spans: Spans) -> tuple[int, ...]:
    """The shape of a number (``()``) or of a rectangular list; anything else is refused."""
    if _is_number(value):
        return ()
    if not isinstance(value, list):
        raise spans.error(node, NOT_A_DEFAULT)
    if not value:
        raise spans.error(node, "a vector default needs at least one element")
    shapes = {_check_shape(item, node, spans) for item in value}
    if len(shapes) > 1:
        raise spans.error(node, "the rows of a matrix default must all have the same length")
    return (len(value),) + shapes.pop()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, complex)


def _whole(value: Any) -> bool:
    return isinstance(value, int)


def _fresh(value: Any) -> Any:
    """A copy of nested lists: `[[0.0] * 2] * 2` must not give two names to one row."""
    return [_fresh(item) for item in value] if isinstance(value, list) else value
