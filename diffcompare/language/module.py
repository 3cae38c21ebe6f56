"""A file's top level to a `Program`: imports, constants and defs; nothing at the top is run.

The top level may hold a docstring, imports (declarations, `imports`), constants
(``NAME = value``, computed before the function runs: `Program.prelude`), defs, and
``if __name__ == "__main__":`` (ignored: it is how a script calls its function). Every def is
translated, so an error anywhere in the file is reported; then the function is chosen
(`callgraph`) and the defs it calls become its helpers.
"""

from __future__ import annotations

import ast
from typing import Any

from ..errors import ParseError
from .array_params import decide_array_params
from .callgraph import Calls, check_recursion, choose, reachable
from .defaults import NOT_A_DEFAULT, DefaultFolder
from .expressions import ExpressionTranslator
from .imports import ImportTranslator
from .ir import Assign, Function, Param, Program, Stmt
from .namespace import Namespace, Scope, assigned_names
from .nesting import Depth
from .refusals import dunder_refusal, reason_for
from .spans import Spans
from .statements import StatementTranslator
from .vocabulary import MODULE_CONSTANT, Meaning

TOP_LEVEL_CODE = ("top-level code is not run: only imports, defs and constants (NAME = value) "
                  "may sit outside a def")


class ModuleTranslator:
    """Translates one file; `program()` gives the chosen def as a Program."""

    def __init__(self, spans: Spans, origin: str):
        self.spans = spans
        self.origin = origin
        self.namespace = Namespace()
        self.depth = Depth(spans)
        self.imports = ImportTranslator(spans, self.namespace)
        self.top = ExpressionTranslator(spans, self.depth, Scope(self.namespace, module_level=True))
        self.folder = DefaultFolder(spans, self.namespace.meaning, {})
        self.prelude: list[Stmt] = []
        self.defs: dict[str, ast.FunctionDef] = {}
        self.signatures: dict[str, list[Param]] = {}
        self.calls: Calls = {}
        self.first_bound: dict[str, int] = {}        # top-level name -> the line binding it first

    def program(self, tree: ast.Module, function: str | None) -> Program:
        for node in tree.body:
            visit = getattr(self, "visit_" + type(node).__name__, None)
            if visit is None:
                specific = isinstance(node, (ast.ClassDef, ast.AsyncFunctionDef))    # not code, but not in the language
                raise self.spans.error(node, reason_for(node) if specific else TOP_LEVEL_CODE)
            visit(node)
        functions = {name: self._function(node) for name, node in self.defs.items()}
        name = choose(self.defs, self.calls, function, self._where(), self.spans)
        check_recursion(name, self.calls, self.spans)
        self._check_returns(self.defs[name])
        self._check_point(self.defs[name])
        main = functions[name]
        program = Program(name=name, params=[Param(p.name, 1.0 if p.default is None else p.default)
                                             for p in main.params],
                          body=main.body, source=self.spans.text, doc=main.doc, origin=self.origin,
                          defaulted=[p.name for p in main.params if p.default is None],
                          helpers={helper: functions[helper] for helper in reachable(name, self.calls)},
                          prelude=self.prelude)
        decide_array_params(program, self.namespace.uses_numpy)
        return program

    # --- the top level ---------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        self.imports.visit_Import(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imports.visit_ImportFrom(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        """The module docstring, and other bare strings, say nothing to run."""
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            raise self.spans.error(node, TOP_LEVEL_CODE)

    def visit_Pass(self, node: ast.Pass) -> None:
        return None

    def visit_If(self, node: ast.If) -> None:
        """``if __name__ == "__main__":`` is how a script runs itself: never run here."""
        if not (_is_main_guard(node.test) and not node.orelse):
            raise self.spans.error(node, TOP_LEVEL_CODE)

    def visit_Assign(self, node: ast.Assign) -> None:
        if len(node.targets) > 1:
            raise self.spans.error(node, "chained assignment a = b = ... is not supported: assign one at a time")
        self._constant(node.targets[0], node.value, node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:           # `N: int` alone binds nothing
            self._constant(node.target, node.value, node)

    def _constant(self, target: ast.expr, value: ast.expr, node: ast.stmt) -> None:
        """``NAME = value`` (or ``A, B = ...``): a module constant, computed in the prelude."""
        names = _constant_names(target)
        if names is None:
            raise self.spans.error(node, TOP_LEVEL_CODE)
        translated = self.top.expr(value)     # before the names exist: `N = N + 1` reads an earlier N
        assigned = self.top.target(target)
        for name, name_node in names:
            self._bind(name, name_node)
            self.namespace.define(name, MODULE_CONSTANT)
        self.prelude.append(Assign(assigned, translated, self.spans.pos(node)))
        self._remember_value(target, value)

    def _remember_value(self, target: ast.expr, value: ast.expr) -> None:
        """Keep a constant's value, when it is one, for defaults that name it."""
        try:
            folded = self.folder.fold(value)
        except ParseError:
            folded = None
        _store(target, folded, self.folder.constants)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """Read the def's signature now (its defaults are computed where the def stands);
        its body is translated once every top-level name is known."""
        if node.decorator_list:
            raise self.spans.error(node.decorator_list[0], "decorators are not allowed")
        start, end = self.spans.def_name(node)
        reason = dunder_refusal(node.name)
        if reason:
            raise self.spans.error_span(start, end, reason)
        self._bind(node.name, node)
        self.signatures[node.name] = self._parameters(node.args)
        self.namespace.define(node.name, Meaning("def", name=node.name))
        self.defs[node.name] = node

    def _bind(self, name: str, node: ast.AST) -> None:
        """A def's name is its own: Python would let a later binding replace it silently."""
        first = self.first_bound.setdefault(name, node.lineno)
        if (name in self.defs or isinstance(node, ast.FunctionDef)) and first != node.lineno:
            where = self.spans.def_name(node) if isinstance(node, ast.FunctionDef) else (self.spans.pos(node),
                                                                                        self.spans.end(node))
            raise self.spans.error_span(*where, f"'{name}' is defined twice at the top of the file "
                                                f"(first on line {first}); give one of them another name")

    # --- defs ----------------------------------------------------------------------------

    def _parameters(self, args: ast.arguments) -> list[Param]:
        """Plain parameters, each with its default computed now (None: no default)."""
        for group, reason in ((args.posonlyargs, "positional-only parameters (before /) are not supported"),
                              (args.kwonlyargs, "keyword-only parameters (after a bare *) are not supported"),
                              ([args.vararg, args.kwarg], "*args and **kwargs are not allowed")):
            given = [arg for arg in group if arg is not None]
            if given:
                raise self.spans.error(given[0], reason)
        params: list[Param] = []
        defaults: list[ast.expr | None] = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
        for arg, default in zip(args.args, defaults):
            reason = dunder_refusal(arg.arg)
            if reason:
                raise self.spans.error(arg, reason)
            if any(p.name == arg.arg for p in params):
                raise self.spans.error(arg, f"parameter '{arg.arg}' appears twice")
            params.append(Param(arg.arg, self.folder.default(default) if default is not None else None))
        return params

    def _function(self, node: ast.FunctionDef) -> Function:
        params = self.signatures[node.name]
        scope = Scope(self.namespace, {p.name for p in params} | assigned_names(node.body))
        made = self.calls.setdefault(node.name, [])
        exprs = ExpressionTranslator(self.spans, self.depth, scope, self.signatures,
                                     on_invoke=lambda callee, call: made.append((callee, call)))
        body = StatementTranslator(exprs).block(node.body)
        return Function(node.name, params, body, ast.get_docstring(node) or "", self.spans.def_name(node)[0])

    def _check_returns(self, node: ast.FunctionDef) -> None:
        if not any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(node)):
            raise self.spans.error_span(*self.spans.def_name(node), f"'{node.name}' never returns a value")

    def _check_point(self, node: ast.FunctionDef) -> None:
        """The def differentiated takes numbers: a default of None suits only a helper."""
        for default in node.args.defaults:
            if isinstance(default, ast.Constant) and default.value is None:
                raise self.spans.error(default, NOT_A_DEFAULT)

    def _where(self) -> str:
        return self.origin if self.origin not in ("", "bundled", "inline") else "this file"


def _is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"``, either way round."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return (any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
            and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides))


def _constant_names(target: ast.expr) -> list[tuple[str, ast.expr]] | None:
    """The names a top-level assignment binds, or None if it assigns anything but names."""
    if isinstance(target, ast.Name):
        return [(target.id, target)]
    if isinstance(target, (ast.Tuple, ast.List)):
        names = [_constant_names(item) for item in target.elts]
        return None if any(n is None for n in names) else [pair for n in names for pair in n]
    return None


def _store(target: ast.expr, value: Any, values: dict[str, Any]) -> None:
    """Record the value each name of `target` gets (None: unknown, then forgotten)."""
    if isinstance(target, ast.Name):
        if value is None:
            values.pop(target.id, None)
        else:
            values[target.id] = value
        return
    items = value if isinstance(value, list) and len(value) == len(target.elts) else [None] * len(target.elts)
    for item_target, item in zip(target.elts, items):
        _store(item_target, item, values)
