"""The official statute texts (shared/laws/*.md) as a lookup of title -> article -> text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

ARTICLE_LINE_RE = re.compile(
    r"^(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)[\s　]"
)
_SPACES_RE = re.compile(r"[\s　]+")
_GAP = "……"


@dataclass(frozen=True)
class Statute:
    """One statute: its full title and its articles' texts, keyed by 第…条."""

    title: str
    path: Path
    articles: Mapping[str, str]


@dataclass(frozen=True)
class LawLibrary:
    """All statutes found in a directory, keyed by full title."""

    statutes: Mapping[str, Statute]

    def article(self, law: str, article: str) -> str | None:
        """The text of an article, or None if the statute or article is not in the library."""
        statute = self.statutes.get(law)
        return None if statute is None else statute.articles.get(article)


def parse_statute(path: Path) -> Statute:
    """Read one statute file: title on line 1 (`# 全称`), articles after `<!-- INFO END -->`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("#").strip()
    articles: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_body = "<!-- INFO END -->" not in lines
    for line in lines[1:]:
        if not in_body:
            in_body = line.strip() == "<!-- INFO END -->"
            continue
        found = ARTICLE_LINE_RE.match(line)
        if found:
            current = articles.setdefault(found.group(1), [])
            current.append(line[found.end() :].strip())
        elif line.startswith("#"):
            current = None
        elif current is not None and line.strip():
            current.append(line.strip())
    texts = {number: "\n".join(parts) for number, parts in articles.items()}
    return Statute(title=title, path=path, articles=MappingProxyType(texts))


def load_laws(directory: Path) -> LawLibrary:
    """Parse every statute file in `directory` (README and hotlines are not statutes)."""
    statutes: dict[str, Statute] = {}
    for path in sorted(directory.glob("*.md")):
        if path.name in {"README.md", "hotlines.md"}:
            continue
        statute = parse_statute(path)
        statutes[statute.title] = statute
    return LawLibrary(statutes=MappingProxyType(statutes))


def quote_in(quote: str, text: str) -> bool:
    """Whether `quote` appears in `text`, ignoring whitespace; `……` may stand for skipped words."""
    haystack = _SPACES_RE.sub("", text)
    position = 0
    for piece in _SPACES_RE.sub("", quote).split(_GAP):
        if not piece:
            continue
        found = haystack.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True
