"""Python's own parser, and nothing more: text in, an `ast.Module` out, or a `ParseError`.

`ast.parse` only builds a tree; it never compiles to a code object nor runs anything. What it
refuses (a SyntaxError, and MemoryError when the text is nested beyond its stack) becomes a
`ParseError` in words at the user's line and column. The size and NUL-byte checks come first,
with the wordings users already know.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings

from ..errors import ParseError
from ..limits import LIMITS
from .nesting import locate_deep_nesting, nesting_reason
from .spans import Spans, token_width, position_of

#: CPython's wordings that say less than they could, in the project's words
_REWORDED = {
    "unindent does not match any outer indentation level": "this line's indentation matches no enclosing block",
    "too many nested parentheses": "more than 200 brackets inside each other (Python's own limit)",
    "too many levels of indentation": "more than 100 levels of indentation (Python's own limit)",
}
_NUMBER_INTO_NAME = re.compile(r"(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)([A-Za-z]\w*)")


def check_text(text: str) -> None:
    """Refuse text over `max_source_bytes`, or holding a NUL byte, before any parsing."""
    size = len(text.encode("utf-8", "surrogatepass"))
    limit = LIMITS.max_source_bytes
    if size > limit:
        # the whole text is too long, not any place in it: no position
        raise ParseError(f"the function's text has {size:,} bytes, over the limit of {limit:,} "
                         f"(max_source_bytes, DIFFCOMPARE_MAX_SOURCE_BYTES)")
    if "\x00" in text:
        line, col = position_of(text, text.index("\x00"))
        raise ParseError("the input contains a NUL byte", line, col, text, end_line=line, end_col=col + 1)


def parse_python(parsed: str, spans: Spans) -> ast.Module:
    """ast.parse of `parsed`; its refusals as ParseErrors located in the user's text."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")       # "invalid escape sequence" in a docstring is not the user's problem here
            return ast.parse(parsed, filename="<function>")
    except SyntaxError as exc:
        raise _from_syntax_error(exc, parsed, spans) from None
    except (MemoryError, RecursionError):
        raise too_deep(parsed, spans) from None
    except ValueError as exc:                     # any byte check check_text did not foresee
        raise ParseError(f"Python cannot read this text: {exc}", 1, 1, spans.text) from None


def _from_syntax_error(exc: SyntaxError, parsed: str, spans: Spans) -> ParseError:
    line = exc.lineno or 1
    col = max(exc.offset or 1, 1)
    reason = exc.msg
    if reason.startswith("Exceeds the limit"):
        line, col, reason = _huge_whole_number(parsed)
    lines = spans.lines
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    reason = _REWORDED.get(reason, reason)
    end_line, end_offset = exc.end_lineno or 0, exc.end_offset or 0
    if isinstance(exc, IndentationError):
        # CPython points anywhere on the line (often its end); the indentation is the point
        col = len(text) - len(text.lstrip(" \t\f")) + 1
        end_line = 0
    elif reason == "invalid decimal literal":
        col, end_offset, reason = _bad_number(text, col - 1)
        end_line = line
    elif reason == "invalid syntax":
        found = text[col - 1:col - 1 + token_width(text, col - 1)] if col <= len(text) else ""
        reason = f"invalid syntax at '{found}'" if found.strip() else "invalid syntax at the end of the line"
    start = (line, spans.user_col(line, col))
    end = (end_line, spans.user_col(end_line, end_offset)) if end_line and end_offset > col else (0, 0)
    return spans.error_span(start, end, reason)


def _bad_number(text: str, i: int) -> tuple[int, int, str]:
    """CPython's "invalid decimal literal", said of what the user wrote (`2x`, `1__0`, `1._5`),
    with the 1-based columns the literal spans."""
    start = i
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    stop = i
    while stop < len(text) and (text[stop].isalnum() or text[stop] in "_."):
        stop += 1
    word = text[start:stop]
    product = _NUMBER_INTO_NAME.fullmatch(word)
    if product:
        return start + 1, stop + 1, f"a number cannot run into a name: write {product[1]}*{product[2]} for a product"
    return start + 1, stop + 1, f"'{word}' is not a number Python can read"


def _huge_whole_number(parsed: str) -> tuple[int, int, str]:
    """Python refuses to read whole numbers beyond a number of digits; ast does not say where."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    found = re.search(r"\d[\d_]{%d,}" % limit, parsed)
    line, col = position_of(parsed, found.start()) if found else (1, 1)
    return line, col, f"a whole number of more than {limit:,} digits (Python reads no longer ones)"


def too_deep(parsed: str, spans: Spans) -> ParseError:
    """The nesting error for text too deep to parse or translate, at the first token too deep."""
    where = locate_deep_nesting(parsed)
    if where is None:
        return ParseError("the text is nested too deeply for Python's parser", 1, 1, spans.text)
    line, col = where[0], where[1] + 1
    return spans.error_span((line, spans.user_col(line, col)), (0, 0), nesting_reason())
