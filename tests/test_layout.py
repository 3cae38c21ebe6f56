"""The package's imports run one way (DESIGN.md, "Imports run one way"): cli -> views ->
analysis/engines -> interpreter -> language/primitives; render is called by views and cli and
never imports them (type hints under TYPE_CHECKING aside); nothing imports cli; numbers.py is
a leaf. Read from the source, so a cycle is caught before it bites at import time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "diffcompare"


def imports(path: Path) -> list[str]:
    """The package modules `path` imports when it runs (not those under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
                   for n in ast.walk(node)}
    package = path.relative_to(PACKAGE.parent).parent.parts     # what `.` means in this file
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            found.append(".".join(base + tuple(node.module.split(".") if node.module else ())))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("diffcompare"):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("diffcompare")]
    return found


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).glob("*.py")) if folder else [PACKAGE / "numbers.py"]


@pytest.mark.parametrize("folder, forbidden", [
    ("render", ("diffcompare.views", "diffcompare.cli")),
    ("views", ("diffcompare.cli",)),
    ("analysis", ("diffcompare.views", "diffcompare.render", "diffcompare.cli")),
    ("primitives", ("diffcompare.views", "diffcompare.render", "diffcompare.cli", "diffcompare.analysis")),
    ("", ("diffcompare",)),        # numbers.py: a leaf
])
def test_imports_run_one_way(folder, forbidden):
    wrong = [f"{path.relative_to(PACKAGE.parent)} imports {name}" for path in modules(folder)
             for name in imports(path) if any(name == f or name.startswith(f + ".") for f in forbidden)]
    assert not wrong


def test_no_view_builds_a_sheet_or_touches_rich():
    for path in modules("views"):
        text = path.read_text(encoding="utf-8")
        assert "Sheet(" not in text and "from rich" not in text and "import rich" not in text, path.name
