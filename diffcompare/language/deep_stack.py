"""Run the front end where a long chain fits.

`ast.parse` of a 100,000-term sum builds a tree 100,000 levels deep, and CPython converts it
to Python objects recursively ("maximum recursion depth exceeded during ast construction").
So parsing and translating run in a thread of their own with a large stack, under a raised
recursion limit; both are process-wide settings, so they are changed under one lock and
restored afterwards, and whatever the work raises is raised again in the caller.
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

_STACK_BYTES = 1 << 30            # reserved, not committed: only a deep tree touches it
_lock = threading.Lock()


def run_deep(work: Callable[[], T], text_length: int) -> T:
    """`work()` in a thread with a large stack and a recursion limit that fits a tree as deep
    as a text of `text_length` characters can make (CPython counts three units per level of
    ast construction, and a level takes at least two characters)."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:       # handed to the caller, whatever it is
            outcome["error"] = exc

    with _lock:
        old_limit = sys.getrecursionlimit()
        # The tree's nodes all live until the translation ends: the cycle collector would
        # only rescan them (a fifth of the time on a 100,000-node input, measured by bench).
        collecting = gc.isenabled()
        gc.disable()
        try:
            sys.setrecursionlimit(max(old_limit, 2 * text_length + 10_000))
            old_stack = threading.stack_size(_STACK_BYTES)
            try:
                # a daemon: a command stopped by its time limit does not wait for the parse to end
                worker = threading.Thread(target=target, name="diffcompare-frontend", daemon=True)
                worker.start()
            finally:
                threading.stack_size(old_stack)
            worker.join()
        finally:
            sys.setrecursionlimit(old_limit)
            if collecting:
                gc.enable()
    if "error" in outcome:
        raise outcome["error"]           # type: ignore[misc]
    return outcome["value"]              # type: ignore[return-value]
