"""`diffcompare diff`: the derivatives of a function from each engine, measured against the
50-digit reference (`analysis.measure.compare` does the work), as a result that shows itself
-- in a notebook, in rich, saved."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..analysis.measure import Comparison
from ..analysis.measure import compare as measure
from ..engines import ENGINES
from ..render.output import Shown


@dataclass(repr=False)
class Derivatives(Shown, Comparison):
    """A `Comparison` with its pictures: `_repr_html_`, `_repr_markdown_`, `__rich__`, `save()`."""


def differentiate(function, at=None, engines=ENGINES, wrt=None, method=None, step=None, repeats=None,
                  check_with_sympy=None) -> Derivatives:
    """`analysis.measure.compare`, its result shown as `diffcompare diff` shows it."""
    c = measure(function, at=at, engines=engines, wrt=wrt, method=method, step=step, repeats=repeats,
                check_with_sympy=check_with_sympy)
    return Derivatives(**{f.name: getattr(c, f.name) for f in fields(Comparison)})
