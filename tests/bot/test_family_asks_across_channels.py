"""问家人 as every gateway runs it, on a real SQLite app database with Rasa and the channels
faked: the claiming gateway shows the request to its own channel's helpers and leaves it in the
outbox for the others'; a helper's taps take, pass and end it; the talk's words go directly on
the same channel and through the outbox across channels, masked toward the helper."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.app_database import AppDatabase
from bot.family_asks import FamilyAsks
from bot.notices import load_family_words
from bot.rasa_client import BotMessage
from family import links, shares
from family.links import Helper, Link
from handoff import outbox, queue
from handoff.clock import utc_now
from handoff.hours import OpeningHours
from handoff.queue import Chat

MOTHER, MOTHER_CHAT = "tg-mother", Chat("telegram", chat_id=1001)
SON = Helper("wx-son", Chat("wechat", recipient="o-son"))
DAUGHTER = Helper("tg-daughter", Chat("telegram", chat_id=2003))


class FakeRasa:
    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    async def trigger(
        self, sender: str, intent: str, entities: dict[str, str] | None = None
    ) -> list[BotMessage]:
        self.calls.append(("trigger", intent, *(entities or {}).values()))
        return [BotMessage(f"({intent})")]

    async def pause(self, sender: str) -> None:
        self.calls.append(("pause",))

    async def resume(self, sender: str) -> None:
        self.calls.append(("resume",))


class Sent:
    """What a gateway sent on its own channel: (who, texts, payloads of the buttons)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], list[str]]] = []

    async def __call__(self, chat: Chat, sender: str, replies: list[BotMessage]) -> None:
        payloads = [button.payload for reply in replies for button in reply.buttons]
        self.messages.append((sender, [reply.text for reply in replies], payloads))


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def shown() -> Sent:
    return Sent()


@pytest.fixture
def wechat(db: AppDatabase, rasa: FakeRasa, shown: Sent) -> FamilyAsks:
    """The WeChat gateway's part; the resident is on Telegram, so never answered from here."""

    async def never(chat: Chat, sender: str, replies: list[BotMessage]) -> None:
        raise AssertionError("the resident is not on this channel")

    return FamilyAsks(db, rasa, load_family_words(), "wechat", never, shown)


async def link(db: AppDatabase, helper: Helper, relation: str) -> Link:
    invited = await db.run(links.invite, MOTHER, utc_now())
    await db.run(links.open_code, invited.code, helper, utc_now())
    await db.run(links.name, invited.id, helper.sender_id, relation)
    return await db.run(links.answer, MOTHER, invited.id, True, utc_now())


async def asked(db: AppDatabase, minutes_ago: float = 0) -> int:
    opened = await db.run(
        queue.open_request,
        sender_id=MOTHER,
        reason="stuck",
        service_slug=None,
        step=None,
        now=utc_now() - dt.timedelta(minutes=minutes_ago),
        hours=OpeningHours.parse("always"),
        local=dt.timezone.utc,
        for_family=True,
    )
    await db.run(queue.register_chat, opened.request_id, MOTHER_CHAT)
    return opened.request_id


async def letters(db: AppDatabase) -> list[tuple[str, str, list[Any]]]:
    """What was left for people on Telegram."""
    taken = await db.run(outbox.take, outbox.RESIDENT, utc_now(), "telegram")
    return [(letter.kind, letter.text, letter.replies) for letter in taken]


async def test_the_request_is_shown_here_directly_and_elsewhere_through_the_outbox(
    db: AppDatabase, wechat: FamilyAsks, shown: Sent
) -> None:
    son, daughter = await link(db, SON, "儿子"), await link(db, DAUGHTER, "女儿")
    number = await asked(db)
    await wechat.look()
    await wechat.look()  # shown once
    [(sender, texts, payloads)] = shown.messages
    assert sender == SON.sender_id and texts == ["您的家人想请您帮个忙。"]
    assert payloads == [f"famhelp:{number}", f"fampass:{number}"]
    [(kind, _, [letter])] = await letters(db)
    assert kind == outbox.HELPER and letter["text"] == "您的家人想请您帮个忙。"
    assert [b["payload"] for b in letter["buttons"]] == payloads
    for helper in (son, daughter):
        [share] = [
            s for s in await db.run(shares.latest, MOTHER, 5) if s.relation == helper.relation
        ]
        assert share.what == "request"


async def test_a_helper_here_takes_it_talks_and_hands_back_to_a_resident_elsewhere(
    db: AppDatabase, wechat: FamilyAsks, rasa: FakeRasa
) -> None:
    son = await link(db, SON, "儿子")
    number = await asked(db)
    assert await wechat.tapped("你好", SON.sender_id) is None
    [helping] = await wechat.tapped(f"famhelp:{number}", SON.sender_id)
    assert [b.payload for b in helping.buttons] == [f"famdone:{number}", f"fampass:{number}"]
    assert rasa.calls == [("trigger", "handoff_started", "儿子"), ("pause",)]
    [[gone]] = [await wechat.tapped(f"famhelp:{number}", SON.sender_id)]
    assert gone.text == "这件事已经有人在帮了，或者已经办完了。"

    request = await db.run(queue.get, number)
    assert await wechat.from_helper(request, son, "text", "妈，点重新发送") == []
    [words_only] = await wechat.from_helper(request, son, "photo", "/sent_photo")
    assert words_only.text == "这里只能转文字给家人，请您打字说。"
    [thanks] = await wechat.tapped(f"famdone:{number}", SON.sender_id)
    assert thanks.text == "谢谢您！小助手会接着陪家人办。"
    assert rasa.calls[-2:] == [("resume",), ("trigger", "handoff_ended", "儿子")]
    assert (await db.run(queue.get, number)).status == "resolved"
    got = [(kind, text or replies[0]["text"]) for kind, text, replies in await letters(db)]
    assert got == [
        (outbox.REPLIES, "(handoff_started)"),
        ("text", "儿子：妈，点重新发送"),
        (outbox.REPLIES, "(handoff_ended)"),
    ]


async def test_the_residents_words_reach_a_helper_here_masked_and_are_recorded(
    db: AppDatabase, wechat: FamilyAsks, shown: Sent
) -> None:
    son = await link(db, SON, "儿子")
    number = await asked(db)
    await wechat.tapped(f"famhelp:{number}", SON.sender_id)
    request = await db.run(queue.get, number)
    await wechat.to_helper(request, son, "卡号6222021234567890123")
    await wechat.to_helper(request, son, None)
    [[masked], [note]] = [texts for _, texts, _ in shown.messages[-2:]]
    assert masked.startswith("家人：卡号") and "6222021234567890123" not in masked
    assert note == "家人：（发了照片或语音，这里看不到。请打字问问是什么。）"
    assert [s.what for s in await db.run(shares.latest, MOTHER, 5)] == ["photo", "message"]


async def test_no_answer_in_time_offers_the_workers_to_a_resident_elsewhere(
    db: AppDatabase, wechat: FamilyAsks, rasa: FakeRasa
) -> None:
    await link(db, SON, "儿子")
    number = await asked(db, minutes_ago=11)  # FAMILY_WAIT_MINUTES is 10
    await wechat.look()
    await wechat.look()  # once
    assert rasa.calls == [("trigger", "family_unanswered")]
    assert (await db.run(queue.get, number)).status == "expired"
    [(kind, _, [offer])] = await letters(db)
    assert kind == outbox.REPLIES and offer["text"] == "(family_unanswered)"
