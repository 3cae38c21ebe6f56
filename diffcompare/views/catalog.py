"""The bundled expressions, described by running them (`diffcompare list`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..interpreter import FLOAT, evaluate, float_inputs
from ..language.point import Point
from ..language.bundled import bundled_names
from ..language.resolve import load


@dataclass
class Entry:
    name: str
    inputs: list[str]          # parameter names, vectors with their default length
    n_inputs: int
    n_outputs: int             # measured: one evaluation at the default point
    description: str

    def as_dict(self) -> dict:
        return {"name": self.name, "inputs": self.inputs, "n_inputs": self.n_inputs,
                "n_outputs": self.n_outputs, "description": self.description}


def catalog() -> list[Entry]:
    entries = []
    for name in bundled_names():
        program = load(name)
        point = Point.of(program)
        outputs = evaluate(program, float_inputs(program, point), FLOAT)
        params = [f"{p.name}[{len(p.default)}]" if p.is_vector else p.name for p in program.params]
        entries.append(Entry(name, params, len(point.input_names()), len(outputs), program.doc))
    return entries
