"""Where a turn's time goes: both servers sampled with py-spy while residents talk to them.

Two scenes, as `make bench` measures them: one resident walking guides again and again (turns
200 to 260 are sampled, after 200 turns of warming up) and fresh residents each asking a
service question. For each server the frames holding the most samples are written to
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

from tools.bench import GUIDE, ask
from tools.evaluate import HELDOUT
from tools.serve import ROOT, Stack, free_ports

PY_SPY = Path(sys.executable).parent / "py-spy"
OUTPUT = ROOT / "docs" / "profile.md"
RAW_DIR = ROOT / "var" / "profile"
RATE = 250  # samples per second
# A sample counts when the server is answering, not waiting for the next request.
ANSWERING = {"rasa": "Agent.handle_message", "actions": "ActionExecutor.run"}


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
    ][:200]
    rasa_port, actions_port = free_ports(2)
    stack = Stack(rasa_port=rasa_port, actions_port=actions_port, log_dir=ROOT / "var" / "logs")
    with stack, httpx.Client(timeout=60) as http:
        sender = f"profile-{uuid.uuid4().hex[:8]}"
        for turn in range(200):
            ask(http, stack.rasa_url, sender, GUIDE[turn % len(GUIDE)])

        def long_conversation() -> None:
            for turn in range(200, 260):
                ask(http, stack.rasa_url, sender, GUIDE[turn % len(GUIDE)])

        def questions_of_new_residents() -> None:
            for question in questions:
                ask(http, stack.rasa_url, f"profile-{uuid.uuid4().hex[:8]}", question)

        scenes = {
            "one resident, turns 200 to 260 of guides": recorded(stack, "long", long_conversation),
            "new residents' service questions": recorded(
                stack, "questions", questions_of_new_residents
            ),
        }
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
            lines += ["", f"**{name}**", "", "| share | frame |", "|---|---|"]
            lines += [
                f"| {share:.0f}% | `{frame}` |"
                for share, frame in heaviest(raw, ANSWERING[name], args.frames)
            ]
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
