"""Channel-agnostic replies: sections of text and buttons, rendered by each adapter."""

from __future__ import annotations

from dataclasses import dataclass


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
    """One message to the citizen."""

    sections: tuple[Section, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()

    @classmethod
    def plain(cls, *lines: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> Reply:
        """A reply of plain lines without headings."""
        return cls((Section(tuple(lines)),), buttons)

    def text(self) -> str:
        """Plain-text rendering, for the terminal and the JSON answer field."""
        blocks: list[str] = []
        for section in self.sections:
            lines = [f"【{section.heading}】"] if section.heading else []
            for number, line in enumerate(section.lines, start=1):
                lines.append(f"{number}. {line}" if section.numbered else line)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)
