"""Run a `Program` over any algebra. One run is one graph traversal.

An *algebra* says what numbers are: floats, dual numbers, tape variables, sympy
symbols or 50-digit mpmath numbers. It answers two questions:

- ``call(prim, args)``: the value of a primitive of the table on its numbers;
- ``compare(op, a, b)``: a branch condition as a Python bool (an algebra may
  refuse: sympy cannot decide ``x > 0`` for a symbol x).

Everything else -- variables, loops, lists, branches -- is the interpreter's,
written once for all engines. Python ints are loop indices: arithmetic on ints
alone stays int and is not a primitive call; anything touching a number of the
algebra goes through ``algebra.call`` and is counted.

Each expression is lowered once into postfix code (a flat list of
instructions) and run by a loop, so a 100,000-term sum needs no deep recursion.
"""

from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import DomainError, EvaluationError, LimitError, Unsupported
from .limits import LIMITS
from .primitives import TABLE, Primitive, apply_real
from .program import (Assign, BoolOp, Call, Compare, Const, For, If, IfExp, Index, Len, ListComp, ListLit,
                      ListRepeat, Name, Program, Range, Return, Sum, While)


class Algebra(Protocol):
    name: str

    def call(self, prim: Primitive, args: list) -> Any: ...

    def compare(self, op: str, a: Any, b: Any) -> bool: ...


COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
               "==": operator.eq, "!=": operator.ne}


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


# --- lowering: expression trees to postfix code ------------------------------

CONST, LOAD, CALL, COMPARE, NOT, JUMP_IF_FALSE, JUMP, TRUTH_OR_JUMP, LIST, REPEAT, COMP, INDEX, LEN, SUM = range(14)

_INT_OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "neg": operator.neg,
            "floordiv": operator.floordiv, "mod": operator.mod}
_INT_LIMIT = 2 ** 62


def lower(expr) -> list[list]:
    """Postfix code for one expression: instructions ``[opcode, argument, count, pos]``."""
    code: list[list] = []
    work: list = [expr]

    def emit(*instr):
        return lambda: code.append(list(instr))

    def label(instr):
        def set_target():
            instr[1] = len(code)
        return set_target

    while work:
        item = work.pop()
        if callable(item):
            item()
            continue
        node = item
        if isinstance(node, Const):
            code.append([CONST, node.value, 0, node.pos])
        elif isinstance(node, Name):
            code.append([LOAD, node.id, 0, node.pos])
        elif isinstance(node, Call):
            target = TABLE.get(node.func, node.func)   # floordiv/mod: index arithmetic only
            work.append(emit(CALL, target, len(node.args), node.pos))
            work.extend(reversed(node.args))
        elif isinstance(node, Compare):
            work.append(emit(COMPARE, node.ops, len(node.operands), node.pos))
            work.extend(reversed(node.operands))
        elif isinstance(node, BoolOp) and node.op == "not":
            work.append(emit(NOT, None, 0, node.pos))
            work.append(node.operands[0])
        elif isinstance(node, BoolOp):
            # a and b: test a; if it decides the answer, jump to the end with it; else test b
            jumps = [[TRUTH_OR_JUMP, None, node.op == "or", node.pos] for _ in node.operands[:-1]]
            seq: list = []
            for operand, jump in zip(node.operands, jumps):
                seq += [operand, (lambda j=jump: code.append(j))]
            seq += [node.operands[-1], emit(TRUTH_OR_JUMP, None, None, node.pos)]
            seq += [label(j) for j in jumps]
            work.extend(reversed(seq))
        elif isinstance(node, IfExp):
            to_else = [JUMP_IF_FALSE, None, 0, node.pos]
            to_end = [JUMP, None, 0, node.pos]
            # bind the instructions now: nested conditionals rebind these names before the lambdas run
            seq = [node.test, lambda i=to_else: code.append(i), node.body, lambda i=to_end: code.append(i),
                   label(to_else), node.orelse, label(to_end)]
            work.extend(reversed(seq))
        elif isinstance(node, ListLit):
            work.append(emit(LIST, None, len(node.items), node.pos))
            work.extend(reversed(node.items))
        elif isinstance(node, ListRepeat):
            work.append(emit(REPEAT, None, len(node.items), node.pos))
            work.append(node.count)
            work.extend(reversed(node.items))
        elif isinstance(node, ListComp):
            work.append(emit(COMP, (lower(node.elt), node.var), 3, node.pos))
            work.extend([node.range.step, node.range.stop, node.range.start])
        elif isinstance(node, Index):
            work.append(emit(INDEX, None, 2, node.pos))
            work.extend([node.index, node.target])
        elif isinstance(node, Len):
            work.append(emit(LEN, None, 1, node.pos))
            work.append(node.target)
        elif isinstance(node, Sum):
            work.append(emit(SUM, None, 1, node.pos))
            work.append(node.target)
        else:  # pragma: no cover - the parser produces nothing else
            raise TypeError(f"unknown node {type(node).__name__}")
    return code


def _lowered(program: Program) -> list:
    """The program's statements with every expression lowered (cached on the program)."""
    cached = getattr(program, "_lowered", None)
    if cached is None:
        cached = _lower_block(program.body)
        program._lowered = cached
    return cached


def _lower_block(body: list) -> list:
    out = []
    for s in body:
        if isinstance(s, Assign):
            out.append(("assign", s.name, lower(s.value), lower(s.index) if s.index is not None else None, s.pos))
        elif isinstance(s, For):
            out.append(("for", s.var, [lower(e) for e in (s.range.start, s.range.stop, s.range.step)],
                        _lower_block(s.body), s.pos))
        elif isinstance(s, While):
            out.append(("while", lower(s.test), _lower_block(s.body), s.pos))
        elif isinstance(s, If):
            out.append(("if", lower(s.test), _lower_block(s.body), _lower_block(s.orelse), s.pos))
        elif isinstance(s, Return):
            out.append(("return", [lower(v) for v in s.values], s.pos))
    return out


# --- running -----------------------------------------------------------------

class _Returned(Exception):
    def __init__(self, values):
        self.values = values


class _Run:
    """One traversal: the environment, the algebra, and the meters."""

    def __init__(self, algebra, meter: Meter):
        self.algebra = algebra
        self.calls = meter.calls
        self.operations = 0
        self.limit = LIMITS.max_operations

    def expression(self, code: list, env: dict) -> Any:
        stack: list = []
        push = stack.append
        pc, end = 0, len(code)
        algebra = self.algebra
        while pc < end:
            op, arg, n, pos = code[pc]
            pc += 1
            try:
                if op == CALL:
                    args = stack[-n:]
                    del stack[-n:]
                    if type(arg) is str or all(type(a) is int for a in args) and arg.name in _INT_OPS:
                        push(_int_op(arg if type(arg) is str else arg.name, args))
                        continue
                    self.calls[arg.name] += 1
                    self.operations += 1
                    if self.operations > self.limit:
                        raise LimitError(f"more than {self.limit:,} operations in one traversal "
                                         f"(limit max_operations, DIFFCOMPARE_MAX_OPERATIONS)")
                    push(algebra.call(arg, args))
                elif op == LOAD:
                    push(env[arg])
                elif op == CONST:
                    push(arg)
                elif op == COMPARE:
                    operands = stack[-n:]
                    del stack[-n:]
                    push(all(self.compare(o, a, b) for o, a, b in zip(arg, operands, operands[1:])))
                elif op == JUMP_IF_FALSE:
                    if not _truth(stack.pop()):
                        pc = arg
                elif op == JUMP:
                    pc = arg
                elif op == TRUTH_OR_JUMP:
                    value = _truth(stack.pop())
                    push(value)
                    if n is not None and value == n:   # `or` stops at True, `and` at False
                        pc = arg
                    elif n is not None:
                        stack.pop()
                elif op == NOT:
                    push(not _truth(stack.pop()))
                elif op == INDEX:
                    index = stack.pop()
                    push(_index(stack.pop(), index))
                elif op == LIST:
                    items = stack[-n:] if n else []
                    del stack[len(stack) - n:]
                    push(items)
                elif op == REPEAT:
                    count = stack.pop()
                    items = stack[-n:]
                    del stack[-n:]
                    push(items * _count(count, len(items)))
                elif op == COMP:
                    step, stop, start = stack.pop(), stack.pop(), stack.pop()
                    elt, var = arg
                    scope = dict(env)
                    out = []
                    for i in self.trips(start, stop, step):
                        scope[var] = i
                        out.append(self.expression(elt, scope))
                    push(out)
                elif op == LEN:
                    push(len(_as_list(stack.pop(), "len")))
                elif op == SUM:
                    items = _as_list(stack.pop(), "sum")
                    total: Any = items[0] if items else 0   # Python's 0 + items[0] is items[0]
                    for item in items[1:]:
                        total = self.call("add", [total, item])
                    push(total)
            except KeyError:
                raise EvaluationError(f"'{arg}' has no value here: it is assigned only on another path", pos) from None
            except TypeError:
                raise EvaluationError("a list was used where a number is needed", pos) from None
            except (EvaluationError,) as exc:
                if exc.where is None:
                    exc.where = pos
                    exc.args = (f"{exc.reason} (line {pos[0]}, column {pos[1]})",) if pos[0] else exc.args
                raise
        return stack[-1]

    def call(self, name: str, args: list) -> Any:
        prim = TABLE[name]
        self.calls[name] += 1
        self.operations += 1
        return self.algebra.call(prim, args)

    def compare(self, op: str, a: Any, b: Any) -> bool:
        if isinstance(a, list) or isinstance(b, list):
            raise EvaluationError("lists cannot be compared")
        if type(a) in (int, bool) and type(b) in (int, bool):
            return COMPARISONS[op](a, b)
        return self.algebra.compare(op, a, b)

    def trips(self, start, stop, step) -> range:
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
        self.operations += len(trips)
        if self.operations > self.limit:
            raise LimitError(f"more than {self.limit:,} operations in one traversal "
                             f"(limit max_operations, DIFFCOMPARE_MAX_OPERATIONS)")
        return trips

    def block(self, body: list, env: dict) -> None:
        for s in body:
            kind = s[0]
            if kind == "assign":
                _, name, value, index, pos = s
                result = self.expression(value, env)
                if index is None:
                    env[name] = result
                else:
                    target = env[name]
                    i = self.expression(index, env)
                    _check_index(target, i)
                    target[i] = result
            elif kind == "for":
                _, var, bounds, body_code, pos = s
                try:
                    trips = self.trips(*(self.expression(b, env) for b in bounds))
                except EvaluationError as exc:
                    _locate(exc, pos)
                    raise
                for i in trips:
                    env[var] = i
                    self.block(body_code, env)
            elif kind == "while":
                _, test, body_code, pos = s
                trips = 0
                while _truth(self.expression(test, env)):
                    trips += 1
                    self.operations += 1
                    if trips > LIMITS.max_loop_iterations:
                        raise LimitError(f"the while loop ran more than {LIMITS.max_loop_iterations:,} times "
                                         f"(max_loop_iterations, DIFFCOMPARE_MAX_LOOP_ITERATIONS)", pos)
                    self.block(body_code, env)
            elif kind == "if":
                _, test, body_code, orelse, pos = s
                self.block(body_code if _truth(self.expression(test, env)) else orelse, env)
            else:
                _, values, pos = s
                raise _Returned([self.expression(v, env) for v in values])


def _locate(exc: EvaluationError, pos) -> None:
    if exc.where is None and pos and pos[0]:
        exc.where = pos
        exc.args = (f"{exc.reason} (line {pos[0]}, column {pos[1]})",)


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


def evaluate(program: Program, inputs: dict[str, Any], algebra: Algebra = FLOAT,
             meter: Meter | None = None) -> list:
    """Run `program` once on `inputs` (values of `algebra`, or lists of them for vector
    parameters) and return its outputs as a flat list: one traversal."""
    meter = meter if meter is not None else Meter()
    meter.traversals += 1
    run = _Run(algebra, meter)
    env = {name: (list(v) if isinstance(v, list) else v) for name, v in inputs.items()}
    try:
        run.block(_lowered(program), env)
    except _Returned as ret:
        outputs = []
        for value in ret.values:
            outputs.extend(value if isinstance(value, list) else [value])
        if not outputs:
            raise EvaluationError("the function returned an empty list")
        for value in outputs:
            if isinstance(value, list):
                raise EvaluationError("a returned list must hold numbers, not lists")
            if isinstance(value, bool):
                raise EvaluationError("the function returned a comparison, not a number")
        return outputs
    except RecursionError:
        raise LimitError("the program is nested too deeply to run") from None
    raise EvaluationError(f"'{program.name}' ended without reaching a return")
