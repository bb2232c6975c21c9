"""A Rasa policy: a message typed right after an offer is first read against that offer.

The action server keeps what it last offered (buttons, a yes/no question) in the `offer` slot.
When the resident then types instead of tapping, this policy predicts `action_read_reply`, which
turns the words into the button they mean and hands the turn back to the rules. Taps (payloads
starting with "/") and turns with no fresh offer are left to the other policies.
"""

from __future__ import annotations

from typing import Any

from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME, EXTERNAL_MESSAGE_PREFIX
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

READ_REPLY_ACTION = "action_read_reply"
OFFER_SLOT = "offer"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class OfferPolicy(Policy):
    """Predicts `action_read_reply` for a typed message that answers a fresh offer."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above the RulePolicy, so the reading comes before any rule for the same turn.
        return {POLICY_PRIORITY: RULE_POLICY_PRIORITY + 1}

    @classmethod
    def supported_data(cls) -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        """Nothing to learn; the resource is written so the trained model can load it."""
        with self._model_storage.write_to(self._resource):
            pass
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if READ_REPLY_ACTION not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        if answers_fresh_offer(tracker):
            probabilities[domain.index_for_action(READ_REPLY_ACTION)] = 1.0
        elif tracker.latest_action_name == READ_REPLY_ACTION:
            # The reading hands the turn back by rewriting it, so this is never reached in a
            # conversation; should a reading leave the turn as it was, wait rather than guess.
            # (Conversation tests, which do not run actions, end a reading here.)
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        return self._prediction(probabilities)


def answers_fresh_offer(tracker: DialogueStateTracker) -> bool:
    """The latest message was typed, just now, and the bot turn before it made an offer."""
    if tracker.latest_action_name != ACTION_LISTEN_NAME:
        return False
    text = tracker.latest_message.text or ""
    if text.startswith("/") or text.startswith(EXTERNAL_MESSAGE_PREFIX):
        return False  # a tapped button, or news from a gateway (trigger_intent)
    seen_message = False
    for event in reversed(tracker.applied_events()):
        if isinstance(event, UserUttered):
            if seen_message:
                return False
            seen_message = True
        elif isinstance(event, SlotSet) and event.key == OFFER_SLOT:
            return seen_message and event.value is not None
    return False
