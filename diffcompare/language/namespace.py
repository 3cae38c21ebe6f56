"""Python's scoping, for the front end: which names a body sees and what each means.

A file's top level defines imports, constants and defs (`Namespace`); a def sees its own
locals first -- its parameters and every name it assigns anywhere, which is Python's rule
(`assigned_names`) -- then comprehension variables in force, then the file's names, then the
language's bare names (`vocabulary.bare_meaning`). Inline text has no file: a name that means
nothing else is an input.
"""

from __future__ import annotations

import ast
from typing import Iterable

from .vocabulary import LOCAL, Meaning, bare_meaning


class Namespace:
    """The names a file's top level defines, over the language's bare names."""

    def __init__(self) -> None:
        self.entries: dict[str, Meaning] = {}
        #: the program imports numpy or, without an import, names it (np.sum): then a vector
        #: parameter used as a whole is a numpy array (`array_params`)
        self.uses_numpy = False

    def define(self, name: str, meaning: Meaning) -> None:
        self.entries[name] = meaning

    def meaning(self, name: str) -> Meaning | None:
        return self.entries.get(name) or bare_meaning(name)

    def names_of(self, kind: str) -> list[str]:
        return [name for name, meaning in self.entries.items() if meaning.kind == kind]


class Scope:
    """Names as one body sees them.

    `module_level`: the top level of a file, where constants are read as the variables they
    are there (`Name`); inside a def they are `Global`. `inline`: a name that means nothing
    else is a new input, collected in `inputs` in order of first use."""

    def __init__(self, namespace: Namespace, local_names: Iterable[str] = (), *,
                 inline: bool = False, module_level: bool = False):
        self.namespace = namespace
        self.local_names = set(local_names)
        self.inline = inline
        self.module_level = module_level
        self.inputs: dict[str, None] = {}
        self._comprehension_names: list[set[str]] = []

    def meaning(self, name: str, *, may_be_input: bool = True) -> Meaning | None:
        """What `name` means here; None if nothing. Inline, an unknown name read as a value
        is an input (`may_be_input`); an unknown function called is not."""
        if name in self.local_names or (self._comprehension_names
                                         and any(name in names for names in self._comprehension_names)):
            return LOCAL
        meaning = self.namespace.meaning(name)
        if meaning is not None and meaning.kind == "constant" and self.module_level:
            return LOCAL
        if meaning is None and self.inline and may_be_input:
            self.inputs.setdefault(name)
            self.local_names.add(name)       # an input is a variable from now on: found first next time
            return LOCAL
        return meaning

    def enter_comprehension(self) -> None:
        self._comprehension_names.append(set())

    def bind_comprehension(self, name: str) -> None:
        self._comprehension_names[-1].add(name)

    def leave_comprehension(self) -> None:
        self._comprehension_names.pop()

    def variables(self) -> list[str]:
        """The names readable as values here, for did-you-mean suggestions."""
        names = set(self.local_names).union(*self._comprehension_names)
        return sorted(names | set(self.namespace.names_of("constant")))


def assigned_names(body: list[ast.stmt]) -> set[str]:
    """Every name a def's statements assign (targets of =, op=, annotated assignments and for
    loops, in any block): Python makes each local to the whole def. Comprehensions are passed
    over: their variables are their own."""
    names: set[str] = set()
    for stmt in body:
        for target in _targets(stmt):
            names.update(_bound_by(target))
        for block in ("body", "orelse"):
            if isinstance(stmt, (ast.For, ast.While, ast.If)):
                names |= assigned_names(getattr(stmt, block))
    return names


def _targets(stmt: ast.stmt) -> list[ast.expr]:
    if isinstance(stmt, ast.Assign):
        return stmt.targets
    if isinstance(stmt, (ast.AugAssign, ast.AnnAssign, ast.For)):
        return [stmt.target]
    return []


def _bound_by(target: ast.expr) -> list[str]:
    """The names a target binds: `x`, and those of `a, (b, c)`; `x[i] = v` binds nothing."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for item in target.elts for name in _bound_by(item)]
    if isinstance(target, ast.Starred):
        return _bound_by(target.value)
    return []


def dotted_name(node: ast.Attribute) -> tuple[ast.expr, list[str]]:
    """`np.linalg.norm` as its root (`np`) and its attributes (``["linalg", "norm"]``)."""
    attrs: list[str] = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    return node, attrs[::-1]
