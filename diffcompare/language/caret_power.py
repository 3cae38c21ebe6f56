"""Inline text writes powers with `^` (``x^2*y``), as people do outside Python.

Each `^` operator token becomes `**` before ast.parse sees the text. The rewrite goes by
Python's own tokenizer, so a `^` inside a comment is left alone, and it records where it
widened a line so that columns can be mapped back to what the user typed (`Spans`).
"""

from __future__ import annotations

import io
import tokenize

from .spans import split_lines

_POWER_OF = {"^": "**", "^=": "**="}


def rewrite_caret_power(text: str) -> tuple[str, dict[int, list[int]]]:
    """`text` with every `^` operator spelled `**`, and per line the 1-based columns of the
    rewritten text that hold an added character. Text the tokenizer cannot read is returned
    unchanged: ast.parse then reports its syntax error at the user's own columns."""
    if "^" not in text:
        return text, {}
    carets = _caret_operators(text)
    if carets is None:
        return text, {}
    lines = split_lines(text)
    by_line: dict[int, list[int]] = {}
    for line, col in carets:
        by_line.setdefault(line, []).append(col)
    inserted: dict[int, list[int]] = {}
    for line, cols in by_line.items():
        lines[line - 1] = "**".join(_split_at(lines[line - 1], cols))
        # each `**` widens the line by one: the second `*` of the k-th one (from 0) is 1-based col + k + 2
        inserted[line] = [col + k + 2 for k, col in enumerate(cols)]
    return "".join(a + b for a, b in zip(lines, _line_breaks(text))), inserted


def _split_at(line: str, cols: list[int]) -> list[str]:
    """The pieces of `line` around the characters at `cols` (which are left out)."""
    starts = [0] + [col + 1 for col in cols]
    return [line[start:stop] for start, stop in zip(starts, cols + [len(line)])]


def _caret_operators(text: str) -> list[tuple[int, int]] | None:
    """(line, 0-based column) of each `^` operator; None if the text cannot be tokenized."""
    if not any(quote_or_comment in text for quote_or_comment in "'\"#"):
        # no string and no comment: every `^` is an operator, and Python's pure-Python
        # tokenizer would take seconds over a 100,000-term expression to say so
        return [(number, col) for number, line in enumerate(split_lines(text), 1)
                for col, ch in enumerate(line) if ch == "^"]
    try:
        return [tok.start for tok in tokenize.generate_tokens(io.StringIO(text).readline)
                if tok.type == tokenize.OP and tok.string in _POWER_OF]
    except (tokenize.TokenError, SyntaxError):
        return None


def _line_breaks(text: str) -> list[str]:
    """The line-break characters ending each line of `text` (an empty string after the last)."""
    breaks, i = [], 0
    for line in split_lines(text)[:-1]:
        i += len(line)
        size = 2 if text.startswith("\r\n", i) else 1
        breaks.append(text[i:i + size])
        i += size
    return breaks + [""]
