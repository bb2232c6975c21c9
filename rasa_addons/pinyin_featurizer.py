"""A Rasa NLU featurizer that lets the model hear a message as well as read it.

Residents type with pinyin keyboards and pick the wrong character of the right sound: 不使 for
不是, 办城了 for 办成了, 工做人员 for 工作人员. Characters alone make such a typo a new word;
its sound is the word the model was trained on. This featurizer counts, for each token, the
toneless syllables it sounds like, as Rasa's word count vectors count its words.

Sounds that Chengdu speech (and so its residents' spelling) does not tell apart are folded into
one: zh/ch/sh with z/c/s, n with l, and the endings -eng/-ing with -en/-in (四/是, 年/连, 问/瓮).
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import lazy_pinyin
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

# Initials and finals merged in Sichuanese (Southwestern Mandarin), in the order they apply.
_FOLDS = (
    (re.compile(r"^([zcs])h"), r"\1"),
    (re.compile(r"^n(?=[aeiouv])"), "l"),
    (re.compile(r"([ei])ng$"), r"\1n"),
)


@cache
def folded(syllable: str) -> str:
    """`syllable` as a Chengdu speaker says it (shi → si, nian → lian, ming → min)."""
    for pattern, replacement in _FOLDS:
        syllable = pattern.sub(replacement, syllable)
    return syllable


def sounds(token: str) -> str:
    """The folded toneless syllables of `token`, space separated; what is not Chinese is kept."""
    return " ".join(folded(syllable) for syllable in lazy_pinyin(token))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class PinyinFeaturizer(CountVectorsFeaturizer):
    """Count vectors over each token's syllables (pairs of them too, with `max_ngram: 2`);
    only the message text is featurized, not intents or actions."""

    @staticmethod
    def _attributes_for(analyzer: str) -> list[str]:
        return [TEXT]

    def _get_message_tokens_by_attribute(self, message: Message, attribute: str) -> list[str]:
        tokens = super()._get_message_tokens_by_attribute(message, attribute)
        return [sounds(token) for token in tokens]
