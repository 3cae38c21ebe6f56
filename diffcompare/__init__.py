"""diffcompare: differentiate one function four ways and compare them, measured."""

__version__ = "0.1.0"
