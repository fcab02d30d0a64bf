"""docs/architecture.md stays true: it names every module, and the imports follow its layers."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT
from .test_imports import PACKAGE, import_graph

ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _layers() -> list[tuple[str, list[str]]]:
    """The ```layers block of the document, top layer first: (layer, its modules)."""
    block = re.search(r"```layers\n(.*?)```", ARCHITECTURE.read_text(encoding="utf-8"), re.S).group(1)
    return [(name.strip(), modules.split()) for name, modules in
            (line.split(":", 1) for line in block.splitlines() if line.strip())]


def _rank_of(module: str, ranks: dict[str, int]) -> int:
    """The layer rank of a dotted module name (``korpus.align.dp`` is in the layer of ``align``)."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else parts[0]
    return ranks[name]


@pytest.mark.parametrize("path", sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")))
def test_every_module_is_named_in_the_architecture(path):
    assert f"`{path}`" in ARCHITECTURE.read_text(encoding="utf-8"), \
        f"tools/korpus/{path} is not described in docs/architecture.md"


def test_every_module_has_a_layer():
    named = {name for _, modules in _layers() for name in modules}
    tops = {"korpus" if p.name == "__init__.py" and p.parent == PACKAGE else p.relative_to(PACKAGE).parts[0]
            .removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert tops <= named, f"no layer in docs/architecture.md for {sorted(tops - named)}"


def test_imports_follow_the_layers():
    layers = _layers()
    ranks = {name: len(layers) - index for index, (_, modules) in enumerate(layers) for name in modules}
    upward = [f"{module} imports {target}" for module, targets in sorted(import_graph().items())
              for target in sorted(targets) if _rank_of(target, ranks) > _rank_of(module, ranks)]
    assert not upward, "imports against the layers of docs/architecture.md: " + "; ".join(upward)
