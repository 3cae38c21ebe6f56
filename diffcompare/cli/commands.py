"""The commands: each parses its options, calls the library, and shows the result's Report.
No computation lives here."""

from __future__ import annotations

import sys

import click

from ..render.diff import SHOWN_INPUTS, SHOWN_OUTPUTS
from ..render.sheet import FORMATS
from ..views.scaling import DEFAULT_SIZES
from .options import (at_option, common, engine_option, format_option, function_argument, method_option,
                      repeats_option, save_option, sizes_option, step_option, wrt_option)
from .output import check_save, show

#: the Graphviz text trace and graph also write (`--format dot`, `--save graph.dot`)
DOT = {".dot": "dot", ".gv": "dot"}


def _program(function: str, function_name: str | None):
    """FUNCTION as the views take it: the text, or the def --function picks from a file."""
    if not function_name:
        return function
    from ..language.resolve import load
    return load(function, function_name)


@click.command("list")
@format_option()
@save_option()
@common
def list_command(brief: bool, fmt: str, save: str | None) -> None:
    """The bundled functions: name, inputs, outputs, description."""
    from ..render.reports import catalog as report
    from ..views.catalog import catalog
    check_save(save)
    show(report(catalog()), fmt, save)


@click.command("eval")
@function_argument()
@at_option
@format_option()
@save_option()
@common
def eval_command(function: str, function_name: str | None, at: str | None, brief: bool, fmt: str,
                 save: str | None) -> None:
    """The outputs of FUNCTION at a point (one plain float evaluation).

    \b
    Example:
      diffcompare eval "x^2*y + y + 2" --at x=3,y=4     # f = 42.0
    """
    from ..views.evaluate import evaluate_at
    check_save(save, function)
    result = evaluate_at(_program(function, function_name), at)
    show(result.report(), fmt, save, function, brief=brief)


@click.command("diff")
@function_argument()
@at_option
@engine_option()
@wrt_option()
@method_option(None, "each one a row of the numerical engine (default: forward).")
@step_option
@repeats_option()
@click.option("--full", is_flag=True, help=f"Show every entry of a large Jacobian (by default the first "
                                           f"{SHOWN_OUTPUTS} outputs × {SHOWN_INPUTS} inputs of each engine).")
@click.option("--errors", "entry_errors", is_flag=True,
              help="Also show each entry's error against the reference, in the Jacobian's layout.")
@format_option()
@save_option()
@common
def diff_command(function, function_name, at, engines, wrt, method, step, repeats, full, entry_errors, brief, fmt,
                 save) -> None:
    """The derivatives of FUNCTION from each engine, side by side with the 50-digit
    reference: error, correct digits, graph traversals, primitive calls and time. A
    Jacobian of more than 6 entries, or too wide for the terminal, follows the engines'
    table as a matrix per engine: a row per output, a column per input.

    \b
    Examples:
      diffcompare diff "x^2*y + y + 2" --at x=3,y=4
      diffcompare diff book --method forward,central,richardson --engine numerical
    """
    from ..views.diff import differentiate
    check_save(save, function)
    c = differentiate(_program(function, function_name), at=at, engines=engines, wrt=wrt, method=method, step=step,
                repeats=repeats)
    show(c.report(full=full, errors=entry_errors), fmt, save, function, failure=c.failure, brief=brief)


@click.command("table")
@function_argument(default="polar")
@at_option
@wrt_option()
@repeats_option()
@format_option()
@save_option()
@common
def table_command(function, function_name, at, wrt, repeats, brief, fmt, save) -> None:
    """Table 9-2 of the book with every cell measured on FUNCTION (default: polar, 4 inputs
    and 2 outputs, so the formulas differ), then the book's table as printed, checked.

    \b
    Examples:
      diffcompare table
      diffcompare table rosenbrock --at x=[1,2,3,4,5] --save table.md
    """
    from ..views.table import measure_table
    check_save(save, function)
    t = measure_table(_program(function, function_name), at=at, wrt=wrt, repeats=repeats)
    show(t.report(), fmt, save, function, failure=t.failure, brief=brief)


@click.command("trace")
@function_argument()
@at_option
@click.option("--mode", type=click.Choice(["forward", "reverse"]), default="forward", show_default=True,
              help="forward: values and tangents (dual numbers); reverse: values, then adjoints by backward sweeps.")
@wrt_option("forward mode: the inputs seeded, one traversal and one tangent column each (default: the first "
            "input); reverse mode: the inputs whose derivatives are reported (default: all). Comma-separated; a "
            "vector's name takes all its elements.")
@click.option("--rows", type=click.IntRange(0), default=40, show_default=True,
              help="Rows shown per table: the first and last halves (0: all). JSON, CSV and dot hold every node.")
@format_option(formats=FORMATS + ("dot",))
@save_option(DOT)
@common
def trace_command(function, function_name, at, mode, wrt, rows, brief, fmt, save) -> None:
    """The evaluation trace of FUNCTION, one row per node in evaluation order, as in the
    book's appendix: operation, operands, value, and the tangent or the adjoint.

    \b
    Examples:
      diffcompare trace book --at x=3,y=4 --mode forward --wrt x    # ends in 42 + 24ε
      diffcompare trace book --at x=3,y=4 --wrt x,y                 # two traversals, two tangents
      diffcompare trace book --at x=3,y=4 --mode reverse            # ∂f/∂x = 24, ∂f/∂y = 10
      diffcompare trace book --mode reverse --save trace.dot        # Graphviz: dot -Tsvg trace.dot
    """
    from ..render.reports import trace as report
    from ..views.trace import trace
    check_save(save, function, DOT)
    t = trace(_program(function, function_name), at=at, mode=mode, wrt=wrt)
    show(report(t, rows=rows), fmt, save, function, DOT, brief=brief)


@click.command("descent")
@function_argument(default="linreg")
@engine_option()
@click.option("--optimizer", type=click.Choice(["gd", "momentum"]), default="gd", show_default=True,
              help="gd: plain gradient descent; momentum: with momentum's velocity (see --momentum).")
@click.option("--learning-rate", type=float, default=0.1, show_default=True, help="Step size (linreg: stable below 0.47).")
@click.option("--momentum", type=float, default=0.9, show_default=True, help="Momentum's beta, in [0, 1).")
@click.option("--epochs", type=int, default=1000, show_default=True, help="Passes over the data.")
@click.option("--batch-size", type=int, help="Rows per step, shuffled each epoch with --seed (default: all rows).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the mini-batch shuffles.")
@click.option("--every", type=click.IntRange(1), default=100, show_default=True, help="Print the MSE every K epochs.")
@format_option()
@save_option()
@common
def descent_command(function, function_name, engines, optimizer, learning_rate, momentum, epochs, batch_size, seed,
                    every, brief, fmt, save) -> None:
    """The book's lesson: linear regression trained by gradient descent, with the gradient
    from each engine. FUNCTION (default: linreg, 100 rows of y = 4 + 3x + noise) is a def
    whose first parameter is the vector theta being trained and whose parameters xs, ys
    hold the data -- or, written with numpy, whose other parameters are all data arrays
    (linreg_np: X_b, y) -- each step differentiates with respect to theta only. A run whose
    MSE stops being finite or grows a million-fold is stopped as diverged.

    \b
    Examples:
      diffcompare descent
      diffcompare descent linreg_np --batch-size 20        # error = X_b.dot(theta) - y
      diffcompare descent --optimizer momentum --epochs 200 --every 20
      diffcompare descent --batch-size 10 --learning-rate 0.05 --engine forward,reverse
    """
    from ..render.reports import descent as report
    from ..views.descent import descend
    check_save(save, function)
    d = descend(_program(function, function_name), engines=engines, optimizer=optimizer, learning_rate=learning_rate,
                momentum=momentum, epochs=epochs, batch_size=batch_size, seed=seed,
                progress=(lambda e: click.echo(f"training with {e} ...", err=True)) if sys.stderr.isatty() else None)
    show(report(d, every=every), fmt, save, function, failure=d.failure, brief=brief)


@click.command("limits")
@format_option()
@save_option()
@common
def limits_command(brief: bool, fmt: str, save: str | None) -> None:
    """Every limit that stops a runaway input: its current value and how to change it."""
    from ..limits import LIMITS
    from ..render.reports import limits as report
    check_save(save)
    show(report(LIMITS), fmt, save, brief=brief)


@click.command("steps")
@function_argument()
@at_option
@wrt_option("The inputs to differentiate against (comma-separated; a vector's name takes all its elements; "
            "default: all, the error is then normwise over the Jacobian).")
@method_option("forward,central,complex", "each one swept over h.")
@format_option()
@save_option()
@common
def steps_command(function, function_name, at, wrt, method, brief, fmt, save) -> None:
    """The error of finite differences against the step h, from 1e-1 down to 1e-16: the
    truncation error falls with h until round-off takes over (a V), each method's best h
    beside the textbook one; the complex step has no round-off floor.

    \b
    Examples:
      diffcompare steps "exp(x)" --at x=1
      diffcompare steps exp3 --method forward,central,richardson --save steps.svg
      diffcompare steps polar --wrt r --format csv
    """
    from ..views.steps import sweep
    check_save(save, function)
    s = sweep(_program(function, function_name), at=at, wrt=wrt, methods=method)
    show(s.report(), fmt, save, function, failure=s.failure, brief=brief)


@click.command("scaling")
@function_argument()
@sizes_option(",".join(map(str, DEFAULT_SIZES)),
              "Sizes: every vector input is resized to each N (its values repeat in order).")
@engine_option()
@at_option
@wrt_option()
@click.option("--outputs", is_flag=True, help="Put the output count on the x axis and differentiate with respect "
                                              "to the scalar inputs only (unless --wrt says otherwise).")
@click.option("--symbolic-cap", type=click.FloatRange(min=0, min_open=True, max=604_800), default=10.0, show_default=True,
              metavar="SECONDS", help="Time cap of the symbolic engine per size; larger sizes are then skipped.")
@repeats_option(what="Timed repeats per measurement (default: as many as fit in 0.25 s; runs over 1 s once); the "
                     "median is shown.")
@format_option()
@save_option()
@common
def scaling_command(function, function_name, sizes, engines, at, wrt, outputs, symbolic_cap, repeats, brief, fmt,
                    save) -> None:
    """Traversals, primitive calls and time of each engine as FUNCTION's vector inputs grow
    (or, with --outputs, its outputs), with a log-log chart, fitted slopes and the size where
    reverse mode becomes cheaper than forward mode (or the other way round).

    \b
    Examples:
      diffcompare scaling rosenbrock --n 2,10,100,1000 --engine numerical,forward,reverse
      diffcompare scaling oscillators --outputs --n 1,10,100
      diffcompare scaling bvp --n 10,100 --format json
    """
    from ..render.charts import progress
    from ..views.scaling import planned_steps, scale
    check_save(save, function)
    with progress(planned_steps(sizes, engines), enabled=fmt == "rich" and sys.stderr.isatty()) as advance:
        s = scale(_program(function, function_name), sizes, engines=engines, at=at, wrt=wrt, outputs=outputs,
                  symbolic_cap_s=symbolic_cap, repeats=repeats, progress=advance)
    show(s.report(), fmt, save, function, failure=s.failure, brief=brief)


@click.command("graph")
@function_argument()
@at_option
@click.option("--depth", type=click.IntRange(1), default=12, show_default=True,
              help="Tree levels drawn below each output (text and rich).")
@click.option("--lines", type=click.IntRange(1), default=80, show_default=True,
              help="Tree lines drawn in all (text and rich); dot, json and csv hold the whole graph.")
@format_option(formats=("rich", "text", "dot", "json", "markdown", "csv", "latex"))
@save_option(DOT)
@common
def graph_command(function, function_name, at, depth, lines, brief, fmt, save) -> None:
    """The computational graph of FUNCTION -- the tape reverse mode records -- as an indented
    tree or Graphviz DOT, counted by operation, beside the size of the graph symbolic
    differentiation builds (f and its derivatives as written, and after cse).

    \b
    Examples:
      diffcompare graph exp3                # 3 exp on the tape; 9 as written, 3 after cse
      diffcompare graph book --at x=3,y=4
      diffcompare graph polar --save polar.dot     # then, with Graphviz: dot -Tsvg polar.dot
    """
    from ..render.reports import graph as report
    from ..views.graph import graph
    check_save(save, function, DOT)
    g = graph(_program(function, function_name), at=at)
    show(report(g, depth=depth, lines=lines), fmt, save, function, DOT, brief=brief)


@click.command("bench")
@repeats_option(7, "Interleaved rounds of timing; figures are medians.")
@click.option("--rounds", "old_rounds", type=click.IntRange(1, 1000), hidden=True)     # the old name of --repeats
@sizes_option("1000", "Size of the rosenbrock case: its vector input is resized to N (one size here; "
                      "`scaling` compares several).")
@click.option("--array-n", "array_size", type=click.IntRange(2, 1_000_000), default=100_000, show_default=True,
              help="Inputs of the large numpy rosenbrock case (the small one takes --n).")
@click.option("--no-peers", is_flag=True, help="Skip PyTorch, autograd and JAX even if installed.")
@click.option("--no-cli", is_flag=True, help="Skip the command-line wall-time figures.")
@click.option("--slow", is_flag=True, help="Also run peers that take minutes (JAX eager on rosenbrock).")
@click.option("--quick", is_flag=True, help="Small sizes and few rounds, to try the benchmark out.")
@format_option()
@save_option()
@common
def bench_command(repeats, old_rounds, sizes, array_size, no_peers, no_cli, slow, quick, brief, fmt, save) -> None:
    """The speed figures, each measured beside its target: reverse gradient against
    PyTorch, autograd and JAX (when installed), the cheap gradient principle, one-shot
    command lines, the parser on 100,000 nodes, and the tape's memory; on numpy code
    (rosenbrock at --n and --array-n inputs, a two-layer network's loss) against PyTorch
    and autograd, and the tape's peak memory against the arrays the program creates.

    \b
    Examples:
      diffcompare --limit max_command_seconds=900 bench     # a few minutes; JAX's compile adds the most
      diffcompare bench --quick           # small sizes: a few seconds
      diffcompare --limit max_command_seconds=900 bench --format json --save bench.json
    """
    from ..errors import InputError
    from ..render.reports import bench as report
    from ..views.bench import run_bench
    from ..views.scaling import parse_sizes
    check_save(save)
    size = parse_sizes(sizes)
    if len(size) != 1 or not 2 <= size[0] <= 100_000:
        raise InputError(f"--n {sizes}: bench measures one size from 2 to 100,000 (scaling compares several)")
    rounds = old_rounds or repeats
    options = (dict(n=min(size[0], 100), array_n=min(array_size, 1000), parse_terms=5_001, memory_iterations=2_500)
               if quick else dict(n=size[0], array_n=array_size))
    result = run_bench(rounds=2 if quick else rounds, with_peers=not no_peers, cli=not no_cli, slow=slow,
                       progress=lambda text: click.echo(f"bench: {text} ...", err=True), **options)
    show(report(result), fmt, save, brief=brief)


COMMANDS = [list_command, eval_command, diff_command, table_command, trace_command, descent_command,
            limits_command, steps_command, scaling_command, graph_command, bench_command]
