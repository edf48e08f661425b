"""Typed errors the core raises; adapters turn them into kind replies."""

from __future__ import annotations

from dataclasses import dataclass


class LegalbotError(Exception):
    """Base of every error the core raises on purpose."""


class InvalidInput(LegalbotError):
    """What the citizen typed cannot be understood for the question asked."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a knowledge or form file, with where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class KnowledgeLoadError(LegalbotError):
    """Knowledge (or form) files failed validation; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
