"""One plain float evaluation of a function at a point (`diffcompare eval`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..render.output import Shown
from ..interpreter import FLOAT, Meter, evaluate, float_inputs
from ..analysis.measure import output_names
from ..language.ir import Program
from ..language.point import Point
from ..language.given import point_of, program_of


@dataclass(repr=False)
class EvalResult(Shown):
    program: Program
    point: Point
    outputs: list[str]
    values: list[float]
    meter: Meter

    @property
    def name(self) -> str:
        return "f" if self.program.inline else self.program.name

    def as_dict(self) -> dict:
        return {"function": self.program.name if not self.program.inline else self.program.source.strip(),
                "point": self.point, "outputs": self.outputs, "values": self.values,
                "traversals": self.meter.traversals, "calls": dict(self.meter.calls),
                "defaulted": list(self.point.defaulted)}


def evaluate_at(function: str | Program, at: str | None = None) -> EvalResult:
    program = program_of(function)
    point = point_of(at, program)
    meter = Meter()
    values = [float(v) for v in evaluate(program, float_inputs(program, point), FLOAT, meter)]
    return EvalResult(program, point, output_names(program, len(values)), values, meter)
