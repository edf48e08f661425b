"""`make bench`: every benchmark, printed, and the figures written into the README."""

from __future__ import annotations

import json
import platform
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import knowledge_bench, telegram_bench
from benchmarks.evaluate import judge, load_cases, score_cases
from bot.settings import load_settings, thresholds_of
from knowledge.index import build_index
from knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

LABELS = {
    "entries": "FAQ entries",
    "load_ms": "knowledge load (YAML + validation), ms",
    "index_ms": "index build (jieba + BM25), ms",
    "match_p50_ms": "match latency p50, shipped, ms",
    "match_p99_ms": "match latency p99, shipped, ms (target < 2)",
    "match_10k_p50_ms": "match latency p50, 10,000 entries, ms",
    "match_10k_p99_ms": "match latency p99, 10,000 entries, ms (target < 20)",
    "cold_start_ms": "cold start of `legalbot ask --json`, one question, ms (target < 1500)",
    "ask_peak_rss_mb": "peak RSS of that `legalbot ask` process, MB",
    "bench_peak_rss_mb": "peak RSS of the benchmark process (holds the 10k index), MB",
    "bot_peak_rss_mb": "peak RSS of the running Telegram bot after the load, MB",
    "top1": "accuracy top-1 (evaluation set)",
    "top3": "accuracy top-3",
    "traditional_top1": "traditional-Chinese top-1",
    "oos_rejection": "out-of-scope rejection",
    "questions": "evaluation questions",
    "traditional": "of which traditional",
    "out_of_scope": "of which out of scope",
    "e2e_updates": "end-to-end updates per round (300 people × 8, queued at once)",
    "e2e_updates_per_s": "end-to-end throughput, median of 3 rounds, updates/s (target ≥ 300)",
    "e2e_updates_per_s_min": "slowest round, updates/s",
    "e2e_updates_per_s_max": "fastest round, updates/s",
    "e2e_latency_p50_ms": "per-update latency p50, ms",
    "e2e_latency_p99_ms": "per-update latency p99, ms",
}


def table(figures: dict[str, float]) -> str:
    """Markdown table of the figures."""
    rows = ["| measure | value |", "|---|---|"]
    for key, value in figures.items():
        label = LABELS.get(key, key)
        shown = f"{value:.0f}" if value >= 100 or float(value).is_integer() else f"{value:.3f}"
        rows.append(f"| {label} | {shown} |")
    return "\n".join(rows)


def write_readme(figures: dict[str, float]) -> None:
    """Replace the benchmark block of the README with these figures."""
    text = README.read_text("utf-8")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    block = (
        f"{START}\nMeasured {stamp} on {platform.machine()}, {platform.python_version()}, "
        f"2 cores:\n\n{table(figures)}\n{END}"
    )
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    README.write_text(text, "utf-8")


def main() -> None:
    """Run everything; `--no-readme` leaves the README alone."""
    settings = load_settings()
    cases = load_cases()
    index = build_index(load_knowledge(settings.knowledge_dir, None))
    accuracy = judge(
        score_cases(index, cases), thresholds_of(settings), index.knowledge.calibration
    )
    figures = {key: accuracy[key] for key in ("top1", "top3", "traditional_top1", "oos_rejection")}
    figures |= {key: accuracy[key] for key in ("questions", "traditional", "out_of_scope")}
    figures |= knowledge_bench.run([case.question for case in cases])
    figures |= telegram_bench.run()
    print(table(figures))
    print(json.dumps(figures))
    if "--no-readme" not in sys.argv:
        write_readme(figures)


if __name__ == "__main__":
    main()
