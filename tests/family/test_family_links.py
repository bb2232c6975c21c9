"""Linking a family helper: a code that opens once and for a day, never for oneself, the
resident's yes, at most five helpers, removing and leaving at once, and what is forgotten."""

from __future__ import annotations

import datetime as dt

from family import links
from family.links import Helper
from handoff.queue import Chat

NOW = dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.timezone.utc)
MOTHER = "tg-mother"
SON = Helper("tg-son", Chat("telegram", chat_id=2002))
DAUGHTER = Helper("wx-daughter", Chat("wechat", recipient="o-daughter"))


def linked(sessions, helper: Helper = SON, relation: str = "儿子") -> links.Link:
    invited = links.invite(sessions, MOTHER, NOW)
    opened = links.open_code(sessions, invited.code, helper, NOW)
    links.name(sessions, opened.id, helper.sender_id, relation)
    return links.answer(sessions, MOTHER, opened.id, True, NOW)


def test_a_helper_opens_the_code_says_who_they_are_and_the_resident_agrees(sessions) -> None:
    invited = links.invite(sessions, MOTHER, NOW)
    assert invited.status == "invited" and len(invited.code) == links.CODE_LENGTH
    links.register_resident_chat(sessions, invited.id, Chat("telegram", chat_id=1001))
    opened = links.open_code(sessions, f" {invited.code.lower()}", SON, NOW)
    assert (opened.status, opened.helper_chat) == ("naming", SON.chat)
    assert links.naming_by(sessions, SON.sender_id).id == opened.id
    assert links.name(sessions, opened.id, "tg-stranger", "儿子") is None  # only the opener
    asking = links.name(sessions, opened.id, SON.sender_id, "  儿子 ")
    assert (asking.status, asking.relation) == ("asking", "儿子")
    assert [link.id for link in links.asking_for(sessions, MOTHER)] == [opened.id]
    assert links.answer(sessions, "tg-someone-else", opened.id, True, NOW) is None
    agreed = links.answer(sessions, MOTHER, opened.id, True, NOW)
    assert agreed.status == "linked"
    assert links.answer(sessions, MOTHER, opened.id, False, NOW) is None  # answered already
    assert [h.relation for h in links.helpers_of(sessions, MOTHER)] == ["儿子"]
    assert [h.resident_chat for h in links.helping(sessions, SON.sender_id)] == [
        Chat("telegram", chat_id=1001)
    ]


def test_forged_reused_expired_and_own_codes_are_refused(sessions) -> None:
    assert links.open_code(sessions, "ABCDEF", SON, NOW) is None  # forged
    invited = links.invite(sessions, MOTHER, NOW)
    assert links.open_code(sessions, invited.code, Helper(MOTHER, SON.chat), NOW) is None  # own
    assert links.open_code(sessions, invited.code, SON, NOW + links.VALID_FOR) is None  # late
    assert links.open_code(sessions, invited.code, SON, NOW) is not None
    assert links.open_code(sessions, invited.code, DAUGHTER, NOW) is None  # reused
    first = links.invite(sessions, MOTHER, NOW)
    links.invite(sessions, MOTHER, NOW)  # a newer code: the older one stops working
    assert links.open_code(sessions, first.code, DAUGHTER, NOW) is None


def test_a_declined_helper_is_told_and_forgotten(sessions) -> None:
    invited = links.invite(sessions, MOTHER, NOW)
    opened = links.open_code(sessions, invited.code, DAUGHTER, NOW)
    links.name(sessions, opened.id, DAUGHTER.sender_id, "女儿")
    links.answer(sessions, MOTHER, opened.id, False, NOW)
    assert links.helpers_of(sessions, MOTHER) == []
    [untold] = links.untold(sessions, "wechat")
    assert untold.status == "declined" and untold.helper_chat == DAUGHTER.chat
    assert links.untold(sessions, "telegram") == []
    links.told(sessions, untold.id, "declined")
    assert links.untold(sessions, "wechat") == []


def test_at_most_five_helpers(sessions) -> None:
    for number in range(links.MAX_HELPERS):
        linked(sessions, Helper(f"tg-{number}", Chat("telegram", chat_id=number)), f"孙{number}")
    assert links.invite(sessions, MOTHER, NOW) is None
    assert links.linked_count(sessions) == links.MAX_HELPERS


def test_removing_and_leaving_end_the_link_at_once(sessions) -> None:
    son = linked(sessions)
    [to_tell] = links.untold(sessions, "telegram")
    links.told(sessions, to_tell.id, "linked")
    assert links.remove(sessions, "tg-someone-else", son.id, NOW) is None
    removed = links.remove(sessions, MOTHER, son.id, NOW)
    assert removed.status == "removed"
    assert links.helping(sessions, SON.sender_id) == []
    assert links.remove(sessions, MOTHER, son.id, NOW) is None
    [told] = links.untold(sessions, "telegram")  # the son is told, then both are forgotten
    links.told(sessions, told.id, "removed")
    assert links.untold(sessions, "telegram") == []

    daughter = linked(sessions, DAUGHTER, "女儿")
    left = links.leave(sessions, DAUGHTER.sender_id, daughter.id, NOW)
    assert (left.status, left.helper_chat, left.resident_chat) == ("left", None, None)
    assert links.helpers_of(sessions, MOTHER) == []
