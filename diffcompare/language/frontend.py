"""The front end: user text to the IR of `ir.py`, through Python's own parser.

`parse_expression` reads inline text, `parse_module` a file's text, `parse` picks one. Text is
only parsed (`ast.parse` builds a tree and runs nothing) and then translated node by node,
accepting what the language has and refusing the rest in words, with line, column and span.
Every refusal is a `ParseError`; both steps run with a deep stack (`deep_stack`), so that a
100,000-term sum is read, and nesting is capped by `LIMITS.max_nesting`.
"""

from __future__ import annotations

import re
from typing import Callable

from .caret_power import rewrite_caret_power
from .deep_stack import run_deep
from .inline import translate_inline
from .ir import Program
from .module import ModuleTranslator
from .python_parser import check_text, parse_python, too_deep
from .spans import Spans

_TOP_LEVEL_DEF = re.compile(r"^(?:async[ \t]+)?def[ \t]", re.MULTILINE)


def parse_expression(text: str) -> Program:
    """Inline text: one expression, `^` meaning power, free names as inputs."""
    check_text(text)
    parsed, inserted = rewrite_caret_power(text)
    spans = Spans(parsed, text, inserted)
    return _run(lambda: translate_inline(parse_python(parsed, spans), spans), parsed, spans)


def parse_module(text: str, origin: str = "", function: str | None = None) -> Program:
    """A file's text; `function` names the def to differentiate (else it is chosen)."""
    check_text(text)
    spans = Spans(text, text)
    return _run(lambda: ModuleTranslator(spans, origin).program(parse_python(text, spans), function), text, spans)


def _run(work: Callable[[], Program], parsed: str, spans: Spans) -> Program:
    """`work` on a deep stack. The nesting limit keeps the translation shallow; should a user
    raise that limit past what the stack holds, the overflow is still a ParseError."""
    try:
        return run_deep(work, len(parsed))
    except (RecursionError, MemoryError):
        raise too_deep(parsed, spans) from None


def parse(text: str, origin: str = "inline", function: str | None = None) -> Program:
    """A file's text when it comes from a file or holds a top-level def, else inline text."""
    if origin != "inline" or _TOP_LEVEL_DEF.search(text):
        return parse_module(text, origin, function)
    return parse_expression(text)
