"""The resident's side of reminders: one set from a recurring service's button (with its id
for the gateway), refused for a service that does not recur, listed with a cancel button each,
cancelled, and what a due reminder says (the guide one tap away)."""

from __future__ import annotations

from typing import Any

from actions.reminders import (
    ActionCancelReminder,
    ActionMyReminders,
    ActionReminderDue,
    ActionRemindMe,
)
from tests.actions.conftest import responses, shown_by, tracker_after


def remind_me(domain, sender: str, service: str) -> list[dict[str, Any]]:
    tracker = tracker_after(
        f'/remind_me{{"service":"{service}"}}',
        "remind_me",
        entities={"service": service},
        sender_id=sender,
    )
    return shown_by(ActionRemindMe(), tracker, domain)


def test_a_reminder_of_a_recurring_service_and_its_id_for_the_gateway(domain, sender) -> None:
    messages = remind_me(domain, sender, "pension-certification")
    assert messages[0]["custom"]["reminder"]["id"] > 0
    assert responses(messages[1:], domain) == ["utter_reminder_set"]
    assert "养老金资格认证" in messages[1]["text"] and "年" in messages[1]["due"]


def test_a_service_that_does_not_recur_has_no_reminder(domain, sender) -> None:
    messages = remind_me(domain, sender, "pay-water")
    assert responses(messages, domain) == ["utter_reminder_not_recurring"]
    listed = shown_by(
        ActionMyReminders(), tracker_after("我的提醒", "my_reminders", sender_id=sender), domain
    )
    assert responses(listed, domain) == ["utter_reminder_none"]


def test_the_list_has_a_cancel_button_each_and_cancelling_works_once(domain, sender) -> None:
    remind_me(domain, sender, "pension-certification")
    remind_me(domain, sender, "senior-bus-card")
    [listed] = shown_by(
        ActionMyReminders(), tracker_after("我的提醒", "my_reminders", sender_id=sender), domain
    )
    assert "养老金资格认证（" in listed["text"] and "老年人乘车卡（" in listed["text"]
    cancels = [b for b in listed["buttons"] if b["title"].startswith("取消")]
    assert [b["title"] for b in cancels] == [
        "取消“养老金资格认证”的提醒",
        "取消“老年人乘车卡”的提醒",
    ]
    reminder = cancels[0]["payload"].split('"reminder":"')[1].split('"')[0]

    def cancel() -> list[dict[str, Any]]:
        tracker = tracker_after(
            cancels[0]["payload"],
            "cancel_reminder",
            entities={"reminder": reminder},
            sender_id=sender,
        )
        return shown_by(ActionCancelReminder(), tracker, domain)

    assert responses(cancel(), domain) == ["utter_reminder_cancelled"]
    assert responses(cancel(), domain) == ["utter_reminder_gone"]


def test_a_due_reminder_says_what_and_starts_the_guide_in_one_tap(domain, sender) -> None:
    reminder = str(
        remind_me(domain, sender, "pension-certification")[0]["custom"]["reminder"]["id"]
    )
    tracker = tracker_after(
        "/reminder_due",
        "reminder_due",
        entities={"reminder": reminder},
        sender_id=sender,
    )
    [due] = shown_by(ActionReminderDue(), tracker, domain)
    assert due["text"].startswith("提醒您：「养老金资格认证」要在")
    assert due["buttons"][0] == {
        "title": "现在就办",
        "payload": '/start_guide{"service":"pension-certification"}',
    }
    stranger = tracker_after(
        "/reminder_due", "reminder_due", entities={"reminder": reminder}, sender_id="someone"
    )
    assert shown_by(ActionReminderDue(), stranger, domain) == []


def test_the_family_is_reminded_too_when_the_resident_asks(
    domain, sender, catalog_sessions
) -> None:
    from actions.reminders import ActionFamilyReminderDue, ActionRemindFamily
    from family.links import Helper
    from handoff.queue import Chat
    from tests.actions.test_family_actions import linked

    alone = remind_me(domain, sender, "pension-certification")
    assert "也提醒我家人" not in [b["title"] for b in alone[1]["buttons"]]
    typed = tracker_after("也提醒我家人", "remind_family", sender_id=sender)
    assert responses(shown_by(ActionRemindFamily(), typed, domain), domain) == [
        "utter_reminder_family_none"
    ]
    son = linked(catalog_sessions, sender, Helper(f"son-of-{sender}", Chat("telegram", 2002)))
    messages = remind_me(domain, sender, "pension-certification")
    [family] = [b for b in messages[1]["buttons"] if b["title"] == "也提醒我家人"]
    reminder = str(messages[0]["custom"]["reminder"]["id"])
    assert family["payload"] == f'/remind_family{{"reminder":"{reminder}"}}'
    [told] = shown_by(ActionRemindFamily(), typed, domain)  # typed: the reminder set last
    assert told["text"] == "好的，到时候也会提醒您的儿子。"

    def due_for(helper: str) -> list[dict[str, Any]]:
        tracker = tracker_after(
            "", "family_reminder_due", entities={"reminder": reminder}, sender_id=helper
        )
        return shown_by(ActionFamilyReminderDue(), tracker, domain)

    [due] = due_for(son.helper_sender_id)
    assert due["text"].startswith("提醒您：您家人的「养老金资格认证」要在")
    assert due["buttons"][0] == {
        "title": "带家人办",
        "payload": f'/family_guide{{"service":"pension-certification","family_link":"{son.id}"}}',
    }
    assert due_for("tg-stranger") == []
