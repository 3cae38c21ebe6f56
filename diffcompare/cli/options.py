"""The options, one vocabulary for every command: an option means the same thing, takes the
same kind of value and says the same in --help wherever it appears.

--at POINT        the point (x=3,y=4; vectors x=[1,2,3]; matrices X=[[1,2],[3,4]])
--wrt NAMES       inputs differentiated, comma-separated (a vector's name: all its elements)
--engine NAMES    engines, comma-separated, or all
--method NAMES    finite-difference methods, comma-separated
--step H          the numerical engine's step (h)
--n N,N,...       sizes every vector input is resized to
--repeats N       timed runs whose median is reported
--limit NAME=N    a limit for this run (also before the command)
--format, --save  what is printed; a file written in the format of its extension
--brief           the results without the footnotes on how they were measured
"""

from __future__ import annotations

from typing import Callable

import click

from ..errors import InputError
from ..render.output import SAVE_FORMATS
from ..render.sheet import FORMATS


class CommaList(click.ParamType):
    """Names separated by commas, each one of the choices (plus `extra`, e.g. 'all'); the
    value stays the text the library reads, checked here so a typo is a usage error. The
    choices come from the library when first needed (`--version` need not import numpy)."""
    name = "list"

    def __init__(self, choices: Callable[[], tuple[str, ...]], extra: tuple[str, ...] = ()):
        self._choices = choices
        self.extra = extra

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._choices())

    def get_metavar(self, param, ctx=None) -> str:      # click 8.1 passes no ctx, 8.2 does
        return "[" + "|".join(self.choices) + "],..."

    def convert(self, value, param, ctx):
        items = [v.strip() for v in str(value).split(",") if v.strip()]
        if not items:
            self.fail(f"'{value}' names nothing; choose from {', '.join(self.choices + self.extra)}", param, ctx)
        for item in items:
            if item not in self.choices + self.extra:
                # click's own words for a choice, so every choice option answers alike
                self.fail(f"{item!r} is not one of {', '.join(map(repr, self.choices + self.extra))}.", param, ctx)
        if any(item in self.extra for item in items) and len(items) > 1:
            self.fail(f"'{value}': {' or '.join(self.extra)} stands alone", param, ctx)
        return ",".join(items)


def _engines() -> tuple[str, ...]:
    from ..engines import ENGINES
    return tuple(ENGINES)


def _methods() -> tuple[str, ...]:
    from ..engines.numerical import METHODS
    return tuple(METHODS)


def function_argument(default: str | None = None):
    """FUNCTION (an expression, a file, FILE.py:NAME or a bundled name) and `--function NAME`, the
    def to take from a file holding several."""
    def decorate(command):
        command = click.option("--function", "function_name", metavar="NAME",
                               help="The def to differentiate in a file holding several "
                                    "(also written FILE.py:NAME).")(command)
        return click.argument("function", **({"default": default} if default else {}))(command)
    return decorate


at_option = click.option("--at", metavar="POINT", help="The point: x=3,y=4; vectors x=[1,2,3]; matrices "
                         "X=[[1,2],[3,4]]. Missing values come from the def's defaults (inline expressions: 1.0).")


def wrt_option(help_text: str = "Differentiate with respect to these inputs only (comma-separated; a vector's "
                                "name takes all its elements; default: all)."):
    return click.option("--wrt", metavar="NAMES", help=help_text)


def engine_option(default: str = "all"):
    return click.option("--engine", "engines", type=CommaList(_engines, ("all",)), default=default,
                        show_default=True, help="Engines to run, comma-separated, or all.")


def method_option(default: str | None, what: str):
    return click.option("--method", type=CommaList(_methods), default=default, show_default=default is not None,
                        help=f"Finite-difference methods, comma-separated: {what}")


step_option = click.option("--step", type=float, metavar="H",
                           help="Step h of the numerical engine (default: scaled to the point, e.g. "
                                "sqrt(eps)·max(1,|x|) for forward differences).")


def sizes_option(default: str, help_text: str):
    return click.option("--n", "sizes", default=default, show_default=True, metavar="N,N,...", help=help_text)


def repeats_option(default: int | None = None, what: str = "Timed repeats per measurement (default: as many as "
                                                          "fit in 0.25 s); the median is shown."):
    return click.option("--repeats", type=click.IntRange(1, 10_000), default=default,
                        show_default=default is not None, help=what)


def _apply_limits(ctx, param, values):
    from ..limits import LIMITS
    for assignment in values or ():
        name, sep, _ = assignment.partition("=")
        if not sep and name.strip().isdigit() and ctx.info_name in ("trace", "graph"):
            raise InputError(f"--limit is NAME=N, a limit such as max_trace_nodes=5000; the "
                             f"{'rows of each table' if ctx.info_name == 'trace' else 'lines of the tree'} are "
                             f"{'--rows' if ctx.info_name == 'trace' else '--lines'} {name.strip()}")
        LIMITS.override(assignment)
    return values


limit_option = click.option("--limit", "limits", multiple=True, metavar="NAME=N", expose_value=False,
                            callback=_apply_limits, is_eager=True,
                            help="Raise or lower a limit for this run, e.g. --limit max_loop_iterations=5000000 "
                                 "(repeatable; `diffcompare limits` lists them).")


class TooNarrow(click.ClickException):
    """The terminal is narrower than the narrowest layout: a usage error, said before any work."""
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


def _fits_terminal(ctx, param, value):
    # checked while the options are read, before anything is computed; data formats have no width
    if value in ("rich", "text"):
        from ..render.terminal import detect
        message = detect().narrow_message()
        if message:
            raise TooNarrow(message)
    return value


def format_option(formats: tuple[str, ...] = FORMATS, default: str = "rich"):
    return click.option("--format", "fmt", type=click.Choice(formats), default=default, show_default=True,
                        callback=_fits_terminal,
                        help="What is printed: rich (the terminal's tables and charts), markdown, csv or json "
                             "(numbers without units), latex" + (", " + ", ".join(f for f in formats if f not in FORMATS)
                                                                if set(formats) - set(FORMATS) else "") + ".")


def save_option(own: dict[str, str] | None = None):
    """--save FILE: its extension picks the format (checked before anything runs)."""
    kinds = " ".join(list(SAVE_FORMATS) + list(own or {}))

    def check(ctx, param, value):
        if value:
            from ..render.saving import format_for
            format_for(value, own)
        return value

    return click.option("--save", metavar="FILE", callback=check,
                        help=f"Also write the result to FILE, in the format of its extension: {kinds} "
                             f"(.svg and .html for slides, .md .tex .csv .json for handouts, .txt the terminal's "
                             f"text). Never over the function's own file.")


brief_option = click.option("--brief", is_flag=True,
                            help="Leave out the footnotes that explain how things were measured; the results, "
                                 "refusals and formulas stay.")


def common(command):
    """The options every command takes: --limit (here as before the command) and --brief."""
    return limit_option(brief_option(command))
