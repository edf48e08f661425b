from __future__ import annotations

from pathlib import Path

from knowledge.laws import LawLibrary, parse_statute, quote_in


def test_statute_articles_are_parsed_with_their_paragraphs(laws: LawLibrary) -> None:
    text = laws.article("中华人民共和国劳动争议调解仲裁法", "第二十七条")
    assert text is not None
    assert text.startswith("劳动争议申请仲裁的时效期间为一年")
    assert "劳动关系存续期间因拖欠劳动报酬发生争议的" in text
    assert "申请人申请仲裁应当提交书面仲裁申请" not in text


def test_articles_with_zhi_suffix_are_distinct(laws: LawLibrary) -> None:
    text = laws.article("中华人民共和国刑法", "第二百七十六条之一")
    assert text is not None and "劳动者的劳动报酬" in text
    assert laws.article("中华人民共和国刑法", "第二百七十六条") != text


def test_unknown_statute_or_article_is_none(laws: LawLibrary) -> None:
    assert laws.article("中华人民共和国劳动合同法", "第九百九十九条") is None
    assert laws.article("劳动合同法", "第三十条") is None


def test_every_statute_file_has_a_title_and_articles(laws: LawLibrary) -> None:
    assert len(laws.statutes) >= 30
    for title, statute in laws.statutes.items():
        assert title and not title.startswith("#")
        assert "第一条" in statute.articles, title


def test_front_matter_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("# 某某法\n来源: x\n第一条 不算\n<!-- INFO END -->\n\n第一条 算数。\n", "utf-8")
    assert parse_statute(path).articles == {"第一条": "算数。"}


def test_quote_ignores_whitespace_and_allows_gaps() -> None:
    article = "用人单位应当按照劳动合同约定和国家规定，\n向劳动者及时足额支付劳动报酬。"
    assert quote_in("用人单位应当按照……及时足额支付劳动报酬", article)
    assert quote_in("向劳动者 及时足额", article)
    assert not quote_in("及时足额……按照劳动合同约定", article)
    assert not quote_in("不足额支付", article)
