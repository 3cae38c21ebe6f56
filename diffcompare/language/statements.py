"""A def's statements to IR: one small method per accepted ast statement type.

A statement type without a `visit_` method here (try, with, import inside a def, a nested
def, ...) is refused by type in the words of `refusals`. Each block is one level deeper.
"""

from __future__ import annotations

import ast
import builtins

from .expressions import ExpressionTranslator
from .ir import Assign, Break, Continue, ExprStmt, Fail, For, If, Return, Stmt, While
from .operators import REFUSED_OPERATORS, binary
from .refusals import reason_for


class StatementTranslator:
    """Translates the statements of one def, with `exprs` for the expressions in them."""

    def __init__(self, exprs: ExpressionTranslator):
        self.exprs = exprs
        self.spans = exprs.spans
        self.loops = 0                  # loops around the statement: break and continue need one

    def block(self, body: list[ast.stmt]) -> list[Stmt]:
        """The statements of one block, one level deeper than the statement that holds them."""
        self.exprs.depth.enter(body[0])
        try:
            return [stmt for stmt in map(self.statement, body) if stmt is not None]
        finally:
            self.exprs.depth.leave()

    def statement(self, node: ast.stmt) -> Stmt | None:
        """One statement's IR; None for one that does nothing (pass, a docstring)."""
        visit = getattr(self, "visit_" + type(node).__name__, None)
        if visit is None:
            raise self.spans.error(node, reason_for(node))
        return visit(node)

    # --- assignments -------------------------------------------------------------------

    def visit_Assign(self, node: ast.Assign) -> Assign:
        if len(node.targets) > 1:
            raise self.spans.error(node, "chained assignment a = b = ... is not supported: assign one at a time")
        target = self.exprs.target(node.targets[0])
        return Assign(target, self.exprs.expr(node.value), self.spans.pos(node))

    def visit_AugAssign(self, node: ast.AugAssign) -> Assign:
        """``x op= v`` is ``x = x op v``; ``x[i] op= v`` is ``x[i] = x[i] op v`` (``@=`` too)."""
        if type(node.op) in REFUSED_OPERATORS:
            raise self.spans.error_after(node.target, REFUSED_OPERATORS[type(node.op)])
        target = self.exprs.target(node.target)
        current = self.exprs.target(node.target)     # the same place, read: a node of its own
        value = self.exprs.inner(node.value)
        operator_pos = self.spans.token_start(node.target)
        return Assign(target, binary(node.op, current, value, operator_pos), self.spans.pos(node))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> Assign | None:
        """The annotation is ignored; ``x: float`` alone does nothing."""
        if node.value is None:
            return None
        target = self.exprs.target(node.target)
        return Assign(target, self.exprs.expr(node.value), self.spans.pos(node))

    # --- control flow ------------------------------------------------------------------

    def visit_For(self, node: ast.For) -> For:
        if node.orelse:
            raise self.spans.error_after(node.body[-1], "for…else is not supported")
        target = self.exprs.loop_target(node.target)
        iterable = self.exprs.expr(node.iter)
        return For(target, iterable, self._loop_body(node.body), self.spans.pos(node))

    def visit_While(self, node: ast.While) -> While:
        if node.orelse:
            raise self.spans.error_after(node.body[-1], "while…else is not supported")
        test = self.exprs.expr(node.test)
        return While(test, self._loop_body(node.body), self.spans.pos(node))

    def _loop_body(self, body: list[ast.stmt]) -> list[Stmt]:
        self.loops += 1
        try:
            return self.block(body)
        finally:
            self.loops -= 1

    def visit_If(self, node: ast.If) -> If:
        test = self.exprs.expr(node.test)
        body = self.block(node.body)
        if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
            # an elif chain is flat in the text: no deeper for each elif
            orelse = [self.visit_If(node.orelse[0])]
        else:
            orelse = self.block(node.orelse) if node.orelse else []
        return If(test, body, orelse, self.spans.pos(node))

    def visit_Return(self, node: ast.Return) -> Return:
        value = self.exprs.expr(node.value) if node.value is not None else None
        return Return(value, self.spans.pos(node))

    def visit_Break(self, node: ast.Break) -> Break:
        self._inside_loop(node, "break")
        return Break(self.spans.pos(node))

    def visit_Continue(self, node: ast.Continue) -> Continue:
        self._inside_loop(node, "continue")
        return Continue(self.spans.pos(node))

    def _inside_loop(self, node: ast.stmt, word: str) -> None:
        # CPython's compiler, not its parser, refuses these: ast.parse lets them through
        if not self.loops:
            raise self.spans.error(node, f"'{word}' outside a loop")

    def visit_Pass(self, node: ast.Pass) -> None:
        return None

    def visit_Expr(self, node: ast.Expr) -> ExprStmt | None:
        """Docstrings, other bare strings and `...` do nothing; another expression is evaluated."""
        if isinstance(node.value, ast.Constant) and (isinstance(node.value.value, str) or node.value.value is Ellipsis):
            return None
        return ExprStmt(self.exprs.expr(node.value), self.spans.pos(node))

    # --- checks ------------------------------------------------------------------------

    def visit_Assert(self, node: ast.Assert) -> Fail:
        test = self.exprs.expr(node.test)
        reason = self._message(node.msg) if node.msg is not None else f"assertion failed: {self.spans.source(node.test)}"
        return Fail(reason, test, self.spans.pos(node))

    def visit_Raise(self, node: ast.Raise) -> Fail:
        """``raise ValueError("why")`` fails with "ValueError: why"; the cause (`from`) is only
        about tracebacks and is ignored."""
        if node.exc is None:
            raise self.spans.error(node, "a bare 'raise' re-raises an exception, and nothing here catches one")
        call = node.exc if isinstance(node.exc, ast.Call) else None
        name = call.func if call is not None else node.exc
        if not (isinstance(name, ast.Name) and _is_exception(name.id)):
            raise self.spans.error(node.exc, "raise needs one of Python's exceptions, as in raise ValueError('why')")
        if call is not None and (call.keywords or len(call.args) > 1):
            raise self.spans.error(call, f"{name.id}(...) takes one message here")
        message = self._message(call.args[0]) if call is not None and call.args else ""
        return Fail(f"{name.id}: {message}" if message else name.id, None, self.spans.pos(node))

    def _message(self, node: ast.expr) -> str:
        """A message as written: a string's text, or else the expression's source (never run)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return self.spans.source(node)


def _is_exception(name: str) -> bool:
    found = getattr(builtins, name, None)
    return isinstance(found, type) and issubclass(found, BaseException)
