"""The language's own values besides numbers -- lists, tuples, ranges -- and the
builtins that work on them (len, range, zip, enumerate, reversed, indexing, slicing,
list + list, list * n), each checked against the limits with a clear message.

Numbers belong to the algebra (floats, dual numbers, tape variables, sympy
expressions); whole numbers are Python ints (loop indices). Lists are Python lists.
A tuple is a `Tup`: inside a run, the forward and reverse algebras carry their numbers
as plain Python tuples (value, tangent) and (value, index), so the language's tuples
must be a type of their own that no algebra mistakes for a number.
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any, Iterable

from ..errors import DomainError, EvaluationError, LimitError
from ..limits import LIMITS

INT_LIMIT = 2 ** 62


class Tup(tuple):
    """A tuple of the language (``a, b = f(x)``; ``return u, v``)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return f"Tup{tuple.__repr__(self)}"


SEQUENCES = (list, Tup)


def is_sequence(value: Any) -> bool:
    return type(value) is list or type(value) is Tup


def is_array(value: Any) -> bool:
    """An array of the algebra's numbers, or a constant numpy array: anything with dimensions.
    (A numpy scalar such as x[0] of a float array has ndim 0: it is a number.)"""
    return getattr(value, "ndim", 0) > 0


def kind_name(value: Any) -> str:
    """What a value is, in the words of an error message."""
    if type(value) is list:
        return "a list"
    if type(value) is Tup:
        return "a tuple"
    if type(value) is range:
        return "a range"
    if is_array(value):
        return f"an array of shape {tuple(value.shape)}"
    if value is None:
        return "None"
    if type(value) is bool:
        return "a comparison"
    return "a number"


# --- checks ----------------------------------------------------------------------

def check_length(n: int, what: str = "a list") -> int:
    if n > LIMITS.max_list_length:
        raise LimitError(f"{what} of {n:,} elements exceeds max_list_length "
                         f"({LIMITS.max_list_length:,}, DIFFCOMPARE_MAX_LIST_LENGTH)")
    return n


def whole(value: Any, what: str) -> int:
    """`value` as a whole number for `what` (an index, a count, a range bound)."""
    if type(value) is int or type(value) is bool:
        return int(value)
    if isinstance(value, float):
        raise EvaluationError(f"{what} must be a whole number, got {value!r}")
    raise EvaluationError(f"{what} must be a whole number that does not depend on the inputs, "
                          f"got {kind_name(value)}")


def constant_number(value: Any) -> Any:
    """`value` as Python's number where it does not depend on the inputs -- an int, a float, or
    an algebra's exact constant (the reference's 50-digit 0.1, sympy's 1/10 or pi) as its float --
    else None (a dual number, a tape variable, a symbol)."""
    if type(value) is int or type(value) is float or type(value) is bool:
        return value
    if isinstance(value, numbers.Real) or (getattr(value, "is_number", False) and not value.free_symbols):
        return float(value)
    return None


def truth(value: Any) -> bool:
    if type(value) is bool or type(value) is int:
        return bool(value)
    if type(value).__name__ == "bool_":          # numpy's bool, as np.any(mask) gives
        return bool(value)
    if is_array(value):
        raise EvaluationError("an array of comparisons has no single truth value: use np.any(...) or np.all(...)")
    raise EvaluationError("a condition must be a comparison such as x > 0")


def int_result(value: int) -> int:
    if -INT_LIMIT <= value <= INT_LIMIT:
        return value
    raise LimitError("a whole-number index grew beyond 2**62")


# --- whole-number arithmetic (loop indices: not primitive calls) -----------------------

def _int_pow(x: int, y: int):
    if y < 0:
        return None                 # Python gives a float: a primitive call
    if x not in (0, 1, -1) and y * math.log2(abs(x)) > 62:
        # Python would build the exact integer (for 2**2**30, a third of a gigabyte)
        raise LimitError(f"{x}**{y} is a whole number beyond 2**62; for a float, write {x}.0**{y}")
    return x ** y


def _floordiv(x: int, y: int) -> int:
    if y == 0:
        raise DomainError("integer division by zero")
    return x // y


def _mod(x: int, y: int) -> int:
    if y == 0:
        raise DomainError("integer modulo by zero")
    return x % y


#: the int arithmetic a site may do in line (then range-checked against INT_LIMIT)
PLAIN_INT_OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}

INT_OPS = {"add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
           "neg": lambda x: -x, "floordiv": _floordiv, "mod": _mod, "pow": _int_pow,
           "min": min, "max": max, "abs": abs}


def int_op(name: str, args) -> Any:
    """`name` on whole numbers as Python computes it, or None when Python's answer is not a
    whole number (``2 ** -1``) and the primitive must take over."""
    result = INT_OPS[name](*args)
    return None if result is None else int_result(result)


# --- sequences ------------------------------------------------------------------------

def sequence_op(name: str, args: list) -> Any:
    """``list + list``, ``list * n``, ``n * list`` (and tuples), or an error in words."""
    a, b = (args + [None])[:2]
    if name == "add" and len(args) == 2 and type(a) is type(b) and is_sequence(a):
        check_length(len(a) + len(b))
        return a + b
    if name == "mul" and len(args) == 2 and (is_sequence(a) or is_sequence(b)):
        seq, count = (a, b) if is_sequence(a) else (b, a)
        if type(count) is int or type(count) is bool:
            check_length(len(seq) * max(int(count), 0))
            return seq * count
        raise EvaluationError(f"{kind_name(seq)} can only be repeated (*) a whole number of times, "
                              f"not by {kind_name(count)}")
    if name == "add" and len(args) == 2:
        raise EvaluationError(f"+ joins {kind_name(a)} only with another one like it, not with {kind_name(b)}"
                              if is_sequence(a) else
                              f"+ joins {kind_name(b)} only with another one like it, not with {kind_name(a)}")
    shown = " and ".join(kind_name(v) for v in args)
    raise EvaluationError(f"{name} needs numbers, got {shown}")


def length(value: Any) -> int:
    if is_sequence(value) or type(value) is range:
        return len(value)
    if is_array(value):
        return int(value.shape[0])
    raise EvaluationError(f"len() needs a list, a tuple or an array, got {kind_name(value)}")


def make_range(start: Any, stop: Any, step: Any) -> range:
    bounds = [whole(b, "a range() bound") for b in (start, stop, step)]
    if bounds[2] == 0:
        raise EvaluationError("range() step must not be zero")
    trips = range(*bounds)
    if len(trips) > LIMITS.max_loop_iterations:
        raise LimitError(f"a loop of {len(trips):,} trips exceeds the limit of {LIMITS.max_loop_iterations:,} "
                         f"(max_loop_iterations, DIFFCOMPARE_MAX_LOOP_ITERATIONS)")
    return trips


class Zip:
    """``zip(a, b, ...)``: pairs as `Tup`, shortest length (as Python)."""
    __slots__ = ("parts",)

    def __init__(self, parts: list):
        self.parts = [as_iterable(p, "zip()") for p in parts]

    def __len__(self) -> int:
        return min((len(p) for p in self.parts), default=0)

    def __iter__(self):
        return (Tup(t) for t in zip(*self.parts))


class Enumerate:
    """``enumerate(a, start)``: (index, item) as `Tup`."""
    __slots__ = ("items", "start")

    def __init__(self, items: Any, start: Any):
        self.items = as_iterable(items, "enumerate()")
        self.start = whole(start, "enumerate()'s start")

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return (Tup(t) for t in enumerate(self.items, self.start))


class Reversed:
    __slots__ = ("items",)

    def __init__(self, items: Any):
        self.items = as_iterable(items, "reversed()")

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return reversed(self.items)


ITERABLES = (list, Tup, range, Zip, Enumerate, Reversed)


def as_iterable(value: Any, what: str = "a for loop") -> Any:
    """Something to loop over, with a length (lists, tuples, ranges, zip, enumerate, reversed)."""
    if type(value) in ITERABLES:
        return value
    raise EvaluationError(f"{what} needs a list, a tuple or a range, got {kind_name(value)}")


def materialize(value: Any, what: str) -> list:
    items = as_iterable(value, what)
    return items if type(items) is list else list(items)


def static(value: Any) -> Any:
    """A value as numpy takes it for an axis, a shape or an index: tuples as Python tuples."""
    if type(value) is Tup:
        return tuple(static(v) for v in value)
    return value


def check_size(n: int, made_by: str = "") -> int:
    """`n` elements for one array, within `max_array_elements`; `made_by` names the operation."""
    if n > LIMITS.max_array_elements:
        what = f"{made_by} would make an array of {n:,} elements, over" if made_by else \
            f"an array of {n:,} elements exceeds"
        raise LimitError(f"{what} max_array_elements ({LIMITS.max_array_elements:,}, "
                         f"DIFFCOMPARE_MAX_ARRAY_ELEMENTS)")
    return n


def check_index(target: Any, index: Any) -> int:
    if not is_sequence(target):
        raise EvaluationError(f"only lists and tuples can be indexed, not {kind_name(target)}")
    if type(index) is Tup:
        raise EvaluationError(f"{kind_name(target)} takes one index, not a tuple of them")
    i = whole(index, "an index")
    if not -len(target) <= i < len(target):
        raise EvaluationError(f"index {i} is out of range for {kind_name(target)} of {len(target)}")
    return i


def get_item(target: Any, index: Any) -> Any:
    if type(index) is slice:
        if not is_sequence(target):
            raise EvaluationError(f"only lists and tuples can be sliced, not {kind_name(target)}")
        return target[index]
    return target[check_index(target, index)]


def set_item(target: Any, index: Any, value: Any) -> None:
    """``target[index] = value`` on a list, in place (as Python: other names of the list see it)."""
    if type(target) is Tup:
        raise EvaluationError("a tuple cannot be changed: build a list instead")
    if type(index) is slice:
        if type(target) is not list:
            raise EvaluationError(f"only lists can be assigned slices, not {kind_name(target)}")
        items = materialize(value, "a slice assignment")
        if index.step not in (None, 1) and len(items) != len(range(*index.indices(len(target)))):
            raise EvaluationError(f"a slice with a step needs {len(range(*index.indices(len(target))))} "
                                  f"values, got {len(items)}")
        check_length(len(target) - len(range(*index.indices(len(target)))) + len(items))
        target[index] = items
        return
    target[check_index(target, index)] = value


def make_slice(lower: Any, upper: Any, step: Any) -> slice:
    parts = [None if v is None else whole(v, "a slice bound") for v in (lower, upper, step)]
    if parts[2] == 0:
        raise EvaluationError("a slice step must not be zero")
    return slice(*parts)


def unpack(value: Any, count: int) -> Iterable:
    """The items of `value` for ``a, b = value``, which must hold exactly `count` of them."""
    items = materialize(value, "unpacking")
    if len(items) != count:
        raise EvaluationError(f"cannot unpack {len(items)} values into {count} names")
    return items
