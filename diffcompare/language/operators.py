"""Python's operators as the IR spells them, and the ones the language refuses, with why."""

from __future__ import annotations

import ast

#: arithmetic: each is a primitive of the table (`x*y` is ``Call("mul", ...)``)
ARITHMETIC: dict[type, str] = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div",
                               ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.Pow: "pow"}

COMPARISONS: dict[type, str] = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
                                ast.Eq: "==", ast.NotEq: "!="}

REFUSED_OPERATORS: dict[type, str] = {
    ast.BitXor: "'^' is exclusive-or in Python; write ** for a power",
    ast.MatMult: "the operator '@' needs numpy arrays, which are not supported yet",
    ast.BitAnd: "the operator '&' is bitwise, which is not in the language",
    ast.BitOr: "the operator '|' is bitwise, which is not in the language",
    ast.LShift: "the operator '<<' is bitwise, which is not in the language",
    ast.RShift: "the operator '>>' is bitwise, which is not in the language",
    ast.Invert: "the operator '~' is bitwise, which is not in the language",
    ast.Is: "'is' is not allowed: compare numbers with ==",
    ast.IsNot: "'is not' is not allowed: compare numbers with !=",
    ast.In: "'in' is only allowed in a loop or a comprehension, as in 'for v in xs'",
    ast.NotIn: "'not in' is not allowed: the language has no membership test",
}
