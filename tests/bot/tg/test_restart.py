"""Restart safety: the bot process is SIGKILLed while updates are pending and its replies are in
flight, then started again. Every update is answered exactly once and nothing stored is lost."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import make_engine, make_sessions
from storage.models import Direction, Message
from storage.models import User as Person
from tests.support.fake_bot_api import FakeBotApi, User
from tests.support.running import new_bot_token, start_bot, stop

QUESTIONS = [
    "老板欠我三个月工钱咋办",
    "红烧肉怎么做",
    "房东不退押金怎么办",
    "你好",
    "车被撞了怎么办",
]


@pytest.mark.slow
def test_sigkill_with_pending_updates_loses_nothing_and_answers_once(
    db_url: str, tmp_path: Path
) -> None:
    base = 7_000_000 + int(time.time() * 10) % 10_000_000 * 10
    early = [User(base + n) for n in range(10)]
    inflight = [User(base + 100 + n) for n in range(40)]
    late = early[:5]
    with FakeBotApi(token=new_bot_token()) as api:
        process = start_bot(api, db_url, tmp_path)
        try:
            api.wait_for(lambda: api.commands, timeout=60, what="bot started")
            for number, citizen in enumerate(early):
                api.send_text(citizen, QUESTIONS[number % len(QUESTIONS)])
            api.wait_for(lambda: all(api.messages(c.id) for c in early), what="early answers")
            api.hold_sends()
            for number, citizen in enumerate(inflight):
                api.send_text(citizen, QUESTIONS[number % len(QUESTIONS)])
            api.wait_for(lambda: api.held_sends >= 5, what="replies in flight")
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            api.release_sends(deliver=False)
            assert api.pending_updates(), "the kill came after every update was confirmed"
            for citizen in late:  # more arrive while the bot is down
                api.send_text(citizen, "谢谢")
            process = start_bot(api, db_url, tmp_path)
            everyone = [*early, *inflight]
            api.wait_for(
                lambda: (
                    all(api.messages(c.id) for c in everyone)
                    and all(len(api.messages(c.id)) >= 2 for c in late)
                    and not api.pending_updates()
                ),
                timeout=60,
                what="every update answered",
            )
            time.sleep(1.5)  # a reply sent twice would have arrived by now
        finally:
            stop(process)
        got = Counter({c.id: len(api.messages(c.id)) for c in everyone})
        want = Counter({c.id: 2 if c in late else 1 for c in everyone})
        wrong = {chat: (got[chat], want[chat]) for chat in want if got[chat] != want[chat]}
        assert not wrong, f"chat: (got, expected) {wrong}"
    engine = make_engine(db_url)
    ours = [str(c.id) for c in everyone]
    with make_sessions(engine).begin() as session:
        rows = session.execute(
            select(Message.direction, Message.sent_at)
            .join(Person)
            .where(Person.external_id.in_(ours))
        ).all()
    engine.dispose()
    stored = Counter(row[0] for row in rows)
    listing = "\n".join(str(tuple(row)) for row in rows)
    assert stored[Direction.IN] == len(everyone) + len(late), listing
    assert stored[Direction.OUT] == len(everyone) + len(late), listing
    assert all(row[1] is not None for row in rows if row[0] == Direction.OUT), listing
