"""Printing a result and saving it: the format asked for on stdout, the file in the format of
its extension, and the exit status the result earns (1 when nothing asked for was computed,
after printing what was)."""

from __future__ import annotations

import click

from ..language.paths import looks_like_path, split_def_name
from ..render.output import Report, console, text_of
from ..render.sheet import to_json
from ..render.terminal import detect, printed, write as print_text
from ..render.saving import check_target, format_for, write

EXIT_COMPUTED, EXIT_NOTHING_COMPUTED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class NothingComputed(click.ClickException):
    """Raised after the output is printed: nothing the command was asked for could be computed."""
    exit_code = EXIT_NOTHING_COMPUTED

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


def protected(function: str | None) -> tuple[str, ...]:
    """The file FUNCTION names, if it names one: --save must never write over it."""
    if not function:
        return ()
    path, _ = split_def_name(function)
    return (path,) if looks_like_path(path) else ()


def check_save(save: str | None, function: str | None = None, own: dict[str, str] | None = None) -> None:
    """Refuse a --save target before anything is measured."""
    if save:
        format_for(save, own)
        check_target(save, protected(function))


def show(report: Report, fmt: str, save: str | None = None, function: str | None = None,
         own: dict[str, str] | None = None, failure: str | None = None, brief: bool = False) -> None:
    """Print `report` in `fmt`, write it to `save` in its extension's format, then exit 1 if
    `failure` says nothing asked for was computed. `brief` leaves out the footnotes. The terminal's
    picture fits its width (COLUMNS when set, piped or not) and is ASCII where stdout cannot encode
    unicode."""
    report.brief = brief
    kind = format_for(save, own) if save else None
    term = detect()
    con = None
    if fmt == "rich":
        # a saved picture of the terminal (svg, txt) is what the terminal shows, at its width
        con = console(record=kind in ("svg", "text") and kind not in report.texts, term=term)
        for part in report.rich_parts(term):
            con.print(part)
        print_text(printed(con), term)
    elif fmt == "json" and not term.unicode:
        # JSON stays JSON on an ASCII terminal: its strings escaped, not spelled differently
        print_text(to_json(report.data, ascii_only=True), term)
    else:
        print_text(text_of(report, fmt), term)
    if save:
        if con is not None and con.record:
            text = con.export_svg(title=report.title) if kind == "svg" else con.export_text()
        else:
            text = text_of(report, kind)
        click.echo(write(save, text, protected(function)), err=True)
    if failure:
        raise NothingComputed(failure)
