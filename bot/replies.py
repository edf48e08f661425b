"""Channel-agnostic replies: sections of text and buttons, rendered by each adapter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Button:
    """An inline button: what the citizen sees and the callback data it sends back."""

    label: str
    data: str


@dataclass(frozen=True)
class Section:
    """A block of a reply: an optional heading and its lines (numbered for steps)."""

    lines: tuple[str, ...]
    heading: str | None = None
    numbered: bool = False


@dataclass(frozen=True)
class Reply:
    """One message to a person. `faq_id` marks an FAQ answer (it gets feedback buttons);
    `notice` marks a short acknowledgement a channel may show as a toast."""

    sections: tuple[Section, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    faq_id: str | None = None
    notice: bool = False

    @classmethod
    def plain(
        cls, *lines: str, buttons: tuple[tuple[Button, ...], ...] = (), notice: bool = False
    ) -> Reply:
        """A reply of plain lines without headings."""
        return cls((Section(tuple(lines)),), buttons, notice=notice)

    def text(self) -> str:
        """Plain-text rendering, for the terminal and the JSON answer field."""
        blocks: list[str] = []
        for section in self.sections:
            lines = [f"【{section.heading}】"] if section.heading else []
            for number, line in enumerate(section.lines, start=1):
                lines.append(f"{number}. {line}" if section.numbered else line)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def with_buttons(self, *rows: tuple[Button, ...]) -> Reply:
        """The same reply with more button rows below."""
        return Reply(self.sections, (*self.buttons, *rows), self.faq_id, self.notice)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, stored in the outbox so a restart can send it again unchanged."""
        return {
            "sections": [
                {"lines": list(s.lines), "heading": s.heading, "numbered": s.numbered}
                for s in self.sections
            ],
            "buttons": [[{"label": b.label, "data": b.data} for b in row] for row in self.buttons],
            "faq_id": self.faq_id,
            "notice": self.notice,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        """Inverse of to_dict."""
        sections = tuple(
            Section(tuple(s["lines"]), s.get("heading"), bool(s.get("numbered")))
            for s in data["sections"]
        )
        buttons = tuple(
            tuple(Button(b["label"], b["data"]) for b in row) for row in data.get("buttons", [])
        )
        return cls(sections, buttons, data.get("faq_id"), bool(data.get("notice")))
