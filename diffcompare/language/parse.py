"""The one parser: text in, a `Program` out, or a `ParseError` with line, column and reason.

It is a hand-written tokenizer and recursive-descent parser for the Python subset
of DESIGN.md, so that user text is only ever *read*: nothing here calls `eval`,
`exec`, `compile` or even `ast.parse`. Binary operators are parsed by precedence
climbing in a loop, so a 100,000-term sum is flat work, not deep recursion;
genuine nesting (parentheses, calls, unary signs, powers) is capped by
`LIMITS.max_nesting` with a clear message.
"""

from __future__ import annotations

import difflib
import gc
import math
import re
import sys
from dataclasses import dataclass

from ..errors import ParseError
from ..limits import LIMITS
from ..primitives import CONSTANTS, FUNCTIONS, lookup, names
from .ir_old import (Assign, BoolOp, Call, Compare, Const, For, If, IfExp, Index, Len, ListComp,
                      ListLit, ListRepeat, Name, Param, Pos, Program, Range, Return, Stmt, Sum, While)

# --- tokens ------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<ws>[ \t\f]+)
  | (?P<comment>\#[^\n]*)
  | (?P<cont>\\\r?\n)
  | (?P<nl>\r?\n)
  | (?P<number>(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?(?P<suffix>[A-Za-z_]\w*)?)
  | (?P<string>(?P<prefix>[rRbBuUfF]{0,2})(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"[^"\n]*"|'[^'\n]*'))
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*=|//=|\*\*|//|<=|>=|==|!=|\+=|-=|\*=|/=|%=|\^=|->|:=|[-+*/%^<>=()\[\],:.;@{}~&|!])
""", re.VERBOSE)

KEYWORDS = {"def", "return", "for", "in", "while", "if", "elif", "else", "and", "or", "not", "pass",
            "True", "False", "None", "import", "from", "lambda", "class", "with", "try", "except",
            "finally", "global", "nonlocal", "del", "yield", "async", "await", "assert", "raise",
            "break", "continue", "is", "as"}

#: statements and expressions refused by name, with the reason a user reads
REFUSED = {
    "import": "imports are not allowed", "from": "imports are not allowed",
    "lambda": "lambdas are not allowed", "class": "classes are not allowed",
    "with": "'with' is not allowed", "try": "try/except is not allowed", "except": "try/except is not allowed",
    "finally": "try/except is not allowed", "global": "'global' is not allowed",
    "nonlocal": "'nonlocal' is not allowed", "del": "'del' is not allowed", "yield": "generators are not allowed",
    "async": "async code is not allowed", "await": "async code is not allowed", "assert": "'assert' is not allowed",
    "raise": "'raise' is not allowed", "break": "'break' is not supported (give the loop its condition)",
    "continue": "'continue' is not supported", "is": "'is' is not allowed: compare numbers with ==",
    "None": "None is not a number", "as": "'as' is not allowed",
}

#: module prefixes accepted before a primitive's name, and the module each names
MODULE_PREFIXES = {"np": "numpy", "numpy": "numpy", "math": "math"}
BUILTINS = {"len", "sum", "range", "float"}


@dataclass
class Token:
    kind: str      # number, name, op, string, newline, indent, dedent, end
    text: str
    line: int
    col: int

    @property
    def pos(self) -> Pos:
        return (self.line, self.col)


class _Source:
    def __init__(self, text: str):
        self.text = text

    def error(self, reason: str, pos: Pos, text: str = "") -> ParseError:
        return ParseError(reason, pos[0], pos[1], self.text, text)


def tokenize(text: str) -> list[Token]:
    """Split text into tokens, with Python's INDENT/DEDENT/NEWLINE structure."""
    src = _Source(text)
    tokens: list[Token] = []
    indents = [0]
    depth = 0                      # open brackets: newlines inside them are just space
    line, line_start = 1, 0
    at_line_start = True
    pos, end = 0, len(text)
    while pos < end:
        if at_line_start and depth == 0:
            # measure indentation; blank and comment-only lines do not count
            m = re.compile(r"[ \t\f]*").match(text, pos)
            indent = len(m.group().expandtabs(8))
            after = m.end()
            if after >= end or text[after] in "\r\n#":
                nl = text.find("\n", after)
                if nl < 0:
                    break
                pos, line, line_start = nl + 1, line + 1, nl + 1
                continue
            col = after - line_start + 1
            if indent > indents[-1]:
                indents.append(indent)
                tokens.append(Token("indent", "", line, col))
            while indent < indents[-1]:
                indents.pop()
                tokens.append(Token("dedent", "", line, col))
            if indent != indents[-1]:
                raise src.error("this line's indentation matches no enclosing block", (line, col))
            pos = after
            at_line_start = False
        m = _TOKEN.match(text, pos)
        col = pos - line_start + 1
        if m is None:
            ch = text[pos]
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            raise src.error(f"unexpected character {shown}", (line, col), ch)
        kind = m.lastgroup
        value = m.group()
        if kind == "number" and m.group("suffix"):
            kind = "bad_number"
        if kind == "string" and m.group("prefix"):
            kind = "string"
        if kind in ("ws", "comment"):
            pass
        elif kind in ("nl", "cont"):
            if kind == "nl" and depth == 0 and tokens and tokens[-1].kind != "newline":
                tokens.append(Token("newline", "", line, col))
            line, line_start = line + 1, m.end()
            at_line_start = kind == "nl"
        elif kind == "string" and "\n" in value:
            tokens.append(Token("string", value, line, col))
            line += value.count("\n")
            line_start = pos + value.rfind("\n") + 1
        elif kind == "bad_number":
            suffix = m.group("suffix")
            number = value[: len(value) - len(suffix)]
            raise src.error(f"a number cannot run into a name: write {number}*{suffix} for a product",
                            (line, col), value)
        else:
            if kind == "op":
                if value in "([{":
                    depth += 1
                elif value in ")]}":
                    depth = max(0, depth - 1)
                if value == "^":
                    value = "**"     # ^ is power in this language (Python's xor has no place here)
                elif value == "^=":
                    value = "**="
            tokens.append(Token(kind, value, line, col))
        pos = m.end()
    col = pos - line_start + 1
    if tokens and tokens[-1].kind != "newline":
        tokens.append(Token("newline", "", line, col))
    for _ in indents[1:]:
        tokens.append(Token("dedent", "", line, col))
    tokens.append(Token("end", "", line, col))
    return tokens


# --- the parser --------------------------------------------------------------

_BINARY = {"or": 1, "and": 2, "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4,
           "+": 5, "-": 5, "*": 6, "/": 6, "//": 6, "%": 6, "**": 8}
_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div", "//": "floordiv", "%": "mod", "**": "pow"}
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}
_PREC_NOT, _PREC_UNARY = 3, 7


class Parser:
    def __init__(self, text: str):
        self.src = _Source(text)
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0
        self.scope: set[str] | None = None     # names defined so far (None: inline, free names are inputs)
        self.free: dict[str, Pos] = {}         # inline expressions: names that become inputs
        self.bound: list[str] = []             # comprehension variables in scope

    # -- token helpers
    def peek(self, k: int = 0) -> Token:
        try:    # the hot path of a long expression: no bounds arithmetic unless past the end
            return self.tokens[self.i + k]
        except IndexError:
            return self.tokens[-1]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok.kind in ("op", "name") and tok.text in texts

    def expect(self, text: str, what: str = "") -> Token:
        tok = self.peek()
        if tok.kind in ("op", "name") and tok.text == text:
            return self.next()
        raise self.unexpected(tok, f"expected '{text}'" + (f" {what}" if what else ""))

    def error(self, reason: str, tok: Token) -> ParseError:
        return self.src.error(reason, tok.pos, tok.text)

    def unexpected(self, tok: Token, expectation: str) -> ParseError:
        if tok.kind == "name" and tok.text in REFUSED:
            return self.error(REFUSED[tok.text], tok)
        if tok.kind == "string":
            return self.error(_string_reason(tok.text), tok)
        shown = {"newline": "end of line", "end": "end of input", "indent": "an indented block",
                 "dedent": "end of block"}.get(tok.kind, f"'{tok.text}'")
        if tok.kind == "op" and tok.text == ":=":
            return self.error("the walrus operator := is not allowed", tok)
        if tok.kind == "op" and tok.text in ("{", "}"):
            return self.error("dicts and sets are not allowed", tok)
        if tok.kind == "op" and tok.text in ("@", "~", "&", "|", "!"):
            return self.error(f"the operator '{tok.text}' is not in the language", tok)
        return self.error(f"{expectation}, found {shown}", tok)

    def number(self, tok: Token) -> int | float:
        """A numeric literal's value; one beyond the float range is refused, not turned into inf."""
        value = _number(tok.text)
        if isinstance(value, int) and abs(value) > _INT_LIMIT:
            try:
                value = float(value)
            except OverflowError:
                value = math.inf
        if value == math.inf:
            raise self.error(f"the number {tok.text[:30]}{'...' if len(tok.text) > 30 else ''} is too large "
                             f"for a float (the largest is about 1.8e308)", tok)
        return value

    def nested(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > LIMITS.max_nesting:
            raise self.error(f"nested more than {LIMITS.max_nesting} levels deep "
                             f"(limit max_nesting, DIFFCOMPARE_MAX_NESTING)", tok)

    # -- whole inputs
    def parse_inline(self) -> tuple[list, dict[str, Pos]]:
        while self.peek().kind == "newline":
            self.next()
        if self.peek().kind == "end":
            raise self.error("empty input: give an expression such as 'x^2*y + y + 2'", self.peek())
        values = self.expr_list()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("=", "+=", "-=", "*=", "/=", "**="):
            raise self.error("assignments need a def: write the function as 'def f(x): ...' in a file", tok)
        while self.peek().kind == "newline":
            self.next()
        if self.peek().kind != "end":
            raise self.unexpected(self.peek(), "expected an operator or the end of the expression")
        return values, self.free

    def parse_def(self) -> tuple[str, list[Param], list[Stmt], str]:
        doc = self.docstring()
        tok = self.peek()
        if not self.at("def"):
            raise self.unexpected(tok, "expected 'def'")
        self.next()
        name_tok = self.next()
        if name_tok.kind != "name" or name_tok.text in KEYWORDS:
            raise self.unexpected(name_tok, "expected the function's name")
        self.check_name(name_tok)
        self.expect("(", "after the function's name")
        params = self.params()
        self.expect(")")
        if self.at("->"):
            raise self.error("annotations are not allowed", self.peek())
        self.expect(":")
        self.scope = {p.name for p in params}
        body_doc, body = self.block(top=True)
        doc = body_doc or doc
        if not any(isinstance(s, Return) for s in _walk(body)):
            raise self.error(f"'{name_tok.text}' never returns a value", name_tok)
        while self.peek().kind == "newline":
            self.next()
        if self.peek().kind != "end":
            tok = self.peek()
            if self.at("def"):
                raise self.error("one def per file: this file holds a second one", tok)
            raise self.unexpected(tok, "expected the end of the file after the def")
        return name_tok.text, params, body, doc

    def docstring(self) -> str:
        doc = ""
        while self.peek().kind in ("string", "newline"):
            tok = self.next()
            if tok.kind == "string":
                if tok.text[0] in "rRbBuUfF":
                    raise self.error(_string_reason(tok.text), tok)
                doc = doc or _unquote(tok.text)
        return doc

    def params(self) -> list[Param]:
        params: list[Param] = []
        seen: set[str] = set()
        while not self.at(")"):
            tok = self.next()
            if tok.kind == "op" and tok.text in ("*", "**"):
                raise self.error("*args and **kwargs are not allowed", tok)
            if tok.kind != "name" or tok.text in KEYWORDS:
                raise self.unexpected(tok, "expected a parameter name")
            self.check_name(tok)
            if tok.text in seen:
                raise self.error(f"parameter '{tok.text}' appears twice", tok)
            if tok.text in CONSTANTS or tok.text in FUNCTIONS:
                raise self.error(f"'{tok.text}' is a built-in name and cannot be a parameter", tok)
            seen.add(tok.text)
            default = None
            if self.at(":"):
                raise self.error("annotations are not allowed", self.peek())
            if self.at("="):
                self.next()
                default = self.default_value()
            params.append(Param(tok.text, default))
            if not self.at(")"):
                self.expect(",", "between parameters")
        return params

    def default_value(self) -> float | list[float]:
        """A parameter default: a number, or a list of numbers (a vector input)."""
        tok = self.peek()
        if self.at("["):
            self.next()
            values = []
            while not self.at("]"):
                values.append(self.signed_number())
                if not self.at("]"):
                    self.expect(",", "between list elements")
            self.next()
            if not values:
                raise self.error("a vector default needs at least one element", tok)
            if self.at("*"):
                self.next()
                count_tok = self.next()
                if count_tok.kind != "number" or not count_tok.text.isdigit():
                    raise self.unexpected(count_tok, "expected a whole number of copies")
                n = int(count_tok.text)
                if len(values) * n > LIMITS.max_list_length:
                    raise self.error(f"a default of {len(values) * n} elements exceeds max_list_length "
                                     f"({LIMITS.max_list_length})", count_tok)
                values = values * n
            return values
        return self.signed_number()

    def signed_number(self) -> float:
        sign = 1.0
        while self.at("-", "+"):
            if self.next().text == "-":
                sign = -sign
        tok = self.next()
        if tok.kind != "number":
            raise self.unexpected(tok, "a default must be a number or a list of numbers; expected a number")
        return sign * float(self.number(tok))

    # -- statements
    def block(self, top: bool = False) -> tuple[str, list[Stmt]]:
        """The statements after a ':' (an indented block, or one simple statement on the line)."""
        tok = self.peek()
        doc = ""
        if tok.kind != "newline":
            stmt = self.simple_statement()
            self.end_of_statement()
            return doc, [stmt] if stmt is not None else []
        self.next()
        if self.peek().kind != "indent":
            raise self.unexpected(self.peek(), "expected an indented block")
        self.nested(self.next())
        stmts: list[Stmt] = []
        first = True
        while self.peek().kind not in ("dedent", "end"):
            if self.peek().kind == "string" and first and top:
                doc = _unquote(self.next().text)
                self.end_of_statement()
                continue
            first = False
            stmt = self.statement()
            if stmt is not None:
                stmts.append(stmt)
        if self.peek().kind == "dedent":
            self.next()
        self.depth -= 1
        return doc, stmts

    def end_of_statement(self) -> None:
        tok = self.peek()
        if tok.kind == "op" and tok.text == ";":
            raise self.error("one statement per line: ';' is not allowed", tok)
        if tok.kind not in ("newline", "end", "dedent"):
            raise self.unexpected(tok, "expected the end of the statement")
        if tok.kind == "newline":
            self.next()

    def statement(self) -> Stmt | None:
        tok = self.peek()
        if self.at("for"):
            return self.for_statement()
        if self.at("while"):
            self.next()
            test = self.expr()
            self.expect(":", "after the while condition")
            _, body = self.block()
            return While(test, body, tok.pos)
        if self.at("if"):
            return self.if_statement()
        if self.at("def"):
            raise self.error("nested functions are not allowed", tok)
        if self.at("elif", "else"):
            raise self.error(f"'{tok.text}' without a matching 'if'", tok)
        stmt = self.simple_statement()
        self.end_of_statement()
        return stmt

    def if_statement(self) -> If:
        tok = self.next()          # 'if' or 'elif'
        test = self.expr()
        self.expect(":", "after the if condition")
        _, body = self.block()
        orelse: list[Stmt] = []
        if self.at("elif"):
            orelse = [self.if_statement()]
        elif self.at("else"):
            self.next()
            self.expect(":", "after 'else'")
            _, orelse = self.block()
        return If(test, body, orelse, tok.pos)

    def for_statement(self) -> For:
        tok = self.next()
        var = self.next()
        if var.kind != "name" or var.text in KEYWORDS:
            raise self.unexpected(var, "expected a loop variable")
        self.check_name(var)
        self.expect("in", "after the loop variable")
        rng = self.range_call("a for loop")
        self.expect(":", "after the loop header")
        self.scope.add(var.text)
        _, body = self.block()
        return For(var.text, rng, body, tok.pos)

    def range_call(self, where: str) -> Range:
        tok = self.peek()
        if not (tok.kind == "name" and tok.text == "range" and self.peek(1).text == "("):
            raise self.error(f"{where} must run over range(...)", tok)
        self.next()
        self.next()
        args = self.call_args()
        if not 1 <= len(args) <= 3:
            raise self.error("range takes 1 to 3 arguments", tok)
        if len(args) == 1:
            args = [Const(0, tok.pos), args[0]]
        if len(args) == 2:
            args.append(Const(1, tok.pos))
        return Range(*args, pos=tok.pos)

    def simple_statement(self) -> Stmt | None:
        tok = self.peek()
        if self.at("pass"):
            self.next()
            return None
        if self.at("return"):
            self.next()
            if self.peek().kind in ("newline", "end", "dedent"):
                raise self.error("return needs a value", tok)
            values = self.parenthesized_tuple() or self.expr_list()
            return Return(values, tok.pos)
        if tok.kind == "name" and tok.text in REFUSED:
            raise self.error(REFUSED[tok.text], tok)
        if tok.kind == "string":
            raise self.error(_string_reason(tok.text), tok)
        if tok.kind == "name" and tok.text not in KEYWORDS and self.peek(1).kind == "op":
            after = self.peek(1).text
            if after in ("=", "+=", "-=", "*=", "/=", "**=", "//=", "%="):
                return self.assignment(None)
            if after == "[":
                # subscripted target, or an expression statement starting with x[...]
                save = self.i
                self.next()
                self.next()
                index = self.expr()
                self.expect("]")
                if self.peek().kind == "op" and self.peek().text in ("=", "+=", "-=", "*=", "/=", "**="):
                    return self.assignment(index, name_tok=tok)
                self.i = save
            if after == ",":
                raise self.error("unpacking several names at once is not supported: assign one per line", tok)
        expr_tok = self.peek()
        self.expr()
        raise self.error("this line computes a value and drops it: assign it, or return it", expr_tok)

    def parenthesized_tuple(self) -> list | None:
        """``return (a, b)`` or ``return (a,)``: Python's parenthesised tuple, the same values as
        ``return a, b``. Anything else starting with '(' is left to the ordinary expression parser."""
        if not self.at("("):
            return None
        save, depth = self.i, self.depth
        self.next()
        values, comma = [self.expr()], False
        while self.at(","):
            self.next()
            comma = True
            if self.at(")"):
                break
            values.append(self.expr())
        if comma and self.at(")") and self.peek(1).kind in ("newline", "end", "dedent"):
            self.next()
            return values
        self.i, self.depth = save, depth       # not a whole tuple: parse it again as an expression
        return None

    def assignment(self, index, name_tok: Token | None = None) -> Assign:
        tok = name_tok or self.next()
        self.check_name(tok)
        if tok.text in CONSTANTS or tok.text in FUNCTIONS or tok.text in BUILTINS:
            raise self.error(f"'{tok.text}' is a built-in name and cannot be assigned", tok)
        if index is not None:
            if tok.text not in self.scope:
                raise self.error(f"'{tok.text}' is neither an input nor assigned before use", tok)
        op = self.next()
        value = self.expr()
        if op.text != "=":
            if tok.text not in self.scope:
                raise self.error(f"'{tok.text}' is neither an input nor assigned before use", tok)
            current = Name(tok.text, tok.pos) if index is None else Index(Name(tok.text, tok.pos), index, tok.pos)
            value = Call(_ARITH[op.text[:-1]], [current, value], op.pos)
        if index is None:
            self.scope.add(tok.text)
        return Assign(tok.text, value, index, tok.pos)

    # -- expressions
    def expr_list(self) -> list:
        """One or more expressions separated by top-level commas; a parenthesised tuple or a
        list literal counts as several values too (for return)."""
        values = [self.expr()]
        while self.at(","):
            self.next()
            if self.peek().kind in ("newline", "end", "dedent"):
                break
            values.append(self.expr())
        return values

    def expr(self) -> object:
        tok = self.peek()
        self.nested(tok)
        body = self.binary(0)
        if self.at("if"):
            self.next()
            test = self.binary(0)
            self.expect("else", "in the conditional expression 'a if condition else b'")
            orelse = self.expr()
            body = IfExp(test, body, orelse, tok.pos)
        self.depth -= 1
        return body

    def binary(self, min_prec: int) -> object:
        tok = self.peek()
        if tok.kind == "name" and tok.text == "not" and min_prec <= _PREC_NOT:
            self.next()
            self.nested(tok)
            left = BoolOp("not", [self.binary(_PREC_NOT)], tok.pos)
            self.depth -= 1
        elif tok.kind == "op" and tok.text in ("-", "+") and min_prec <= _PREC_UNARY:
            self.next()
            self.nested(tok)
            operand = self.binary(_PREC_UNARY)
            self.depth -= 1
            if tok.text == "+":
                left = operand
            elif isinstance(operand, Const) and not isinstance(operand.value, bool):
                left = Const(-operand.value, tok.pos)      # a negative literal, not a negation
            else:
                left = Call("neg", [operand], tok.pos)
        else:
            left = self.postfix()
        while True:
            op = self.peek()
            if op.kind not in ("op", "name"):
                break
            prec = _BINARY.get(op.text)
            if prec is None or prec < min_prec or (op.kind == "name" and op.text not in ("and", "or")):
                if op.kind == "name" and op.text == "is":
                    raise self.error(REFUSED["is"], op)
                if op.kind == "name" and op.text == "in":
                    raise self.error("'in' is only allowed in 'for i in range(...)'", op)
                break
            self.next()
            if op.text in _COMPARE:
                ops, operands = [op.text], [left, self.binary(prec + 1)]
                while self.at(*_COMPARE):
                    ops.append(self.next().text)
                    operands.append(self.binary(prec + 1))
                left = Compare(ops, operands, op.pos)
            elif op.text in ("and", "or"):
                right = self.binary(prec + 1)
                if isinstance(left, BoolOp) and left.op == op.text:
                    left.operands.append(right)
                else:
                    left = BoolOp(op.text, [left, right], op.pos)
            elif op.text == "**":
                self.nested(op)
                right = self.binary(_PREC_UNARY)     # right-associative; 2**-1 is allowed
                self.depth -= 1
                left = _fold_int_pow(left, right) or Call("pow", [left, right], op.pos)
            elif op.text == "*" and (isinstance(left, ListLit) or self.at("[")):
                right = self.binary(prec + 1)
                left = self.list_repeat(left, right, op)
            else:
                left = Call(_ARITH[op.text], [left, self.binary(prec + 1)], op.pos)
        return left

    def list_repeat(self, left, right, op: Token) -> object:
        if isinstance(left, ListLit) and not isinstance(right, ListLit):
            return ListRepeat(left.items, right, op.pos)
        if isinstance(right, ListLit) and not isinstance(left, ListLit):
            return ListRepeat(right.items, left, op.pos)
        return Call("mul", [left, right], op.pos)

    def postfix(self) -> object:
        node = self.atom()
        while True:
            tok = self.peek()
            if tok.kind != "op":
                return node
            if tok.text == "[":
                self.next()
                index = self.expr()
                if self.at(":"):
                    raise self.error("slices are not supported; index one element at a time", self.peek())
                self.expect("]", "to close the index")
                node = Index(node, index, tok.pos)
            elif tok.text == "(":
                raise self.error("only functions of the language can be called", tok)
            elif tok.text == ".":
                raise self.error("attribute access is not allowed", tok)
            else:
                return node

    def atom(self) -> object:
        tok = self.next()
        if tok.kind == "number":
            return Const(self.number(tok), tok.pos)
        if tok.kind == "name":
            if tok.text in ("True", "False"):
                return Const(tok.text == "True", tok.pos)
            if tok.text in KEYWORDS:
                self.i -= 1
                raise self.unexpected(tok, "expected a value")
            return self.name_or_call(tok)
        if tok.kind == "op" and tok.text == "(":
            if self.at(")"):
                raise self.error("empty parentheses: expected a value inside", self.peek())
            value = self.expr()
            if self.at(","):
                raise self.error("tuples are only allowed after return", self.peek())
            if self.at("for"):
                raise self.error("a generator is only allowed inside sum(...)", self.peek())
            self.expect(")", "to close the parenthesis")
            return value
        if tok.kind == "op" and tok.text == "[":
            return self.list_display(tok)
        self.i -= 1
        raise self.unexpected(tok, "expected a value")

    def list_display(self, tok: Token) -> object:
        items = []
        var = self.comprehension_var()
        while not self.at("]"):
            self.bind(var)
            items.append(self.expr())
            self.unbind(var)
            if self.at("for"):
                if len(items) != 1:
                    raise self.error("a comprehension has one expression before 'for'", self.peek())
                comp = self.comprehension(items[0], tok)
                self.expect("]", "to close the comprehension")
                return comp
            if not self.at("]"):
                self.expect(",", "between list elements")
        self.next()
        if len(items) > LIMITS.max_list_length:
            raise self.error(f"a list of {len(items)} elements exceeds max_list_length", tok)
        return ListLit(items, tok.pos)

    def check_name(self, tok: Token) -> None:
        if tok.text.startswith("__") or tok.text.endswith("__"):
            raise self.error(f"dunder names such as '{tok.text}' are not allowed", tok)

    def comprehension_var(self) -> str | None:
        """Look ahead, inside the brackets just opened, for ``for NAME in``: the element is
        parsed before its loop, so the loop variable must be known in advance."""
        depth = 0
        for k in range(self.i, len(self.tokens) - 1):
            tok = self.tokens[k]
            if tok.kind == "op" and tok.text in "([{":
                depth += 1
            elif tok.kind == "op" and tok.text in ")]}":
                if depth == 0:
                    return None
                depth -= 1
            elif tok.kind == "end":
                return None
            elif depth == 0 and tok.kind == "name" and tok.text == "for":
                var = self.tokens[k + 1]
                return var.text if var.kind == "name" else None
        return None

    def bind(self, var: str | None) -> None:
        if var is not None:
            self.bound.append(var)

    def unbind(self, var: str | None) -> None:
        if var is not None:
            self.bound.pop()

    def comprehension(self, elt, tok: Token) -> ListComp:
        """``[elt for var in range(...)]`` (or the generator inside sum)."""
        for_tok = self.next()
        var = self.next()
        if var.kind != "name" or var.text in KEYWORDS:
            raise self.unexpected(var, "expected a loop variable")
        self.expect("in", "after the loop variable")
        rng = self.range_call("a comprehension")
        if self.at("if"):
            raise self.error("filters in comprehensions are not supported", self.peek())
        return ListComp(elt, var.text, rng, for_tok.pos)

    def name_or_call(self, tok: Token) -> object:
        name = tok.text
        # np.sin, numpy.pi, math.e: the module prefix is accepted and ignored
        if name in MODULE_PREFIXES and self.at("."):
            self.next()
            attr = self.next()
            if attr.kind != "name":
                raise self.unexpected(attr, "expected a function name after the module prefix")
            self.check_name(attr)
            if self.at("."):
                raise self.error("attribute access is not allowed", self.peek())
            name = _primitive_name(attr.text, MODULE_PREFIXES[name])
            if name not in FUNCTIONS and name not in CONSTANTS and name not in ("pow",):
                raise self.error(f"unknown function '{tok.text}.{attr.text}'{_suggest(attr.text)}", attr)
            tok = Token("name", name, tok.line, tok.col)
        elif self.at("."):
            raise self.error(f"attribute access is not allowed ('{name}.')", self.peek())
        self.check_name(tok)
        if self.at("("):
            return self.call(tok, _primitive_name(name))
        if name in CONSTANTS:
            return Const(CONSTANTS[name], tok.pos)
        if name in FUNCTIONS or name in BUILTINS or name == "pow":
            raise self.error(f"'{name}' is a function: call it, as in {name}(x)", tok)
        if name in self.bound:
            pass
        elif self.scope is None:
            self.free.setdefault(name, tok.pos)
        elif name not in self.scope:
            raise self.error(f"'{name}' is neither an input nor assigned before use{_suggest(name, self.scope)}", tok)
        return Name(name, tok.pos)

    def call(self, tok: Token, name: str) -> object:
        if name not in FUNCTIONS and name not in BUILTINS and name not in CONSTANTS and name != "pow":
            # refused before its arguments are read: a call of an unknown name (exec, open, ...)
            # is reported as unknown, whatever its string argument holds
            raise self.error(f"unknown function '{name}'{_suggest(name)}", tok)
        self.next()
        if name == "sum":
            return self.sum_call(tok)
        return self.build_call(tok, name, self.call_args())

    def call_args(self) -> list:
        args = []
        while not self.at(")"):
            if self.peek().kind == "name" and self.peek(1).text == "=":
                raise self.error("keyword arguments are not allowed", self.peek())
            if self.at("*", "**"):
                raise self.error("argument unpacking is not allowed", self.peek())
            args.append(self.expr())
            if not self.at(")"):
                self.expect(",", "between arguments")
        self.next()
        return args

    def build_call(self, tok: Token, name: str, args: list) -> object:
        from ..primitives.table import TABLE
        if name == "len":
            _arity(self, tok, name, args, 1)
            return Len(args[0], tok.pos)
        if name == "float":
            _arity(self, tok, name, args, 1)
            return args[0]
        if name == "range":
            raise self.error("range(...) is only allowed in 'for' loops and comprehensions", tok)
        if name in ("min", "max") and len(args) > 2:
            node = Call(name, args[:2], tok.pos)
            for arg in args[2:]:
                node = Call(name, [node, arg], tok.pos)
            return node
        if name in CONSTANTS:
            raise self.error(f"'{name}' is a constant, not a function", tok)
        if name not in FUNCTIONS and name != "pow":
            raise self.error(f"unknown function '{name}'{_suggest(name)}", tok)
        _arity(self, tok, name, args, TABLE[name].arity)
        return Call(name, args, tok.pos)

    def sum_call(self, tok: Token) -> Sum:
        if self.at(")"):
            raise self.error("sum needs one argument", tok)
        var = self.comprehension_var()
        self.bind(var)
        first = self.expr()
        self.unbind(var)
        if self.at("for"):
            node = self.comprehension(first, tok)
        else:
            node = first
            if self.at(","):
                raise self.error("sum takes one argument: a list, or a generator over range", self.peek())
        self.expect(")", "to close sum(...)")
        return Sum(node, tok.pos)


def _arity(parser: Parser, tok: Token, name: str, args: list, n: int) -> None:
    if len(args) != n:
        raise parser.error(f"{name} takes {n} argument{'s' if n != 1 else ''}, got {len(args)}", tok)




def _walk(body: list[Stmt]):
    for s in body:
        yield s
        if isinstance(s, (For, While)):
            yield from _walk(s.body)
        elif isinstance(s, If):
            yield from _walk(s.body)
            yield from _walk(s.orelse)


_INT_LIMIT = 2 ** 62      # whole numbers beyond this are floats (the interpreter's index limit too)


def _fold_int_pow(base, exponent) -> Const | None:
    """`10**10` written with whole-number literals is a whole number (so `range(10**10)` meets
    the loop limit, not a complaint about floats), while it stays small; else None."""
    if not (isinstance(base, Const) and isinstance(exponent, Const)):
        return None
    b, e = base.value, exponent.value
    if type(b) is not int or type(e) is not int or e < 0:
        return None
    if abs(b) > 1 and e * math.log2(abs(b)) > 62:
        return None
    return Const(b ** e, base.pos)


def _number(text: str) -> int | float:
    clean = text.replace("_", "")
    if re.fullmatch(r"\d+", clean):
        return int(clean)
    return float(clean)


def _unquote(text: str) -> str:
    for q in ('"""', "'''", '"', "'"):
        if text.startswith(q) and text.endswith(q) and len(text) >= 2 * len(q):
            return text[len(q):-len(q)].strip()
    return text


def _string_reason(text: str) -> str:
    prefix = text[: len(text) - len(text.lstrip("rRbBuUfF"))]   # the letters before the quote, not the content
    if "f" in prefix.lower():
        return "f-strings are not allowed"
    return "strings are not allowed (except a docstring)"


def _primitive_name(name: str, module: str = "inline") -> str:
    """The table's name for a spelling (np.arcsin is asin). Every module is tried, the named one
    first: this parser has always let any prefix stand before any primitive (math.sigmoid)."""
    for where in dict.fromkeys((module, "inline", "numpy", "math")):
        prim = lookup(where, name)
        if prim is not None:
            return prim.name
    return name


def _suggest(name: str, extra=()) -> str:
    pool = names("inline") + list(extra)
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""




# --- entry points --------------------------------------------------------------

def _guard_size(text: str) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > LIMITS.max_source_bytes:
        raise ParseError(f"input of {size:,} bytes exceeds the limit of {LIMITS.max_source_bytes:,} "
                         f"(max_source_bytes, DIFFCOMPARE_MAX_SOURCE_BYTES)")
    if "\x00" in text:
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        raise ParseError("the input contains a NUL byte", line, at - text.rfind("\n", 0, at), text)


def _with_stack(fn):
    # Genuine nesting is capped by LIMITS.max_nesting; each level costs a handful of
    # Python frames, so make room for them.
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 40 * LIMITS.max_nesting + 1000))
    # Tokens and nodes are all kept until the end: the cycle collector would only rescan
    # them, about a fifth of the time on a 100,000-node input (`diffcompare bench`).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return fn()
    except RecursionError:
        raise ParseError(f"the input is nested too deeply (limit max_nesting = {LIMITS.max_nesting})") from None
    finally:
        sys.setrecursionlimit(old)
        if collecting:
            gc.enable()


def parse_expression(text: str, name: str = "f") -> Program:
    """An inline expression (several outputs separated by top-level commas)."""
    _guard_size(text)
    parser = _with_stack(lambda: Parser(text))
    values, free = _with_stack(parser.parse_inline)
    params = [Param(n, 1.0) for n in sorted(free)]
    return Program(name=name, params=params, body=[Return(values, (1, 1))], source=text,
                   inline=True, origin="inline", defaulted=sorted(free))


def parse_def(text: str, origin: str = "") -> Program:
    """A file's text holding one `def` of the language."""
    _guard_size(text)
    parser = _with_stack(lambda: Parser(text))
    name, params, body, doc = _with_stack(parser.parse_def)
    program = Program(name=name, params=params, body=body, source=text, doc=doc, origin=origin)
    missing = [p.name for p in params if p.default is None]
    program.defaulted = missing
    for p in params:
        if p.default is None:
            p.default = 1.0
    return program


def parse(text: str, origin: str = "inline") -> Program:
    """A def if the text holds one, else an inline expression."""
    if re.match(r"(?:\s|#[^\n]*\n)*(?:(?:[rRuU]?(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?''')|\"[^\"\n]*\"|'[^'\n]*')\s*)?def\b", text):
        return parse_def(text, origin)
    return parse_expression(text)
