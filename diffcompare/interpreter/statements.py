"""Lowering statements: one closure per IR statement, returning None to go on or a signal
(`BREAK`, `CONTINUE`, a `Returned` value) that blocks and loops pass up."""

from __future__ import annotations

from typing import Callable

from ..errors import LimitError
from ..errors import EvaluationError
from ..language.ir import Assign, Break, Continue, ExprStmt, Fail, For, If, Index, Name, Return, TupleLit, While, walk
from ..limits import LIMITS
from . import values as V
from .arrays import write_path
from .kinds import ARR
from .runtime import BREAK, CONTINUE, Returned, locating, names_of


class StatementLowering:
    """The statement half of `lower.Lowered`."""

    def block(self, body: list) -> Callable | None:
        statements = [getattr(self, "stmt_" + type(s).__name__)(s) for s in body]
        if not statements:
            return lambda env: None
        if len(statements) == 1:
            return statements[0]

        def run_block(env):
            for s in statements:
                signal = s(env)
                if signal is not None:
                    return signal
        return run_block

    def binder(self, target) -> Callable:
        """f(env, value): assign `value` to `target` (a name, a tuple of targets, an element)."""
        kind = type(target)
        if kind is Name:
            name = target.id

            def bind_name(env, value):
                env[name] = value
            return bind_name
        if kind is TupleLit:
            parts = [self.binder(t) for t in target.items]
            unpack = locating(target.pos)(V.unpack)
            count = len(parts)

            def bind_tuple(env, value):
                for part, item in zip(parts, unpack(value, count)):
                    part(env, item)
            return bind_tuple
        if self.kinds.may(target.target, ARR):
            return self.array_binder(target)
        # an element or slice: target[index] = value, in place
        container, index = self.expr(target.target), self.getter(target.index)

        @locating(target.pos, names_of([target.target, target.index]))
        def bind_item(env, value):
            V.set_item(container(env), index(env), value)
        return bind_item

    def array_binder(self, target: Index) -> Callable:
        """``y[1:] = v``, ``X[i][j] = v`` where an array may be written: numpy writes in place;
        here the array is replaced by a new one with those elements (`setitem`), rebound to its
        name -- the functional update every engine can differentiate. Lists along the way still
        change in place, as in Python."""
        path, base = [], target
        while type(base) is Index:
            path.append(self.getter(base.index))
            base = base.target
        if type(base) is not Name:
            raise EvaluationError("only an element of a variable can be assigned")
        path.reverse()
        name, getitem, setitem = base.id, self.structural("getitem"), self.structural("setitem")

        @locating(target.pos, names_of([base]))
        def bind_path(env, value):
            env[name] = write_path(env[name], [g(env) for g in path], value, getitem, setitem)
        return bind_path

    def stmt_Assign(self, s: Assign) -> Callable:
        target = s.target
        if type(target) is Name:
            value, name = self.expr(s.value), target.id

            def assign(env):
                env[name] = value(env)
            return assign
        if type(target) is TupleLit and type(s.value) is TupleLit and len(target.items) == len(s.value.items) \
                and all(type(t) is Name for t in target.items):
            # a, b = b, a + b: every value first, then the names (no tuple is built)
            names = [t.id for t in target.items]
            values = [self.expr(v) for v in s.value.items]

            def swap(env):
                new = [v(env) for v in values]
                for name, v in zip(names, new):
                    env[name] = v
            return swap
        value, bind = self.expr(s.value), self.binder(target)

        def assign_target(env):
            bind(env, value(env))
        return assign_target

    def stmt_ExprStmt(self, s: ExprStmt) -> Callable:
        value = self.expr(s.value)

        def evaluate(env):
            value(env)
        return evaluate

    def stmt_Fail(self, s: Fail) -> Callable:
        """``assert test, "reason"`` or ``raise ValueError("reason")``: the function stops here,
        as Python would, with the author's reason."""
        test = self.condition(s.test, s.pos) if s.test is not None else None
        reason, pos = s.reason, s.pos

        def fail(env):
            if test is None or not test(env):
                raise EvaluationError(f"the function stops here: {reason}", pos)
        return fail

    def stmt_Break(self, s: Break) -> Callable:
        return lambda env: BREAK

    def stmt_Continue(self, s: Continue) -> Callable:
        return lambda env: CONTINUE

    def stmt_Return(self, s: Return) -> Callable:
        if s.value is None:
            return lambda env: Returned(None)
        value = self.expr(s.value)
        return lambda env: Returned(value(env))

    def stmt_For(self, s: For) -> Callable:
        iterate = self.iterable(s.iter, s.pos)
        self.bounds.append(0)
        body = self.block(s.body)
        per_trip = self.bounds.pop()
        run = self.run
        if type(s.target) is Name and not _signals(s.body):
            var = s.target.id

            def plain_loop(env):        # the common case, kept tight: one name, no break/continue/return
                items = iterate(env)
                run.count_trips(len(items), per_trip)
                for item in items:
                    env[var] = item
                    body(env)
            return plain_loop
        bind = self.binder(s.target)

        def loop(env):
            items = iterate(env)
            n = len(items)
            run.count_trips(n, per_trip)
            done = 0
            for item in items:
                bind(env, item)
                signal = body(env)
                done += 1
                if signal is not None:
                    if signal is CONTINUE:
                        continue
                    run.trips -= n - done          # the trips not taken
                    if signal is BREAK:
                        return None
                    return signal
        return loop

    def stmt_While(self, s: While) -> Callable:
        self.bounds.append(0)
        test = self.condition(s.test, s.pos)
        body = self.block(s.body)
        per_trip = self.bounds.pop() + 1
        pos, run = s.pos, self.run

        def loop(env):
            trips = 0
            cap = LIMITS.max_loop_iterations
            while True:
                if not test(env):
                    return None
                trips += 1
                run.trips += 1
                if trips > cap:
                    raise LimitError(f"the while loop ran more than {cap:,} times "
                                     f"(max_loop_iterations, DIFFCOMPARE_MAX_LOOP_ITERATIONS)", pos)
                run.estimate += per_trip
                if run.estimate > run.limit:
                    run.recount()
                signal = body(env)
                if signal is not None:
                    if signal is CONTINUE:
                        continue
                    if signal is BREAK:
                        return None
                    return signal
        return loop

    def stmt_If(self, s: If) -> Callable:
        # an elif chain is an If in the orelse of an If, thousands deep in a long chain: lowered
        # as one list of arms, not by recursion (which would pass Python's recursion limit)
        arms = []
        while True:
            arms.append((self.condition(s.test, s.pos), self.block(s.body)))
            if len(s.orelse) == 1 and type(s.orelse[0]) is If:
                s = s.orelse[0]
                continue
            break
        orelse = self.block(s.orelse) if s.orelse else None
        if len(arms) == 1:
            (test, body), = arms

            def branch(env):
                if test(env):
                    return body(env)
                if orelse is not None:
                    return orelse(env)
            return branch

        def chain(env):
            for test, body in arms:
                if test(env):
                    return body(env)
            if orelse is not None:
                return orelse(env)
        return chain



def _signals(body: list) -> bool:
    """Can this loop body end a trip early (break, continue, return)?"""
    return any(type(s) in (Break, Continue, Return) for s in walk(body))

