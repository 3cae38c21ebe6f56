"""What an algebra is -- the kind of numbers a traversal runs on -- and the plainest one,
floats; and the `Meter` that counts what runs cost.

An *algebra* says what numbers are: floats, dual numbers, tape variables, sympy
symbols or 50-digit mpmath numbers. It answers:

- ``call(prim, args)``: the value of a primitive of the table on its numbers;
- ``compare(op, a, b)``: a branch condition as a Python bool (an algebra may
  refuse: sympy cannot decide ``x > 0`` for a symbol x);
- ``value(x)`` (optional): a number's float value, for ``int(x)`` and ``round(x)``,
  whose results are whole numbers with no derivative.

Everything else -- variables, loops, lists, branches, helpers -- is the interpreter's,
written once for all engines.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from ..primitives import Primitive, apply_real, backend
from ..primitives.on_arrays import apply_array


class Algebra(Protocol):
    name: str

    def call(self, prim: Primitive, args: list) -> Any: ...

    def compare(self, op: str, a: Any, b: Any) -> bool: ...

    # optional: value(x) -> float; kernel(prim) -> f(*args), returning exactly what
    # call(prim, list(args)) returns; with kernels, optional inside(number) / outside(number):
    # the form numbers take during the run (kernels and compare see that form); constant(value,
    # exact) -> number: a float constant of the program as this algebra's number, from `exact`
    # (`Const.exact`: the decimal written, or "pi") where given -- the reference's exact constants


COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
               "==": operator.eq, "!=": operator.ne}

#: The table's float implementations of arithmetic are Python lambdas (``x + y``) and
#: ``math.pow`` behind a wrapper; these are the same functions implemented in C, which
#: the float kernels call instead (tests/test_speed_paths.py checks they agree).
C_REAL: dict[str, Callable] = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
                               "div": operator.truediv, "neg": operator.neg, "pow": math.pow}


class FloatAlgebra:
    """Plain floats, and numpy arrays of them: the numerical engine's algebra, and one
    ordinary evaluation."""
    name = "float"

    def call(self, prim: Primitive, args: list) -> float:
        if prim.structural or any(getattr(a, "ndim", 0) for a in args):
            return apply_array(prim, args, backend("array"))
        return apply_real(prim, args)

    def compare(self, op: str, a: float, b: float) -> bool:
        return COMPARISONS[op](a, b)

    def value(self, x: float) -> float:
        return x

    def array(self, nested: Any) -> Any:
        """An input vector or matrix as numpy array of floats."""
        import numpy
        return numpy.array(nested, dtype=float)

    def split(self, x: Any) -> list:
        """An array output's elements, row by row, as the outputs of the function."""
        return [float(v) for v in x.ravel()]


FLOAT = FloatAlgebra()


@dataclass
class Meter:
    """What runs cost: graph traversals, primitive calls by name (operations as written), and
    element operations (the scalar work: a call on an array of n elements costs about n)."""
    traversals: int = 0
    calls: Counter = field(default_factory=Counter)
    element_ops: int = 0

    @property
    def primitive_calls(self) -> int:
        return sum(self.calls.values())

    def add(self, other: "Meter") -> None:
        self.traversals += other.traversals
        self.calls.update(other.calls)
        self.element_ops += other.element_ops


def generic_kernel(call, prim: Primitive) -> Callable:
    """`call(prim, [args])` as a function of the arguments: the kernel of an algebra without one."""
    if prim.arity == 1:
        return lambda x: call(prim, [x])
    if prim.arity == 2:
        return lambda x, y: call(prim, [x, y])
    return lambda *args: call(prim, list(args))
