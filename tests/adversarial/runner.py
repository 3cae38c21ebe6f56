"""Run the real command line in a child process under a memory cap and a time cap, and measure
what it cost: wall time and peak resident memory of that child alone (`os.wait4`).

The child gets an address-space cap (RLIMIT_AS), so a regression that allocates without bound
fails the test instead of taking the machine down; the figure asserted is its peak RSS. It runs
in its own session (so a time-out kills it and whatever it started), in a fresh directory with
a temporary folder of its own (TMPDIR), so side effects -- a file written, a `pymp-*` folder
left behind -- can be seen.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: the address space a child may reserve. Not its memory: numpy, sympy and the front end's thread
#: (whose 1 GB stack is reserved, not used) reserve far more than they touch
ADDRESS_SPACE = 4 << 30


@dataclass
class Outcome:
    code: int | None           # None: killed at the time cap
    out: str
    err: str
    seconds: float
    peak_mb: float             # the child's peak resident memory

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run(args: list[str], cwd: Path, cap_s: float, env: dict | None = None, stdout=None,
        close_stdout: bool = False, terminate_after: float | None = None) -> Outcome:
    """`python -m diffcompare ARGS` in `cwd`, killed after `cap_s` seconds. `stdout` replaces the
    captured output (a file such as /dev/full); `close_stdout` starts the child with no fd 1;
    `terminate_after` sends SIGTERM that many seconds in."""
    tmp = cwd / ".tmp"
    tmp.mkdir(exist_ok=True)
    full_env = {**os.environ, "TMPDIR": str(tmp), **(env or {})}
    full_env.pop("DIFFCOMPARE_DEBUG", None)       # a user's run: errors as one line
    for name in list(full_env):                   # the limits are the defaults unless a case sets one
        if name.startswith("DIFFCOMPARE_MAX_") and name not in (env or {}):
            del full_env[name]
    out_path, err_path = tmp / "stdout", tmp / "stderr"

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
        if close_stdout:
            os.close(1)

    with open(out_path, "w") as out_file, open(err_path, "w") as err_file:
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "diffcompare", *args], cwd=cwd, env=full_env,
                                 stdin=subprocess.DEVNULL, stdout=stdout if stdout is not None else out_file,
                                 stderr=err_file, preexec_fn=limited, start_new_session=True)
        code, usage, terminated = None, None, False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            elapsed = time.monotonic() - start
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if terminate_after is not None and not terminated and elapsed > terminate_after:
                os.kill(child.pid, signal.SIGTERM)
                terminated = True
            if elapsed > cap_s:
                os.killpg(child.pid, signal.SIGKILL)
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        child.returncode = code if code is not None else -9     # reaped here: Popen must not wait again
    seconds = time.monotonic() - start
    out, err = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    for path in (out_path, err_path):
        path.unlink()
    return Outcome(code, out, err, seconds, usage.ru_maxrss / 1024)
