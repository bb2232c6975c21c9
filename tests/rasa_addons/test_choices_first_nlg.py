"""Responses an action names are rendered by Rasa's own NLG, as endpoints.yml configures it:
the template's text filled with the action's values and the action's choices before the
template's buttons. Run in the Rasa environment, through Rasa's own handling of an action's
answer."""

from __future__ import annotations

from tests.rasa_addons.rasa_environment import passes_in_rasa

CHECKS = """
import asyncio

from rasa.core.actions.action import RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
import yaml

domain = Domain.load("domain.yml")
with open("endpoints.yml", encoding="utf-8") as endpoints:
    configured = EndpointConfig.from_dict(yaml.safe_load(endpoints)["nlg"])
nlg = NaturalLanguageGenerator.create(configured, domain)
assert type(nlg).__name__ == "ChoicesFirstNaturalLanguageGenerator", type(nlg)
tracker = DialogueStateTracker.from_events("x", [], slots=domain.slots)
choices = [{"title": "医保余额查询", "payload": "/choose_service"}]
answer = [
    {"response": "utter_which_service", "choices": choices, "text": None, "buttons": []},
    {"response": "utter_service_found", "choices": [], "service_name": "缴纳电费",
     "summary": "在手机上交电费。", "buttons": []},
]
said = asyncio.run(
    RemoteAction._utter_responses(answer, CollectingOutputChannel(), nlg, tracker)
)
which = said[0].data["buttons"]
template = domain.responses["utter_which_service"][0]["buttons"]
assert which == choices + template, which
assert said[1].text.startswith("您问的是「缴纳电费」"), said[1].text
assert said[1].data["buttons"] == domain.responses["utter_service_found"][0]["buttons"]
print("ok")
"""


def test_rasa_renders_responses_with_the_actions_choices_first() -> None:
    passes_in_rasa(CHECKS)
