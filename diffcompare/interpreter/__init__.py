"""The interpreter: runs a Program over an algebra, counting traversals and operations."""

from .algebra import COMPARISONS, FLOAT, Algebra, FloatAlgebra, Meter, generic_kernel
from .core import evaluate

__all__ = ["COMPARISONS", "FLOAT", "Algebra", "FloatAlgebra", "Meter", "evaluate", "generic_kernel"]
