"""Calls the interpreter runs itself, each as Python defines it: `len`, `range`, `zip`,
`enumerate`, `reversed`, `list`, `tuple`, `sum`, `min`, `max`, `any`, `all`, `int`, `float`, `round`, and
math's `fsum`, `floor`, `ceil`, `trunc` (whole-number results, unlike numpy's) and two-argument
`log`. One small function each, keyed by (module, name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .ir import Builtin, Call, Const, Expr, ListLit, TupleLit

if TYPE_CHECKING:
    from .arguments import CallSite


def _one_argument(name: str, may_be_generator: bool = False) -> Callable[["CallSite"], Expr]:
    """len(x), int(x), math.floor(x), math.fsum(xs), ...: one argument, the interpreter's own
    operation. `reversed` may not take a generator, as Python cannot reverse one."""
    def translate(site: "CallSite") -> Expr:
        (value,) = site.args.bind(1, 1)
        return Builtin(name, [site.iterable(value) if may_be_generator else site.expr(value)], site.pos)
    return translate


def _range(site: "CallSite") -> Expr:
    """Always three arguments, as Python fills them: range(stop) is range(0, stop, 1)."""
    site.args.no_keywords()
    given = site.args.positional
    if not 1 <= len(given) <= 3:
        raise site.args.error(f"range() takes from 1 to 3 arguments ({len(given)} given)")
    bounds = [site.expr(arg) for arg in given]
    if len(bounds) == 1:
        bounds.insert(0, Const(0, site.pos))
    if len(bounds) == 2:
        bounds.append(Const(1, site.pos))
    return Builtin("range", bounds, site.pos)


def _zip(site: "CallSite") -> Expr:
    site.args.no_keywords()
    if not site.args.positional:
        raise site.args.error("zip() needs at least one list to walk through")
    return Builtin("zip", [site.iterable(arg) for arg in site.args.positional], site.pos)


def _enumerate(site: "CallSite") -> Expr:
    items, start = site.args.bind(2, 1, {"iterable": 0, "start": 1})
    return Builtin("enumerate", [site.iterable(items), site.expr(start) if start else Const(0, site.pos)], site.pos)


def _collection(name: str, empty: type) -> Callable[["CallSite"], Expr]:
    """list(...) and tuple(...); with no argument, an empty one."""
    def translate(site: "CallSite") -> Expr:
        (items,) = site.args.bind(1, 0)
        if items is None:
            return empty([], site.pos)
        return Builtin(name, [site.iterable(items)], site.pos)
    return translate


def _sum(site: "CallSite") -> Expr:
    items, start = site.args.bind(2, 1, {"start": 1})
    return Builtin("sum", [site.iterable(items), site.expr(start) if start else Const(0, site.pos)], site.pos)


def _extreme(name: str) -> Callable[["CallSite"], Expr]:
    """min/max: of one iterable (a Builtin), or of several values, folded from the left with
    the table's two-argument primitive, as Python compares them in order."""
    def translate(site: "CallSite") -> Expr:
        site.args.no_keywords()
        given = site.args.positional
        if not given:
            raise site.args.error(f"{site.args.display}() takes at least 1 argument (0 given)")
        if len(given) == 1:
            return Builtin(name, [site.iterable(given[0])], site.pos)
        folded = site.expr(given[0])
        for arg in given[1:]:
            folded = site.primitive("builtins", name, [folded, site.expr(arg)])
        return folded
    return translate


def _round(site: "CallSite") -> Expr:
    value, digits = site.args.bind(2, 1, {"number": 0, "ndigits": 1})
    if digits is not None:
        raise site.args.error("round(x, ndigits) is not supported: round(x) rounds to a whole number")
    return Builtin("round", [site.expr(value)], site.pos)


def _math_log(site: "CallSite") -> Expr:
    """math.log(x) is the primitive; math.log(x, base) is log(x) / log(base), as CPython computes it."""
    value, base = site.args.bind(2, 1)
    logarithm = site.primitive("math", "log", [site.expr(value)])
    if base is None:
        return logarithm
    return Call("div", [logarithm, site.primitive("math", "log", [site.expr(base)])], site.pos)


HANDLERS: dict[tuple[str, str], Callable[["CallSite"], Expr]] = {
    ("builtins", "len"): _one_argument("len"),
    ("builtins", "range"): _range,
    ("builtins", "zip"): _zip,
    ("builtins", "enumerate"): _enumerate,
    ("builtins", "reversed"): _one_argument("reversed"),
    ("builtins", "list"): _collection("list", ListLit),
    ("builtins", "tuple"): _collection("tuple", TupleLit),
    ("builtins", "sum"): _sum,
    ("builtins", "min"): _extreme("min"),
    ("builtins", "max"): _extreme("max"),
    ("builtins", "any"): _one_argument("any", may_be_generator=True),     # over a list or a mask, as np.any
    ("builtins", "all"): _one_argument("all", may_be_generator=True),
    ("builtins", "int"): _one_argument("int"),
    ("builtins", "float"): _one_argument("float"),
    ("builtins", "round"): _round,
    ("math", "fsum"): _one_argument("fsum", may_be_generator=True),
    ("math", "floor"): _one_argument("floor"),
    ("math", "ceil"): _one_argument("ceil"),
    ("math", "trunc"): _one_argument("trunc"),
    ("math", "log"): _math_log,
}
