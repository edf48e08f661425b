"""Hot reload: serve the last good value; swap in a new one only when the changed files validate."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from knowledge.errors import KnowledgeLoadError, Problem
from knowledge.index import Index, build_index
from knowledge.laws import LawLibrary
from knowledge.loader import knowledge_files, load_knowledge

log = logging.getLogger(__name__)

T = TypeVar("T")
Signature = tuple[tuple[str, float, int], ...]


@dataclass(frozen=True)
class ReloadReport:
    """What a reload did: whether the new version is serving, and the problems if not."""

    loaded: bool
    problems: tuple[Problem, ...] = ()
    ms: float = 0.0


def signature(paths: Sequence[Path]) -> Signature:
    """Name, mtime and size of each file: cheap to compare every few seconds."""
    parts = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            parts.append((str(path), -1.0, -1))
            continue
        parts.append((str(path), stat.st_mtime, stat.st_size))
    return tuple(parts)


class Reloader(Generic[T]):
    """Holds one loaded value; `reload` and `refresh` replace it only with a valid one."""

    def __init__(
        self, name: str, files: Callable[[], Sequence[Path]], load: Callable[[], T]
    ) -> None:
        self.name, self._files, self._load = name, files, load
        self._lock = threading.Lock()
        self._signature = signature(files())
        self._current = load()
        self.last_report = ReloadReport(True)

    @property
    def current(self) -> T:
        """The value currently serving."""
        return self._current

    def reload(self) -> ReloadReport:
        """Load again; keep serving the last good value if the files do not validate."""
        with self._lock:
            started = time.perf_counter()
            seen = signature(self._files())
            try:
                value = self._load()
            except KnowledgeLoadError as error:
                report = ReloadReport(False, tuple(error.problems), _ms(started))
                log.warning("reload_rejected what=%s problems=%d", self.name, len(error.problems))
            else:
                self._current = value
                report = ReloadReport(True, (), _ms(started))
                log.info("reload_loaded what=%s ms=%.0f", self.name, report.ms)
            self._signature = seen
            self.last_report = report
            return report

    def refresh(self) -> ReloadReport | None:
        """Reload if any file changed since the last attempt; None if nothing changed."""
        if signature(self._files()) == self._signature:
            return None
        return self.reload()


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


class KnowledgeStore(Reloader[Index]):
    """The FAQ index of a knowledge directory, reloaded when its files change."""

    def __init__(self, directory: Path, laws: LawLibrary | None = None) -> None:
        self.directory, self.laws = directory, laws
        super().__init__(
            "knowledge",
            lambda: knowledge_files(directory),
            lambda: build_index(load_knowledge(directory, laws)),
        )

    @property
    def index(self) -> Index:
        """The index currently serving."""
        return self.current
