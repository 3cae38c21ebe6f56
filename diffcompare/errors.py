"""The project's own errors. Anything a user can cause raises one of these, so the
CLI can print one clear line (and a caret) instead of a traceback."""

from __future__ import annotations


class DiffcompareError(Exception):
    """Base of every error a user's input can cause."""


class ParseError(DiffcompareError):
    """Text that is not in the language, with where and why."""

    def __init__(self, reason: str, line: int = 0, col: int = 0, source: str = "", text: str = ""):
        self.reason = reason
        self.line = line
        self.col = col
        self.source_line = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else ""
        self.text = text
        where = f"line {line}, column {col}: " if line else ""
        super().__init__(f"{where}{reason}")

    def caret(self) -> str:
        """The offending source line with a caret under the column."""
        if not self.source_line:
            return ""
        line = self.source_line
        start = max(0, self.col - 60)  # keep a long line readable around the error
        shown = ("..." if start else "") + line[start:start + 120]
        pad = self.col - 1 - start + (3 if start else 0)
        return f"  {shown}\n  {' ' * pad}^"


class EvaluationError(DiffcompareError):
    """A run of a program failed; `where` is the source position, if known."""

    def __init__(self, reason: str, where: tuple[int, int] | None = None):
        self.reason = reason
        self.where = where
        at = f" (line {where[0]}, column {where[1]})" if where and where[0] else ""
        super().__init__(f"{reason}{at}")


class DomainError(EvaluationError, ArithmeticError):
    """A primitive applied outside its domain, or differentiated where its derivative is infinite."""


class LimitError(EvaluationError):
    """A documented limit (operations, loop trips, list length, expression size) was reached."""


class Unsupported(EvaluationError):
    """An engine cannot handle this program (a branch on a symbol, abs under complex step, ...)."""


class InputError(DiffcompareError):
    """A bad --at point, a missing file, an unknown engine name, ..."""
