"""The gateway's settings: loopback only unless allowed, safe mode with a 43-character key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.wechat.config import WeChatSettings

ACCOUNT = {"WECHAT_TOKEN": "t", "WECHAT_APP_ID": "wx1", "WECHAT_APP_SECRET": "s"}


def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> WeChatSettings:
    for name, value in {**ACCOUNT, **env}.items():
        monkeypatch.setenv(name, value)
    return WeChatSettings()


def test_defaults_listen_on_loopback_in_plain_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    read = settings(monkeypatch, WECHAT_AES_KEY="")
    assert (read.host, read.port, read.aes_key) == ("127.0.0.1", 8090, None)
    assert read.api == "https://api.weixin.qq.com"


def test_a_public_interface_is_refused_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="WECHAT_ALLOW_PUBLIC"):
        settings(monkeypatch, WECHAT_HOST="0.0.0.0")
    assert settings(monkeypatch, WECHAT_HOST="0.0.0.0", WECHAT_ALLOW_PUBLIC="true").host


def test_a_sender_key_is_used_as_given_or_derived_from_the_secret(monkeypatch) -> None:
    assert settings(monkeypatch, WECHAT_SENDER_KEY="k").sender_hmac_key == b"k"
    monkeypatch.delenv("WECHAT_SENDER_KEY")
    derived = settings(monkeypatch).sender_hmac_key
    assert len(derived) == 32 and derived != b"s"


def test_a_short_aes_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="aes_key"):
        settings(monkeypatch, WECHAT_AES_KEY="short")
