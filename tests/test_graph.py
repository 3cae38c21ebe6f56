"""`diffcompare graph`: the tape's nodes and the symbolic derivative's size, counted."""

import json

import pytest
from click.testing import CliRunner

from diffcompare.cli import cli as cli_group
from diffcompare.render.graph import to_dot, tree_lines
from diffcompare.views.graph import graph


@pytest.fixture(scope="module")
def exp3():
    return graph("exp3")


def test_exp3_tape_has_three_exp_nodes(exp3):
    assert exp3.counts["exp"] == 3 and exp3.counts["input"] == 1 and len(exp3.nodes) == 4


def test_exp3_symbolic_calls_exp_9_times_as_written_and_3_after_cse(exp3):
    # f = exp(exp(exp(x))) (3 calls) and f' = exp(x)·exp(exp(x))·exp(exp(exp(x))) (1 + 2 + 3 calls)
    assert exp3.symbolic.calls_as_written["exp"] == 9
    assert exp3.symbolic.calls_after_cse["exp"] == 3
    assert exp3.symbolic.ops_raw > exp3.symbolic.ops_cse


def test_exp3_tree_is_a_chain_from_the_output_to_x(exp3):
    lines = tree_lines(exp3)
    assert lines[0].startswith("exp3 ← #3 exp")
    assert [line.strip("└─ ").split(" = ")[0] for line in lines[1:]] == ["#2 exp", "#1 exp", "#0 x"]


def test_book_graph_values_and_partials_by_hand():
    g = graph("book", at="x=3,y=4")
    ops = [n.op for n in g.nodes]
    assert ops == ["input", "input", "pow", "mul", "add", "add"]     # x, y, x², x²·y, + y, + 2
    assert [n.value for n in g.nodes] == [3.0, 4.0, 9.0, 36.0, 40.0, 42.0]
    pow_node, mul_node = g.nodes[2], g.nodes[3]
    assert pow_node.partials == (6.0,)                  # d x²/dx = 2x
    assert mul_node.partials == (4.0, 9.0)              # d(x²·y)/d(x²) = y, d/dy = x²
    # y feeds two nodes: drawn twice as a leaf, the DAG shared
    assert sum("#1 y" in line for line in tree_lines(g)) == 2


def test_shared_node_is_named_not_drawn_again():
    g = graph("polar")
    lines = tree_lines(g, max_lines=1000, max_depth=50)
    assert any("(above)" in line for line in lines)
    second = lines.index(next(line for line in lines if line.startswith("polar[1]")))
    assert all("(above)" in line for line in lines[second + 1:])   # u and v were drawn under polar[0]


def test_long_program_tree_is_cut_but_counts_are_whole():
    g = graph("my_func")
    assert g.counts["sin"] == 100 and g.counts["cos"] == 99     # cos(0 + 0) of the first trip is a constant
    lines = tree_lines(g, max_depth=5, max_lines=30)
    assert len(lines) <= 31 and "more nodes below" in "\n".join(lines)
    assert g.symbolic.error and "too large" in g.symbolic.error   # expression swell hits the cap


def test_branch_on_an_input_symbolic_refused_tape_still_there():
    g = graph("branch")
    assert g.symbolic.error and "branch" in g.symbolic.error
    assert g.counts["sin"] == 1


def test_dot_has_every_node_and_edge():
    g = graph("book", at="x=3,y=4")
    dot = to_dot(g)
    assert dot.startswith("digraph tape {") and dot.rstrip().endswith("}")
    assert sum(1 for line in dot.splitlines() if "->" in line and "out" not in line) == \
        sum(len(n.parents) for n in g.nodes)
    assert '[label="9.0"]' in dot                    # the edge y -> x²·y carries x² = 9


def test_cli_formats():
    runner = CliRunner()
    data = json.loads(runner.invoke(cli_group, ["graph", "exp3", "--format", "json"]).output)
    assert data["tape"]["counts"]["exp"] == 3
    assert data["symbolic"]["calls_as_written"]["exp"] == 9 and data["symbolic"]["calls_after_cse"]["exp"] == 3
    text = runner.invoke(cli_group, ["graph", "exp3", "--format", "text"]).output
    assert "exp3 ← #3 exp" in text and "| exp | 3 | 9 | 3 |" in text
    assert runner.invoke(cli_group, ["graph", "exp3", "--format", "dot"]).output.startswith("digraph")
    rich = runner.invoke(cli_group, ["graph", "exp3"]).output
    assert "x0*x1*x2" in rich and "after cse" in rich


@pytest.mark.parametrize("args, message", [
    (["graph", "no_such_file.py"], "no such file"),
    (["graph", "log(x)", "--at", "x=-1"], "log"),
    (["graph", "exp3", "--format", "png"], "format"),
    (["graph", "exp3", "--depth", "0"], "depth"),
])
def test_bad_input_exits_non_zero_with_one_line(cli, args, message):
    run = cli(*args)        # the real command in a fresh process
    assert run.code != 0 and message in run.err and len(run.err_lines) == 1
