"""Dependencies point one way: bot/ -> the rest; only bot/tg imports telegram."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ("knowledge", "dialogs", "handoff", "storage")
ALLOWED = {
    "knowledge": set(),
    "storage": set(),
    "dialogs": {"knowledge", "storage"},
    "handoff": {"knowledge", "storage", "dialogs"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", CORE)
def test_core_packages_import_only_what_they_may(package: str) -> None:
    ours = {"bot", *CORE}
    for path in (ROOT / package).rglob("*.py"):
        wrong = (imported_roots(path) & ours) - ALLOWED[package] - {package}
        assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"
        assert "telegram" not in imported_roots(path), path


def test_only_the_telegram_adapter_imports_telegram() -> None:
    for path in (ROOT / "bot").rglob("*.py"):
        if "telegram" in imported_roots(path):
            assert path.is_relative_to(ROOT / "bot" / "tg"), path
