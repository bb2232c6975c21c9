"""A helper guides their resident through a service: only their own resident, only with the
resident's yes each time, progress noted until the guide ends, nothing once the helper is
removed."""

from __future__ import annotations

import datetime as dt

from family import guiding, links
from tests.family.test_family_asking import DAUGHTER, MOTHER, NOW, SON, link

LATER = NOW + dt.timedelta(minutes=1)


def test_a_guide_runs_with_the_residents_yes_and_ends_with_the_guide(sessions) -> None:
    son = link(sessions, SON, "儿子")
    assert guiding.propose(sessions, son.id, DAUGHTER.sender_id, "pay-water", NOW) is None
    proposed = guiding.propose(sessions, son.id, SON.sender_id, "pay-water", NOW)
    assert guiding.proposed(sessions, proposed.id, SON.sender_id).status == "asking"
    assert guiding.answer(sessions, proposed.id, "tg-someone-else", True, NOW) is None
    assert guiding.record(sessions, MOTHER, "pay-water", 1, "started", NOW) is None  # no yes yet
    agreed = guiding.answer(sessions, proposed.id, MOTHER, True, NOW)
    assert (agreed.status, agreed.link.id) == ("active", son.id)
    assert guiding.answer(sessions, proposed.id, MOTHER, False, NOW) is None  # answered
    assert guiding.record(sessions, MOTHER, "pay-gas", 2, "step", NOW) is None  # another guide
    assert guiding.record(sessions, MOTHER, "pay-water", 3, "step", LATER).step_reached == 3
    assert guiding.record(sessions, MOTHER, "pay-water", 2, "step", LATER).step_reached == 3
    assert guiding.record(sessions, MOTHER, "pay-water", 3, "done", LATER).status == "ended"
    assert guiding.record(sessions, MOTHER, "pay-water", 1, "step", LATER) is None


def test_a_no_ends_it_and_a_newer_guide_replaces_an_open_one(sessions) -> None:
    son = link(sessions, SON, "儿子")
    declined = guiding.propose(sessions, son.id, SON.sender_id, "pay-water", NOW)
    assert guiding.answer(sessions, declined.id, MOTHER, False, NOW).status == "declined"
    first = guiding.propose(sessions, son.id, SON.sender_id, "pay-water", NOW)
    second = guiding.propose(sessions, son.id, SON.sender_id, "pay-gas", LATER)
    assert guiding.asking(sessions, first.id, MOTHER) is None
    assert guiding.asking(sessions, second.id, MOTHER).service_slug == "pay-gas"


def test_a_removed_helper_hears_nothing_more(sessions) -> None:
    son = link(sessions, SON, "儿子")
    proposed = guiding.propose(sessions, son.id, SON.sender_id, "pay-water", NOW)
    guiding.answer(sessions, proposed.id, MOTHER, True, NOW)
    links.remove(sessions, MOTHER, son.id, LATER)
    assert guiding.record(sessions, MOTHER, "pay-water", 2, "step", LATER) is None
    assert guiding.propose(sessions, son.id, SON.sender_id, "pay-water", LATER) is None
    assert guiding.of_resident(sessions, proposed.id, MOTHER) is None
