"""End-to-end figures: updates per second through the real Application (`legalbot run`, one
process, SQLite) against the local Bot API server in this process, and per-update latency."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.support is a test helper, not an installed package

from benchmarks.knowledge_bench import peak_rss_mb, percentile  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi, User  # noqa: E402
from tests.support.running import new_bot_token, start_bot, stop  # noqa: E402

QUESTIONS = [
    "老板欠我三个月工钱咋办",
    "房东不退押金怎么办",
    "红烧肉怎么做",
    "暖气不热能不能少交取暖费",
    "你好",
    "出车祸了对方全责怎么赔",
    "楼上漏水到我家",
    "借钱不还怎么办",
]
USERS = 300
PER_USER = 8
ROUNDS = 3  # these VMs vary by up to half in speed from minute to minute: report the median
LATENCY_SAMPLES = 200


def _sent(api: FakeBotApi) -> int:
    return sum(1 for call in api.calls("sendMessage") if call.ok)


def _wait_sent(api: FakeBotApi, count: int, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while _sent(api) < count:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {_sent(api)} of {count} replies")
        time.sleep(0.02)


def _round(api: FakeBotApi, first_user: int) -> float:
    """USERS × PER_USER updates queued at once; updates per second until all are answered."""
    citizens = [User(first_user + n) for n in range(USERS)]
    before = _sent(api)
    started = time.perf_counter()
    for round_ in range(PER_USER):
        for number, citizen in enumerate(citizens):
            api.send_text(citizen, QUESTIONS[(number + round_) % len(QUESTIONS)])
    _wait_sent(api, before + USERS * PER_USER, 300)
    return USERS * PER_USER / (time.perf_counter() - started)


def run() -> dict[str, float]:
    """Throughput over ROUNDS of queued updates, then latency one update at a time."""
    with tempfile.TemporaryDirectory() as scratch, FakeBotApi(token=new_bot_token()) as api:
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        process = start_bot(api, url, Path(scratch))
        try:
            api.wait_for(lambda: api.commands, timeout=60, what="bot started")
            rates = [_round(api, 50_000_000 + number * USERS) for number in range(ROUNDS)]
            latencies: list[float] = []
            for number in range(LATENCY_SAMPLES):
                single = User(60_000_000 + number)
                sent = time.perf_counter()
                api.send_text(single, QUESTIONS[number % len(QUESTIONS)])
                api.wait_for_messages(single.id, 1, timeout=30)
                latencies.append((time.perf_counter() - sent) * 1000)
            bot_rss = peak_rss_mb(process.pid)
        finally:
            stop(process)
    return {
        "e2e_updates": float(USERS * PER_USER),
        "e2e_updates_per_s": statistics.median(rates),
        "e2e_updates_per_s_min": min(rates),
        "e2e_updates_per_s_max": max(rates),
        "e2e_latency_p50_ms": statistics.median(latencies),
        "e2e_latency_p99_ms": percentile(latencies, 0.99),
        "bot_peak_rss_mb": bot_rss,
    }
