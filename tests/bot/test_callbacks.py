from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import (
    EraseCallback,
    FaqCallback,
    FeedbackCallback,
    MenuCallback,
    parse_callback,
)


@given(st.integers(min_value=1, max_value=10**15 - 1), st.booleans())
def test_feedback_round_trips_within_64_bytes(message_id: int, helpful: bool) -> None:
    callback = FeedbackCallback(message_id=message_id, helpful=helpful)
    assert len(callback.encode().encode()) <= 64
    assert parse_callback(callback.encode()) == callback


@given(st.from_regex(r"[a-z][a-z0-9_-]{1,55}", fullmatch=True))
def test_faq_round_trips(entry_id: str) -> None:
    assert parse_callback(FaqCallback(entry_id=entry_id).encode()) == FaqCallback(entry_id=entry_id)


def test_menu_and_erase_round_trip() -> None:
    for item in ("ask", "file", "expert", "mediate", "cases", "help"):
        callback = MenuCallback(item=item)  # type: ignore[arg-type]
        assert parse_callback(callback.encode()) == callback
    assert parse_callback("erase:1") == EraseCallback(confirm=True)


@given(st.text(max_size=100))
def test_anything_else_is_none_or_valid(data: str) -> None:
    parsed = parse_callback(data)
    assert parsed is None or parsed.encode() == data


def test_malformed_are_rejected() -> None:
    for data in ("fb:abc:1", "fb:1:2", "fb:0:1", "menu:root", "faq:", "erase:yes", "x" * 65, ""):
        assert parse_callback(data) is None, data


@given(
    st.sampled_from(["c", "t", "d", "b", "s", "x", "xy", "xn", "e", "ok", "y", "n"]),
    st.one_of(st.none(), st.from_regex(r"[a-z][a-z0-9_]{0,30}", fullmatch=True)),
    st.one_of(st.none(), st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True)),
)
def test_form_presses_round_trip_within_64_bytes(
    action: str, field: str | None, value: str | None
) -> None:
    from bot.callbacks import FormPressCallback

    if field is None and value is not None:
        return
    callback = FormPressCallback(action=action, field=field, value=value)  # type: ignore[arg-type]
    assert len(callback.encode().encode()) <= 64
    assert parse_callback(callback.encode()) == callback


def test_form_start_and_case_round_trip() -> None:
    from bot.callbacks import CaseCallback, FormStartCallback

    for callback in (
        FormStartCallback(form_id="wages"),
        CaseCallback(number="LB-20261123-0007"),
        CaseCallback(number="LB-20261123-0007", add=True),
    ):
        assert parse_callback(callback.encode()) == callback
