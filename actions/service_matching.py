"""Work out which catalog service a resident means.

Two kinds of evidence are combined: the Rasa model's intent ranking (`service_<slug>` intents,
trained on residents' phrasings) and the catalog itself, so a service an editor adds later is
found through its name and aliases without retraining. Catalog words are matched three ways:
exactly on jieba tokens (a spaCy PhraseMatcher), by sound (pinyin, for homophone typos), and
fuzzily (near-shape typos).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import jieba
import numpy as np
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
# CONFIDENT and MARGIN were chosen on the held-out lines whose misses were read: one service is
# named when it scores 0.4 and leads by 0.1 (`python -m tools.evaluation.thresholds` compares
# other values; docs/nlu.md).
CONFIDENT, MARGIN, PLAUSIBLE = 0.4, 0.1, 0.2
LIKELY = 0.05  # when unsure, a service this likely is offered next to the plausible ones
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
    """Finds catalog names and aliases in residents' text; build once per catalog version.

    Every lookup is indexed, so a message costs about the same with 40 services or 10,000:
    exact words through spaCy's PhraseMatcher, sounds through a table of each term's pinyin,
    and near-shape typos only among the terms sharing enough characters with the message.
    """

    def __init__(self, services: Iterable[ServiceTerms]) -> None:
        self.services = list(services)
        self._names = {service.slug: service.name for service in self.services}
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
        self._by_sound: dict[tuple[str, ...], list[_Term]] = defaultdict(list)
        for index, term in enumerate(self._terms):
            self._phrases.add(str(index), [self._nlp.make_doc(term.text)])
            if len(term.sound) >= 2:
                self._by_sound[term.sound].append(term)
        self._sound_lengths = sorted({len(sound) for sound in self._by_sound})
        self._fuzzy_terms = [t for t in self._terms if len(t.text) >= MIN_FUZZY_LENGTH]
        self._fuzzy_lengths = np.array([len(t.text) for t in self._fuzzy_terms])
        self._repeats = np.array([len(t.text) - len(set(t.text)) for t in self._fuzzy_terms])
        with_char: dict[str, list[int]] = defaultdict(list)
        for index, term in enumerate(self._fuzzy_terms):
            for char in set(term.text):
                with_char[char].append(index)
        self._with_char = {char: np.array(found) for char, found in with_char.items()}

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
        for slug in {*from_catalog, *model_scores}:
            if slug not in self._names:
                continue
            model, catalog = model_scores.get(slug, 0.0), from_catalog.get(slug, 0.0)
            score = 1.0 - (1.0 - model) * (1.0 - catalog)
            if score > 0.0:
                candidates.append(Candidate(slug, self._names[slug], round(score, 4)))
        return sorted(candidates, key=lambda candidate: (-candidate.score, candidate.slug))

    def _exact_hits(self, words: str) -> list[_Term]:
        doc = self._nlp(words)
        return [
            self._terms[int(self._nlp.vocab.strings[m_id])] for m_id, _, _ in self._phrases(doc)
        ]

    def _sound_hits(self, words: str) -> list[_Term]:
        """Terms whose pinyin occurs in the message's: every stretch of the message's sounds
        as long as some term is looked up in the table."""
        sounds = pinyin(words)
        found: dict[int, _Term] = {}
        for width in self._sound_lengths:
            for start in range(len(sounds) - width + 1):
                for term in self._by_sound.get(tuple(sounds[start : start + width]), ()):
                    found[id(term)] = _Term(term.slug, term.text, SOUND_SCORE, term.sound)
        return list(found.values())

    def _fuzzy_hits(self, words: str) -> list[_Term]:
        """Terms that nearly occur in the message (a typo's shape), among those that can."""
        hits = []
        for index in self._fuzzy_candidates(words):
            term = self._fuzzy_terms[index]
            if fuzz.partial_ratio(term.text, words) >= MIN_FUZZY_RATIO:
                hits.append(_Term(term.slug, term.text, FUZZY_SCORE, term.sound))
        return hits

    def _fuzzy_candidates(self, words: str) -> np.ndarray:
        """The terms that share enough characters with the message to reach MIN_FUZZY_RATIO.

        partial_ratio scores the shorter text against windows of the longer one, windows cut
        short at either end included; reaching a ratio r takes at least r / (2 - r) of the
        shorter text's length in common characters (fewer distinct ones when the term repeats
        some). Counting them is a few array operations, whatever the size of the catalog.
        """
        postings = [self._with_char[char] for char in set(words) if char in self._with_char]
        if not postings:
            return np.empty(0, dtype=np.int64)
        shared = np.bincount(np.concatenate(postings), minlength=len(self._fuzzy_terms))
        share = (MIN_FUZZY_RATIO / 100) / (2 - MIN_FUZZY_RATIO / 100)
        needed = np.ceil(np.minimum(self._fuzzy_lengths, len(words)) * share) - self._repeats
        return np.flatnonzero(shared >= needed)


def decide(
    candidates: list[Candidate], confident: float = CONFIDENT, margin: float = MARGIN
) -> Match:
    """Found when one service clearly leads (scores `confident` and leads by `margin`); else
    unsure between the two or three likeliest (those with any real evidence, so the right one
    is among the buttons); else unknown."""
    plausible = [c for c in candidates if c.score >= PLAUSIBLE][:MAX_CHOICES]
    if not plausible:
        return Match(Verdict.UNKNOWN, [])
    runner_up = plausible[1].score if len(plausible) > 1 else 0.0
    if plausible[0].score >= confident and plausible[0].score - runner_up >= margin:
        return Match(Verdict.FOUND, plausible[:1])
    likely = [c for c in candidates if c.score >= LIKELY][:MAX_CHOICES]
    return Match(Verdict.UNSURE, likely if len(likely) > len(plausible) else plausible)
