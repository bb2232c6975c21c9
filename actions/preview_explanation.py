"""For the editors' 试一试 only: why the assistant chose a service or an FAQ, sent along with
the reply as a custom payload the admin shows next to it. Residents never get it."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import PREVIEW_SLOT
from actions.request_interpretation import Interpretation


def explain_for_preview(
    dispatcher: CollectingDispatcher, tracker: Tracker, reading: Interpretation | None
) -> None:
    """Attach the reading behind the reply when an editor is previewing drafts."""
    if not tracker.get_slot(PREVIEW_SLOT):
        return
    intent = tracker.latest_message.get("intent") or {}
    explanation: dict = {
        "intent": intent.get("name"),
        "confidence": round(float(intent.get("confidence") or 0.0), 2),
        "chosen_by_button": reading is None,
    }
    if reading is not None:
        explanation["verdict"] = reading.match.verdict.value
        explanation["candidates"] = [
            {"slug": c.slug, "name": c.name, "score": round(c.score, 2)}
            for c in reading.match.candidates[:3]
        ]
        if reading.faq:
            explanation["faq"] = {
                "question": reading.faq.entry.questions[0],
                "relevance": round(reading.faq.relevance, 2),
            }
    dispatcher.utter_message(json_message={"preview": explanation})
