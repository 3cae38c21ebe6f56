"""Wall-clock limits that hold inside sympy and mpmath too.

Neither sympy nor mpmath looks at a clock, and a Python thread cannot be stopped from
outside. But a signal handler runs between any two bytecodes of the main thread, inside
sympy's and mpmath's Python code as anywhere else; so an interval timer (SIGALRM) whose
handler raises `OutOfTime` stops a long simplification or a 50-digit exponential of a huge
number within moments of its deadline, wherever it is.

`within(seconds, limit)` opens a deadline; deadlines nest, and the timer is set to the
earliest one still open. `OutOfTime` derives from BaseException, so the `except Exception`
of sympy, mpmath or this project lets it through; should some code swallow it anyway (a
bare `except:`), the handler raises it again a moment later for as long as the deadline is
open. `engine_budget()` is one engine's share: `max_engine_seconds`, or less when the
command's own `max_command_seconds` (opened by the CLI) runs out first.

Only the main thread can take signals: a library caller's worker thread runs without the
timer (and on a platform without `setitimer`); `remaining()` still says how long is left.
"""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass, field

from .limits import LIMITS

#: when the handler's exception was swallowed, it comes again this much later
AGAIN_S = 0.5
#: what an engine's share leaves of the command's time: for rendering what was measured
RESERVE_S = 2.0

COMMAND = "max_command_seconds"
ENGINE = "max_engine_seconds"


@dataclass(eq=False)
class Deadline:
    limit: str                 # the limit whose time this is (max_engine_seconds, max_command_seconds)
    seconds: float             # how long it was given
    at: float                  # time.monotonic() when it runs out
    shared: bool = False       # an engine's share cut short by the command's limit
    started: float = field(default_factory=time.monotonic)

    def message(self) -> str:
        env = f"DIFFCOMPARE_{self.limit.upper()}"
        if self.seconds <= 0:
            return (f"not started: the command's time had run out ({COMMAND} = "
                    f"{_seconds(getattr(LIMITS, COMMAND))}, DIFFCOMPARE_{COMMAND.upper()})")
        if self.shared:
            return (f"stopped after {_seconds(self.seconds)}: the command's time ran out "
                    f"({COMMAND} = {_seconds(getattr(LIMITS, COMMAND))}, DIFFCOMPARE_{COMMAND.upper()})")
        return f"stopped after {_seconds(self.seconds)} ({self.limit}, {env})"


class OutOfTime(BaseException):
    """A deadline of `within` ran out. Not an Exception: nothing may swallow it by accident."""

    def __init__(self, deadline: Deadline):
        self.deadline = deadline
        super().__init__(deadline.message())


_open: list[Deadline] = []
_previous = None               # the SIGALRM handler before ours, put back when no deadline is open


def _seconds(s: float) -> str:
    return f"{s:,.0f} s" if s >= 10 else f"{s:.3g} s"


def _can_signal() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum, frame) -> None:
    if frame is not None and frame.f_code in _BOOKKEEPING:
        # never inside the opening or closing of a deadline: its bookkeeping must complete
        signal.setitimer(signal.ITIMER_REAL, 1e-3)
        return
    now = time.monotonic()
    expired = [d for d in _open if d.at <= now]
    if not expired:
        _arm()
        return
    signal.setitimer(signal.ITIMER_REAL, AGAIN_S)     # again, should this one be swallowed
    # the outermost: when the command's time runs out inside an engine's, the command stops
    raise OutOfTime(expired[0])


def _arm() -> None:
    if not _open:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    delay = min(d.at for d in _open) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(delay, 1e-4))


class within:
    """``with within(seconds, limit):`` runs the block for at most `seconds`; past that it is
    stopped by `OutOfTime` (carrying this deadline). A time of 0 or less stops it before it
    starts. (A class, not a generator: the handler recognises its enter and exit by their code.)"""

    def __init__(self, seconds: float, limit: str, shared: bool = False):
        self.deadline = Deadline(limit, seconds, time.monotonic() + seconds, shared)
        self.timed = False

    def __enter__(self) -> Deadline:
        global _previous
        deadline = self.deadline
        if deadline.seconds <= 0:
            raise OutOfTime(deadline)
        self.timed = _can_signal()
        if self.timed and not _open:
            _previous = signal.signal(signal.SIGALRM, _on_alarm)
        _open.append(deadline)
        if self.timed:
            _arm()
        return deadline

    def __exit__(self, *exc) -> None:
        global _previous
        _open.remove(self.deadline)
        if self.timed:
            _arm()
            if not _open:
                signal.signal(signal.SIGALRM, _previous if _previous is not None else signal.SIG_DFL)
                _previous = None


_BOOKKEEPING = {within.__enter__.__code__, within.__exit__.__code__, _arm.__code__}


def remaining(limit: str = COMMAND) -> float | None:
    """Seconds left of the open deadline of `limit` (None: there is none)."""
    times = [d.at for d in _open if d.limit == limit]
    return min(times) - time.monotonic() if times else None


def engine_budget():
    """One engine's deadline: `max_engine_seconds`, or what the command has left (less a reserve
    for showing the results), whichever ends first."""
    seconds = float(LIMITS.max_engine_seconds)
    left = remaining(COMMAND)
    if left is not None and left - RESERVE_S < seconds:
        return within(left - RESERVE_S, ENGINE, shared=True)
    return within(seconds, ENGINE)


def command_budget():
    """The whole command's deadline (the CLI opens it around every command)."""
    return within(float(LIMITS.max_command_seconds), COMMAND)
