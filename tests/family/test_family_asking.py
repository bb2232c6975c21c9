"""A resident asks their family (问家人): the request is shown once to the helpers and never to
the workers, the first helper to answer takes it, a helper passes it on to the workers, nobody
in time closes it once, and a removed helper loses it at once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from family import asking, links
from family.links import Helper
from handoff import queue
from handoff.hours import OpeningHours
from handoff.queue import Chat

WAIT = dt.timedelta(minutes=10)
NOW = dt.datetime(2026, 12, 10, 14, 0, tzinfo=dt.timezone.utc)  # 22:00 in Chengdu: closed
CHENGDU = ZoneInfo("Asia/Shanghai")
MOTHER = "tg-mother"
SON = Helper("tg-son", Chat("telegram", chat_id=2002))
DAUGHTER = Helper("tg-daughter", Chat("telegram", chat_id=2003))


def link(sessions, helper: Helper, relation: str) -> links.Link:
    invited = links.invite(sessions, MOTHER, NOW)
    links.open_code(sessions, invited.code, helper, NOW)
    links.name(sessions, invited.id, helper.sender_id, relation)
    return links.answer(sessions, MOTHER, invited.id, True, NOW)


def ask_family(sessions, *, reachable: bool = True) -> int:
    opened = queue.open_request(
        sessions,
        sender_id=MOTHER,
        reason="stuck",
        service_slug="pay-water",
        step=2,
        now=NOW,
        hours=OpeningHours.parse("mon-fri 09:00-17:00"),
        local=CHENGDU,
        for_family=True,
    )
    assert opened.answered_now  # the family is asked whatever the hour
    if reachable:
        queue.register_chat(sessions, opened.request_id, Chat("telegram", chat_id=1001))
    return opened.request_id


def test_the_helpers_are_shown_it_once_and_the_workers_never(sessions) -> None:
    son, daughter = link(sessions, SON, "儿子"), link(sessions, DAUGHTER, "女儿")
    request_id = ask_family(sessions)
    [asked] = asking.due_for_helpers(sessions, NOW)
    assert asked.request.id == request_id
    assert {helper.id for helper in asked.helpers} == {son.id, daughter.id}
    assert asking.due_for_helpers(sessions, NOW) == []  # another gateway gets none
    assert queue.due_for_announcement(sessions, NOW, dt.timedelta(minutes=30)) == []
    assert queue.waiting(sessions) == []
    assert isinstance(queue.claim(sessions, request_id, 1, NOW), queue.ClaimRefusal)


def test_a_request_waits_to_be_shown_until_the_residents_chat_is_known(sessions) -> None:
    """The action opens the request before the resident's gateway notes where they are; a
    gateway looking in between must leave it for later, not mark it shown."""
    link(sessions, SON, "儿子")
    request_id = ask_family(sessions, reachable=False)
    assert asking.due_for_helpers(sessions, NOW) == []
    queue.register_chat(sessions, request_id, Chat("telegram", chat_id=1001))
    [asked] = asking.due_for_helpers(sessions, NOW)
    assert asked.request.id == request_id


def test_the_first_helper_takes_it_and_talks_until_removed(sessions) -> None:
    link(sessions, SON, "儿子")
    daughter = link(sessions, DAUGHTER, "女儿")
    request_id = ask_family(sessions)
    assert asking.take(sessions, request_id, "tg-stranger", NOW) is None
    request, taken_by = asking.take(sessions, request_id, DAUGHTER.sender_id, NOW)
    assert (request.status, request.family_link_id, taken_by.relation) == (
        "assigned",
        daughter.id,
        "女儿",
    )
    assert asking.take(sessions, request_id, SON.sender_id, NOW) is None  # too late
    assert queue.active_for_resident(sessions, MOTHER).id == request_id
    assert asking.active_for_helper(sessions, DAUGHTER.sender_id)[0].id == request_id
    assert asking.helper_of(sessions, request).id == daughter.id
    links.remove(sessions, MOTHER, daughter.id, NOW)
    assert asking.active_for_helper(sessions, DAUGHTER.sender_id) is None  # at once
    assert asking.helper_of(sessions, request) is None


def test_a_helper_passes_it_to_the_workers_who_wait_from_then(sessions) -> None:
    link(sessions, SON, "儿子")
    request_id = ask_family(sessions)
    asking.due_for_helpers(sessions, NOW)
    asking.take(sessions, request_id, SON.sender_id, NOW)
    later = NOW + dt.timedelta(minutes=3)
    assert asking.pass_to_workers(sessions, request_id, "tg-stranger", later) is None
    request, by = asking.pass_to_workers(sessions, request_id, SON.sender_id, later)
    assert (request.status, request.for_family, request.family_link_id) == ("pending", False, None)
    assert by.relation == "儿子"
    assert [r.id for r in queue.waiting(sessions)] == [request_id]
    assert [
        r.id for r in queue.due_for_announcement(sessions, later, dt.timedelta(minutes=30))
    ] == [request_id]
    assert asking.pass_to_workers(sessions, request_id, SON.sender_id, later) is None


def test_nobody_answered_in_time_closes_it_once(sessions) -> None:
    link(sessions, SON, "儿子")
    request_id = ask_family(sessions)
    assert asking.unanswered(sessions, NOW + WAIT - dt.timedelta(seconds=1), WAIT) == []
    [late] = asking.unanswered(sessions, NOW + WAIT, WAIT)
    assert (late.id, late.status, late.chat) == (request_id, "expired", Chat("telegram", 1001))
    assert asking.unanswered(sessions, NOW + WAIT, WAIT) == []
    assert asking.take(sessions, request_id, SON.sender_id, NOW + WAIT) is None
