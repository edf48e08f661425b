"""Safe, located YAML reading: size-capped, no aliases, every error with its file and line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024

ModelT = TypeVar("ModelT", bound=BaseModel)
Locate = Callable[[Sequence[int | str]], int | None]


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_tree(node: yaml.Node, problems: list[Problem], file: str, seen: set[int]) -> bool:
    """Report duplicate keys; False at the first alias (a node reached twice), before any
    expansion, so a YAML bomb costs nothing."""
    if id(node) in seen:
        line = node.start_mark.line + 1
        problems.append(Problem(file, line, "不支持 YAML 别名（&锚点/*引用），请把内容直接写出来"))
        return False
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in keys:
                    line = key.start_mark.line + 1
                    problems.append(Problem(file, line, f"键 {key.value!r} 重复出现"))
                keys.add(key.value)
            if not _check_tree(key, problems, file, seen) or not _check_tree(
                value, problems, file, seen
            ):
                return False
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if not _check_tree(item, problems, file, seen):
                return False
    return True


def _locator(root: yaml.Node | None) -> Locate:
    def locate(loc: Sequence[int | str]) -> int | None:
        node = root
        line = None if node is None else node.start_mark.line + 1
        for part in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if k.value == part), None)
                if child is None:
                    child = next((k for k, _ in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                child = node.value[part] if 0 <= part < len(node.value) else None
            if child is None:
                break
            node, line = child, child.start_mark.line + 1
        return line

    return locate


_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "有未知字段（拼写错误？）",
    "string_type": "应为文字",
    "string_too_short": "内容太短",
    "too_short": "项目太少",
    "tuple_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "literal_error": "取值不在允许范围内",
}


def _plain(error: Any) -> str:
    field = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == "value_error":
        text = str(error.get("ctx", {}).get("error", error["msg"]))
    elif kind in _MESSAGES:
        text = _MESSAGES[kind]
        if kind == "too_short":
            text += f"（至少 {error.get('ctx', {}).get('min_length', '?')} 项）"
        elif kind == "string_too_short":
            text += f"（至少 {error.get('ctx', {}).get('min_length', '?')} 个字）"
    else:
        text = error["msg"]
    return f"{field}: {text}" if field else text


def read_yaml(
    path: Path, model: type[ModelT], *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[ModelT | None, list[Problem], Locate]:
    """Parse and validate one file; on any problem the model is None and problems say why."""
    file = str(path)
    problems: list[Problem] = []
    nowhere: Locate = _locator(None)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            message = f"文件过大（{size} 字节，上限 {max_bytes} 字节）"
            return None, [Problem(file, None, message)], nowhere
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(file, None, f"无法读取文件：{error}")], nowhere
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None and not _check_tree(root, problems, file, set()):
            return None, problems, nowhere
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        return None, [Problem(file, line, f"YAML 格式错误：{error.problem}")], nowhere
    except yaml.YAMLError as error:
        return None, [Problem(file, None, f"YAML 格式错误：{error}")], nowhere
    finally:
        loader.dispose()
    locate = _locator(root)
    try:
        parsed = model.model_validate(data if data is not None else {})
    except ValidationError as error:
        for item in error.errors():
            problems.append(Problem(file, locate(item["loc"]), _plain(item)))
        return None, problems, locate
    return (None if problems else parsed), problems, locate
