"""`make bench`: this assistant side by side with a plain `rasa init` assistant served by the same
Rasa environment, measured interleaved in one run, written to docs/benchmarks.md.

    .venv/app/bin/python -m tools.bench [--requests 300] [--seconds 20]

Everything runs on loopback and stops by itself. Measured:
- latency: a service question to this assistant against a greeting to the plain one, sent in
  turn, each to its own fresh conversation;
- throughput: requests answered per second with 8 concurrent senders, each assistant alone;
- conversation length: one resident's turn 10 against turn 200 (guides that worked, each ending
  the session), and one resident's 1,000 turns of guides never said to have worked, typed and
  tapped (`tools/long_conversation.py`): turns 10–30, 181–200 and 981–1000;
- catalog matching alone (no server) with the real 40 services and with 10,000 synthetic ones;
- peak memory (RSS) of each server process during the run, and of a Telegram gateway while
  residents write through the Bot API emulator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

from actions.service_matching import ServiceMatcher, ServiceTerms
from catalog.content_loader import read_content
from catalog.database import DATA_DIR
from tools.benchmark_serving import group_rss_mib, percentile
from tools.evaluate import HELDOUT
from tools.long_conversation import WINDOWS, deciles, median_of, walk
from tools.serve import HOST, RASA_BIN, ROOT, Stack, free_ports
from tools.telegram_harness import Emulator, Gateway

PLAIN_DIR = ROOT / "var" / "bench" / "plain"
OUTPUT = ROOT / "docs" / "benchmarks.md"
TRAINED_DIR = ROOT / "var" / "bench" / "trained"
CONCURRENCY = 8
TELEGRAM_TOKEN = "100001:BENCH-TOKEN"
TELEGRAM_RESIDENTS = 50
# Between an answer and the resident's next message: the gateway forwards 10 messages in 30 s.
PAUSE_SECONDS = 3.5
GUIDE = ["水费咋个交嘛", "/start_guide"] + ["/next_step"] * 6 + ["/outcome_done"]
LONG_TURNS = 1000


def plain_model() -> Path:
    """The model of a plain `rasa init` assistant, created (and trained) on first use."""
    if not list((PLAIN_DIR / "models").glob("*.tar.gz")):
        PLAIN_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(RASA_BIN), "init", "--no-prompt", "--init-dir", "."],
            cwd=PLAIN_DIR,
            env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return max((PLAIN_DIR / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)


def training_minutes(command: list[str], cwd: Path) -> float:
    """Minutes of a full training (Rasa's cache not used), into var/bench, not the live model."""
    began = time.monotonic()
    subprocess.run(
        [*command, "--force", "--out", str(TRAINED_DIR), "--fixed-model-name", "bench"],
        cwd=cwd,
        env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2"),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return (time.monotonic() - began) / 60


@contextmanager
def plain_server() -> Iterator[tuple[str, subprocess.Popen]]:
    """`rasa run` of the plain assistant on a free loopback port."""
    (port,) = free_ports(1)
    token = secrets.token_urlsafe(32)  # its HTTP API is guarded like ours
    with (ROOT / "var" / "bench" / "plain.log").open("wb") as log:
        process = subprocess.Popen(
            [str(RASA_BIN), "run", "--enable-api", f"--auth-token={token}", "--interface", HOST,
             "--port", str(port), "--model", str(plain_model())],
            cwd=PLAIN_DIR,
            env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2"),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 180
        while not _ready(url, token):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the plain assistant did not start")
            time.sleep(0.5)
        yield url, process
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


@contextmanager
def telegram_gateway(stack: Stack) -> Iterator[tuple[Emulator, Gateway]]:
    """The Bot API emulator and a gateway polling it, reaching the stack's Rasa."""
    (port,) = free_ports(1)
    emulator = Emulator(port, stack.log_dir / "bench-emulator.log")
    try:
        env = {
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_API_BASE_URL": emulator.url,
            "TELEGRAM_SENDER_KEY": "bench-sender-key",
            "TELEGRAM_POLL_INTERVAL": "0.1",
            "RASA_URL": stack.rasa_url,
            "RASA_TOKEN": stack.token,
            "DATABASE_URL": f"sqlite:///{stack.data_dir / 'app.db'}",
        }
        gateway = Gateway(env, stack.log_dir / "bench-gateway.log")
        try:
            yield emulator, gateway
        finally:
            gateway.stop()
    finally:
        emulator.stop()


def telegram_rate(emulator: Emulator, texts: list[str], seconds: float) -> float:
    """Messages per second answered through Telegram (emulator, gateway, Rasa) to TELEGRAM_RESIDENTS
    residents, each writing again PAUSE_SECONDS after the bot's answer."""
    first_user = 10**9 + uuid.uuid4().int % 10**9  # new residents in each run

    def turn(resident: int, count: int) -> None:
        user_id = first_user + resident
        emulator.send(TELEGRAM_TOKEN, user_id, text=texts[(resident + count) % len(texts)])
        emulator.replies_until(TELEGRAM_TOKEN, user_id, bool, timeout=60)
        time.sleep(PAUSE_SECONDS)

    return turns_per_second(TELEGRAM_RESIDENTS, seconds, turn)


def turns_per_second(senders: int, seconds: float, turn: Callable[[int, int], None]) -> float:
    """Turns per second when each of `senders` threads calls `turn(sender, count)` over and over
    for `seconds`."""
    done = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def sender(index: int) -> None:
        nonlocal done
        count = 0
        while time.monotonic() < stop_at:
            turn(index, count)
            count += 1
            with lock:
                done += 1

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(senders)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done / (time.monotonic() - began)


def _ready(url: str, token: str) -> bool:
    try:
        return httpx.get(f"{url}/status", params={"token": token}, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def ask(http: httpx.Client, url: str, sender: str, text: str) -> float:
    """Milliseconds for one REST turn."""
    begin = time.perf_counter()
    http.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
    ).raise_for_status()
    return (time.perf_counter() - begin) * 1000


def interleaved(ours: str, plain: str, questions: list[str]) -> tuple[list[float], list[float]]:
    mine, theirs = [], []
    with httpx.Client(timeout=60) as http:
        for question in questions:
            theirs.append(ask(http, plain, f"bench-{uuid.uuid4().hex[:8]}", "hello"))
            mine.append(ask(http, ours, f"bench-{uuid.uuid4().hex[:8]}", question))
    return mine, theirs


def throughput(url: str, texts: list[str], seconds: float) -> float:
    """Answered requests per second with CONCURRENCY senders, each a fresh conversation."""
    run = uuid.uuid4().hex[:8]  # conversations of earlier runs stay in the store
    with httpx.Client(timeout=60) as http:

        def turn(sender: int, count: int) -> None:
            text = texts[(sender + count) % len(texts)]
            ask(http, url, f"load-{run}-{sender}-{count}", text)

        return turns_per_second(CONCURRENCY, seconds, turn)


def turn_costs(url: str, turns: int = 200) -> list[float]:
    """Milliseconds of each turn of one resident walking guides again and again."""
    sender = f"long-{uuid.uuid4().hex[:8]}"
    with httpx.Client(timeout=60) as http:
        return [ask(http, url, sender, GUIDE[turn % len(GUIDE)]) for turn in range(turns)]


def matching_p95(services: list[ServiceTerms], texts: list[str]) -> float:
    matcher = ServiceMatcher(services)
    times = []
    for text in texts:
        begin = time.perf_counter()
        matcher.rank(text, {})
        times.append((time.perf_counter() - begin) * 1000)
    return percentile(times, 0.95)


def synthetic_services(count: int) -> list[ServiceTerms]:
    """Services with made-up four-character names and aliases from common characters."""
    chars = "社保医养老金缴费电水气卡证办理查询预约挂号补贴服务手机认证户籍交通出行健康护理"
    names = {
        "".join(chars[(n * 7 + k * 13 + n // len(chars)) % len(chars)] for k in range(4)) + str(n)
        for n in range(count)
    }
    return [
        ServiceTerms(f"s{n}", name, (name[:2] + name[-3:],)) for n, name in enumerate(sorted(names))
    ]


def peak_rss(processes: dict[str, int], peaks: dict[str, float], until: threading.Event) -> None:
    while not until.wait(0.5):
        for name, pid in list(processes.items()):
            peaks[name] = max(peaks.get(name, 0.0), group_rss_mib(pid))


def ms(values: list[float], share: float) -> str:
    return f"{percentile(values, share):.0f} ms"


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="interleaved pairs")
    parser.add_argument("--seconds", type=float, default=20.0, help="each throughput run")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    questions = [
        item["text"]
        for item in yaml.safe_load((HELDOUT / "service_requests.yml").read_text(encoding="utf-8"))
        if item.get("service")
    ]
    questions = (questions * (args.requests // len(questions) + 1))[: args.requests]
    plain_model()  # trained before anything is timed
    trainings = (
        training_minutes([sys.executable, "-m", "tools.train"], ROOT),
        training_minutes([str(RASA_BIN), "train"], PLAIN_DIR),
    )
    rasa_port, actions_port = free_ports(2)
    stack = Stack(rasa_port=rasa_port, actions_port=actions_port, log_dir=DATA_DIR / "logs")
    began = time.monotonic()
    with stack:
        startup = time.monotonic() - began
        with plain_server() as (plain, plain_process):
            pids = {name: p.pid for name, p in stack.processes().items()}
            pids["plain rasa"] = plain_process.pid
            peaks: dict[str, float] = {}
            finished = threading.Event()
            watcher = threading.Thread(target=peak_rss, args=(pids, peaks, finished))
            watcher.start()
            try:
                mine, theirs = interleaved(stack.rasa_url, plain, questions)
                ours_rate = throughput(stack.rasa_url, questions, args.seconds)
                plain_rate = throughput(plain, ["hello", "good morning", "bye"], args.seconds)
                turns = turn_costs(stack.rasa_url)
                long_turns = walk(stack.rasa_url, LONG_TURNS)
                with telegram_gateway(stack) as (emulator, gateway):
                    pids["gateway"] = gateway.process.pid
                    telegram = telegram_rate(emulator, questions, args.seconds)
            finally:
                finished.set()
                watcher.join()
    content = read_content()
    real = [ServiceTerms(s.slug, s.name, tuple(s.aliases)) for s in content.services]
    lines = write(
        args,
        trainings,
        startup,
        mine,
        theirs,
        (ours_rate, plain_rate, telegram),
        turns,
        long_turns,
        peaks,
        real,
        questions,
    )
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"one resident, {LONG_TURNS} turns, median of each tenth:")
    print("\n".join(f"  turns {a}–{b}: {median:.0f} ms" for a, b, median in deciles(long_turns)))
    return 0


def write(
    args: argparse.Namespace,
    trainings: tuple[float, float],
    startup: float,
    mine: list[float],
    theirs: list[float],
    rates: tuple[float, float, float],
    turns: list[float],
    long_turns: list[float],
    peaks: dict[str, float],
    real: list[ServiceTerms],
    questions: list[str],
) -> list[str]:
    early, late = statistics.median(turns[5:15]), statistics.median(turns[190:200])
    first, middle, last = (median_of(long_turns, a, b) for a, b in WINDOWS)
    windows = " / ".join(f"{a}–{b}" for a, b in WINDOWS)
    ours_rate, plain_rate, via_telegram = rates
    together = sum(mib for name, mib in peaks.items() if name != "plain rasa")
    return [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {dt.date.today().isoformat()}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Rasa 3.6.21 for both "
        f"assistants; {args.requests} interleaved pairs, {args.seconds:.0f} s per throughput run,"
        " loopback only.",
        "",
        "| measure | this assistant | plain `rasa init` | ratio | target |",
        "|---|---|---|---|---|",
        f"| reply latency p50 (service question / greeting) | {ms(mine, 0.5)} "
        f"| {ms(theirs, 0.5)} | {ratio(percentile(mine, 0.5), percentile(theirs, 0.5))} | |",
        f"| reply latency p95 | {ms(mine, 0.95)} | {ms(theirs, 0.95)} "
        f"| {ratio(percentile(mine, 0.95), percentile(theirs, 0.95))} | ≤ 1.5× |",
        f"| throughput at concurrency {CONCURRENCY} | {ours_rate:.1f}/s | {plain_rate:.1f}/s "
        f"| {ratio(ours_rate, plain_rate)} | ≥ 0.8× |",
        f"| full training (`--force`) | {trainings[0]:.1f} min | {trainings[1]:.1f} min "
        f"| {ratio(*trainings)} | |",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| one conversation: turn 200 against turn 10 (median of 10 turns each) "
        f"| {late:.0f} ms / {early:.0f} ms = {ratio(late, early)} | ≤ 1.2× |",
        f"| one resident, {LONG_TURNS:,} turns of guides never said to have worked, typed and "
        f"tapped: turns {windows} (medians) | {first:.0f} / {middle:.0f} / {last:.0f} ms | |",
        f"| the same: turns {WINDOWS[2][0]}–{WINDOWS[2][1]} against {WINDOWS[1][0]}–"
        f"{WINDOWS[1][1]} (the same messages of their sessions) "
        f"| {last:.0f} ms / {middle:.0f} ms = {ratio(last, middle)} | ≤ 1.2× |",
        f"| catalog matching alone, {len(real)} services, p95 "
        f"| {matching_p95(real, questions):.2f} ms | < 5 ms |",
        f"| catalog matching alone, 10,000 synthetic services, p95 "
        f"| {matching_p95(synthetic_services(10_000), questions[:100]):.2f} ms | < 5 ms |",
        f"| through Telegram (emulator, gateway, Rasa): {TELEGRAM_RESIDENTS} residents, each "
        f"writing {PAUSE_SECONDS:g} s after the answer | {via_telegram:.1f} answered/s | |",
        f"| both servers ready | {startup:.1f} s | |",
        *(f"| peak memory: {name} | {mib:.0f} MiB | |" for name, mib in sorted(peaks.items())),
        f"| peak memory: this assistant's servers and a gateway together | {together:.0f} MiB "
        "| < 1.8 GB |",
        "",
        "Where a target is missed, it is so in this run; `docs/performance.md` says what is known",
        "about why.",
    ]


if __name__ == "__main__":
    sys.exit(main())
