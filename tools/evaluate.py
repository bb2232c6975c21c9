"""Measure what residents would see on the held-out sets, through a real Rasa server and action
server, and write the figures to docs/evaluation.md (`make evaluate`).

    .venv/app/bin/python -m tools.evaluate                        # starts its own servers
    .venv/app/bin/python -m tools.evaluate --rasa-url http://127.0.0.1:5005 --output -
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import yaml

from catalog import queries
from catalog.database import make_session_factory
from tools.evaluation import replies_in_context, service_requests
from tools.serve import ROOT, Stack, free_ports

HELDOUT = ROOT / "tests" / "heldout"
OUTPUT = ROOT / "docs" / "evaluation.md"
# Each held-out set may be spread over several files; they are read together and scored as one.
SERVICE_REQUESTS = ("service_requests.yml", "service_requests_2.yml")
REPLIES_IN_CONTEXT = ("replies_in_context.yml", "replies_in_context_2.yml", "stuck_on_a_step_2.yml")


@contextlib.contextmanager
def servers(rasa_url: str | None) -> Iterator[str]:
    if rasa_url:
        yield rasa_url
        return
    rasa_port, actions_port = free_ports(2)
    with Stack(rasa_port=rasa_port, actions_port=actions_port, log_dir=ROOT / "var" / "logs") as s:
        yield s.rasa_url


def load(names: tuple[str, ...]) -> list[dict]:
    return [
        item
        for name in names
        for item in yaml.safe_load((HELDOUT / name).read_text(encoding="utf-8"))
    ]


def evaluate(rasa_url: str) -> str:
    with make_session_factory()() as session:
        areas = {
            c.slug: {s.slug for s in c.services} for c in queries.categories_with_services(session)
        }
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    with httpx.Client(base_url=rasa_url, timeout=60) as http:
        requests = [service_requests.ask(http, item) for item in load(SERVICE_REQUESTS)]
        replies = [replies_in_context.play(http, domain, item) for item in load(REPLIES_IN_CONTEXT)]
    return "\n".join(
        [
            "# Held-out evaluation",
            "",
            "What residents would see, measured on text the model was never trained on",
            "(`tests/heldout/`; `tests/test_heldout_independence.py` fails if a line comes within",
            "a rapidfuzz ratio of 85 of a training example). Every message goes through the real",
            "Rasa server and action server in a fresh conversation.",
            "",
            f"Produced by `make evaluate` on {dt.date.today().isoformat()}.",
            "",
            f"## Service requests ({files(SERVICE_REQUESTS)})",
            "",
            *service_requests.report(requests, areas),
            "",
            f"## Typed answers to what was just offered ({files(REPLIES_IN_CONTEXT)})",
            "",
            *replies_in_context.report(replies),
            "",
        ]
    )


def files(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rasa-url", help="a running Rasa server (default: start one)")
    parser.add_argument("--output", default=str(OUTPUT), help="Markdown file, or - for stdout")
    args = parser.parse_args()
    with servers(args.rasa_url) as rasa_url:
        text = evaluate(rasa_url)
    if args.output == "-":
        print(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
