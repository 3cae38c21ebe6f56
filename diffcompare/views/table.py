"""Table 9-2 of the book, every cell measured (`diffcompare table`).

For one function at one point, `measure_table` runs the four engines through
`measure.compare` (traversals, correct digits against the 50-digit reference,
median time) and runs each engine on a small suite of "arbitrary code" --
a fixed loop, a branch on an input, a while loop whose exit depends on an
input -- to decide "Supports arbitrary code" by whether it got them right.

The book's formulas and its table as printed are data here only as the claim
being checked: they are shown beside the measurement and marked where they
disagree, never used as a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..render.output import Shown
from ..engines import ENGINES, TECHNIQUES
from ..errors import DiffcompareError
from ..interpreter import FLOAT, Meter, evaluate, float_inputs
from ..analysis.measure import Comparison, EngineResult, compare
from ..language.frontend import parse_module
from ..language.ir import Program
from ..language.resolve import load

DEFAULT_FUNCTION = "polar"      # 4 inputs, 2 outputs: the formulas give 5, 4 and 3
HIGH_DIGITS = 12.0              # accuracy "High" from this many correct digits (float64 holds ~16)
RIGHT_DIGITS = 4.0              # a suite answer is "right" when it agrees to this many digits

#: the book's claim per engine: the formula for graph traversals and its value for n inputs, m outputs
FORMULAS: dict[str, tuple[str, Callable[[int, int], int] | None]] = {
    "numerical": ("n_inputs + 1", lambda n, m: n + 1),
    "symbolic": ("N/A", None),
    "forward": ("n_inputs", lambda n, m: n),
    "reverse": ("n_outputs + 1", lambda n, m: m + 1),
}

COMMENTS = {
    "numerical": "Trivial to implement",
    "symbolic": "Builds a very different graph",
    "forward": "Uses dual numbers",
    "reverse": "Implemented by TensorFlow (and PyTorch, JAX)",
}


@dataclass(frozen=True)
class BookRow:
    """One row of Table 9-2 exactly as printed in the book."""
    technique: str
    traversals: str
    accuracy: str
    supports_arbitrary_code: str
    comment: str


BOOK_TABLE = {
    "numerical": BookRow("Numerical differentiation", "n_inputs + 1", "Low", "Yes", "Trivial to implement"),
    "symbolic": BookRow("Symbolic differentiation", "N/A", "High", "No", "Builds a very different graph"),
    "forward": BookRow("Forward-mode autodiff", "n_inputs", "High", "Yes", "Uses dual numbers"),
    "reverse": BookRow("Reverse-mode autodiff", "n_outputs + 1", "High", "Yes", "Implemented by TensorFlow"),
}


# --- the "arbitrary code" suite ----------------------------------------------

@dataclass(frozen=True)
class SuiteProgram:
    name: str
    what: str          # what kind of code it is, in words
    source: str        # a def of the language; "" for a bundled function of the same name

    def program(self) -> Program:
        return parse_module(self.source, origin="suite") if self.source else load(self.name)


SUITE = (
    SuiteProgram("my_func", "the book's fixed loop of 100 trips", ""),
    SuiteProgram("branch_on_input", "an if/else on an input", (
        "def branch_on_input(x=0.5, y=2.0):\n"
        "    if x > 0:\n"
        "        z = x * y + sin(x)\n"
        "    else:\n"
        "        z = x - y\n"
        "    return z\n")),
    SuiteProgram("while_on_input", "a while loop whose exit depends on an input", (
        # from x = 1.5 the loop runs 3 trips (1.5, 3.25, 11.6, 135): far from a change of trip count
        "def while_on_input(x=1.5):\n"
        "    z = x\n"
        "    while z < 100:\n"
        "        z = z * z + 1\n"
        "    return z\n")),
)


@dataclass
class SuiteRun:
    """One engine on one suite program, judged against the 50-digit reference."""
    program: str
    engine: str
    right: bool
    correct_digits: float | None
    why: str = ""      # empty when right: the error, or how far off the answer was


def judge(r: EngineResult, reference_error: str | None) -> tuple[bool, str]:
    """Was this engine right? It must answer and agree with the reference to RIGHT_DIGITS digits."""
    if r.error:
        return False, r.error
    if reference_error:
        return False, f"no reference to judge by: {reference_error}"
    if r.correct_digits is None or r.correct_digits < RIGHT_DIGITS:
        return False, f"wrong answer: {0.0 if r.correct_digits is None else r.correct_digits:.1f} correct digits"
    return True, ""


def run_suite(engines=ENGINES, repeats: int = 1) -> list[SuiteRun]:
    """Every engine on every suite program; the suite's timings are not reported, so one repeat."""
    runs = []
    for item in SUITE:
        c = compare(item.program(), engines=engines, repeats=repeats, check_with_sympy=False)
        for engine, r in c.engines.items():
            right, why = judge(r, c.reference_error)
            runs.append(SuiteRun(item.name, engine, right, r.correct_digits, why))
    return runs


# --- the measured table ------------------------------------------------------

@dataclass
class TableRow:
    engine: str
    traversals: int | None             # None for symbolic: it builds a new graph instead (see new_graph_*)
    formula: str
    formula_value: int | None
    correct_digits: float | None
    accuracy: str | None               # "Low" | "High"; None when the engine gave no answer here
    supports_arbitrary_code: bool
    arbitrary_code_failures: list[str]
    time_s: float | None
    comment: str
    error: str | None = None           # why this engine gave no answer for the table's function
    derive_s: float | None = None      # symbolic only: time to build the derivative expressions
    evaluate_s: float | None = None    # symbolic only: time to evaluate them
    symbolic_run_traversals: int | None = None   # symbolic only: runs of the program over symbols
    new_graph_ops: int | None = None             # symbolic only: operations of f and f' as written
    new_graph_ops_cse: int | None = None         # ... and after common-subexpression elimination

    @property
    def technique(self) -> str:
        return TECHNIQUES[self.engine]

    @property
    def traversals_agree(self) -> bool | None:
        """Does the measured count equal the book's formula? None when there is nothing to compare."""
        if self.formula_value is None or self.traversals is None:
            return None
        return self.traversals == self.formula_value

    def as_dict(self) -> dict:
        return {"technique": self.technique, "engine": self.engine, "traversals": self.traversals,
                "formula": self.formula, "formula_value": self.formula_value,
                "traversals_agree": self.traversals_agree, "correct_digits": self.correct_digits,
                "accuracy": self.accuracy, "supports_arbitrary_code": self.supports_arbitrary_code,
                "arbitrary_code_failures": self.arbitrary_code_failures, "time_s": self.time_s,
                "comment": self.comment, "error": self.error, "derive_s": self.derive_s,
                "evaluate_s": self.evaluate_s, "symbolic_run_traversals": self.symbolic_run_traversals,
                "new_graph_ops": self.new_graph_ops, "new_graph_ops_cse": self.new_graph_ops_cse}


@dataclass(repr=False)
class MeasuredTable(Shown):
    comparison: Comparison
    rows: list[TableRow]
    suite: list[SuiteRun]
    program_ops: int | None            # primitive calls of one plain evaluation of the function
    notes: list[str] = field(default_factory=list)

    @property
    def function(self) -> str:
        return self.comparison.function

    @property
    def failure(self) -> str | None:
        """Why no cell could be measured on the function (every engine failed on it), or None."""
        return self.comparison.failure

    @property
    def n_inputs(self) -> int:
        return len(self.comparison.wrt)

    @property
    def n_outputs(self) -> int:
        return len(self.comparison.outputs)

    @property
    def point(self) -> dict:
        return self.comparison.point

    @property
    def book(self) -> dict[str, BookRow]:
        """The book's table as printed: the claims this measurement checks."""
        return BOOK_TABLE

    @property
    def programs(self) -> tuple[SuiteProgram, ...]:
        """The "arbitrary code" suite each engine ran."""
        return SUITE

    @property
    def high_digits(self) -> float:
        return HIGH_DIGITS

    @property
    def right_digits(self) -> float:
        return RIGHT_DIGITS

    def row(self, engine: str) -> TableRow:
        return next(r for r in self.rows if r.engine == engine)

    def disagreements(self, engine: str) -> dict[str, str]:
        """The book's cells of this engine that measurement contradicts: column -> what was measured."""
        book, row = BOOK_TABLE[engine], self.row(engine)
        out = {}
        if row.traversals_agree is False:
            out["traversals"] = str(row.traversals)
        if row.accuracy is not None and row.accuracy != book.accuracy:
            out["accuracy"] = f"{row.accuracy} ({row.correct_digits:.1f} digits)"
        if _yes_no(row.supports_arbitrary_code) != book.supports_arbitrary_code:
            out["supports_arbitrary_code"] = _yes_no(row.supports_arbitrary_code)
        return out


def accuracy_class(digits: float | None) -> str | None:
    if digits is None:
        return None
    return "High" if digits >= HIGH_DIGITS else "Low"


def measure_table(function=DEFAULT_FUNCTION, at=None, repeats: int | None = None,
                  suite: list[SuiteRun] | None = None, wrt: str | list[str] | None = None) -> MeasuredTable:
    """Measure every cell of Table 9-2 for `function` at `at` (its defaults if not given),
    differentiating with respect to the inputs of `wrt` (all by default: n_inputs counts them).

    `suite` reuses a `run_suite()` result when tabulating several functions (it does not
    depend on the function)."""
    # the suite first: sympy's first-use warm-up then lands in the suite, not in the timing shown
    suite = run_suite() if suite is None else suite
    c = compare(function, at=at, engines=ENGINES, wrt=wrt, repeats=repeats)
    n, m = len(c.wrt), len(c.outputs)
    rows = []
    for engine in ENGINES:
        r = c.engines[engine]
        formula, value_of = FORMULAS[engine]
        failures = [f"{s.program}: {s.why}" for s in suite if s.engine == engine and not s.right]
        row = TableRow(engine, r.traversals, formula, value_of(n, m) if value_of else None,
                       r.correct_digits, accuracy_class(r.correct_digits), not failures, failures,
                       r.time_s, COMMENTS[engine], r.error)
        if engine == "symbolic":
            row.symbolic_run_traversals, row.traversals = r.traversals, None
            if r.ok:
                d = r.details
                row.derive_s, row.evaluate_s = d["derive_s"], d["evaluate_s"]
                row.new_graph_ops, row.new_graph_ops_cse = d["ops_raw"], d["ops_cse"]
        rows.append(row)
    return MeasuredTable(c, rows, suite, _program_ops(c))


def _program_ops(c: Comparison) -> int | None:
    """The size of the function's own graph: primitive calls in one plain evaluation."""
    meter = Meter()
    try:
        evaluate(c.program, float_inputs(c.program, c.point), FLOAT, meter)
    except DiffcompareError:
        return None
    return meter.primitive_calls


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"
