"""The table's functions of numbers: arithmetic, the elementary functions and their
relatives. On arrays each applies elementwise, with numpy's broadcasting; its rule per
argument is the local partial derivative, written once against a backend `m`."""

from __future__ import annotations

import math
import operator
import sys
from typing import Any, Callable

from .primitive import Primitive, _P, _mp, _np, _sym, np

def _real_pow(x: float, y: float) -> float:
    # Python's ** turns a negative base with a fractional exponent into a complex number;
    # math.pow raises instead, which is what a real-valued function should do.
    return math.pow(x, y)


def _sigmoid(x: float) -> float:
    # two branches so that neither exp can overflow
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _sign(x: float) -> float:
    return float((x > 0) - (x < 0))


def _scalar_zero(y: Any) -> bool:
    # `y == 0` on a numpy array is an array, whose truth is an error: arrays take the
    # general formula elementwise, so one rule still serves floats, mpmath, sympy and numpy
    if type(y) is float or type(y) is int:
        return y == 0
    numpy = sys.modules.get("numpy")       # an array exists only once numpy is imported
    return not (numpy is not None and isinstance(y, numpy.ndarray)) and y == 0



# --- helpers of the newer entries ---------------------------------------------------------

def _keeping_zero_sign(f: Callable) -> Callable[[float], float]:
    # math.floor and friends return ints, which lose the sign of a zero result: numpy's
    # ceil(-0.5) is -0.0, and atan2 or copysign downstream can tell the difference
    return lambda x: math.copysign(f(x), x)


def _cbrt_array(x):
    # numpy's cbrt refuses complex numbers; the complex step needs the real cube root's own
    # extension, which left of 0 is -(-z)**(1/3), not the principal root
    if np.iscomplexobj(x):
        return np.where(np.real(x) < 0, -(-x) ** (1 / 3), x ** (1 / 3))
    return np.cbrt(x)


_LOG2 = math.log(2.0)


def _logaddexp(x: float, y: float) -> float:
    # numpy's own formula, so that np.logaddexp and the float path agree to the last bit
    if x == y:
        return x + _LOG2
    d = x - y
    return x + math.log1p(math.exp(-d)) if d > 0 else y + math.log1p(math.exp(d))


def _logaddexp_array(x, y):
    if np.iscomplexobj(x) or np.iscomplexobj(y):    # the complex step: np.logaddexp is real only
        top = np.maximum(np.real(x), np.real(y))
        return top + np.log(np.exp(x - top) + np.exp(y - top))
    return np.logaddexp(x, y)


def _clip(a: float, lo: float, hi: float) -> float:
    # numpy's minimum(maximum(a, a_min), a_max), so a_max wins where a_min > a_max
    low = a if a >= lo else lo
    return low if low <= hi else hi


def _share(m, d):
    """max(x, y)'s slope in x where x - y = d: 1 or 0, and 1/2 at a tie (clip's rules chain max and min)."""
    return (1.0 + m.sign(d)) / 2.0


def _heaviside(x1, x2):
    return 1.0 if x1 > 0 else 0.0 if x1 < 0 else x2


def _copysign(x1, x2):
    # mpmath and sympy have no negative zero: copysign(x, -0.0) is +|x| there
    return abs(x1) if x2 >= 0 else -abs(x1)


def _round_half_even(sp, x):
    low = sp.floor(x)
    rest = x - low
    return low + 1 if rest > sp.S.Half or (rest == sp.S.Half and low % 2 == 1) else low


_sym_functions: dict[str, type] = {}


def _sym_function(name: str, arity: int, exact: Callable) -> Callable[[Any], Callable]:
    """A sympy function class for a primitive sympy has none for (or none that is real-valued,
    like its cbrt): it stays a readable ``round(x)`` on symbols and takes its exact value
    ``exact(sp, *args)`` on numbers. Its derivative is the table's rule (engines/symbolic.py)."""
    def sym(sp):
        cls = _sym_functions.get(name)
        if cls is None:
            def evaluate(cls, *args):
                return exact(sp, *args) if all(a.is_Number for a in args) else None
            cls = _sym_functions[name] = type(name, (sp.Function,), {
                "nargs": arity, "is_real": True, "eval": classmethod(evaluate)})
        return cls
    return sym


def _cfunction(name: str) -> Callable[[Any], Callable]:
    # sympy keeps log1p(x), expm1(x), log2(x), exp2(x) in sympy.codegen, with their derivatives:
    # the symbolic engine then evaluates log1p(1e-10) as log1p, not as log(1 + 1e-10)
    def sym(sp):
        from sympy.codegen import cfunctions
        return getattr(cfunctions, name)
    return sym


def _is_whole(x) -> bool:
    return x % 1 == 0


# math.cbrt and math.exp2 are Python 3.11's; before it, numpy's cube root and libm's pow(2, x)
_cbrt = getattr(math, "cbrt", None) or (lambda x: float(np.cbrt(x)))
_exp2 = getattr(math, "exp2", None) or (lambda x: 2.0 ** x)



# --- the log-gamma family: libm has lgamma but not its derivatives, so digamma and trigamma
# are computed here (recurrence up to x >= 10, then the asymptotic series; reflection left of 0)

_DIGAMMA_SERIES = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12)      # B_2k / 2k
_TRIGAMMA_SERIES = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)             # B_2k


def _digamma(x: float) -> float:
    if x <= 0 and x == math.floor(x):
        raise ValueError("digamma has poles at 0, -1, -2, ...")
    if x < 0:                                  # psi(1 - x) - psi(x) = pi cot(pi x)
        return _digamma(1.0 - x) - math.pi / math.tan(math.pi * x)
    shift = 0.0
    while x < 10.0:
        shift -= 1.0 / x
        x += 1.0
    inv2 = 1.0 / (x * x)
    series, power = 0.0, inv2
    for c in _DIGAMMA_SERIES:
        series += c * power
        power *= inv2
    return shift + math.log(x) - 0.5 / x - series


def _trigamma(x: float) -> float:
    if x <= 0 and x == math.floor(x):
        raise ValueError("trigamma has poles at 0, -1, -2, ...")
    if x < 0:                                  # psi1(1 - x) + psi1(x) = pi^2 / sin^2(pi x)
        return (math.pi / math.sin(math.pi * x)) ** 2 - _trigamma(1.0 - x)
    shift = 0.0
    while x < 10.0:
        shift += 1.0 / (x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series, power = 0.0, inv2 * inv
    for c in _TRIGAMMA_SERIES:
        series += c * power
        power *= inv2
    return shift + inv + 0.5 * inv2 + series


def _lgamma_sym(sp, x):
    # right of 0 sympy's loggamma is log|Gamma| and evaluates to any precision; left of it, a number
    return sp.loggamma(x) if x > 0 else sp.log(sp.Abs(sp.gamma(x))).evalf(60)


def _not_a_pole(x) -> bool:
    return not (x <= 0 and x == math.floor(x))


def _tetragamma_missing(m, x, out):
    # lgamma's second derivative is as far as the table goes: say so rather than guess
    from ..errors import Unsupported
    raise Unsupported("the derivative of trigamma (tetragamma, lgamma's third derivative) is not in the table")


_unary = [
    # name, real, array, partial rule d/dx, extra
    ("neg", lambda x: -x, _np("negative"), lambda m, x, out: -1.0,
     dict(mp=lambda mp: (lambda x: -x), sym=lambda sp: (lambda x: -x), symbol="-", spell="numpy.negative")),
    ("sin", math.sin, _np("sin"), lambda m, x, out: m.cos(x), dict(spell="math numpy inline", sym_class="sin")),
    ("cos", math.cos, _np("cos"), lambda m, x, out: -m.sin(x), dict(spell="math numpy inline", sym_class="cos")),
    ("tan", math.tan, _np("tan"), lambda m, x, out: 1.0 + out * out, dict(spell="math numpy inline", sym_class="tan")),
    ("asin", math.asin, _np("arcsin"), lambda m, x, out: 1.0 / m.sqrt(1.0 - x * x),
     dict(domain=lambda x: -1 <= x <= 1, domain_text="-1 <= x <= 1",
          kink="asin'(±1) is infinite: a domain error, not a number", at_kink=lambda x: abs(x) == 1,
          spell="math inline numpy.arcsin numpy.asin", sym_class="asin")),
    ("acos", math.acos, _np("arccos"), lambda m, x, out: -1.0 / m.sqrt(1.0 - x * x),
     dict(domain=lambda x: -1 <= x <= 1, domain_text="-1 <= x <= 1",
          kink="acos'(±1) is infinite: a domain error, not a number", at_kink=lambda x: abs(x) == 1,
          spell="math inline numpy.arccos numpy.acos", sym_class="acos")),
    ("atan", math.atan, _np("arctan"), lambda m, x, out: 1.0 / (1.0 + x * x),
     dict(spell="math inline numpy.arctan numpy.atan", sym_class="atan")),
    ("sinh", math.sinh, _np("sinh"), lambda m, x, out: m.cosh(x), dict(spell="math numpy inline", sym_class="sinh")),
    ("cosh", math.cosh, _np("cosh"), lambda m, x, out: m.sinh(x), dict(spell="math numpy inline", sym_class="cosh")),
    ("tanh", math.tanh, _np("tanh"), lambda m, x, out: 1.0 - out * out,
     dict(spell="math numpy inline", sym_class="tanh")),
    ("exp", math.exp, _np("exp"), lambda m, x, out: out, dict(spell="math numpy inline", sym_class="exp")),
    ("log", math.log, _np("log"), lambda m, x, out: 1.0 / x,
     dict(domain=lambda x: x > 0, domain_text="x > 0", spell="math numpy inline", sym_class="log")),
    ("log10", math.log10, _np("log10"), lambda m, x, out: 1.0 / (x * m.log(10)),
     dict(domain=lambda x: x > 0, domain_text="x > 0",
          sym=lambda sp: (lambda x: sp.log(x, 10)), spell="math numpy inline")),
    ("sqrt", math.sqrt, _np("sqrt"), lambda m, x, out: 0.5 / out,
     dict(domain=lambda x: x >= 0, domain_text="x >= 0",
          kink="sqrt'(0) is infinite: a domain error, not a number", at_kink=lambda x: x == 0,
          spell="math numpy inline")),
    ("abs", abs, _np("abs"), lambda m, x, out: m.sign(x),
     dict(mp=_mp("fabs"), sym=_sym("Abs"), kink="abs'(0) = 0 (the subgradient's midpoint, sign(0))",
          at_kink=lambda x: x == 0, analytic=False, sym_class="Abs",
          spell="builtins inline math.fabs numpy.abs numpy.absolute numpy.fabs")),
    ("sign", _sign, _np("sign"), lambda m, x, out: 0.0,
     dict(kink="sign'(0) = 0 (the jump is ignored)", at_kink=lambda x: x == 0, analytic=False,
          spell="numpy inline", sym_class="sign")),
    ("erf", math.erf, _np(math.erf, otypes=[float]), lambda m, x, out: 2.0 / m.sqrt(m.pi) * m.exp(-x * x),
     dict(spell="math inline scipy.special.erf", sym_class="erf")),
    ("sigmoid", _sigmoid, lambda x: 1.0 / (1.0 + np.exp(-x)), lambda m, x, out: out * (1.0 - out),
     dict(mp=lambda mp: (lambda x: 1 / (1 + mp.exp(-x))), sym=lambda sp: (lambda x: 1 / (1 + sp.exp(-x))),
          spell="inline scipy.special.expit")),
    ("softplus", _softplus, lambda x: np.logaddexp(0.0, x), lambda m, x, out: m.sigmoid(x),
     dict(mp=lambda mp: (lambda x: mp.log(1 + mp.exp(x))), sym=lambda sp: (lambda x: sp.log(1 + sp.exp(x))),
          spell="inline")),
    ("relu", lambda x: x if x > 0 else 0.0, lambda x: np.maximum(x, 0.0), lambda m, x, out: m.relu(m.sign(x)),
     dict(mp=lambda mp: (lambda x: mp.mpf(x) if x > 0 else mp.mpf(0)), sym=lambda sp: (lambda x: sp.Max(x, 0)),
          kink="relu'(0) = 0", at_kink=lambda x: x == 0, analytic=False, spell="inline")),
    # --- powers, roots, logarithms and exponentials of other bases
    ("square", lambda x: x * x, _np("square"), lambda m, x, out: 2.0 * x,
     dict(mp=lambda mp: (lambda x: x * x), sym=lambda sp: (lambda x: x ** 2), spell="numpy inline")),
    ("cbrt", _cbrt, _cbrt_array, lambda m, x, out: 1 / (3 * out * out),    # ints: exact 1/3 in sympy
     dict(mp=lambda mp: (lambda x: mp.sign(x) * mp.cbrt(abs(x))),
          sym=_sym_function("cbrt", 1, lambda sp, x: sp.sign(x) * sp.Abs(x) ** sp.Rational(1, 3)),
          kink="cbrt'(0) is infinite: a domain error, not a number", at_kink=lambda x: x == 0,
          spell="math numpy inline scipy.special.cbrt", sym_class="cbrt")),
    ("log1p", math.log1p, _np("log1p"), lambda m, x, out: 1.0 / (1.0 + x),
     dict(mp=_mp("log1p"), sym=_cfunction("log1p"), domain=lambda x: x > -1, domain_text="x > -1",
          spell="math numpy inline scipy.special.log1p", sym_class="log1p")),
    # exp(x), not out + 1: expm1(-40) + 1 rounds to 0
    ("expm1", math.expm1, _np("expm1"), lambda m, x, out: m.exp(x),
     dict(mp=_mp("expm1"), sym=_cfunction("expm1"), spell="math numpy inline scipy.special.expm1",
          sym_class="expm1")),
    ("log2", math.log2, _np("log2"), lambda m, x, out: 1.0 / (x * m.log(2)),
     dict(mp=lambda mp: (lambda x: mp.log(x, 2)), sym=_cfunction("log2"), domain=lambda x: x > 0,
          domain_text="x > 0", spell="math numpy inline", sym_class="log2")),
    ("exp2", _exp2, _np("exp2"), lambda m, x, out: out * m.log(2),
     dict(mp=lambda mp: (lambda x: mp.power(2, x)), sym=_cfunction("exp2"),
          spell="math numpy inline scipy.special.exp2", sym_class="exp2")),
    # --- inverse hyperbolic functions and erfc
    # 1/hypot(x, 1), not 1/sqrt(x*x + 1): x*x overflows from |x| = 1e154 on
    ("asinh", math.asinh, _np("arcsinh"), lambda m, x, out: 1.0 / m.hypot(x, 1.0),
     dict(spell="math inline numpy.arcsinh numpy.asinh", sym_class="asinh")),
    # (x - 1)(x + 1), not x*x - 1: exact next to 1, where the slope is steepest
    ("acosh", math.acosh, _np("arccosh"), lambda m, x, out: 1.0 / m.sqrt((x - 1.0) * (x + 1.0)),
     dict(domain=lambda x: x >= 1, domain_text="x >= 1",
          kink="acosh'(1) is infinite: a domain error, not a number", at_kink=lambda x: x == 1,
          spell="math inline numpy.arccosh numpy.acosh", sym_class="acosh")),
    ("atanh", math.atanh, _np("arctanh"), lambda m, x, out: 1.0 / ((1.0 - x) * (1.0 + x)),
     dict(domain=lambda x: -1 < x < 1, domain_text="-1 < x < 1",
          spell="math inline numpy.arctanh numpy.atanh", sym_class="atanh")),
    ("erfc", math.erfc, _np(math.erfc, otypes=[float]), lambda m, x, out: -2.0 / m.sqrt(m.pi) * m.exp(-x * x),
     dict(spell="math inline scipy.special.erfc", sym_class="erfc")),
    # --- angles: math.radians and numpy's deg2rad are both x * (pi / 180); written out for arrays,
    # since np.deg2rad refuses the complex step's numbers
    ("deg2rad", math.radians, lambda x: x * (np.pi / 180), lambda m, x, out: m.pi / 180,
     dict(mp=lambda mp: (lambda x: x * (mp.pi / 180)), sym=lambda sp: (lambda x: x * sp.pi / 180),
          spell="math.radians numpy.deg2rad numpy.radians inline")),
    ("rad2deg", math.degrees, lambda x: x * (180 / np.pi), lambda m, x, out: 180 / m.pi,
     dict(mp=lambda mp: (lambda x: x * (180 / mp.pi)), sym=lambda sp: (lambda x: x * 180 / sp.pi),
          spell="math.degrees numpy.rad2deg numpy.degrees inline")),
    # --- log-gamma and its derivatives (lgamma is log|Gamma(x)|, defined but at the poles)
    ("lgamma", math.lgamma, _np(math.lgamma, otypes=[float]), lambda m, x, out: m.digamma(x),
     # sympy's loggamma is complex left of 0: a class of our own, real everywhere, keeps log|Gamma|
     dict(mp=lambda mp: (lambda x: mp.log(abs(mp.gamma(x)))),
          sym=_sym_function("lgamma", 1, _lgamma_sym), domain=_not_a_pole, domain_text="x not 0, -1, -2, ...",
          spell="math inline scipy.special.gammaln", sym_class=("lgamma", "loggamma"))),
    ("digamma", _digamma, _np(_digamma, otypes=[float]), lambda m, x, out: m.trigamma(x),
     dict(mp=_mp("digamma"), sym=lambda sp: sp.digamma, domain=_not_a_pole, domain_text="x not 0, -1, -2, ...",
          spell="inline scipy.special.digamma scipy.special.psi")),
    ("trigamma", _trigamma, _np(_trigamma, otypes=[float]), _tetragamma_missing,
     dict(mp=lambda mp: (lambda x: mp.psi(1, x)), sym=lambda sp: (lambda x: sp.polygamma(1, x)),
          domain=_not_a_pole, domain_text="x not 0, -1, -2, ...")),   # digamma's derivative: no spelling
    # --- whole numbers, as floats (math.floor and round(x) return ints, so they are not spellings)
    ("floor", _keeping_zero_sign(math.floor), _np("floor"), lambda m, x, out: 0.0,
     dict(kink="floor jumps at whole numbers; floor'(x) = 0 there too (the jump is ignored)",
          at_kink=_is_whole, analytic=False, spell="numpy inline", sym_class="floor")),
    ("ceil", _keeping_zero_sign(math.ceil), _np("ceil"), lambda m, x, out: 0.0,
     dict(sym=_sym("ceiling"), kink="ceil jumps at whole numbers; ceil'(x) = 0 there too (the jump is ignored)",
          at_kink=_is_whole, analytic=False, spell="numpy inline", sym_class="ceiling")),
    ("trunc", _keeping_zero_sign(math.trunc), _np("trunc"), lambda m, x, out: 0.0,
     dict(mp=lambda mp: (lambda x: mp.sign(x) * mp.floor(abs(x))),
          sym=_sym_function("trunc", 1, lambda sp, x: sp.sign(x) * sp.floor(abs(x))),
          kink="trunc jumps at whole numbers but 0; trunc'(x) = 0 there too (the jump is ignored)",
          at_kink=lambda x: x != 0 and _is_whole(x), analytic=False, spell="numpy.trunc numpy.fix inline",
          sym_class="trunc")),
    # Python's round(x) and numpy's rint both send halves to the even neighbour
    ("round", _keeping_zero_sign(round), _np("rint"), lambda m, x, out: 0.0,
     dict(mp=_mp("nint"), sym=_sym_function("round", 1, _round_half_even),
          kink="round jumps at halves (ties go to the even neighbour); round'(x) = 0 there too "
               "(the jump is ignored)",
          at_kink=lambda x: abs(math.fmod(x, 1.0)) == 0.5, analytic=False,
          spell="numpy.round numpy.around numpy.rint scipy.special.round", sym_class="round")),
]

_binary = [
    ("add", lambda x, y: x + y, _np("add"), (lambda m, x, y, out: 1.0, lambda m, x, y, out: 1.0),
     dict(mp=lambda mp: (lambda x, y: x + y), sym=lambda sp: (lambda x, y: x + y), symbol="+", spell="numpy.add")),
    ("sub", lambda x, y: x - y, _np("subtract"), (lambda m, x, y, out: 1.0, lambda m, x, y, out: -1.0),
     dict(mp=lambda mp: (lambda x, y: x - y), sym=lambda sp: (lambda x, y: x - y), symbol="-",
          spell="numpy.subtract")),
    ("mul", lambda x, y: x * y, _np("multiply"), (lambda m, x, y, out: y, lambda m, x, y, out: x),
     dict(mp=lambda mp: (lambda x, y: x * y), sym=lambda sp: (lambda x, y: x * y), symbol="*",
          spell="numpy.multiply")),
    ("div", lambda x, y: x / y, _np("divide"), (lambda m, x, y, out: 1.0 / y, lambda m, x, y, out: -out / y),
     dict(mp=lambda mp: (lambda x, y: x / y), sym=lambda sp: (lambda x, y: x / y), symbol="/",
          domain=lambda x, y: y != 0, domain_text="a non-zero divisor", spell="numpy.divide numpy.true_divide")),
    ("pow", _real_pow, _np("power"),
     # x**0 is 1 for every x, so its slope is 0 even at x = 0 (where 0 * 0**-1 would fail)
     # x**2 (the commonest power) has slope 2x, which is y * x**1.0 to the bit at a third of the cost
     (lambda m, x, y, out: 0.0 if _scalar_zero(y) else 2.0 * x if type(y) is float and y == 2.0
      else y * m.pow(x, y - 1.0), lambda m, x, y, out: out * m.log(x)),
     dict(mp=lambda mp: mp.power, sym=lambda sp: (lambda x, y: x ** y), symbol="**",
          domain=lambda x, y: x > 0 or (x == 0 and y >= 0) or (x < 0 and float(y).is_integer()),
          domain_text="x > 0, or x = 0 with y >= 0, or x < 0 with an integer y",
          kink="d/dy x**y needs x > 0; it is only computed when y depends on the inputs",
          # at x = 0 only whole powers >= 1 are smooth: 0**0.5 has an infinite slope, 0**y jumps at y = 0
          at_kink=lambda x, y: x == 0 and not (float(y).is_integer() and y >= 1),
          # where Python's ** gives a complex number (a negative base), these are a domain error
          spell="math builtins inline numpy.power numpy.pow numpy.float_power")),
    ("atan2", math.atan2, _np("arctan2"),
     (lambda m, y, x, out: x / (x * x + y * y), lambda m, y, x, out: -y / (x * x + y * y)),
     dict(kink="atan2'(0, 0) is undefined (the angle has no limit there): a domain error",
          at_kink=lambda y, x: x == 0 and y == 0, spell="math inline numpy.arctan2 numpy.atan2",
          sym_class="atan2")),
    ("hypot", math.hypot, _np("hypot"), (lambda m, x, y, out: x / out, lambda m, x, y, out: y / out),
     dict(sym=lambda sp: (lambda x, y: sp.sqrt(x * x + y * y)),
          kink="hypot'(0, 0) is undefined: a domain error", at_kink=lambda x, y: x == 0 and y == 0,
          spell="math numpy inline")),
    ("min", min, _np("minimum"),
     (lambda m, x, y, out: (1.0 - m.sign(x - y)) / 2.0, lambda m, x, y, out: (1.0 + m.sign(x - y)) / 2.0),
     dict(mp=lambda mp: min, sym=_sym("Min"), kink="at a tie min(x, x) each argument gets 1/2",
          at_kink=lambda x, y: x == y, analytic=False, sym_class="Min",
          # fmin differs from minimum only at a nan, which is never a value here
          spell="builtins inline numpy.minimum numpy.fmin")),
    ("max", max, _np("maximum"),
     (lambda m, x, y, out: (1.0 + m.sign(x - y)) / 2.0, lambda m, x, y, out: (1.0 - m.sign(x - y)) / 2.0),
     dict(mp=lambda mp: max, sym=_sym("Max"), kink="at a tie max(x, x) each argument gets 1/2",
          at_kink=lambda x, y: x == y, analytic=False, sym_class="Max",
          spell="builtins inline numpy.maximum numpy.fmax")),
    # --- remainders and quotients (Python's % and // on floats; on ints alone the interpreter
    # keeps them whole-number index arithmetic, and the same functions give ints there)
    ("mod", operator.mod, _np("mod"), (lambda m, x, y, out: 1.0, lambda m, x, y, out: -m.floordiv(x, y)),
     dict(mp=_mp("fmod"),      # mpmath's fmod is Python's %: the sign of the divisor
          sym=_sym("Mod"), symbol="%", domain=lambda x, y: y != 0, domain_text="a non-zero divisor",
          kink="x % y jumps where x/y is a whole number; there too d/dx = 1 and d/dy = -(x // y) "
               "(the jump is ignored)",
          at_kink=lambda x, y: x % y == 0, analytic=False, spell="numpy.mod numpy.remainder", sym_class="Mod")),
    ("floordiv", operator.floordiv, _np("floor_divide"), (lambda m, x, y, out: 0.0, lambda m, x, y, out: 0.0),
     dict(mp=lambda mp: (lambda x, y: mp.floor(x / y)),
          sym=_sym_function("floordiv", 2, lambda sp, x, y: sp.floor(x / y)), symbol="//",
          domain=lambda x, y: y != 0, domain_text="a non-zero divisor",
          kink="x // y jumps where x/y is a whole number; its derivative is 0 there too (the jump is ignored)",
          at_kink=lambda x, y: x % y == 0, analytic=False, spell="numpy.floor_divide", sym_class="floordiv")),
    # C's fmod: the sign of x; d/dy = -trunc(x/y), taken exactly as sign(x) sign(y) (|x| // |y|)
    ("fmod", math.fmod, _np("fmod"),
     (lambda m, x, y, out: 1.0, lambda m, x, y, out: -m.sign(x) * m.sign(y) * m.floordiv(m.abs(x), m.abs(y))),
     dict(mp=lambda mp: (lambda x, y: mp.sign(x) * mp.fmod(abs(x), abs(y))),
          sym=_sym_function("fmod", 2, lambda sp, x, y: sp.sign(x) * sp.Mod(abs(x), abs(y))),
          domain=lambda x, y: y != 0, domain_text="a non-zero divisor",
          kink="fmod(x, y) jumps where x/y is a whole number but 0; there too d/dx = 1 and "
               "d/dy = -trunc(x/y) (the jump is ignored)",
          at_kink=lambda x, y: x != 0 and x % y == 0, analytic=False, spell="math numpy inline",
          sym_class="fmod")),
    # --- sign-like functions of two arguments
    ("copysign", math.copysign, _np("copysign"),
     (lambda m, x1, x2, out: m.sign(x1) * m.sign(out), lambda m, x1, x2, out: 0.0),
     dict(mp=lambda mp: _copysign, sym=_sym_function("copysign", 2, lambda sp, x1, x2: _copysign(x1, x2)),
          kink="copysign(0, y) has d/dx = 0, as abs'(0); where y = 0 the sign jumps and d/dy = 0 "
               "(the jump is ignored)",
          at_kink=lambda x1, x2: x1 == 0 or x2 == 0, analytic=False, spell="math numpy inline",
          sym_class="copysign")),
    ("heaviside", _heaviside, _np("heaviside"),
     (lambda m, x1, x2, out: 0.0, lambda m, x1, x2, out: 1.0 - m.sign(x1) * m.sign(x1)),
     dict(mp=lambda mp: (lambda x1, x2: mp.mpf(_heaviside(x1, x2))), sym=_sym("Heaviside"),
          kink="heaviside(0, h) = h: d/dx1 = 0 there (the jump is ignored), d/dx2 = 1 there and 0 elsewhere",
          at_kink=lambda x1, x2: x1 == 0, analytic=False, spell="numpy inline", sym_class="Heaviside")),
    # sigmoid(x1 - x2), not exp(x1 - out): out rounds, and the difference loses its digits
    ("logaddexp", _logaddexp, _logaddexp_array,
     (lambda m, x1, x2, out: m.sigmoid(x1 - x2), lambda m, x1, x2, out: m.sigmoid(x2 - x1)),
     dict(mp=lambda mp: (lambda x1, x2: mp.log(mp.exp(x1) + mp.exp(x2))),
          sym=lambda sp: (lambda x1, x2: sp.log(sp.exp(x1) + sp.exp(x2))), spell="numpy inline")),
]

_ternary = [
    ("clip", _clip, _np("clip"),
     (lambda m, a, lo, hi, out: _share(m, a - lo) * _share(m, hi - m.max(a, lo)),
      lambda m, a, lo, hi, out: _share(m, lo - a) * _share(m, hi - m.max(a, lo)),
      lambda m, a, lo, hi, out: _share(m, m.max(a, lo) - hi)),
     dict(mp=lambda mp: (lambda a, lo, hi: min(max(a, lo), hi)),
          sym=lambda sp: (lambda a, lo, hi: sp.Min(sp.Max(a, lo), hi)), params=("a", "a_min", "a_max"),
          kink="at a bound, clip(a, a, hi) or clip(a, lo, a), each side gets 1/2, as in max and min",
          at_kink=lambda a, lo, hi: a == lo or max(a, lo) == hi, analytic=False, spell="numpy inline")),
]


SCALARS: list[Primitive] = (
    [_P(name, 1, real, array, (rule,), **kw) for name, real, array, rule, kw in _unary]
    + [_P(name, len(rules), real, array, rules, **kw) for name, real, array, rules, kw in _binary + _ternary])
