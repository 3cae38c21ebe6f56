"""The project's own intermediate representation: what the front end produces and
every engine runs.

Expressions are trees of small node classes; statements are the def-subset's
assignments, loops, branches and returns. Arithmetic is a `Call` of a primitive
(``x*y`` is ``Call("mul", ...)``), so one table of primitives serves everything.
What is not a primitive of the table -- ``len``, ``range``, ``zip``, ``sum`` over a
list -- is a `Builtin` of the interpreter. Every node keeps its source position
(line, column, both from 1) for error messages.

`walk` is the one generic walk over the IR; everything that visits nodes uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Iterator, Union

Pos = tuple[int, int]  # (line, column), both from 1


# --- expressions -------------------------------------------------------------

@dataclass(eq=False)
class Const:
    """A literal: int, float, bool, None, or a tuple of those (a static shape or axes);
    Ellipsis inside an index (``x[..., 0]``); a string only as a static argument of the
    table (``np.linalg.norm(x, 'fro')``), data that is never a value of the program.

    `exact` is the number the user wrote, where the float `value` only approximates it: a
    `Fraction` for a decimal literal (``0.1``, ``1e-320``), or the name of a mathematical
    constant (``"pi"``, ``"e"``, ``"tau"``). The float engines run on `value`; the 50-digit
    reference and sympy's cross-check on `exact` (an algebra's ``constant`` hook)."""
    value: Any
    pos: Pos = (0, 0)
    exact: Any = None


@dataclass(eq=False)
class Name:
    """A local variable or parameter of the function it appears in."""
    id: str
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Global:
    """A module-level constant of the file (assigned by `Program.prelude` before the run)."""
    id: str
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Call:
    """A primitive of the table, by its table name; `args` positional, in the primitive's order,
    every parameter present (defaults filled in). A variadic entry (concatenate, stack) has its
    arrays first, then its static arguments: two or more arrays are the items of a display the
    user wrote; ONE is the sequence itself (a variable, a comprehension), to be iterated."""
    func: str
    args: list["Expr"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Builtin:
    """An operation of the interpreter that is not a primitive of the table:

    ``len(x)``, ``range(start, stop, step)`` (three arguments, always), ``zip(a, b, ...)``,
    ``enumerate(a, start)`` (two), ``reversed(a)``, ``sum(a, start)`` (two: Python's left
    fold of add), ``fsum(a)`` (math.fsum), ``min(a)`` / ``max(a)`` over one iterable,
    ``int(x)``, ``float(x)``, ``list(a)``, ``tuple(a)``, ``floordiv(a, b)`` and ``mod(a, b)``
    of whole numbers (index arithmetic; on floats they are primitives), ``any(a)``, ``all(a)``.

    numpy's (`language/numpy_calls.py`, `methods.py`), every argument present in numpy's order:
    ``array(obj)``, ``zeros(shape)``, ``ones(shape)``, ``full(shape, fill_value)``,
    ``eye(N, M, k)``, ``arange(start, stop, step)``, ``linspace(start, stop, num, endpoint)``,
    ``zeros_like(a)``, ``ones_like(a)``, ``full_like(a, fill_value)``; on masks
    ``logical_and(a, b)``, ``logical_or(a, b)``, ``logical_not(a)`` (also ``&``, ``|``, ``~``);
    ``shape(a)``, ``size(a)``, ``ndim(a)``, ``item(a)``; ``x.tolist()`` is ``list(a)``."""
    name: str
    args: list["Expr"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Invoke:
    """A call of another def of the same file (a helper), arguments bound to its parameters
    in order (keywords and defaults already resolved by the front end)."""
    func: str
    args: list["Expr"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Compare:
    ops: list[str]            # "<", "<=", ">", ">=", "==", "!="; chained like Python
    operands: list["Expr"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class BoolOp:
    op: str                   # "and" | "or" | "not"
    operands: list["Expr"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class IfExp:
    test: "Expr"
    body: "Expr"
    orelse: "Expr"
    pos: Pos = (0, 0)


@dataclass(eq=False)
class ListLit:
    items: list["Expr"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class TupleLit:
    items: list["Expr"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Generator:
    """One ``for target in iter if cond ...`` clause of a comprehension."""
    target: "Target"
    iter: "Expr"
    ifs: list["Expr"] = field(default_factory=list)
    pos: Pos = (0, 0)


@dataclass(eq=False)
class ListComp:
    """``[elt for ... in ... if ...]``; also the generator expression inside ``sum(...)``.
    The loop variables are the comprehension's own (they do not leak, as in Python 3)."""
    elt: "Expr"
    generators: list[Generator]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Slice:
    """``lower:upper:step`` inside an index; a missing part is None."""
    lower: "Expr | None"
    upper: "Expr | None"
    step: "Expr | None"
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Index:
    """``target[index]``; index is an expression, a `Slice`, or a `TupleLit` of those
    (numpy's ``x[1:, None, ...]``: ``Const(None)`` a new axis, ``Const(Ellipsis)`` the rest)."""
    target: "Expr"
    index: "Expr"
    pos: Pos = (0, 0)


Expr = Union[Const, Name, Global, Call, Builtin, Invoke, Compare, BoolOp, IfExp, ListLit, TupleLit,
             ListComp, Slice, Index]
#: what can be assigned to: a name, an element or slice of a variable, or a tuple of targets
Target = Union[Name, Index, TupleLit]


# --- statements --------------------------------------------------------------

@dataclass(eq=False)
class Assign:
    """``target = value``. Augmented forms (``x += v``) arrive desugared (``x = x + v``);
    ``a, b = ...`` has a `TupleLit` target; ``x[i] = v`` an `Index` target."""
    target: Target
    value: Expr
    pos: Pos = (0, 0)


@dataclass(eq=False)
class For:
    target: Target
    iter: Expr                # a Builtin range/zip/enumerate/reversed, or any list, tuple or array
    body: list["Stmt"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class While:
    test: Expr
    body: list["Stmt"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class If:
    test: Expr
    body: list["Stmt"]
    orelse: list["Stmt"]
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Return:
    value: Expr | None        # ``return a, b`` is a TupleLit; a bare ``return`` is None
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Break:
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Continue:
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Fail:
    """A check that stops the run with `reason`: ``assert test, "reason"`` fails when `test`
    is false; ``raise ValueError("reason")`` (test None) always fails when reached. Library
    code checks its inputs this way; the reason is the user's text, never evaluated."""
    reason: str
    test: "Expr | None" = None
    pos: Pos = (0, 0)


@dataclass(eq=False)
class ExprStmt:
    """An expression whose value is dropped (it is still evaluated: its errors show)."""
    value: Expr
    pos: Pos = (0, 0)


Stmt = Union[Assign, For, While, If, Return, Break, Continue, Fail, ExprStmt]


# --- functions and programs ----------------------------------------------------

@dataclass
class Param:
    name: str
    default: Any = None        # a number, a (nested) list of numbers, or None
    #: a vector or matrix input made a numpy array (else a Python list): set by the front end
    #: (`array_params`) where the program uses numpy and the parameter other than element by element
    array: bool = False

    @property
    def is_vector(self) -> bool:
        return isinstance(self.default, list)


@dataclass(eq=False)
class Function:
    """One def: its parameters (defaults resolved to constants) and body."""
    name: str
    params: list[Param]
    body: list[Stmt]
    doc: str = ""
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Program:
    """A parsed function: the def being differentiated (`name`, `params`, `body`), the
    other defs it calls (`helpers`), the module-level constants it reads (`prelude`,
    assignments run before each traversal), and where it came from.

    The prelude is the file's top level: its targets are `Name`s and it reads earlier
    constants as `Name`s (its variables are the module's); inside a def, a read of a module
    constant is a `Global`.

    An inline expression is a Program too: its parameters are its free names
    (sorted, each defaulting to 1.0) and its body one `Return`.
    """
    name: str
    params: list[Param]
    body: list[Stmt]
    source: str
    doc: str = ""
    inline: bool = False
    origin: str = ""                  # "inline", a file path, or "bundled"
    defaulted: list[str] = field(default_factory=list)   # inputs given 1.0 for want of a value
    helpers: dict[str, Function] = field(default_factory=dict)
    prelude: list[Stmt] = field(default_factory=list)

    @property
    def main(self) -> Function:
        return Function(self.name, self.params, self.body, self.doc)

    def bodies(self) -> list[list[Stmt]]:
        """Every block of statements the program can run: the prelude, the main def, the helpers."""
        return [self.prelude, self.body] + [f.body for f in self.helpers.values()]

    @property
    def returns_list(self) -> bool:
        """True when the function returns several values (a tuple, a list or a comprehension)."""
        return any(s.value is not None and isinstance(s.value, (ListLit, TupleLit, ListComp))
                   for s in walk(self.body) if type(s) is Return)

    def default_point(self) -> dict[str, Any]:
        """The parameters' defaults by name (a `language.point.Point` is made from these)."""
        return {p.name: (list(p.default) if isinstance(p.default, list) else p.default) for p in self.params}


# --- the one generic walk ------------------------------------------------------

_NODE_TYPES = (Const, Name, Global, Call, Builtin, Invoke, Compare, BoolOp, IfExp, ListLit, TupleLit, Generator,
               ListComp, Slice, Index, Assign, For, While, If, Return, Break, Continue, Fail, ExprStmt)
#: for each node type, the fields that hold child nodes (a node, a list of nodes, or None)
_CHILD_FIELDS = {t: tuple(f.name for f in fields(t) if f.name not in ("pos", "value", "id", "func", "name", "op", "ops",
                                                                      "reason", "exact")
                          or (f.name == "value" and t in (Assign, Return, ExprStmt)))
                 for t in _NODE_TYPES}


def children(node) -> list:
    """The direct child nodes of an IR node, in source order."""
    out = []
    for name in _CHILD_FIELDS[type(node)]:
        value = getattr(node, name)
        if isinstance(value, list):
            out.extend(v for v in value if v is not None)
        elif value is not None:
            out.append(value)
    return out


def walk(roots) -> Iterator:
    """Every node under `roots` (a node or a list of nodes), parents before children, in
    source order, without recursion (a 100,000-term sum is a deep tree)."""
    stack = list(reversed(roots)) if isinstance(roots, list) else [roots]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))
