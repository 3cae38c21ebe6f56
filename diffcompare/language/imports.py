"""Imports as namespace declarations: ``import numpy as np`` says what `np` means in the file.

Nothing is imported. Only numpy, math and scipy.special can be named (autograd's and JAX's
numpy mean numpy), and only names those modules offer in the language; anything else is
refused at the import, by name. Importing numpy in any form is noted (`Namespace.uses_numpy`).
"""

from __future__ import annotations

import ast

from .namespace import Namespace
from .spans import Spans
from .vocabulary import MODULE_PATHS, PACKAGES, Meaning, did_you_mean, meaning_in, names_in, refused_path

_ONLY = "only numpy and math can be imported (and scipy.special; autograd.numpy and jax.numpy mean numpy)"


class ImportTranslator:
    """Records what each import statement declares in `namespace`."""

    def __init__(self, spans: Spans, namespace: Namespace):
        self.spans = spans
        self.namespace = namespace

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            module = MODULE_PATHS.get(alias.name)
            if module is None:
                raise self.spans.error(alias, _refused_import(alias.name))
            self._note(module)
            if alias.asname:
                self.namespace.define(alias.asname, Meaning("module", module))
            else:
                # `import jax.numpy` binds `jax`, through which jax.numpy is then reached
                root = alias.name.split(".")[0]
                self.namespace.define(root, Meaning("module", PACKAGES.get(root) or MODULE_PATHS[root]))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "__future__":
            return                           # `from __future__ import annotations` changes nothing here
        if node.level:
            raise self.spans.error(node, "relative imports are not allowed: only numpy and math can be imported")
        source = MODULE_PATHS.get(node.module or "") or PACKAGES.get(node.module or "")
        if source is None:
            raise self.spans.error(node, _refused_import(node.module or ""))
        for alias in node.names:
            if alias.name == "*":
                raise self.spans.error(alias, f"from {node.module} import * is not allowed: name what you use, "
                                              f"as in from {node.module} import sin, exp")
            reason = refused_path(source, [alias.name])
            if reason:
                raise self.spans.error(alias, reason)
            meaning = meaning_in(source, alias.name)
            if meaning is None:
                suggestion = did_you_mean(alias.name, names_in(source), node.module + ".")
                raise self.spans.error(alias, f"{node.module}.{alias.name} is not supported{suggestion}")
            self._note(meaning.module)
            self.namespace.define(alias.asname or alias.name, meaning)

    def _note(self, module: str) -> None:
        if module.startswith("numpy"):
            self.namespace.uses_numpy = True


def _refused_import(path: str) -> str:
    """Why `path` cannot be imported: numpy's own words for a part of numpy refused by what it
    does (numpy.random), else the list of what can be."""
    parts = path.split(".")
    for i in range(1, len(parts)):
        if MODULE_PATHS.get(".".join(parts[:i])) == "numpy":
            reason = refused_path("numpy", parts[i:])
            if reason:
                return reason
    return f"cannot import '{path}': {_ONLY}"
