"""`make load`: a bounded load test with Locust, headless, on loopback, stopping by itself.

Starts the action server and the Rasa server on free ports with a throwaway data directory, runs
RESIDENTS simulated residents doing whole guides for DURATION, and writes the figures (per request
kind: count, failures, p50/p95/p99, throughput; and the step-order check) to docs/load.md.

    .venv/app/bin/python -m tools.load [--residents 50] [--duration 2m]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from catalog.content_loader import import_content, read_content
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from tools.serve import ROOT, Stack, free_ports

LOCUSTFILE = ROOT / "tools" / "loadtest" / "locustfile.py"
OUTPUT = ROOT / "docs" / "load.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--duration", default="2m")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-") as folder:
        data = Path(folder)
        engine = make_engine(f"sqlite:///{data / 'app.db'}")
        upgrade_to_head(engine)
        import_content(read_content(), make_session_factory(engine))
        rasa_port, actions_port = free_ports(2)
        stack = Stack(rasa_port=rasa_port, actions_port=actions_port, data_dir=data, log_dir=data)
        stack.start()
        try:
            command = [
                sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                "--users", str(args.residents), "--spawn-rate", "10",
                "--run-time", args.duration, "--host", stack.rasa_url,
                "--csv", str(data / "locust"), "--only-summary", "--stop-timeout", "30",
            ]  # fmt: skip
            finished = subprocess.run(command, cwd=ROOT, check=False)
        finally:
            stack.stop()
        stats = list(csv.DictReader((data / "locust_stats.csv").open(encoding="utf-8")))
        failures = list(csv.DictReader((data / "locust_failures.csv").open(encoding="utf-8")))
    OUTPUT.write_text(render(args, stats, failures), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} (locust exit {finished.returncode})")
    return 0 if not failures else 1


def render(args: argparse.Namespace, stats: list[dict], failures: list[dict]) -> str:
    rows = [
        f"| {s['Name']} | {s['Request Count']} | {s['Failure Count']} | {s['50%']} | "
        f"{s['95%']} | {s['99%']} | {float(s['Requests/s']):.1f} |"
        for s in stats
    ]
    problems = [f"- {f['Name']}: {f['Error']} ({f['Occurrences']}×)" for f in failures] or [
        "- none: every message had a reply, and every 下一步 showed the next step exactly once."
    ]
    return "\n".join(
        [
            "# Load test",
            "",
            f"Measured on {dt.date.today():%Y-%m-%d}, {platform.machine()} with "
            f"{os.cpu_count()} cores, by:",
            "",
            "```sh",
            f"make load   # .venv/app/bin/python -m tools.load --residents {args.residents} "
            f"--duration {args.duration}",
            "```",
            "",
            f"{args.residents} simulated residents (Locust, `tools/loadtest/locustfile.py`) each "
            "doing whole guides through the REST channel of one Rasa server and one action "
            "server on loopback: a service question, then 开始, 下一步 to the last step and "
            "办好了, each typed or tapped at random, 0.5–2 s apart. Every reply is checked: a "
            "message without a reply is a failure, and so is a 下一步 that does not show exactly "
            "the next step (a lost or doubled turn).",
            "",
            "| request | count | failures | p50 ms | p95 ms | p99 ms | per second |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Failures:",
            "",
            *problems,
            "",
            "Reading: one Rasa server and one action server answer about as many turns per "
            "second as the table's last line shows; with more residents than that keeps up "
            "with, the time above is mostly waiting in line (the gateway tells a resident to "
            "wait after 8 s). The turn itself costs what `make bench` measures "
            "([benchmarks.md](benchmarks.md)); more residents need more instances "
            "(README, Operations).",
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
