"""Load and cross-check a knowledge directory: categories, FAQ files, synonyms, hotlines."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from knowledge.calibration import DEFAULT, Calibration
from knowledge.errors import KnowledgeLoadError, Problem
from knowledge.laws import LawLibrary, quote_in
from knowledge.schema import (
    CategoriesFile,
    Category,
    Entry,
    FaqFile,
    HotlinesFile,
    SynonymsFile,
)
from knowledge.yamlfile import Locate, read_yaml

_CITED_IN_TEXT_RE = re.compile(
    # 《title》第…条, where a title may itself contain one 《…》 (the judicial interpretations do)
    r"《((?:[^《》]|《[^《》]*》){2,100})》(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)"
)
_HOTLINE_IN_TEXT_RE = re.compile(r"(?<![\d.,，])(12\d{3})(?![\d.,]|\s*[元块天人年月日万%个])")


@dataclass(frozen=True)
class Knowledge:
    """Everything the matcher and the answers need, validated and immutable."""

    categories: Mapping[str, Category]
    entries: tuple[Entry, ...]
    synonyms: SynonymsFile
    hotlines: Mapping[str, str]
    files: tuple[Path, ...]
    calibration: Calibration = DEFAULT
    userdict: Path | None = None
    by_id: Mapping[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        mapping = MappingProxyType({entry.id: entry for entry in self.entries})
        object.__setattr__(self, "by_id", mapping)

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id, if any."""
        return self.by_id.get(entry_id)


FIXED_FILES = (
    "categories.yaml",
    "synonyms.yaml",
    "hotlines.yaml",
    "calibration.yaml",
    "userdict.txt",
)


def knowledge_files(directory: Path) -> tuple[Path, ...]:
    """The files that make up a knowledge directory, in a stable order."""
    fixed = [directory / name for name in FIXED_FILES]
    return (*fixed, *sorted((directory / "faq").glob("*.yaml")))


def _check_entry(
    entry: Entry,
    place: tuple[str, Locate, int],
    categories: Mapping[str, Category],
    hotlines: Mapping[str, str],
    laws: LawLibrary | None,
) -> list[Problem]:
    file, locate, index = place
    problems: list[Problem] = []

    def report(loc: tuple[int | str, ...], message: str) -> None:
        problems.append(Problem(file, locate(("entries", index, *loc)), f"{entry.id}: {message}"))

    if entry.category not in categories:
        report(("category",), f"分类 {entry.category!r} 没有在 categories.yaml 中定义")
    for number, place_ in enumerate(entry.where):
        if place_.hotline is not None and place_.hotline not in hotlines:
            report(("where", number, "hotline"), f"热线 {place_.hotline} 不在已确认的热线清单中")
    texts = [entry.answer, *entry.steps, *(p.name + (p.note or "") for p in entry.where)]
    for text in texts:
        for number in _HOTLINE_IN_TEXT_RE.findall(text):
            if number not in hotlines:
                report(("answer",), f"正文提到的热线 {number} 不在已确认的热线清单中")
    if laws is None:
        return problems
    for number, citation in enumerate(entry.citations):
        article = laws.article(citation.law, citation.article)
        if citation.law not in laws.statutes:
            report(
                ("citations", number, "law"), f"法规《{citation.law}》不在法规文本库中（要写全称）"
            )
        elif article is None:
            report(("citations", number, "article"), f"《{citation.law}》没有{citation.article}")
        elif citation.quote and not quote_in(citation.quote, article):
            report(
                ("citations", number, "quote"),
                f"引文不在《{citation.law}》{citation.article}中：{citation.quote[:30]}",
            )
    for text in texts:
        for law, article_number in _CITED_IN_TEXT_RE.findall(text):
            if law not in laws.statutes:
                report(("answer",), f"正文引用的《{law}》不在法规文本库中（要写全称）")
            elif laws.article(law, article_number) is None:
                report(("answer",), f"正文引用的《{law}》没有{article_number}")
    return problems


def validate_knowledge(
    directory: Path, laws: LawLibrary | None
) -> tuple[Knowledge | None, list[Problem]]:
    """Load a knowledge directory and return it with every problem found (None if any)."""
    problems: list[Problem] = []
    cats, found, _ = read_yaml(directory / "categories.yaml", CategoriesFile)
    problems += found
    synonyms, found, _ = read_yaml(directory / "synonyms.yaml", SynonymsFile)
    problems += found
    hotline_file, found, _ = read_yaml(directory / "hotlines.yaml", HotlinesFile)
    problems += found
    categories = {c.id: c for c in cats.categories} if cats else {}
    hotlines = hotline_file.hotlines if hotline_file else {}
    calibration = DEFAULT
    if (directory / "calibration.yaml").exists():
        loaded, found, _ = read_yaml(directory / "calibration.yaml", Calibration)
        problems += found
        calibration = loaded or DEFAULT
    faq_paths = knowledge_files(directory)[len(FIXED_FILES) :]
    if not faq_paths:
        problems.append(
            Problem(str(directory / "faq"), None, "没有找到任何 FAQ 文件（faq/*.yaml）")
        )
    entries: list[Entry] = []
    first_seen: dict[str, str] = {}
    for path in faq_paths:
        faq, found, locate = read_yaml(path, FaqFile)
        problems += found
        if faq is None:
            continue
        for index, entry in enumerate(faq.entries):
            line = locate(("entries", index, "id"))
            where = f"{path}:{line}"
            if entry.id in first_seen:
                message = f"id {entry.id!r} 重复（第一次出现在 {first_seen[entry.id]}）"
                problems.append(Problem(str(path), line, message))
            first_seen.setdefault(entry.id, where)
            problems += _check_entry(entry, (str(path), locate, index), categories, hotlines, laws)
            entries.append(entry)
    userdict = directory / "userdict.txt"
    if problems or cats is None or synonyms is None:
        return None, problems
    knowledge = Knowledge(
        categories=MappingProxyType(categories),
        entries=tuple(entries),
        synonyms=synonyms,
        hotlines=MappingProxyType(dict(hotlines)),
        files=knowledge_files(directory),
        calibration=calibration,
        userdict=userdict if userdict.exists() else None,
    )
    return knowledge, []


def load_knowledge(directory: Path, laws: LawLibrary | None) -> Knowledge:
    """Load a knowledge directory or raise KnowledgeLoadError listing every problem."""
    knowledge, problems = validate_knowledge(directory, laws)
    if knowledge is None:
        raise KnowledgeLoadError(problems)
    return knowledge
