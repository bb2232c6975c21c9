"""Work out which catalog service a resident means.

Two kinds of evidence are combined: the Rasa model's intent ranking (`service_<slug>` intents,
trained on residents' phrasings) and the catalog itself (names and aliases that editors keep
current, so a service added later is found without retraining).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

SERVICE_INTENT_PREFIX = "service_"
NAME_SCORE, ALIAS_SCORE = 0.95, 0.85
CONFIDENT, MARGIN, PLAUSIBLE = 0.6, 0.2, 0.2
MAX_CHOICES = 3
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class ServiceTerms:
    """The words that name one service."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A service the resident may mean, with how sure we are (0..1)."""

    slug: str
    name: str
    score: float


class Verdict(Enum):
    FOUND = "found"  # one service, confidently
    UNSURE = "unsure"  # a few plausible services: ask which
    UNKNOWN = "unknown"  # nothing fits


@dataclass(frozen=True)
class Match:
    verdict: Verdict
    candidates: list[Candidate]


def normalize(text: str) -> str:
    """Fold width and case and drop punctuation and spaces, so only the words are compared."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def slug_of_intent(intent: str) -> str | None:
    """`service_pension_certification` -> `pension-certification`; None for other intents."""
    if not intent.startswith(SERVICE_INTENT_PREFIX):
        return None
    return intent.removeprefix(SERVICE_INTENT_PREFIX).replace("_", "-")


def nlu_scores(intent_ranking: Iterable[Mapping]) -> dict[str, float]:
    """Service slug -> the model's confidence, from Rasa's `intent_ranking`."""
    scores = {}
    for entry in intent_ranking:
        slug = slug_of_intent(str(entry.get("name", "")))
        if slug:
            scores[slug] = float(entry.get("confidence") or 0.0)
    return scores


def catalog_scores(text: str, services: Iterable[ServiceTerms]) -> dict[str, float]:
    """Service slug -> evidence from names and aliases found in the text.

    A term contained in a longer matched term of another service does not count (在 "医保缴费"
    the bare "医保" says less than the whole phrase).
    """
    words = normalize(text)
    hits: list[tuple[str, str, float]] = []  # (slug, matched term, score)
    for service in services:
        for term, score in [(service.name, NAME_SCORE)] + [
            (a, ALIAS_SCORE) for a in service.aliases
        ]:
            term = normalize(term)
            if term and term in words:
                hits.append((service.slug, term, score))
    scores: dict[str, float] = {}
    for slug, term, score in hits:
        if any(
            other_slug != slug and term in other and term != other for other_slug, other, _ in hits
        ):
            continue
        scores[slug] = max(scores.get(slug, 0.0), score)
    return scores


def rank(
    text: str, services: Iterable[ServiceTerms], model_scores: Mapping[str, float]
) -> list[Candidate]:
    """Every service with any evidence, best first; evidence combines as a noisy-or."""
    services = list(services)
    from_catalog = catalog_scores(text, services)
    candidates = []
    for service in services:
        model, catalog = model_scores.get(service.slug, 0.0), from_catalog.get(service.slug, 0.0)
        score = 1.0 - (1.0 - model) * (1.0 - catalog)
        if score > 0.0:
            candidates.append(Candidate(service.slug, service.name, round(score, 4)))
    return sorted(candidates, key=lambda candidate: -candidate.score)


def decide(candidates: list[Candidate]) -> Match:
    """Found when one service clearly leads; unsure between up to three; else unknown."""
    plausible = [c for c in candidates if c.score >= PLAUSIBLE][:MAX_CHOICES]
    if not plausible:
        return Match(Verdict.UNKNOWN, [])
    runner_up = plausible[1].score if len(plausible) > 1 else 0.0
    if plausible[0].score >= CONFIDENT and plausible[0].score - runner_up >= MARGIN:
        return Match(Verdict.FOUND, plausible[:1])
    return Match(Verdict.UNSURE, plausible)
