"""The one table of primitive functions.

Every operation a program can perform on numbers -- arithmetic included -- is a
`Primitive` here: its value on floats (`real`), on numpy arrays and complex
numbers (`array`), on mpmath numbers (`mp`) and on sympy expressions (`sym`),
plus one *partial derivative rule per argument*.

A rule is written once, in terms of the other primitives reached through a
`Backend` `m` (``m.cos(x)``, ``m.sign(x)``), so the very same rule serves floats,
numpy arrays, mpmath's 50-digit numbers and sympy symbols. Adding a function to
the language is adding one entry to `TABLE`. (Compare HIPS autograd's `defvjp`
calls and JAX's `primitive_jvps` registry.)

Rules receive the arguments and the primitive's own output, so that rules such
as exp' = exp or tanh' = 1 - tanh^2 reuse the value instead of recomputing it.

Every other fact about a primitive lives in its entry too: where it is defined
(`domain`), what its rules do where it has no derivative (`kink`, `at_kink`),
the names a program may call it by (`spellings`: ``numpy.arcsin``, ``inline.asin``;
`lookup` answers from them), its keyword names (`params`), the sympy class that
stands for it in a formula (`sym_class`), and whether the complex step can go
through it (`analytic`).
"""

from __future__ import annotations

import math
from typing import Any, Callable

from ..errors import DerivativeError, DomainError
from ..numbers import short as _short
from .arrays import STRUCTURAL
from .primitive import Primitive, np
from .reductions import REDUCTIONS
from .scalars import SCALARS

TABLE: dict[str, Primitive] = {prim.name: prim for prim in SCALARS + STRUCTURAL + REDUCTIONS}


# --- names: which spelling means which primitive ------------------------------------------

#: the modules a spelling can name; "inline" holds the bare names of inline expressions
MODULES = ("inline", "builtins", "math", "numpy", "numpy.linalg", "scipy.special")

_SPELLED: dict[str, Primitive] = {}
for _prim in TABLE.values():
    for _spelling in _prim.spellings:
        assert _spelling.rsplit(".", 1)[0] in MODULES, _spelling
        assert _SPELLED.setdefault(_spelling, _prim) is _prim, f"{_spelling} spells two primitives"

#: what a user may call by a bare name in an inline expression (arithmetic is spelled with operators)
FUNCTIONS = tuple(s.split(".", 1)[1] for s in _SPELLED if s.startswith("inline."))
#: named constants: bare, as inline text writes them, and by qualified spelling ("math.tau")
CONSTANTS = {"pi": math.pi, "e": math.e}
CONSTANTS.update({f"{module}.{name}": getattr(math, name)
                  for name, modules in (("pi", ("math", "numpy", "inline")), ("e", ("math", "numpy", "inline")),
                                        ("tau", ("math",)), ("inf", ("math", "numpy")))
                  for module in modules})


def lookup(module: str, name: str) -> Primitive | None:
    """The primitive that `module.name` means ("numpy", "arcsin" -> asin), or None. `module` is one
    of `MODULES`; an import alias (np) or look-alike (jax.numpy) is the front end's to resolve."""
    return _SPELLED.get(f"{module}.{name}")


def names(module: str) -> list[str]:
    """Every function and constant `module` spells, for a did-you-mean."""
    prefix = module + "."
    return sorted({key[len(prefix):] for key in (*_SPELLED, *CONSTANTS) if key.startswith(prefix)})


class Backend:
    """The primitives for one kind of number, as attributes: ``m.cos(x)``.

    Derivative rules are written against a backend so that one rule serves every
    kind of number: ``Backend("real")`` for floats, ``"array"`` for numpy,
    ``"mp"`` for mpmath, ``"sym"`` for sympy, and ``"mparray"`` / ``"symarray"`` for numpy
    arrays of mpmath numbers or sympy expressions (each function applied element by element).
    """

    #: a program's float constant as this backend's number (see `exact_constant`); None: the float itself
    constant: Callable | None = None

    def __init__(self, kind: str):
        self.kind = kind
        if kind == "real":
            module = None
            self.pi = math.pi
        elif kind == "array":
            module = None
            self.pi = np.pi
        elif kind == "mp":
            import mpmath as module
            self.pi = module.pi
            self.constant = exact_constant
            _MPF[0] = module.mpf
        elif kind == "sym":
            import sympy as module
            self.pi = module.pi
        elif kind in ("mparray", "symarray"):         # numpy arrays of objects, element by element
            scalar = backend(kind[:-len("array")])
            self.pi = scalar.pi
            for prim in TABLE.values():
                impl = getattr(scalar, prim.name)
                setattr(self, prim.name, impl if prim.structural else np.frompyfunc(impl, prim.arity, 1))
            return
        else:
            raise ValueError(f"unknown backend {kind!r}")
        for prim in TABLE.values():
            impl = getattr(prim, kind) if module is None else getattr(prim, kind)(module)
            if kind == "mp" and not prim.structural:
                impl = _real_valued(impl, module.mpc)
            setattr(self, prim.name, impl)


def _real_valued(fn: Callable, complex_type: type) -> Callable:
    """mpmath answers log(-2) with a complex number where math raises ValueError. Raise the same
    on mpmath, so that a rule such as d/dy x**y = x**y log x at x < 0 is the same domain error on
    50-digit numbers as on floats, not a complex number in the reference.

    Its arguments are made mpmath numbers first: on two constants (1/3, 1e-320/1e-320) Python's
    operators would compute in floats, and the reference must not. Numbers beyond 2**±MAX_MAGNITUDE
    are refused (`_within_range`): mpmath would go on, and exp or sin of such a number takes
    minutes (exp(exp(exp(exp(exp(1))))) never ends)."""
    mpf = _MPF[0]

    def real(*args):
        args = [a if type(a) is mpf and -MAX_MAGNITUDE <= _mag(a) <= MAX_MAGNITUDE else _within_range(_mp_number(a))
                for a in args]
        out = fn(*args)
        if type(out) is complex_type:
            raise ValueError("the result is not a real number")
        return out if type(out) is mpf and -MAX_MAGNITUDE <= _mag(out) <= MAX_MAGNITUDE else _within_range(out)
    return real


#: binary exponent beyond which the reference computes no more: 2**16384, about 1e4932 (and
#: 1e-4932), the range of IEEE quadruple precision; a float's is 2**1024
MAX_MAGNITUDE = 16384


def _within_range(x: Any) -> Any:
    """`x`, or a `LimitError` where it is an mpmath number beyond 2**±MAX_MAGNITUDE."""
    if type(x) is _MPF[0]:
        mag = _mag(x)
        if not -MAX_MAGNITUDE <= mag <= MAX_MAGNITUDE:
            from ..errors import LimitError
            raise LimitError(f"the 50-digit reference met a number of about 1e{int(mag * 0.30103):,}, beyond "
                             f"1e±4932 (quadruple precision's range), and stops there")
    return x


def _mag(x: Any) -> int:
    """About log2 |x| (mpmath's `mag` without its checks; 0 for zero, infinities and nan)."""
    _, man, exp, bc = x._mpf_
    return exp + bc if man else 0


def _mp_number(x: Any) -> Any:
    """A plain number (int, float, bool, a numpy scalar) as the mpmath number it is exactly;
    anything else (an mpmath number already) as it is."""
    kind = type(x)
    if kind is _MPF[0]:                 # the common case: already one
        return x
    if isinstance(x, (int, float)):
        return _MPF[0](x)
    if kind.__module__ == "numpy" and getattr(x, "ndim", None) == 0:
        return _MPF[0](x.item())
    return x


def _mp_numbers(x: Any) -> Any:
    """`_mp_number` of a number, or of each element of a numpy array (an object array of them:
    a float array, or an object array a constant list made, may hold plain numbers)."""
    if type(x).__module__ == "numpy" and getattr(x, "ndim", 0):
        return np.frompyfunc(_mp_number, 1, 1)(x)
    return _mp_number(x)


_MPF: list = [None]       # mpmath.mpf, set when the "mp" backend is made (mpmath loads lazily)


#: bits an exact constant is made with: about 90 digits, more than any working precision here (the
#: reference's 60, the kink quotients' 80), since a program is lowered once for all of them
CONSTANT_BITS = 300


def exact_constant(value: float, exact: Any) -> Any:
    """A program's float constant as the 50-digit reference takes it: the number written
    (`Const.exact`: a decimal as a `Fraction`, or "pi", "e", "tau") to CONSTANT_BITS, not
    rounded to a float; a constant whose float is exactly it stays that float's value."""
    import mpmath
    if exact is None:
        return mpmath.mpf(value)
    with mpmath.workprec(CONSTANT_BITS):
        if isinstance(exact, str):
            return {"pi": lambda: +mpmath.pi, "e": lambda: +mpmath.e, "tau": lambda: 2 * mpmath.pi}[exact]()
        return mpmath.mpf(exact.numerator) / exact.denominator


_backends: dict[str, Backend] = {}


def backend(kind: str) -> Backend:
    """The shared `Backend` of one kind (built on first use, so mpmath and sympy load lazily)."""
    if kind not in _backends:
        _backends[kind] = Backend(kind)
    return _backends[kind]


_INF = math.inf


def _shown(args) -> str:
    return ", ".join(map(_short, args))


def apply_real(prim: Primitive, args) -> float:
    """`prim` on floats, with every failure turned into a `DomainError` that names it."""
    try:
        out = prim.real(*args)
        if -_INF < out < _INF:      # float arithmetic overflows to inf silently; say so instead
            return out
        raise OverflowError
    except OverflowError:
        raise DomainError(f"{prim.name}({_shown(args)}) overflows a float") from None
    except (ValueError, ZeroDivisionError):
        prim.check_domain(*args)
        raise DomainError(f"{prim.name}({_shown(args)}) is undefined") from None


def apply(prim: Primitive, args, m: "Backend") -> Any:
    """`prim` on the numbers of backend `m` (floats take the fast path of `apply_real`)."""
    if m.kind == "real":
        return apply_real(prim, args)
    prim.check_domain(*args)
    try:
        return getattr(m, prim.name)(*args)
    except ValueError:
        raise DomainError(f"{prim.name}({_shown(args)}) is undefined: its value is not a real number") from None


def partial(prim: Primitive, k: int, args, out, m: "Backend") -> Any:
    """d prim / d args[k] on the numbers of backend `m`; an infinite derivative is a `DomainError`."""
    if m.kind in _EXACT_KINDS:
        # a rule such as 1.0 / y meets constants as they are: take them as 50-digit numbers,
        # or d/dx (x/3) would be the float 0.333... and d/dx (x*1e-320/1e-320) overflow
        args = [_mp_numbers(a) for a in args]
    try:
        return prim.partials[k](m, *args, out)
    except ZeroDivisionError:
        raise DerivativeError(f"{prim.name} is not differentiable at ({_shown(args)}): its derivative is infinite") from None
    except OverflowError:
        raise DerivativeError(f"the derivative of {prim.name} at ({_shown(args)}) overflows a float") from None
    except ValueError:
        raise DerivativeError(f"the derivative of {prim.name} is undefined at ({_shown(args)})") from None


REAL = backend("real")
_EXACT_KINDS = ("mp", "mparray")

