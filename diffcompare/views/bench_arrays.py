"""The array cases of `diffcompare bench`: vectorised numpy code as a user writes it.

- rosenbrock_np: ``np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)``;
- network: the loss of a small two-layer network, ``np.tanh(X @ W1 + b1) @ W2 + b2`` against
  ``y``, differentiated with respect to W1, b1, W2 and b2 (X and y are data).

This project parses the program text; the peers run the same code as a Python function of the
namespace it calls (numpy, autograd.numpy or torch), from the same numpy arrays. A test checks
that the two spellings compute the same value, so they cannot drift apart.

Memory is measured with tracemalloc, which numpy reports its array buffers to:

- the arrays the program creates: the bytes of data of every array a primitive call returns in
  one float evaluation, summed (a view, such as ``x[1:]``, allocates no data and is not counted);
- the reverse tape: tracemalloc's peak while ``reverse.record`` runs the program onto a tape and
  one backward sweep returns every adjoint, from the point to the adjoints, above what was held
  before.
"""

from __future__ import annotations

import tracemalloc
from typing import Any, Callable

from ..engines import reverse
from ..interpreter import FLOAT, Meter, evaluate, float_inputs
from ..interpreter.algebra import FloatAlgebra
from ..language.ir import Program
from ..language.point import Point

ROSENBROCK_NP = '''import numpy as np


def rosenbrock_np(x=[-1.2, 1.0]):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
'''

NETWORK = '''import numpy as np


def network(W1=[[0.5]], b1=[0.0], W2=[[0.5]], b2=[0.0], X=[[1.0]], y=[[0.0]]):
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    return np.mean((out - y) ** 2)
'''

#: rows of X, features, hidden units (one output): 64×10 → 32 → 1
NETWORK_SIZES = (64, 10, 32)


def rosenbrock_np_plain(np, x):
    """ROSENBROCK_NP as Python, over the namespace `np` (numpy, autograd.numpy, torch)."""
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def network_plain(np, W1, b1, W2, b2, X, y):
    """NETWORK as Python, over the namespace `np` (numpy, autograd.numpy, torch)."""
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    return np.mean((out - y) ** 2)


#: each array program: its text, the same code as Python, the parameters differentiated
PROGRAMS: dict[str, tuple[str, Callable, tuple[str, ...]]] = {
    "rosenbrock_np": (ROSENBROCK_NP, rosenbrock_np_plain, ("x",)),
    "network": (NETWORK, network_plain, ("W1", "b1", "W2", "b2")),
}


def rosenbrock_start(n: int) -> list[float]:
    """Rosenbrock's classic start (-1.2, 1, -1.2, 1, ...) in n dimensions."""
    return [-1.2, 1.0] * (n // 2) + [-1.2] * (n % 2)


def network_data(rows: int, features: int, hidden: int) -> dict[str, Any]:
    """Weights and data of the network case as numpy arrays, the same in every process
    (a seeded generator); weights scaled by 1/sqrt(fan-in), as initialisers do."""
    import numpy
    rng = numpy.random.default_rng(12)
    return {"W1": rng.normal(0.0, features ** -0.5, (features, hidden)), "b1": rng.normal(0.0, 0.1, hidden),
            "W2": rng.normal(0.0, hidden ** -0.5, (hidden, 1)), "b2": rng.normal(0.0, 0.1, 1),
            "X": rng.normal(0.0, 1.0, (rows, features)), "y": rng.normal(0.0, 1.0, (rows, 1))}


def peer_gradient(library: str, kind: str, data: dict[str, Any]) -> Callable | None:
    """The gradient by `library` ("torch", "autograd") of program `kind`, run as the same numpy
    code on the same arrays, returning the library's own arrays (imports the library); None for
    a library not measured on arrays."""
    _, plain, wrt = PROGRAMS[kind]
    if library == "torch":
        import torch
        fixed = {name: torch.from_numpy(v) for name, v in data.items() if name not in wrt}

        def torch_grad():
            params = {name: torch.tensor(data[name], requires_grad=True) for name in wrt}
            plain(torch, **params, **fixed).backward()
            return [params[name].grad for name in wrt]
        return torch_grad
    if library == "autograd":
        import autograd
        import autograd.numpy as anp
        fixed = {name: v for name, v in data.items() if name not in wrt}
        grad = autograd.grad(lambda params: plain(anp, **dict(zip(wrt, params)), **fixed))
        params = [data[name] for name in wrt]
        return lambda: grad(params)
    return None


# --- memory ------------------------------------------------------------------------------------------------------

class CountingFloats(FloatAlgebra):
    """Floats and numpy arrays, as FLOAT computes them, adding up the bytes of data of every
    array a primitive call returns (views excluded: they allocate no data)."""
    kernel = None          # no fast path around `call`: every primitive call is counted

    def __init__(self):
        self.bytes = 0
        self.arrays = 0

    def call(self, prim, args: list):
        out = super().call(prim, args)
        if getattr(out, "ndim", 0) and out.base is None:
            self.bytes += out.nbytes
            self.arrays += 1
        return out


def created_bytes(program: Program, point: Point) -> tuple[int, int]:
    """The bytes of data of the arrays one float evaluation creates, and how many arrays."""
    algebra = CountingFloats()
    evaluate(program, point.inputs(), algebra, Meter())
    return algebra.bytes, algebra.arrays


def traced(run: Callable) -> tuple[int, int, Any]:
    """tracemalloc's view of one call of `run` (after a warm-up call, so that lowering and caches
    are not counted): the bytes held by what it returned and left behind, its peak, both above
    what was held before, and what it returned."""
    run()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = run()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return held - before, peak - before, kept


def tape_peak(program: Program, point: Point) -> int:
    """tracemalloc's peak of reverse.record plus one backward sweep from the (one) output."""
    def record_and_sweep():
        tape, _, outputs = reverse.record(program, point, Meter())
        tape.backward(outputs[0])
    return traced(record_and_sweep)[1]


def float_peak(program: Program, point: Point) -> int:
    """tracemalloc's peak of one float evaluation from the point."""
    return traced(lambda: evaluate(program, float_inputs(program, point), FLOAT, Meter()))[1]


def size_text(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"
