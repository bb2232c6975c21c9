"""Measure the served assistant: start-up time, memory, and reply latency on loopback.

    .venv/app/bin/python -m tools.benchmark_serving [--requests 200]

Starts its own servers on free ports, sends the held-out utterances (bounded in number) to
`/model/parse` and to the REST channel (which runs the custom actions), and prints the numbers
docs/performance.md records.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx
import yaml

from tools.evaluate import HELDOUT
from tools.serve import ROOT, Stack, free_ports


def group_rss_mib(leader: int) -> float:
    """Resident memory of every process in `leader`'s process group, in MiB (Linux /proc)."""
    total_kib = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == leader:  # the process group id
                status = (stat.parent / "status").read_text()
                total_kib += next(
                    int(line.split()[1])
                    for line in status.splitlines()
                    if line.startswith("VmRSS:")
                )
        except (OSError, StopIteration, IndexError, ValueError):
            continue  # the process ended meanwhile, or is a kernel thread
    return total_kib / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="messages per endpoint")
    args = parser.parse_args()
    texts = [
        item["text"]
        for item in yaml.safe_load((HELDOUT / "service_requests.yml").read_text(encoding="utf-8"))
    ]
    texts = (texts * (args.requests // len(texts) + 1))[: args.requests]
    rasa_port, actions_port = free_ports(2)
    stack = Stack(rasa_port=rasa_port, actions_port=actions_port, log_dir=ROOT / "var" / "logs")
    started = time.monotonic()
    with stack:
        startup = time.monotonic() - started
        with httpx.Client(base_url=stack.rasa_url, params=stack.auth, timeout=30) as http:
            parse, rest = [], []
            for text in texts:
                begin = time.perf_counter()
                http.post("/model/parse", json={"text": text}).raise_for_status()
                parse.append((time.perf_counter() - begin) * 1000)
            for text in texts:
                begin = time.perf_counter()
                http.post(
                    "/webhooks/rest/webhook",
                    json={"sender": f"bench-{uuid.uuid4().hex[:6]}", "message": text},
                ).raise_for_status()
                rest.append((time.perf_counter() - begin) * 1000)
        memory = {name: group_rss_mib(process.pid) for name, process in stack.processes().items()}
    print(f"servers ready after: {startup:.1f} s")
    print(f"memory (RSS): rasa {memory['rasa']:.0f} MiB, actions {memory['actions']:.0f} MiB")
    for name, values in (("/model/parse", parse), ("REST reply (with actions)", rest)):
        print(
            f"{name}: p50 {statistics.median(values):.0f} ms, "
            f"p95 {percentile(values, 0.95):.0f} ms over {len(values)} requests"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
