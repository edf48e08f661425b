"""Hot reload: the current index, swapped for a new one only when the changed files validate."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import KnowledgeLoadError, Problem
from knowledge.index import Index, build_index
from knowledge.laws import LawLibrary
from knowledge.loader import knowledge_files, load_knowledge

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, float, int], ...]


@dataclass(frozen=True)
class ReloadReport:
    """What a reload did: whether the new knowledge is serving, and the problems if not."""

    loaded: bool
    problems: tuple[Problem, ...] = ()
    entries: int = 0
    ms: float = 0.0


def _signature(directory: Path) -> Signature:
    parts = []
    for path in knowledge_files(directory):
        try:
            stat = path.stat()
        except OSError:
            parts.append((str(path), -1.0, -1))
            continue
        parts.append((str(path), stat.st_mtime, stat.st_size))
    return tuple(parts)


class KnowledgeStore:
    """Serves one Index at a time; `reload` and `refresh` replace it only with a valid one."""

    def __init__(self, directory: Path, laws: LawLibrary | None = None) -> None:
        self.directory = directory
        self.laws = laws
        self._lock = threading.Lock()
        self._signature = _signature(directory)
        self._index = build_index(load_knowledge(directory, laws))
        self.last_report = ReloadReport(True, entries=self._index.size)

    @property
    def index(self) -> Index:
        """The index currently serving."""
        return self._index

    def reload(self) -> ReloadReport:
        """Load the files again; keep serving the last good index if they do not validate."""
        with self._lock:
            started = time.perf_counter()
            signature = _signature(self.directory)
            try:
                index = build_index(load_knowledge(self.directory, self.laws))
            except KnowledgeLoadError as error:
                self._signature = signature
                ms = (time.perf_counter() - started) * 1000
                report = ReloadReport(False, tuple(error.problems), self._index.size, ms)
                log.warning("knowledge_reload rejected problems=%d", len(error.problems))
            else:
                self._index, self._signature = index, signature
                ms = (time.perf_counter() - started) * 1000
                report = ReloadReport(True, (), index.size, ms)
                log.info("knowledge_reload loaded entries=%d ms=%.0f", index.size, ms)
            self.last_report = report
            return report

    def refresh(self) -> ReloadReport | None:
        """Reload if any knowledge file changed since the last attempt; None if nothing changed."""
        if _signature(self.directory) == self._signature:
            return None
        return self.reload()
