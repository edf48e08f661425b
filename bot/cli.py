"""The `legalbot` command: thin shells over the core."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

import click

from bot import logs
from bot.answers import result_replies
from bot.settings import load_settings, thresholds_of
from knowledge.errors import KnowledgeLoadError
from knowledge.index import build_index
from knowledge.laws import load_laws
from knowledge.loader import load_knowledge, validate_knowledge
from knowledge.matcher import Outcome, Result, classify
from knowledge.schema import Entry


@click.group()
def main() -> None:
    """legalbot: a Chinese legal-consultation assistant."""


@main.command()
def run() -> None:
    """Run the bot: on Telegram when a token is configured, else a chat in this terminal.

    Example: LEGALBOT_TELEGRAM_TOKEN=123:abc legalbot run
    """
    from bot.app import build

    settings = load_settings()
    on_telegram = settings.telegram_token is not None
    # In the terminal chat the screen belongs to the citizen: logs go to a file instead.
    logs.configure(settings.log_level, None if on_telegram else settings.data_dir / "legalbot.log")
    try:
        services = build(settings)
    except KnowledgeLoadError as error:
        click.echo(f"知识库有问题，无法启动：\n{error}", err=True)
        sys.exit(1)
    if on_telegram:
        from bot.tg.application import run_telegram

        run_telegram(services)
        return
    from bot.console import chat

    chat(services.conversation, sys.stdin, sys.stdout)


def _json_line(question: str, result: Result, entries: Mapping[str, Entry]) -> str:
    best = result.best
    shown = result.matches[1:] if best else result.matches
    if result.outcome not in (Outcome.ANSWER, Outcome.SUGGEST):
        shown = ()
    answer = "\n\n".join(reply.text() for reply in result_replies(result, entries))
    citations = (
        []
        if best is None
        else [{"law": c.law, "article": c.article} for c in entries[best.entry_id].citations]
    )
    record = {
        "question": question,
        "matched": best is not None,
        "faq_id": best.entry_id if best else None,
        "category": best.category if best else None,
        "score": float(result.matches[0].score) if result.matches else 0.0,
        "answer": answer,
        "citations": citations,
        "suggestions": [
            {"faq_id": m.entry_id, "category": m.category, "question": m.question, "score": m.score}
            for m in shown
        ],
    }
    return json.dumps(record, ensure_ascii=False)


@main.command()
@click.argument("question", required=False)
@click.option(
    "--json", "as_json", is_flag=True, help="read questions from stdin, one JSON line each"
)
def ask(question: str | None, as_json: bool) -> None:
    """Answer questions from the FAQ, no network or token needed.

    Examples: legalbot ask "老板欠我工资怎么办"; printf '问题一\\n问题二\\n' | legalbot ask --json
    """
    settings = load_settings()
    try:
        index = build_index(load_knowledge(settings.knowledge_dir, None))
    except KnowledgeLoadError as error:
        click.echo(f"知识库有问题：\n{error}", err=True)
        sys.exit(1)
    thresholds = thresholds_of(settings)
    entries = index.knowledge.by_id
    if not as_json:
        if question is None:
            raise click.UsageError("请给出问题，或用 --json 从标准输入读取")
        result = classify(index, question, thresholds)
        for reply in result_replies(result, entries):
            click.echo(reply.text())
            for number, row in enumerate(reply.buttons, start=1):
                click.echo(f"  [{number}] {' / '.join(b.label for b in row)}")
        return
    questions = [question] if question else (line.rstrip("\n") for line in sys.stdin)
    for line in questions:
        result = classify(index, line, thresholds)
        click.echo(_json_line(line, result, entries))
        sys.stdout.flush()


@main.group()
def kb() -> None:
    """Knowledge base tools."""


@kb.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def kb_validate(path: Path | None) -> None:
    """Check a knowledge directory; lists every problem with file and line.

    Example: legalbot kb validate knowledge/data
    """
    settings = load_settings()
    directory = path or settings.knowledge_dir
    if not settings.laws_dir.is_dir():
        click.echo(f"找不到法规文本目录：{settings.laws_dir}（设置 LEGALBOT_LAWS_DIR）", err=True)
        sys.exit(2)
    knowledge, problems = validate_knowledge(directory, load_laws(settings.laws_dir))
    for problem in problems:
        click.echo(str(problem))
    if knowledge is None:
        click.echo(f"共 {len(problems)} 个问题。", err=True)
        sys.exit(1)
    click.echo(f"知识库有效：{len(knowledge.entries)} 条问答，{len(knowledge.categories)} 个分类。")
