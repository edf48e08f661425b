from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import KnowledgeLoadError
from knowledge.laws import LawLibrary
from knowledge.loader import load_knowledge, validate_knowledge

ENTRY = """\
entries:
  - id: wages-test-entry
    category: {category}
    question: 老板不给工资怎么办呢
    paraphrases: [欠薪咋办, 工钱拿不到, 老板跑了]
    keywords: [欠薪]
    answer: 用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬，这是法律的规定。
    steps: [收集证据]
    where:
      - name: 劳动保障监察机构
        hotline: "{hotline}"
    citations:
      - law: {law}
        article: {article}
        quote: {quote}
"""


def write_entry(directory: Path, **fields: str) -> Path:
    values = {
        "category": "wages",
        "hotline": "12333",
        "law": "中华人民共和国劳动合同法",
        "article": "第三十条",
        "quote": "及时足额支付劳动报酬",
    }
    values.update(fields)
    path = directory / "faq" / "zz_test.yaml"
    path.write_text(ENTRY.format(**values), "utf-8")
    return path


def messages_for(directory: Path, laws: LawLibrary) -> list[str]:
    knowledge, problems = validate_knowledge(directory, laws)
    assert knowledge is None
    return [str(problem) for problem in problems]


def test_shipped_knowledge_is_valid(laws: LawLibrary) -> None:
    from tests.conftest import SHIPPED_KNOWLEDGE

    knowledge, problems = validate_knowledge(SHIPPED_KNOWLEDGE, laws)
    assert problems == []
    assert knowledge is not None


def test_a_valid_extra_entry_loads(knowledge_dir: Path, laws: LawLibrary) -> None:
    write_entry(knowledge_dir)
    knowledge = load_knowledge(knowledge_dir, laws)
    assert knowledge.entry("wages-test-entry") is not None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"article": "第九百条"}, "没有第九百条"),
        ({"law": "劳动合同法"}, "不在法规文本库中"),
        ({"quote": "用人单位可以拖欠工资"}, "引文不在"),
        ({"hotline": "12399"}, "热线 12399 不在已确认"),
        ({"category": "weather"}, "未知的分类"),
        ({"article": "第30条"}, "条号应写成"),
    ],
)
def test_problems_name_file_line_and_cause(
    knowledge_dir: Path, laws: LawLibrary, fields: dict[str, str], expected: str
) -> None:
    path = write_entry(knowledge_dir, **fields)
    found = [m for m in messages_for(knowledge_dir, laws) if expected in m]
    assert found, messages_for(knowledge_dir, laws)
    assert found[0].startswith(f"{path}:"), found[0]
    line = int(found[0].split(":")[1])
    assert 2 <= line <= 17


def test_duplicate_ids_are_reported_with_both_places(knowledge_dir: Path, laws: LawLibrary) -> None:
    path = write_entry(knowledge_dir)
    (knowledge_dir / "faq" / "zz_copy.yaml").write_text(path.read_text("utf-8"), "utf-8")
    found = [m for m in messages_for(knowledge_dir, laws) if "重复" in m]
    assert len(found) == 1
    assert "zz_copy.yaml:2" in found[0] and "zz_test.yaml:2" in found[0]


def test_inline_citation_in_answer_is_checked(knowledge_dir: Path, laws: LawLibrary) -> None:
    path = write_entry(knowledge_dir)
    text = path.read_text("utf-8").replace(
        "这是法律的规定", "见《中华人民共和国劳动合同法》第八百条"
    )
    path.write_text(text, "utf-8")
    assert any("没有第八百条" in m for m in messages_for(knowledge_dir, laws))


def test_all_problems_are_reported_at_once(knowledge_dir: Path, laws: LawLibrary) -> None:
    write_entry(knowledge_dir, article="第九百条", hotline="12399")
    (knowledge_dir / "faq" / "zz_broken.yaml").write_text("entries: [\n", "utf-8")
    found = messages_for(knowledge_dir, laws)
    assert any("第九百条" in m for m in found)
    assert any("12399" in m for m in found)
    assert any("zz_broken.yaml" in m and "YAML 格式错误" in m for m in found)


def test_yaml_aliases_are_refused(knowledge_dir: Path) -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nentries: *c\n"
    (knowledge_dir / "faq" / "zz_bomb.yaml").write_text(bomb, "utf-8")
    with pytest.raises(KnowledgeLoadError) as caught:
        load_knowledge(knowledge_dir, None)
    assert "别名" in str(caught.value)
    assert "zz_bomb.yaml:1" in str(caught.value)


def test_oversized_file_is_refused_without_reading(knowledge_dir: Path) -> None:
    huge = knowledge_dir / "faq" / "zz_huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(KnowledgeLoadError) as caught:
        load_knowledge(knowledge_dir, None)
    assert "文件过大" in str(caught.value)


def test_duplicate_yaml_keys_are_reported(knowledge_dir: Path, laws: LawLibrary) -> None:
    path = write_entry(knowledge_dir)
    text = path.read_text("utf-8").replace("    steps:", "    steps: [x]\n    steps:")
    path.write_text(text, "utf-8")
    assert any("'steps' 重复出现" in m for m in messages_for(knowledge_dir, laws))


def test_inline_citation_of_a_nested_title_is_checked(
    knowledge_dir: Path, laws: LawLibrary
) -> None:
    path = write_entry(knowledge_dir)
    nested = "《最高人民法院关于适用《中华人民共和国民法典》婚姻家庭编的解释（一）》"
    text = path.read_text("utf-8").replace("这是法律的规定", f"见{nested}第九百条")
    path.write_text(text, "utf-8")
    assert any("没有第九百条" in m for m in messages_for(knowledge_dir, laws))
    path.write_text(text.replace("第九百条", "第五条"), "utf-8")
    assert validate_knowledge(knowledge_dir, laws)[1] == []
