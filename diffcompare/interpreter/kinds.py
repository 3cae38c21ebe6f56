"""What kind of value each expression of a program may hold, found once before a run.

The interpreter's fast paths call an algebra's kernel directly on the operands; that
is right only for numbers. A site whose operands may be whole numbers (loop indices:
``i + 1`` stays an int and is not a primitive call) or lists (``[0.0] * n``,
``xs + ys``) must look at its operands first. This flow-insensitive pass finds those
few sites, so every other one skips the test. It over-approximates: a "may" that is
wrong only costs a type test, never a wrong value.
"""

from __future__ import annotations

from ..primitives import TABLE
from ..language.ir import (Assign, BoolOp, Builtin, Call, Compare, Const, For, Generator, Global, IfExp, Index,
                           Invoke, ListComp, ListLit, Name, Program, Return, Slice, TupleLit, walk)

INT, NUM, SEQ, NONE, ITER, ARR = 1, 2, 4, 8, 16, 32
ANY = INT | NUM | SEQ | NONE | ITER | ARR

#: primitives that keep whole numbers whole (Python's int arithmetic)
INT_PRIMS = frozenset({"add", "sub", "mul", "neg", "floordiv", "mod", "pow", "min", "max", "abs"})
#: primitives that also mean something on lists: concatenation and repetition
SEQ_PRIMS = frozenset({"add", "mul"})
_INT_BUILTINS = frozenset({"len", "int", "round", "floor", "ceil", "trunc", "size", "ndim", "any", "all"})
#: builtins that make a numpy array (constant, or of the engine's numbers)
_ARRAY_BUILTINS = frozenset({"array", "zeros", "ones", "full", "eye", "arange", "linspace", "zeros_like",
                             "ones_like", "full_like", "logical_and", "logical_or", "logical_not"})


class Value:
    """An abstract value: the kinds it may be, and the kinds of its items (for sequences)."""
    __slots__ = ("kinds", "items")

    def __init__(self, kinds: int = 0, items: int = 0):
        self.kinds, self.items = kinds, items

    def join(self, other: "Value") -> bool:
        before = (self.kinds, self.items)
        self.kinds |= other.kinds
        self.items |= other.items
        return (self.kinds, self.items) != before


_UNKNOWN = Value(ANY, ANY)


def of_input(value) -> Value:
    """The abstract value of a concrete input."""
    if type(value) is int or type(value) is bool:
        return Value(INT)
    if isinstance(value, list):
        items = 0
        for item in value:
            items |= of_input(item).kinds
        return Value(SEQ, items)
    return Value(NUM)


class Kinds:
    """Per expression node: the kinds it may hold. ``Kinds(program, inputs)``; ``kinds.of(node)``."""

    def __init__(self, program: Program, inputs: dict | None = None, exact: bool = True):
        self.exact = exact
        self.program = program
        self.vars: dict[tuple[str, str], Value] = {}
        self.returns: dict[str, Value] = {}
        self.memo: dict[int, Value] = {}
        # what `x[i] = v` has stored into any list: lists are shared between names (`w = y`,
        # a helper's parameter, a row of a matrix), so a store through one may show through all
        self.stored = 0
        if not exact:
            return
        self.scope_of: dict[int, str] = {}
        scopes = [("", program.prelude), (program.name, program.body)]
        scopes += [(name, f.body) for name, f in program.helpers.items()]
        for scope, body in scopes:
            for node in walk(body):
                self.scope_of[id(node)] = scope
        for p in program.params:
            given = (inputs or {}).get(p.name, p.default)
            if p.array:
                self.var(program.name, p.name).join(Value(ARR, ANY))
                continue
            self.var(program.name, p.name).join(of_input(given) if given is not None else Value(NUM))
        self._solve(scopes)

    # -- queries

    def of(self, node) -> Value:
        if not self.exact:
            return _UNKNOWN
        found = self.memo.get(id(node))
        return found if found is not None else self._eval(node)

    def may(self, node, kinds: int) -> bool:
        return bool(self.of(node).kinds & kinds)

    def items_of(self, node) -> int:
        """The kinds the items of `node`'s list may hold."""
        return ((self.of(node).items | self.stored) or ANY) if self.exact else ANY

    # -- the fixed point

    def var(self, scope: str, name: str) -> Value:
        key = (scope, name)
        found = self.vars.get(key)
        if found is None:
            found = self.vars[key] = Value()
        return found

    def _solve(self, scopes) -> None:
        statements = [(scope, node) for scope, body in scopes for node in walk(body)
                      if type(node) in (Assign, For, Generator, Return, Invoke)]
        changed = True
        while changed:           # each pass can only add kinds: it ends
            changed = False
            self.memo = {}
            for scope, node in statements:
                changed |= self._flow(scope, node)
        self.memo = {}

    def _flow(self, scope: str, node) -> bool:
        kind = type(node)
        if kind is Assign:
            return self._bind(scope, node.target, node.value, self._eval(node.value))
        if kind in (For, Generator):
            return self._bind_items(scope, node.target, node.iter)
        if kind is Return:
            value = self._eval(node.value) if node.value is not None else Value(NONE)
            return self._returns(scope).join(value)
        # Invoke: each argument flows into the helper's parameter
        helper = self.program.helpers.get(node.func)
        changed = False
        if helper is not None:
            for param, arg in zip(helper.params, node.args):
                changed |= self.var(node.func, param.name).join(self._eval(arg))
        return changed

    def _returns(self, scope: str) -> Value:
        if scope not in self.returns:
            self.returns[scope] = Value()
        return self.returns[scope]

    def _bind(self, scope: str, target, value_node, value: Value) -> bool:
        kind = type(target)
        if kind is Name:
            return self.var(scope, target.id).join(value)
        if kind is Index:                  # x[i] = v: any list may now hold v's kinds
            before = self.stored
            self.stored |= value.kinds
            return self.stored != before
        # a tuple of targets: item by item when the value is a tuple display, else the items' kinds
        changed = False
        if type(value_node) in (TupleLit, ListLit) and len(value_node.items) == len(target.items):
            for t, v in zip(target.items, value_node.items):
                changed |= self._bind(scope, t, v, self._eval(v))
        else:
            for t in target.items:
                changed |= self._bind(scope, t, None, Value(value.items or ANY, ANY))
        return changed

    def _bind_items(self, scope: str, target, iterable) -> bool:
        """`for target in iterable`: enumerate and zip pair their parts position by position."""
        if type(iterable) is Builtin and type(target) is TupleLit:
            parts = None
            if iterable.name == "enumerate" and len(target.items) == 2:
                parts = [Value(INT), self._items(iterable.args[0])]
            elif iterable.name == "zip" and len(target.items) == len(iterable.args):
                parts = [self._items(a) for a in iterable.args]
            if parts is not None:
                changed = False
                for t, v in zip(target.items, parts):
                    changed |= self._bind(scope, t, None, v)
                return changed
        return self._bind(scope, target, None, self._items(iterable))

    def _items(self, node) -> Value:
        """The abstract value of one item of what `node` evaluates to."""
        value = self._eval(node)
        if type(node) is Builtin and node.name == "range":
            return Value(INT)
        if type(node) is Builtin and node.name in ("enumerate", "zip"):
            return Value(SEQ, ANY)
        return Value((value.items | self.stored) or ANY, ANY)

    # -- expressions

    def _eval(self, node) -> Value:
        found = self.memo.get(id(node))
        if found is not None:
            return found
        # iteratively, children first: a 100,000-term sum is a deep tree
        stack = [node]
        while stack:
            top = stack[-1]
            waiting = [c for c in _operands(top) if id(c) not in self.memo]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            if id(top) not in self.memo:
                self.memo[id(top)] = self._rule(top)
        return self.memo[id(node)]

    def _rule(self, node) -> Value:
        kind = type(node)
        memo = self.memo
        if kind is Const:
            v = node.value
            if type(v) is int or type(v) is bool:
                return Value(INT)
            if v is None:
                return Value(NONE)
            if isinstance(v, tuple):
                return Value(SEQ, INT)
            return Value(NUM)
        if kind is Name:
            return self.var(self.scope_of.get(id(node), ""), node.id)
        if kind is Global:
            return self.var("", node.id)
        if kind is Call:
            args = [memo[id(a)] for a in node.args]
            kinds = NUM
            if node.func in INT_PRIMS and all(a.kinds & INT for a in args):
                kinds |= INT
            items = 0
            if node.func in SEQ_PRIMS and any(a.kinds & SEQ for a in args):
                kinds |= SEQ
                items = ANY
            if _structural(node.func) or any(a.kinds & ARR for a in args):
                kinds |= ARR              # a reduction may give a number: NUM stays
                items = ANY
            return Value(kinds, items)
        if kind in (Compare, BoolOp):
            return Value(INT)
        if kind is IfExp:
            v = Value()
            v.join(memo[id(node.body)])
            v.join(memo[id(node.orelse)])
            return v
        if kind in (ListLit, TupleLit):
            items = 0
            for item in node.items:
                items |= memo[id(item)].kinds
            return Value(SEQ, items)
        if kind is ListComp:
            return Value(SEQ, memo[id(node.elt)].kinds if id(node.elt) in memo else ANY)
        if kind is Index:
            target = memo[id(node.target)]
            items = target.items | self.stored
            if target.kinds & ARR:        # an element, a row, a slice, a selection: number or array
                return Value(NUM | ARR | (items if target.kinds & SEQ else 0), ANY)
            if type(node.index) is Slice:
                return Value(SEQ, items or ANY)
            return Value(items or ANY, ANY)
        if kind is Builtin:
            return self._builtin(node)
        if kind is Invoke:
            return self.returns.get(node.func, Value())
        return _UNKNOWN

    def _builtin(self, node: Builtin) -> Value:
        name = node.name
        if name in _INT_BUILTINS:
            return Value(INT)
        if name in ("float", "fsum", "item"):
            return Value(NUM)
        if name in _ARRAY_BUILTINS:
            return Value(ARR, ANY)
        if name == "shape":
            return Value(SEQ, INT)
        if name in ("range", "zip", "enumerate", "reversed"):
            return Value(ITER, INT if name == "range" else ANY)
        if name in ("list", "tuple"):
            return Value(SEQ, self._items(node.args[0]).kinds)
        if name in ("sum", "min", "max"):
            v = Value(self._items(node.args[0]).kinds | NUM | (self._eval(node.args[0]).kinds & ARR))
            if name == "sum":
                v.kinds |= self.memo[id(node.args[1])].kinds
            return v
        return _UNKNOWN


def _structural(name: str) -> bool:
    prim = TABLE.get(name)
    return prim is not None and prim.structural


def _operands(node) -> list:
    """The sub-expressions whose kinds `_rule` reads (not the bodies of comprehensions,
    whose variables are bound by the fixed point)."""
    kind = type(node)
    if kind in (Call, Invoke):
        return node.args
    if kind is Builtin:
        return [a for a in node.args if a is not None]
    if kind is IfExp:
        return [node.body, node.orelse]
    if kind in (ListLit, TupleLit):
        return node.items
    if kind is ListComp:
        return [node.elt]
    if kind is Index:
        return [node.target]
    return []
