"""Fitting text to a width without cutting a number.

rich shrinks a table that is too wide by cutting cells (`24.000…`); a class reading
the projector needs the number whole. So the widths are decided here, from the words
of the cells: a column is never narrower than its longest word (a number, a number
with its unit, `1.4e-15`), and every cell is wrapped here, between words, before rich
draws it. A table whose narrowest form does not fit is cut into several tables that
repeat the key columns (the rows' names), and one that still does not fit becomes a
stack of records, one label and value per line. Only text is ever folded, and only a
word longer than the whole width (a long formula in a note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: a unit stays on the line of the number before it (`195.41 ms`, not `195.41` / `ms`)
UNITS = frozenset({"ns", "µs", "us", "ms", "s", "MB", "kB", "GB", "bytes", "bytes/node", "digits", "digits)"})
_WORD = re.compile(r"\s*\S+")
_ENDS_IN_DIGIT = re.compile(r"\d\)?$")
BORDER = 3              # per column: a space either side and one rule between columns (rich's default box)
EDGES = 1               # the rule closing the right edge


def words(line: str) -> list[str]:
    """The words of one line, each with the spaces before it; a unit is glued to its number."""
    out: list[str] = []
    for w in _WORD.findall(line):
        if out and w.strip().rstrip(",;:.)") in UNITS and _ENDS_IN_DIGIT.search(out[-1]):
            out[-1] += w
        else:
            out.append(w)
    return out


def longest_word(text: str) -> int:
    """The narrowest width that breaks no word of `text` (a line's indentation counts with its
    first word: it is kept)."""
    longest = 0
    for line in str(text).split("\n"):
        for k, w in enumerate(words(line)):
            longest = max(longest, len(w) if k == 0 else len(w.strip()))
    return longest


def longest_line(text: str) -> int:
    return max((len(line) for line in str(text).split("\n")), default=0)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most `width` characters, broken between words; a continuation line starts with
    the indentation of the line it continues plus `indent`. Only a word longer than a whole line
    is folded (a long formula in a note: never a number in a cell, whose column is wider)."""
    width = max(width, 1)
    out: list[str] = []
    for raw in str(text).split("\n"):
        ws = words(raw)
        if not ws:
            out.append("")
            continue
        prefix = raw[:len(raw) - len(raw.lstrip(" "))] + indent
        prefix = prefix if len(prefix) < width // 2 else ""
        line = ""
        for i, w in enumerate(ws):
            if i and len(line) + len(w) <= width:
                line += w
                continue
            if i:
                out.append(line)
                w = prefix + w.lstrip()
            while len(w) > width:
                out.append(w[:width])
                w = prefix + w[width:]
            line = w
        out.append(line)
    return out


# --- tables -------------------------------------------------------------------------------

@dataclass
class Fitted:
    """Columns (indices into the sheet's) and the width of each, of one table."""
    columns: list[int]
    widths: list[int]

    @property
    def total(self) -> int:
        return sum(self.widths) + BORDER * len(self.widths) + EDGES


def overhead(n_columns: int) -> int:
    return BORDER * n_columns + EDGES


def least_width(col: list[str]) -> int:
    """The narrowest a column may be: its longest word (header included)."""
    return max(1, max(longest_word(c) for c in col))


def column_widths(cells: list[list[str]], width: int) -> list[int] | None:
    """Widths for columns whose cells (header first) are `cells[k]`, in a table at most `width`
    wide, or None when their longest words alone do not fit. Each column starts at its longest
    word; the room left goes, a step at a time, where it shortens the table most for the
    characters it costs (a step: widening one column to where its cells wrap onto fewer lines;
    a row name that wraps also costs a rule between every two rows), so a short cell that
    would wrap a whole row gets its few characters first and long texts share the rest; room
    that shortens no row then unwraps cells within their rows, and what still helps nothing is
    left unused."""
    n = len(cells)
    room = width - overhead(n)
    least = [least_width(col) for col in cells]
    most = [max(least[k], max(longest_line(c) for c in col)) for k, col in enumerate(cells)]
    if sum(most) <= room:
        return most
    if sum(least) > room:
        return None
    rows = len(cells[0])
    memo: dict[tuple[int, int], list[int]] = {}

    def lines(k: int, w: int) -> list[int]:
        if (k, w) not in memo:
            memo[k, w] = [len(wrap(c, w)) for c in cells[k]]
        return memo[k, w]

    def height(per_row: list[int], key: list[int]) -> int:
        return sum(per_row) + (rules(key) and rows - 2)

    widths = list(least)
    spare = room - sum(widths)
    while spare > 0:
        now = [lines(k, widths[k]) for k in range(n)]
        # each row's height without column k: the largest of the others (the top two per row suffice)
        top = [sorted(((now[k][r], k) for k in range(n)), reverse=True)[:2] + [(0, -1)] for r in range(rows)]
        tall = height([t[0][0] for t in top], now[0])
        best = None
        for k in range(n):
            others = [t[1][0] if t[0][1] == k else t[0][0] for t in top]
            for w in range(widths[k] + 1, min(most[k], widths[k] + spare) + 1):
                trial = lines(k, w)
                # first the table's height, then the cell's own lines, per character spent
                saved = (tall - height([max(o, t) for o, t in zip(others, trial)], trial if k == 0 else now[0]),
                         sum(now[k]) - sum(trial))
                gain = (saved[0] / (w - widths[k]), saved[1] / (w - widths[k]))
                if saved > (0, 0) and (best is None or gain > best[0]):
                    best = (gain, k, w)
        if best is None:
            break
        _, k, w = best
        spare -= w - widths[k]
        widths[k] = w
    return widths


def rules(key_lines: list[int]) -> bool:
    """Does a table need a rule under every row? Only when a row's name (its first cell) wraps:
    then a continuation line would read as a row of its own. A row whose other cells wrap shows
    an empty name on its continuation lines, which reads as what it is."""
    return any(n > 1 for n in key_lines[1:])


def fits_one(header: list[str], rows: list[list], width: int, max_lines: int | None = None) -> bool:
    """Do the columns fit side by side in one table `width` wide, no word cut (and, given
    `max_lines`, no cell wrapped onto more lines than that)?"""
    table = [[h] + [str(r[k]) for r in rows] for k, h in enumerate(header)]
    widths = column_widths(table, width)
    if widths is None or max_lines is None:
        return widths is not None
    return all(len(wrap(cell, w)) <= max_lines for col, w in zip(table, widths) for cell in col[1:])


def fit(header: list[str], rows: list[list[str]], width: int, keys: int = 1) -> list[Fitted] | None:
    """One table when the columns fit side by side; else as few tables as will do, each repeating
    the first `keys` columns, the others shared out so the widest part is as narrow as it can be;
    None when not even the keys and one other column fit."""
    table = [[h] + [r[k] for r in rows] for k, h in enumerate(header)]
    whole = column_widths(table, width)
    if whole is not None:
        return [Fitted(list(range(len(header))), whole)]
    keys = min(keys, len(header) - 1)
    if keys < 1:
        return None
    key_cols = list(range(keys))
    rest = list(range(keys, len(header)))

    least = [least_width(col) for col in table]

    def fits(part: list[int]) -> bool:
        cols = key_cols + part
        return sum(least[j] for j in cols) + overhead(len(cols)) <= width

    def widths(part: list[int]) -> list[int] | None:
        return column_widths([table[j] for j in key_cols + part], width)

    # the fewest parts: fill each with as many columns as fit
    greedy: list[list[int]] = [[]]
    for k in rest:
        if fits(greedy[-1] + [k]):
            greedy[-1].append(k)
        elif greedy[-1] and fits([k]):
            greedy.append([k])
        else:
            return None
    natural = [max(longest_line(c) for c in col) for col in table]
    best = None
    for cuts in _cuts(len(rest), len(greedy)):
        parts = [rest[a:b] for a, b in zip((0,) + cuts, cuts + (len(rest),))]
        if not all(fits(p) for p in parts):
            continue
        widest = max(sum(natural[j] for j in key_cols + p) + overhead(keys + len(p)) for p in parts)
        if best is None or widest < best[0]:
            best = (widest, parts)
    return [Fitted(key_cols + p, widths(p)) for p in (best[1] if best else greedy)]


def _cuts(n: int, parts: int, limit: int = 2000):
    """Every way to cut n columns into `parts` runs (as the positions of the cuts), at most `limit`."""
    from itertools import combinations, islice
    return islice(combinations(range(1, n), parts - 1), limit)


def stacked(header: list[str], rows: list[list[str]], width: int, keys: int = 1) -> list[tuple[str, bool]]:
    """Each row as a record: its key columns as a heading, then one `label  value` line per other
    column (the value wrapped under itself, or below the label when the label is long). A key
    left blank (the second output of an engine) repeats the one above. Lines are (text, heading?)."""
    keys = max(1, min(keys, len(header)))
    label_width = min(max((len(h) for h in header[keys:]), default=0), max(8, width // 3))
    out: list[tuple[str, bool]] = []
    above = [""] * keys
    for row in rows:
        key = [row[k] if str(row[k]).strip() else above[k] for k in range(keys)]
        above = key
        heading = "  ".join(str(k).replace("\n", " ") for k in key if str(k).strip())
        out += [(line, True) for line in wrap(heading, width)]
        for h, cell in zip(header[keys:], row[keys:]):
            text = str(cell).replace("\n", "; ") if "\n" in str(cell) else str(cell)
            if not text.strip():
                continue
            label = h.replace("\n", " ")
            value_room = width - 2 - label_width - 2
            if len(label) <= label_width and longest_word(text) <= value_room:
                lines = wrap(text, value_room)
                out.append((f"  {label.ljust(label_width)}  {lines[0]}", False))
                out += [(" " * (label_width + 4) + line, False) for line in lines[1:]]
            else:
                out += [("  " + line, False) for line in wrap(label, width - 2)]
                out += [("    " + line, False) for line in wrap(text, width - 4)]
    return out
