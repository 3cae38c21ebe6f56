"""The documentation says what the code does: every primitive of the table is listed in
docs/language.md with its spellings, and the README's example file runs as the README says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diffcompare import compare
from diffcompare.primitives import TABLE

ROOT = Path(__file__).resolve().parent.parent


def _spelling(s: str) -> str:
    return s.replace("numpy.", "np.").replace("inline.", "").replace("builtins.", "")


@pytest.mark.parametrize("name", [n for n, p in TABLE.items() if p.spellings])
def test_every_primitive_is_listed_with_all_its_spellings(name):
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    row = next((line for line in text.splitlines() if line.startswith(f"| {name} |")), None)
    assert row is not None, f"{name} is missing from docs/language.md"
    for spelling in TABLE[name].spellings:
        assert f"`{_spelling(spelling)}`" in row, (name, spelling)


def test_the_readmes_example_file_pastes_in_and_gives_the_books_gradient(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(import numpy as np\n\n\ndef helper.*?)```", readme, re.S).group(1)
    (tmp_path / "my_func_helper.py").write_text(code)
    c = compare(str(tmp_path / "my_func_helper.py"), engines="forward,reverse", repeats=1)
    book = compare("my_func", engines="reverse", repeats=1)
    assert c.engines["forward"].jacobian[0] == pytest.approx(book.engines["reverse"].jacobian[0], rel=1e-14)
    assert c.engines["reverse"].traversals == 2 and c.engines["forward"].traversals == 2
