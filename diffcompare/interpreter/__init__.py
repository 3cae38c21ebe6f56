"""The interpreter: runs a Program over an algebra, counting traversals and operations."""

from .algebra import C_REAL, COMPARISONS, FLOAT, Algebra, FloatAlgebra, Meter, generic_kernel
from .core import compiled, evaluate, float_inputs

__all__ = ["C_REAL", "COMPARISONS", "FLOAT", "Algebra", "FloatAlgebra", "Meter", "compiled", "evaluate", "float_inputs",
           "generic_kernel"]
