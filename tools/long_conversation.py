"""One resident walking guides for a long time, and what each turn costs as the conversation grows.

    .venv/app/bin/python -m tools.long_conversation [--turns 200 1000] [--url http://…]

The resident asks about a service, accepts the guide (typing or tapping), goes through its steps
with typed and tapped answers (a step asked again, help on a step), and at the end says it did
not work (or asks about the next service). A guide that worked would end the session, so here
only the limit on a session's messages (`rasa_addons/session_length.py`) ends one; without it
the conversation was one session growing all along. Each message carries a `message_id`, as a
gateway's do. Without `--url` a fresh pair of servers is started on free ports, with its own
data in a temporary directory. Printed: the median turn of each tenth of each conversation, and
of turns 10–30, 181–200 and 981–1000 (`make bench` reports these).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

from tools.evaluate import HELDOUT
from tools.serve import ROOT, Stack, free_ports

# Typed and tapped moves through a guide's steps, in turn.
STEP_MOVES = ["/next_step", "下一步", "好了", "没听懂", "/next_step", "/repeat", "然后呢"]
ACCEPT = ["要得", "/start_guide"]
NOT_DONE = ["还是没弄好", "/outcome_not_done"]
FINISHED = "办成了吗"
# Turns compared: early in the first session, late, and much later (a session holds 40 messages,
# so 181–200 and 981–1000 are the same messages, 21 to 40, of their sessions).
WINDOWS = ((10, 30), (181, 200), (981, 1000))


def service_questions() -> list[str]:
    """One plain question per service, from the held-out requests."""
    items = yaml.safe_load((HELDOUT / "service_requests.yml").read_text(encoding="utf-8"))
    return [item["text"] for item in items if item.get("service") and item["style"] == "plain"]


class Resident:
    """What the resident says next, given the assistant's last replies."""

    def __init__(self, questions: list[str]) -> None:
        self.questions = questions
        self.guides = 0
        self.moves = 0
        self.phase = "ask"

    def next_message(self, replies: list[dict[str, Any]]) -> str:
        said = "\n".join(reply.get("text") or "" for reply in replies)
        choices = [
            button["payload"]
            for reply in replies
            for button in reply.get("buttons") or []
            if button["payload"].startswith("/choose_service")
        ]
        if self.phase == "accept" and choices:
            return choices[0]  # "which of these?": the first
        if self.phase == "accept":
            self.phase = "steps"
            return ACCEPT[self.guides % len(ACCEPT)]
        if self.phase == "steps" and FINISHED in said:
            self.phase = "ask"
            return NOT_DONE[self.guides % len(NOT_DONE)]
        if self.phase == "steps" and "步" in said:
            self.moves += 1
            return STEP_MOVES[self.moves % len(STEP_MOVES)]
        # A new guide (also when the last one was not understood as started).
        self.guides += 1
        self.phase = "accept"
        return self.questions[self.guides % len(self.questions)]


class LongConversation:
    """One new resident's conversation, a turn at a time."""

    def __init__(self, http: httpx.Client, url: str, questions: list[str] | None = None) -> None:
        self.http, self.url = http, url
        self.resident = Resident(questions or service_questions())
        self.sender = f"long-{uuid.uuid4().hex[:8]}"
        self.turns = 0
        self.replies: list[dict[str, Any]] = []

    def turn(self) -> float:
        """The resident's next message; milliseconds until the answer."""
        self.turns += 1
        text = self.resident.next_message(self.replies)
        message = {"sender": self.sender, "message": text, "metadata": {"message_id": self.turns}}
        began = time.perf_counter()
        response = self.http.post(f"{self.url}/webhooks/rest/webhook", json=message)
        elapsed = (time.perf_counter() - began) * 1000
        response.raise_for_status()
        self.replies = response.json()
        return elapsed


def walk(url: str, turns: int, questions: list[str] | None = None) -> list[float]:
    """Milliseconds of each of `turns` turns of one new resident."""
    with httpx.Client(timeout=120) as http:
        conversation = LongConversation(http, url, questions)
        return [conversation.turn() for _ in range(turns)]


def deciles(times: list[float]) -> list[tuple[int, int, float]]:
    """(first turn, last turn, median ms) of each tenth of the turns, turns counted from 1."""
    size = max(1, len(times) // 10)
    return [
        (start + 1, min(start + size, len(times)), statistics.median(times[start : start + size]))
        for start in range(0, len(times), size)
    ]


def median_of(times: list[float], first: int, last: int) -> float:
    """The median of turns `first` to `last` (counted from 1)."""
    return statistics.median(times[first - 1 : last])


def build_catalog(data_dir: Path) -> None:
    from catalog.content_loader import import_content, read_content
    from catalog.database import make_engine, make_session_factory
    from catalog.schema_migration import upgrade_to_head

    engine = make_engine(f"sqlite:///{data_dir / 'app.db'}")
    upgrade_to_head(engine)
    import_content(read_content(), make_session_factory(engine))
    engine.dispose()


@contextmanager
def fresh_servers() -> Iterator[str]:
    """Both servers on free ports, with a new catalog and conversation store of their own."""
    with tempfile.TemporaryDirectory(prefix="long-conversation-") as directory:
        data_dir = Path(directory)
        build_catalog(data_dir)
        rasa_port, actions_port = free_ports(2)
        stack = Stack(
            rasa_port=rasa_port,
            actions_port=actions_port,
            model=ROOT / "models" / "assistant.tar.gz",
            data_dir=data_dir,
            log_dir=data_dir / "logs",
        )
        with stack:
            yield stack.rasa_url


def report(times: list[float]) -> list[str]:
    lines = [
        f"turns {first:>4}–{last:<4} median {ms:6.0f} ms" for first, last, ms in deciles(times)
    ]
    windows = [(first, last) for first, last in WINDOWS if last <= len(times)]
    medians = [f"{first}–{last}: {median_of(times, first, last):.0f} ms" for first, last in windows]
    return [*lines, "  ".join(medians)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--url", help="a running Rasa server (default: start a fresh pair)")
    args = parser.parse_args()

    def run(url: str) -> None:
        for turns in args.turns:
            times = walk(url, turns)
            print(f"one resident, {turns} turns (median per tenth):", flush=True)
            print("\n".join(report(times)), flush=True)

    if args.url:
        run(args.url)
    else:
        with fresh_servers() as url:
            run(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
