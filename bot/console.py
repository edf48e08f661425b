"""The terminal chat: the same assistant as Telegram, one citizen, plain text."""

from __future__ import annotations

from typing import TextIO

from bot import messages
from bot.assistant import Assistant, Incoming, Kind
from bot.replies import Reply

QUIT = {"退出", "quit", "exit", "/quit", "q"}
USER = "console:local"


def _show(reply: Reply, out: TextIO) -> list[str]:
    out.write(reply.text() + "\n")
    choices = [button.data for row in reply.buttons for button in row]
    for number, row in enumerate(reply.buttons, start=1):
        out.write(f"  [{number}] {' / '.join(button.label for button in row)}\n")
    out.write("\n")
    return choices


def chat(assistant: Assistant, stdin: TextIO, out: TextIO) -> None:
    """Read lines until end of input or 退出; a number picks one of the last buttons."""
    out.write(messages.CONSOLE_BANNER + "\n\n")
    choices: list[str] = []
    while True:
        out.write("> ")
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            return
        text = line.strip()
        if text in QUIT:
            out.write(messages.BYE + "\n")
            return
        if not text:
            continue
        if text.isdigit() and 1 <= int(text) <= len(choices):
            incoming = Incoming(USER, Kind.CALLBACK, choices[int(text) - 1])
        else:
            incoming = Incoming(USER, Kind.TEXT, text)
        assistant.knowledge.refresh()
        choices = []
        for reply in assistant.handle(incoming):
            choices += _show(reply, out)
