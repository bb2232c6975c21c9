"""The resident's side of family helpers: a code with its data for the gateway, the yes or no
asked with buttons that carry the helper, the list with a remove button each, removing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from actions.family import (
    ActionAddFamily,
    ActionAnswerFamily,
    ActionFamilyAsks,
    ActionMyFamily,
    ActionRemoveFamily,
    ActionWhoSaw,
)
from actions.family_guides import (
    ActionAnswerFamilyGuide,
    ActionFamilyGuide,
    ActionFamilyGuideAsked,
)
from family import links, shares
from family.links import Helper
from handoff.queue import Chat
from tests.actions.conftest import responses, shown_by, tracker_after

NOW = dt.datetime.now(dt.timezone.utc)
SON = Helper("tg-son", Chat("telegram", chat_id=2002))


def asking(catalog_sessions, sender: str, helper: Helper = SON) -> links.Link:
    invited = links.invite(catalog_sessions, sender, NOW)
    opened = links.open_code(catalog_sessions, invited.code, helper, NOW)
    return links.name(catalog_sessions, opened.id, helper.sender_id, "儿子")


def linked(catalog_sessions, sender: str, helper: Helper = SON) -> links.Link:
    link = asking(catalog_sessions, sender, helper)
    return links.answer(catalog_sessions, sender, link.id, True, NOW)


def test_a_code_for_a_family_member_and_its_link_for_the_gateway(
    domain, sender, catalog_sessions
) -> None:
    messages = shown_by(
        ActionAddFamily(), tracker_after("添加家人", "add_family", sender_id=sender), domain
    )
    [invited] = links.asking_for(catalog_sessions, sender) or [None]
    assert invited is None  # nobody opened it yet
    assert messages[0]["custom"]["family"]["invite"] > 0
    assert responses(messages[1:], domain) == ["utter_family_invite", "utter_family_invite_how"]
    assert messages[1]["code"] in messages[1]["text"]


def test_the_resident_is_asked_with_buttons_for_this_helper_and_agrees(
    domain, sender, catalog_sessions
) -> None:
    link = asking(catalog_sessions, sender)
    entities = {"family_link": str(link.id)}
    tracker = tracker_after("", "family_asks", entities=entities, sender_id=sender)
    [question] = shown_by(ActionFamilyAsks(), tracker, domain)
    assert "您的儿子想当您的帮手" in question["text"]
    assert [b["payload"] for b in question["buttons"]][:2] == [
        f'/confirm_family{{"family_link":"{link.id}"}}',
        f'/decline_family{{"family_link":"{link.id}"}}',
    ]
    tracker = tracker_after("同意", "confirm_family", entities=entities, sender_id=sender)
    assert responses(shown_by(ActionAnswerFamily(), tracker, domain), domain) == [
        "utter_family_linked"
    ]
    assert responses(shown_by(ActionAnswerFamily(), tracker, domain), domain) == [
        "utter_family_gone"
    ]


def test_a_question_about_another_residents_helper_is_not_asked(
    domain, sender, catalog_sessions
) -> None:
    link = asking(catalog_sessions, "someone-else")
    tracker = tracker_after(
        "", "family_asks", entities={"family_link": str(link.id)}, sender_id=sender
    )
    assert shown_by(ActionFamilyAsks(), tracker, domain) == []


def test_the_list_has_a_remove_button_per_helper_and_removing_works(
    domain, sender, catalog_sessions
) -> None:
    tracker = tracker_after("我的家人", "my_family", sender_id=sender)
    assert responses(shown_by(ActionMyFamily(), tracker, domain), domain) == ["utter_family_none"]
    link = asking(catalog_sessions, sender)
    links.answer(catalog_sessions, sender, link.id, True, NOW)
    [listed] = shown_by(ActionMyFamily(), tracker, domain)
    assert listed["text"] == "您的家人帮手：儿子。"
    assert listed["buttons"][0] == {
        "title": "移除儿子",
        "payload": f'/remove_family{{"family_link":"{link.id}"}}',
    }
    remove = tracker_after(
        "", "remove_family", entities={"family_link": str(link.id)}, sender_id=sender
    )
    assert responses(shown_by(ActionRemoveFamily(), remove, domain), domain) == [
        "utter_family_removed"
    ]
    assert links.helpers_of(catalog_sessions, sender) == []
    assert responses(shown_by(ActionRemoveFamily(), remove, domain), domain) == [
        "utter_family_gone"
    ]


def test_who_saw_lists_what_helpers_were_shown(domain, sender, catalog_sessions) -> None:
    tracker = tracker_after("谁看过", "who_saw", sender_id=sender)
    assert responses(shown_by(ActionWhoSaw(), tracker, domain), domain) == [
        "utter_family_shares_none"
    ]
    son = linked(catalog_sessions, sender)
    noon = dt.datetime(2026, 12, 6, 4, 0, tzinfo=dt.timezone.utc)  # 12:00 in Chengdu
    shares.record(catalog_sessions, son, "request", noon, "pay-water")
    for _ in range(2):
        shares.record(catalog_sessions, son, "message", noon, "pay-water")
    [listed] = shown_by(ActionWhoSaw(), tracker, domain)
    assert listed["text"] == "家人看过的：\n12月6日 儿子看过2条您的话\n12月6日 儿子看过您求助的事"


def test_a_helper_proposes_a_guide_and_the_resident_is_asked(
    domain, sender, catalog_sessions
) -> None:
    son = Helper(f"son-of-{sender}", Chat("telegram", chat_id=2002))
    helper = son.sender_id

    def helper_says(text: str, **entities: str) -> list[dict[str, Any]]:
        tracker = tracker_after(text, "family_guide", entities=entities, sender_id=helper)
        return shown_by(ActionFamilyGuide(), tracker, domain)

    assert responses(helper_says("教家人办事"), domain) == ["utter_family_guide_not_helper"]
    assert responses(helper_says("教我交电费"), domain) == ["utter_service_found"]  # her own
    linked(catalog_sessions, sender, son)
    assert responses(helper_says("教我咋个交电费"), domain) == ["utter_service_found"]  # his own
    [which] = helper_says("教家人办事")
    assert responses([which], domain) == ["utter_family_guide_which_service"]
    assert which["buttons"][0]["payload"].startswith('/family_guide{"service":')
    [data, sent] = helper_says("教妈妈交电费")
    assert responses([sent], domain) == ["utter_family_guide_sent"]
    guide = str(data["custom"]["family"]["guide"])
    entities = {"family_guide": guide}
    asked = tracker_after("", "family_guide_asked", entities=entities, sender_id=sender)
    [question] = shown_by(ActionFamilyGuideAsked(), asked, domain)
    assert question["text"] == "您的儿子想带您一步一步办「缴纳电费」。现在开始吗？"
    yes = question["buttons"][0]["payload"]
    assert yes == f'/agree_family_guide{{"family_guide":"{guide}","service":"pay-electricity"}}'
    stranger = tracker_after("", "family_guide_asked", entities=entities, sender_id="someone")
    assert shown_by(ActionFamilyGuideAsked(), stranger, domain) == []
    agree = tracker_after(yes, "agree_family_guide", entities=entities, sender_id=sender)
    [answer, agreed] = shown_by(ActionAnswerFamilyGuide(), agree, domain)
    assert answer["custom"]["family"]["guide_answer"] == {"id": int(guide), "agreed": True}
    assert agreed["text"] == "好的，我们开始。您的儿子看得到您做到哪一步。"
    assert shown_by(ActionAnswerFamilyGuide(), agree, domain) == []  # stale: the guide starts alone
    decline = tracker_after("", "decline_family_guide", entities=entities, sender_id=sender)
    assert responses(shown_by(ActionAnswerFamilyGuide(), decline, domain), domain) == [
        "utter_family_guide_declined"
    ]


def test_a_helper_of_two_residents_chooses_whom_to_guide(domain, sender, catalog_sessions) -> None:
    son = Helper(f"son-of-{sender}", Chat("telegram", chat_id=2002))
    linked(catalog_sessions, f"mother-{sender}", son)
    second = linked(catalog_sessions, f"father-{sender}", son)
    tapped = '/family_guide{"service":"pay-electricity"}'  # 带家人办 under a reminder
    entities = {"service": "pay-electricity"}
    tracker = tracker_after(tapped, "family_guide", entities=entities, sender_id=son.sender_id)
    [which] = shown_by(ActionFamilyGuide(), tracker, domain)
    assert [b["title"] for b in which["buttons"][:2]] == ["第1位（您是儿子）", "第2位（您是儿子）"]
    assert f'"family_link":"{second.id}"' in which["buttons"][1]["payload"]
