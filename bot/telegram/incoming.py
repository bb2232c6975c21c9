"""What a resident sent, as Rasa should hear it: the payload for each kind of non-text message,
whether a group message is meant for the assistant, and the metadata sent along."""

from __future__ import annotations

import re
from typing import Any

from telegram import Message, MessageEntity, Update, User
from telegram.constants import ChatType

# Checked in order: an animation is also a document, a venue also a location.
MEDIA_PAYLOADS = (
    ("voice", "/sent_voice"),
    ("video_note", "/sent_voice"),
    ("audio", "/sent_voice"),
    ("sticker", "/sent_sticker"),
    ("animation", "/sent_sticker"),
    ("dice", "/sent_sticker"),
    ("photo", "/sent_photo"),
    ("video", "/sent_file"),
    ("document", "/sent_file"),
    ("contact", "/sent_contact"),
    ("venue", "/sent_location"),
    ("location", "/sent_location"),
)
OTHER_PAYLOAD = "/help"  # polls, games, stories…: explain what the assistant can do
EMPTY_PAYLOAD = "/greet"  # a bare mention of the assistant in a group


def media_payload(message: Message) -> str:
    """The intent that tells Rasa what kind of non-text message the resident sent."""
    return next(
        (payload for attribute, payload in MEDIA_PAYLOADS if getattr(message, attribute)),
        OTHER_PAYLOAD,
    )


def is_addressed(message: Message, bot: User) -> bool:
    """True in a private chat; in a group, when the message mentions the bot, replies to it or
    is a command for it (bots in groups hear everyone, but answer only when asked)."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot.id:
        return True
    entities = message.parse_entities() or message.parse_caption_entities()
    for entity, text in entities.items():
        if entity.type == MessageEntity.MENTION and _is_bot_name(text[1:], bot):
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            _, _, target = text.partition("@")
            return not target or _is_bot_name(target, bot)
    return False


def without_mention(text: str, bot: User) -> str:
    """`text` without the bot's @username, so Rasa hears only what the resident asked."""
    if not bot.username:
        return text.strip()
    return re.sub(
        rf"@{re.escape(bot.username)}(?![A-Za-z0-9_])", " ", text, flags=re.IGNORECASE
    ).strip()


def metadata(update: Update) -> dict[str, Any]:
    """What Rasa may know about the message besides its text (no Telegram ids)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    return {
        # Telegram numbers every update once: a message re-sent after a lost answer keeps it,
        # so Rasa processes it only once (rasa_addons/exactly_once_rest.py).
        "message_id": f"telegram-{update.update_id}",
        "channel": "telegram",
        "chat_type": chat.type if chat else None,
        "language_code": user.language_code if user else None,
        "forwarded": bool(message and message.forward_origin),
    }


def command_words(text: str) -> tuple[str, list[str]]:
    """ "/Done@HelperBot 解决了 备注" → ("done", ["解决了", "备注"])."""
    name, *words = text.split()
    return name[1:].partition("@")[0].lower(), words


def outcome_and_note(words: list[str], outcomes: dict[str, str]) -> tuple[str | None, str]:
    """The outcome the first word names, if it names one, and the rest as a note
    (/done 解决了 帮她约好了)."""
    outcome = outcomes.get(words[0]) if words else None
    return outcome, " ".join(words[1:] if outcome else words)


def _is_bot_name(name: str, bot: User) -> bool:
    return bool(bot.username) and name.lower() == bot.username.lower()
