from __future__ import annotations

import re

import pytest

from dialogs.legal_aid import assess
from knowledge.laws import LawLibrary

LAW = "中华人民共和国法律援助法"


@pytest.mark.parametrize(
    ("answers", "present", "absent"),
    [
        (
            {"matter": "pay", "migrant": True},
            ["第三十一条第五项", "第四十二条第三项"],
            ["不受经济困难条件"],
        ),
        (
            {"matter": "pay", "migrant": False, "special": False, "hardship": True},
            ["第四十一条", "第三十四条"],
            ["免予核查"],
        ),
        ({"matter": "support", "special": True}, ["第三十一条第四项", "免予核查"], []),
        ({"matter": "violence"}, ["第三十二条第四项", "不受经济困难条件的限制"], ["第四十一条"]),
        ({"matter": "criminal"}, ["第二十四条", "第二十九条"], []),
        ({"matter": "other", "hardship": False}, ["第三十一条第九项", "人民调解"], []),
        ({"matter": "injury", "lawyer": True}, ["已经委托了律师"], []),
    ],
)
def test_assessment_follows_the_statute(
    answers: dict[str, object], present: list[str], absent: list[str]
) -> None:
    text = "\n".join(assess(answers))
    for words in present:
        assert words in text
    for words in absent:
        assert words not in text
    assert "第三十八条" in text and "第四十三条" in text


def test_every_article_the_assessment_names_exists(laws: LawLibrary) -> None:
    answers = [
        {"matter": m, "migrant": True, "special": True, "hardship": False, "lawyer": True}
        for m in ("pay", "injury", "support", "insurance", "violence", "brave", "criminal", "other")
    ]
    for case in answers:
        for article in re.findall(r"第[一二三四五六七八九十]+条", "\n".join(assess(case))):
            assert laws.article(LAW, article) is not None, article
