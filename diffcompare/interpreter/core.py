"""Run a `Program` over any algebra. One run is one graph traversal.

Each Program is lowered once per kind of algebra into closures (`lower.py`, cached
beside the program), after a pass that finds which expressions may hold whole numbers
or lists (`kinds.py`). An algebra may offer ``kernel(prim)``: a function of the
primitive's arguments that returns exactly what ``call`` would, without building an
argument list; the closures call it directly. Long left-leaning chains (a 100,000-term
sum) run as loops, never as deep recursion.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

from ..errors import EvaluationError, LimitError
from ..language.ir import Program
from ..limits import LIMITS
from . import values as V
from .algebra import FLOAT, Algebra, FloatAlgebra, Meter
from .arrays import leaves
from .kinds import Kinds
from ..primitives import TABLE
from ..primitives.on_arrays import quiet
from .lower import Lowered

#: tests set this to False to lower with every site testing its operands (the slow, obviously right way)
USE_KINDS = True

#: each program's lowered forms, kept beside it (the Program itself stays plain data: it pickles)
_CACHE: "weakref.WeakKeyDictionary[Program, dict]" = weakref.WeakKeyDictionary()


def _input_kinds(inputs: dict | None) -> tuple:
    """What of the inputs changes the lowering: which are whole numbers, which lists hold any."""
    ints, int_lists = [], []
    for name, value in (inputs or {}).items():
        if type(value) is int:
            ints.append(name)
        elif isinstance(value, list) and any(type(v) is int for v in value):
            int_lists.append(name)
    return frozenset(ints), frozenset(int_lists)


def compiled(program: Program, algebra=FLOAT, inputs: dict | None = None) -> Lowered:
    """The program lowered for this algebra and these input types (cached on the program)."""
    floats = type(algebra) is FloatAlgebra
    # an algebra that takes float constants as the numbers written (the reference) has its own closures
    constant = getattr(algebra, "constant", None)
    key = (floats, _input_kinds(inputs), USE_KINDS, constant)
    cache = _CACHE.get(program)
    if cache is None:
        cache = _CACHE[program] = {}
    found = cache.get(key)
    if found is not None and not found.busy:
        return found
    collecting = gc.isenabled()
    gc.disable()          # lowering allocates many closures and frees none: nothing for the collector
    try:
        made = Lowered(program, floats, Kinds(program, inputs, exact=USE_KINDS), constant)
    except RecursionError:
        raise LimitError("the program is nested too deeply to run") from None
    finally:
        if collecting:
            gc.enable()
    if found is None:
        cache[key] = made
    return made


def _convert(value, fn):
    return [_convert(v, fn) for v in value] if isinstance(value, list) else fn(value)


def evaluate(program: Program, inputs: dict[str, Any], algebra: Algebra = FLOAT,
             meter: Meter | None = None) -> list:
    """Run `program` once on `inputs` (values of `algebra`, or lists of them for vector
    parameters) and return its outputs as a flat list: one traversal."""
    meter = meter if meter is not None else Meter()
    meter.traversals += 1
    code = compiled(program, algebra, inputs)
    env = {name: (list(v) if isinstance(v, list) else v) for name, v in inputs.items()}
    inside = getattr(algebra, "inside", None) if not code.floats and hasattr(algebra, "kernel") else None
    if inside is not None:
        # an algebra with kernels may carry its numbers in a lighter form inside the run
        env = {name: _convert(value, inside) for name, value in env.items()}
    for p in program.params:
        if p.array and V.is_sequence(env.get(p.name)):
            env[p.name] = as_array(algebra, env[p.name])
    code.busy = True
    try:
        with quiet():
            value = code.execute(env, algebra, meter)
    except RecursionError:
        raise LimitError("the program is nested too deeply to run") from None
    finally:
        code.busy = False
    if V.is_array(value):
        check_outputs(int(value.size))       # before an engine splits it into one number (a node) each
        value = split(algebra, value)
    outputs = flat_outputs(value)
    if inside is not None:
        outputs = [algebra.outside(v) for v in outputs]
    return outputs


def float_inputs(program: Program, point) -> dict[str, Any]:
    """The point's values for a float run: numbers, lists, and for the parameters the program
    uses as arrays the point's own float arrays (made once, not converted from lists each run)."""
    return point.inputs(arrays={p.name for p in program.params if p.array})


def as_array(algebra: Algebra, nested: list) -> Any:
    """A parameter the program uses as a numpy array, made of the algebra's numbers: the
    algebra's own array where it has one, else one `array` call of the table."""
    make = getattr(algebra, "array", None)
    if make is not None:
        return make(nested)
    items, shape = leaves(nested)
    return algebra.call(TABLE["array"], items + [shape])


def split(algebra: Algebra, value: Any) -> list:
    """An array the function returns, as its elements (each element one output)."""
    take = getattr(algebra, "split", None)
    if take is not None:
        return take(value)
    import numpy
    return [algebra.call(TABLE["getitem"], [value, index]) for index in numpy.ndindex(*value.shape)]


def check_outputs(n: int) -> None:
    """Each output is printed, a row of the Jacobian and kept in JSON: at most max_outputs."""
    if n > LIMITS.max_outputs:
        raise LimitError(f"the function returned {n:,} outputs, over max_outputs "
                         f"({LIMITS.max_outputs:,}, DIFFCOMPARE_MAX_OUTPUTS)")


def flat_outputs(value: Any) -> list:
    """The returned value as a flat list of numbers: one number, or a list or tuple of them."""
    items = list(value) if V.is_sequence(value) else [value]
    if not items:
        raise EvaluationError("the function returned an empty list")
    check_outputs(len(items))
    for item in items:
        if V.is_sequence(item):
            raise EvaluationError("a returned list must hold numbers, not lists")
        if item is None:
            raise EvaluationError("the function returned None, not a number")
        if isinstance(item, bool):
            raise EvaluationError("the function returned a comparison, not a number")
        if type(item) in V.ITERABLES or V.is_array(item):
            raise EvaluationError(f"the function returned {V.kind_name(item)} inside a list, not a number")
    return items
