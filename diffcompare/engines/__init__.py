"""The four engines. Each computes the Jacobian of a Program at a point through the
shared interpreter, counting its traversals in a `Meter`, and returns a `Derivative`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Derivative:
    values: list[float]              # the outputs at the point
    jacobian: list[list[float]]      # jacobian[i][j] = d outputs[i] / d inputs[wrt[j]]
    details: dict[str, Any] = field(default_factory=dict)


def columns(point_flat: list[float], wrt: list[int] | None) -> list[int]:
    """Which flat inputs to differentiate against (all by default)."""
    return list(range(len(point_flat))) if wrt is None else list(wrt)


ENGINES = ("numerical", "symbolic", "forward", "reverse")

TECHNIQUES = {
    "numerical": "Numerical differentiation",
    "symbolic": "Symbolic differentiation",
    "forward": "Forward-mode autodiff",
    "reverse": "Reverse-mode autodiff",
}


def engine_function(name: str):
    """The engine's entry point, imported on demand (sympy loads only for 'symbolic')."""
    from importlib import import_module
    return import_module(f"diffcompare.engines.{name}").jacobian
