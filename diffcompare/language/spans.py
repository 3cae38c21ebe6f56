"""Where things are in the user's text.

`ast` reports columns as UTF-8 *byte* offsets (0-based) into the text it parsed, and the
front end may have parsed a rewritten text (inline `^` becomes `**`). Errors and IR nodes
carry 1-based *character* columns of the user's own text; `Spans` converts, and builds the
`ParseError` for a node or a span with its underline.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right

from ..errors import ParseError
from .ir import Pos

#: what may stand between a node and the token after it, on one line: spaces, brackets, a line continuation
_GAP_CHARACTERS = " \t\f()\\"
_GAP = re.compile(r"[ \t\f()\\]*")
#: one token at a position: a word or number, else Python's operators (longest first), else one character
_TOKEN = re.compile(r"[\w.]+|\*\*=|//=|<<=|>>=|\*\*|//|<<|>>|<=|>=|==|!=|->|:=|[-+*/%@&|^]=|.", re.DOTALL)


def split_lines(text: str) -> list[str]:
    """The lines as Python's tokenizer counts them (not str.splitlines, which also breaks at form feeds)."""
    return re.split(r"\r\n|\r|\n", text)


class Spans:
    """Positions in the text `parsed` (what ast.parse saw), reported in the user's `text`.

    `inserted` maps a line number to the 1-based columns of `parsed` holding a character
    that is not in the user's text (the second `*` of an inline `^` turned into `**`)."""

    def __init__(self, parsed: str, text: str, inserted: dict[int, list[int]] | None = None):
        self.text = text
        self.lines = split_lines(parsed)
        self._inserted = inserted or {}
        self._byte_starts: dict[int, list[int] | None] = {}   # per line: byte offset of each character, None if ASCII
        # ASCII text as the user wrote it: a byte offset is a column (the fast path of a long sum)
        self._plain = parsed.isascii() and not self._inserted

    # --- columns ---------------------------------------------------------------------

    def char_col(self, line: int, byte_offset: int) -> int:
        """The 1-based character column in the parsed text of a byte offset on `line`."""
        starts = self._starts(line)
        return byte_offset + 1 if starts is None else bisect_left(starts, byte_offset) + 1

    def user_col(self, line: int, col: int) -> int:
        """A 1-based column of the parsed text, as a column of the user's text."""
        inserted = self._inserted.get(line)
        return col - bisect_right(inserted, col) if inserted else col

    def _starts(self, line: int) -> list[int] | None:
        if line not in self._byte_starts:
            text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            if text.isascii():          # cached: a 100,000-term sum is one long line
                self._byte_starts[line] = None
            else:
                starts, offset = [], 0
                for ch in text:
                    starts.append(offset)
                    offset += len(ch.encode("utf-8", "surrogatepass"))
                starts.append(offset)
                self._byte_starts[line] = starts
        return self._byte_starts[line]

    # --- node positions ----------------------------------------------------------------

    def pos(self, node: ast.AST) -> Pos:
        """Where `node` starts, in the user's text."""
        if self._plain:
            return node.lineno, node.col_offset + 1
        line = node.lineno
        return line, self.user_col(line, self.char_col(line, node.col_offset))

    def end(self, node: ast.AST) -> Pos:
        """Where `node` ends (exclusive), in the user's text; (0, 0) when ast does not say."""
        line = getattr(node, "end_lineno", None)
        if not line:
            return 0, 0
        return line, self.user_col(line, self.char_col(line, node.end_col_offset))

    def token_after(self, node: ast.AST) -> tuple[Pos, Pos]:
        """Start and end of the first token after `node`: the operator of a binary operation,
        the `[` of an index, the `for` of a comprehension, the `=` of an assignment, `else`.
        Brackets, spaces, comments and line continuations in between are passed over."""
        line, col = self._next_token(node)
        if not line:
            return self.end(node), self.end(node)
        width = token_width(self.lines[line - 1], col - 1)
        return (line, self.user_col(line, col)), (line, self.user_col(line, col + width))

    def token_start(self, node: ast.AST) -> Pos:
        """Where the first token after `node` starts (`token_after` without its end, for IR positions)."""
        if self._plain:                       # the fast path: the token is on the same line
            line = node.end_lineno
            text = self.lines[line - 1]
            at = node.end_col_offset
            while at < len(text) and text[at] in _GAP_CHARACTERS:
                at += 1
            if at < len(text) and text[at] != "#":
                return line, at + 1
        line, col = self._next_token(node)
        return (line, self.user_col(line, col)) if line else self.end(node)

    def _next_token(self, node: ast.AST) -> tuple[int, int]:
        """(line, 1-based column) in the parsed text of the next token after `node`; (0, 0) if none."""
        line = node.end_lineno
        col = self.char_col(line, node.end_col_offset)
        while line <= len(self.lines):
            text = self.lines[line - 1]
            col = _GAP.match(text, col - 1).end() + 1
            if col <= len(text) and text[col - 1] != "#":
                return line, col
            line, col = line + 1, 1
        return 0, 0

    def def_name(self, node: ast.FunctionDef) -> tuple[Pos, Pos]:
        """The span of a def's name (ast gives only where the `def` keyword starts)."""
        line = node.lineno
        text = self.lines[line - 1]
        start = text.find(node.name, self.char_col(line, node.col_offset) - 1 + len("def"))
        if start < 0:                      # the name on a continuation line: point at `def`
            return self.pos(node), self.pos(node)
        return (line, self.user_col(line, start + 1)), (line, self.user_col(line, start + 1 + len(node.name)))

    # --- errors ------------------------------------------------------------------------

    def error(self, node: ast.AST, reason: str) -> ParseError:
        """`reason` at `node`, with its whole span underlined."""
        return self.error_span(self.pos(node), self.end(node), reason)

    def error_after(self, node: ast.AST, reason: str) -> ParseError:
        """`reason` at the token following `node` (an operator, `=`, `else`)."""
        return self.error_span(*self.token_after(node), reason)

    def error_span(self, start: Pos, end: Pos, reason: str) -> ParseError:
        line, col = start
        end_line, end_col = end
        return ParseError(reason, line, col, self.text, self.segment(start, end),
                          end_line=end_line, end_col=end_col)

    def source(self, node: ast.AST) -> str:
        """The user's text of `node` (its first line, if it spans several)."""
        return self.segment(self.pos(node), self.end(node))

    def segment(self, start: Pos, end: Pos) -> str:
        """The user's text of a span (of its first line, for a span over several lines)."""
        lines = split_lines(self.text) if start[0] else []
        if not 0 < start[0] <= len(lines):
            return ""
        text = lines[start[0] - 1]
        stop = end[1] - 1 if end[0] == start[0] and end[1] > start[1] else len(text)
        return text[start[1] - 1:stop]


def token_width(text: str, i: int) -> int:
    """How many characters the token starting at text[i] takes (a word, a number or an operator)."""
    found = _TOKEN.match(text, i)
    return found.end() - i if found else 0


def position_of(text: str, index: int) -> Pos:
    """The (line, 1-based column) of character `index` of `text`."""
    lines = split_lines(text[:index])
    return len(lines), len(lines[-1]) + 1
