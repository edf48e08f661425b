"""Shared fixtures: the shipped knowledge, the statute texts, a scratch knowledge directory."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.settings import load_settings
from knowledge.index import Index, build_index
from knowledge.laws import LawLibrary, load_laws
from knowledge.loader import load_knowledge

if TYPE_CHECKING:
    from bot.app import Services

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_KNOWLEDGE = ROOT / "knowledge" / "data"


@pytest.fixture(scope="session")
def laws_dir() -> Path:
    """The official statute texts beside the project (shared/laws)."""
    directory = load_settings().laws_dir
    assert directory.is_dir(), f"statute texts missing at {directory}"
    return directory


@pytest.fixture(scope="session")
def laws(laws_dir: Path) -> LawLibrary:
    """Every statute, parsed once per session."""
    return load_laws(laws_dir)


@pytest.fixture(scope="session")
def shipped_index() -> Index:
    """The index over the knowledge we ship, built once per session."""
    return build_index(load_knowledge(SHIPPED_KNOWLEDGE, None))


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge."""
    target = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_KNOWLEDGE, target)
    return target


@pytest.fixture(scope="session")
def services() -> Services:
    """The wired core on the shipped knowledge (no Telegram, no database yet)."""
    from bot.app import build

    return build(load_settings())
