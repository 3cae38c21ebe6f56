"""The interpreter: runs a Program over an algebra, counting traversals and operations."""

from .algebra import C_REAL, COMPARISONS, FLOAT, Algebra, FloatAlgebra, Meter, generic_kernel
from .core import compiled, evaluate

__all__ = ["C_REAL", "COMPARISONS", "FLOAT", "Algebra", "FloatAlgebra", "Meter", "compiled", "evaluate",
           "generic_kernel"]
