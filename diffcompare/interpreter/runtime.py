"""What the lowered closures share at run time: the traversal's state (`Run`), the signals
statements pass up (`Returned`, `BREAK`, `CONTINUE`), lowered defs (`FunctionCode`), and
how an error gets its source position (`located`, `locating`)."""

from __future__ import annotations

from typing import Callable

from ..errors import EvaluationError, LimitError
from ..language.ir import Name
from ..limits import LIMITS
from .values import sequence_op

class Returned:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


BREAK = object()
CONTINUE = object()


def operations_error(limit: int) -> LimitError:
    return LimitError(f"more than {limit:,} operations in one traversal "
                      f"(limit max_operations, DIFFCOMPARE_MAX_OPERATIONS)")


def tape_error() -> LimitError:
    return LimitError(f"the tape passed {LIMITS.max_tape_mb:,} MB (limit max_tape_mb, DIFFCOMPARE_MAX_TAPE_MB): "
                      f"reverse mode keeps every value of the run")


class Run:
    """The state of the current traversal, shared by the closures of one lowered program."""
    __slots__ = ("trips", "estimate", "limit", "compare", "call", "counts", "value", "elements", "algebra",
                 "element_limit", "kept")

    def __init__(self, counts: list):
        self.counts = counts
        self.trips = 0          # loop trips: they count as operations, like calls
        self.estimate = 0       # an upper bound on the operations since the last exact count
        self.limit = 0
        self.compare = None     # the algebra's compare(op, a, b)
        self.call = None        # call(j, args): slot j through the algebra's `call` (the exact path)
        self.value = None       # the algebra's value(x): a number's float value (int(), round())
        self.elements = 0       # element operations of calls on arrays, beyond one per call
        self.algebra = None     # the algebra itself (arrays are built through it)
        self.element_limit = 0  # elements of calls on arrays the run may make beyond one per call
        self.kept = None        # a tape's bytes per node and per array element: max_tape_mb holds too

    def keeping(self, tape_bytes: tuple[int, int] | None) -> None:
        """Set this run's limits. An algebra that keeps every value it makes (a reverse-mode tape)
        says what a node and an array's element cost it (`tape_bytes`): the run is then held to
        `max_tape_mb` as well."""
        self.kept = tape_bytes
        self.limit = LIMITS.max_operations
        self.element_limit = float("inf")
        if tape_bytes is not None:
            budget = LIMITS.max_tape_mb * 2**20
            self.limit = min(self.limit, budget // tape_bytes[0])
            self.element_limit = budget // tape_bytes[1]

    def kept_error(self) -> LimitError:
        return tape_error()

    def recount(self) -> None:
        """The estimate passed its threshold (`limit`): count exactly, and stop only if the count
        passed a limit too. Loop trips are operations but make no tape node: a tape's threshold
        then moves up by what the tape has left, so the estimate (which grows at least as fast
        as the calls) next triggers a recount only when the calls could have passed it."""
        calls = sum(self.counts)
        exact = calls + self.trips
        if exact > LIMITS.max_operations:
            raise operations_error(LIMITS.max_operations)
        if self.kept is not None:
            node, element = self.kept
            left = LIMITS.max_tape_mb * 2**20 - calls * node - self.elements * element
            if left < 0:
                raise tape_error()
            self.limit = min(LIMITS.max_operations, exact + left // node)
        self.estimate = exact

    def sequence(self, name: str, args: list):
        """``list + list``, ``list * n``: the new list's elements count as operations, as the
        trips of a loop building it would (so lists made over and over, each within
        max_list_length, cannot fill the memory)."""
        out = sequence_op(name, args)
        self.count_trips(len(out), 0)
        return out

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


def locating(pos, names: dict | None = None) -> Callable:
    """Wrap a closure so that an error it raises carries its source position (for closures
    off the hot path; the per-call sites keep their own try, one call less)."""
    def wrap(fn: Callable) -> Callable:
        def run(*args):
            try:
                return fn(*args)
            except Exception as exc:
                raise located(exc, pos, names) from None
        return run
    return wrap


def names_of(nodes) -> dict | None:
    """Where each variable among `nodes` is read, to place a 'has no value here' error on it."""
    return {n.id: n.pos for n in reversed(list(nodes)) if type(n) is Name} or None


