"""Inline text (``"x^2*y + y + 2"``) to a `Program`: one expression, several outputs separated
by top-level commas; every free name is an input, defaulting to 1.0."""

from __future__ import annotations

import ast

from .array_params import decide_array_params
from .expressions import ExpressionTranslator
from .ir import Param, Program, Return
from .namespace import Namespace, Scope
from .nesting import Depth
from .refusals import reason_for
from .spans import Spans

EMPTY = "empty input: give an expression such as 'x^2*y + y + 2'"
ASSIGNMENT = "assignments need a def: write the function as 'def f(x): ...' in a file"


def translate_inline(tree: ast.Module, spans: Spans) -> Program:
    if not tree.body:
        raise spans.error_span((1, 1), (0, 0), EMPTY)
    first = tree.body[0]
    if not isinstance(first, ast.Expr):
        raise _statement_refusal(first, spans)
    if len(tree.body) > 1:
        raise spans.error(tree.body[1], "an inline expression is one expression: separate several outputs with commas")
    scope = Scope(Namespace(), inline=True)
    value = ExpressionTranslator(spans, Depth(spans), scope).expr(first.value)
    inputs = sorted(scope.inputs)
    program = Program(name="f", params=[Param(name, 1.0) for name in inputs], body=[Return(value, spans.pos(first))],
                      source=spans.text, inline=True, origin="inline", defaulted=inputs)
    decide_array_params(program, scope.namespace.uses_numpy)      # a vector given by --at may be an array
    return program


def _statement_refusal(node: ast.stmt, spans: Spans) -> Exception:
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        return spans.error_after(target, ASSIGNMENT)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return spans.error(node, "imports are not allowed in an inline expression: np, numpy and math need none")
    reason = reason_for(node)
    if reason.startswith("this Python construct"):
        reason = "an inline expression is one expression: statements need a def in a file"
    return spans.error(node, reason)
