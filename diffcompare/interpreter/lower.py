"""Lowering: a Program turned once into a tree of Python closures, one per IR node.

A traversal is then a chain of direct calls instead of a dispatch on node kinds, and
nothing is generated from text or executed from it: the closures are made from the
validated IR only.

Calls of primitives go through *slots*: slot j holds the primitive, the current run's
kernel for it (`K[j]`: the algebra's function of the arguments, or a C float function)
and the number of calls this run (`counts[j]`), folded into the `Meter` at the end, so
the counts stay exact. Sites whose operands may be whole numbers or lists (found by
`kinds.Kinds` before lowering) test their operands; all others call the kernel directly.

Statements return None to go on, or a signal: `BREAK`, `CONTINUE`, or a `Returned`
value, which blocks and loops pass up to the function that returns it.
"""

from __future__ import annotations

import math
from operator import itemgetter
from typing import Any, Callable

from ..errors import DomainError, EvaluationError, LimitError
from ..language.ir import (Assign, BoolOp, Break, Builtin, Call, Compare, Const, Continue, ExprStmt, For, Function,
                           Global, If, IfExp, Index, Invoke, ListComp, ListLit, Name, Program, Return, Slice,
                           TupleLit, While, walk)
from ..limits import LIMITS
from ..primitives.table import TABLE, Primitive
from . import values as V
from .algebra import C_REAL, COMPARISONS as COMPARE_OPS, generic_kernel
from .kinds import INT, INT_PRIMS, SEQ, SEQ_PRIMS, Kinds

COMPARISONS_NAMES = ("<", "<=", ">", ">=", "==", "!=")
CHAIN = 24          # a left-leaning run of binary calls this long becomes a loop

# caught on the float fast path: anything unusual is re-run through the algebra's `call`,
# which raises the exact error (a domain error, an overflow) or handles lists
_FAST_FAIL = (ValueError, ZeroDivisionError, OverflowError, TypeError)
_INF = math.inf
_NINF = -math.inf


class Returned:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


BREAK = object()
CONTINUE = object()


def operations_error(limit: int) -> LimitError:
    return LimitError(f"more than {limit:,} operations in one traversal "
                      f"(limit max_operations, DIFFCOMPARE_MAX_OPERATIONS)")


class Run:
    """The state of the current traversal, shared by the closures of one lowered program."""
    __slots__ = ("trips", "estimate", "limit", "compare", "call", "counts", "value")

    def __init__(self, counts: list):
        self.counts = counts
        self.trips = 0          # loop trips: they count as operations, like calls
        self.estimate = 0       # an upper bound on the operations since the last exact count
        self.limit = 0
        self.compare = None     # the algebra's compare(op, a, b)
        self.call = None        # call(j, args): slot j through the algebra's `call` (the exact path)
        self.value = None       # the algebra's value(x): a number's float value (int(), round())

    def recount(self) -> None:
        """The estimate passed the limit: count exactly, and stop only if the count did too."""
        exact = sum(self.counts) + self.trips
        if exact > self.limit:
            raise operations_error(self.limit)
        self.estimate = exact

    def count_trips(self, n: int, per_trip: int) -> None:
        self.trips += n
        self.estimate += n * (per_trip + 1)
        if self.estimate > self.limit:
            self.recount()            # raises if the loop's trips alone pass the limit
            self.estimate += n * per_trip


class FunctionCode:
    """One def, lowered: call it with its arguments in order."""
    __slots__ = ("name", "params", "consts", "body", "bound")

    def __init__(self, name: str, params: list[str], consts: dict, body: Callable, bound: int):
        self.name, self.params, self.consts, self.body, self.bound = name, params, consts, body, bound

    def __call__(self, args: list):
        env = dict(self.consts)
        env.update(zip(self.params, args))
        signal = self.body(env)
        return signal.value if type(signal) is Returned else None


def located(exc: BaseException, pos, names: dict | None = None) -> BaseException:
    """The error a failed expression raises: ours with its position, or a Python error in words."""
    if isinstance(exc, EvaluationError):
        if exc.where is None and pos and pos[0]:
            exc.where = pos
            exc.args = (f"{exc.reason} (line {pos[0]}, column {pos[1]})",)
        return exc
    if isinstance(exc, KeyError) and exc.args:
        key = exc.args[0]
        new = EvaluationError(f"'{key}' has no value here: it is assigned only on another path",
                              (names or {}).get(key, pos))
    elif isinstance(exc, TypeError):
        new = EvaluationError("a list or tuple was used where a number is needed", pos)
    else:
        return exc
    new.__suppress_context__ = True
    return new


def _names(nodes) -> dict | None:
    """Where each variable among `nodes` is read, to place a 'has no value here' error on it."""
    return {n.id: n.pos for n in reversed(list(nodes)) if type(n) is Name} or None


def _spine(node) -> int:
    """How many binary calls lean left from `node` (a + b + c + d: 3)."""
    n = 0
    while type(node) is Call and len(node.args) == 2:
        n += 1
        if n >= CHAIN:
            break
        node = node.args[0]
    return n


def _signals(body: list) -> bool:
    """Can this loop body end a trip early (break, continue, return)?"""
    return any(type(s) in (Break, Continue, Return) for s in walk(body))


class Lowered:
    """One Program lowered for one kind of algebra: ``floats`` (raw C functions whose
    failures and non-finite results are re-run through the algebra's ``call`` for the
    exact error), or objects (kernels that are exact by themselves)."""

    def __init__(self, program: Program, floats: bool, kinds: Kinds):
        self.program_name = program.name
        self.floats = floats
        self.kinds = kinds
        self.prims: list[Primitive] = []       # primitive of each slot
        self.slots: dict[str, int] = {}
        self.K: list = []                      # the current run's kernel of each slot
        self.counts: list[int] = []            # the current run's calls of each slot
        self.run = Run(self.counts)
        self.busy = False
        self.bounds = [0]                      # operations a loop body can make per trip (upper bound)
        self.applies: dict[int, Callable] = {}
        self.globals: dict[str, Any] = {}      # the module constants of the current run
        self.consts: dict[str, Any] = {}       # the function being lowered: constants read like variables
        self.functions: dict[str, FunctionCode] = {}
        for name in _callees_first(program):
            self.functions[name] = self.function(program.helpers[name])
        self.prelude = self.function(Function("<module>", [], program.prelude))
        self.main = self.function(program.main)

    def function(self, f: Function) -> FunctionCode:
        self.consts = {}
        self.bounds.append(0)
        body = self.block(f.body)
        bound = self.bounds.pop()
        return FunctionCode(f.name, [p.name for p in f.params], self.consts, body, bound)

    # -- running

    def execute(self, env: dict, algebra, meter) -> Any:
        kernel = getattr(algebra, "kernel", None) if not self.floats else None
        K = self.K
        for j, prim in enumerate(self.prims):
            if self.floats:
                K[j] = C_REAL.get(prim.name, prim.real)
            elif kernel is not None:
                K[j] = kernel(prim)
            else:
                K[j] = generic_kernel(algebra.call, prim)
        counts = self.counts
        counts[:] = [0] * len(counts)
        run = self.run
        run.trips = run.estimate = 0
        run.limit = LIMITS.max_operations
        run.compare = algebra.compare
        run.value = getattr(algebra, "value", _plain_value)
        call, prims = algebra.call, self.prims

        def exact(j, args):
            if any(type(a) is list or type(a) is V.Tup for a in args):
                counts[j] -= 1                 # list + list, list * n: not a primitive call
                return V.sequence_op(prims[j].name, list(args))
            return call(prims[j], list(args))
        run.call = exact
        try:
            self.globals.clear()
            if self.prelude.body is not None:
                self.globals.update(self.prelude.consts)
                self.prelude.body(self.globals)
            env.update(self.main.consts)
            signal = self.main.body(env)
        finally:
            for j, c in enumerate(counts):
                if c:
                    meter.calls[prims[j].name] += c
        if sum(counts) + run.trips > run.limit:
            raise operations_error(run.limit)
        if type(signal) is not Returned:
            raise EvaluationError(f"'{self.program_name}' ended without reaching a return")
        return signal.value

    # -- helpers

    def slot(self, name: str) -> int:
        j = self.slots.get(name)
        if j is None:
            j = self.slots[name] = len(self.prims)
            self.prims.append(TABLE[name])
            self.K.append(None)
            self.counts.append(0)
        return j

    def key(self, node) -> str | None:
        """The dictionary key a leaf operand is read from (constants get hidden names)."""
        if type(node) is Name:
            return node.id
        if type(node) is Const:
            key = f"#{len(self.consts)}"       # '#' cannot start a name of the language
            self.consts[key] = node.value
            return key
        return None

    def getter(self, node) -> Callable:
        key = self.key(node)
        return itemgetter(key) if key is not None else self.expr(node)

    def checks(self, name: str, nodes) -> bool:
        """Must a site test its operands before calling the kernel? When all of them may be
        whole numbers (index arithmetic stays int), or one may be a list that `name`
        concatenates or repeats. Anything else odd fails the kernel and takes the exact path."""
        may = self.kinds.may
        return (name in INT_PRIMS and all(may(n, INT) for n in nodes)) or \
            (name in SEQ_PRIMS and any(may(n, SEQ) for n in nodes))

    def apply(self, j: int) -> Callable:
        """f(*args): one counted call of slot j through the run's kernel (generic path)."""
        found = self.applies.get(j)
        if found is None:
            found = self.applies[j] = self._apply(j)
        return found

    def _apply(self, j: int) -> Callable:
        K, counts, run, floats = self.K, self.counts, self.run, self.floats

        def apply(*args):
            counts[j] += 1
            if not floats:
                return K[j](*args)
            try:
                r = K[j](*args)
                if _NINF < r < _INF:
                    return r
            except _FAST_FAIL:
                pass
            return run.call(j, args)
        return apply

    def checked(self, name: str, j: int) -> Callable:
        """f(*args) for a site whose operands may be whole numbers or lists: ints alone stay
        ints (index arithmetic, not counted), lists are concatenated or repeated."""
        apply = self.apply(j)
        int_op = V.INT_OPS.get(name)

        def call(*args):
            if int_op is not None and all(type(a) is int or type(a) is bool for a in args):
                r = V.int_op(name, args)
                if r is not None:
                    return r
            elif any(type(a) is list or type(a) is V.Tup for a in args):
                return V.sequence_op(name, list(args))
            return apply(*args)
        return call

    # -- expressions

    def expr(self, node) -> Callable:
        kind = type(node)
        if kind is Call:
            return self.call(node)
        if kind is Name:
            return self.name(node)
        if kind is Const:
            value = node.value
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
        if node.func not in TABLE:
            return self.missing(node)
        j = self.slot(node.func)
        self.bounds[-1] += 1
        if self.checks(node.func, node.args):
            return self.checked_site(node, j)
        if len(node.args) == 2:
            return self.site2(node, j)
        if len(node.args) == 1:
            return self.site1(node, j)
        getters = [self.getter(a) for a in node.args]
        apply, pos, names = self.apply(j), node.pos, _names(node.args)

        def site(env):
            try:
                return apply(*[g(env) for g in getters])
            except Exception as exc:
                raise located(exc, pos, names) from None
        return site

    def missing(self, node: Call) -> Callable:
        """A primitive the table does not (yet) hold: only whole numbers can take it."""
        getters, pos, name = [self.getter(a) for a in node.args], node.pos, node.func

        def site(env):
            try:
                args = [g(env) for g in getters]
                if name in V.INT_OPS and all(type(a) is int for a in args):
                    r = V.int_op(name, args)
                    if r is not None:
                        return r
                raise EvaluationError(f"'{name}' works on whole numbers only")
            except Exception as exc:
                raise located(exc, pos) from None
        return site

    def site1(self, node: Call, j: int) -> Callable:
        K, counts, run, floats, pos = self.K, self.counts, self.run, self.floats, node.pos
        (arg,) = node.args
        names = _names(node.args)
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
                except _FAST_FAIL:
                    pass
                return run.call(j, (x,))
            except Exception as exc:
                raise located(exc, pos, names) from None
        return site

    def site2(self, node: Call, j: int) -> Callable:
        K, counts, run, floats, pos = self.K, self.counts, self.run, self.floats, node.pos
        a, b = node.args
        names = _names(node.args)
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
                except _FAST_FAIL:
                    pass
                return run.call(j, (x, y))
            except Exception as exc:
                raise located(exc, pos, names) from None
        return site

    def checked_site(self, node: Call, j: int) -> Callable:
        getters = [self.getter(a) for a in node.args]
        call, pos, names = self.checked(node.func, j), node.pos, _names(node.args)
        if len(getters) == 2:
            ga, gb = getters

            def site(env):
                try:
                    return call(ga(env), gb(env))
                except Exception as exc:
                    raise located(exc, pos, names) from None
            return site

        def site_n(env):
            try:
                return call(*[g(env) for g in getters])
            except Exception as exc:
                raise located(exc, pos, names) from None
        return site_n

    def chain(self, node: Call) -> Callable:
        """A long left-leaning run such as a + b + c + ...: evaluated by a loop, bottom up,
        in the same order (left operand, right operand, call) as the nested calls would be."""
        spine = []
        while type(node) is Call and len(node.args) == 2:
            spine.append(node)
            node = node.args[0]
        base, base_names, first = self.getter(node), _names([node]), spine[-1].pos
        steps = []
        for call in reversed(spine):
            right = call.args[1]
            if call.func not in TABLE:
                steps.append((self.missing(Call(call.func, [Name("#left"), right], call.pos)), None, call.pos,
                              _names([right])))
                continue
            j = self.slot(call.func)
            self.bounds[-1] += 1
            checks = self.checks(call.func, [call.args[0], right])
            steps.append((self.checked(call.func, j) if checks else self.apply(j), self.getter(right), call.pos,
                          _names([right])))

        def run_chain(env):
            try:
                value = base(env)
            except Exception as exc:
                raise located(exc, first, base_names) from None
            for apply, right, pos, names in steps:
                try:
                    if right is None:           # a primitive the table lacks: whole numbers only
                        env["#left"] = value
                        value = apply(env)
                    else:
                        value = apply(value, right(env))
                except Exception as exc:
                    raise located(exc, pos, names) from None
            return value
        return run_chain

    def expr_Compare(self, node: Compare) -> Callable:
        names = _names(node.operands)
        getters = [self.getter(o) for o in node.operands]
        ops, pos, run = node.ops, node.pos, self.run

        def compare(env):
            try:
                values = [g(env) for g in getters]
                for op, a, b in zip(ops, values, values[1:]):
                    if not _compare(run.compare, op, a, b):
                        return False
                return True
            except Exception as exc:
                raise located(exc, pos, names) from None
        return compare

    def expr_BoolOp(self, node: BoolOp) -> Callable:
        operands = [self.expr(o) for o in node.operands]
        pos = node.pos
        if node.op == "not":
            operand = operands[0]

            def negation(env):
                try:
                    return not V.truth(operand(env))
                except Exception as exc:
                    raise located(exc, pos) from None
            return negation
        stop = node.op == "or"       # `or` stops at the first True, `and` at the first False

        def boolean(env):
            try:
                for operand in operands:
                    value = V.truth(operand(env))
                    if value == stop:
                        return value
                return value
            except Exception as exc:
                raise located(exc, pos) from None
        return boolean

    def expr_IfExp(self, node: IfExp) -> Callable:
        test, body, orelse, pos = self.expr(node.test), self.expr(node.body), self.expr(node.orelse), node.pos

        def choose(env):
            try:
                chosen = V.truth(test(env))
            except Exception as exc:
                raise located(exc, pos) from None
            return body(env) if chosen else orelse(env)
        return choose

    def expr_ListLit(self, node: ListLit) -> Callable:
        names = _names(node.items)
        items = [self.getter(i) for i in node.items]
        pos = node.pos

        def make(env):
            try:
                return [g(env) for g in items]
            except Exception as exc:
                raise located(exc, pos, names) from None
        return make

    def expr_TupleLit(self, node: TupleLit) -> Callable:
        make = self.expr_ListLit(ListLit(node.items, node.pos))
        return lambda env: V.Tup(make(env))

    def expr_Slice(self, node: Slice) -> Callable:
        parts = [self.getter(p) if p is not None else None for p in (node.lower, node.upper, node.step)]
        pos = node.pos

        def make(env):
            try:
                return V.make_slice(*[None if g is None else g(env) for g in parts])
            except Exception as exc:
                raise located(exc, pos) from None
        return make

    def expr_Index(self, node: Index) -> Callable:
        kt, ki, pos = self.key(node.target), self.key(node.index), node.pos
        gt = self.expr(node.target) if kt is None else None
        gi = self.expr(node.index) if ki is None else None
        names = _names([node.target, node.index])

        def index(env):
            try:
                target = env[kt] if gt is None else gt(env)
                i = env[ki] if gi is None else gi(env)
                if type(i) is int and type(target) is list:
                    try:
                        return target[i]
                    except IndexError:
                        pass
                return V.get_item(target, i)        # says what is wrong
            except Exception as exc:
                raise located(exc, pos, names) from None
        return index

    def expr_ListComp(self, node: ListComp) -> Callable:
        def innermost(scope, out):
            out.append(elt(scope))
        self.bounds.append(0)
        elt = self.expr(node.elt)
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

    def generator(self, gen, inner: Callable) -> Callable:
        """One ``for target in iter if ...`` clause: binds the target per item, filters, goes inner."""
        iterate = self.iterable(gen.iter, gen.pos)
        bind = self.binder(gen.target)
        tests = [self.expr(t) for t in gen.ifs]
        per_item = self.bounds[-1] + len(tests)
        run, pos = self.run, gen.pos

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
                try:
                    kept = all(V.truth(t(scope)) for t in tests)
                except Exception as exc:
                    raise located(exc, pos) from None
                if kept:
                    inner(scope, out)
        return level

    def expr_Builtin(self, node: Builtin) -> Callable:
        make = BUILTINS[node.name](self, node)
        pos, names = node.pos, _names(node.args)

        def builtin(env):
            try:
                return make(env)
            except Exception as exc:
                raise located(exc, pos, names) from None
        return builtin

    def expr_Invoke(self, node: Invoke) -> Callable:
        code = self.functions[node.func]
        self.bounds[-1] += code.bound
        getters = [self.getter(a) for a in node.args]
        names = _names(node.args)
        pos = node.pos

        def invoke(env):
            try:
                args = [g(env) for g in getters]
            except Exception as exc:
                raise located(exc, pos, names) from None
            return code(args)
        return invoke

    def iterable(self, node, pos) -> Callable:
        """What a for loop or a comprehension runs over: a range, list, tuple, zip, ..."""
        get = self.expr(node)

        def iterate(env):
            try:
                return V.as_iterable(get(env))
            except Exception as exc:
                raise located(exc, pos) from None
        return iterate

    # -- statements

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
            count, pos = len(parts), target.pos

            def bind_tuple(env, value):
                try:
                    items = V.unpack(value, count)
                except Exception as exc:
                    raise located(exc, pos) from None
                for part, item in zip(parts, items):
                    part(env, item)
            return bind_tuple
        # an element or slice: target[index] = value, in place
        container, index, pos = self.expr(target.target), self.getter(target.index), target.pos
        names = _names([target.target, target.index])

        def bind_item(env, value):
            try:
                V.set_item(container(env), index(env), value)
            except Exception as exc:
                raise located(exc, pos, names) from None
        return bind_item

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
        run, signals = self.run, _signals(s.body)
        if type(s.target) is Name:
            var = s.target.id

            def bind(env, item):
                env[var] = item
        else:
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
                if signal is not None and signals:
                    if signal is CONTINUE:
                        continue
                    run.trips -= n - done          # the trips not taken
                    if signal is BREAK:
                        return None
                    return signal
        return loop

    def stmt_While(self, s: While) -> Callable:
        self.bounds.append(0)
        test = self.expr(s.test)
        body = self.block(s.body)
        per_trip = self.bounds.pop() + 1
        pos, run = s.pos, self.run

        def loop(env):
            trips = 0
            cap = LIMITS.max_loop_iterations
            while True:
                try:
                    going = V.truth(test(env))
                except Exception as exc:
                    raise located(exc, pos) from None
                if not going:
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
        test, body, pos = self.expr(s.test), self.block(s.body), s.pos
        orelse = self.block(s.orelse) if s.orelse else None

        def branch(env):
            try:
                going = V.truth(test(env))
            except Exception as exc:
                raise located(exc, pos) from None
            if going:
                return body(env)
            if orelse is not None:
                return orelse(env)
        return branch


# --- the interpreter's builtins: each makes f(env) for a Builtin node ------------------------

def _fold(lowering: Lowered, prim: str, items_node, start_node=None) -> Callable:
    """f(first, rest): `prim` folded left to right over the items, each a counted call
    (whole numbers and lists tested for only where the items may be such)."""
    j = lowering.slot(prim)
    run, counts, K = lowering.run, lowering.counts, lowering.K
    may = lowering.kinds.of(items_node).items | (lowering.kinds.of(start_node).kinds if start_node else 0)
    apply = lowering.checked(prim, j) if may & (INT | SEQ) else lowering.apply(j)
    exact = not lowering.floats and not may & (INT | SEQ)     # an exact kernel: call it directly

    def fold(value, rest):
        run.estimate += len(rest)
        if run.estimate > run.limit:
            run.recount()
        if exact:
            kernel = K[j]
            counts[j] += len(rest)
            for item in rest:
                value = kernel(value, item)
            return value
        for item in rest:
            value = apply(value, item)
        return value
    return fold


def _sum(lowering: Lowered, node: Builtin) -> Callable:
    items, start = lowering.getter(node.args[0]), lowering.getter(node.args[1])
    fold = _fold(lowering, "add", node.args[0], node.args[1])
    start_is_zero = type(node.args[1]) is Const and node.args[1].value == 0 and type(node.args[1].value) is int

    def total(env):
        values = V.materialize(items(env), "sum()")
        if start_is_zero:
            # Python's sum starts from 0; 0 + items[0] is items[0] (and no call): start there
            return fold(values[0], values[1:]) if values else 0
        return fold(start(env), values)
    return total


def _fsum(lowering: Lowered, node: Builtin) -> Callable:
    items = lowering.getter(node.args[0])
    fold = _fold(lowering, "add", node.args[0])
    floats = lowering.floats

    def total(env):
        values = V.materialize(items(env), "math.fsum()")
        if not values:
            return 0.0
        if floats and all(type(v) is float or type(v) is int for v in values):
            # math.fsum's correctly rounded sum, counted as the adds it stands for
            lowering.counts[lowering.slot("add")] += len(values) - 1
            return math.fsum(values)
        return fold(values[0], values[1:])
    return total


def _extreme(name: str) -> Callable:
    def make(lowering: Lowered, node: Builtin) -> Callable:
        items = lowering.getter(node.args[0])
        fold = _fold(lowering, name, node.args[0])

        def extreme(env):
            values = V.materialize(items(env), f"{name}()")
            if not values:
                raise EvaluationError(f"{name}() of an empty list")
            return fold(values[0], values[1:])
        return extreme
    return make


def _whole_number(how: Callable[[float], int], what: str) -> Callable:
    """int(), round(), math.floor/ceil/trunc: Python returns a whole number, whose
    derivative is 0 (it is a constant from there on)."""
    def make(lowering: Lowered, node: Builtin) -> Callable:
        arg, run = lowering.getter(node.args[0]), lowering.run

        def whole(env):
            x = arg(env)
            if type(x) is int or type(x) is bool:
                return int(x)
            value = x if type(x) is float else run.value(x)
            if not math.isfinite(value):
                raise DomainError(f"{what}({value}) is not a whole number")
            return V.int_result(how(value))
        return whole
    return make


def _float(lowering: Lowered, node: Builtin) -> Callable:
    arg = lowering.getter(node.args[0])

    def to_float(env):
        x = arg(env)
        if type(x) is int or type(x) is bool:
            return float(x)
        if type(x) in (list, V.Tup, range) or x is None:
            raise EvaluationError(f"float() needs a number, got {V.kind_name(x)}")
        return x
    return to_float


def _simple(fn: Callable, arity: int = 1) -> Callable:
    def make(lowering: Lowered, node: Builtin) -> Callable:
        getters = [lowering.getter(a) for a in node.args]
        if arity == 1:
            (g,) = getters
            return lambda env: fn(g(env))
        return lambda env: fn(*[g(env) for g in getters])
    return make


BUILTINS: dict[str, Callable[[Lowered, Builtin], Callable]] = {
    "len": _simple(V.length),
    "range": _simple(V.make_range, 3),
    "zip": lambda lowering, node: (lambda getters: lambda env: V.Zip([g(env) for g in getters]))(
        [lowering.getter(a) for a in node.args]),
    "enumerate": _simple(V.Enumerate, 2),
    "reversed": _simple(V.Reversed),
    "list": _simple(lambda v: list(V.materialize(v, "list()"))),
    "tuple": _simple(lambda v: V.Tup(V.materialize(v, "tuple()"))),
    "sum": _sum,
    "fsum": _fsum,
    "min": _extreme("min"),
    "max": _extreme("max"),
    "int": _whole_number(int, "int"),
    "round": _whole_number(round, "round"),
    "floor": _whole_number(math.floor, "math.floor"),
    "ceil": _whole_number(math.ceil, "math.ceil"),
    "trunc": _whole_number(math.trunc, "math.trunc"),
    "float": _float,
}


def _plain_value(x: Any) -> float:
    """An algebra without `value`: its numbers are floats (or convert to them)."""
    try:
        return float(x)
    except TypeError:
        raise EvaluationError("this engine cannot take the value of a number here") from None


def _compare(algebra_compare, op: str, a: Any, b: Any) -> bool:
    ta, tb = type(a), type(b)
    if ta in (int, bool) and tb in (int, bool):
        return COMPARE_OPS[op](a, b)
    if ta in V.ITERABLES or tb in V.ITERABLES or a is None or b is None:
        raise EvaluationError(f"{V.kind_name(a)} and {V.kind_name(b)} cannot be compared")
    return algebra_compare(op, a, b)


def _callees_first(program: Program) -> list[str]:
    """The helpers in an order where each comes after every helper it calls (no recursion:
    the front end refuses it)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        for node in walk(program.helpers[name].body):
            if type(node) is Invoke:
                visit(node.func)
        order.append(name)
    for name in program.helpers:
        visit(name)
    return order
