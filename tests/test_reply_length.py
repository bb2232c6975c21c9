"""Every reply a resident can see, rendered with the real catalog, fits the 适老化 limits:
at most 80 characters a message, 120 for a guide step."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from actions.family import MAX_LISTED, SEEN, shares_text
from catalog.content_loader import read_content
from family.links import CODE_LENGTH, MAX_HELPERS, MAX_RELATION_CHARS
from family.shares import Share
from handoff.hours import OpeningHours
from tests.conftest import load_domain

MAX_MESSAGE, MAX_STEP = 80, 120
RESPONSES = load_domain()["responses"]


def values_for(name: str) -> Iterator[dict[str, object]]:
    """Every set of values the actions fill `name` with."""
    content = read_content()
    for service in content.services:
        yield {
            "service_name": service.name,
            "summary": service.summary,
            "eligibility": service.eligibility,
            "materials": "、".join(service.materials),
            "caution": service.caution or "",
            "recap": service.recap,
            "hotline": service.hotline,
            "name": service.hotline_name,
            "step": len(service.steps),
        }
        for faq in service.faqs:
            yield {"service_name": service.name, "answer": faq.answer}
        for position, step in enumerate(service.steps, start=1):
            yield {"step": position, "total": len(service.steps), "instruction": step.text}
            for text in step.help.values():
                yield {"help": text}
    for faq in content.general_faqs:
        yield {"answer": faq.answer}
    for category in content.categories:
        yield {"category_name": category.name}
    for name, variants in RESPONSES.items():
        if name.startswith("utter_stuck/"):
            yield {"help": variants[0]["text"]}
    # The longest values a handoff fills in: opening hours, a date, a worker's name, the wait.
    yield {
        "hours": OpeningHours.parse("mon-fri 09:00-17:00").in_chinese(),
        "when": "12月31日10:30",
        "worker": "社区工作人员欧阳晓慧",
        "service_name": max((s.name for s in content.services), key=len),
        "minutes": "120",
    }
    # The longest values reminders fill in: the longest service name, a date, every reminder
    # a resident could have listed, the days left.
    longest = max((s.name for s in content.services), key=len)
    due = "2027年12月31日"
    recurring = [s.name for s in content.services if s.recurs]
    yield {
        "service_name": longest,
        "due": due,
        "days": "30",
        "items": "、".join(f"{name}（12月31日前）" for name in recurring),
    }
    # The longest values family helpers fill in: a relation as long as is kept, five of them,
    # a code and a deep link into the Telegram bot.
    relation = "外" * MAX_RELATION_CHARS
    yield {
        "relation": relation,
        "names": "、".join([relation] * MAX_HELPERS),
        "code": "8" * CODE_LENGTH,
        "link": f"https://t.me/chengdu_helper_bot?start=f_{'8' * CODE_LENGTH}",
        "minutes": "120",
        "service_name": longest,
    }
    # 谁看过: as many shares as are listed, each as long as one can be.
    moment = dt.datetime(2026, 12, 31, 4, 0, tzinfo=dt.timezone.utc)
    for what in SEEN:
        share = Share(relation, what, None, 99, moment)
        yield {"items": shares_text([share] * MAX_LISTED)}


def rendered(name: str) -> Iterator[str]:
    for variant in RESPONSES[name]:
        placeholders = set(re.findall(r"\{(\w+)\}", variant["text"]))
        if not placeholders:
            yield variant["text"]
        for values in values_for(name):
            if placeholders <= values.keys():
                yield variant["text"].format(**values)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_rendered_reply_is_short_enough(name: str) -> None:
    limit = MAX_STEP if name in ("utter_guide_step", "utter_practice_step") else MAX_MESSAGE
    texts = list(rendered(name))
    assert texts, f"{name} was never rendered: a placeholder without values?"
    too_long = [text for text in texts if len(text) > limit]
    assert too_long == [], f"{name}: {len(too_long[0])} characters: {too_long[0]}"
