"""Work out which catalog service a resident means.

Two kinds of evidence are combined: the Rasa model's intent ranking (`service_<slug>` intents,
trained on residents' phrasings) and the catalog itself, so a service an editor adds later is
found through its name and aliases without retraining. Catalog words are matched three ways:
exactly on jieba tokens (a spaCy PhraseMatcher), by sound (pinyin, for homophone typos), and
fuzzily (near-shape typos).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import jieba
import spacy
from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher

from actions.text_normalization import normalize, pinyin
from catalog.jieba_dictionary import WORD_FREQUENCY
from privacy.masking import mask_personal_data

SERVICE_INTENT_PREFIX = "service_"
# How much each kind of catalog evidence says on its own (0..1).
NAME_SCORE, ALIAS_SCORE, SOUND_SCORE, FUZZY_SCORE = 0.95, 0.85, 0.7, 0.55
MIN_FUZZY_RATIO, MIN_FUZZY_LENGTH = 75.0, 4
CONFIDENT, MARGIN, PLAUSIBLE = 0.6, 0.2, 0.2
MAX_CHOICES = 3


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


@dataclass(frozen=True)
class _Term:
    slug: str
    text: str  # normalized
    score: float
    sound: tuple[str, ...]


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


class ServiceMatcher:
    """Finds catalog names and aliases in residents' text; build once per catalog version."""

    def __init__(self, services: Iterable[ServiceTerms]) -> None:
        self.services = list(services)
        self._terms: list[_Term] = []
        for service in self.services:
            for word, score in [(service.name, NAME_SCORE)] + [
                (alias, ALIAS_SCORE) for alias in service.aliases
            ]:
                text = normalize(word)
                if text:
                    jieba.add_word(text, WORD_FREQUENCY)
                    self._terms.append(_Term(service.slug, text, score, tuple(pinyin(text))))
        self._nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self._phrases = PhraseMatcher(self._nlp.vocab)
        for index, term in enumerate(self._terms):
            self._phrases.add(str(index), [self._nlp.make_doc(term.text)])

    def catalog_scores(self, text: str) -> dict[str, float]:
        """Service slug -> evidence from catalog words found in the text.

        A word inside a longer matched word of another service does not count (in "交医保缴费"
        a bare "医保" says less than the whole phrase). Personal numbers are masked first: the
        12345 inside a phone number names no service.
        """
        words = normalize(mask_personal_data(text))
        hits = self._exact_hits(words) or self._sound_hits(words) or self._fuzzy_hits(words)
        scores: dict[str, float] = {}
        for term in hits:
            if any(
                o.slug != term.slug and term.text != o.text and term.text in o.text for o in hits
            ):
                continue
            scores[term.slug] = max(scores.get(term.slug, 0.0), term.score)
        return scores

    def rank(self, text: str, model_scores: Mapping[str, float]) -> list[Candidate]:
        """Every service with any evidence, best first; evidence combines as a noisy-or."""
        from_catalog = self.catalog_scores(text)
        candidates = []
        for service in self.services:
            model = model_scores.get(service.slug, 0.0)
            catalog = from_catalog.get(service.slug, 0.0)
            score = 1.0 - (1.0 - model) * (1.0 - catalog)
            if score > 0.0:
                candidates.append(Candidate(service.slug, service.name, round(score, 4)))
        return sorted(candidates, key=lambda candidate: -candidate.score)

    def _exact_hits(self, words: str) -> list[_Term]:
        doc = self._nlp(words)
        return [
            self._terms[int(self._nlp.vocab.strings[m_id])] for m_id, _, _ in self._phrases(doc)
        ]

    def _sound_hits(self, words: str) -> list[_Term]:
        sounds = pinyin(words)
        return [
            _Term(t.slug, t.text, SOUND_SCORE, t.sound)
            for t in self._terms
            if len(t.sound) >= 2 and _contains(sounds, t.sound)
        ]

    def _fuzzy_hits(self, words: str) -> list[_Term]:
        return [
            _Term(t.slug, t.text, FUZZY_SCORE, t.sound)
            for t in self._terms
            if len(t.text) >= MIN_FUZZY_LENGTH
            and fuzz.partial_ratio(t.text, words) >= MIN_FUZZY_RATIO
        ]


def decide(candidates: list[Candidate]) -> Match:
    """Found when one service clearly leads; unsure between up to three; else unknown."""
    plausible = [c for c in candidates if c.score >= PLAUSIBLE][:MAX_CHOICES]
    if not plausible:
        return Match(Verdict.UNKNOWN, [])
    runner_up = plausible[1].score if len(plausible) > 1 else 0.0
    if plausible[0].score >= CONFIDENT and plausible[0].score - runner_up >= MARGIN:
        return Match(Verdict.FOUND, plausible[:1])
    return Match(Verdict.UNSURE, plausible)


def _contains(sequence: list[str], part: tuple[str, ...]) -> bool:
    width = len(part)
    return any(tuple(sequence[i : i + width]) == part for i in range(len(sequence) - width + 1))
