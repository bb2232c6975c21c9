"""Answer frequently asked questions by retrieval (BM25 over jieba words), so editors can add
FAQs without retraining the model."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import jieba

from actions.text_normalization import normalize

# Words that carry no meaning for matching questions (particles, pronouns, question words).
STOP_WORDS = set(
    "的了吗嘛呢啊哦噻呀吧么我你您他她它们是在有要能可以会个这那和也都就还又请问一下怎么咋如何什么啥子"
)
K1, B = 1.5, 0.75
# A hit must cover most of the FAQ's question and much of the message (measured in BM25 weight),
# so a service request that shares a word or two with some FAQ is not answered with it.
MIN_QUESTION_COVERAGE, MIN_MESSAGE_COVERAGE = 0.75, 0.6


@dataclass(frozen=True)
class FaqEntry:
    """One FAQ as retrieval sees it; `service_slug` is None for general FAQs."""

    faq_id: int
    service_slug: str | None
    questions: tuple[str, ...]  # the question and its alternative phrasings
    answer: str


@dataclass(frozen=True)
class FaqHit:
    entry: FaqEntry
    relevance: float  # 0..1: harmonic mean of question and message coverage


def words(text: str) -> list[str]:
    return [w for w in jieba.lcut(normalize(text)) if w not in STOP_WORDS]


class FaqSearch:
    """BM25 over every phrasing of every FAQ; an FAQ scores as its best phrasing."""

    def __init__(self, entries: Iterable[FaqEntry]) -> None:
        self._documents = [
            (entry, words(question)) for entry in entries for question in entry.questions
        ]
        self._documents = [(entry, doc) for entry, doc in self._documents if doc]
        count = len(self._documents) or 1
        self._average = sum(len(doc) for _, doc in self._documents) / count
        frequency = Counter(word for _, doc in self._documents for word in set(doc))
        self._idf = {w: math.log(1 + (count - n + 0.5) / (n + 0.5)) for w, n in frequency.items()}

    def best(self, text: str) -> FaqHit | None:
        """The most relevant FAQ if it is relevant enough, else None."""
        query = words(text)
        query_weight = self._score(query, query)
        if not query_weight:
            return None  # none of the words appears in any FAQ
        best: FaqHit | None = None
        for entry, doc in self._documents:
            question = self._score(query, doc) / self._score(doc, doc)
            message = self._score(doc, query) / query_weight
            if question < MIN_QUESTION_COVERAGE or message < MIN_MESSAGE_COVERAGE:
                continue
            relevance = 2 * question * message / (question + message)
            if best is None or relevance > best.relevance:
                best = FaqHit(entry, round(relevance, 4))
        return best

    def _score(self, query: list[str], doc: list[str]) -> float:
        counts = Counter(doc)
        norm = K1 * (1 - B + B * len(doc) / self._average)
        return sum(
            self._idf.get(word, 0.0) * counts[word] * (K1 + 1) / (counts[word] + norm)
            for word in set(query)
            if word in counts
        )
