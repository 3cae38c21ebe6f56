"""The primitives table as the front end reads it: `lookup(module, name)`, and each
primitive's `spellings` and keyword `params`.

The table (`diffcompare.primitives`) is gaining exactly this API in a parallel change. Until
it lands, this module derives the same answers from today's `TABLE`, and it is the only
place that does: when the table has them, this file becomes three re-exports
(``lookup = primitives.lookup``, ``spellings = lambda p: p.spellings``,
``params = lambda p: p.params``) and nothing else in the front end changes.

A spelling is ``"module.name"`` (``"math.sin"``, ``"numpy.arcsin"``, ``"builtins.abs"``,
``"scipy.special.expit"``) or a bare name usable inline (``"sin"``).
"""

from __future__ import annotations

from ..primitives.table import FUNCTIONS, TABLE, Primitive

#: the modules a spelling can name; "inline" is the bare names of inline text
MODULES = ("math", "numpy", "scipy.special", "builtins", "inline")

# Each module offers what the real module has, under the real module's names (math has no
# `abs`, numpy's `arcsin` is the table's `asin`); table names the module lacks are absent.
_BY_MODULE: dict[str, dict[str, str]] = {
    "math": {**{n: n for n in ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp",
                               "log", "log10", "sqrt", "erf", "atan2", "hypot", "pow")},
             "fabs": "abs"},
    "numpy": {**{n: n for n in ("sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "log", "log10", "sqrt",
                                "abs", "sign", "hypot", "asin", "acos", "atan", "atan2", "pow")},
              "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arctan2": "atan2", "power": "pow",
              "absolute": "abs", "fabs": "abs", "maximum": "max", "minimum": "min"},
    "scipy.special": {"erf": "erf", "expit": "sigmoid"},
    "builtins": {"abs": "abs", "pow": "pow", "min": "min", "max": "max"},
    "inline": {**{n: n for n in FUNCTIONS}, "pow": "pow",
               "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arctan2": "atan2", "power": "pow",
               "absolute": "abs", "fabs": "abs", "maximum": "max", "minimum": "min"},
}


def lookup(module: str, name: str) -> Primitive | None:
    """The primitive `module.name` stands for, or None if that module offers no such primitive."""
    table_name = _BY_MODULE.get(module, {}).get(name)
    return TABLE[table_name] if table_name else None


def spellings(prim: Primitive) -> tuple[str, ...]:
    """Every name `prim` can be called by: qualified ones and bare inline ones."""
    return tuple((name if module == "inline" else f"{module}.{name}")
                 for module, names in _BY_MODULE.items() for name, table_name in names.items()
                 if table_name == prim.name)


def params(prim: Primitive) -> tuple[str, ...]:
    """The parameter names keyword arguments may use. None yet: math's functions and numpy's
    ufuncs take their arguments by position only, so no keyword is ever wrongly accepted."""
    return ()
