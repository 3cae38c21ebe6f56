"""What each module a user may import offers, and what a bare name means without an import.

A name means one of a few things (`Meaning.kind`): a local variable, a module constant of the
file, a module (``np``), a function (a primitive of the table or an operation of the
interpreter), a known constant value (``math.pi``), or a def of the file. This module answers
for modules and the language's bare names; `namespace` adds the file's own names and scoping.
"""

from __future__ import annotations

import difflib
import math
from functools import lru_cache
from dataclasses import dataclass
from typing import Any

from ..primitives import TABLE
from . import primitives_api
from .interpreter_calls import HANDLERS

#: importable module paths and the module each one means (autograd's and JAX's numpy are numpy)
MODULE_PATHS = {"numpy": "numpy", "math": "math", "scipy.special": "scipy.special",
                "autograd.numpy": "numpy", "jax.numpy": "numpy",
                "numpy.linalg": "numpy.linalg", "autograd.numpy.linalg": "numpy.linalg",
                "jax.numpy.linalg": "numpy.linalg"}
#: packages that are importable only for the module inside them (`from jax import numpy as jnp`)
PACKAGES = {"scipy": "scipy", "autograd": "autograd", "jax": "jax"}
#: modules usable without an import, as inline text and the bundled examples always have
BARE_MODULES = {"np": "numpy", "numpy": "numpy", "math": "math"}

#: constants of the modules; numpy.newaxis is None (it only makes sense inside an index)
CONSTANTS: dict[tuple[str, str], Any] = {
    ("math", "pi"): math.pi, ("math", "e"): math.e, ("math", "tau"): math.tau, ("math", "inf"): math.inf,
    ("numpy", "pi"): math.pi, ("numpy", "e"): math.e, ("numpy", "inf"): math.inf, ("numpy", "newaxis"): None,
    ("inline", "pi"): math.pi, ("inline", "e"): math.e,
}
#: the constants the float only approximates: the reference takes the number itself (`Const.exact`)
EXACT_CONSTANTS = ("pi", "e", "tau")

#: functions the interpreter runs itself (`Builtin` nodes, or arithmetic rewritten), by module
INTERPRETER_FUNCTIONS = frozenset(HANDLERS)

#: numpy's names that exist but are refused for what they do, with why (`refused_path`)
_EMPTY = "leaves values undefined: use np.zeros"
_RANDOM = "random numbers change from run to run: pass the data as a default"
REFUSED_NUMPY = {"empty": f"np.empty {_EMPTY}", "empty_like": f"np.empty_like {_EMPTY}_like", "random": _RANDOM}


@dataclass(frozen=True)
class Meaning:
    kind: str              # "local", "constant", "module", "function", "value" or "def"
    module: str = ""       # module: its path; function/value: the module the name is in
    name: str = ""         # function/value: its name in that module
    value: Any = None      # value: the constant


LOCAL = Meaning("local")
MODULE_CONSTANT = Meaning("constant")     # a NAME = value of the file's top level


@lru_cache(maxsize=4096)        # the table does not change while a process runs; a long sum asks often
def meaning_in(module: str, name: str) -> Meaning | None:
    """What `module.name` is (module one of MODULE_PATHS' values, a package, "builtins" or "inline")."""
    if (module, name) in CONSTANTS:
        return Meaning("value", module, name, CONSTANTS[module, name])
    if (module, name) in INTERPRETER_FUNCTIONS or primitives_api.lookup(module, name) is not None:
        return Meaning("function", module, name)
    submodule = f"{module}.{name}"
    if submodule in MODULE_PATHS:
        return Meaning("module", MODULE_PATHS[submodule])
    return None


@lru_cache(maxsize=4096)
def bare_meaning(name: str) -> Meaning | None:
    """What a name means with nothing defining it: Python's builtins first, then the language's
    own names (primitives such as `sin`, the constants `pi` and `e`, the modules `np` and `math`)."""
    builtin = meaning_in("builtins", name)
    if builtin is not None:
        return builtin
    if name in BARE_MODULES:
        return Meaning("module", BARE_MODULES[name])
    return meaning_in("inline", name)


def names_in(module: str) -> list[str]:
    """Every name `module` offers, for did-you-mean suggestions."""
    names = {n for (m, n) in CONSTANTS if m == module} | {n for (m, n) in INTERPRETER_FUNCTIONS if m == module}
    for prim in TABLE.values():
        for spelling in primitives_api.spellings(prim):
            module_of, _, name = spelling.rpartition(".")
            if (module_of or "inline") == module:
                names.add(name)
    return sorted(names)


def did_you_mean(name: str, pool, prefix: str = "") -> str:
    """`` (did you mean 'sin'?)`` for the closest name of `pool`, or an empty string."""
    close = difflib.get_close_matches(name, sorted(set(pool)), n=1, cutoff=0.6)
    return f" (did you mean '{prefix}{close[0]}'?)" if close else ""


def refused_path(module: str, attrs: list[str]) -> str | None:
    """Why ``module.a.b`` is refused although numpy has it (np.empty, np.random.rand), or None."""
    if module == "numpy" and attrs and attrs[0] in REFUSED_NUMPY:
        return REFUSED_NUMPY[attrs[0]]
    return None


def meaning_of_path(module: str, attrs: list[str]) -> Meaning | None:
    """What ``module.a.b`` is: every attribute but the last must name a module inside the one before."""
    meaning: Meaning | None = Meaning("module", module)
    for attr in attrs:
        if meaning is None or meaning.kind != "module":
            return None
        meaning = meaning_in(meaning.module, attr)
    return meaning
