"""The project's own errors. Anything a user can cause raises one of these, so the
CLI can print one clear line (and a caret) instead of a traceback."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

#: whose words a message uses for a parameter: the library's (`at=`) or the command line's (`--at`)
_CLI_WORDS: ContextVar[bool] = ContextVar("diffcompare_cli_words", default=False)

#: a library parameter whose command-line option is spelled otherwise than `--name` with dashes
_OPTION_OF = {"sizes": "--n", "function_name": "--function"}


def option(name: str) -> str:
    """How a message names the parameter `name` (the library's keyword): `at=` when the
    library is called from Python, `--at` when the command line runs it, so neither reader
    meets the other's spelling."""
    if _CLI_WORDS.get():
        return _OPTION_OF.get(name, "--" + name.replace("_", "-"))
    return f"{name}="


def switch(name: str, on: bool) -> str:
    """A flag turned on or off, in the caller's words: `--outputs` / `no --outputs`, or
    `outputs=True` / `outputs=False`."""
    if _CLI_WORDS.get():
        return option(name) if on else f"no {option(name)}"
    return f"{name}={on}"


@contextmanager
def cli_words():
    """Messages raised inside name options as the command line spells them."""
    token = _CLI_WORDS.set(True)
    try:
        yield
    finally:
        _CLI_WORDS.reset(token)


class DiffcompareError(Exception):
    """Base of every error a user's input can cause."""


class ParseError(DiffcompareError):
    """Text that is not in the language, with where and why.

    `line` and `col` are 1-based, in characters; `end_line`/`end_col` end the offending
    span (the column is exclusive), or are 0 when only the start is known."""

    def __init__(self, reason: str, line: int = 0, col: int = 0, source: str = "", text: str = "",
                 *, end_line: int = 0, end_col: int = 0):
        self.reason = reason
        self.line = line
        self.col = col
        self.end_line = end_line
        self.end_col = end_col
        lines = _lines(source)
        self.source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        self.text = text
        where = f"line {line}, column {col}: " if line else ""
        super().__init__(f"{where}{reason}")

    def caret(self) -> str:
        """The offending source line with the span underlined (one caret when the span is empty or unknown)."""
        if not self.source_line:
            return ""
        line = self.source_line
        start = max(0, self.col - 60)  # keep a long line readable around the error
        shown = ("..." if start else "") + line[start:start + 120]
        pad = self.col - 1 - start + (3 if start else 0)
        return f"  {shown}\n  {' ' * pad}{'^' * self._underline_width(len(shown) - pad)}"

    def _underline_width(self, room: int) -> int:
        # a span running onto later lines is underlined to the end of its first line
        end = self.end_col if self.end_line == self.line else len(self.source_line) + 1
        if not self.end_line or self.end_line < self.line:
            return 1
        return max(1, min(end - self.col, room))


def _lines(source: str) -> list[str]:
    # Python's own line breaks: str.splitlines would also split at form feeds and other
    # separators that Python's tokenizer keeps inside a line, and miscount the lines
    return re.split(r"\r\n|\r|\n", source) if source else []


class EvaluationError(DiffcompareError):
    """A run of a program failed; `where` is the source position, if known."""

    def __init__(self, reason: str, where: tuple[int, int] | None = None):
        self.reason = reason
        self.where = where
        at = f" (line {where[0]}, column {where[1]})" if where and where[0] else ""
        super().__init__(f"{reason}{at}")


class DomainError(EvaluationError, ArithmeticError):
    """A primitive applied outside its domain, or differentiated where its derivative is infinite."""


class DerivativeError(DomainError):
    """A local derivative that does not exist where the value does (sqrt'(0), acos'(1)): reverse
    mode meets these while recording even where a zero tangent would have skipped them."""


class LimitError(EvaluationError):
    """A documented limit (operations, loop trips, list length, expression size) was reached."""


class Unsupported(EvaluationError):
    """An engine cannot handle this program (a branch on a symbol, abs under complex step, ...)."""


class InputError(DiffcompareError):
    """A bad --at point, a missing file, an unknown engine name, ..."""
