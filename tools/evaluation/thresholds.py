"""How the thresholds that let the first reply name one service (`CONFIDENT`, `MARGIN` in
`actions/service_matching.py`) trade naming the right service against naming a wrong one.

Every held-out service request whose misses were read is parsed once by the real Rasa server;
the catalog's evidence is added as the action server adds it, and each pair of thresholds
decides. Sets nobody has read are left out: thresholds are chosen on read lines only.

    .venv/app/bin/python -m tools.evaluation.thresholds     # starts its own servers
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass

import httpx

from actions.catalog_index import catalog_index
from actions.service_matching import Candidate, Verdict, decide, nlu_scores
from catalog.database import make_session_factory
from tools import evaluate
from tools.serve import Stack

CONFIDENT_VALUES = (0.3, 0.4, 0.5, 0.6)
MARGIN_VALUES = (0.0, 0.05, 0.1, 0.2)


@dataclass(frozen=True)
class Parsed:
    expected: str | None  # None: out of scope, no service should be named
    candidates: list[Candidate]


READ_PARTS = tuple(part for part in evaluate.SERVICE_REQUESTS if part.read)


def read_requests() -> list[dict]:
    """The read sets' requests for one service, and those out of scope (not broad needs)."""
    return [item for part in READ_PARTS for item in part.items() if not item.get("area")]


def parse_all(http: httpx.Client, items: list[dict]) -> list[Parsed]:
    with make_session_factory()() as session:
        index = catalog_index(session)
        parsed = []
        for item in items:
            ranking = http.post("/model/parse", json={"text": item["text"]}).json()
            scores = nlu_scores(ranking.get("intent_ranking") or [])
            parsed.append(Parsed(item.get("service"), index.matcher.rank(item["text"], scores)))
    return parsed


def table(parsed: list[Parsed]) -> list[str]:
    lines = [
        "| confident | margin | right named | wrong named | right among choices"
        " | out of scope, a service named |",
        "|---|---|---|---|---|---|",
    ]
    for confident, margin in itertools.product(CONFIDENT_VALUES, MARGIN_VALUES):
        right = wrong = choices = named = 0
        for line in parsed:
            match = decide(line.candidates, confident, margin)
            slugs = [c.slug for c in match.candidates]
            found = match.verdict is Verdict.FOUND
            if not line.expected:
                named += found
            elif found:
                right += slugs[0] == line.expected
                wrong += slugs[0] != line.expected
            else:
                choices += line.expected in slugs
        lines.append(f"| {confident} | {margin} | {right} | {wrong} | {choices} | {named} |")
    return lines


def main() -> int:
    items = read_requests()
    with evaluate.servers(None, Stack.model) as http:
        parsed = parse_all(http, items)
    out_of_scope = sum(not line.expected for line in parsed)
    print(f"{len(parsed) - out_of_scope} read service requests, {out_of_scope} out of scope")
    print("\n".join(table(parsed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
