"""What `diffcompare trace` shows: the node table in evaluation order (values and
tangents, or adjoints), one table per backward sweep, the JSON and Graphviz DOT.
Nothing here computes: it formats a `Trace`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..numbers import number, point_text
from ..primitives import TABLE
from .sheet import Sheet

if TYPE_CHECKING:
    from ..views.trace import Constant, Trace, TraceNode

DEFAULT_LIMIT = 40      # rows shown in a table: the first and last half of them


def constant_text(c: Constant) -> str:
    """A literal or loop index among a node's operands, as a cell shows it."""
    return number(c.value) if isinstance(c.value, float) else str(c.value)


def expression(node: TraceNode) -> str:
    """How the node is computed, in the program's notation: `#2 * #1`, `cos(#4)`."""
    if node.op == "input":
        return node.name
    args = [f"#{a}" if isinstance(a, int) else constant_text(a) for a in node.operands]
    prim = TABLE.get(node.op)
    if prim is not None and prim.symbol and len(args) == 2:
        return f"{args[0]} {prim.symbol} {args[1]}"
    if prim is not None and prim.symbol and len(args) == 1:
        return f"{prim.symbol}{args[0]}"
    return f"{node.op}({', '.join(args)})"


def head_tail(rows: list, limit: int | None, filler) -> list:
    """At most `limit` rows: the first and last halves, with `filler(omitted)` between (0/None: all)."""
    if not limit or len(rows) <= limit:
        return rows
    head = (limit + 1) // 2
    tail = limit - head
    return rows[:head] + [filler(len(rows) - limit)] + (rows[-tail:] if tail else [])


def _dual(value: float, tangent: float) -> str:
    sign = "-" if tangent < 0 or (tangent == 0 and str(tangent).startswith("-")) else "+"
    return f"{number(value)} {sign} {number(abs(tangent))}ε"


def summary(t: Trace) -> list[str]:
    """What the trace shows, in the book's words: the outputs and their derivatives."""
    if t.mode == "forward":
        return [f"{o} = {_dual(v, d)}: ∂{o}/∂{t.wrt} = {number(d)}"
                for o, v, d in zip(t.outputs, t.values, t.tangents)]
    return [f"{s.output} = {number(v)}: " + ", ".join(f"∂{s.output}/∂{n} = {number(g)}" for n, g in s.gradient.items())
            for s, v in zip(t.sweeps, t.values)]


def _caption(t: Trace) -> str:
    how = (f"forward mode, seeded on {t.wrt} (its tangent 1, the others 0)" if t.mode == "forward" else
           "reverse mode: one run records the tape, then one backward sweep per output")
    return f"{t.function} at {point_text(t.point)}   {how}"


def trace_sheets(t: Trace, limit: int | None = DEFAULT_LIMIT) -> list[Sheet]:
    """The node table (evaluation order), and in reverse mode one sweep table per output."""
    outputs = {n: o for o, n in zip(t.outputs, t.output_nodes) if n is not None}

    def node_row(node: TraceNode) -> list[str]:
        op = node.op + (f"  → {outputs[node.id]}" if node.id in outputs else "")
        row = [f"#{node.id}", op, expression(node), number(node.value)]
        if t.mode == "forward":
            return row + [number(node.tangent)]
        return row + [number(s.adjoints[node.id]) if node.id in s.adjoints else "-" for s in t.sweeps]

    extra = [f"tangent (∂/∂{t.wrt})"] if t.mode == "forward" else [f"adjoint ∂{s.output}/∂node" for s in t.sweeps]
    columns = ["node", "operation", "computes", "value"] + extra
    filler = lambda k: ["…", f"{k:,} nodes not shown", "(--limit 0 shows all)", "", *[""] * len(extra)]
    rows = head_tail([node_row(n) for n in t.nodes], limit, filler)
    notes = summary(t) + [_count_note(t)]
    if t.program.defaulted:
        notes.append(f"{', '.join(t.program.defaulted)} had no value and took 1.0 (give --at to choose).")
    title = "Evaluation trace" + (" (evaluation order)" if t.mode == "forward" else
                                  " (adjoints from the backward sweep)")
    sheets = [Sheet(title, columns, rows, notes, _caption(t))]
    for s in t.sweeps:
        sweep_rows = [[str(i + 1), f"#{step.node}", t.nodes[step.node].op, number(step.adjoint),
                       "; ".join(f"#{c.parent} += {number(step.adjoint)} × {number(c.partial)} = {number(c.amount)}"
                                 for c in step.contributions)
                       or f"(input {t.nodes[step.node].name}: ∂{s.output}/∂{t.nodes[step.node].name} = "
                          f"{number(step.adjoint)})"]
                      for i, step in enumerate(s.steps)]
        sweep_rows = head_tail(sweep_rows, limit, lambda k: ["…", f"{k:,} steps not shown", "", "", ""])
        sweeps_note = [f"The sweep visits {len(s.steps):,} of the {len(t.nodes):,} nodes: those on the tape "
                       "with a non-zero adjoint, last first; each sends its adjoint times the local partial "
                       "derivative to its parents."]
        if s.node is None:
            sweeps_note = [f"{s.output} is a constant: no sweep."]
        sheets.append(Sheet(f"Backward sweep for {s.output}, in the order it visits nodes",
                            ["step", "node", "operation", "adjoint", "sends to its parents"], sweep_rows,
                            sweeps_note))
    return sheets


def _count_note(t: Trace) -> str:
    nodes = f"{len(t.nodes):,} node{'s' if len(t.nodes) != 1 else ''}"
    if t.mode == "forward":
        return (f"{nodes}; {t.traversals} traversal, for the tangent along {t.wrt}. All {len(t.inputs)} "
                f"partial derivatives take one traversal per input (n_inputs = {len(t.inputs)}).")
    on_tape = sum(1 for n in t.nodes if n.tape_index is not None)
    swept = sum(1 for s in t.sweeps if s.node is not None)
    return (f"{nodes}, {on_tape:,} of them on the tape (the rest involve no input); {t.traversals} "
            f"traversal{'s' if t.traversals != 1 else ''}: the taping run and {swept} backward "
            f"sweep{'s' if swept != 1 else ''}, one per output that depends on an input.")


def trace_json(t: Trace) -> dict:
    def node(n: TraceNode) -> dict:
        entry = {"id": n.id, "op": n.op, "operands": [a if isinstance(a, int) else {"constant": a.value}
                                                      for a in n.operands],
                 "computes": expression(n), "value": n.value}
        if n.name:
            entry["name"] = n.name
        if t.mode == "forward":
            entry["tangent"] = n.tangent
        else:
            entry["adjoints"] = {s.output: s.adjoints.get(n.id) for s in t.sweeps}
        return entry

    data = {"function": t.function, "mode": t.mode, "point": t.point, "inputs": t.inputs, "outputs": t.outputs,
            "values": t.values, "output_nodes": t.output_nodes, "traversals": t.traversals,
            "nodes": [node(n) for n in t.nodes]}
    if t.mode == "forward":
        data.update({"wrt": t.wrt, "tangents": t.tangents})
    else:
        data["sweeps"] = [{"output": s.output, "node": s.node, "gradient": s.gradient,
                           "visits": [{"node": st.node, "adjoint": st.adjoint,
                                       "contributions": [{"parent": c.parent, "partial": c.partial,
                                                          "amount": c.amount} for c in st.contributions]}
                                      for st in s.steps]} for s in t.sweeps]
    return data


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def trace_dot(t: Trace) -> str:
    """The whole graph in Graphviz DOT, each node labelled with its value and tangent or adjoints."""
    lines = ["digraph trace {", "  rankdir=BT;", '  node [shape=box, fontname="Helvetica"];',
             f'  label="{_dot_text(_caption(t))}";']
    outputs = {n: o for o, n in zip(t.outputs, t.output_nodes) if n is not None}
    for n in t.nodes:
        label = [f"#{n.id} {n.name or n.op}" + (f" → {outputs[n.id]}" if n.id in outputs else ""),
                 f"value {number(n.value)}"]
        if t.mode == "forward":
            label.append(f"tangent {number(n.tangent)}")
        else:
            label += [f"adjoint {number(s.adjoints[n.id])}" + (f" ({s.output})" if len(t.sweeps) > 1 else "")
                      for s in t.sweeps if n.id in s.adjoints]
        style = ", style=filled, fillcolor=lightblue" if n.op == "input" else (
            ", peripheries=2" if n.id in outputs else "")
        text = "\\n".join(_dot_text(x) for x in label)     # DOT's own line break inside a label
        lines.append(f'  n{n.id} [label="{text}"{style}];')
        for k, a in enumerate(n.operands):
            if isinstance(a, int):
                lines.append(f"  n{a} -> n{n.id};")
            else:
                lines.append(f'  c{n.id}_{k} [label="{_dot_text(constant_text(a))}", shape=plaintext];')
                lines.append(f"  c{n.id}_{k} -> n{n.id};")
    lines.append("}")
    return "\n".join(lines)
