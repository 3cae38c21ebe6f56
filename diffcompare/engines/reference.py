"""The exact answer the engines are judged against.

The forward or reverse engine over mpmath numbers at 50 significant digits (worked at
60): the same engines and the same primitives table as the float ones, only the numbers
differ, so it works for any program. With one input it takes dual numbers (one traversal);
with several, a tape and a backward sweep per output, so that n inputs cost one taping run,
not n traversals. Where sympy produces a closed form, it is cross-checked against sympy's
exact derivative evaluated at 50 digits; if the two disagree beyond 1e-30 relative, the
reference says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DerivativeError, DiffcompareError
from ..interpreter import Meter
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

    def floats(self) -> list[list[float]]:
        return [[float(v) for v in row] for row in self.jacobian]


def reference(program: Program, point: Point, wrt: list[int] | None = None) -> Reference:
    import mpmath
    from . import forward, reverse
    columns = point.size if wrt is None else len(wrt)
    engine, method = (forward, "dual numbers") if columns <= 1 else (reverse, "a tape")
    with mpmath.workdps(DIGITS + 10):
        try:
            d = engine.jacobian(program, point, Meter(), wrt, m=backend("mp"), convert=mpmath.mpf)
        except DerivativeError:
            if engine is forward:
                raise
            # the tape records every local derivative, even one a zero tangent makes moot
            # (acos'(y/y) times d(y/y) = 0): dual numbers skip those, and they decide
            engine, method = forward, "dual numbers"
            d = engine.jacobian(program, point, Meter(), wrt, m=backend("mp"), convert=mpmath.mpf)
    values = [v if isinstance(v, mpmath.mpf) else mpmath.mpf(v) for v in d.values]
    jac = [[v if isinstance(v, mpmath.mpf) else mpmath.mpf(v) for v in row] for row in d.jacobian]
    return Reference(values, jac, method=method)


def crosscheck(ref: Reference, program: Program, point: Point, wrt: list[int] | None = None) -> str:
    """Compare with sympy's exact derivative (constants and point taken as their exact binary values)."""
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
