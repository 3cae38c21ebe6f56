"""Every call the interpreter runs itself (a `Builtin`), by (module, name): Python's and
math's (`builtin_calls`) and numpy's (`numpy_calls`), in one place for `vocabulary` (what a
name means) and `calls` (how it is translated)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from . import builtin_calls, numpy_calls
from .ir import Expr

if TYPE_CHECKING:
    from .arguments import CallSite

HANDLERS: dict[tuple[str, str], Callable[["CallSite"], Expr]] = {**builtin_calls.HANDLERS, **numpy_calls.HANDLERS}
