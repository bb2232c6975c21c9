"""Sender ids: one conversation per resident, and no Telegram id in Rasa's tracker."""

from __future__ import annotations

from bot.telegram.sender_ids import sender_id, sender_key

KEY = sender_key("a-secret-key", "123:TOKEN")


def test_a_resident_keeps_one_sender_id() -> None:
    assert sender_id(424242, KEY) == sender_id(424242, KEY)


def test_residents_get_different_sender_ids() -> None:
    assert sender_id(424242, KEY) != sender_id(424243, KEY)


def test_the_sender_id_reveals_no_telegram_id() -> None:
    assert "424242" not in sender_id(424242, KEY)
    assert sender_id(424242, KEY).startswith("tg-")


def test_the_sender_id_depends_on_the_key() -> None:
    assert sender_id(424242, KEY) != sender_id(424242, sender_key("another-key", "123:TOKEN"))


def test_without_a_configured_key_one_is_derived_from_the_token_not_equal_to_it() -> None:
    derived = sender_key(None, "123:TOKEN")
    assert derived == sender_key("", "123:TOKEN")
    assert b"TOKEN" not in derived
    assert derived != sender_key(None, "456:OTHER")
