"""Literals as Python reads them: numbers (ints stay ints), True/False and None."""

from __future__ import annotations

import ast
import math

from .ir import Const
from .refusals import constant_refusal
from .spans import Spans


def literal(node: ast.Constant, spans: Spans) -> Const:
    """The `Const` of a literal, or a ParseError for one that is not a value of the language."""
    value = node.value
    reason = constant_refusal(value)
    if reason:
        raise spans.error(node, reason)
    if isinstance(value, float) and math.isinf(value):
        # Python reads 1e999 as inf without a word; a user who wrote it meant a number
        raise spans.error(node, f"the number {_shortened(spans.source(node))} is too large for a float "
                                f"(the largest is about 1.8e308)")
    return Const(value, spans.pos(node))


def _shortened(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "..."
