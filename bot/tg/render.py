"""Replies as Telegram HTML messages: escaped, headed, split under the length limit."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.replies import Reply

MAX_UTF16 = 4096


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _blocks(reply: Reply) -> list[str]:
    blocks: list[str] = []
    for section in reply.sections:
        lines = [f"<b>{html.escape(section.heading)}</b>"] if section.heading else []
        for number, line in enumerate(section.lines, start=1):
            text = html.escape(line, quote=False)
            lines.append(f"{number}. {text}" if section.numbered else text)
        blocks.append("\n".join(lines))
    return blocks


def _split_long(text: str, limit: int) -> list[str]:
    """Split one over-long block at line ends, else at characters (never inside an entity)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while utf16_length(line) > limit:
            cut = limit
            while utf16_length(line[:cut]) > limit or line[:cut].rfind("&") > line[:cut].rfind(";"):
                cut -= 1
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    if current:
        pieces.append(current)
    return pieces


def to_html(reply: Reply, limit: int = MAX_UTF16) -> list[str]:
    """The reply as one or more HTML messages, each within Telegram's limit."""
    messages: list[str] = []
    current = ""
    for block in _blocks(reply):
        for piece in _split_long(block, limit) if utf16_length(block) > limit else [block]:
            candidate = f"{current}\n\n{piece}" if current else piece
            if utf16_length(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages or ["…"]


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )
