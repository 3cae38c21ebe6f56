# The IR of the hand-written parser (parse.py), kept until the interpreter runs the new IR (ir.py).
"""The project's own intermediate representation: what the parser produces and
every engine runs.

Expressions are trees of small node classes; statements are the def-subset's
assignments, loops, branches and return. Arithmetic is a `Call` of a primitive
(``x*y`` is ``Call("mul", ...)``), so one table of primitives serves everything.
Every node keeps its source position for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

Pos = tuple[int, int]  # (line, column), both from 1


# --- expressions -------------------------------------------------------------

@dataclass(eq=False)
class Const:
    value: float | int | bool
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Name:
    id: str
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Call:
    """A primitive of the table, or integer index arithmetic (`floordiv`, `mod`)."""
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
class ListRepeat:
    """``[v] * n``: n copies of the items."""
    items: list["Expr"]
    count: "Expr"
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Range:
    """The arguments of ``range(...)``: start, stop, step (integers at run time)."""
    start: "Expr"
    stop: "Expr"
    step: "Expr"
    pos: Pos = (0, 0)


@dataclass(eq=False)
class ListComp:
    """``[elt for var in range(...)]``; also the generator inside ``sum(...)``."""
    elt: "Expr"
    var: str
    range: Range
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Index:
    target: "Expr"
    index: "Expr"
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Len:
    target: "Expr"
    pos: Pos = (0, 0)


@dataclass(eq=False)
class Sum:
    """``sum(list)``: added up left to right from 0, as Python does."""
    target: "Expr"
    pos: Pos = (0, 0)


Expr = Union[Const, Name, Call, Compare, BoolOp, IfExp, ListLit, ListRepeat, ListComp, Index, Len, Sum]


# --- statements --------------------------------------------------------------

@dataclass(eq=False)
class Assign:
    """``name = value`` or ``name[index] = value`` (augmented forms are desugared)."""
    name: str
    value: Expr
    index: Expr | None = None
    pos: Pos = (0, 0)


@dataclass(eq=False)
class For:
    var: str
    range: Range
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
    values: list[Expr]
    pos: Pos = (0, 0)


Stmt = Union[Assign, For, While, If, Return]


# --- the program -------------------------------------------------------------

@dataclass
class Param:
    name: str
    default: float | list[float] | None = None

    @property
    def is_vector(self) -> bool:
        return isinstance(self.default, list)


@dataclass(eq=False)
class Program:
    """A parsed function: its parameters, its body, and where it came from.

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

    @property
    def returns_list(self) -> bool:
        """True when the function returns several values (a tuple or a list)."""
        return any(len(s.values) != 1 or isinstance(s.values[0], (ListLit, ListRepeat, ListComp))
                   for s in _returns(self.body))

    def input_names(self, point: dict[str, float | list[float]] | None = None) -> list[str]:
        """The flat input names: ``x``, or ``x[0]``, ``x[1]`` ... for a vector."""
        point = point if point is not None else self.default_point()
        names = []
        for p in self.params:
            value = point[p.name]
            if isinstance(value, list):
                names.extend(f"{p.name}[{i}]" for i in range(len(value)))
            else:
                names.append(p.name)
        return names

    def default_point(self) -> dict[str, float | list[float]]:
        return {p.name: (list(p.default) if isinstance(p.default, list) else p.default) for p in self.params}

    def flatten(self, point: dict[str, float | list[float]]) -> list[float]:
        flat: list[float] = []
        for p in self.params:
            value = point[p.name]
            flat.extend(value if isinstance(value, list) else [value])
        return flat

    def unflatten(self, flat: list, point: dict[str, float | list[float]]) -> dict[str, object]:
        """Values for the parameters, shaped like `point`, taken in order from `flat`."""
        out: dict[str, object] = {}
        k = 0
        for p in self.params:
            if isinstance(point[p.name], list):
                n = len(point[p.name])
                out[p.name] = list(flat[k:k + n])
                k += n
            else:
                out[p.name] = flat[k]
                k += 1
        return out


def _returns(body: list[Stmt]):
    for s in body:
        if isinstance(s, Return):
            yield s
        elif isinstance(s, (For, While)):
            yield from _returns(s.body)
        elif isinstance(s, If):
            yield from _returns(s.body)
            yield from _returns(s.orelse)
