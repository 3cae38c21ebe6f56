"""Reverse-mode autodiff: one forward traversal records a tape, then one backward
sweep per output accumulates adjoints. Traversals: n_outputs + 1.

The tape is flat lists -- for node k, the indices of its parents and the local
partial derivative along each edge -- computed by the primitives table's rules
while the forward traversal runs.
"""

from __future__ import annotations

from ..interpret import COMPARISONS, Meter, evaluate
from ..primitives import Primitive, apply_real, partial, REAL
from ..program import Program
from . import Derivative, columns


class Var:
    """A value recorded on a tape: its float value and its node index."""
    __slots__ = ("value", "index")

    def __init__(self, value: float, index: int):
        self.value = value
        self.index = index

    def __repr__(self) -> str:
        return f"Var({self.value}, #{self.index})"


class Tape:
    def __init__(self):
        self.values: list[float] = []
        self.ops: list[str] = []                      # "input" or the primitive's name
        self.parents: list[tuple[int, ...]] = []
        self.partials: list[tuple[float, ...]] = []

    def record(self, value: float, op: str, parents: tuple = (), partials: tuple = ()) -> Var:
        self.values.append(value)
        self.ops.append(op)
        self.parents.append(parents)
        self.partials.append(partials)
        return Var(value, len(self.values) - 1)

    def __len__(self) -> int:
        return len(self.values)

    def backward(self, output: Var) -> list[float]:
        """One sweep from `output` back to the start: the adjoint of every node."""
        adjoint = [0.0] * len(self.values)
        adjoint[output.index] = 1.0
        parents, partials = self.parents, self.partials
        for k in range(output.index, -1, -1):
            a = adjoint[k]
            if a:
                for p, d in zip(parents[k], partials[k]):
                    adjoint[p] += a * d
        return adjoint


class TapeAlgebra:
    name = "tape"

    def __init__(self):
        self.tape = Tape()

    def call(self, prim: Primitive, args: list):
        values = [a.value if type(a) is Var else a for a in args]
        out = apply_real(prim, values)
        parents = tuple(a.index for a in args if type(a) is Var)
        if not parents:
            return out
        partials = tuple(partial(prim, k, values, out, REAL) for k, a in enumerate(args) if type(a) is Var)
        return self.tape.record(out, prim.name, parents, partials)

    def compare(self, op: str, a, b) -> bool:
        return COMPARISONS[op](a.value if type(a) is Var else a, b.value if type(b) is Var else b)


def record(program: Program, point: dict, meter: Meter) -> tuple[Tape, list[Var], list]:
    """The forward traversal: run the program on tape variables, recording every operation."""
    algebra = TapeAlgebra()
    inputs = [algebra.tape.record(float(v), "input") for v in program.flatten(point)]
    outputs = evaluate(program, program.unflatten(inputs, point), algebra, meter)
    return algebra.tape, inputs, outputs


def jacobian(program: Program, point: dict, meter: Meter, wrt: list[int] | None = None, **_) -> Derivative:
    tape, inputs, outputs = record(program, point, meter)
    cols = columns(inputs, wrt)
    rows = []
    for out in outputs:
        if type(out) is Var:
            meter.traversals += 1
            adjoint = tape.backward(out)
            rows.append([adjoint[inputs[j].index] for j in cols])
        else:  # a constant output: no path back to any input
            rows.append([0.0] * len(cols))
    values = [o.value if type(o) is Var else float(o) for o in outputs]
    return Derivative(values, rows, {"tape_nodes": len(tape)})
