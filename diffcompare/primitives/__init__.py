"""The primitives: one table (`table.py`) holds every fact about each primitive function, and
this package's names are how the rest of the code asks about them.

`lookup("numpy", "arcsin")` is the primitive a spelling means; `names("math")` lists what a
module spells (for a did-you-mean); `CONSTANTS["math.tau"]` a named constant; `FUNCTIONS` the bare
names an inline expression may call.
"""

from .table import (CONSTANTS, FUNCTIONS, MODULES, REAL, TABLE, Backend, Primitive, apply, apply_real, backend,
                    lookup, names, partial)

__all__ = ["CONSTANTS", "FUNCTIONS", "MODULES", "REAL", "TABLE", "Backend", "Primitive", "apply", "apply_real",
           "backend", "lookup", "names", "partial"]
