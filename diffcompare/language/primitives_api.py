"""The primitives table as the front end reads it: `lookup(module, name)`, and each
primitive's `spellings` -- read from the table itself, the one place that holds them. Its
keyword names, defaults and data arguments are the entry's own (`table_calls`)."""

from __future__ import annotations

from ..primitives import MODULES, Primitive, lookup  # noqa: F401  (re-exported)


def spellings(prim: Primitive) -> tuple[str, ...]:
    """Every name `prim` can be called by: qualified ones (``math.sin``) and bare inline ones (``sin``)."""
    return tuple(s[len("inline."):] if s.startswith("inline.") else s for s in prim.spellings)
