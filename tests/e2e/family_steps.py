"""Steps the family helpers' end-to-end tests share: a resident gives a family member a code,
and the family member opens it and says who they are."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.staff_harness import StaffGateway, inline
from tools.telegram_harness import texts


def code_for(telegram: StaffGateway, resident: int) -> str:
    """The resident asks to add a family member: the code they are to send."""
    telegram.say(resident, text="我想让我儿子也能帮我看着点")
    told = "\n".join(texts(telegram.wait_for(resident, "一天内有效")))  # the code, then how
    return re.search(r"请把这个码发给您的家人：([A-Z0-9]{6})", told)[1]


def opens(telegram: StaffGateway, helper: int, code: str, relation: str) -> None:
    """The family member opens the link and taps who they are."""
    telegram.command(helper, f"/start f_{code}")
    asked = telegram.message_with(helper, "请问您是这位家人的什么人")
    telegram.tap(helper, inline(asked)[relation], asked["message_id"])
    telegram.wait_for(helper, "已经请您的家人确认了")


def linked(telegram: StaffGateway, resident: int, helper: int, relation: str) -> dict[str, Any]:
    """`helper` becomes the resident's helper: code, who they are, the resident's yes; the
    message that told the helper (with its 不当帮手了 button)."""
    opens(telegram, helper, code_for(telegram, resident), relation)
    telegram.wait_for(resident, f"您的{relation}想当您的帮手")
    telegram.say(resident, text="同意")
    telegram.wait_for(resident, f"{relation}现在是您的帮手了")
    return telegram.message_with(helper, "您的家人同意了")
