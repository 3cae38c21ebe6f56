"""diffcompare: differentiate one function four ways and compare them, measured.

The library has one function per command -- `compare`, `table`, `trace`, `steps`, `scaling`,
`graph`, `descent` (and `evaluate`) -- documented in `diffcompare.api`; each returns a result
that shows itself in a notebook (HTML tables), as markdown, in rich, and saves itself."""

from .analysis.measure import Comparison, EngineResult
from .api import compare, descent, evaluate, graph, scaling, steps, table, trace
from .errors import DiffcompareError, EvaluationError, InputError, LimitError, ParseError, Unsupported

__all__ = ["compare", "table", "trace", "steps", "scaling", "graph", "descent", "evaluate",
           "Comparison", "EngineResult",
           "DiffcompareError", "InputError", "ParseError", "EvaluationError", "LimitError", "Unsupported"]

__version__ = "0.1.0"
