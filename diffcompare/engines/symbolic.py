"""Symbolic differentiation: run the program over sympy symbols, differentiate the
closed-form outputs with sympy, then evaluate the derivative expressions.

This is the table's "builds a very different graph": the result is a new
expression, often far larger than the program (expression swell). Loops with
fixed trip counts unroll; a branch on an input cannot be decided for a symbol
and is refused with the reason; a cap on expression size
(`LIMITS.max_symbolic_nodes`) turns swell into a clear error instead of a hang.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import sympy as sp

from ..errors import DomainError, EvaluationError, LimitError, Unsupported
from ..interpreter import Meter, evaluate
from ..limits import LIMITS
from ..primitives import TABLE, Primitive, apply_real, backend, partial
from ..primitives.on_arrays import apply_array, static
from ..primitives.sizes import made_elements
from ..language.ir import Program
from ..language.point import Point
from . import Derivative, columns


class SymbolicAlgebra:
    """sympy expressions; tracks each expression's size as written (a tree, repeats counted)."""
    name = "symbolic"

    def __init__(self, exact: bool = False, max_nodes: int | None = None):
        self.exact = exact
        # exact (the reference's cross-check): a constant is the number written, 1/10 for 0.1, pi for pi
        self.constant = exact_constant if exact else None
        self.max_nodes = max_nodes or LIMITS.max_symbolic_nodes
        self.sizes: dict = {}
        self.array_sizes: dict = {}        # id(array) -> (array, size of its largest element)
        self.steps = 0

    def lift(self, value):
        if isinstance(value, bool) or isinstance(value, int):
            return sp.Integer(value)
        if isinstance(value, float):
            # exact=True keeps the float's binary value (for 50-digit checks); otherwise
            # the shortest decimal, so formulas read 1/10 rather than 3602879701896397/2**55
            return sp.Rational(value) if self.exact else sp.Rational(repr(value))
        return value

    def size(self, expr) -> int:
        return self.sizes.get(expr, 1) if isinstance(expr, sp.Basic) else 1

    def call(self, prim: Primitive, args: list):
        if prim.structural or any(getattr(a, "ndim", 0) for a in args):
            return self._on_arrays(prim, args)
        lifted = [self.lift(a) for a in args]
        self.steps += 1
        size = 1 + sum(self.size(a) for a in lifted)
        if size > self.max_nodes:
            raise LimitError(f"expression too large: {size:,} nodes after {self.steps:,} steps "
                             f"(limit max_symbolic_nodes = {self.max_nodes:,})")
        result = prim.sym(sp)(*lifted)
        if _not_real(result):       # log(-2) is log(2) + I*pi to sympy; a real function has no value there
            shown = ", ".join(f"{float(a):.6g}" if a.is_Number else str(a) for a in lifted)
            raise DomainError(f"{prim.name}({shown}) is undefined"
                              + (f": {prim.name} needs {prim.domain_text}" if prim.domain_text else ""))
        if isinstance(result, sp.Basic) and not result.is_Atom:
            self.sizes[result] = max(size, self.sizes.get(result, 0))
        return result

    def _on_arrays(self, prim: Primitive, args: list):
        """Arrays of sympy expressions (numpy object arrays): elementwise functions apply to each
        element, operations on whole arrays work on them as on floats. The size limit holds per
        element: the largest element's size grows by the operation, as for a number."""
        n = len(args)
        self._check_elements(max([getattr(a, "size", 1) for k, a in enumerate(args) if not static(prim, k, n)]
                                 + [made_elements(prim.name, prim.structural, args) or 0]))
        values = [a if static(prim, k, n) else self._lift_all(a) for k, a in enumerate(args)]
        self.steps += 1
        size = 1 + sum(self._largest(v) for k, v in enumerate(values) if not static(prim, k, n))
        if size > self.max_nodes:
            raise LimitError(f"expression too large: {size:,} nodes after {self.steps:,} steps "
                             f"(limit max_symbolic_nodes = {self.max_nodes:,})")
        out = apply_array(prim, values, backend("symarray"))
        elements = out.ravel() if getattr(out, "ndim", 0) else [out]
        for element in elements:
            if _not_real(element):
                raise DomainError(f"{prim.name} is undefined at an element of its array"
                                  + (f": {prim.name} needs {prim.domain_text}" if prim.domain_text else ""))
        self.array_sizes[id(out)] = (out, size)
        return out

    def _check_elements(self, n: int) -> None:
        """Each element of an array is an expression of its own: an array of more elements than an
        expression may have nodes is refused before sympy makes them (millions of objects)."""
        if n > self.max_nodes:
            raise LimitError(f"an array of {n:,} expressions, over the limit max_symbolic_nodes = "
                             f"{self.max_nodes:,} (each element is an expression of its own)")

    def _lift_all(self, value):
        np = _numpy()
        if getattr(value, "ndim", 0) and value.dtype != object:
            return np.vectorize(self.lift, otypes=[object])(value.astype(object))
        return self.lift(value)

    def _largest(self, value) -> int:
        if getattr(value, "ndim", 0):
            found = self.array_sizes.get(id(value))
            return found[1] if found is not None and found[0] is value else 1
        return self.size(value)

    def array(self, nested: list):
        np = _numpy()
        from ..interpreter.arrays import leaves
        items, shape = leaves(nested)
        self._check_elements(len(items))
        out = np.empty(len(items), dtype=object)
        out[:] = items
        return out.reshape(shape)

    def split(self, x) -> list:
        return list(x.ravel())

    def compare(self, op: str, a, b) -> bool:
        left, right = self.lift(a), self.lift(b)
        if getattr(left, "free_symbols", None) or getattr(right, "free_symbols", None):
            names = sorted(str(s) for s in (getattr(left, "free_symbols", set()) | getattr(right, "free_symbols", set())))
            raise Unsupported(f"a branch depends on the input {', '.join(names)}: "
                              "a symbol has no value to decide it by")
        from ..interpreter import COMPARISONS
        return COMPARISONS[op](float(left), float(right))

    def value(self, x) -> float:
        if getattr(x, "ndim", 0):
            np = _numpy()
            if x.dtype == object and any(getattr(e, "free_symbols", None) for e in x.ravel()):
                raise Unsupported("a mask (a comparison of arrays) depends on the inputs: "
                                  "a symbol has no value to decide it by")
            return np.asarray(x, dtype=float)
        lifted = self.lift(x)
        if getattr(lifted, "free_symbols", None):
            names = ", ".join(sorted(str(s) for s in lifted.free_symbols))
            raise Unsupported(f"a whole number (int(), round()) is taken of an expression of the input {names}: "
                              "a symbol has no value to round")
        return float(lifted)


def exact_constant(value: float, exact) -> "sp.Expr":
    """A program's float constant as sympy's exact number: the decimal written (`Const.exact`,
    a Fraction) or the constant named (pi, e, tau); else the float's own binary value."""
    if exact is None:
        return sp.Rational(value)
    if isinstance(exact, str):
        return {"pi": sp.pi, "e": sp.E, "tau": 2 * sp.pi}[exact]
    return sp.Rational(exact.numerator, exact.denominator)


def _numpy():
    import numpy
    return numpy


_NOT_REAL = (sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I)


def _not_real(expr) -> bool:
    """sympy's answer where a real function is undefined: zoo, nan, oo, or something times I
    (looked for at the top two levels only, so the check stays cheap on large expressions)."""
    if not isinstance(expr, sp.Basic):
        return False
    for part in (expr, *expr.args):
        if part in _NOT_REAL or (part.is_Mul and any(f in _NOT_REAL for f in part.args)):
            return True
    return False


def symbols(point: Point) -> list:
    return [sp.Symbol(name, real=True) for name in point.input_names()]


def closed_form(program: Program, point: Point, meter: Meter, exact: bool = False) -> tuple[list, list]:
    """The program's outputs as sympy expressions of its (flat) input symbols."""
    syms = symbols(point)
    outputs = evaluate(program, point.inputs(syms), SymbolicAlgebra(exact), meter)
    return syms, [sp.sympify(o) for o in outputs]


def derive(program: Program, point: Point, meter: Meter, wrt: list[int] | None = None, exact: bool = False):
    syms, outputs = closed_form(program, point, meter, exact)
    cols = columns(syms, wrt)
    derivatives = [[_as_real(sp.diff(out, syms[j])) for j in cols] for out in outputs]
    return syms, cols, outputs, derivatives


def _as_real(expr):
    """sympy's derivative with the knowledge that every value of the program is real.

    sympy cannot prove that asin(x) or log(x) is real, so it differentiates abs(asin(x))
    through re() and im() and leaves d/dx sign(log(x)) unevaluated -- neither of which can
    be evaluated. At a point where the program runs, every intermediate value is real (on a
    neighbourhood, as the domains are open), so re(g) = g, im(g) = 0, and
    d sign(g) = 2 DiracDelta(g) dg, exactly what sympy writes for a g it knows is real.
    """
    if not expr.has(sp.re, sp.im, sp.conjugate, sp.Derivative):
        return expr
    expr = expr.replace(sp.re, lambda a: a).replace(sp.im, lambda a: sp.S.Zero).replace(sp.conjugate, lambda a: a)
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative) and isinstance(e.expr, sp.sign),
                        lambda e: 2 * sp.DiracDelta(e.expr.args[0]) * sp.diff(e.expr.args[0], *e.variables))
    # a Subs is done as soon as the derivative inside it is (the walk goes bottom up): two
    # Subs(0, ...) left side by side in a product break sympy's ordering of its factors
    expr = expr.replace(lambda e: isinstance(e, sp.Subs)
                        or (isinstance(e, sp.Derivative) and _primitive_of(e.expr.func) is not None),
                        lambda e: e.doit() if isinstance(e, sp.Subs) else _by_rule(e))
    return expr.doit() if expr.has(sp.Derivative, sp.Subs) else expr


def _by_rule(d):
    """A derivative sympy leaves unevaluated -- of floor, Mod, round, Heaviside's value at 0 --
    taken with the table's rules, by the chain rule."""
    f = d.expr
    prim = TABLE[_primitive_of(f.func)]
    (v, n), *rest = d.variable_count
    first = sum(_exact(partial(prim, k, list(f.args), f, backend("sym"))) * sp.diff(a, v)
                for k, a in enumerate(f.args))
    later = ([(v, n - 1)] if n > 1 else []) + rest
    return sp.diff(first, *later) if later else first


def _exact(rule_value):
    """A rule's float constants (1.0, 0.5) as the rationals they are, so formulas read 1/2, not 0.5."""
    if isinstance(rule_value, float):
        return sp.Rational(rule_value)
    return rule_value.xreplace({f: sp.Rational(f) for f in rule_value.atoms(sp.Float)})


# --- evaluating a sympy expression through the primitives table (so calls are counted)

_BY_CLASS: dict[str, str] = {}


def _primitive_of(func) -> str | None:
    """The primitive a sympy class stands for (the table's `sym_class`), by the class's name."""
    if not _BY_CLASS:
        _BY_CLASS.update({cls: prim.name for prim in TABLE.values() for cls in prim.sym_classes})
    return _BY_CLASS.get(getattr(func, "__name__", None))


class Evaluator:
    """Evaluates sympy expressions on floats, counting primitive calls in `calls`."""

    def __init__(self, env: dict, calls: Counter):
        self.env = env
        self.calls = calls

    def prim(self, name: str, *args) -> float:
        self.calls[name] += 1
        return apply_real(TABLE[name], args)

    def fold(self, name: str, items) -> float:
        items = list(items)
        total = items[0]
        for item in items[1:]:
            total = self.prim(name, total, item)
        return total

    def __call__(self, expr) -> float:
        if expr in self.env:
            return self.env[expr]
        if expr.is_Number:
            value = float(expr)
            if abs(value) == float("inf"):    # a constant such as 10**309 that sympy holds exactly
                raise DomainError(f"the number {str(sp.Float(expr, 3)).lower()} is beyond the float range "
                                  "(largest about 1.8e308)")
            return value
        if expr.is_NumberSymbol:       # pi, E
            return float(expr)
        if expr.is_Add:
            return self.fold("add", map(self, expr.args))
        if expr.is_Mul:
            numer = [a for a in expr.args if not (a.is_Pow and a.exp == -1)]
            denom = [a.base for a in expr.args if a.is_Pow and a.exp == -1]
            top = self.fold("mul", map(self, numer)) if numer else 1.0
            return self.prim("div", top, self.fold("mul", map(self, denom))) if denom else top
        if expr.is_Pow:
            base = self(expr.base)
            if expr.exp == -1:
                return self.prim("div", 1.0, base)
            if expr.exp == sp.Rational(1, 2):
                return self.prim("sqrt", base)
            return self.prim("pow", base, self(expr.exp))
        if isinstance(expr, sp.DiracDelta):
            if self(expr.args[0]) == 0:
                raise EvaluationError("the symbolic derivative holds a Dirac delta at this point")
            return 0.0
        if isinstance(expr, sp.polygamma) and expr.args[0] in (0, 1):
            # polygamma(0, x) is digamma, polygamma(1, x) trigamma: the order picks the primitive
            return self.prim(("digamma", "trigamma")[int(expr.args[0])], self(expr.args[1]))
        name = _primitive_of(expr.func)
        if name is None:
            raise Unsupported(f"cannot evaluate sympy's {expr.func.__name__} numerically here")
        return self.prim(name, *map(self, expr.args))


def node_count(exprs) -> int:
    """Operations in the expressions as written (sympy's count_ops: a tree, repeats counted)."""
    return int(sum(sp.count_ops(e) for e in exprs))


@dataclass
class Derived:
    """What one derivation produced: the expressions, their cse, and what it cost (done once per key)."""
    syms: list
    cols: list[int]
    outputs: list
    derivatives: list[list]
    replacements: list
    reduced: list
    derive_s: float
    ops_raw: int
    ops_cse: int


def derive_reduced(program: Program, point: Point, meter: Meter, wrt: list[int] | None = None) -> Derived:
    """Closed form, sympy's derivatives and their common subexpressions: everything but the numbers."""
    start = time.perf_counter()
    syms, cols, outputs, derivatives = derive(program, point, meter, wrt)
    flat_derivatives = [d for row in derivatives for d in row]
    replacements, reduced = sp.cse(outputs + flat_derivatives)
    derive_s = time.perf_counter() - start
    return Derived(syms, cols, outputs, derivatives, replacements, reduced, derive_s,
                   node_count(outputs + flat_derivatives),
                   node_count([e for _, e in replacements] + list(reduced)) + len(replacements))


def jacobian(program: Program, point: Point, meter: Meter, wrt: list[int] | None = None,
             as_written: bool = False, cache: dict | None = None, **_) -> Derivative:
    """`cache`, opt-in: a dict the caller keeps across calls (gradient descent's thousand steps).
    The derivation for one program, input shape and `wrt` is then done once and later calls
    only evaluate (no traversal, `details["cached"]` True). Without it every call derives
    afresh, so `diff` times a real derivation, never a cache hit."""
    key = (program, point.shapes, None if wrt is None else tuple(wrt))
    d = cache.get(key) if cache is not None else None
    cached = d is not None
    if d is None:
        d = derive_reduced(program, point, meter, wrt)
        if cache is not None:
            cache[key] = d
    flat_derivatives = [e for row in d.derivatives for e in row]

    env = dict(zip(d.syms, point.flat))
    calls: Counter = Counter()
    start = time.perf_counter()
    evaluator = Evaluator(env, calls)
    if as_written:
        results = [evaluator(e) for e in d.outputs + flat_derivatives]
    else:
        for name, expr in d.replacements:
            env[name] = evaluator(expr)
        results = [evaluator(e) for e in d.reduced]
    evaluate_s = time.perf_counter() - start
    meter.calls.update(calls)

    m, k = len(d.outputs), len(d.cols)
    values, flat = results[:m], results[m:]
    jac = [flat[i * k:(i + 1) * k] for i in range(m)]
    details = {
        "derive_s": d.derive_s, "evaluate_s": evaluate_s, "cached": cached,
        "ops_raw": d.ops_raw, "ops_cse": d.ops_cse,
        "outputs": d.outputs, "derivatives": d.derivatives, "symbols": [d.syms[j] for j in d.cols],
        "calls_evaluated": dict(calls),
    }
    return Derivative(values, jac, details)
