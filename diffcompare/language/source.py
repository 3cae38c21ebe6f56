"""Where a FUNCTION argument comes from (kept for the modules that import it from here):
`load` is `resolve.load`; points and the bundled functions live in `point` and `bundled`."""

from .bundled import bundled_names, bundled_source
from .point import Point, parse_point, resize_vectors
from .resolve import load

__all__ = ["Point", "bundled_names", "bundled_source", "load", "parse_point", "resize_vectors"]
