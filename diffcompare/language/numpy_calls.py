"""numpy's functions that the interpreter runs itself (`Builtin` nodes), keyed like
`builtin_calls.HANDLERS`: the constructors of arrays, the logical operations on masks, and
the questions about an array's layout.

The constructors make constant arrays of their data, or an array of the engine's numbers;
their derivative is that of the numbers in them, so they are not primitives of the table.
Each becomes ``Builtin(name, args)`` with every argument numpy would use, in numpy's order,
the ones left out filled with numpy's defaults:

    array(obj)                      np.array(obj), np.asarray(obj)
    zeros(shape)  ones(shape)  full(shape, fill_value)
    eye(N, M, k)                    np.eye(N, M=None, k=0), np.identity(n) = eye(n, None, 0)
    arange(start, stop, step)       np.arange(n) = arange(0, n, 1), as numpy reads one number
    linspace(start, stop, num, endpoint)       num=50, endpoint=True
    zeros_like(a)  ones_like(a)  full_like(a, fill_value)
    logical_and(x1, x2)  logical_or(x1, x2)  logical_not(x)  any(a)  all(a)
    shape(a)  size(a)  ndim(a)

A `dtype` argument, by keyword or in numpy's place, must mean float64 and is dropped
(`numpy_keywords`); a shape of literal numbers is one `Const` tuple (`statics`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from .ir import Builtin, Const, Expr
from .statics import fold_whole_numbers

if TYPE_CHECKING:
    from .arguments import CallSite


@dataclass(frozen=True)
class _Constructor:
    builtin: str                    # the Builtin's name
    params: tuple[str, ...]         # numpy's parameter names in numpy's order ("dtype": checked, dropped)
    defaults: tuple[Any, ...] = ()  # numpy's defaults of the last parameters before dtype
    tail: tuple[Any, ...] = ()      # constants appended (np.identity(n) is eye(n, None, 0))

    def __call__(self, site: "CallSite") -> Expr:
        values = [name for name in self.params if name != "dtype"]
        first_default = len(values) - len(self.defaults)
        bound = dict(zip(self.params, site.args.bind_names(self.params, first_default)))
        dtype = bound.pop("dtype", None)
        if dtype is not None:
            site.check_dtype(dtype)
        args = [self._argument(name, bound[name], site, index - first_default) for index, name in enumerate(values)]
        return Builtin(self.builtin, args + [Const(value, site.pos) for value in self.tail], site.pos)

    def _argument(self, name: str, node, site: "CallSite", default_index: int) -> Expr:
        if node is None:
            return Const(self.defaults[default_index], site.pos)
        value = site.expr(node)
        return fold_whole_numbers(value) if name == "shape" else value


def _arange(site: "CallSite") -> Expr:
    """Always three arguments: numpy reads ``arange(n)`` as ``arange(0, n, 1)``."""
    start, stop, step, dtype = site.args.bind_names(("start", "stop", "step", "dtype"), 0)
    if dtype is not None:
        site.check_dtype(dtype)
    if stop is None:
        start, stop = None, start
    if stop is None:
        raise site.args.error(f"{site.args.display}() is missing its argument 'stop'")
    bounds = [site.expr(start) if start is not None else Const(0, site.pos), site.expr(stop),
              site.expr(step) if step is not None else Const(1, site.pos)]
    return Builtin("arange", bounds, site.pos)


def _builtin(name: str, params: tuple[str, ...]) -> Callable[["CallSite"], Expr]:
    """A numpy function that is one interpreter operation on all its (required) arguments."""
    def translate(site: "CallSite") -> Expr:
        return Builtin(name, [site.expr(arg) for arg in site.args.bind_names(params, len(params))], site.pos)
    return translate


HANDLERS: dict[tuple[str, str], Callable[["CallSite"], Expr]] = {
    ("numpy", "array"): _Constructor("array", ("object", "dtype")),
    ("numpy", "asarray"): _Constructor("array", ("a", "dtype")),
    ("numpy", "zeros"): _Constructor("zeros", ("shape", "dtype")),
    ("numpy", "ones"): _Constructor("ones", ("shape", "dtype")),
    ("numpy", "full"): _Constructor("full", ("shape", "fill_value", "dtype")),
    ("numpy", "eye"): _Constructor("eye", ("N", "M", "k", "dtype"), (None, 0)),
    ("numpy", "identity"): _Constructor("eye", ("n", "dtype"), tail=(None, 0)),
    ("numpy", "linspace"): _Constructor("linspace", ("start", "stop", "num", "endpoint"), (50, True)),
    ("numpy", "zeros_like"): _Constructor("zeros_like", ("a", "dtype")),
    ("numpy", "ones_like"): _Constructor("ones_like", ("a", "dtype")),
    ("numpy", "full_like"): _Constructor("full_like", ("a", "fill_value", "dtype")),
    ("numpy", "arange"): _arange,
    ("numpy", "logical_and"): _builtin("logical_and", ("x1", "x2")),
    ("numpy", "logical_or"): _builtin("logical_or", ("x1", "x2")),
    ("numpy", "logical_not"): _builtin("logical_not", ("x",)),
    ("numpy", "any"): _builtin("any", ("a",)),
    ("numpy", "all"): _builtin("all", ("a",)),
    ("numpy", "shape"): _builtin("shape", ("a",)),
    ("numpy", "size"): _builtin("size", ("a",)),
    ("numpy", "ndim"): _builtin("ndim", ("a",)),
}
