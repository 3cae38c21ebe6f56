"""Python's operators as the IR spells them, and the ones the language refuses, with why."""

from __future__ import annotations

import ast

from . import primitives_api
from .ir import Builtin, Call, Expr, Pos

#: arithmetic: each is a primitive of the table (`x*y` is ``Call("mul", ...)``)
ARITHMETIC: dict[type, str] = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div",
                               ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.Pow: "pow"}

#: `a @ b` is numpy's matmul, a primitive of the table (looked up by spelling: the table names it)
MATMUL = primitives_api.lookup("numpy", "matmul").name

#: numpy code combines masks with & | ~ (`(x > 0) & (x < 1)`), which numpy computes as these
#: logical operations on booleans: the interpreter's, as `and`/`or`/`not` are
MASK_OPERATORS: dict[type, str] = {ast.BitAnd: "logical_and", ast.BitOr: "logical_or", ast.Invert: "logical_not"}

COMPARISONS: dict[type, str] = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
                                ast.Eq: "==", ast.NotEq: "!="}

REFUSED_OPERATORS: dict[type, str] = {
    ast.BitXor: "'^' is exclusive-or in Python; write ** for a power",
    ast.LShift: "the operator '<<' is bitwise, which is not in the language",
    ast.RShift: "the operator '>>' is bitwise, which is not in the language",
    ast.Is: "'is' is not allowed: compare numbers with ==",
    ast.IsNot: "'is not' is not allowed: compare numbers with !=",
    ast.In: "'in' is only allowed in a loop or a comprehension, as in 'for v in xs'",
    ast.NotIn: "'not in' is not allowed: the language has no membership test",
}


def binary(op: ast.operator, left: Expr, right: Expr, pos: Pos) -> Expr | None:
    """``left op right`` as IR (for binary operations and augmented assignments alike); None
    for an operator the language refuses (its words are in REFUSED_OPERATORS)."""
    kind = type(op)
    if kind in ARITHMETIC:
        return Call(ARITHMETIC[kind], [left, right], pos)
    if kind is ast.MatMult:
        return Call(MATMUL, [left, right], pos)
    if kind in MASK_OPERATORS:
        return Builtin(MASK_OPERATORS[kind], [left, right], pos)
    return None
