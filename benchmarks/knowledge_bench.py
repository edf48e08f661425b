"""Knowledge benchmarks: load time, match latency (shipped and 10,000 entries), cold start, RSS."""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from bot.settings import load_settings, thresholds_of
from knowledge.index import Index, build_index
from knowledge.loader import Knowledge, load_knowledge
from knowledge.matcher import classify
from knowledge.schema import Entry

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def latencies_ms(index: Index, questions: list[str], rounds: int = 3) -> list[float]:
    """Per-question classify time in milliseconds, several rounds after one warm-up."""
    thresholds = thresholds_of(load_settings())
    for question in questions:
        classify(index, question, thresholds)
    timings: list[float] = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            classify(index, question, thresholds)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def synthetic(knowledge: Knowledge, size: int, seed: int = 7) -> Knowledge:
    """`size` entries made by recombining the shipped questions' words, for scale tests."""
    rng = random.Random(seed)
    phrases = [p for e in knowledge.entries for p in (e.question, *e.paraphrases)]
    entries: list[Entry] = []
    for number in range(size):
        base = knowledge.entries[number % len(knowledge.entries)]

        def mix() -> str:
            a, b = rng.sample(phrases, 2)
            return a[: len(a) // 2] + b[len(b) // 2 :]

        entries.append(
            replace_entry(base, f"synthetic-{number}", mix(), tuple(mix() for _ in range(6)))
        )
    return replace(
        knowledge, entries=tuple(entries), categories=MappingProxyType(dict(knowledge.categories))
    )


def replace_entry(base: Entry, entry_id: str, question: str, paraphrases: tuple[str, ...]) -> Entry:
    """A copy of `base` under another id and wording."""
    return base.model_copy(
        update={"id": entry_id, "question": question, "paraphrases": paraphrases}
    )


def peak_rss_mb(pid: int) -> float:
    """A live process's own peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start_ms(runs: int = 5) -> tuple[float, float]:
    """Median wall time of `legalbot ask --json` for one question, and its own peak RSS (MB)."""
    timings: list[float] = []
    peak = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--json"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write("老板欠我三个月工钱咋办\n")
        child.stdin.flush()
        child.stdout.readline()
        timings.append((time.perf_counter() - started) * 1000)
        peak = max(peak, peak_rss_mb(child.pid))  # still alive: stdin is open
        child.stdin.close()
        child.wait(30)
    return statistics.median(timings), peak


def run(questions: list[str]) -> dict[str, float]:
    """All knowledge figures."""
    settings = load_settings()
    started = time.perf_counter()
    knowledge = load_knowledge(settings.knowledge_dir, None)
    loaded = time.perf_counter()
    index = build_index(knowledge)
    built = time.perf_counter()
    shipped = latencies_ms(index, questions)
    cold, cold_rss = cold_start_ms()
    big = build_index(synthetic(knowledge, 10_000))
    large = latencies_ms(big, questions, rounds=1)
    return {
        "entries": float(len(knowledge.entries)),
        "load_ms": (loaded - started) * 1000,
        "index_ms": (built - loaded) * 1000,
        "match_p50_ms": statistics.median(shipped),
        "match_p99_ms": percentile(shipped, 0.99),
        "match_10k_p50_ms": statistics.median(large),
        "match_10k_p99_ms": percentile(large, 0.99),
        "cold_start_ms": cold,
        "ask_peak_rss_mb": cold_rss,
        "bench_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
