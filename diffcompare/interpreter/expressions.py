"""Lowering expressions: one closure per IR expression node.

Primitive calls are the hot path: `site1`/`site2` read leaf operands straight from the
environment and call the run's kernel (`K[j]`) in place, counting the call in
`counts[j]`. Operands that may be whole numbers or lists go through `checked`; a long
left-leaning chain (a + b + c ...) runs as a loop (`chain`), never as deep recursion.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from ..errors import EvaluationError
from ..language.ir import (BoolOp, Builtin, Call, Compare, Const, Global, IfExp, Index, Invoke, ListComp, ListLit,
                           Name, Slice, TupleLit)
from . import values as V
from .algebra import COMPARISONS
from .builtins import BUILTINS
from .arrays import compare as array_compare
from .arrays import read, rows
from .kinds import ARR, SEQ
from .runtime import located, locating, names_of

CHAIN = 24          # a left-leaning run of binary calls this long becomes a loop

# caught on the float fast path: anything unusual is re-run through the algebra's `call`,
# which raises the exact error (a domain error, an overflow) or handles lists
FAST_FAIL = (ValueError, ZeroDivisionError, OverflowError, TypeError)
_INF = math.inf
_NINF = -math.inf


class ExpressionLowering:
    """The expression half of `lower.Lowered` (which provides slots, kernels and keys)."""

    def expr(self, node) -> Callable:
        kind = type(node)
        if kind is Call:
            return self.call(node)
        if kind is Name:
            return self.name(node)
        if kind is Const:
            value = self.const(node)
            return lambda env: value
        return getattr(self, "expr_" + kind.__name__)(node)

    def name(self, node: Name) -> Callable:
        key, pos = node.id, node.pos

        def load(env):
            try:
                return env[key]
            except KeyError as exc:
                raise located(exc, pos) from None
        return load

    def expr_Global(self, node: Global) -> Callable:
        G, key = self.globals, node.id
        return lambda env: G[key]

    def call(self, node: Call) -> Callable:
        if len(node.args) == 2 and _spine(node) >= CHAIN:
            return self.chain(node)
        j = self.slot(node.func)
        self.bounds[-1] += 1
        if self.prims[j].structural or any(self.kinds.may(a, ARR) for a in node.args):
            return self.array_site(node, j)
        if self.checks(node.func, node.args):
            return self.checked_site(node, j)
        if len(node.args) == 2:
            return self.site2(node, j)
        if len(node.args) == 1:
            return self.site1(node, j)
        getters = [self.getter(a) for a in node.args]
        apply = self.apply(j)

        @locating(node.pos, names_of(node.args))
        def site(env):
            return apply(*[g(env) for g in getters])
        return site

    def site1(self, node: Call, j: int) -> Callable:
        K, counts, run, floats, pos = self.K, self.counts, self.run, self.floats, node.pos
        (arg,) = node.args
        names = names_of(node.args)
        # a variable or constant operand is a dictionary read instead of a call: most
        # operands of real programs are leaves
        ka = self.key(arg)
        ga = self.expr(arg) if ka is None else None

        def site(env):
            try:
                x = env[ka] if ga is None else ga(env)
                counts[j] += 1
                if not floats:
                    return K[j](x)
                try:
                    r = K[j](x)
                    if _NINF < r < _INF:
                        return r
                except FAST_FAIL:
                    pass
                return run.call(j, (x,))
            except Exception as exc:
                raise located(exc, pos, names) from None
        return site

    def site2(self, node: Call, j: int) -> Callable:
        K, counts, run, floats, pos = self.K, self.counts, self.run, self.floats, node.pos
        a, b = node.args
        names = names_of(node.args)
        ka, kb = self.key(a), self.key(b)
        ga = self.expr(a) if ka is None else None
        gb = self.expr(b) if kb is None else None

        def site(env):
            try:
                x = env[ka] if ga is None else ga(env)
                y = env[kb] if gb is None else gb(env)
                counts[j] += 1
                if not floats:
                    return K[j](x, y)
                try:
                    r = K[j](x, y)
                    if _NINF < r < _INF:
                        return r
                except FAST_FAIL:
                    pass
                return run.call(j, (x, y))
            except Exception as exc:
                raise located(exc, pos, names) from None
        return site

    def checked_site(self, node: Call, j: int) -> Callable:
        call, pos, names = self.checked(node.func, j), node.pos, names_of(node.args)
        if len(node.args) == 2:
            ga, gb = (self.getter(a) for a in node.args)
            op, limit, apply = V.PLAIN_INT_OPS.get(node.func), V.INT_LIMIT, self.apply(j)
            lists = self.kinds.may(node.args[0], SEQ) or self.kinds.may(node.args[1], SEQ)

            def site2(env):
                try:
                    x = ga(env)
                    y = gb(env)
                    if type(x) is int and type(y) is int:
                        if op is not None:
                            r = op(x, y)          # i + 1: index arithmetic, in line
                            if -limit <= r <= limit:
                                return r
                        return call(x, y)
                    if lists:
                        return call(x, y)
                    return apply(x, y)
                except Exception as exc:
                    raise located(exc, pos, names) from None
            return site2
        getters = [self.getter(a) for a in node.args]

        @locating(pos, names)
        def site(env):
            return call(*[g(env) for g in getters])
        return site

    def chain(self, node: Call) -> Callable:
        """A long left-leaning run such as a + b + c + ...: evaluated by a loop, bottom up,
        in the same order (left operand, right operand, call) as the nested calls would be."""
        spine = []
        while type(node) is Call and len(node.args) == 2:
            spine.append(node)
            node = node.args[0]
        base, base_names, first = self.getter(node), names_of([node]), spine[-1].pos
        steps = []
        for call in reversed(spine):
            right = call.args[1]
            j = self.slot(call.func)
            self.bounds[-1] += 1
            operands = [call.args[0], right]
            apply = self.maybe_array(call.func, j, operands) if any(self.kinds.may(a, ARR) for a in operands) \
                else self.checked(call.func, j) if self.checks(call.func, operands) else self.apply(j)
            steps.append((apply, self.getter(right), call.pos, names_of([right])))

        def run_chain(env):
            try:
                value = base(env)
            except Exception as exc:
                raise located(exc, first, base_names) from None
            for apply, right, pos, names in steps:
                try:
                    value = apply(value, right(env))
                except Exception as exc:
                    raise located(exc, pos, names) from None
            return value
        return run_chain

    def expr_Compare(self, node: Compare) -> Callable:
        getters = [self.getter(o) for o in node.operands]
        ops, run = node.ops, self.run
        if any(self.kinds.may(o, ARR) for o in node.operands):
            @locating(node.pos, names_of(node.operands))
            def masked(env):                # a comparison of arrays: the mask where it holds
                values = [g(env) for g in getters]
                if not any(V.is_array(v) for v in values):
                    return all(_compare(run.compare, op, a, b) for op, a, b in zip(ops, values, values[1:]))
                if len(ops) > 1:
                    raise EvaluationError("a chained comparison of arrays has no single answer: "
                                          "combine masks with & and |")
                return array_compare(run.compare, run.value, ops[0], values[0], values[1])
            return masked

        @locating(node.pos, names_of(node.operands))
        def compare(env):
            values = [g(env) for g in getters]
            for op, a, b in zip(ops, values, values[1:]):
                if not _compare(run.compare, op, a, b):
                    return False
            return True
        return compare

    def expr_BoolOp(self, node: BoolOp) -> Callable:
        operands = [self.expr(o) for o in node.operands]
        if node.op == "not":
            operand = operands[0]

            @locating(node.pos)
            def negation(env):
                return not V.truth(operand(env))
            return negation
        stop = node.op == "or"       # `or` stops at the first True, `and` at the first False

        @locating(node.pos)
        def boolean(env):
            for operand in operands:
                value = V.truth(operand(env))
                if value == stop:
                    return value
            return value
        return boolean

    def expr_IfExp(self, node: IfExp) -> Callable:
        test = self.condition(node.test, node.pos)
        body, orelse = self.expr(node.body), self.expr(node.orelse)

        def choose(env):
            return body(env) if test(env) else orelse(env)
        return choose

    def expr_ListLit(self, node: ListLit) -> Callable:
        items = [self.getter(i) for i in node.items]

        @locating(node.pos, names_of(node.items))
        def make(env):
            return [g(env) for g in items]
        return make

    def expr_TupleLit(self, node: TupleLit) -> Callable:
        make = self.expr_ListLit(ListLit(node.items, node.pos))
        return lambda env: V.Tup(make(env))

    def expr_Slice(self, node: Slice) -> Callable:
        parts = [self.getter(p) if p is not None else None for p in (node.lower, node.upper, node.step)]

        @locating(node.pos)
        def make(env):
            return V.make_slice(*[None if g is None else g(env) for g in parts])
        return make

    def expr_Index(self, node: Index) -> Callable:
        kt, ki, pos = self.key(node.target), self.key(node.index), node.pos
        gt = self.expr(node.target) if kt is None else None
        gi = self.expr(node.index) if ki is None else None
        names = names_of([node.target, node.index])
        getitem = self.structural("getitem") if self.kinds.may(node.target, ARR) else None

        def index(env):
            try:
                target = env[kt] if gt is None else gt(env)
                i = env[ki] if gi is None else gi(env)
                if type(i) is int and type(target) is list:
                    try:
                        return target[i]
                    except IndexError:
                        pass
                if getitem is not None:
                    return read(getitem, target, i)
                return V.get_item(target, i)        # says what is wrong
            except Exception as exc:
                raise located(exc, pos, names) from None
        return index

    def expr_ListComp(self, node: ListComp) -> Callable:
        def innermost(scope, out):
            out.append(elt(scope))
        self.bounds.append(0)
        elt = self.expr(node.elt)
        (first, *more) = node.generators
        if not more and not first.ifs and type(first.target) is Name:
            return self.plain_comprehension(elt, first)
        level = innermost
        for gen in reversed(node.generators):
            level = self.generator(gen, level)
        self.bounds.pop()

        def comprehension(env):
            scope = dict(env)          # the loop variables are the comprehension's own
            out = []
            level(scope, out)
            V.check_length(len(out))
            return out
        return comprehension

    def plain_comprehension(self, elt: Callable, gen) -> Callable:
        """``[elt for v in items]``, the common case (sum(... for i in range(n))), as one tight loop."""
        iterate = self.iterable(gen.iter, gen.pos)
        per_item = self.bounds.pop()
        var, run = gen.target.id, self.run

        def comprehension(env):
            items = iterate(env)
            run.count_trips(len(items), per_item)
            scope = dict(env)          # the loop variable is the comprehension's own
            out = []
            append = out.append
            for item in items:
                scope[var] = item
                append(elt(scope))
            return out
        return comprehension

    def generator(self, gen, inner: Callable) -> Callable:
        """One ``for target in iter if ...`` clause: binds the target per item, filters, goes inner."""
        iterate = self.iterable(gen.iter, gen.pos)
        bind = self.binder(gen.target)
        tests = [self.condition(t, gen.pos) for t in gen.ifs]
        per_item = self.bounds[-1] + len(tests)
        run = self.run

        if not tests and type(gen.target) is Name:
            var = gen.target.id

            def plain_level(scope, out):      # the common case: one name, no condition
                items = iterate(scope)
                run.count_trips(len(items), per_item)
                for item in items:
                    scope[var] = item
                    inner(scope, out)
            return plain_level

        def level(scope, out):
            items = iterate(scope)
            run.count_trips(len(items), per_item)
            for item in items:
                bind(scope, item)
                if all(t(scope) for t in tests):
                    inner(scope, out)
        return level

    def expr_Builtin(self, node: Builtin) -> Callable:
        return locating(node.pos, names_of(node.args))(BUILTINS[node.name](self, node))

    def expr_Invoke(self, node: Invoke) -> Callable:
        code = self.functions[node.func]
        self.bounds[-1] += code.bound
        arguments = self.expr_ListLit(ListLit(node.args, node.pos))

        def invoke(env):
            return code(arguments(env))
        return invoke

    def iterable(self, node, pos) -> Callable:
        """What a for loop or a comprehension runs over: a range, list, tuple, zip, ..."""
        get = self.expr(node)
        if self.kinds.may(node, ARR):
            getitem = self.structural("getitem")

            @locating(pos)
            def iterate_rows(env):
                return rows(getitem, get(env))
            return iterate_rows

        @locating(pos)
        def iterate(env):
            return V.as_iterable(get(env))
        return iterate

    def condition(self, node, pos) -> Callable:
        """f(env) -> bool: a branch or loop condition, which must be a comparison."""
        test = self.expr(node)

        @locating(pos)
        def decide(env):
            return V.truth(test(env))
        return decide


def _spine(node) -> int:
    """How many binary calls lean left from `node` (a + b + c + d: 3)."""
    n = 0
    while type(node) is Call and len(node.args) == 2:
        n += 1
        if n >= CHAIN:
            break
        node = node.args[0]
    return n


def _compare(algebra_compare, op: str, a: Any, b: Any) -> bool:
    ta, tb = type(a), type(b)
    if ta in (int, bool) and tb in (int, bool):
        return COMPARISONS[op](a, b)
    if ta in V.ITERABLES or tb in V.ITERABLES or a is None or b is None:
        raise EvaluationError(f"{V.kind_name(a)} and {V.kind_name(b)} cannot be compared")
    return algebra_compare(op, a, b)

