"""Points where a function is not differentiable: find them, compute the one-sided
derivatives there, and say what each engine returned and why.

At abs(x) with x = 0 there is no derivative, yet every engine prints one number:
forward and reverse mode the primitives table's convention (abs'(0) = 0), a forward
difference the right-hand slope, a central difference the average of both sides,
sympy whatever its formula gives there (sign(0) = 0, Heaviside(0) = 1/2). This module
makes that visible instead of letting one of those numbers pass for the derivative:

1. `check_point` runs the program once on floats through a `Probe` algebra that marks
   which values depend on which inputs and records every primitive evaluated on its
   kink (the table's `at_kink` predicate: abs(0), max(x, x), sqrt(0), ...) and every
   comparison decided by a tie (a branch `x > 0` at x = 0);
2. where it found one, it *computes* the one-sided derivatives of every output along
   every input axis: difference quotients (f(x ± h e_j) - f(x)) / ±h over mpmath at
   80 digits for h = 1e-12 ... 1e-30, so the limit is read off, and an infinite slope
   (the quotients keep growing), a jump (f itself does not settle) or a side outside
   the domain are recognised and said in words;
3. `explain` compares each engine's number with the two sides and writes why it got it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import DiffcompareError, DomainError
from ..interpreter import COMPARISONS, Meter, evaluate
from ..limits import LIMITS
from ..numbers import number, short
from ..primitives import Primitive, apply, apply_real, backend
from ..primitives.on_arrays import apply_array
from ..language.ir import Call, Compare, Program, walk
from ..language.point import Point

H_EXPONENTS = (12, 18, 24, 30)     # steps h = 10**-k · max(1, |x_j|) of the one-sided quotients
WORK_DIGITS = 80                   # enough that f(x + 1e-30) - f(x) keeps 50 digits
SETTLED = 1e-9                     # quotients at the two smallest h agreeing this well have converged
AGREE = 1e-9                       # one-sided derivatives closer than this (relative) are one derivative


# --- 1. finding the kinks: a probe algebra ----------------------------------------------------

class Live:
    """A float (or an array of them) that depends on the inputs; `deps` is a bit mask of the
    flat inputs it depends on."""
    __slots__ = ("value", "deps")

    def __init__(self, value, deps: int):
        self.value = value
        self.deps = deps

    ndim = property(lambda self: getattr(self.value, "ndim", 0))
    shape = property(lambda self: getattr(self.value, "shape", ()))
    size = property(lambda self: getattr(self.value, "size", 1))


def _numpy():
    import numpy
    return numpy


@dataclass
class Site:
    """One place where the run at the point sat on a non-differentiable point of a primitive,
    or took a branch decided by a tie."""
    what: str                      # "abs(0)", "max(1, 1)", "the comparison 0 > 0"
    primitive: str | None          # the table's name; None for a comparison
    convention: str                # what forward and reverse mode do there, in words
    deps: int                      # bit mask of the inputs it depends on
    where: tuple[int, int] | None = None
    count: int = 1                 # how often the run met it

    def as_dict(self) -> dict:
        return {"what": self.what, "primitive": self.primitive, "convention": self.convention,
                "line": self.where[0] if self.where else None, "column": self.where[1] if self.where else None,
                "count": self.count}


class Probe:
    """Floats that remember which inputs they depend on; records kinks and ties on the way."""
    name = "probe"

    def __init__(self):
        self.sites: dict[tuple, Site] = {}

    def call(self, prim: Primitive, args: list) -> Any:
        values = [a.value if type(a) is Live else a for a in args]
        if prim.structural or any(getattr(v, "ndim", 0) for v in values):
            return self._on_arrays(prim, args, values)
        out = apply_real(prim, values)
        deps = 0
        for a in args:
            if type(a) is Live:
                deps |= a.deps
        if not deps:
            return out
        if prim.at_kink is not None and prim.at_kink(*values):
            shown = ", ".join(short(v) for v in values)
            self._record((prim.name, shown), Site(f"{prim.name}({shown})", prim.name, prim.kink, deps))
        return Live(out, deps)

    def _on_arrays(self, prim: Primitive, args: list, values: list) -> Any:
        """On arrays: an elementwise primitive is on its kink where any element is (the first such
        element is named); an operation on whole arrays is smooth in its arguments."""
        np = _numpy()
        out = apply_array(prim, values, backend("array"))
        deps = 0
        for a in args:
            if type(a) is Live:
                deps |= a.deps
        if not deps:
            return out
        if not prim.structural and prim.at_kink is not None:
            shape = np.shape(out)
            spread = [np.broadcast_to(v, shape) for v in values]
            for index in np.ndindex(*shape):
                element = [float(s[index]) for s in spread]
                if prim.at_kink(*element):
                    shown = ", ".join(short(v) for v in element)
                    self._record((prim.name, shown), Site(f"{prim.name}({shown}) at element {list(index)}",
                                                          prim.name, prim.kink, deps))
                    break
        return Live(out, deps)

    def array(self, nested: list) -> Any:
        """An input array: its elements' dependences are merged (the array depends on them all)."""
        np = _numpy()
        from ..interpreter.arrays import leaves
        items, shape = leaves(nested)
        deps = 0
        for item in items:
            if type(item) is Live:
                deps |= item.deps
        return Live(np.array([self.value(i) for i in items], dtype=float).reshape(shape), deps)

    def split(self, x: Any) -> list:
        return [Live(float(v), x.deps) for v in x.value.ravel()] if type(x) is Live else list(x.ravel())

    def compare(self, op: str, a: Any, b: Any) -> bool:
        va = a.value if type(a) is Live else a
        vb = b.value if type(b) is Live else b
        result = COMPARISONS[op](va, vb)
        deps = (a.deps if type(a) is Live else 0) | (b.deps if type(b) is Live else 0)
        if deps and va == vb:
            what = f"the comparison {short(va)} {op} {short(vb)}"
            branch = "true" if result else "false"
            self._record(("compare", op, what), Site(
                what, None, f"at the tie '{op}' is {branch}, so the {branch} branch's derivative is taken",
                deps))
        return result

    def value(self, x: Any) -> float:
        return x.value if type(x) is Live else x

    def _record(self, key: tuple, site: Site) -> None:
        if key in self.sites:
            self.sites[key].count += 1
            self.sites[key].deps |= site.deps
        else:
            self.sites[key] = site


class _Mp:
    """Plain mpmath numbers over the primitives table (the one-sided quotients)."""
    name = "mp"

    def __init__(self):
        self.m = backend("mp")
        self.constant = self.m.constant     # constants as written, as in the reference

    def call(self, prim: Primitive, args: list) -> Any:
        return apply(prim, args, self.m)

    def compare(self, op: str, a: Any, b: Any) -> bool:
        return COMPARISONS[op](a, b)


# --- 2. one-sided derivatives -----------------------------------------------------------------

@dataclass
class Side:
    """One one-sided derivative: a number, or the reason there is none."""
    kind: str                      # "finite", "infinite", "jump", "undefined", "unsettled"
    value: float | None            # for "finite" (and ±inf for "infinite")
    text: str                      # what a reader sees

    @property
    def short(self) -> str:
        """For a table cell: the number, or the reason in two words."""
        return {"finite": self.text, "infinite": ("+" if (self.value or 0) > 0 else "-") + "inf (vertical)",
                "jump": "none (a jump)", "undefined": "undefined (domain)"}.get(self.kind, "none")

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value if self.kind == "finite" else None, "text": self.text}


@dataclass
class Partial:
    """∂output/∂input from the right and from the left."""
    output: int
    column: int                    # position among the differentiated inputs (the Jacobian column)
    name: str                      # "∂f/∂x"
    right: Side
    left: Side

    @property
    def agree(self) -> bool:
        r, l = self.right, self.left
        return (r.kind == l.kind == "finite"
                and abs(r.value - l.value) <= AGREE * max(1.0, abs(r.value), abs(l.value)))

    def as_dict(self) -> dict:
        return {"name": self.name, "output": self.output, "column": self.column, "right": self.right.as_dict(),
                "left": self.left.as_dict(), "agree": self.agree}


@dataclass
class PointCheck:
    """What the point itself is like: defined? on a kink? the one-sided derivatives there."""
    sites: list[Site] = field(default_factory=list)
    partials: list[Partial] = field(default_factory=list)
    undefined: str | None = None           # the float run at the point failed with this domain error
    skipped: str | None = None             # one-sided derivatives not computed for some inputs, and why
    stopped: str | None = None             # the check itself ran out of time: nothing is known
    explanations: dict[str, str] = field(default_factory=dict)   # engine (or "reference") -> why
    matches: dict[str, list[str]] = field(default_factory=dict)  # engine -> per partial: right/left/...

    @property
    def differentiable(self) -> bool | None:
        """None when no kink was met (the primitives tell nothing against it)."""
        if not self.sites:
            return None
        return all(p.agree for p in self.partials)

    @property
    def kinked(self) -> bool:
        return self.differentiable is False

    def summary(self) -> str:
        """One sentence for the notes under the table."""
        if self.undefined:
            return f"The function is undefined at this point: {self.undefined}."
        if self.stopped:
            return f"The point was not checked for kinks ({self.stopped}): a derivative shown may not exist here."
        if not self.sites:
            return ""
        met = "; ".join(_site_text(s) for s in self.sites)
        if self.differentiable:
            return f"At this point {met}, yet the one-sided derivatives agree, so the function is differentiable here."
        bad = [p for p in self.partials if not p.agree]
        sides = "; ".join(f"{p.name}: right {p.right.text}, left {p.left.text}" for p in bad[:4])
        return (f"NOT DIFFERENTIABLE at this point: {met}. The one-sided derivatives differ ({sides}), so no "
                "single number is the derivative; each engine's number is a convention, explained per row.")

    def as_dict(self) -> dict:
        return {"differentiable": self.differentiable, "undefined": self.undefined,
                "sites": [s.as_dict() for s in self.sites], "one_sided": [p.as_dict() for p in self.partials],
                "skipped": self.skipped, "stopped": self.stopped, "explanations": self.explanations, "matches": self.matches,
                "method": (f"one-sided difference quotients over mpmath at {WORK_DIGITS} digits, "
                           f"h = 1e-{H_EXPONENTS[0]} ... 1e-{H_EXPONENTS[-1]}")}


def check_point(program: Program, point: Point, wrt: list[int], input_names: list[str] | None = None,
                output_names: list[str] | None = None) -> PointCheck:
    """Run the program at the point once, looking for kinks; where there are some, compute the
    one-sided derivatives of every output along each differentiated input."""
    flat = list(point.flat)
    probe = Probe()
    live = [Live(v, 1 << j) for j, v in enumerate(flat)]
    check = PointCheck()
    try:
        evaluate(program, point.inputs(live), probe, Meter())
    except DomainError as exc:
        check.undefined = str(exc)
        return check
    except DiffcompareError:
        return check                     # a limit or an unsupported construct: the engines will say so
    check.sites = list(probe.sites.values())
    for site in check.sites:
        site.where = _position(program, site)
    if not check.sites:
        return check
    names = input_names or point.input_names()
    touched = 0
    for site in check.sites:
        touched |= site.deps
    columns = [(c, j) for c, j in enumerate(wrt) if touched >> j & 1]
    if len(columns) > LIMITS.max_one_sided_inputs:
        check.skipped = (f"one-sided derivatives computed for the first {LIMITS.max_one_sided_inputs} of "
                         f"{len(columns)} inputs the kink depends on (limit max_one_sided_inputs, "
                         f"DIFFCOMPARE_MAX_ONE_SIDED_INPUTS)")
        columns = columns[:LIMITS.max_one_sided_inputs]
    check.partials = _one_sided(program, point, flat, columns, names, output_names)
    return check


def _one_sided(program: Program, point: Point, flat: list[float], columns: list[tuple[int, int]],
               names: list[str], output_names: list[str] | None) -> list[Partial]:
    import mpmath
    algebra = _Mp()
    with mpmath.workdps(WORK_DIGITS):
        base = [mpmath.mpf(v) for v in flat]
        try:
            f0 = evaluate(program, point.inputs(base), algebra, Meter())
        except DiffcompareError:
            return []                    # the float run passed but 80 digits did not: nothing to say
        outs = output_names if output_names and len(output_names) == len(f0) else (
            ["f"] if len(f0) == 1 else [f"f[{i}]" for i in range(len(f0))])
        partials = []
        for c, j in columns:
            right = _sides(program, point, base, j, +1, f0, algebra)
            left = _sides(program, point, base, j, -1, f0, algebra)
            for i in range(len(f0)):
                partials.append(Partial(i, c, f"∂{outs[i]}/∂{names[j]}", right[i], left[i]))
    return partials


def _sides(program: Program, point: Point, base: list, j: int, sign: int, f0: list, algebra) -> list[Side]:
    """The one-sided derivative of each output along input j, from the right (sign +1) or left (-1)."""
    import mpmath
    scale = max(mpmath.mpf(1), abs(base[j]))
    quotients, jumps = [], []
    for k in H_EXPONENTS:
        h = mpmath.mpf(10) ** -k * scale
        moved = list(base)
        moved[j] = base[j] + sign * h
        try:
            out = evaluate(program, point.inputs(moved), algebra, Meter())
        except DomainError as exc:
            side = "right" if sign > 0 else "left"
            return [Side("undefined", None, f"undefined: the {side} side is outside the domain ({exc.reason})")
                    ] * len(f0)
        except DiffcompareError as exc:
            return [Side("unsettled", None, f"not computed: {exc}")] * len(f0)
        quotients.append([(o - a) / (sign * h) for o, a in zip(out, f0)])
        jumps.append([o - a for o, a in zip(out, f0)])
    return [_classify([q[i] for q in quotients], [d[i] for d in jumps], f0[i]) for i in range(len(f0))]


def _classify(q: list, d: list, f0) -> Side:
    """Read the limit off quotients at shrinking h: settled, growing without bound, or a jump."""
    last, before = q[-1], q[-2]
    if abs(last - before) <= SETTLED * max(1, abs(last)):
        value = 0.0 if abs(last) <= abs(last - before) else float(last)   # h**p -> 0 read as 0
        return Side("finite", value, number(value, 12))
    if abs(d[-1]) > 1e-20 * max(1, abs(f0)) and abs(d[-1]) >= 0.5 * abs(d[-2]):
        import mpmath
        return Side("jump", None, f"none: f jumps by {mpmath.nstr(d[-1], 6)} here (it is not continuous)")
    if all(abs(b) >= 3 * abs(a) for a, b in zip(q[1:], q[2:])):
        sign = "+" if last > 0 else "-"
        return Side("infinite", math.copysign(math.inf, float(last)),
                    f"{sign}inf: the slope is vertical (the quotient grows without bound as h shrinks)")
    return Side("unsettled", None, "none: the difference quotients do not settle as h shrinks")


# --- 3. what each engine returned, and why ---------------------------------------------------

def explain(check: PointCheck, engines: dict, reference_jacobian: list[list[float]] | None = None) -> None:
    """Fill `check.explanations` and `check.matches` for engine results (objects with `engine`,
    `jacobian`, `error`, `details`) at a point where the run met a kink."""
    if check.differentiable:
        _explain_harmless(check, engines)
    if not check.kinked:
        return
    bad = [p for p in check.partials if not p.agree]
    if reference_jacobian is not None:
        check.matches["reference"] = [_match(reference_jacobian[p.output][p.column], p) for p in bad]
        check.explanations["reference"] = (f"{_labels(check.matches['reference'], bad)}, {_rules(check)}; the "
                                           "50-digit reference uses the same rules, so this is a convention, "
                                           "not the derivative")
    for name, r in engines.items():
        if r.jacobian is None or r.error:
            check.explanations[name] = ("no number: the slope is infinite or undefined on a side, and this engine "
                                        "stops there" if _steep(bad) else _stopped(check, name))
            continue
        check.matches[name] = [_match(r.jacobian[p.output][p.column], p, loose=name == "numerical") for p in bad]
        check.explanations[name] = f"{_labels(check.matches[name], bad)}, {_why(name, r, check)}"
        if any("quotient" in m for m in check.matches[name]):
            check.explanations[name] += "; it is finite only because h is, and grows without bound as h shrinks"


def _explain_harmless(check: PointCheck, engines: dict) -> None:
    """The sides agree, yet an engine stopped at the kink: say that the derivative exists."""
    sides = "; ".join(f"{p.name} = {p.right.text}" for p in check.partials[:4])
    for name, r in engines.items():
        if r.jacobian is None and r.error and "not differentiable" in r.error:
            check.explanations[name] = (f"the function is differentiable here (both one-sided derivatives "
                                        f"agree: {sides}), but {_stopped(check, name)}")


def _stopped(check: PointCheck, engine: str) -> str:
    """Why an engine has no number at a kink whose sides are finite."""
    why = (" Reverse mode computes every local derivative while it records the tape, so it meets an infinite "
           "one even where the chain rule would multiply it by 0." if engine == "reverse" else "")
    return f"this engine stopped at {', '.join(s.what for s in check.sites)}.{why}"


def _match(value: float, p: Partial, loose: bool = False) -> str:
    """Which side a number is: 'right', 'left', 'average', a 'quotient' of an infinite slope, or 'neither'."""
    r, l = p.right, p.left
    tol = (1e-5 if loose else 1e-9)
    def near(target: float) -> bool:
        return abs(value - target) <= tol * max(1.0, abs(target))
    if r.kind == l.kind == "finite":
        if near(r.value) and near(l.value):
            return "both sides"
        for label, target in (("right", r.value), ("left", l.value), ("average", (r.value + l.value) / 2)):
            if near(target):
                return label
        return "neither side"
    if r.kind == "finite" and near(r.value):
        return "right"
    if l.kind == "finite" and near(l.value):
        return "left"
    # only a difference quotient is a quotient: at a jump (floor, heaviside, x % y) the rule-based
    # engines give the table's convention, which is neither side
    if "jump" in (r.kind, l.kind) and loose:
        return "a quotient across a jump"
    if "infinite" in (r.kind, l.kind) and loose:
        return "a finite quotient of an infinite slope"
    return "neither side"


_LABEL_TEXT = {"right": "the right-hand derivative", "left": "the left-hand derivative",
               "average": "the average of the two sides", "both sides": "both sides",
               "neither side": "neither one-sided derivative"}


def _labels(matches: list[str], partials: list[Partial]) -> str:
    if len(set(matches)) == 1:
        return _LABEL_TEXT.get(matches[0], matches[0])
    return ", ".join(f"{p.name}: {_LABEL_TEXT.get(m, m)}" for m, p in zip(matches, partials))


def _rules(check: PointCheck) -> str:
    """Why dual numbers (forward mode, the reference) give what they give at the kinks met."""
    infinite = [s for s in check.sites if "domain error" in s.convention]     # sqrt'(0), hypot'(0, 0), ...
    conventions = "; ".join(dict.fromkeys(s.convention for s in check.sites if s not in infinite and s.convention))
    parts = [f"by the primitives table's rule at the kink: {conventions}"] if conventions else []
    if infinite:
        parts.append(f"because the derivative flowing into {', '.join(s.what for s in infinite)} was 0, so its "
                     "infinite local derivative was never used")
    return "; ".join(parts)


def _why(engine: str, r, check: PointCheck) -> str:
    if engine == "numerical":
        method = r.details.get("method", "forward")
        steps = r.details.get("steps") or []
        h = f", h = {steps[0]:.3g}" if steps else ""
        return {"forward": f"because a forward difference (f(x+h) - f(x))/h{h}, looks only to the right",
                "central": f"because a central difference (f(x+h) - f(x-h))/2h{h}, averages the two sides",
                "richardson": "because Richardson extrapolation of central differences averages the two sides",
                "complex": "because the complex step followed the branch taken at the point",
                }.get(method, "from a finite difference")
    if engine == "symbolic":
        formula = " ".join(str(e) for row in r.details.get("derivatives", []) for e in row)
        rules = [text for key, text in (("Heaviside", "Heaviside(0) = 1/2"), ("sign", "sign(0) = 0"),
                                        ("Piecewise", "the Piecewise condition at the point"))
                 if key in formula]
        return "from sympy's derivative evaluated at the point" + (f" ({', '.join(rules)})" if rules else "")
    return _rules(check)


def _steep(partials: list[Partial]) -> bool:
    return any(s.kind in ("infinite", "undefined", "jump") for p in partials for s in (p.right, p.left))


# --- helpers ----------------------------------------------------------------------------------

def _site_text(site: Site) -> str:
    where = f" (line {site.where[0]}, column {site.where[1]})" if site.where else ""
    times = f", {site.count} times" if site.count > 1 else ""
    if site.primitive is None:
        return f"{site.what} is a tie{where}{times}"
    return f"{site.what} is on {site.primitive}'s kink{where}{times}"


def _position(program: Program, site: Site) -> tuple[int, int] | None:
    """Where in the source the site is, when the program has exactly one candidate."""
    if site.primitive is not None:
        found = _nodes(program, lambda n: isinstance(n, Call) and n.func == site.primitive)
    else:
        found = _nodes(program, lambda n: isinstance(n, Compare))
    return found[0].pos if len(found) == 1 and found[0].pos[0] else None


def _nodes(program: Program, keep) -> list:
    return [node for body in program.bodies() for node in walk(body) if keep(node)]
