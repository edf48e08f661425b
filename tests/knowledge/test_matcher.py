from __future__ import annotations

from knowledge.index import Index
from knowledge.matcher import Outcome, Thresholds, classify, search

THRESHOLDS = Thresholds()


def test_colloquial_wage_question_gets_a_confident_answer(shipped_index: Index) -> None:
    result = classify(shipped_index, "老板欠我三个月工钱咋办", THRESHOLDS)
    assert result.outcome is Outcome.ANSWER
    assert result.best is not None and result.best.category == "wages"


def test_traditional_characters_match_like_simplified(shipped_index: Index) -> None:
    simplified = search(shipped_index, "老板欠我三个月工钱怎么办")
    traditional = search(shipped_index, "老闆欠我三個月工錢怎麼辦")
    assert [m.entry_id for m in simplified[:3]] == [m.entry_id for m in traditional[:3]]
    assert simplified[0].score == traditional[0].score


def test_greetings_and_thanks_are_smalltalk(shipped_index: Index) -> None:
    assert classify(shipped_index, "你好！", THRESHOLDS).smalltalk == "greeting"
    assert classify(shipped_index, "謝謝你", THRESHOLDS).smalltalk == "thanks"
    assert (
        classify(shipped_index, "你好，老板欠我工资", THRESHOLDS).outcome is not Outcome.SMALLTALK
    )


def test_small_talk_off_topic_is_out_of_scope(shipped_index: Index) -> None:
    for line in ("红烧肉怎么做", "明天会下雨吗", "推荐一部好看的电影"):
        assert classify(shipped_index, line, THRESHOLDS).outcome is Outcome.OUT_OF_SCOPE, line


def test_emoji_only_is_empty(shipped_index: Index) -> None:
    assert classify(shipped_index, "😀😀👍", THRESHOLDS).outcome is Outcome.EMPTY


def test_scores_are_bounded_and_sorted(shipped_index: Index) -> None:
    matches = search(shipped_index, "拖欠工资 仲裁 时效 多久")
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
