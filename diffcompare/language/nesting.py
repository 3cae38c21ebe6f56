"""How deeply constructs sit inside each other, against `LIMITS.max_nesting`.

The translator counts on the tree (`Depth`). Text so deep that CPython's own parser gives up
(it raises MemoryError without a position) is located by a rough count over the tokens
instead (`locate_deep_nesting`), so that error too points at a place in the text.
"""

from __future__ import annotations

import ast
import io
import tokenize

from ..limits import LIMITS
from .spans import Spans


def nesting_reason() -> str:
    return (f"nested more than {LIMITS.max_nesting} levels deep "
            f"(limit max_nesting, DIFFCOMPARE_MAX_NESTING)")


class Depth:
    """The current nesting depth of a translation; entering one level too many is an error
    at the node that crosses the limit."""

    def __init__(self, spans: Spans):
        self.spans = spans
        self.level = 0
        self.limit = LIMITS.max_nesting

    def enter(self, node: ast.AST) -> None:
        self.level += 1
        if self.level > self.limit:
            raise self.spans.error(node, nesting_reason())

    def leave(self) -> None:
        self.level -= 1


# tokens after which a `-`, `+`, `~` or `not` is a sign (a unary operator), not a binary one
_OPERAND_ENDS = {tokenize.NAME, tokenize.NUMBER, tokenize.STRING}
_KEYWORDS_BEFORE_OPERAND = {"and", "or", "not", "in", "is", "if", "else", "return", "for", "while",
                            "lambda", "yield", "assert", "del", "await"}


def locate_deep_nesting(text: str) -> tuple[int, int] | None:
    """The (line, 0-based column) in `text` of the first token nested deeper than the limit,
    by a count over tokens that follows the translator's rule closely: inside each bracket,
    after each sign and `**` one level deeper, the right operand of another binary operator
    one level below it, and all that follows a conditional's `else` one level deeper. None if
    no token crosses the limit."""
    # per open bracket: [levels of conditionals' `else` so far, levels of the current operand]
    levels = [[0, 0]]
    previous: tokenize.TokenInfo | None = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if len(levels) - 1 + sum(map(sum, levels)) > LIMITS.max_nesting:
                return tok.start
            _step(levels, tok, previous)
            previous = tok
    except (tokenize.TokenError, SyntaxError):
        pass
    return None


def _step(levels: list[list[int]], tok: tokenize.TokenInfo, previous: tokenize.TokenInfo | None) -> None:
    """How `tok` changes the depth of the tokens after it."""
    here = levels[-1]
    if tok.type == tokenize.OP and tok.string in "([{":
        levels.append([0, 0])
    elif tok.type == tokenize.OP and tok.string in ")]}":
        if len(levels) > 1:
            levels.pop()
    elif tok.type == tokenize.NEWLINE or (tok.type == tokenize.OP and tok.string in (",", ":", "=")):
        here[:] = [0, 0]
    elif tok.string == "else":
        here[0] += 1
        here[1] = 0
    elif _is_sign(tok, previous) or tok.string == "**":
        here[1] += 1
    elif tok.type == tokenize.OP:
        here[1] = 1                  # a binary operator: its right operand sits one level down


def _is_sign(tok: tokenize.TokenInfo, previous: tokenize.TokenInfo | None) -> bool:
    if tok.string == "not" or (tok.type == tokenize.OP and tok.string == "~"):
        return True
    if tok.string not in ("-", "+"):
        return False
    if previous is None:
        return True
    if previous.type in _OPERAND_ENDS and previous.string not in _KEYWORDS_BEFORE_OPERAND:
        return False
    return not (previous.type == tokenize.OP and previous.string in ")]}")
