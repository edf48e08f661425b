"""Load the forms directory: every *.yaml validated, each problem with its file and line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from dialogs.schema import Form
from knowledge.errors import KnowledgeLoadError, Problem
from knowledge.reloader import Reloader
from knowledge.yamlfile import read_yaml

Forms = Mapping[str, Form]


def form_files(directory: Path) -> list[Path]:
    """The form files, in a stable order."""
    return sorted(directory.glob("*.yaml"))


def validate_forms(directory: Path) -> tuple[Forms | None, list[Problem]]:
    """All forms by id, or None with every problem found."""
    problems: list[Problem] = []
    forms: dict[str, Form] = {}
    for path in form_files(directory):
        form, found, locate = read_yaml(path, Form)
        problems += found
        if form is None:
            continue
        if form.id != path.stem:
            problems.append(
                Problem(str(path), locate(("id",)), f"表单 id {form.id!r} 应与文件名一致")
            )
        if form.id in forms:
            problems.append(Problem(str(path), locate(("id",)), f"表单 id {form.id!r} 重复"))
        forms[form.id] = form
    if not forms and not problems:
        problems.append(Problem(str(directory), None, "没有找到任何表单（*.yaml）"))
    return (None, problems) if problems else (MappingProxyType(forms), [])


def load_forms(directory: Path) -> Forms:
    """All forms by id, or KnowledgeLoadError listing every problem."""
    forms, problems = validate_forms(directory)
    if forms is None:
        raise KnowledgeLoadError(problems)
    return forms


class FormStore(Reloader[Forms]):
    """The forms of a directory, reloaded when their files change."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        super().__init__("forms", lambda: form_files(directory), lambda: load_forms(directory))
