"""Which def of a file is the function, which defs it calls, and no recursion among them."""

from __future__ import annotations

import ast

from ..errors import InputError
from .spans import Spans
from .vocabulary import did_you_mean

#: for each def, the defs it calls, each with the call (for the error's position)
Calls = dict[str, list[tuple[str, ast.Call]]]


def choose(defs: dict[str, ast.FunctionDef], calls: Calls, wanted: str | None, where: str, spans: Spans) -> str:
    """The def to differentiate: the one named, else the only one, else the one no other def calls."""
    if wanted is not None:
        if wanted not in defs:
            held = ", ".join(defs) or "no def"
            raise InputError(f"no def named '{wanted}' in {where} (it holds: {held}){did_you_mean(wanted, defs)}")
        return wanted
    if not defs:
        raise spans.error_span((1, 1), (0, 0), f"{where} holds no def: write the function as 'def f(x): ...'")
    called = {callee for caller, made in calls.items() for callee, _ in made if callee != caller}
    uncalled = [name for name in defs if name not in called]
    if len(uncalled) == 1:
        return uncalled[0]
    if not uncalled:                     # every def is called by another: they call each other
        check_recursion(next(iter(defs)), calls, spans)
    raise spans.error_span(*spans.def_name(defs[uncalled[1]]),
                           f"{where} holds several functions that no other calls: {', '.join(uncalled)}; "
                           f"pick one with {_pick_hint(where)}")


def check_recursion(main: str, calls: Calls, spans: Spans) -> None:
    """Refuse a call, reachable from `main`, that closes a cycle of calls."""
    path: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        path.append(name)
        for callee, call in calls.get(name, []):
            if callee in path:
                raise spans.error(call, f"recursion is not supported: {_cycle(path[path.index(callee):])}")
            if callee not in done:
                visit(callee)
        path.pop()
        done.add(name)

    visit(main)


def reachable(main: str, calls: Calls) -> list[str]:
    """The defs `main` calls, directly or not, in the order first reached."""
    order: list[str] = []
    pending = [main]
    while pending:
        for callee, _ in calls.get(pending.pop(0), []):
            if callee != main and callee not in order:
                order.append(callee)
                pending.append(callee)
    return order


def _cycle(names: list[str]) -> str:
    if len(names) == 1:
        return f"'{names[0]}' calls itself"
    quoted = [f"'{name}'" for name in names]
    return f"{', '.join(quoted[:-1])} and {quoted[-1]} call each other"


def _pick_hint(where: str) -> str:
    return f"{where}:NAME (or --function NAME)" if where.endswith(".py") else "FILE.py:NAME or --function NAME"
