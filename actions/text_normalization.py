"""Fold residents' text into one comparable form: simplified, half-width, lowercase."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from opencc import OpenCC
from pypinyin import lazy_pinyin

_NOT_WORD = re.compile(r"[\W_]+")


@cache
def _to_simplified() -> OpenCC:
    return OpenCC("t2s")


def normalize(text: str) -> str:
    """Simplified characters, folded width and case, no punctuation, spaces or emoji."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NOT_WORD.sub("", _to_simplified().convert(text))


def pinyin(text: str) -> list[str]:
    """One toneless syllable per character (homophone typos like 点费/电费 look alike here)."""
    return lazy_pinyin(text, errors=lambda chars: list(chars))
