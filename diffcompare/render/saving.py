"""Writing a handout: the format is the extension's, and a save never destroys what it
should not -- the function's own file, a directory, a device or fifo -- and says when it
replaced a file that was there.

Checked before anything is measured (`check_target`), so a refused --save costs nothing,
and written in one piece (`write`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError, option
from .output import SAVE_FORMATS


def format_for(path: str, own: dict[str, str] | None = None) -> str:
    """The format a file of this name holds; `own` adds a command's own (".dot": "dot").
    Any other extension is refused, listing those that work."""
    formats = {**SAVE_FORMATS, **(own or {})}
    suffix = Path(path).suffix.lower()
    if suffix in formats:
        return formats[suffix]
    known = " ".join(formats)
    hint = ""
    if suffix in (".png", ".pdf", ".jpg", ".jpeg"):
        hint = (f"; for {suffix[1:]}, save .svg and convert it, e.g. rsvg-convert -f {suffix[1:].replace('jpeg', 'jpg')}"
                f" -o out{suffix} out.svg")
    what = f"cannot write {suffix[1:]}" if suffix else "the name has no extension"
    raise InputError(f"{option('save')} {path}: {what}; the extension picks the format, one of {known}{hint}")


def check_target(path: str, protect: tuple[str, ...] = ()) -> None:
    """Refuse, in words, a path that must not be written: one of `protect` (the function's own
    file), a directory, anything that is not a regular file (a device, a fifo, a socket), or a
    file in a folder that does not exist."""
    target = Path(path)
    for own in protect:
        try:
            if target.exists() and Path(own).exists() and os.path.samefile(target, own):
                raise InputError(f"{option('save')} {path}: that is the function's own file; it is only ever "
                                 f"read -- save to another name")
        except OSError:
            pass
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"{option('save')} {path}: cannot write there ({exc.strerror})") from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise InputError(f"{option('save')} {path}: that is a directory; give a file name such as {path.rstrip('/')}/out.svg")
        if not stat.S_ISREG(mode):
            raise InputError(f"{option('save')} {path}: that is not a regular file (a device, fifo or socket); "
                             f"save to a file")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"{option('save')} {path}: the folder {folder} does not exist")


def write(path: str, text: str, protect: tuple[str, ...] = ()) -> str:
    """Write `text` (UTF-8) to `path`, after `check_target`; returns "saved PATH" or, when a file
    was there, "replaced PATH"."""
    check_target(path, protect)
    existed = os.path.lexists(path)
    if not text.endswith("\n"):
        text += "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{option('save')} {path}: cannot write it ({exc.strerror})") from None
    return f"{'replaced' if existed else 'saved'} {path}"
