"""Keywords every numpy function takes that say nothing about the value: `dtype=` and `out=`.

Arrays in the language hold float64 numbers (masks and index arrays aside, which the
interpreter makes from their data), so ``dtype=float`` or ``dtype=np.float64`` restates what
happens anyway and is dropped; any other dtype would change the values and is refused in words.
``out=`` writes into an existing array in place, which the language does not do.
The dtype is recognised by what its name means here, never by running it.
"""

from __future__ import annotations

import ast
from typing import Callable

from .arguments import Arguments
from .vocabulary import Meaning

#: numpy's names for float64 (np.float64, np.double) and the strings numpy reads as it
_NUMPY_FLOAT64 = frozenset({"float64", "double"})
_FLOAT64_STRINGS = frozenset({"float", "float64", "double", "f8"})


def is_float64(node: ast.expr, meaning: Callable[[str], Meaning | None]) -> bool:
    """Does `node`, as a dtype, mean float64? `meaning` says what a name means where it stands."""
    if isinstance(node, ast.Name):
        found = meaning(node.id)
        return found is not None and found.kind == "function" and (found.module, found.name) == ("builtins", "float")
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr in _NUMPY_FLOAT64:
        found = meaning(node.value.id)
        return found is not None and found.kind == "module" and found.module == "numpy"
    return isinstance(node, ast.Constant) and node.value in _FLOAT64_STRINGS


def dtype_refusal(written: str) -> str:
    return (f"dtype {written} is not supported: arrays here hold float64 numbers "
            f"(write dtype=float, or leave it out)")


def settle_numpy_keywords(args: Arguments, check_dtype: Callable[[ast.expr], None]) -> None:
    """Refuse `out=`; check `dtype=` and drop it (see the module's docstring)."""
    out = args.take("out")
    if out is not None:
        raise args.spans.error(out, f"{args.display}(..., out=...) writes into an existing array, which is not "
                                    f"supported: assign the result instead")
    dtype = args.take("dtype")
    if dtype is not None:
        check_dtype(dtype.value)
