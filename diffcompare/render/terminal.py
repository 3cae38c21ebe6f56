"""Where the text goes: how wide it may be, whether it may hold unicode, whether it is coloured.

A classroom runs this on a projector at 80 columns, pipes it into a file, or into a
terminal whose encoding is ASCII. One `Terminal`, found once per command, answers all
three; the layouts (`layout.py`) fit what is printed to its width, and `write` turns
text the terminal cannot encode into ASCII (d/dx for ∂, + - | borders) instead of
failing half-way with a UnicodeEncodeError.
"""

from __future__ import annotations

import io
import os
import sys
import unicodedata
from dataclasses import dataclass

MIN_WIDTH = 40          # the narrowest layout: a stacked record of label and value lines
PIPE_WIDTH = 140        # piped output with no COLUMNS: wide enough for every table on one line
PROBE = "∂✓✗µ…━│→×²"   # the characters the views use; a stream that cannot encode them gets ASCII


@dataclass(frozen=True)
class Terminal:
    width: int
    unicode: bool = True
    color: bool = False

    def narrow_message(self) -> str | None:
        """One line saying the width is below the narrowest layout (None when it is not)."""
        if self.width >= MIN_WIDTH:
            return None
        return (f"the output is {self.width} columns wide (COLUMNS or the terminal); the narrowest layout needs "
                f"{MIN_WIDTH}: widen it, set COLUMNS={MIN_WIDTH} or more, or use --format markdown, csv or json")


def detect(stream=None, environ=None) -> Terminal:
    """The terminal `stream` (default: stdout) writes to. Width: COLUMNS when set (a terminal or a
    pipe alike, as rich and the shell do), else the terminal's own, else PIPE_WIDTH for a pipe."""
    stream = sys.stdout if stream is None else stream
    environ = os.environ if environ is None else environ
    tty = _isatty(stream)
    width = _columns(environ.get("COLUMNS"))
    if width is None:
        width = PIPE_WIDTH
        if tty:
            try:
                width = os.get_terminal_size(stream.fileno()).columns
            except (OSError, ValueError, AttributeError):
                pass
    color = tty and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"
    return Terminal(width, can_encode(getattr(stream, "encoding", None)), color)


def _columns(value: str | None) -> int | None:
    """COLUMNS as a number of columns: a whole number (0 included: it is a width, and too narrow),
    or None when unset or not a number (ignored, as the shell would)."""
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def can_encode(encoding: str | None) -> bool:
    if not encoding:
        return True          # a stream with no encoding of its own (StringIO, a test runner) takes str
    try:
        PROBE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# --- ASCII -----------------------------------------------------------------------------

ASCII = {"∂": "d", "✓": "ok", "✗": "x", "µ": "u", "…": "...", "×": "x", "→": "->", "←": "<-", "≤": "<=",
         "≥": ">=", "≈": "~", "−": "-", "–": "-", "—": "--", "·": "*", "†": "*", "ε": "eps", "′": "'",
         "²": "^2", "³": "^3", "•": "*", "±": "+/-", "∞": "inf", "√": "sqrt", "Δ": "delta", "θ": "theta"}


def ascii_text(text: str) -> str:
    """Text any terminal can show: the views' symbols spelled out (∂f/∂x -> df/dx), box drawing as
    + - |, plotext's braille dots as *, accents dropped (Géron -> Geron), anything else '?'."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif ch in ASCII:
            out.append(ASCII[ch])
        else:
            out.append(_fallback(ch))
    return "".join(out)


def _fallback(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("BOX DRAWINGS"):
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    if name.startswith("BRAILLE PATTERN"):
        return " " if ch == "\u2800" else "*"
    if name.startswith(("BLOCK", "LIGHT SHADE", "MEDIUM SHADE", "DARK SHADE")) or "BLOCK" in name:
        return "#"
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii())
    return plain or "?"


# --- printing ---------------------------------------------------------------------------

def console(term: Terminal, record: bool = False):
    """A rich Console that draws into a buffer at the terminal's width (`write` prints it)."""
    from rich.console import Console
    return Console(file=io.StringIO(), width=term.width, force_terminal=term.color, no_color=not term.color,
                   color_system="auto" if term.color else None, record=record, highlight=False, emoji=False,
                   markup=False, legacy_windows=False, soft_wrap=False)


def printed(con) -> str:
    """What a Console made by `console` has drawn."""
    return con.file.getvalue()


def draw(parts, term: Terminal, record: bool = False):
    """Rich renderables drawn at the terminal's width: (the text, the Console, for an export)."""
    con = console(term, record)
    for part in parts:
        con.print(part)
    return printed(con), con


def write(text: str, term: Terminal, stream=None) -> None:
    """Print `text` (ending in a newline), in ASCII when the terminal cannot encode it."""
    stream = sys.stdout if stream is None else stream
    if not term.unicode:
        text = ascii_text(text)
    stream.write(text if text.endswith("\n") else text + "\n")
    stream.flush()
