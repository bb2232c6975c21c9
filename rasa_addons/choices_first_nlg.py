"""Rasa's own response templates, with an action's choices before the template's buttons.

Actions send `utter_message(response=..., choices=[...])`, so Rasa picks the variation (by
channel and condition) and fills it in, as for any response. Residents should see the choices
first and the template's fixed buttons ("都不是", "找人帮忙") last; Rasa would put an action's
`buttons` after the template's, so the choices travel under their own key and are put first here.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

CHOICES_KEY = "choices"


class ChoicesFirstNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """The templated generator; a message's `choices` become its first buttons."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None):
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        draft = await super().generate(utter_action, tracker, output_channel, **kwargs)
        choices = kwargs.get(CHOICES_KEY) or []
        if draft is not None and choices:
            draft["buttons"] = [*choices, *(draft.get("buttons") or [])]
        return draft
