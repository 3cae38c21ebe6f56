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
    by a count over tokens that follows the translator's rule closely: each open bracket, each
    sign, each `**` and each conditional `else` goes one level deeper, and the right operand
    of a binary operator is one level below it. None if no token crosses the limit."""
    levels = [0]                 # per open bracket: the depth added inside it so far
    previous: tokenize.TokenInfo | None = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                levels.append(0)
                depth_here = len(levels) - 1 + sum(levels)
            elif tok.type == tokenize.OP and tok.string in ")]}":
                if len(levels) > 1:
                    levels.pop()
                depth_here = 0
            elif tok.type == tokenize.OP and tok.string in (",", ":", "=") or tok.type == tokenize.NEWLINE:
                levels[-1] = 0
                depth_here = 0
            elif _is_sign(tok, previous) or tok.string in ("**", "else"):
                levels[-1] += 1
                depth_here = len(levels) - 1 + sum(levels)
            elif tok.type == tokenize.OP:
                levels[-1] = 1               # a binary operator: its right operand sits one level down
                depth_here = 0
            else:
                depth_here = 0
            if depth_here > LIMITS.max_nesting:
                return tok.start
            previous = tok
    except (tokenize.TokenError, SyntaxError):
        pass
    return None


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
