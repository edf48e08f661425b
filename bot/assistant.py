"""The core conversation: maps an Incoming message to replies, without any channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from bot import messages
from bot.answers import answer_reply, result_replies
from bot.replies import Reply
from knowledge.matcher import Result, Thresholds, classify
from knowledge.reloader import KnowledgeStore

log = logging.getLogger(__name__)


class Kind(StrEnum):
    """What arrived from the citizen."""

    TEXT = "text"
    COMMAND = "command"
    CALLBACK = "callback"
    MEDIA = "media"


@dataclass(frozen=True)
class Incoming:
    """A message from a citizen on any channel; `user` is channel-qualified (tg:123)."""

    user: str
    kind: Kind
    text: str = ""


class Assistant:
    """Answers questions from the FAQ; the one core that every channel drives."""

    def __init__(self, knowledge: KnowledgeStore, thresholds: Thresholds) -> None:
        self.knowledge = knowledge
        self.thresholds = thresholds

    def ask(self, question: str) -> Result:
        """Classify one question against the current knowledge."""
        return classify(self.knowledge.index, question, self.thresholds)

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Replies for one incoming message."""
        if incoming.kind is Kind.CALLBACK:
            return self._callback(incoming.text)
        if incoming.kind is Kind.MEDIA:
            return [Reply.plain(messages.EMPTY)]
        result = self.ask(incoming.text)
        log.info("question outcome=%s faq=%s", result.outcome, result.best and result.best.entry_id)
        entries = {entry.id: entry for entry in self.knowledge.index.knowledge.entries}
        return result_replies(result, entries)

    def _callback(self, data: str) -> list[Reply]:
        prefix, _, value = data.partition(":")
        if prefix == "faq":
            entry = self.knowledge.index.knowledge.entry(value)
            if entry is not None:
                return [answer_reply(entry)]
        return [Reply.plain(messages.OUT_OF_SCOPE)]
