"""What a primitive is: the `Primitive` record every entry of the table fills in, and the
helpers entries are written with. The entries live in `scalars.py` (functions of numbers,
elementwise on arrays) and `arrays.py` (operations on whole arrays); `table.py` gathers
them into the one `TABLE`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..errors import DomainError
from ..numbers import short as _short


class _Numpy:
    """numpy, imported on first use: only arrays and the complex step need it, and importing
    it took a third of a one-shot command's start-up (`diffcompare bench` measures that)."""

    def __getattr__(self, name: str) -> Any:
        import numpy
        value = getattr(numpy, name)
        setattr(self, name, value)     # kept: the next np.name is a plain attribute, no call here
        return value


np = _Numpy()


def _np(name: str | Callable, **options) -> Callable:
    """numpy's `name` (with `options`, through np.vectorize if name is a function), resolved at its first call."""
    resolved = None

    def call(*args):
        nonlocal resolved
        if resolved is None:
            import numpy
            resolved = getattr(numpy, name) if isinstance(name, str) else numpy.vectorize(name, **options)
        return resolved(*args)
    return call


Rule = Callable[..., Any]  # rule(m, *args, out) -> partial derivative


@dataclass(frozen=True)
class Primitive:
    name: str
    arity: int
    real: Callable[..., float]          # scalar floats (math module: fast, raises on domain errors)
    array: Callable[..., Any]           # numpy arrays and complex numbers
    mp: Callable[[Any], Callable]       # mpmath module -> implementation
    sym: Callable[[Any], Callable]      # sympy module -> implementation
    partials: tuple[Rule, ...]          # one rule per argument
    domain: Callable[..., bool] | None = None   # where the function is defined (real arguments)
    domain_text: str = ""               # the same, in words: "x > 0"
    kink: str = ""                      # convention at points of non-differentiability
    at_kink: Callable[..., bool] | None = None  # True where the arguments sit on that point (kinks.py)
    symbol: str = ""                    # infix spelling for display ("+"), if any
    doc: str = ""
    spellings: tuple[str, ...] = ()     # every qualified name that means it: "numpy.arcsin", "inline.asin"
    params: tuple[str, ...] = ()        # its arguments' keyword names (numpy's, where numpy has it)
    sym_class: str | tuple[str, ...] = ()   # the sympy class(es) that stand for it in an expression
    analytic: bool = True               # has a complex extension the complex step can follow
    # --- operations on whole arrays (arrays.py); a function of numbers applies elementwise instead
    structural: bool = False            # works on whole arrays: its derivative is jvp/vjp, not partials
    static: tuple[int, ...] = ()        # arguments that are data, never differentiated: axis, shape, index
    defaults: tuple[Any, ...] = ()      # values of the last parameters when a call leaves them out
    variadic: bool = False              # takes any number of arrays before its static arguments (stack)
    jvp: Callable | None = None         # jvp(m, k, t, args, out): the output's tangent from argument k's tangent
    vjp: Callable | None = None         # vjp(m, k, g, args, out): argument k's cotangent from the output's g
    work: Callable | None = None        # work(args, out): element operations of one call (default: the output's size)

    @property
    def sym_classes(self) -> tuple[str, ...]:
        return (self.sym_class,) if isinstance(self.sym_class, str) else self.sym_class

    def check_domain(self, *args: Any) -> None:
        if self.domain is not None and not self.domain(*args):
            shown = ", ".join(_short(a) for a in args)
            try:
                if self.domain(*(float(s) for s in shown.split(", "))):
                    # 6 digits would round asin(1.0000000149) to an innocent-looking asin(1)
                    shown = ", ".join(repr(float(a)) for a in args)
            except (TypeError, ValueError):
                pass
            raise DomainError(f"{self.name}({shown}) is undefined: {self.name} needs {self.domain_text}")


def _mp(name: str) -> Callable[[Any], Callable]:
    return lambda mp: getattr(mp, name)


def _sym(name: str) -> Callable[[Any], Callable]:
    return lambda sp: getattr(sp, name)



def _spellings(name: str, spell: str) -> tuple[str, ...]:
    # "math numpy.arcsin": a word without a dot is a module spelling the primitive by its own name
    return tuple(word if "." in word else f"{word}.{name}" for word in spell.split())


def _P(name, arity, real, array, partials, *, mp=None, sym=None, spell="", params=None, **kw) -> Primitive:
    params = params or (("x",) if arity == 1 else ("x1", "x2"))
    return Primitive(name, arity, real, array, mp or _mp(name), sym or _sym(name), partials,
                     spellings=_spellings(name, spell), params=params, **kw)


