"""What a resident's message asks for: a service, an FAQ, a choice between services, or none."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from actions.catalog_index import CatalogIndex
from actions.faq_search import FaqHit
from actions.service_matching import Match, Verdict, decide, nlu_scores


@dataclass(frozen=True)
class Interpretation:
    match: Match
    faq: FaqHit | None  # an FAQ that answers the message, if one clearly does

    @property
    def service_slug(self) -> str | None:
        """The service the reply will name, if any."""
        if self.faq and self.faq.entry.service_slug:
            return self.faq.entry.service_slug
        if self.match.verdict is Verdict.FOUND:
            return self.match.candidates[0].slug
        return None


def interpret(text: str, intent_ranking: Iterable[Mapping], index: CatalogIndex) -> Interpretation:
    """Combine the model's ranking, the catalog words and the FAQs into one reading."""
    match = decide(index.matcher.rank(text, nlu_scores(intent_ranking)))
    faq = index.faq_search.best(text)
    found = match.candidates[0].slug if match.verdict is Verdict.FOUND else None
    if faq and found and faq.entry.service_slug not in (None, found):
        faq = None  # an FAQ about another service than the one clearly meant is not trusted
    return Interpretation(match, faq)
