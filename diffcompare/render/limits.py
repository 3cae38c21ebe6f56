"""What `diffcompare limits` shows: every limit, its value, its environment variable and
what it stops. Nothing here computes: it formats `limits.LIMITS`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..limits import IGNORED, WHAT
from .sheet import Sheet

if TYPE_CHECKING:
    from ..limits import Limits


def limits_sheet(limits: Limits) -> Sheet:
    rows = [[name, f"{value:,}", env, WHAT.get(name, "")] for name, value, env in limits.describe()]
    return Sheet("Limits", ["limit", "value", "environment variable", "what it stops"], rows,
                 ["Change one for a run with `diffcompare --limit NAME=N COMMAND ...`, or set the environment "
                  "variable; from Python, `diffcompare.limits.LIMITS.NAME = N`."] + IGNORED)


def limits_json(limits: Limits) -> dict:
    return {name: value for name, value, _ in limits.describe()}
