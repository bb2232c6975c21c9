"""Fakes of Telegram's side for the gateway's unit tests: a recording bot and updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram import ReplyKeyboardMarkup, ReplyParameters, Update, User
from telegram.error import BadRequest

from bot.notices import Notices

BOT_USER = User(id=666, first_name="助手", is_bot=True, username="HelperBot")
NOTICES = Notices(waiting="请稍等", sorry="对不起", throttled="太快了", busy="稍后再试")


@dataclass
class Sent:
    """One message the gateway sent to Telegram."""

    chat_id: int
    text: str | None
    photo: str | None = None
    markup: ReplyKeyboardMarkup | None = None
    reply: ReplyParameters | None = None


@dataclass
class FakeBot:
    """Records what the gateway sends; `bad_photos` are refused as Telegram refuses bad URLs."""

    sent: list[Sent] = field(default_factory=list)
    chat_actions: list[tuple[int, str]] = field(default_factory=list)
    bad_photos: set[str] = field(default_factory=set)

    @property
    def bot(self) -> User:
        return BOT_USER

    async def send_message(
        self,
        chat_id: int,
        text: str,
        reply_markup: ReplyKeyboardMarkup | None = None,
        reply_parameters: ReplyParameters | None = None,
    ) -> None:
        self.sent.append(Sent(chat_id, text, markup=reply_markup, reply=reply_parameters))

    async def send_photo(
        self,
        chat_id: int,
        photo: str,
        caption: str | None = None,
        reply_markup: ReplyKeyboardMarkup | None = None,
        reply_parameters: ReplyParameters | None = None,
    ) -> None:
        if photo in self.bad_photos:
            raise BadRequest("Wrong file identifier/http url specified")
        self.sent.append(Sent(chat_id, caption, photo, reply_markup, reply_parameters))

    async def send_chat_action(self, chat_id: int, action: str) -> None:
        self.chat_actions.append((chat_id, action))

    def texts(self) -> list[str | None]:
        return [sent.text for sent in self.sent]


@dataclass
class FakeContext:
    bot: FakeBot
    error: Exception | None = None


def make_update(
    user_id: int = 7,
    chat_id: int | None = None,
    chat_type: str = "private",
    edited: bool = False,
    **message: Any,
) -> Update:
    """An update with one message from user `user_id`; `message` adds its fields (text, voice…)."""
    data: dict[str, Any] = {
        "message_id": 5,
        "date": 1_700_000_000,
        "chat": {"id": chat_id or user_id, "type": chat_type, "title": "t"},
        "from": {"id": user_id, "is_bot": False, "first_name": "王", "language_code": "zh-hans"},
        **message,
    }
    if edited:
        data["edit_date"] = 1_700_000_100
    return Update.de_json({"update_id": 1, "edited_message" if edited else "message": data}, None)
