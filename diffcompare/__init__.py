"""diffcompare: differentiate one function four ways and compare them, measured."""

from .analysis.measure import Comparison, EngineResult, compare

__all__ = ["compare", "Comparison", "EngineResult"]

__version__ = "0.1.0"
