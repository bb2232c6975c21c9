"""Measure how well residents' requests are matched to services, on the held-out set.

Each utterance goes through the running Rasa server (`/model/parse`, FallbackClassifier
included) and then through the same interpretation the action server uses (catalog matching and
FAQ retrieval), with the real catalog:

- top-1: the first reply names the right service (a confident match, or one of its FAQs);
- top-3: the right service is named or offered among the (at most 3) choices;
- out of scope: utterances no service covers get no service named.

    .venv/app/bin/python -m tools.evaluate_services            # starts its own servers
    .venv/app/bin/python -m tools.evaluate_services --rasa-url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from actions.catalog_index import catalog_index
from actions.request_interpretation import interpret
from actions.service_matching import Verdict
from catalog.database import make_session_factory
from tools.serve import ROOT, Stack, free_ports

HELDOUT = ROOT / "tests" / "heldout" / "service_requests.yml"


@dataclass(frozen=True)
class Outcome:
    text: str
    expected: str | None
    style: str
    verdict: Verdict
    named: str | None  # the service the first reply names
    offered: list[str]

    @property
    def top1(self) -> bool:
        return self.named is not None and self.named == self.expected

    @property
    def top3(self) -> bool:
        return self.expected == self.named or self.expected in self.offered

    @property
    def rejected(self) -> bool:
        return self.named is None


def evaluate(rasa_url: str, items: list[dict]) -> list[Outcome]:
    with make_session_factory()() as session:
        index = catalog_index(session)
    outcomes = []
    with httpx.Client(base_url=rasa_url, timeout=30) as http:
        for item in items:
            parsed = http.post("/model/parse", json={"text": item["text"]}).json()
            reading = interpret(item["text"], parsed.get("intent_ranking", []), index)
            outcomes.append(
                Outcome(
                    item["text"],
                    item["service"],
                    item.get("style", ""),
                    reading.match.verdict,
                    reading.service_slug,
                    [c.slug for c in reading.match.candidates],
                )
            )
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    services = [o for o in outcomes if o.expected]
    others = [o for o in outcomes if not o.expected]
    lines = [
        f"held-out utterances: {len(services)} about a service, {len(others)} out of scope",
        f"top-1 service accuracy: {percent(sum(o.top1 for o in services), len(services))}",
        f"top-3 service accuracy: {percent(sum(o.top3 for o in services), len(services))}",
        f"out of scope with no service named: "
        f"{percent(sum(o.rejected for o in others), len(others))}",
        "",
        "top-1 by style:",
    ]
    for style in sorted({o.style for o in services}):
        group = [o for o in services if o.style == style]
        lines.append(f"  {style:12} {percent(sum(o.top1 for o in group), len(group))}")
    confusions = Counter((o.expected, o.named or o.verdict.value) for o in services if not o.top1)
    lines += ["", "confusions (expected -> answered), most frequent first:"]
    lines += [
        f"  {n} x {expected} -> {answered}" for (expected, answered), n in confusions.most_common()
    ]
    lines += ["", "misses:"]
    lines += [
        f"  [{o.expected} -> {o.named or o.verdict.value} {o.offered}] {o.text}"
        for o in services
        if not o.top1
    ]
    lines += [f"  [out of scope -> {o.named}] {o.text}" for o in others if not o.rejected]
    return "\n".join(lines)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "n/a"


@contextlib.contextmanager
def servers(rasa_url: str | None) -> Iterator[str]:
    if rasa_url:
        yield rasa_url
        return
    rasa_port, actions_port = free_ports(2)
    with Stack(rasa_port=rasa_port, actions_port=actions_port, log_dir=ROOT / "var" / "logs") as s:
        yield s.rasa_url


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rasa-url", help="a running Rasa server (default: start one)")
    parser.add_argument("--data", type=Path, default=HELDOUT, help="held-out YAML file")
    args = parser.parse_args()
    items = yaml.safe_load(args.data.read_text(encoding="utf-8"))
    with servers(args.rasa_url) as rasa_url:
        print(report(evaluate(rasa_url, items)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
