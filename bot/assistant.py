"""The core conversation: maps an Incoming message to replies, without any channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from bot import messages
from bot.answers import answer_reply, result_replies
from bot.callbacks import FaqCallback, MenuCallback, parse_callback
from bot.replies import Button, Reply
from dialogs.events import Attach
from knowledge.matcher import Result, Thresholds, classify
from knowledge.reloader import KnowledgeStore

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000


class Kind(StrEnum):
    """What arrived from the citizen."""

    TEXT = "text"
    COMMAND = "command"
    CALLBACK = "callback"
    MEDIA = "media"


@dataclass(frozen=True)
class Incoming:
    """A message from a person on any channel; `user` is channel-qualified (tg:123).
    A photo or document comes with its `attachment` (kept by the channel's file id)."""

    user: str
    kind: Kind
    text: str = ""
    language: str | None = None
    attachment: Attach | None = None

    @property
    def channel(self) -> str:
        """The channel part of `user`."""
        return self.user.partition(":")[0]

    @property
    def command(self) -> str:
        """The command name, for commands; empty otherwise."""
        return command_name(self.text) if self.kind is Kind.COMMAND else ""

    @property
    def external_id(self) -> str:
        """The channel's own id of the person."""
        return self.user.partition(":")[2]


def command_name(text: str) -> str:
    """'/start' from '/start@legalbot arg'; empty when the text is no command."""
    words = text.split()
    return words[0].split("@")[0].lower() if words and words[0].startswith("/") else ""


def menu_buttons() -> tuple[tuple[Button, ...], ...]:
    """The main menu, two items a row."""
    items = [Button(label, MenuCallback(item=key).encode()) for key, label in messages.MENU.items()]  # type: ignore[arg-type]
    return tuple(tuple(items[i : i + 2]) for i in range(0, len(items), 2))


class Assistant:
    """Answers questions from the FAQ and the menu; the one core every channel drives."""

    def __init__(self, knowledge: KnowledgeStore, thresholds: Thresholds) -> None:
        self.knowledge = knowledge
        self.thresholds = thresholds

    def ask(self, question: str) -> Result:
        """Classify one question against the current knowledge."""
        return classify(self.knowledge.index, question[:MAX_QUESTION_CHARS], self.thresholds)

    def handle(self, incoming: Incoming) -> tuple[list[Reply], Result | None]:
        """Replies for one incoming message, and the matcher's result when it was a question."""
        if incoming.kind is Kind.COMMAND:
            return self.command(incoming.text), None
        if incoming.kind is Kind.CALLBACK:
            return self.callback(incoming.text), None
        if incoming.kind is Kind.MEDIA:
            return [Reply.plain(messages.MEDIA)], None
        result = self.ask(incoming.text)
        return self.replies_for(result), result

    def replies_for(self, result: Result, *, offer_form: bool = True) -> list[Reply]:
        """The replies for a classified question; answers may offer their complaint form."""
        return result_replies(result, self.knowledge.index.knowledge.by_id, offer_form=offer_form)

    def command(self, text: str) -> list[Reply]:
        """/start, /help; anything else gets a helpful pointer."""
        name = command_name(text)
        if name == "/start":
            return [Reply.plain(messages.START, buttons=menu_buttons())]
        if name == "/help":
            return [Reply.plain(messages.HELP)]
        return [Reply.plain(messages.UNKNOWN_COMMAND)]

    def callback(self, data: str) -> list[Reply]:
        """Suggestion and menu buttons."""
        callback = parse_callback(data)
        if isinstance(callback, FaqCallback):
            entry = self.knowledge.index.knowledge.entry(callback.entry_id)
            if entry is not None:
                return [answer_reply(entry, offer_form=True)]
        if isinstance(callback, MenuCallback):
            if callback.item == "ask":
                return [Reply.plain(messages.MENU_ASK)]
            if callback.item == "help":
                return [Reply.plain(messages.HELP)]
            return [Reply.plain(messages.COMING_SOON)]
        return [Reply.plain(messages.STALE_BUTTON)]
