"""The terminal chat: the same conversation core as Telegram, one citizen, plain text."""

from __future__ import annotations

from typing import TextIO

from bot import messages
from bot.assistant import Incoming, Kind
from bot.conversation import Conversation, Outgoing

QUIT = {"退出", "quit", "exit", "/quit", "q"}
HELP_WORDS = {"帮助", "help", "?", "？"}
CHANNEL = "console"
USER = f"{CHANNEL}:local"


def _show(outgoing: Outgoing, out: TextIO) -> list[str]:
    reply = outgoing.reply
    out.write(reply.text() + "\n")
    choices = [button.data for row in reply.buttons for button in row]
    number = 0
    for row in reply.buttons:
        labels = []
        for button in row:
            number += 1
            labels.append(f"[{number}] {button.label}")
        out.write("  " + "  ".join(labels) + "\n")
    out.write("\n")
    return choices


CONTROLS = ("f:b", "f:s", "f:x")  # 上一步, 跳过, 取消: typed as words, never as numbers


def _incoming(text: str, choices: list[str], user: str) -> Incoming:
    # A number picks a button only when there is something to pick: a field asking for an
    # amount or a head count must be able to take "1" or "2" as an answer.
    picking = any(not choice.startswith(CONTROLS) for choice in choices)
    if picking and text.isdigit() and 1 <= int(text) <= len(choices):
        return Incoming(user, Kind.CALLBACK, choices[int(text) - 1])
    if text in HELP_WORDS:
        return Incoming(user, Kind.COMMAND, "/help")
    if text.startswith("/"):
        return Incoming(user, Kind.COMMAND, text)
    return Incoming(user, Kind.TEXT, text)


def chat(conversation: Conversation, stdin: TextIO, out: TextIO, user: str = USER) -> None:
    """Read lines until end of input or 退出; a number presses one of the last buttons."""
    out.write(messages.CONSOLE_BANNER + "\n\n")
    choices: list[str] = []
    for pending in conversation.undelivered(CHANNEL):
        if pending.chat == user:
            choices = _show(pending, out)
            conversation.delivered(pending.id, None)
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
        conversation.assistant.knowledge.refresh()
        conversation.intake.forms.refresh()
        shown: list[str] = []
        for outgoing in conversation.receive(_incoming(text, choices, user), user):
            shown += _show(outgoing, out)
            conversation.delivered(outgoing.id, None)
        choices = shown or choices
