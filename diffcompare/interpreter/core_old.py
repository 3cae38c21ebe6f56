"""Run a `Program` over any algebra. One run is one graph traversal.

An *algebra* says what numbers are: floats, dual numbers, tape variables, sympy
symbols or 50-digit mpmath numbers. It answers two questions:

- ``call(prim, args)``: the value of a primitive of the table on its numbers;
- ``compare(op, a, b)``: a branch condition as a Python bool (an algebra may
  refuse: sympy cannot decide ``x > 0`` for a symbol x).

Everything else -- variables, loops, lists, branches -- is the interpreter's,
written once for all engines. Python ints are loop indices: arithmetic on ints
alone stays int and is not a primitive call; anything touching a number of the
algebra goes through the algebra and is counted.

Speed: each Program is lowered once into a tree of Python closures (one per
node of the IR, built from the validated IR only -- no text is generated or
executed), so a traversal is a chain of direct calls instead of a dispatch on
node kinds. An algebra may offer ``kernel(prim)``: a function of the primitive's
arguments that returns exactly what ``call`` would, without building an argument
list; the closures call it directly. Calls are counted per primitive in a flat
list and folded into the `Meter` at the end of the run, so the counts stay exact.
Long left-leaning chains (a 100,000-term sum) run as loops, never as deep recursion.
"""

from __future__ import annotations

import gc
import math
import operator
import weakref
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Callable, Protocol

from ..errors import DomainError, EvaluationError, LimitError
from ..limits import LIMITS
from ..primitives.table import TABLE, Primitive, apply_real
from ..language.ir_old import (Assign, BoolOp, Call, Compare, Const, For, If, IfExp, Index, Len, ListComp, ListLit,
                      ListRepeat, Name, Program, Range, Return, Sum, While)


class Algebra(Protocol):
    name: str

    def call(self, prim: Primitive, args: list) -> Any: ...

    def compare(self, op: str, a: Any, b: Any) -> bool: ...

    # optional: kernel(prim) -> f(*args), returning exactly what call(prim, list(args)) returns;
    # with kernels, optional inside(number) / outside(number): the form numbers take during the
    # run (kernels and compare see that form), converted on the way in and out


COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
               "==": operator.eq, "!=": operator.ne}

#: The table's float implementations of arithmetic are Python lambdas (``x + y``) and
#: ``math.pow`` behind a wrapper; these are the same functions implemented in C, which
#: the float kernels call instead (tests/test_speed_paths.py checks they agree).
C_REAL: dict[str, Callable] = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
                               "div": operator.truediv, "neg": operator.neg, "pow": math.pow}

_ARITH = (ValueError, ZeroDivisionError, OverflowError)
_INF = math.inf
_NINF = -math.inf


class FloatAlgebra:
    """Plain floats: the numerical engine's algebra, and one ordinary evaluation."""
    name = "float"

    def call(self, prim: Primitive, args: list) -> float:
        return apply_real(prim, args)

    def compare(self, op: str, a: float, b: float) -> bool:
        return COMPARISONS[op](a, b)


FLOAT = FloatAlgebra()


@dataclass
class Meter:
    """What runs cost: graph traversals, and primitive calls by name."""
    traversals: int = 0
    calls: Counter = field(default_factory=Counter)

    @property
    def primitive_calls(self) -> int:
        return sum(self.calls.values())

    def add(self, other: "Meter") -> None:
        self.traversals += other.traversals
        self.calls.update(other.calls)


# --- helpers shared by the closures --------------------------------------------

_INT_OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "neg": operator.neg,
            "floordiv": operator.floordiv, "mod": operator.mod}
_INT_LIMIT = 2 ** 62


class _Returned(Exception):
    def __init__(self, values):
        self.values = values


def _locate(exc: EvaluationError, pos) -> None:
    if exc.where is None and pos and pos[0]:
        exc.where = pos
        exc.args = (f"{exc.reason} (line {pos[0]}, column {pos[1]})",)


def _located(exc: BaseException, pos, names: dict | None = None) -> BaseException:
    """The error a failed expression raises: ours with its position, or a Python error in words."""
    if isinstance(exc, EvaluationError):
        _locate(exc, pos)
        return exc
    if isinstance(exc, KeyError) and exc.args:
        key = exc.args[0]
        new = EvaluationError(f"'{key}' has no value here: it is assigned only on another path",
                              (names or {}).get(key, pos))
    elif isinstance(exc, TypeError):
        new = EvaluationError("a list was used where a number is needed", pos)
    else:
        return exc
    new.__suppress_context__ = True
    return new


def _truth(value: Any) -> bool:
    if type(value) is bool or type(value) is int:
        return bool(value)
    raise EvaluationError("a condition must be a comparison such as x > 0")


def _int_op(name: str, args: list) -> int:
    if name not in _INT_OPS or not all(type(a) is int for a in args):
        raise EvaluationError(f"'{'//' if name == 'floordiv' else '%'}' is for whole-number loop indices only")
    if name in ("floordiv", "mod") and args[1] == 0:
        raise DomainError("integer division by zero")
    result = _INT_OPS[name](*args)
    if abs(result) > _INT_LIMIT:
        raise LimitError("a whole-number index grew beyond 2**62")
    return result


def _as_list(value: Any, what: str) -> list:
    if not isinstance(value, list):
        raise EvaluationError(f"{what}() needs a list")
    return value


def _count(count: Any, width: int) -> int:
    if type(count) is not int:
        raise EvaluationError(f"a list can only be repeated a whole number of times, got {count!r}")
    if count * width > LIMITS.max_list_length:
        raise LimitError(f"a list of {count * width:,} elements exceeds max_list_length "
                         f"({LIMITS.max_list_length:,}, DIFFCOMPARE_MAX_LIST_LENGTH)")
    return max(count, 0)


def _check_index(target: Any, index: Any) -> None:
    if not isinstance(target, list):
        raise EvaluationError("only lists can be indexed")
    if type(index) is not int:
        raise EvaluationError(f"a list index must be a whole number, got {index!r}")
    if not -len(target) <= index < len(target):
        raise EvaluationError(f"index {index} is out of range for a list of {len(target)}")


def _index(target: Any, index: Any) -> Any:
    _check_index(target, index)
    return target[index]


def _range(start, stop, step) -> range:
    for bound in (start, stop, step):
        if type(bound) is not int:
            raise EvaluationError(f"range() needs whole numbers that do not depend on the inputs, got {bound!r}"
                                  if not isinstance(bound, float) else
                                  f"range() needs whole numbers, got {bound!r}")
    if step == 0:
        raise EvaluationError("range() step must not be zero")
    trips = range(start, stop, step)
    if len(trips) > LIMITS.max_loop_iterations:
        raise LimitError(f"a loop of {len(trips):,} trips exceeds the limit of {LIMITS.max_loop_iterations:,} "
                         f"(max_loop_iterations, DIFFCOMPARE_MAX_LOOP_ITERATIONS)")
    return trips


def _operations_error(limit: int) -> LimitError:
    return LimitError(f"more than {limit:,} operations in one traversal "
                      f"(limit max_operations, DIFFCOMPARE_MAX_OPERATIONS)")


# --- which values can be Python ints (loop indices) ----------------------------
#
# A primitive call on ints alone (i + 1) is index arithmetic, not a counted call. Only
# sites whose operands may be ints need to look at the operands' types; a flow-
# insensitive pass over the program finds them once, so every other site skips the test.

_INT_ARITH = ("add", "sub", "mul", "neg")


class _IntFlow:
    """Which names may hold an int, and which lists may hold ints (conservatively)."""

    def __init__(self, program: Program, int_names: set, int_lists: set):
        self.ints = set(int_names)           # names that may hold an int
        self.lists = set(int_lists)          # names whose list may hold an int
        self.memo: dict[int, bool] = {}
        assigns, loop_vars = [], []
        work: list = list(program.body)
        while work:                           # statements and expressions, without recursion
            node = work.pop()
            kind = type(node)
            if kind is Assign:
                assigns.append(node)
                work.extend([node.value] + ([node.index] if node.index is not None else []))
            elif kind is For:
                loop_vars.append(node.var)
                work.extend(node.body + [node.range.start, node.range.stop, node.range.step])
            elif kind is While:
                work.extend(node.body + [node.test])
            elif kind is If:
                work.extend(node.body + node.orelse + [node.test])
            elif kind is Return:
                work.extend(node.values)
            elif kind is ListComp:
                loop_vars.append(node.var)
                work.extend([node.elt, node.range.start, node.range.stop, node.range.step])
            else:
                work.extend(_children(node))
        self.ints.update(loop_vars)
        changed = True
        while changed:                        # to a fixed point: each pass can only add names
            changed = False
            self.memo = {}
            for a in assigns:
                if a.index is not None:
                    grow = [(self.lists, a.name)] if self.maybe_int(a.value) else []
                else:
                    grow = [(self.ints, a.name)] if self.maybe_int(a.value) else []
                    if self.maybe_int_items(a.value):
                        grow.append((self.lists, a.name))
                    # `y = x` shares one list: an int stored through either name is seen by both
                    for alias in _aliases(a.value):
                        if alias in self.lists or a.name in self.lists:
                            grow += [(self.lists, alias), (self.lists, a.name)]
                for names, name in grow:
                    if name not in names:
                        names.add(name)
                        changed = True
        self.memo = {}

    def maybe_int(self, root) -> bool:
        memo = self.memo
        stack = [root]
        while stack:
            node = stack[-1]
            if id(node) in memo:
                stack.pop()
                continue
            kids = _int_kids(node)
            waiting = [k for k in kids if id(k) not in memo]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            memo[id(node)] = self._rule(node, [memo[id(k)] for k in kids])
        return memo[id(root)]

    def _rule(self, node, kids: list[bool]) -> bool:
        kind = type(node)
        if kind is Const:
            return type(node.value) is int
        if kind is Name:
            return node.id in self.ints
        if kind is Call:
            return node.func in ("floordiv", "mod") or (node.func in _INT_ARITH and all(kids))
        if kind is IfExp:
            return any(kids)
        if kind is Index:
            return not isinstance(node.target, Name) or node.target.id in self.lists
        return kind in (Len, Sum)     # len() is an int; sum([]) is 0

    def maybe_int_items(self, node) -> bool:
        kind = type(node)
        if kind in (ListLit, ListRepeat):
            return any(self.maybe_int(item) for item in node.items)
        if kind is ListComp:
            return self.maybe_int(node.elt)
        if kind is Name:
            return node.id in self.lists
        if kind is IfExp:
            return self.maybe_int_items(node.body) or self.maybe_int_items(node.orelse)
        return kind is Index           # an element of a list of lists: unknown


def _int_kids(node) -> list:
    if type(node) is Call and node.func in _INT_ARITH:
        return node.args
    if type(node) is IfExp:
        return [node.body, node.orelse]
    return []


def _aliases(node) -> list[str]:
    if type(node) is Name:
        return [node.id]
    if type(node) is IfExp:
        return _aliases(node.body) + _aliases(node.orelse)
    return []


def _children(node) -> list:
    kind = type(node)
    if kind is Call:
        return list(node.args)
    if kind is Compare:
        return list(node.operands)
    if kind is BoolOp:
        return list(node.operands)
    if kind is IfExp:
        return [node.test, node.body, node.orelse]
    if kind is ListLit:
        return list(node.items)
    if kind is ListRepeat:
        return list(node.items) + [node.count]
    if kind is Index:
        return [node.target, node.index]
    if kind in (Len, Sum):
        return [node.target]
    return []


# --- lowering: the IR to closures ----------------------------------------------

CHAIN = 24          # a left-leaning run of binary calls this long becomes a loop


class _Run:
    """The state of the current traversal, shared by the closures of one compiled program."""
    __slots__ = ("trips", "estimate", "limit", "compare", "call", "counts")

    def __init__(self, counts: list):
        self.counts = counts
        self.trips = 0          # loop trips: they count as operations, like calls
        self.estimate = 0       # an upper bound on the operations since the last exact count
        self.limit = 0
        self.compare = None
        self.call = None

    def recount(self) -> None:
        """The estimate passed the limit: count exactly, and stop only if the count did too."""
        exact = sum(self.counts) + self.trips
        if exact > self.limit:
            raise _operations_error(self.limit)
        self.estimate = exact


class _Compiled:
    """One Program lowered for one kind of algebra: ``floats`` (raw C functions whose
    failures and non-finite results are re-run through the algebra's ``call`` for the
    exact error), or ``objects`` (kernels that are exact by themselves)."""

    def __init__(self, program: Program, floats: bool, flow: _IntFlow | None):
        self.program_name = program.name
        self.floats = floats
        self.flow = flow                       # None: test every site for ints
        self.prims: list[Primitive] = []       # primitive of each slot
        self.slots: dict[str, int] = {}
        self.K: list = []                      # the current run's kernel of each slot
        self.counts: list[int] = []            # the current run's calls of each slot
        self.consts: dict[str, Any] = {}       # constants read like variables (hidden names)
        self.run = _Run(self.counts)
        self.busy = False
        self.bounds = [0]                      # calls a loop body can make per trip (upper bound)
        self.applies: dict[int, Callable] = {}
        self.body = self.block(program.body)

    # -- running

    def execute(self, env: dict, algebra, meter: Meter) -> list:
        kernel = getattr(algebra, "kernel", None) if not self.floats else None
        # an algebra with kernels may carry its numbers in a lighter form inside the run
        inside = getattr(algebra, "inside", None) if kernel is not None else None
        if inside is not None:
            for name, value in env.items():
                env[name] = _convert(value, inside)
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
        call = algebra.call
        prims = self.prims
        run.call = lambda j, args: call(prims[j], list(args))
        env.update(self.consts)
        try:
            self.body(env)
        except _Returned as ret:
            if sum(counts) + run.trips > run.limit:
                raise _operations_error(run.limit) from None
            if inside is not None:
                return [_convert(value, algebra.outside) for value in ret.values]
            return ret.values
        finally:
            for j, c in enumerate(counts):
                if c:
                    meter.calls[prims[j].name] += c
        if sum(counts) + run.trips > run.limit:
            raise _operations_error(run.limit)
        raise EvaluationError(f"'{self.program_name}' ended without reaching a return")

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

    def maybe_int(self, node) -> bool:
        return self.flow is None or self.flow.maybe_int(node)

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
            except _ARITH:
                return run.call(j, args)
            if _NINF < r < _INF:
                return r
            return run.call(j, args)
        return apply

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
                raise _located(exc, pos) from None
        return load

    def call(self, node: Call) -> Callable:
        if node.func in ("floordiv", "mod"):
            return self.index_arithmetic(node)
        if len(node.args) == 2 and _spine(node) >= CHAIN:
            return self.chain(node)
        j = self.slot(node.func)
        self.bounds[-1] += 1
        if node.func in _INT_ARITH and all(self.maybe_int(a) for a in node.args):
            return self.int_site(node, j)
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
                raise _located(exc, pos, names) from None
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
                except _ARITH:
                    return run.call(j, (x,))
                if _NINF < r < _INF:
                    return r
                return run.call(j, (x,))
            except Exception as exc:
                raise _located(exc, pos, names) from None
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
                except _ARITH:
                    return run.call(j, (x, y))
                if _NINF < r < _INF:
                    return r
                return run.call(j, (x, y))
            except Exception as exc:
                raise _located(exc, pos, names) from None
        return site

    def int_site(self, node: Call, j: int) -> Callable:
        """add/sub/mul/neg where the operands may be loop indices: ints alone stay ints."""
        getters = [self.getter(a) for a in node.args]
        apply, pos, name = self.apply(j), node.pos, node.func
        names = _names(node.args)
        op = _INT_OPS[name]
        if len(getters) == 2:
            ga, gb = getters

            def site(env):
                try:
                    x = ga(env)
                    y = gb(env)
                    if type(x) is int and type(y) is int:
                        r = op(x, y)
                        if -_INT_LIMIT <= r <= _INT_LIMIT:
                            return r
                        return _int_op(name, [x, y])
                    return apply(x, y)
                except Exception as exc:
                    raise _located(exc, pos, names) from None
        else:
            def site(env):
                try:
                    args = [g(env) for g in getters]
                    if all(type(a) is int for a in args):
                        return _int_op(name, args)
                    return apply(*args)
                except Exception as exc:
                    raise _located(exc, pos, names) from None
        return site

    def index_arithmetic(self, node: Call) -> Callable:
        """`//` and `%`: whole-number index arithmetic only, never a primitive call."""
        getters = [self.getter(a) for a in node.args]
        pos, name = node.pos, node.func
        names = _names(node.args)

        def site(env):
            try:
                return _int_op(name, [g(env) for g in getters])
            except Exception as exc:
                raise _located(exc, pos, names) from None
        return site

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
            names = _names([right])
            if call.func in ("floordiv", "mod"):
                steps.append((None, call.func, self.getter(right), True, call.pos, names))
                continue
            j = self.slot(call.func)
            self.bounds[-1] += 1
            checks = call.func in _INT_ARITH and self.maybe_int(call.args[0]) and self.maybe_int(right)
            steps.append((self.apply(j), call.func, self.getter(right), checks, call.pos, names))

        def run_chain(env):
            try:
                value = base(env)
            except Exception as exc:
                raise _located(exc, first, base_names) from None
            for apply, name, right, checks, pos, names in steps:
                try:
                    y = right(env)
                    if apply is None or (checks and type(value) is int and type(y) is int):
                        value = _int_op(name, [value, y])
                    else:
                        value = apply(value, y)
                except Exception as exc:
                    raise _located(exc, pos, names) from None
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
                raise _located(exc, pos, names) from None
        return compare

    def expr_BoolOp(self, node: BoolOp) -> Callable:
        operands = [self.expr(o) for o in node.operands]
        pos = node.pos
        if node.op == "not":
            operand = operands[0]

            def negation(env):
                try:
                    return not _truth(operand(env))
                except Exception as exc:
                    raise _located(exc, pos) from None
            return negation
        stop = node.op == "or"       # `or` stops at the first True, `and` at the first False

        def boolean(env):
            try:
                for operand in operands:
                    value = _truth(operand(env))
                    if value == stop:
                        return value
                return value
            except Exception as exc:
                raise _located(exc, pos) from None
        return boolean

    def expr_IfExp(self, node: IfExp) -> Callable:
        test, body, orelse, pos = self.expr(node.test), self.expr(node.body), self.expr(node.orelse), node.pos

        def choose(env):
            try:
                chosen = _truth(test(env))
            except Exception as exc:
                raise _located(exc, pos) from None
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
                raise _located(exc, pos, names) from None
        return make

    def expr_ListRepeat(self, node: ListRepeat) -> Callable:
        names = _names(node.items + [node.count])
        items, count, pos = [self.getter(i) for i in node.items], self.getter(node.count), node.pos

        def repeat(env):
            try:
                values = [g(env) for g in items]
                return values * _count(count(env), len(values))
            except Exception as exc:
                raise _located(exc, pos, names) from None
        return repeat

    def loop_range(self, rng: Range, pos, build_body: Callable) -> tuple[Callable, Callable, int]:
        """What a for loop and a comprehension share: the trips of their range(...), checked
        against the limits and counted, and the body, built with its operations per trip."""
        names = _names([rng.start, rng.stop, rng.step])
        bounds = [self.getter(e) for e in (rng.start, rng.stop, rng.step)]
        self.bounds.append(0)
        body = build_body()
        per_trip = self.bounds.pop()
        run = self.run

        def trips(env) -> range:
            try:
                steps = _range(*[g(env) for g in bounds])
                _count_trips(run, steps, per_trip)
                return steps
            except Exception as exc:
                raise _located(exc, pos, names) from None
        return trips, body, per_trip

    def expr_ListComp(self, node: ListComp) -> Callable:
        range_trips, elt, per_item = self.loop_range(node.range, node.pos, lambda: self.expr(node.elt))
        var, run = node.var, self.run

        def comprehension(env):
            trips = range_trips(env)
            scope = dict(env)          # the loop variable is the comprehension's own
            out = []
            append = out.append
            if run.estimate <= run.limit:
                for i in trips:
                    scope[var] = i
                    append(elt(scope))
            else:
                for i in trips:
                    scope[var] = i
                    append(elt(scope))
                    run.estimate += per_item
                    if run.estimate > run.limit:
                        run.recount()
            return out
        return comprehension

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
                return _index(target, i)        # says what is wrong
            except Exception as exc:
                raise _located(exc, pos, names) from None
        return index

    def expr_Len(self, node: Len) -> Callable:
        names = _names([node.target])
        target, pos = self.getter(node.target), node.pos

        def length(env):
            try:
                return len(_as_list(target(env), "len"))
            except Exception as exc:
                raise _located(exc, pos, names) from None
        return length

    def expr_Sum(self, node: Sum) -> Callable:
        names = _names([node.target])
        target, pos, run = self.getter(node.target), node.pos, self.run
        j = self.slot("add")
        apply, K, counts, floats = self.apply(j), self.K, self.counts, self.floats

        def total(env):
            try:
                items = _as_list(target(env), "sum")
                if not items:
                    return 0                 # Python's sum([]) is 0, and 0 + items[0] is items[0]
                run.estimate += len(items) - 1
                if run.estimate > run.limit:
                    run.recount()
                value = items[0]
                if floats:
                    for item in items[1:]:
                        value = apply(value, item)
                else:                        # an exact kernel: call it directly
                    add = K[j]
                    for item in items[1:]:
                        counts[j] += 1
                        value = add(value, item)
                return value
            except Exception as exc:
                raise _located(exc, pos, names) from None
        return total

    # -- statements

    def block(self, body: list) -> Callable:
        statements = [getattr(self, "stmt_" + type(s).__name__)(s) for s in body]
        if len(statements) == 1:
            return statements[0]

        def run_block(env):
            for s in statements:
                s(env)
        return run_block

    def stmt_Assign(self, s: Assign) -> Callable:
        value, name, pos = self.expr(s.value), s.name, s.pos
        if s.index is None:
            def assign(env):
                env[name] = value(env)
            return assign
        index = self.getter(s.index)

        def assign_item(env):
            result = value(env)
            try:
                target = env[name]
                i = index(env)
                _check_index(target, i)
                target[i] = result
            except Exception as exc:
                raise _located(exc, pos, {name: pos}) from None
        return assign_item

    def stmt_For(self, s: For) -> Callable:
        range_trips, body, per_trip = self.loop_range(s.range, s.pos, lambda: self.block(s.body))
        var, run = s.var, self.run

        def loop(env):
            trips = range_trips(env)
            if run.estimate <= run.limit:
                for i in trips:
                    env[var] = i
                    body(env)
            else:                   # near the limit: count as the loop goes
                for i in trips:
                    env[var] = i
                    body(env)
                    run.estimate += per_trip
                    if run.estimate > run.limit:
                        run.recount()
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
                    going = _truth(test(env))
                except Exception as exc:
                    raise _located(exc, pos) from None
                if not going:
                    return
                trips += 1
                run.trips += 1
                if trips > cap:
                    raise LimitError(f"the while loop ran more than {cap:,} times "
                                     f"(max_loop_iterations, DIFFCOMPARE_MAX_LOOP_ITERATIONS)", pos)
                run.estimate += per_trip
                if run.estimate > run.limit:
                    run.recount()
                body(env)
        return loop

    def stmt_If(self, s: If) -> Callable:
        test, body, pos = self.expr(s.test), self.block(s.body), s.pos
        orelse = self.block(s.orelse) if s.orelse else None

        def branch(env):
            try:
                going = _truth(test(env))
            except Exception as exc:
                raise _located(exc, pos) from None
            if going:
                body(env)
            elif orelse is not None:
                orelse(env)
        return branch

    def stmt_Return(self, s: Return) -> Callable:
        values = [self.expr(v) for v in s.values]

        def ret(env):
            raise _Returned([v(env) for v in values])
        return ret


def _names(nodes) -> dict | None:
    """Where each variable among `nodes` is read, to place a 'has no value here' error on it."""
    return {n.id: n.pos for n in reversed(list(nodes)) if type(n) is Name} or None


def _convert(value, fn):
    return [_convert(v, fn) for v in value] if isinstance(value, list) else fn(value)


def _spine(node) -> int:
    """How many binary calls lean left from `node` (a + b + c + d: 3)."""
    n = 0
    while type(node) is Call and len(node.args) == 2:
        n += 1
        if n >= CHAIN:
            break
        node = node.args[0]
    return n


def _count_trips(run: _Run, trips: range, per_trip: int) -> None:
    n = len(trips)
    run.trips += n
    run.estimate += n * (per_trip + 1)
    if run.estimate > run.limit:
        run.recount()            # raises if the loop's trips alone pass the limit
        run.estimate += n * per_trip


def _compare(algebra_compare, op: str, a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        raise EvaluationError("lists cannot be compared")
    if type(a) in (int, bool) and type(b) in (int, bool):
        return COMPARISONS[op](a, b)
    return algebra_compare(op, a, b)


def generic_kernel(call, prim: Primitive) -> Callable:
    """`call(prim, [args])` as a function of the arguments: the kernel of an algebra without one."""
    if prim.arity == 1:
        return lambda x: call(prim, [x])
    if prim.arity == 2:
        return lambda x, y: call(prim, [x, y])
    return lambda *args: call(prim, list(args))


#: tests set this to False to compile with every site testing for ints (the slow, obviously right way)
USE_INT_FLOW = True

#: each program's lowered forms, kept beside it (the Program itself stays plain data: it pickles)
_CACHE: "weakref.WeakKeyDictionary[Program, dict]" = weakref.WeakKeyDictionary()


def compiled(program: Program, algebra=FLOAT, inputs: dict | None = None) -> _Compiled:
    """The program lowered for this algebra and these input types (cached on the program)."""
    floats = type(algebra) is FloatAlgebra
    int_names, int_lists = set(), set()
    for name, value in (inputs or {}).items():
        if type(value) is int:
            int_names.add(name)
        elif isinstance(value, list) and any(type(v) is int for v in value):
            int_lists.add(name)
    key = (floats, frozenset(int_names), frozenset(int_lists), USE_INT_FLOW)
    cache = _CACHE.get(program)
    if cache is None:
        cache = _CACHE[program] = {}
    found = cache.get(key)
    if found is not None and not found.busy:
        return found
    collecting = gc.isenabled()
    gc.disable()          # lowering allocates many closures and frees none: nothing for the collector
    try:
        flow = _IntFlow(program, int_names, int_lists) if USE_INT_FLOW else None
        made = _Compiled(program, floats, flow)
    except RecursionError:
        raise LimitError("the program is nested too deeply to run") from None
    finally:
        if collecting:
            gc.enable()
    if found is None:
        cache[key] = made
    return made


def evaluate(program: Program, inputs: dict[str, Any], algebra: Algebra = FLOAT,
             meter: Meter | None = None) -> list:
    """Run `program` once on `inputs` (values of `algebra`, or lists of them for vector
    parameters) and return its outputs as a flat list: one traversal."""
    meter = meter if meter is not None else Meter()
    meter.traversals += 1
    code = compiled(program, algebra, inputs)
    env = {name: (list(v) if isinstance(v, list) else v) for name, v in inputs.items()}
    code.busy = True
    try:
        values = code.execute(env, algebra, meter)
    except RecursionError:
        raise LimitError("the program is nested too deeply to run") from None
    finally:
        code.busy = False
    outputs = []
    for value in values:
        outputs.extend(value if isinstance(value, list) else [value])
    if not outputs:
        raise EvaluationError("the function returned an empty list")
    for value in outputs:
        if isinstance(value, list):
            raise EvaluationError("a returned list must hold numbers, not lists")
        if isinstance(value, bool):
            raise EvaluationError("the function returned a comparison, not a number")
    return outputs
