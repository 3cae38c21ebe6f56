"""The point a function is evaluated at.

Data changes form once, at the edge: `--at x=3,y=4` (or the library's ``at={"x": 3}``) over
the def's defaults becomes one `Point` -- the parameters' names and shapes and every input
element as a flat tuple of floats -- and every engine, the reference and the kink analysis
take that Point. An engine that perturbs or seeds inputs works on the flat values and asks
the Point for the parameters' values shaped again (`inputs`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Collection, Iterable, Mapping

from ..errors import InputError, option
from ..limits import LIMITS
from ..numbers import point_text
from .ir import Program

Shape = tuple[int, ...]          # () a number, (n,) a vector, (n, m) a matrix


@dataclass(frozen=True)
class Point:
    names: tuple[str, ...]              # the parameters, in order
    shapes: tuple[Shape, ...]           # each parameter's shape
    flat: tuple[float, ...]             # every input element, in order (row by row)
    defaulted: tuple[str, ...] = ()     # parameters that took 1.0 for want of a value

    # --- reading it

    @property
    def size(self) -> int:
        """n_inputs, as the book counts them: every element of every parameter."""
        return len(self.flat)

    def input_names(self) -> list[str]:
        """The flat input names: ``x``, ``v[0]``, ``v[1]``, ``M[0,1]`` ..."""
        out: list[str] = []
        for name, shape in zip(self.names, self.shapes):
            out.extend(f"{name}[{','.join(map(str, index))}]" if index else name for index in _indices(shape))
        return out

    def inputs(self, flat: Iterable[Any] | None = None, arrays: Collection[str] = ()) -> dict[str, Any]:
        """Each parameter's value built from `flat` (numbers of any kind: duals, tape variables,
        symbols), shaped as the point is: a number, a list, a list of lists. Without `flat`, the
        parameters named in `arrays` are the point's own float arrays (`arrays`), and with it
        their elements' places in `flat` are not read."""
        items = list(self.flat if flat is None else flat)
        if len(items) != len(self.flat):
            raise ValueError(f"{len(items)} values for a point of {len(self.flat)} inputs")
        out, k = {}, 0
        for name, shape in zip(self.names, self.shapes):
            n = math.prod(shape)
            if shape and name in arrays:
                out[name] = self.arrays[name]
            else:
                out[name] = _shaped(items[k:k + n], shape)
            k += n
        return out

    @cached_property
    def arrays(self) -> dict[str, Any]:
        """Each vector or matrix input as a numpy array of floats, made once per point and
        read-only (runs never write into their inputs): a float run of a program that uses them
        as arrays takes them as they are, with no list of n floats to convert each time."""
        import numpy
        out, k = {}, 0
        for name, shape in zip(self.names, self.shapes):
            n = math.prod(shape)
            if shape:
                array = numpy.array(self.flat[k:k + n], dtype=float).reshape(shape)
                array.flags.writeable = False
                out[name] = array
            k += n
        return out

    def as_dict(self) -> dict[str, Any]:
        """The point as plain data (JSON, the library's ``at=``)."""
        return self.inputs()

    @property
    def text(self) -> str:
        """``(x=3.0, y=4.0)``, as headers print it."""
        return point_text(self.as_dict())

    # --- making new points from it

    def with_flat(self, flat: Iterable[float]) -> "Point":
        return replace(self, flat=tuple(float(v) for v in flat))

    def resized(self, n: int) -> "Point":
        """Every vector input resized to n elements (`--n N` for scaling runs).

        The given elements repeat in order (Rosenbrock's [-1.2, 1.0] stays its classic start
        at any n), so a larger size is the same problem, only bigger. Scalars are left alone."""
        if n < 1:
            raise InputError(f"{option('sizes')} {n}: a vector needs at least one element")
        if n > LIMITS.max_list_length:
            raise InputError(f"{option('sizes')} {n:,} exceeds max_list_length ({LIMITS.max_list_length:,}, "
                             f"DIFFCOMPARE_MAX_LIST_LENGTH)")
        values = self.inputs()
        shapes = []
        for name, shape in zip(self.names, self.shapes):
            if len(shape) == 1:
                old = values[name]
                values[name] = [old[i % len(old)] for i in range(n)]
                shapes.append((n,))
            else:
                shapes.append(shape)
        return Point(self.names, tuple(shapes), _flatten(values[name] for name in self.names), self.defaulted)

    # --- making one

    @classmethod
    def of(cls, program: Program, given: Mapping[str, Any] | None = None) -> "Point":
        """The program's defaults, with the values `given` (a mapping from parameter names to
        numbers and lists) in their place; names and shapes are checked."""
        given = dict(given or {})
        known = [p.name for p in program.params]
        for name in given:
            if name not in known:
                raise InputError(f"{option('at')} names '{_shown(name)}', which is not an input "
                                 f"(inputs: {names_text(list(known)) or 'none'})")
        values = {p.name: _checked(p.name, given[p.name], _default(p.default)) if p.name in given
                  else _default(p.default) for p in program.params}
        return cls(tuple(known), tuple(_shape_of(name, values[name]) for name in known),
                   _flatten(values[name] for name in known),
                   tuple(n for n in program.defaulted if n not in given))

    @classmethod
    def parse(cls, text: str | None, program: Program) -> "Point":
        """`--at x=3,y=4`, `--at x=[1,2,3]`, `--at X=[[1,2],[3,4]]` over the program's defaults."""
        given: dict[str, Any] = {}
        for name, raw in _assignments(text or ""):
            if name in given:
                raise InputError(f"{option('at')} gives '{name}' twice")
            given[name] = _value(name, raw)
        return cls.of(program, given)


def _default(value: Any) -> Any:
    return 1.0 if value is None else value


def parse_point(text: str | None, program: Program) -> Point:
    """`Point.parse`, under the name the rest of the code knows."""
    return Point.parse(text, program)


# --- shapes ----------------------------------------------------------------------------------

def _indices(shape: Shape) -> list[tuple[int, ...]]:
    if not shape:
        return [()]
    return [(i, *rest) for i in range(shape[0]) for rest in _indices(shape[1:])]


def _shaped(items: list, shape: Shape) -> Any:
    if not shape:
        return items[0]
    if len(shape) == 1:
        return items
    step = math.prod(shape[1:])
    return [_shaped(items[k * step:(k + 1) * step], shape[1:]) for k in range(shape[0])]


def _flatten(values: Iterable[Any]) -> tuple[float, ...]:
    out: list[float] = []

    def walk(v):
        if isinstance(v, (list, tuple)):
            for item in v:
                walk(item)
        else:
            out.append(float(v))
    for value in values:
        walk(value)
    return tuple(out)


def _shape_of(name: str, value: Any) -> Shape:
    if not isinstance(value, (list, tuple)):
        return ()
    if not value:
        raise InputError(f"{option('at')} {name}: a vector needs at least one value")
    inner = {_shape_of(name, item) for item in value}
    if len(inner) != 1:
        raise InputError(f"{option('at')} {name}: the rows of a matrix must all have the same length")
    return (len(value), *inner.pop())


def _checked(name: str, value: Any, default: Any) -> Any:
    """A given value has the rank of the parameter's default (a vector's length may change:
    vectors are resized for scaling runs); numbers are finite."""
    if isinstance(value, tuple):
        value = list(value)
    want, got = len(_shape_of(name, default)), len(_shape_of(name, value))
    if want != got:
        if want == 0:
            raise InputError(f"{option('at')} {name}: '{name}' is a scalar input; give one number")
        if want == 1:
            raise InputError(f"{option('at')} {name}: '{name}' is a vector input ({len(default)} elements by default); "
                             f"write {name}=[1,2,...]")
        raise InputError(f"{option('at')} {name}: '{name}' is a matrix input; write {name}=[[1,2],[3,4]]")
    for v in _flatten([value]):
        if not math.isfinite(v):
            raise InputError(f"{option('at')} {name}={_shown(str(v))}: the point must be finite")
    return value


# --- the --at text ---------------------------------------------------------------------------

def _assignments(text: str):
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    if parts == [""]:
        return
    for part in parts:
        if not part.strip():
            raise InputError(f"{option('at')} has an empty entry in '{_shown(text)}'")
        if "=" not in part:
            raise InputError(f"{option('at')} expects name=value pairs such as x=3,y=4; got '{_shown(part.strip())}'")
        name, raw = part.split("=", 1)
        yield name.strip(), raw.strip()


def _value(name: str, raw: str) -> Any:
    """A number, ``[1,2,3]`` or ``[[1,2],[3,4]]``."""
    if raw.startswith("["):
        if not raw.endswith("]") or raw.count("[") != raw.count("]"):
            raise InputError(f"{option('at')} {name}: a vector is written [1,2,3], a matrix [[1,2],[3,4]]")
        inner = raw[1:-1].strip()
        if not inner:
            raise InputError(f"{option('at')} {name}: a vector needs at least one value")
        if inner.startswith("["):
            rows = [_value(name, "[" + row.strip().strip("[]") + "]") for row in _rows(inner)]
            if len({len(r) for r in rows}) != 1:
                raise InputError(f"{option('at')} {name}: the rows of a matrix must all have the same length")
            return rows
        return [_number(name, s.strip()) for s in inner.split(",")]
    return _number(name, raw)


def _rows(inner: str) -> list[str]:
    rows, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            rows.append(inner[start:i])
            start = i + 1
    rows.append(inner[start:])
    return rows


def _number(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{option('at')} {name}={_shown(raw)}: not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{option('at')} {name}={_shown(raw)}: the point must be finite")
    return value


def _shown(text: str) -> str:
    """Text the user gave, as a message repeats it: whole, or its ends when it is long."""
    return text if len(text) <= 60 else f"{text[:30]}...{text[-10:]} ({len(text):,} characters)"


def names_text(names: list[str], most: int = 24) -> str:
    """Input names for a message: all of them, or for many the first and last few and how
    many (a vector of 10^6 elements is not listed whole)."""
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most // 2])}, ..., {', '.join(names[-2:])} ({len(names):,} in all)"


def resize_vectors(point: Point, n: int) -> Point:
    """`Point.resized`, under the name the rest of the code knows."""
    return point.resized(n)
