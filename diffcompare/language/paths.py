"""A FUNCTION argument that names a file: telling it from an expression, and reading it.

A file is read only as text -- never imported -- and only if it is a regular file: a
directory, a device, a fifo or a file of the kernel is refused by kind before it is opened.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Callable

from ..errors import DiffcompareError, InputError, ParseError
from ..limits import LIMITS
from .ir import Program

_FILE_AND_DEF = re.compile(r"(.+\.py):([A-Za-z_]\w*)")
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a fifo"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
_KERNEL_FOLDERS = ("/proc", "/sys", "/dev")


def split_def_name(text: str) -> tuple[str, str | None]:
    """`f.py:NAME` as ("f.py", "NAME"); anything else as (text, None)."""
    found = _FILE_AND_DEF.fullmatch(text)
    return (found[1], found[2]) if found else (text, None)


def looks_like_path(text: str) -> bool:
    # a slash alone does not make a path: `1/x` is a division (an existing path still wins)
    if text.endswith(".py"):
        return True
    if len(text) >= 4096 or "\n" in text or "\x00" in text:
        return False
    try:
        if Path(text).is_file() or (("/" in text or "\\" in text) and Path(text).exists()):
            return True
        # `sub/f` where the folder sub exists is a file that is not there, not sub divided by f
        return bool(re.fullmatch(r"[\w.~-]+(/[\w.~-]+)+", text)) and Path(text).parent.is_dir()
    except OSError:          # a name too long for the file system is no file of ours
        return False


def expression_or_missing_file(text: str, parse: Callable[[str], Program]) -> Program:
    """`text` parsed as an expression; `dir/f` is both a path and an expression, and when it
    fails as an expression the likelier problem is a missing file."""
    try:
        return parse(text)
    except ParseError:
        if re.fullmatch(r"[\w./\\:~-]+", text) and ("/" in text or "\\" in text):
            raise InputError(f"no such file: {shown(text)}") from None
        raise


def division_hint(text: str, parse: Callable[[str], object]) -> str:
    """`sub/f` was read as a path; if it is also an expression, say how to write the division."""
    try:
        parse(text)
    except DiffcompareError:
        return ""
    return f" (for a division, write it with spaces: {text.replace('/', ' / ')})"


def shown(path: str) -> str:
    """A path as an error message shows it: whole, or its two ends when it is very long."""
    return path if len(path) <= 100 else f"{path[:60]}...{path[-30:]} ({len(path):,} characters)"


def exists(path: str) -> bool:
    """Does `path` name something? A name the system cannot even look up (too long, a loop of
    links) counts as there: reading it then says why in the system's words."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True
    return True


def read_source(text: str) -> str:
    """The text of the file `text` names: a regular UTF-8 file of at most `max_source_bytes`."""
    name = shown(text)
    try:
        info = os.stat(text)
    except FileNotFoundError:
        raise InputError(f"no such file: {name}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {name}: {getattr(exc, 'strerror', None) or exc}") from None
    for is_kind, kind in _KINDS:
        if is_kind(info.st_mode):
            raise InputError(f"{name} is {kind}, not a file holding a def")
    real = os.path.realpath(text)
    kernel = next((folder for folder in _KERNEL_FOLDERS if real == folder or real.startswith(folder + "/")), None)
    if kernel:
        raise InputError(f"{name} is a file of the kernel ({kernel}), not a file holding a def")
    limit = LIMITS.max_source_bytes
    if info.st_size > limit:
        raise InputError(f"{name} has {info.st_size:,} bytes, over the limit of {limit:,} "
                         f"(max_source_bytes, DIFFCOMPARE_MAX_SOURCE_BYTES)")
    with open(text, "rb") as file:
        raw = file.read(limit + 1)          # capped: the file may have grown since
    if len(raw) > limit:
        raise InputError(f"{name} has more than {limit:,} bytes, over the limit "
                         f"(max_source_bytes, DIFFCOMPARE_MAX_SOURCE_BYTES)")
    try:
        return raw.decode("utf-8-sig")      # an editor's byte-order mark is not part of the text
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x})") from None
