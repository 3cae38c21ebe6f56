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

from operator import itemgetter
from typing import Any, Callable

from ..errors import EvaluationError
from ..language.ir import Const, Function, Invoke, Name, Program, walk
from ..limits import LIMITS
from ..primitives import TABLE, Primitive
from ..primitives.arrays import size_of
from ..primitives.sizes import made_elements
from . import values as V
from .algebra import C_REAL, generic_kernel
from .arrays import ArrayLowering
from .expressions import FAST_FAIL, ExpressionLowering
from .kinds import INT, INT_PRIMS, SEQ, SEQ_PRIMS, Kinds
from .runtime import FunctionCode, Returned, Run
from .statements import StatementLowering

_INF = float("inf")
_NINF = -_INF


class Lowered(ExpressionLowering, StatementLowering, ArrayLowering):
    """One Program lowered for one kind of algebra: ``floats`` (raw C functions whose
    failures and non-finite results are re-run through the algebra's ``call`` for the
    exact error), or objects (kernels that are exact by themselves)."""

    def __init__(self, program: Program, floats: bool, kinds: Kinds, constant: Callable | None = None):
        self.program_name = program.name
        self.constant = constant               # the algebra's float constants, from what was written
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
        run.keeping(getattr(algebra, "tape_bytes", None))
        run.compare = algebra.compare
        run.value = getattr(algebra, "value", _plain_value)
        run.elements = 0
        run.algebra = algebra
        call, prims = algebra.call, self.prims
        inside = getattr(algebra, "inside", None) if kernel is not None else None

        def exact(j, args):
            prim = prims[j]
            if not prim.structural and any(type(a) is list or type(a) is V.Tup for a in args):
                counts[j] -= 1                 # list + list, list * n: not a primitive call
                return run.sequence(prim.name, list(args))
            if prim.structural or any(V.is_array(a) for a in args):
                check_made(prim, args, run)     # before numpy allocates it
            out = call(prim, list(args))
            if inside is not None:
                out = inside(out)               # a number as the kernels carry it inside the run
            if prim.structural or V.is_array(out):
                # an operation on arrays costs more than one element operation: count them
                run.elements += (prim.work(args, out) if prim.work else size_of(out)) - 1
                if run.elements > run.element_limit:
                    raise run.kept_error()
            return out
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
            meter.element_ops += sum(counts) + run.elements
        run.recount()                           # the exact count against the limits, once more
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
            self.consts[key] = self.const(node)
            return key
        return None

    def const(self, node: Const) -> Any:
        """A constant's value in this lowering: the float written, or for an algebra with a
        ``constant(value, exact)`` hook, that algebra's number for it (ints stay ints: indices)."""
        if self.constant is None or type(node.value) is not float:
            return node.value
        return self.constant(node.value, node.exact)

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
            except FAST_FAIL:
                pass
            return run.call(j, args)
        return apply

    def checked(self, name: str, j: int) -> Callable:
        """f(*args) for a site whose operands may be whole numbers or lists: ints alone stay
        ints (index arithmetic, not counted), lists are concatenated or repeated. The two-
        argument form tests types in line: it runs once per trip of loops such as my_func's."""
        apply = self.apply(j)
        int_op = V.INT_OPS.get(name)
        Tup, int_result, INT_LIMIT, run = V.Tup, V.int_op, V.INT_LIMIT, self.run
        plain = name in ("add", "sub", "mul")        # Python's int arithmetic, range-checked in line

        def call2(x, y):
            tx, ty = type(x), type(y)
            if (tx is int or tx is bool) and (ty is int or ty is bool) and int_op is not None:
                if plain:
                    r = int_op(x, y)
                    if -INT_LIMIT <= r <= INT_LIMIT:
                        return r
                r = int_result(name, (x, y))
                if r is not None:
                    return r
            elif tx is list or tx is Tup or ty is list or ty is Tup:
                return run.sequence(name, [x, y])
            return apply(x, y)

        def call(*args):
            if int_op is not None and all(type(a) is int or type(a) is bool for a in args):
                r = int_result(name, args)
                if r is not None:
                    return r
            elif any(type(a) is list or type(a) is Tup for a in args):
                return run.sequence(name, list(args))
            return apply(*args)
        return call2 if self.prims[j].arity == 2 else call


def check_made(prim: Primitive, args, run: Run) -> None:
    """Refuse an operation on arrays whose result would pass `max_array_elements`, before numpy
    tries to allocate it (np.outer of two long vectors, np.tile(x, 10**9), a broadcast), or
    would take a tape past its memory (an array of 50-digit numbers is 240 bytes an element)."""
    made = made_elements(prim.name, prim.structural, args)
    if made is not None:
        shapes = " and ".join(str(tuple(a.shape)) for a in args if V.is_array(a))
        V.check_size(made, f"np.{prim.name}" if prim.structural else f"{prim.name} broadcast over shapes {shapes}")
    if run.kept is not None:
        size = made if made is not None else max(getattr(a, "size", 1) for a in args)
        if run.elements + size > run.element_limit:
            raise run.kept_error()


def _plain_value(x: Any) -> float:
    """An algebra without `value`: its numbers are floats (or convert to them)."""
    try:
        return float(x)
    except TypeError:
        raise EvaluationError("this engine cannot take the value of a number here") from None


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
