"""The library, for a notebook or a script: one function per command, each returning a result
that shows itself -- as HTML tables in Jupyter, as markdown, in rich -- and saves itself
(`result.save("handout.md")`, the format by extension).

Every function takes the function to differentiate as

- an expression: ``"x^2*y + y + 2"`` (several outputs separated by commas);
- a file: ``"f.py"`` or ``"f.py:NAME"`` (or a ``pathlib.Path``);
- a bundled name: ``"book"``, ``"my_func"``, ``"exp3"`` ... (``diffcompare list``);
- a Python function written with ``def``: its source is read (``inspect.getsource``) and goes
  through the same front end as a file; it is never called.

``at`` is the point: a mapping ``{"x": 3, "v": [1, 2]}`` (numpy arrays welcome) or the command
line's text ``"x=3,v=[1,2]"``; missing values come from the def's defaults. ``wrt`` picks the
inputs differentiated (names, a vector's name for all its elements).

Bad input raises the library's own exceptions (`diffcompare.InputError`, `ParseError`, ...),
their messages naming parameters as they are spelled here (``at=``, ``wrt=``).

The imports are inside the functions: `import diffcompare` stays quick for the command line.
"""

from __future__ import annotations

from typing import Any, Sequence


def compare(function: Any, at: Any = None, engines: str | Sequence[str] = "all", wrt: Any = None,
            method: str | Sequence[str] | None = None, step: float | None = None, repeats: int | None = None,
            check_with_sympy: bool | None = None):
    """The derivatives of `function` from each engine beside the 50-digit reference: error,
    correct digits, graph traversals, primitive calls and time (`diffcompare diff`).

    `engines`: "all" or some of numerical, symbolic, forward, reverse. `method`: the numerical
    engine's finite differences (forward, central, complex, richardson; several make one row
    each). `step`: its step h. `repeats`: timed runs per engine (default: as many as fit in 0.25 s).
    `check_with_sympy`: cross-check the reference with sympy (default: when symbolic runs).

    >>> c = compare("x^2*y + y + 2", at={"x": 3, "y": 4}, engines="reverse")
    >>> c.engines["reverse"].jacobian, c.engines["reverse"].traversals
    ([[24.0, 10.0]], 2)
    """
    from .views.diff import differentiate
    return differentiate(function, at=at, engines=engines, wrt=wrt, method=method, step=step, repeats=repeats,
                         check_with_sympy=check_with_sympy)


def table(function: Any = "polar", at: Any = None, wrt: Any = None, repeats: int | None = None):
    """Table 9-2 of the book with every cell measured on `function` (default: polar, 4 inputs and
    2 outputs), and the book's table as printed, each contradicted cell marked (`diffcompare table`).
    The rows are in `.rows` (traversals, accuracy, supports arbitrary code, time per technique)."""
    from .views.table import measure_table
    return measure_table(function, at=at, wrt=wrt, repeats=repeats)


def trace(function: Any, at: Any = None, mode: str = "forward", wrt: Any = None):
    """One evaluation of `function` node by node, as the book's appendix draws it
    (`diffcompare trace`): forward mode's values and tangents, one traversal per input of `wrt`
    (default: the first), or reverse mode's values and adjoints with each backward sweep.

    >>> t = trace("book", at={"x": 3, "y": 4}, wrt="x,y")
    >>> t.values, t.seed_tangents
    ([42.0], [[24.0], [10.0]])
    """
    from .views.trace import trace as run
    return run(function, at=at, mode=mode, wrt=wrt)


def steps(function: Any, at: Any = None, wrt: Any = None,
          method: str | Sequence[str] = "forward,central,complex"):
    """The error of finite differences against the step h from 1e-1 down to 1e-16, per method
    (forward, central, complex, richardson), each one's best h beside the textbook one
    (`diffcompare steps`)."""
    from .views.steps import sweep
    return sweep(function, at=at, wrt=wrt, methods=method)


def scaling(function: Any, sizes: str | Sequence[int] = (2, 10, 100), engines: str | Sequence[str] = "all",
            at: Any = None, wrt: Any = None, outputs: bool = False, symbolic_cap_s: float = 10.0,
            repeats: int | None = None):
    """Traversals, primitive calls and time of each engine as the vector inputs of `function` are
    resized to each size (with `outputs=True`: as its outputs grow), with fitted log-log slopes
    and the size where reverse mode becomes cheaper than forward mode (`diffcompare scaling`).
    The symbolic engine runs in a child process (so that it can be stopped at `symbolic_cap_s`):
    from a script, call this under ``if __name__ == "__main__":``, as multiprocessing asks."""
    from .views.scaling import scale
    return scale(function, sizes, engines=engines, at=at, wrt=wrt, outputs=outputs, symbolic_cap_s=symbolic_cap_s,
                 repeats=repeats)


def graph(function: Any, at: Any = None):
    """The tape reverse mode records for `function`, counted by operation, beside the size of the
    graph symbolic differentiation builds, as written and after cse (`diffcompare graph`).

    >>> g = graph("exp3")
    >>> g.counts["exp"], g.symbolic.calls_as_written["exp"], g.symbolic.calls_after_cse["exp"]
    (3, 9, 3)
    """
    from .views.graph import graph as run
    return run(function, at=at)


def descent(function: Any = "linreg", engines: str | Sequence[str] = "all", optimizer: str = "gd",
            learning_rate: float = 0.1, momentum: float = 0.9, epochs: int = 1000, batch_size: int | None = None,
            seed: int = 42):
    """The book's lesson: linear regression trained by gradient descent with each engine's
    gradient (`diffcompare descent`). `function` is a def whose first parameter is the vector
    trained and whose other parameters hold the data (default: linreg, 100 rows). A run whose MSE
    stops being finite or grows a million-fold stops as diverged, in its `error`."""
    from .views.descent import descend
    return descend(function, engines=engines, optimizer=optimizer, learning_rate=learning_rate, momentum=momentum,
                   epochs=epochs, batch_size=batch_size, seed=seed)


def evaluate(function: Any, at: Any = None):
    """The outputs of `function` at a point: one plain float evaluation (`diffcompare eval`)."""
    from .views.evaluate import evaluate_at
    return evaluate_at(function, at)
