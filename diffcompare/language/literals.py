"""Literals as Python reads them: numbers (ints stay ints), True/False and None.

A float literal also keeps the decimal it was written as (`Const.exact`), where the float
only approximates it: ``0.1`` runs as the float 0.1000000000000000055... in the float
engines and as 1/10 in the 50-digit reference, so their difference is an error the float
engines make, and the reference shows it.
"""

from __future__ import annotations

import ast
import decimal
import math
from fractions import Fraction

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
    return Const(value, spans.pos(node), written(spans.source(node), value))


#: significant digits of a literal kept exactly: the reference works at 60, so later digits
#: cannot change it (and a literal of 5,000 digits stays a small fraction)
KEPT_DIGITS = 80
#: decimal exponents of the decimals kept; every non-zero float lies within (4.9e-324 .. 1.8e308)
_EXPONENTS = range(-400, 400)


def written(text: str, value) -> Fraction | None:
    """The decimal a float literal's `text` writes, where `value` (its float) is not exactly it;
    None for an int, a float that is the decimal itself (0.5), or text that is not a decimal."""
    if type(value) is not float:
        return None
    try:
        number = decimal.Context(prec=KEPT_DIGITS).create_decimal(text.replace("_", ""))
    except decimal.InvalidOperation:
        return None
    if not number.is_finite() or number.is_zero() or number.adjusted() not in _EXPONENTS:
        return None          # 1e-500 underflows to 0.0: Python reads it so, and so do we
    exact = Fraction(number)
    return None if exact == value else exact


def _shortened(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "..."
