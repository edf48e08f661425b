"""Turning a matcher result into replies: the cited answer, suggestions, or a kind refusal."""

from __future__ import annotations

from collections.abc import Mapping

from bot import messages
from bot.callbacks import FormStartCallback
from bot.replies import Button, Reply, Section
from knowledge.matcher import Match, Outcome, Result
from knowledge.schema import Entry

_SMALLTALK = {"greeting": messages.GREETING, "thanks": messages.THANKS, "bye": messages.BYE}


def answer_reply(entry: Entry, *, offer_form: bool = False) -> Reply:
    """The full answer card: answer, statutes, steps, where to go, disclaimer; and the form."""
    laws = tuple(f"《{c.law}》{c.article}" for c in entry.citations)
    places = tuple(
        place.name
        + (f"（电话 {place.hotline}）" if place.hotline else "")
        + (f"：{place.note}" if place.note else "")
        for place in entry.where
    )
    sections = (
        Section(tuple(p for p in entry.answer.split("\n") if p.strip()), messages.HEADING_ANSWER),
        Section(laws, messages.HEADING_LAW),
        Section(entry.steps, messages.HEADING_STEPS, numbered=True),
        Section(places, messages.HEADING_WHERE),
        Section((messages.DISCLAIMER,), messages.HEADING_NOTE),
    )
    buttons: tuple[tuple[Button, ...], ...] = ()
    if offer_form and entry.form:
        form_button = Button(messages.OFFER_FORM, FormStartCallback(form_id=entry.form).encode())
        buttons = ((form_button,),)
    return Reply(sections, buttons, faq_id=entry.id)


def suggestion_buttons(matches: tuple[Match, ...]) -> tuple[tuple[Button, ...], ...]:
    """One button per suggested question."""
    return tuple((Button(m.question, f"faq:{m.entry_id}"),) for m in matches)


def result_replies(
    result: Result, entry_of: Mapping[str, Entry], *, offer_form: bool = False
) -> list[Reply]:
    """Replies for a classified question (without channel-specific extras)."""
    if result.outcome is Outcome.ANSWER and result.best is not None:
        return [answer_reply(entry_of[result.best.entry_id], offer_form=offer_form)]
    if result.outcome is Outcome.SUGGEST:
        return [Reply.plain(messages.SUGGEST, buttons=suggestion_buttons(result.matches))]
    if result.outcome is Outcome.SMALLTALK:
        return [Reply.plain(_SMALLTALK.get(result.smalltalk or "", messages.GREETING))]
    if result.outcome is Outcome.EMPTY:
        return [Reply.plain(messages.EMPTY)]
    return [Reply.plain(messages.OUT_OF_SCOPE)]
