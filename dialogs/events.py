"""What can happen to a draft (typed text, a button, a file) and what the engine says back."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from knowledge.normalize import clean


class Action(StrEnum):
    """Buttons of a form; the short values travel in callback data."""

    CHOOSE = "c"
    TOGGLE = "t"
    DONE = "d"
    BACK = "b"
    SKIP = "s"
    CANCEL = "x"
    CONFIRM_CANCEL = "xy"
    KEEP = "xn"
    EDIT = "e"
    SUBMIT = "ok"
    AGREE = "y"
    DECLINE = "n"


@dataclass(frozen=True)
class Say:
    """Text the citizen typed."""

    text: str


@dataclass(frozen=True)
class Press:
    """A form button: an action, for a field, with a value (an option)."""

    action: Action
    field: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class Attach:
    """A photo or document sent as evidence (kept by its channel file id)."""

    kind: str
    file_id: str
    name: str | None = None
    mime: str | None = None
    size: int | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "kind": self.kind,
            "file_id": self.file_id,
            "name": self.name,
            "mime": self.mime,
            "size": self.size,
        }


Event = Say | Press | Attach


@dataclass(frozen=True)
class Button:
    """A button the engine offers."""

    label: str
    press: Press


@dataclass(frozen=True)
class Prompt:
    """Something the engine says, with its buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


_WORDS: dict[str, tuple[Action, tuple[str, ...]]] = {
    "上一步": (Action.BACK, ()),
    "返回": (Action.BACK, ()),
    "后退": (Action.BACK, ()),
    "跳过": (Action.SKIP, ()),
    "取消": (Action.CANCEL, ()),
    "不填了": (Action.CANCEL, ()),
    "不登记了": (Action.CANCEL, ()),
    "完成": (Action.DONE, ("field",)),
    "发完了": (Action.DONE, ("field",)),
    "选好了": (Action.DONE, ("field",)),
    "提交": (Action.SUBMIT, ("summary",)),
    "确认提交": (Action.SUBMIT, ("summary",)),
    "同意": (Action.AGREE, ("consent",)),
    "我同意": (Action.AGREE, ("consent",)),
    "同意并开始": (Action.AGREE, ("consent",)),
    "不同意": (Action.DECLINE, ("consent",)),
    "确定取消": (Action.CONFIRM_CANCEL, ("cancel",)),
    "确定": (Action.CONFIRM_CANCEL, ("cancel",)),
    "继续填写": (Action.KEEP, ("cancel",)),
    "继续": (Action.KEEP, ("cancel",)),
}


def control_of(text: str, stage: str) -> Action | None:
    """A control word typed instead of pressed (上一步, 跳过, 取消 …), valid in this stage."""
    word = clean(text).replace(" ", "")
    found = _WORDS.get(word)
    if found is None:
        return None
    action, stages = found
    return action if not stages or stage in stages else None
