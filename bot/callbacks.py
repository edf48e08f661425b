"""Callback data carried by inline buttons: short strings (≤ 64 bytes), parsed by pydantic."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_BYTES = 64
MENU_ITEMS = ("ask", "file", "expert", "mediate", "cases", "help")


class _Callback(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FaqCallback(_Callback):
    """Show the answer of one FAQ entry (a suggestion was pressed)."""

    entry_id: str = Field(pattern=r"^[a-z][a-z0-9_-]{1,55}$")

    def encode(self) -> str:
        """The button's data string."""
        return f"faq:{self.entry_id}"


class FeedbackCallback(_Callback):
    """有帮助 / 没帮助 on the answer to the question stored as transcript message `message_id`."""

    message_id: int = Field(ge=1, lt=10**15)
    helpful: bool

    def encode(self) -> str:
        """The button's data string."""
        return f"fb:{self.message_id}:{int(self.helpful)}"


class MenuCallback(_Callback):
    """A main-menu item."""

    item: Literal["ask", "file", "expert", "mediate", "cases", "help"]

    def encode(self) -> str:
        """The button's data string."""
        return f"menu:{self.item}"


class EraseCallback(_Callback):
    """Confirm or cancel erasing the citizen's personal data."""

    confirm: bool

    def encode(self) -> str:
        """The button's data string."""
        return f"erase:{int(self.confirm)}"


class FormStartCallback(_Callback):
    """Start filling in a form."""

    form_id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")

    def encode(self) -> str:
        """The button's data string."""
        return f"form:{self.form_id}"


class FormPressCallback(_Callback):
    """A button inside a form: action, field, option value."""

    action: Literal["c", "t", "d", "b", "s", "x", "xy", "xn", "e", "ok", "y", "n"]
    field: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]{0,30}$")
    value: str | None = Field(default=None, pattern=r"^[a-z0-9_]{1,20}$")

    def encode(self) -> str:
        """The button's data string."""
        return ":".join(["f", self.action, self.field or "", self.value or ""]).rstrip(":")


class CaseCallback(_Callback):
    """Show one of my cases, or start adding information to it."""

    number: str = Field(pattern=r"^LB-\d{8}-\d{4,6}$")
    add: bool = False

    def encode(self) -> str:
        """The button's data string."""
        return f"{'add' if self.add else 'case'}:{self.number}"


Callback = (
    FaqCallback
    | FeedbackCallback
    | MenuCallback
    | EraseCallback
    | FormStartCallback
    | FormPressCallback
    | CaseCallback
)


def parse_callback(data: str) -> Callback | None:
    """The callback a button sent, or None for anything malformed or stale."""
    if len(data.encode()) > MAX_BYTES:
        return None
    parsed = _parse(data)
    # Only the canonical spelling is accepted, so every callback has exactly one encoding.
    return parsed if parsed is not None and parsed.encode() == data else None


def _parse(data: str) -> Callback | None:
    kind, _, rest = data.partition(":")
    try:
        if kind == "faq":
            return FaqCallback(entry_id=rest)
        if kind == "fb":
            number, _, helpful = rest.partition(":")
            if helpful not in ("0", "1") or not number.isdigit():
                return None
            return FeedbackCallback(message_id=int(number), helpful=helpful == "1")
        if kind == "menu":
            return MenuCallback.model_validate({"item": rest})
        if kind == "erase" and rest in ("0", "1"):
            return EraseCallback(confirm=rest == "1")
        if kind == "form":
            return FormStartCallback(form_id=rest)
        if kind == "f":
            action, _, tail = rest.partition(":")
            field, _, value = tail.partition(":")
            return FormPressCallback.model_validate(
                {"action": action, "field": field or None, "value": value or None}
            )
        if kind in ("case", "add"):
            return CaseCallback(number=rest, add=kind == "add")
    except ValidationError:
        return None
    return None
