"""What `diffcompare graph` shows: the tape as an indented tree or Graphviz DOT, and its
size by operation beside the symbolic derivative's. Nothing here computes: it formats a
`Graph`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import option
from ..numbers import number, point_text
from .sheet import Sheet, defaulted_lines, to_markdown
from .trace import shape_text, value_text

if TYPE_CHECKING:
    from ..views.graph import Graph, TapeNode

MAX_DEPTH = 12        # tree levels drawn below each output
MAX_LINES = 80        # tree lines drawn in all


def _label(g: Graph, n: TapeNode) -> str:
    what = n.name if n.op == "input" else n.op
    shape = f" ({shape_text(n.shape)})" if n.shape else ""
    return f"#{n.id} {what}{shape} = {value_text(n.value, 6)}"


def tree_lines(g: Graph, max_depth: int = MAX_DEPTH, max_lines: int = MAX_LINES) -> list[str]:
    """The tape as an indented tree from each output down to the inputs; a node already
    drawn is named with '(above)' instead of being drawn again."""
    lines: list[str] = []
    drawn: set[int] = set()
    hidden = 0
    for out, root in zip(g.outputs, g.output_nodes):
        if root is None:
            lines.append(f"{out}: a constant (it depends on no input: no node on the tape)")
            continue
        # depth-first, iteratively (a loop of 100 trips nests 100s of levels deep)
        stack: list[tuple[int, str, str, int]] = [(root, "", "", 0)]
        while stack:
            k, prefix, branch, depth = stack.pop()
            node = g.nodes[k]
            head = f"{out} ← " if depth == 0 else ""
            if len(lines) >= max_lines:
                hidden += 1
                continue
            if k in drawn and node.op != "input":
                lines.append(f"{prefix}{branch}{head}#{k} {node.op} (above)")
                continue
            drawn.add(k)
            lines.append(f"{prefix}{branch}{head}{_label(g, node)}")
            if not node.parents:
                continue
            below = prefix + ("" if depth == 0 else ("│  " if branch == "├─ " else "   "))
            if depth + 1 > max_depth:
                lines.append(f"{below}└─ … ({_count_below(g, k)} more nodes below)")
                continue
            children = list(node.parents)
            for i, p in reversed(list(enumerate(children))):
                stack.append((p, below, "└─ " if i == len(children) - 1 else "├─ ", depth + 1))
    if hidden:
        lines.append(f"… {hidden} more lines (raise {option('lines')}, or use --format dot or json for the whole graph)")
    return lines


def _count_below(g: Graph, k: int) -> int:
    seen: set[int] = set()
    stack = list(g.nodes[k].parents)
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.add(p)
            stack.extend(g.nodes[p].parents)
    return len(seen)


def to_dot(g: Graph) -> str:
    """Graphviz DOT: inputs at the bottom, each edge labelled with its local partial derivative."""
    def quoted(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"')

    lines = ["digraph tape {", "  rankdir=BT;", '  node [shape=ellipse, fontname="Helvetica"];',
             f'  label="{quoted(g.function)} at {quoted(point_text(g.point))}: the tape reverse mode records";']
    for n in g.nodes:
        style = ", shape=box, style=filled, fillcolor=lightblue" if n.op == "input" else ""
        lines.append(f'  n{n.id} [label="{quoted(_label(g, n))}"{style}];')
        for p, d in zip(n.parents, n.partials):
            # an operation on arrays has no one partial per edge: the sweep applies its vjp
            lines.append(f'  n{p} -> n{n.id} [label="{"vjp" if d is None else quoted(number(d, 4))}"];')
    for k, (out, root) in enumerate(zip(g.outputs, g.output_nodes)):
        if root is not None:
            lines.append(f'  out{k} [label="{quoted(out)}", shape=plaintext];')
            lines.append(f"  n{root} -> out{k};")
    lines.append("}")
    return "\n".join(lines)


def counts_sheet(g: Graph) -> Sheet:
    s = g.symbolic
    tape = g.counts
    arrays = g.has_arrays            # element operations: a column only where arrays make them differ
    elements = g.element_counts
    prims = sorted((set(tape) - {"input"}) | set(s.calls_as_written) | set(s.calls_after_cse))
    symbolic_ok = s.error is None

    def row(name: str, on_tape: str, written: str, cse: str, work: str) -> list[str]:
        return [name, on_tape] + ([work] if arrays else []) + [written, cse]

    rows = [row("input", str(tape.get("input", 0)), "", "", "")]
    for p in prims:
        rows.append(row(p, str(tape.get(p, 0)),
                        str(s.calls_as_written.get(p, 0)) if symbolic_ok else "-",
                        str(s.calls_after_cse.get(p, 0)) if symbolic_ok else "-", f"{elements.get(p, 0):,}"))
    rows.append(row("all operations", str(len(g.nodes) - tape.get("input", 0)),
                    str(sum(s.calls_as_written.values())) if symbolic_ok else "-",
                    str(sum(s.calls_after_cse.values())) if symbolic_ok else "-", f"{sum(elements.values()):,}"))
    rows.append(row("sympy count_ops", "", number(s.ops_raw), number(s.ops_cse), ""))
    notes = ["tape: the nodes reverse mode records in one forward traversal (constants are not nodes: they "
             "sit in the partials of the edges). Symbolic: primitive calls evaluating the outputs and every "
             "first derivative as sympy built them (as written: a tree, each repeat evaluated again) and after "
             "common-subexpression elimination."]
    if arrays:
        notes.append(f"With arrays a node is one operation on a whole array: element operations count its scalar "
                     f"work (an operation on n elements costs about n). One run of {g.function}: "
                     f"{g.operations:,} operations as written, {g.element_operations:,} element operations (the "
                     f"interpreter's meter; it counts the calls on constants too, the tape only those on inputs). "
                     f"The symbolic columns evaluate scalar formulas: each call there is one element operation.")
        if "array" in tape:
            notes.append("array: the node that gathers an input's elements (the inputs above) into the parameter's "
                         "numpy array, as the engines do before the run; no call of the program.")
    findings = []
    findings += defaulted_lines(g.point)
    if s.error:
        findings.append(f"Symbolic differentiation: {s.error}")
    if s.formulas:
        findings += ["As written:"] + [f"  {what} = {e}" for what, e in s.formulas]
        findings += ["After cse:"] + [f"  {what} = {e}" for what, e in s.cse_formulas]
    elif s.error is None:
        findings.append(f"(formulas of {s.ops_raw:,} operations are too long to print)")
    caption = (f"{g.function} at {point_text(g.point)}   tape: {len(g.nodes)} nodes "
               f"({len(g.nodes) - tape.get('input', 0)} operations)")
    columns = ["operation", "tape (f)"] + (["tape element ops"] if arrays else []) + [
        "symbolic f, f′ as written", "after cse"]
    return Sheet("Graph sizes: the tape against the symbolic derivative", columns, rows, notes, caption,
                 findings=findings)


def text(g: Graph, max_depth: int = MAX_DEPTH, max_lines: int = MAX_LINES, brief: bool = False) -> str:
    """The plain-text view: the tree, then the counts as a markdown table."""
    sheet = counts_sheet(g)
    return "\n".join(tree_lines(g, max_depth, max_lines)) + "\n\n" + to_markdown(sheet.brief() if brief else sheet)


def tree_renderable(g: Graph, max_depth: int = MAX_DEPTH, max_lines: int = MAX_LINES, width: int | None = None):
    """The tree as rich Text; a line wider than `width` (default: the output's) goes on below its
    node, under the tree's own rules, so the drawing stays a tree and no value is cut."""
    from rich.text import Text
    from .terminal import detect
    width = width or detect().width
    out = Text()
    out.append("The tape (reverse mode's graph), from each output down to the inputs\n", style="bold")
    out.append("\n".join(line for raw in tree_lines(g, max_depth, max_lines) for line in _fold(raw, width)))
    return out


def _fold(line: str, width: int) -> list[str]:
    from .layout import wrap
    if len(line) <= width:
        return [line]
    start = len(line) - len(line.lstrip("│├└─ "))       # where the node's label begins
    rule = line[:start].replace("├─", "│ ").replace("└─", "  ")
    if start > width // 2:                                  # too deep to indent: the label on its own lines
        rule = ""
    lines = wrap(line[start:], width - len(rule))
    return [line[:start] + lines[0] if rule else line[:start]] + [rule + rest for rest in lines[1 if rule else 0:]]
