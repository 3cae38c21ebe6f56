"""What `diffcompare trace` shows: the node table in evaluation order (values and
tangents, or adjoints), one table per backward sweep, the JSON and Graphviz DOT.
Nothing here computes: it formats a `Trace`.

A node on numpy arrays shows its shape (a column of its own, only in a trace that has
arrays) and a few of its values, `[0.5, 1.2, … 10 values]`, for its value, tangent and
adjoint alike; the JSON holds every value, as nested lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import option
from ..numbers import number, point_text
from ..primitives import TABLE
from .sheet import Sheet, defaulted_lines

if TYPE_CHECKING:
    from ..views.trace import Constant, Trace, TraceNode

DEFAULT_LIMIT = 40      # rows shown in a table: the first and last half of them


SHOWN = 2       # values an array's cell shows before "… n values" (all of them up to SHOWN + 1)


def shape_text(shape: tuple[int, ...]) -> str:
    """`5` for a vector, `3×2` for a matrix ('' for a number)."""
    return "×".join(map(str, shape))


def value_text(v, digits: int = 10) -> str:
    """A number, or an array as its first values and its size: `[0.5, 1.2, … 10 values]`
    (a matrix's size as its shape, row by row: `[1.0, 0.5, … 3×2 values]`)."""
    if getattr(v, "ndim", 0) == 0:
        return number(float(v) if hasattr(v, "dtype") else v, digits)
    flat = [float(x) for x in v.ravel()[:SHOWN + 1]]
    if v.ndim == 1 and v.size <= SHOWN + 1:
        return "[" + ", ".join(number(x, 6) for x in flat) + "]"
    size = f"{v.size:,}" if v.ndim == 1 else shape_text(v.shape)
    return "[" + ", ".join(number(x, 6) for x in flat[:SHOWN]) + f", … {size} values]"


def constant_text(c: Constant) -> str:
    """A literal, loop index or data array among a node's operands, as a cell shows it."""
    if getattr(c.value, "ndim", 0):
        return value_text(c.value)
    if isinstance(c.value, slice) or c.value is Ellipsis:
        return index_text(c.value)
    return number(c.value) if isinstance(c.value, float) else str(c.value)


def index_text(index) -> str:
    """An index as it is written between brackets: `1:`, `::2`, `0, 1`, `:, 1`, `None`."""
    if isinstance(index, tuple):
        return ", ".join(index_text(i) for i in index)
    if isinstance(index, slice):
        step = "" if index.step is None else f":{index.step}"
        return ("" if index.start is None else str(index.start)) + ":" + (
            "" if index.stop is None else str(index.stop)) + step
    if index is Ellipsis:
        return "..."
    if getattr(index, "ndim", 0):
        kind = "mask" if index.dtype == bool else "indices"
        return f"{kind} {shape_text(index.shape)}"
    return str(index)


def _arguments(node: TraceNode, prim) -> list[str]:
    """The operands as written: a node, a constant; an operation on arrays names its data
    arguments (`axis=0`) and leaves out those at their defaults."""
    args = [f"#{a}" if isinstance(a, int) else constant_text(a) for a in node.operands]
    if prim is None or not prim.structural or prim.variadic or len(args) != len(prim.params):
        return args
    shown = []
    for k, (arg, operand) in enumerate(zip(args, node.operands)):
        if k in prim.static and not isinstance(operand, int):        # a constant, not a node
            d = k - (len(prim.params) - len(prim.defaults))
            if d >= 0 and _same(operand.value, prim.defaults[d]):
                continue
            arg = f"{prim.params[k]}={arg}"
        shown.append(arg)
    return shown


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


def expression(node: TraceNode) -> str:
    """How the node is computed, in the program's notation: `#2 * #1`, `cos(#4)`, `#5[1:]`,
    `sum(#9, axis=0)`, `[#0, #1, #2]` (an input array of its elements)."""
    if node.op == "input":
        return node.name
    if node.op == "array":          # the element nodes of an input, gathered; the last operand is the shape
        items = [f"#{a}" if isinstance(a, int) else constant_text(a) for a in node.operands[:-1]]
        return "[" + (", ".join(items) if len(items) <= 4 else f"{items[0]}, {items[1]}, … {items[-1]}") + "]"
    if node.op in ("getitem", "setitem") and len(node.operands) >= 2 and not isinstance(node.operands[1], int):
        target = f"#{node.operands[0]}" if isinstance(node.operands[0], int) else constant_text(node.operands[0])
        where = f"{target}[{index_text(node.operands[1].value)}]"
        if node.op == "getitem":
            return where
        value = node.operands[2]
        return f"{where} ← " + (f"#{value}" if isinstance(value, int) else constant_text(value))
    prim = TABLE.get(node.op)
    args = _arguments(node, prim)
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
    if t.mode == "forward" and len(t.seeds) > 1:
        return [f"{o} = {number(v)}: " + ", ".join(f"∂{o}/∂{seed} = {number(tangents[k])} (traversal {j + 1})"
                                                    for j, (seed, tangents) in enumerate(zip(t.seeds, t.seed_tangents)))
                for k, (o, v) in enumerate(zip(t.outputs, t.values))]
    if t.mode == "forward":
        return [f"{o} = {_dual(v, d)}: ∂{o}/∂{t.wrt} = {number(d)}"
                for o, v, d in zip(t.outputs, t.values, t.tangents)]
    return [f"{s.output} = {number(v)}: " + ", ".join(f"∂{s.output}/∂{n} = {number(g)}" for n, g in s.gradient.items())
            for s, v in zip(t.sweeps, t.values)]


def _caption(t: Trace) -> str:
    seeded = (f"seeded on {t.wrt} (its tangent 1, the others 0)" if len(t.seeds) == 1 else
              f"seeded on {', then '.join(t.seeds)}: one traversal each (the seeded input's tangent 1, the others 0)")
    how = (f"forward mode, {seeded}" if t.mode == "forward" else
           "reverse mode: one run records the tape, then one backward sweep per output")
    return f"{t.function} at {point_text(t.point)}   {how}"


def trace_sheets(t: Trace, limit: int | None = DEFAULT_LIMIT) -> list[Sheet]:
    """The node table (evaluation order), and in reverse mode one sweep table per output."""
    outputs = {n: o for o, n in zip(t.outputs, t.output_nodes) if n is not None}

    arrays = has_arrays(t)          # a shape column only where there are arrays: scalar traces stay as they were

    def node_row(node: TraceNode) -> list[str]:
        op = node.op + (f"  → {outputs[node.id]}" if node.id in outputs else "")
        row = [f"#{node.id}", op] + ([shape_text(node.shape)] if arrays else []) + [
            expression(node), value_text(node.value)]
        if t.mode == "forward":
            return row + [value_text(tangent) for tangent in node.tangents]
        return row + [value_text(s.adjoints[node.id]) if node.id in s.adjoints else "-" for s in t.sweeps]

    extra = [f"tangent (∂/∂{seed})" for seed in t.seeds] if t.mode == "forward" else [f"adjoint ∂{s.output}/∂node" for s in t.sweeps]
    columns = ["node", "operation"] + (["shape"] if arrays else []) + ["computes", "value"] + extra
    filler = lambda k: ["…", "", *[""] * arrays, f"{k:,} nodes not shown", "", *[""] * len(extra)]
    rows = head_tail([node_row(n) for n in t.nodes], limit, filler)
    findings = summary(t) + [_count_note(t)] + _cut_note(len(t.nodes), limit, "nodes")
    findings += defaulted_lines(t.point)
    title = "Evaluation trace" + (" (evaluation order)" if t.mode == "forward" else
                                  " (adjoints from the backward sweep)")
    sheets = [Sheet(title, columns, rows, caption=_caption(t), findings=findings)]
    for s in t.sweeps:
        sweep_rows = [[str(i + 1), f"#{step.node}", t.nodes[step.node].op, value_text(step.adjoint),
                       "\n".join(_sent_text(t, step, c) for c in step.contributions)
                       or f"(input {t.nodes[step.node].name}: ∂{s.output}/∂{t.nodes[step.node].name} = "
                          f"{value_text(step.adjoint)})"]
                      for i, step in enumerate(s.steps)]
        sweep_rows = head_tail(sweep_rows, limit, lambda k: ["…", "", "", "", f"{k:,} steps not shown"])
        sweeps_note = [f"The sweep visits {len(s.steps):,} of the {len(t.nodes):,} nodes: those on the tape "
                       "with a non-zero adjoint, last first; each sends its adjoint times the local partial "
                       "derivative to its parents" + (" (an operation on arrays sends the vjp of its adjoint, "
                                                      "the table's rule: a partial is a whole Jacobian there)"
                                                      if has_arrays(t) else "")
                       + ". #p += a × d = s → t reads: parent #p's adjoint gains a × d = s and is now t, the "
                         "sum of all it has been sent so far (its last total is its adjoint)."]
        findings = _cut_note(len(s.steps), limit, "steps")
        if s.node is None:
            sweeps_note, findings = [], [f"{s.output} is a constant: no sweep."]
        sheets.append(Sheet(f"Backward sweep for {s.output}, in the order it visits nodes",
                            ["step", "node", "operation", "adjoint", "sends to its parents → their adjoint now"],
                            sweep_rows, sweeps_note, findings=findings))
    return sheets


def _cut_note(count: int, limit: int | None, what: str) -> list[str]:
    if not limit or count <= limit:
        return []
    head = (limit + 1) // 2
    return [f"Shown: the first {head:,} and last {limit - head:,} of {count:,} {what}; {option('rows')} 0 shows all "
            f"(--format json holds every one)."]


def has_arrays(t: Trace) -> bool:
    return any(n.shape for n in t.nodes)


def _sent_text(t: Trace, step, c) -> str:
    """One edge of the sweep and the parent's adjoint after it: `#1 += 1.0 × 9.0 = 9.0 → 10.0`;
    an operation on arrays sends the vjp of its adjoint (`#5 += vjp of sum = [1.0, 1.0, … 4
    values] → [...]`)."""
    if c.partial is None:
        return f"#{c.parent} += vjp of {t.nodes[step.node].op} = {value_text(c.amount)} → {value_text(c.total)}"
    return f"#{c.parent} += {number(step.adjoint)} × {number(c.partial)} = {number(c.amount)} → {number(c.total)}"


def _count_note(t: Trace) -> str:
    nodes = f"{len(t.nodes):,} node{'s' if len(t.nodes) != 1 else ''}"
    if t.mode == "forward":
        along = (f"{t.traversals} traversal, for the tangent along {t.wrt}" if len(t.seeds) == 1 else
                 f"{t.traversals} traversals, one per seeded input ({', '.join(t.seeds)})")
        return (f"{nodes}; {along}. All {len(t.inputs)} partial derivatives take one traversal per input "
                f"(n_inputs = {len(t.inputs)}).")
    on_tape = sum(1 for n in t.nodes if n.tape_index is not None)
    swept = sum(1 for s in t.sweeps if s.node is not None)
    return (f"{nodes}, {on_tape:,} of them on the tape (the rest involve no input); {t.traversals} "
            f"traversal{'s' if t.traversals != 1 else ''}: the taping run and {swept} backward "
            f"sweep{'s' if swept != 1 else ''}, one per output that depends on an input.")


def trace_json(t: Trace) -> dict:
    def node(n: TraceNode) -> dict:
        entry = {"id": n.id, "op": n.op, "operands": [a if isinstance(a, int) else {"constant": _plain(a.value)}
                                                      for a in n.operands],
                 "computes": expression(n), "value": n.value}
        if n.shape:
            entry["shape"] = list(n.shape)
        if n.name:
            entry["name"] = n.name
        if t.mode == "forward":
            entry["tangent"] = n.tangent
            entry["tangents"] = dict(zip(t.seeds, n.tangents))
        else:
            entry["adjoints"] = {s.output: s.adjoints.get(n.id) for s in t.sweeps}
        return entry

    data = {"function": t.function, "mode": t.mode, "point": t.point, "inputs": t.inputs, "outputs": t.outputs,
            "values": t.values, "output_nodes": t.output_nodes, "traversals": t.traversals,
            "nodes": [node(n) for n in t.nodes]}
    if t.mode == "forward":
        data.update({"wrt": t.wrt, "tangents": t.tangents, "seeds": t.seeds,
                     "seed_tangents": dict(zip(t.seeds, t.seed_tangents))})
    else:
        data["sweeps"] = [{"output": s.output, "node": s.node, "gradient": s.gradient,
                           "visits": [{"node": st.node, "adjoint": st.adjoint,
                                       "contributions": [{"parent": c.parent, "partial": c.partial,
                                                          "amount": c.amount, "total": c.total}
                                                         for c in st.contributions]}
                                      for st in s.steps]} for s in t.sweeps]
    return data


def _plain(value):
    """A constant operand as JSON holds it: numbers and arrays as they are (lists), the rest
    (a slice, a shape) as it is written."""
    if isinstance(value, (int, float)) or hasattr(value, "tolist"):
        return value
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return list(value)
    return index_text(value)


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def trace_dot(t: Trace) -> str:
    """The whole graph in Graphviz DOT, each node labelled with its value and tangent or adjoints."""
    lines = ["digraph trace {", "  rankdir=BT;", '  node [shape=box, fontname="Helvetica"];',
             f'  label="{_dot_text(_caption(t))}";']
    outputs = {n: o for o, n in zip(t.outputs, t.output_nodes) if n is not None}
    for n in t.nodes:
        label = [f"#{n.id} {n.name or n.op}" + (f" ({shape_text(n.shape)})" if n.shape else "")
                 + (f" → {outputs[n.id]}" if n.id in outputs else ""),
                 f"value {value_text(n.value)}"]
        if t.mode == "forward":
            label += [f"tangent {value_text(d)}" + (f" (∂/∂{seed})" if len(t.seeds) > 1 else "")
                      for seed, d in zip(t.seeds, n.tangents)]
        else:
            label += [f"adjoint {value_text(s.adjoints[n.id])}" + (f" ({s.output})" if len(t.sweeps) > 1 else "")
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
