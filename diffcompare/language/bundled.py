"""The bundled example functions (`book`, `my_func`, ...), shipped as package data so that
they resolve after a plain `pip install .`. Moved unchanged from `source.py`."""

from __future__ import annotations

from importlib import resources


def bundled_names() -> list[str]:
    folder = resources.files("diffcompare.expressions")
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".py") and not p.name.startswith("_"))


def bundled_source(name: str) -> str:
    return resources.files("diffcompare.expressions").joinpath(f"{name}.py").read_text(encoding="utf-8")
