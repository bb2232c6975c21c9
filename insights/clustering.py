"""Group residents' messages that say the same thing (unanswered questions, words typed when
stuck), so a report shows a few needs with counts instead of hundreds of lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import jieba
from rapidfuzz import fuzz

SIMILAR = 60  # rapidfuzz token-set ratio on jieba words above which two messages are one need
EXAMPLES = 3
# Words that carry no need: particles, pronouns, and the ways of asking (咋办, 怎么办, 在哪里…).
_IGNORED = set("的了吗呢啊嘛噻哦呀吧么我你您是在有要就都也还个这那怎么咋") | {
    "咋办",
    "怎么办",
    "怎么",
    "咋个",
    "怎么样",
    "在哪里",
    "哪里",
    "哪儿",
    "多少",
    "好多",
    "如何",
}


@dataclass
class Cluster:
    """Messages that say about the same thing: how many, and a few of them."""

    count: int = 0
    examples: list[str] = field(default_factory=list)
    _key: str = ""


def cluster(texts: Iterable[str]) -> list[Cluster]:
    """Greedy grouping: each message joins the first group whose first message it resembles;
    the largest groups first."""
    clusters: list[Cluster] = []
    for text in texts:
        text = text.strip()
        if not text:
            continue
        key = _words(text)
        home = next((c for c in clusters if fuzz.token_set_ratio(key, c._key) >= SIMILAR), None)
        if home is None:
            home = Cluster(_key=key)
            clusters.append(home)
        home.count += 1
        if len(home.examples) < EXAMPLES and text not in home.examples:
            home.examples.append(text)
    return sorted(clusters, key=lambda c: -c.count)


@cache
def _tokenizer() -> jieba.Tokenizer:
    """A jieba of our own, with its default dictionary only: the clusters do not change with
    the words another part of the process taught the shared one."""
    return jieba.Tokenizer()


def _words(text: str) -> str:
    """The message's content words, space-separated (what the similarity is measured on)."""
    words = [w for w in _tokenizer().lcut(text) if w.strip() and w not in _IGNORED]
    return " ".join(words) or text
