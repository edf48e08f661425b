"""Composition root: builds the services from settings; adapters receive them ready-made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.assistant import Assistant
from bot.conversation import Conversation, FloodGuard
from bot.intake import Intake
from bot.mycases import CaseDesk
from bot.settings import Settings, thresholds_of
from dialogs.loader import FormStore
from handoff.cases import CHINA
from knowledge.laws import LawLibrary, load_laws
from knowledge.reloader import KnowledgeStore
from storage.db import make_engine, make_sessions, upgrade


@dataclass(frozen=True)
class Services:
    """Everything a channel needs, built once."""

    settings: Settings
    knowledge: KnowledgeStore
    forms: FormStore
    assistant: Assistant
    engine: Engine
    sessions: sessionmaker[Session]
    conversation: Conversation


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
    forms = FormStore(settings.forms_dir)
    intake = Intake(forms, assistant, lambda: datetime.now(CHINA).date())
    conversation = Conversation(assistant, sessions, FloodGuard(), intake, CaseDesk(forms))
    return Services(settings, knowledge, forms, assistant, engine, sessions, conversation)
