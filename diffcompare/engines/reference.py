"""The exact answer the engines are judged against.

The forward or reverse engine over mpmath numbers at 50 significant digits (worked at
60): the same engines and the same primitives table as the float ones, only the numbers
differ, so it works for any program. It takes the cheaper mode: dual numbers (a traversal per
input) where there are fewer inputs than outputs plus one -- one input, say -- else a tape and
a backward sweep per output, so that n inputs cost one taping run, not n traversals (an input
array is one node of the tape). Where sympy produces a closed form, it is cross-checked against
sympy's exact derivative evaluated at 50 digits; if the two disagree beyond 1e-30 relative, the
reference says so.

What "exact" means: the point is the floats every engine receives (``--at x=0.1`` is the
float nearest 0.1, taken at its exact binary value); the function's constants are the numbers
written -- the literal ``0.1`` is 1/10, ``pi`` is pi -- and arithmetic on constants alone
(``1/3``, ``1e-320/1e-320``) is done at 50 digits too. A float engine's rounding of them is
then an error it makes, and shows (x/3: 5.6e-17).

Before it runs, one float traversal measures the work: the reference's traversals and sweeps
times the element operations of one traversal. Beyond `max_reference_operations` it is not
run (mpmath is some ten thousand times slower than floats); the engines' values are still shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DerivativeError, DiffcompareError, LimitError
from ..interpreter import Meter, evaluate
from ..limits import LIMITS
from ..primitives import backend
from ..language.ir import Program
from ..language.point import Point

DIGITS = 50
AGREEMENT = 1e-30


@dataclass
class Reference:
    values: list                 # mpmath numbers
    jacobian: list[list]         # mpmath numbers
    digits: int = DIGITS
    crosscheck: str = "not run"  # "agrees to 1e-30", "disagrees: ...", "not available: ..."
    method: str = "dual numbers"     # or "a tape" (reverse mode): how it was computed, in words
    traversals: int = 0              # its traversals over mpmath (a tape: 1 taping run + 1 sweep per output)
    element_operations: int = 0      # the scalar work of its taping or dual-number runs

    def floats(self) -> list[list[float]]:
        return [[float(v) for v in row] for row in self.jacobian]


def reference(program: Program, point: Point, wrt: list[int] | None = None) -> Reference:
    import mpmath
    from . import forward, reverse
    columns = point.size if wrt is None else len(wrt)
    per_traversal, outputs = one_traversal(program, point)
    # the cheaper mode: dual numbers cost a traversal per column, a tape one run and a sweep per output
    engine, method = (forward, "dual numbers") if columns < 1 + outputs else (reverse, "a tape")
    within_budget(per_traversal * min(columns, 1 + outputs))
    meter = Meter()
    with mpmath.workdps(DIGITS + 10):
        try:
            d = engine.jacobian(program, point, meter, wrt, m=backend("mp"), convert=mpmath.mpf)
        except DerivativeError:
            if engine is forward:
                raise
            # the tape records every local derivative, even one a zero tangent makes moot
            # (acos'(y/y) times d(y/y) = 0): dual numbers skip those, and they decide
            within_budget(per_traversal * columns, "with dual numbers, ")
            engine, method, meter = forward, "dual numbers", Meter()
            d = engine.jacobian(program, point, meter, wrt, m=backend("mp"), convert=mpmath.mpf)
    values = [v if isinstance(v, mpmath.mpf) else mpmath.mpf(v) for v in d.values]
    jac = [[v if isinstance(v, mpmath.mpf) else mpmath.mpf(v) for v in row] for row in d.jacobian]
    return Reference(values, jac, method=method, traversals=meter.traversals, element_operations=meter.element_ops)


def one_traversal(program: Program, point: Point) -> tuple[int, int]:
    """The element operations of one float traversal at the point, and its number of outputs.
    Where floats fail (an overflow the 50-digit numbers may survive), what ran before counts."""
    meter = Meter()
    try:
        outputs = len(evaluate(program, point.inputs(list(point.flat)), meter=meter))
    except DiffcompareError:
        outputs = 1
    return max(meter.element_ops, 1), outputs


def within_budget(work: int, how: str = "") -> None:
    """Refuse, before it starts, a reference that would take more than `max_reference_operations`."""
    limit = LIMITS.max_reference_operations
    if work > limit:
        raise LimitError(f"the 50-digit reference would take about {work:,} element operations over mpmath "
                         f"{how}(limit max_reference_operations = {limit:,}), so no error is measured; "
                         f"raise the limit to wait for it")


def crosscheck(ref: Reference, program: Program, point: Point, wrt: list[int] | None = None) -> str:
    """Compare with sympy's exact derivative: constants as the reference takes them (the decimal
    written, pi itself), the point as its floats' exact binary values."""
    import mpmath
    import sympy as sp
    from . import symbolic
    try:
        syms, cols, _, derivatives = symbolic.derive(program, point, Meter(), wrt, exact=True)
    except DiffcompareError as exc:
        return f"not available: sympy has no closed form ({exc.reason if hasattr(exc, 'reason') else exc})"
    subs = {s: sp.Rational(v) for s, v in zip(syms, point.flat)}
    worst = mpmath.mpf(0)
    with mpmath.workdps(DIGITS + 10):
        scale = max((abs(v) for row in ref.jacobian for v in row), default=mpmath.mpf(0)) or mpmath.mpf(1)
        for row_sym, row_ref in zip(derivatives, ref.jacobian):
            for d, r in zip(row_sym, row_ref):
                exact = d.xreplace(subs).evalf(DIGITS + 10)
                if not exact.is_real or not exact.is_finite:
                    return "not available: sympy's value is not a finite real number here"
                try:
                    value = mpmath.mpf(str(exact))
                except (TypeError, ValueError):   # e.g. DiracDelta(0): sympy left it unevaluated
                    return f"not available: sympy's derivative is {exact} here, not a number"
                worst = max(worst, abs(value - r) / scale)
    if worst > AGREEMENT:
        return f"disagrees: sympy and the reference ({ref.method}) differ by {mpmath.nstr(worst, 3)} (relative)"
    return f"agrees with sympy to {AGREEMENT:g}"
