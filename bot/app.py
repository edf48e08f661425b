"""Composition root: builds the services from settings; adapters receive them ready-made."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.assistant import Assistant
from bot.conversation import Conversation, FloodGuard
from bot.settings import Settings
from knowledge.laws import LawLibrary, load_laws
from knowledge.matcher import Thresholds
from knowledge.reloader import KnowledgeStore
from storage.db import make_engine, make_sessions, upgrade


@dataclass(frozen=True)
class Services:
    """Everything a channel needs, built once."""

    settings: Settings
    knowledge: KnowledgeStore
    assistant: Assistant
    engine: Engine
    sessions: sessionmaker[Session]
    conversation: Conversation


def thresholds_of(settings: Settings) -> Thresholds:
    """Matcher thresholds from config."""
    m = settings.match
    return Thresholds(m.confident, m.margin, m.suggest, m.suggestions)


def build(settings: Settings, *, check_citations: bool = True) -> Services:
    """Load knowledge, migrate the database, and wire the core."""
    laws: LawLibrary | None = None
    if check_citations and settings.laws_dir.is_dir():
        laws = load_laws(settings.laws_dir)
    knowledge = KnowledgeStore(settings.knowledge_dir, laws)
    assistant = Assistant(knowledge, thresholds_of(settings))
    engine = make_engine(settings.database)
    upgrade(engine)
    sessions = make_sessions(engine)
    conversation = Conversation(assistant, sessions, FloodGuard())
    return Services(settings, knowledge, assistant, engine, sessions, conversation)
