"""The `legalbot` command as scripts use it: a real subprocess, real stdin and stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = {"question", "matched", "faq_id", "category", "score", "answer", "citations", "suggestions"}


def legalbot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot", *args]
    environment = {**os.environ, **(env or {})}
    environment.pop("LEGALBOT_TELEGRAM_TOKEN", None)
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=environment, timeout=60
    )


def test_ask_json_prints_one_line_per_question() -> None:
    questions = ["老板欠我三个月工钱咋办", "红烧肉怎么做", "你好", "", "老闆欠我工錢"]
    done = legalbot("ask", "--json", stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(questions)
    records = [json.loads(line) for line in lines]
    assert [r["question"] for r in records] == questions
    for record in records:
        assert set(record) == KEYS
        assert isinstance(record["score"], float)
        for suggestion in record["suggestions"]:
            assert set(suggestion) == {"faq_id", "category", "question", "score"}
    wage = records[0]
    assert wage["matched"] and wage["category"] == "wages" and wage["faq_id"]
    assert {"law": "中华人民共和国劳动合同法", "article": "第三十条"} in wage["citations"]
    assert "不是律师针对您具体案件的法律意见" in wage["answer"]
    assert records[1]["matched"] is False and records[1]["faq_id"] is None
    assert records[1]["citations"] == [] and records[1]["suggestions"] == []
    assert records[2]["matched"] is False and "您好" in records[2]["answer"]


def test_ask_for_a_person_prints_the_answer() -> None:
    done = legalbot("ask", "老板不给工钱怎么办")
    assert done.returncode == 0, done.stderr
    assert "【法律依据】" in done.stdout and "《中华人民共和国劳动合同法》第三十条" in done.stdout


def test_kb_validate_passes_on_shipped_knowledge() -> None:
    done = legalbot("kb", "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "知识库有效" in done.stdout


def test_kb_validate_lists_problems_and_fails(knowledge_dir: Path) -> None:
    (knowledge_dir / "faq" / "bad.yaml").write_text("entries:\n  - id: Bad Id\n", "utf-8")
    done = legalbot("kb", "validate", str(knowledge_dir))
    assert done.returncode == 1
    assert f"{knowledge_dir / 'faq' / 'bad.yaml'}:2" in done.stdout
    assert "缺少必填字段" in done.stdout


@pytest.mark.parametrize("args", [("ask",), ("nonsense",)])
def test_usage_errors_exit_nonzero(args: tuple[str, ...]) -> None:
    assert legalbot(*args).returncode == 2
