"""The command line: click commands that parse options, call the library, render.
No computation lives here."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from ..errors import DiffcompareError, InputError, ParseError
from ..render.diff import SHOWN_INPUTS, SHOWN_OUTPUTS
from ..render.sheet import FORMATS, Sheet, render_text, to_json, to_rich


# --- output: every rendering command shares --format and --save --------------

def format_option(formats=FORMATS, default="rich"):
    return click.option("--format", "fmt", type=click.Choice(formats), default=default, show_default=True,
                        callback=_fits_terminal, help="How to print the result.")


class TooNarrow(click.ClickException):
    """The terminal is narrower than the narrowest layout: a usage error, said before any work."""
    exit_code = 2


def _fits_terminal(ctx, param, value):
    # checked while the options are read, before anything is computed
    if value in ("rich", "text"):
        from ..render.terminal import detect
        message = detect().narrow_message()
        if message:
            raise TooNarrow(message)
    return value


brief_option = click.option("--brief", is_flag=True,
                            help="Leave out the footnotes that explain how things were measured; the results, "
                                 "refusals and formulas stay.")


def _no_png(ctx, param, value):
    # checked before the run, not after minutes of measuring: writing png would need a rasteriser
    # (cairo, a browser) that this tool does not depend on
    if value and Path(value).suffix.lower() == ".png":
        raise InputError(f"--save {value}: png is not supported; save .svg (vector, for slides) and convert it "
                         f"if you need png, e.g. rsvg-convert -o out.png out.svg")
    return value


save_option = click.option("--save", type=click.Path(dir_okay=False, writable=True), callback=_no_png,
                           help="Also write the output to FILE: .svg or .html for slides, .txt for text "
                                "(with --format other than rich, the text of that format).")

def function_argument(default: str | None = None):
    """FUNCTION (an expression, a file, FILE.py:NAME or a bundled name) and `--function NAME`, the
    def to take from a file holding several. With --function the CLI reads the file itself, so
    the command gets the chosen Program."""
    def decorate(command):
        @functools.wraps(command)
        def with_function(*args, function, def_name, **kwargs):
            if def_name:
                from ..language.resolve import load
                function = load(function, def_name)
            return command(*args, function=function, **kwargs)
        with_function = click.option("--function", "def_name", metavar="NAME",
                                     help="The def to differentiate in a file holding several "
                                          "(also written FILE.py:NAME).")(with_function)
        return click.argument("function", **({"default": default} if default else {}))(with_function)
    return decorate


at_option = click.option("--at", metavar="POINT", help="The point: x=3,y=4; vectors as x=[1,2,3]. "
                         "Missing values come from the def's defaults (inline expressions: 1.0).")


def show(fmt: str, save: str | None, *, sheet: Sheet | None = None, data=None, renderables=(),
         more_sheets: tuple[Sheet, ...] | list[Sheet] = (), texts: dict[str, str] | None = None,
         brief: bool = False) -> None:
    """Print a result in the chosen format, and save it if asked. `more_sheets` follow `sheet`
    in every table format; `texts` holds ready text for a command's own formats (e.g. dot);
    `brief` leaves out the sheets' footnotes. Terminal output fits the terminal's width (COLUMNS
    when set, piped or not) and is ASCII where stdout cannot encode unicode."""
    from ..render.terminal import detect, draw, write
    term = detect()
    sheets = [s.brief() if brief else s for s in (sheet, *more_sheets) if s is not None]
    if texts and fmt in texts:
        text = texts[fmt]
    elif fmt == "json":
        text = to_json(data)
    elif fmt in ("markdown", "csv", "latex"):
        text = "\n\n".join(render_text(s, fmt) for s in sheets)
    else:
        text = None
    if text is not None:
        # JSON stays JSON on an ASCII terminal: its strings escaped, not spelled differently
        write(to_json(data, ascii_only=True) if fmt == "json" and not term.unicode else text, term)
        if save:
            _write(save, text + "\n")
        return
    text, con = draw([to_rich(s, term) for s in sheets] + list(renderables), term, record=bool(save))
    write(text, term)
    if save:
        suffix = Path(save).suffix.lower()
        if suffix == ".svg":
            content = con.export_svg(title="diffcompare")
        elif suffix in (".html", ".htm"):
            content = con.export_html()
        else:
            content = con.export_text()
        _write(save, content)


def terminal():
    """The terminal the output goes to (its width decides some layouts, e.g. diff's Jacobian)."""
    from ..render.terminal import detect
    return detect()


def _write(path: str, content: str) -> None:
    try:
        Path(path).write_text(content, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    click.echo(f"saved {path}", err=True)


# --- commands ------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="diffcompare")
@click.option("--limit", "limits", multiple=True, metavar="NAME=N",
              help="Raise or lower a limit for this run, e.g. --limit max_loop_iterations=5000000 "
                   "(repeatable; `diffcompare limits` lists them).")
def cli(limits: tuple[str, ...] = ()) -> None:
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
    """
    from ..limits import LIMITS
    for assignment in limits:
        LIMITS.override(assignment)


@cli.command("list")
@brief_option
@format_option()
@save_option
def list_command(brief: bool, fmt: str, save: str | None) -> None:
    """The bundled expressions: name, inputs, outputs, description."""
    from ..render.catalog import catalog_sheet
    from ..views.catalog import catalog
    entries = catalog()
    show(fmt, save, sheet=catalog_sheet(entries), data=[e.as_dict() for e in entries], brief=brief)


@cli.command("eval")
@function_argument()
@at_option
@brief_option
@format_option()
@save_option
def eval_command(function: str, at: str | None, brief: bool, fmt: str, save: str | None) -> None:
    """The outputs of FUNCTION at a point (one plain float evaluation).

    \b
    Example:
      diffcompare eval "x^2*y + y + 2" --at x=3,y=4     # f = 42.0
    """
    from ..render.evaluate import evaluation_sheet
    from ..views.evaluate import evaluate_at
    result = evaluate_at(function, at)
    show(fmt, save, sheet=evaluation_sheet(result), data=result.as_dict(), brief=brief)


@cli.command("diff")
@function_argument()
@at_option
@click.option("--engine", "engines", default="numerical,symbolic,forward,reverse", show_default=True,
              help="Comma-separated engines to run, or 'all'.")
@click.option("--wrt", help="Differentiate only with respect to these inputs (comma-separated; "
                            "a vector's name takes all its elements).")
@click.option("--method", type=click.Choice(["forward", "central", "complex", "richardson"]), default="forward",
              show_default=True, help="Finite-difference method of the numerical engine.")
@click.option("--h", "step", type=float, help="Step of the numerical engine (default: scaled to the point).")
@click.option("--repeats", type=click.IntRange(1, 10_000), help="Timed repeats per engine (default: as many as fit in 0.25 s).")
@click.option("--full", is_flag=True, help=f"Show every entry of a large Jacobian (by default the first "
                                           f"{SHOWN_OUTPUTS} outputs × {SHOWN_INPUTS} inputs of each engine).")
@click.option("--errors", "entry_errors", is_flag=True,
              help="Also show each entry's error against the reference, in the Jacobian's layout.")
@brief_option
@format_option()
@save_option
def diff_command(function, at, engines, wrt, method, step, repeats, full, entry_errors, brief, fmt, save) -> None:
    """The derivatives of FUNCTION from each engine, side by side with the 50-digit
    reference: error, correct digits, graph traversals, primitive calls and time. A
    Jacobian of more than 6 entries, or too wide for the terminal, follows the engines'
    table as a matrix per engine: a row per output, a column per input.

    \b
    Example:
      diffcompare diff "x^2*y + y + 2" --at x=3,y=4
    """
    from ..analysis.measure import compare
    from ..render.diff import comparison_json, comparison_sheets
    if step is not None and not (step > 0 and step < float("inf")):
        raise InputError("--h must be a positive finite number")
    c = compare(function, at=at, engines=engines, wrt=wrt, method=method, h=step, repeats=repeats)
    show(fmt, save, more_sheets=comparison_sheets(c, fmt, terminal().width, full, entry_errors),
         data=comparison_json(c), brief=brief)


@cli.command("table")
@function_argument(default="polar")
@at_option
@click.option("--repeats", type=click.IntRange(1, 10_000), help="Timed repeats per engine (default: as many as fit in 0.25 s).")
@brief_option
@format_option()
@save_option
def table_command(function, at, repeats, brief, fmt, save) -> None:
    """Table 9-2 of the book with every cell measured on FUNCTION (default: polar, 4 inputs
    and 2 outputs, so the formulas differ), then the book's table as printed, checked.

    \b
    Example:
      diffcompare table
      diffcompare table rosenbrock --at x=[1,2,3,4,5] --format markdown
    """
    from ..render.table import book_sheet, measured_sheet, table_json
    from ..views.table import measure_table
    t = measure_table(function, at=at, repeats=repeats)
    show(fmt, save, sheet=measured_sheet(t), more_sheets=[book_sheet(t)], data=table_json(t), brief=brief)


@cli.command("trace")
@function_argument()
@at_option
@click.option("--mode", type=click.Choice(["forward", "reverse"]), default="forward", show_default=True,
              help="forward: values and tangents (dual numbers); reverse: values, then adjoints by backward sweeps.")
@click.option("--wrt", help="forward mode: the input whose tangent is seeded with 1 (default: the first).")
@click.option("--limit", type=click.IntRange(0), default=40, show_default=True,
              help="Rows shown per table: the first and last halves (0: all). JSON and DOT hold every node.")
@brief_option
@format_option(formats=FORMATS + ("dot",))
@save_option
def trace_command(function, at, mode, wrt, limit, brief, fmt, save) -> None:
    """The evaluation trace of FUNCTION, one row per node in evaluation order, as in the
    book's appendix: operation, operands, value, and the tangent or the adjoint.

    \b
    Examples:
      diffcompare trace book --at x=3,y=4 --mode forward --wrt x    # ends in 42 + 24ε
      diffcompare trace book --at x=3,y=4 --mode reverse            # ∂f/∂x = 24, ∂f/∂y = 10
      diffcompare trace book --mode reverse --format dot | dot -Tsvg > trace.svg
    """
    from ..render.trace import trace_dot, trace_json, trace_sheets
    from ..views.trace import trace
    t = trace(function, at=at, mode=mode, wrt=wrt)
    sheet, *more = trace_sheets(t, limit)
    show(fmt, save, sheet=sheet, more_sheets=more, data=trace_json(t),
         texts={"dot": trace_dot(t)} if fmt == "dot" else None, brief=brief)


@cli.command("descent")
@function_argument(default="linreg")
@click.option("--engine", "engines", default="all", show_default=True,
              help="Comma-separated engines whose gradient trains theta, or 'all'.")
@click.option("--optimizer", default="gd", show_default=True, help="gd (plain gradient descent) or momentum.")
@click.option("--learning-rate", type=float, default=0.1, show_default=True, help="Step size (linreg: stable below 0.47).")
@click.option("--momentum", type=float, default=0.9, show_default=True, help="Momentum's beta, in [0, 1).")
@click.option("--epochs", type=int, default=1000, show_default=True, help="Passes over the data.")
@click.option("--batch-size", type=int, help="Rows per step, shuffled each epoch with --seed (default: all rows).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the mini-batch shuffles.")
@click.option("--every", type=int, default=100, show_default=True, help="Print the MSE every K epochs.")
@brief_option
@format_option()
@save_option
def descent_command(function, engines, optimizer, learning_rate, momentum, epochs, batch_size, seed, every,
                    brief, fmt, save) -> None:
    """The book's lesson: linear regression trained by gradient descent, with the gradient
    from each engine. FUNCTION (default: linreg, 100 rows of y = 4 + 3x + noise) is a def
    whose first parameter is the vector theta being trained and whose parameters xs, ys
    hold the data -- or, written with numpy, whose other parameters are all data arrays
    (linreg_np: X_b, y) -- each step differentiates with respect to theta only.

    \b
    Examples:
      diffcompare descent
      diffcompare descent linreg_np --batch-size 20        # error = X_b.dot(theta) - y
      diffcompare descent --optimizer momentum --epochs 200 --every 20
      diffcompare descent --batch-size 10 --learning-rate 0.05 --engine forward,reverse
    """
    from ..views.descent import descend
    from ..render.descent import descent_json, descent_renderables, descent_sheet
    if every < 1:
        raise InputError(f"--every must be at least 1, got {every}")
    d = descend(function, engines=engines, optimizer=optimizer, learning_rate=learning_rate, momentum=momentum,
                epochs=epochs, batch_size=batch_size, seed=seed,
                progress=(lambda e: click.echo(f"training with {e} ...", err=True)) if sys.stderr.isatty() else None)
    if fmt == "rich":
        show(fmt, save, renderables=descent_renderables(d, every, terminal(), brief))
    else:
        show(fmt, save, sheet=descent_sheet(d), data=descent_json(d), brief=brief)


@cli.command("limits")
@brief_option
@format_option()
@save_option
def limits_command(brief: bool, fmt: str, save: str | None) -> None:
    """Every limit that stops a runaway input: its current value and how to change it."""
    from ..limits import LIMITS
    from ..render.limits import limits_json, limits_sheet
    show(fmt, save, sheet=limits_sheet(LIMITS), data=limits_json(LIMITS), brief=brief)


@cli.command("steps")
@function_argument()
@at_option
@click.option("--wrt", help="The inputs to differentiate against (comma-separated; default: all, "
                            "the error is then normwise over the Jacobian).")
@click.option("--method", "methods", default="forward,central,complex", show_default=True,
              help="Comma-separated finite-difference methods to sweep.")
@brief_option
@format_option()
@save_option
def steps_command(function, at, wrt, methods, brief, fmt, save) -> None:
    """The error of finite differences against the step h, from 1e-1 down to 1e-16: the
    truncation error falls with h until round-off takes over (a V), each method's best h
    beside the textbook one; the complex step has no round-off floor.

    \b
    Examples:
      diffcompare steps "exp(x)" --at x=1
      diffcompare steps exp3 --save steps.svg
      diffcompare steps polar --wrt r --format csv
    """
    from ..render.charts import renderable
    from ..render.steps import chart, summary_sheet, sweep_sheet
    from ..views.steps import sweep
    s = sweep(function, at=at, wrt=wrt, methods=methods)
    if fmt == "rich":
        show(fmt, save, sheet=summary_sheet(s), renderables=[renderable(chart(s))], brief=brief)
    else:
        show(fmt, save, sheet=sweep_sheet(s), more_sheets=[summary_sheet(s)], data=s.as_dict(), brief=brief)


@cli.command("scaling")
@function_argument()
@click.option("--n", "sizes", default="2,10,100", show_default=True, metavar="N,N,...",
              help="Sizes: every vector input is resized to each N (its values repeat in order).")
@click.option("--engine", "engines", default="all", show_default=True, help="Comma-separated engines, or 'all'.")
@at_option
@click.option("--wrt", help="Differentiate only with respect to these inputs (comma-separated).")
@click.option("--outputs", is_flag=True, help="Put the output count on the x axis and differentiate with respect "
                                              "to the scalar inputs only (unless --wrt says otherwise).")
@click.option("--symbolic-cap", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              metavar="SECONDS", help="Time cap of the symbolic engine per size; larger sizes are then skipped.")
@click.option("--repeats", type=click.IntRange(1, 10_000),
              help="Timed repeats per point (default: as many as fit in 0.25 s; runs over 1 s once).")
@brief_option
@format_option()
@save_option
def scaling_command(function, sizes, engines, at, wrt, outputs, symbolic_cap, repeats, brief, fmt, save) -> None:
    """Traversals, primitive calls and time of each engine as FUNCTION's vector inputs grow
    (or, with --outputs, its outputs), with a log-log chart, fitted slopes and the size where
    reverse mode becomes cheaper than forward mode (or the other way round).

    \b
    Examples:
      diffcompare scaling rosenbrock --n 1,10,100,1000 --engine numerical,forward,reverse
      diffcompare scaling oscillators --outputs --n 1,10,100
      diffcompare scaling bvp --n 10,100 --format json
    """
    from ..render.charts import progress, renderable
    from ..render.scaling import chart, sheet
    from ..views.scaling import planned_steps, scale
    with progress(planned_steps(sizes, engines), enabled=fmt == "rich" and sys.stderr.isatty()) as advance:
        s = scale(function, sizes, engines=engines, at=at, wrt=wrt, outputs=outputs,
                  symbolic_cap_s=symbolic_cap, repeats=repeats, progress=advance)
    show(fmt, save, sheet=sheet(s), data=s.as_dict(), renderables=[renderable(chart(s))] if fmt == "rich" else (),
         brief=brief)


@cli.command("graph")
@function_argument()
@at_option
@click.option("--depth", type=click.IntRange(1), default=12, show_default=True,
              help="Tree levels drawn below each output (text and rich).")
@click.option("--limit", type=click.IntRange(1), default=80, show_default=True,
              help="Tree lines drawn in all (text and rich); dot and json hold the whole graph.")
@brief_option
@format_option(formats=("rich", "text", "dot", "json", "markdown", "csv", "latex"))
@save_option
def graph_command(function, at, depth, limit, brief, fmt, save) -> None:
    """The computational graph of FUNCTION -- the tape reverse mode records -- as an indented
    tree or Graphviz DOT, counted by operation, beside the size of the graph symbolic
    differentiation builds (f and its derivatives as written, and after cse).

    \b
    Examples:
      diffcompare graph exp3                # 3 exp on the tape; 9 as written, 3 after cse
      diffcompare graph book --at x=3,y=4
      diffcompare graph polar --format dot | dot -Tsvg > polar.svg
    """
    from ..render.graph import counts_sheet, text, to_dot, tree_renderable
    from ..views.graph import graph
    g = graph(function, at=at)
    texts = {"text": text(g, depth, limit, brief)} if fmt == "text" else {"dot": to_dot(g)} if fmt == "dot" else None
    show(fmt, save, sheet=counts_sheet(g), data=g.as_dict(), renderables=[tree_renderable(g, depth, limit)],
         texts=texts, brief=brief)


@cli.command("bench")
@click.option("--rounds", type=click.IntRange(1, 1000), default=7, show_default=True,
              help="Interleaved rounds of timing; figures are medians.")
@click.option("--n", "size", type=click.IntRange(2, 100_000), default=1000, show_default=True,
              help="Inputs of the rosenbrock case.")
@click.option("--no-peers", is_flag=True, help="Skip PyTorch, autograd and JAX even if installed.")
@click.option("--no-cli", is_flag=True, help="Skip the command-line wall-time figures.")
@click.option("--slow", is_flag=True, help="Also run peers that take minutes (JAX eager on rosenbrock).")
@click.option("--quick", is_flag=True, help="Small sizes and few rounds, to try the benchmark out.")
@brief_option
@format_option()
@save_option
def bench_command(rounds, size, no_peers, no_cli, slow, quick, brief, fmt, save) -> None:
    """The speed figures, each measured beside its target: reverse gradient against
    PyTorch, autograd and JAX (when installed), the cheap gradient principle, one-shot
    command lines, the parser on 100,000 nodes, and the tape's memory.

    \b
    Example:
      diffcompare bench                   # a minute or two with every peer installed
      diffcompare bench --quick           # small sizes: a few seconds
      diffcompare bench --format json --save bench.json
    """
    from ..render.bench import sheets
    from ..views.bench import run_bench
    sizes = dict(n=min(size, 100), parse_terms=5_001, memory_iterations=2_500) if quick else dict(n=size)
    result = run_bench(rounds=2 if quick else rounds, with_peers=not no_peers, cli=not no_cli, slow=slow,
                       progress=lambda text: click.echo(f"bench: {text} ...", err=True), **sizes)
    figures, timings = sheets(result)
    show(fmt, save, sheet=figures, more_sheets=[timings], data=result.as_dict(), brief=brief)




# --- entry point: one clear line on error, never a traceback -------------------

def main(argv: list[str] | None = None) -> None:
    from ..limits import IGNORED
    for warning in IGNORED:
        click.echo(f"warning: {warning}", err=True)
    try:
        code = cli.main(args=argv, prog_name="diffcompare", standalone_mode=False)
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
        code = exc.exit_code
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        code = exc.exit_code
    except click.Abort:
        click.echo("aborted", err=True)
        code = 1
    except ParseError as exc:
        click.echo(f"error: {exc}", err=True)
        caret = exc.caret()
        if caret:
            click.echo(caret, err=True)
        code = 1
    except DiffcompareError as exc:
        click.echo(f"error: {exc}", err=True)
        code = 1
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # a bug of ours: still one line, unless asked for the traceback
        if os.environ.get("DIFFCOMPARE_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set DIFFCOMPARE_DEBUG=1 for a traceback)",
                   err=True)
        code = 3
    sys.exit(code if isinstance(code, int) else 0)
