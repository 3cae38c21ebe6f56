"""The process around a command: a standard output that is closed or full, and SIGTERM.

Python prints a traceback of its own when the output cannot be written at exit, and dies
on SIGTERM without running `finally` blocks or `atexit` (multiprocessing's temporary
`pymp-*` folder, which `scaling` makes, would stay behind). These helpers turn both into
the ordinary path: one line and a documented exit status.
"""

from __future__ import annotations

import errno
import os
import signal
import sys


class Terminated(BaseException):
    """SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt, so that cleanups run."""


def on_sigterm() -> None:
    """From now on SIGTERM raises `Terminated` (the CLI's main thread only)."""
    def terminate(signum, frame):
        raise Terminated()
    signal.signal(signal.SIGTERM, terminate)


def closed_stdout() -> bool:
    """Is there no standard output at all (`diffcompare list >&-`)?"""
    if sys.stdout is None:
        return True
    try:
        fd = sys.stdout.fileno()
    except Exception:        # a stream without a file descriptor (a test's capture): it can be written
        return False
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


#: what a failed write of the output raises: the only writes that reach the top unconverted are
#: those to standard output (--save and every read turn their OSErrors into clear errors)
_WRITE_FAILURES = (errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG)


def output_failed(exc: OSError | None = None) -> bool:
    """Did writing the output fail (a full disk, a closed pipe)? If so, standard output is pointed
    at /dev/null, so that Python's own flush at exit does not fail again with a traceback."""
    failed = exc is not None and exc.errno in _WRITE_FAILURES
    try:
        sys.stdout.flush()
    except OSError:
        failed = True
    if failed:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    return failed
