"""What `diffcompare list` shows: the bundled expressions, one row each. Nothing here
computes: it formats the `Entry`s of `views.catalog`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .sheet import Sheet

if TYPE_CHECKING:
    from ..views.catalog import Entry


def catalog_sheet(entries: list[Entry]) -> Sheet:
    return Sheet("Bundled expressions", ["name", "inputs", "outputs", "description"],
                 [[e.name, ", ".join(e.inputs), str(e.n_outputs), e.description] for e in entries],
                 ["Use a name wherever a FUNCTION is asked for, e.g. `diffcompare diff book`."])
