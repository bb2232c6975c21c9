"""Where a turn's time goes: both servers sampled with py-spy while residents talk to them.

Scenes as `make bench` measures them: one resident walking guides again and again, each said to
have worked (turns 200 to 260 are sampled, after 200 turns of warming up); one resident walking
guides typing and tapping, none said to have worked (`tools/long_conversation.py`), sampled at
turns 11 to 40 and again at turns 201 to 230; and fresh residents each asking a service
question. For each server the frames holding the most samples are written to
`docs/profile.md`, with the share of the time spent answering (idle waiting is left out).

    make profile    # = .venv/app/bin/python -m tools.profile; about 3 minutes

py-spy reads the servers' memory, so it needs ptrace: run as root, or with
kernel.yama.ptrace_scope=0. Sampling slows the servers; the times are shares, not latencies.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import yaml

from catalog.database import DATA_DIR
from tools.bench import GUIDE, ask
from tools.evaluate import HELDOUT
from tools.long_conversation import LongConversation
from tools.serve import ROOT, Stack, free_ports

PY_SPY = Path(sys.executable).parent / "py-spy"
OUTPUT = ROOT / "docs" / "profile.md"
RAW_DIR = ROOT / "var" / "profile"
RATE = 250  # samples per second
# A sample counts when the server is answering, not waiting for the next request: for Rasa, in
# the REST channel's handler (a message with an id is checked, then processed, from there).
ANSWERING = {
    "rasa": "ExactlyOnceRestInput.blueprint.<locals>.once",
    "actions": "ActionExecutor.run",
}
LONG = "one resident, turns 200 to 260 of guides"
TYPING_EARLY = "one resident typing and tapping, no guide said to have worked: turns 11 to 40"
TYPING_LATE = "the same resident: turns 201 to 230"
QUESTIONS = "new residents' service questions"
QUESTIONS_ASKED = 200


def recorded(stack: Stack, scene: str, talk: Callable[[], None]) -> dict[str, Path]:
    """Run `talk` with both servers sampled; the raw sample files by server."""
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    outputs = {name: RAW_DIR / f"{scene}-{name}.txt" for name in ANSWERING}
    spies = [spy(process.pid, outputs[name]) for name, process in stack.processes().items()]
    time.sleep(2)  # py-spy attaches
    try:
        talk()
    finally:
        for sampler in spies:
            sampler.send_signal(2)  # py-spy writes its file on SIGINT
        for sampler in spies:
            sampler.wait(timeout=60)
    return outputs


def spy(pid: int, output: Path) -> subprocess.Popen:
    """py-spy sampling process `pid` and its children into `output`."""
    command = [str(PY_SPY), "record", "--pid", str(pid), "--subprocesses"]
    options = ["--format", "raw", "--rate", str(RATE), "--output", str(output)]
    return subprocess.Popen(
        [*command, *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def heaviest(raw: Path, answering: str, count: int) -> list[tuple[float, str]]:
    """The `count` frames in most answering samples, with their share of those samples."""
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, samples = line.rpartition(" ")
        frames = stack.split(";")
        if not any(answering in frame for frame in frames):
            continue
        total += int(samples)
        start = next(i for i, frame in enumerate(frames) if answering in frame)
        for frame in set(frames[start:]):
            inclusive[frame] += int(samples)
    return [(100 * n / total, frame) for frame, n in inclusive.most_common(count)] if total else []


def answering_samples(raw: Path, answering: str) -> int:
    """How many samples found the server answering."""
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, samples = line.rpartition(" ")
        if answering in stack:
            total += int(samples)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frames", type=int, default=25, help="frames listed per server")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    if not PY_SPY.exists() and not shutil.which("py-spy"):
        print("py-spy is missing: make install", file=sys.stderr)
        return 1
    questions = [
        item["text"]
        for item in yaml.safe_load((HELDOUT / "service_requests.yml").read_text(encoding="utf-8"))
        if item.get("service")
    ][:QUESTIONS_ASKED]
    turns = {LONG: 60, TYPING_EARLY: 30, TYPING_LATE: 30, QUESTIONS: len(questions)}
    rasa_port, actions_port = free_ports(2)
    stack = Stack(rasa_port=rasa_port, actions_port=actions_port, log_dir=DATA_DIR / "logs")
    with stack, httpx.Client(timeout=60) as http:
        sender = f"profile-{uuid.uuid4().hex[:8]}"
        for turn in range(200):
            ask(http, stack.rasa_url, sender, GUIDE[turn % len(GUIDE)])

        def long_conversation() -> None:
            for turn in range(200, 260):
                ask(http, stack.rasa_url, sender, GUIDE[turn % len(GUIDE)])

        typing = LongConversation(http, stack.rasa_url)

        def typing_resident(last: int) -> None:
            while typing.turns < last:
                typing.turn()

        def questions_of_new_residents() -> None:
            for question in questions:
                ask(http, stack.rasa_url, f"profile-{uuid.uuid4().hex[:8]}", question)

        scenes = {LONG: recorded(stack, "long", long_conversation)}
        typing_resident(10)  # not sampled
        scenes[TYPING_EARLY] = recorded(stack, "typing-early", lambda: typing_resident(40))
        typing_resident(200)  # not sampled
        scenes[TYPING_LATE] = recorded(stack, "typing-late", lambda: typing_resident(230))
        scenes[QUESTIONS] = recorded(stack, "questions", questions_of_new_residents)
    missed = [
        f"{name} ({scene})"
        for scene, outputs in scenes.items()
        for name, raw in outputs.items()
        if not heaviest(raw, ANSWERING[name], 1)
    ]
    if missed:
        print(f"py-spy sampled no answering in {', '.join(missed)}; run again", file=sys.stderr)
        return 1
    lines = [
        "# Where a turn's time goes",
        "",
        f"Written by `make profile` on {dt.date.today().isoformat()}: py-spy sampling both "
        f"servers {RATE} times a second. Each line is a frame and the share of the server's "
        "answering time spent in it or in what it calls (idle waiting left out).",
    ]
    for scene, outputs in scenes.items():
        lines += ["", f"## {scene}"]
        for name, raw in outputs.items():
            samples = answering_samples(raw, ANSWERING[name])
            per_turn = samples / RATE * 1000 / turns[scene]
            lines += ["", f"**{name}**: answering {per_turn:.0f} ms a turn while sampled"]
            lines += ["", "| share | frame |", "|---|---|"]
            lines += [
                f"| {share:.0f}% | `{frame}` |"
                for share, frame in heaviest(raw, ANSWERING[name], args.frames)
            ]
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
