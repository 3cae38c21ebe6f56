"""Python expressions to IR: one small method per accepted ast node type.

A node type without a `visit_` method here is refused by type, in the words of `refusals`.
Depth is counted as `nesting` describes: a child reached through `inner` sits one level
deeper; the left operand of a binary operation does not, so that a 100,000-term sum is a
loop here, not a recursion, and stays within the limit.
"""

from __future__ import annotations

import ast
from typing import Callable

from ..limits import LIMITS
from .arguments import Arguments, CallSite
from .calls import CallTranslator
from .ir import (BoolOp, Builtin, Call, Compare, Const, Expr, Generator, Global, IfExp, Index, ListComp, ListLit,
                 Name, Param, Slice, Target, TupleLit)
from .literals import literal
from .methods import ValueAttributes
from .namespace import Scope, dotted_name
from .nesting import Depth
from .numpy_keywords import dtype_refusal, is_float64
from .operators import COMPARISONS, MASK_OPERATORS, REFUSED_OPERATORS, binary
from .refusals import dunder_refusal, reason_for
from .spans import Spans
from .vocabulary import EXACT_CONSTANTS, LOCAL, Meaning, did_you_mean, meaning_of_path, names_in, refused_path


class ExpressionTranslator:
    """Translates the expressions of one body (a def, the file's top level, or inline text).

    `signatures` are the parameters of the file's defs, callable as helpers; None where no
    def may be called (the top level of a file, whose constants are computed before any def)."""

    def __init__(self, spans: Spans, depth: Depth, scope: Scope, signatures: dict[str, list[Param]] | None = None,
                 on_invoke: Callable[[str, ast.Call], None] | None = None):
        self.spans = spans
        self.depth = depth
        self.scope = scope
        self.calls = CallTranslator(self, signatures, on_invoke or (lambda name, node: None))
        self.attributes = ValueAttributes(self)
        self._visitors: dict[type, Callable[[ast.expr], Expr]] = {}

    # --- dispatch ------------------------------------------------------------------------

    def expr(self, node: ast.expr) -> Expr:
        visit = self._visitors.get(type(node))
        if visit is None:
            visit = getattr(self, "visit_" + type(node).__name__, None)
            if visit is None:
                raise self.spans.error(node, reason_for(node))
            self._visitors[type(node)] = visit
        return visit(node)

    def inner(self, node: ast.expr) -> Expr:
        """`node` as a child one level deeper than its parent."""
        self.depth.enter(node)
        try:
            return self.expr(node)
        finally:
            self.depth.leave()

    def iterable(self, node: ast.expr) -> Expr:
        """An argument that Python iterates over: here a generator expression is allowed."""
        if not isinstance(node, ast.GeneratorExp):
            return self.inner(node)
        self.depth.enter(node)
        try:
            return self.comprehension(node)
        finally:
            self.depth.leave()

    def check_name(self, name: str, node: ast.AST) -> None:
        if name[:2] == "__" or name[-2:] == "__":
            raise self.spans.error(node, dunder_refusal(name))

    def site(self, args: Arguments) -> CallSite:
        """What a handler of a call needs to translate `args` here."""
        return CallSite(args, self.spans.pos(args.node), self.inner, self.iterable, self.check_dtype)

    def check_dtype(self, node: ast.expr) -> None:
        """A dtype must mean float64 here (`numpy_keywords`); its name is looked up, never run."""
        if not is_float64(node, lambda name: self.scope.meaning(name, may_be_input=False)):
            raise self.spans.error(node, dtype_refusal(self.spans.source(node)))

    # --- names ---------------------------------------------------------------------------

    def visit_Constant(self, node: ast.Constant) -> Const:
        return literal(node, self.spans)

    def visit_Name(self, node: ast.Name) -> Expr:
        self.check_name(node.id, node)
        meaning = self.scope.meaning(node.id)
        if meaning is LOCAL:                  # the common case first: long sums are made of these
            return Name(node.id, self.spans.pos(node))
        if meaning is None:
            raise self.spans.error(node, self._unknown_name(node.id))
        return self._value(meaning, node.id, node)

    def visit_Attribute(self, node: ast.Attribute) -> Expr:
        if not self.is_module_path(node):
            return self.attributes.attribute(node)          # x.T, x.shape: an attribute of a value
        meaning, display, holder = self.dotted(node)
        if meaning is None:
            offered = names_in(holder) if holder else []
            raise self.spans.error(node, f"unknown name '{display}'{did_you_mean(node.attr, offered, _prefix(display))}")
        return self._value(meaning, display, node)

    def is_module_path(self, node: ast.Attribute) -> bool:
        """Is `node` a name inside a module (``np.linalg.norm``), rather than an attribute of a
        value (``x.T``, ``(a + b).sum``)? Dunder names anywhere in it are refused first."""
        root, attrs = dotted_name(node)
        for attr in attrs:
            self.check_name(attr, node)
        if not isinstance(root, ast.Name):
            return False
        self.check_name(root.id, root)
        meaning = self.scope.meaning(root.id, may_be_input=False)
        return meaning is not None and meaning.kind == "module"

    def dotted(self, node: ast.Attribute) -> tuple[Meaning | None, str, str]:
        """What a dotted name of a module means (None: nothing), the name as written, and the
        module holding its last part ("" if that is no module). A name numpy has but the
        language refuses (np.empty, np.random.rand) is refused here, with why."""
        module, attrs, display = self.module_of(node)
        reason = refused_path(module, attrs)
        if reason:
            raise self.spans.error(node, reason)
        holder = meaning_of_path(module, attrs[:-1])
        holder_module = holder.module if holder is not None and holder.kind == "module" else ""
        if module.startswith("numpy") or holder_module.startswith("numpy"):
            self.scope.namespace.uses_numpy = True           # for which parameters are arrays
        return meaning_of_path(module, attrs), display, holder_module

    def module_of(self, node: ast.Attribute) -> tuple[str, list[str], str]:
        """The module a dotted name starts from, its attributes, and the name as written
        (`node` is a module path: `is_module_path`)."""
        root, attrs = dotted_name(node)
        assert isinstance(root, ast.Name)
        meaning = self.scope.meaning(root.id, may_be_input=False)
        return meaning.module, attrs, ".".join([root.id] + attrs)

    def _value(self, meaning: Meaning, display: str, node: ast.expr) -> Expr:
        pos = self.spans.pos(node)
        if meaning.kind == "local":
            return Name(display, pos)
        if meaning.kind == "constant":
            return Global(display, pos)
        if meaning.kind == "value":
            return Const(meaning.value, pos, meaning.name if meaning.name in EXACT_CONSTANTS else None)
        if meaning.kind == "module":
            raise self.spans.error(node, f"'{display}' is a module: use one of its functions, as in {display}.sin(x)")
        raise self.spans.error(node, f"'{display}' is a function: call it, as in {display}(x)")

    def _unknown_name(self, name: str) -> str:
        suggestion = did_you_mean(name, self.scope.variables())
        if self.scope.module_level:
            return (f"'{name}' is not defined above this line: a module constant may use only numbers, "
                    f"imports and earlier constants{suggestion}")
        return f"'{name}' is neither an input nor assigned before use{suggestion}"

    # --- operators -----------------------------------------------------------------------

    def visit_BinOp(self, node: ast.BinOp) -> Expr:
        """Left-nested chains (``a + b - c * d ...``) are walked in a loop, not recursively."""
        chain = []
        while isinstance(node, ast.BinOp):
            chain.append(node)
            node = node.left
        result = self.expr(node)
        for binop in reversed(chain):
            if type(binop.op) in REFUSED_OPERATORS:
                raise self.spans.error_after(binop.left, REFUSED_OPERATORS[type(binop.op)])
            operator_pos = self.spans.token_start(binop.left)
            result = binary(binop.op, result, self.inner(binop.right), operator_pos)
        return result

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Expr:
        pos = self.spans.pos(node)
        if isinstance(node.op, ast.Invert):            # ~mask, as numpy code negates a mask
            return Builtin(MASK_OPERATORS[ast.Invert], [self.inner(node.operand)], pos)
        if isinstance(node.op, ast.USub) and _is_number_literal(node.operand):
            # -1 is a negative number, as CPython's compiler folds it, not a negation to run
            number = literal(node.operand, self.spans)
            return Const(-number.value, pos, None if number.exact is None else -number.exact)
        operand = self.inner(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.Not):
            return BoolOp("not", [operand], pos)
        return Call("neg", [operand], pos)

    def visit_BoolOp(self, node: ast.BoolOp) -> BoolOp:
        first, *rest = node.values
        operands = [self.expr(first)] + [self.inner(value) for value in rest]
        return BoolOp("and" if isinstance(node.op, ast.And) else "or", operands, self.spans.token_start(first))

    def visit_Compare(self, node: ast.Compare) -> Compare:
        operands = [node.left] + node.comparators
        for left, op in zip(operands, node.ops):
            if type(op) not in COMPARISONS:
                raise self.spans.error_after(left, REFUSED_OPERATORS[type(op)])
        translated = [self.expr(node.left)] + [self.inner(c) for c in node.comparators]
        return Compare([COMPARISONS[type(op)] for op in node.ops], translated, self.spans.token_start(node.left))

    def visit_IfExp(self, node: ast.IfExp) -> IfExp:
        body = self.inner(node.body)          # in the order written, so errors come in that order
        test = self.inner(node.test)
        return IfExp(test, body, self.inner(node.orelse), self.spans.pos(node))

    # --- calls, displays, comprehensions, indexing -------------------------------------------

    def visit_Call(self, node: ast.Call) -> Expr:
        return self.calls.call(node)

    def visit_List(self, node: ast.List) -> ListLit:
        if len(node.elts) > LIMITS.max_list_length:
            raise self.spans.error(node, f"a list of {len(node.elts):,} elements exceeds max_list_length "
                                         f"({LIMITS.max_list_length:,}, DIFFCOMPARE_MAX_LIST_LENGTH)")
        return ListLit([self.inner(item) for item in node.elts], self.spans.pos(node))

    def visit_Tuple(self, node: ast.Tuple) -> TupleLit:
        return TupleLit([self.inner(item) for item in node.elts], self.spans.pos(node))

    def visit_ListComp(self, node: ast.ListComp) -> ListComp:
        return self.comprehension(node)

    def comprehension(self, node: ast.ListComp | ast.GeneratorExp) -> ListComp:
        """The loop variables belong to the comprehension (Python 3); the first iterable is
        read outside them, each later clause sees the variables of the clauses before it."""
        self.scope.enter_comprehension()
        try:
            generators, previous = [], node.elt
            for clause in node.generators:
                if clause.is_async:
                    raise self.spans.error(clause.iter, reason_for(ast.AsyncFor()))
                pos = self.spans.token_start(previous)
                iterable = self.inner(clause.iter)
                target = self.loop_target(clause.target, bind=self.scope.bind_comprehension)
                ifs = [self.inner(test) for test in clause.ifs]
                generators.append(Generator(target, iterable, ifs, pos))
                previous = clause.ifs[-1] if clause.ifs else clause.iter
            return ListComp(self.inner(node.elt), generators, self.spans.pos(node))
        finally:
            self.scope.leave_comprehension()

    def visit_Subscript(self, node: ast.Subscript) -> Index:
        return Index(self.expr(node.value), self.index(node.slice), self.spans.token_start(node.value))

    def index(self, node: ast.expr) -> Expr:
        """What goes between brackets: an expression, a slice, or a tuple of those (`x[i, j]`,
        `x[:, None]`); `...` (Ellipsis) is a value only here, where numpy reads it."""
        if isinstance(node, ast.Tuple):
            return TupleLit([self.index(item) for item in node.elts], self.spans.pos(node))
        if isinstance(node, ast.Constant) and node.value is Ellipsis:
            return Const(Ellipsis, self.spans.pos(node))
        return self.inner(node)

    def visit_Slice(self, node: ast.Slice) -> Slice:
        parts = [self.inner(part) if part is not None else None for part in (node.lower, node.upper, node.step)]
        return Slice(*parts, pos=self.spans.pos(node))

    # --- what can be assigned ------------------------------------------------------------

    def target(self, node: ast.expr) -> Target:
        """The target of an assignment: a name, an element or slice of a variable (`x[i][j]`,
        `x[1:]`), or a tuple or list of targets."""
        if isinstance(node, ast.Name):
            self.check_name(node.id, node)
            return Name(node.id, self.spans.pos(node))
        if isinstance(node, (ast.Tuple, ast.List)):
            return TupleLit([self.target(item) for item in node.elts], self.spans.pos(node))
        if isinstance(node, ast.Subscript):
            return Index(self._element_owner(node.value), self.index(node.slice), self.spans.token_start(node.value))
        if isinstance(node, ast.Attribute):
            if self.is_module_path(node):
                raise self.spans.error(node, "a module's names cannot be assigned")
            raise self.spans.error(node, f"'{self.spans.source(node)}' cannot be assigned: only a variable "
                                         f"or its elements can be")
        raise self.spans.error(node, reason_for(node))

    def _element_owner(self, node: ast.expr) -> Expr:
        """The variable whose element is assigned: a local, or an element of one."""
        if isinstance(node, ast.Subscript):
            return Index(self._element_owner(node.value), self.index(node.slice), self.spans.token_start(node.value))
        if not isinstance(node, ast.Name):
            raise self.spans.error(node, "only a variable or its elements can be assigned")
        owner = self.visit_Name(node)
        if isinstance(owner, Global):
            raise self.spans.error(node, f"'{node.id}' is a module constant, which a def may not change: "
                                         f"copy it into a variable first")
        if not isinstance(owner, Name):
            raise self.spans.error(node, "only a variable or its elements can be assigned")
        return owner

    def loop_target(self, node: ast.expr, bind: Callable[[str], None] | None = None) -> Target:
        """The variable(s) of a for loop or a comprehension: a name or a tuple of names."""
        if isinstance(node, ast.Name):
            self.check_name(node.id, node)
            if bind is not None:
                bind(node.id)
            return Name(node.id, self.spans.pos(node))
        if isinstance(node, (ast.Tuple, ast.List)):
            return TupleLit([self.loop_target(item, bind) for item in node.elts], self.spans.pos(node))
        raise self.spans.error(node, "a loop variable must be a name or a tuple of names")


def _is_number_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _prefix(display: str) -> str:
    return display[:display.rfind(".") + 1]
