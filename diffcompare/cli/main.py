"""The command group and the entry point: one clear line on error, never a traceback, and an
exit status that says what happened."""

from __future__ import annotations

import copy
import os
import sys

import click

from ..errors import DiffcompareError, InputError, ParseError, cli_words
from .commands import COMMANDS
from .options import limit_option
from .output import EXIT_BUG, EXIT_COMPUTED, EXIT_NOTHING_COMPUTED, EXIT_USAGE

class OneRunGroup(click.Group):
    """--limit holds for one run: the limits are put back when the run ends, so a program (or a
    test) that calls the command line in-process keeps its own."""

    def make_context(self, info_name, args, parent=None, **extra):
        from ..limits import LIMITS
        saved = copy.copy(vars(LIMITS))
        ctx = super().make_context(info_name, args, parent=parent, **extra)
        ctx.call_on_close(lambda: vars(LIMITS).update(saved))
        return ctx


EXIT_STATUS = f"""\b
Exit status:
  {EXIT_COMPUTED}  what was asked for was computed (an engine that failed beside others
     that did is a row of the output, not a failure)
  {EXIT_NOTHING_COMPUTED}  nothing asked for could be computed: every engine asked for refused
     or failed, the function fails at the point, a limit stopped it, or descent
     diverged; the output is still printed
  {EXIT_USAGE}  a usage error: an unknown command or option, a bad option value (--at,
     --wrt, --engine, --save ...), a FUNCTION that cannot be read or is not in
     the language (a parse error), or a terminal (COLUMNS) too narrow for any
     layout (under 40 columns, with --format rich or text)
  {EXIT_BUG}  a bug of diffcompare (please report it)"""


@click.group(cls=OneRunGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             invoke_without_command=True, epilog=EXIT_STATUS)
@click.version_option(package_name="diffcompare")
@limit_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Differentiate one function four ways -- numerical, symbolic, forward-mode and
    reverse-mode autodiff -- and compare their traversals, accuracy and time.

    \b
    Examples:
      diffcompare table
      diffcompare diff "x^2*y + y + 2" --at x=3,y=4
      diffcompare diff my_func --engine forward,reverse
      diffcompare list

    FUNCTION is an inline expression ('x^2*y + y + 2'; commas for several
    outputs), a file holding one def, or a bundled name (see `diffcompare list`).
    Every command takes --limit NAME=N, before or after its name.
    """
    # messages name options as this command line spells them (--at, not the library's at=)
    ctx.with_resource(cli_words())
    from ..deadlines import command_budget
    # the command's time counts from here and ends with it
    ctx.with_resource(command_budget())
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(0)


for _command in COMMANDS:
    cli.add_command(_command)


def exit_status(exc: DiffcompareError) -> int:
    """A usage error (2) is input that cannot be taken as given -- an option value, a FUNCTION
    that cannot be found, read or parsed; anything that went wrong computing (1) is not."""
    return EXIT_USAGE if isinstance(exc, (InputError, ParseError)) else EXIT_NOTHING_COMPUTED


def main(argv: list[str] | None = None) -> None:
    from ..deadlines import OutOfTime
    from ..limits import IGNORED
    from .streams import Terminated, closed_stdout, on_sigterm, output_failed
    for warning in IGNORED:
        click.echo(f"warning: {warning}", err=True)
    if closed_stdout():
        # nowhere to print the result (`diffcompare list >&-`): say so before any work
        click.echo("error: standard output is closed: there is nowhere to print the result", err=True)
        sys.exit(EXIT_NOTHING_COMPUTED)
    on_sigterm()
    try:
        with cli_words():
            code = cli.main(args=argv, prog_name="diffcompare", standalone_mode=False)
        sys.stdout.flush()                  # a full disk or a closed pipe shows here, not at exit
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.UsageError as exc:
        # one line, like every other error: the message and where to find help
        command = exc.ctx.command_path if exc.ctx is not None else "diffcompare"
        message = exc.format_message()
        if isinstance(exc, click.NoSuchOption) and not exc.option_name.startswith("--"):
            shown = exc.option_name if len(exc.option_name) <= 40 else exc.option_name[:37] + "..."
            message = (f"no such option '{shown}'; an expression that starts with '-' goes after '--', "
                       f"as in: diffcompare eval -- '-x^2'")
        click.echo(f"error: {message} (see '{command} --help')", err=True)
        code = EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.Abort:
        click.echo("aborted", err=True)
        code = 1
    except ParseError as exc:
        click.echo(f"error: {exc}", err=True)
        caret = exc.caret()
        if caret:
            click.echo(caret, err=True)
        code = exit_status(exc)
    except DiffcompareError as exc:
        click.echo(f"error: {exc}", err=True)
        code = exit_status(exc)
    except OutOfTime as exc:
        click.echo(f"error: {exc}; raise it with --limit {exc.deadline.limit}=SECONDS", err=True)
        code = EXIT_NOTHING_COMPUTED
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        code = 130
    except Terminated:
        click.echo("terminated", err=True)
        code = 143
    except BrokenPipeError as exc:
        output_failed(exc)
        code = 0
    except OSError as exc:
        if not output_failed(exc):
            raise
        click.echo(f"error: cannot write the output: {exc.strerror or exc}", err=True)
        code = EXIT_NOTHING_COMPUTED
    except Exception as exc:  # a bug of ours: still one line, unless asked for the traceback
        if os.environ.get("DIFFCOMPARE_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set DIFFCOMPARE_DEBUG=1 for a traceback)",
                   err=True)
        code = EXIT_BUG
    sys.exit(code if isinstance(code, int) else 0)
