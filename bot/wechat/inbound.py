"""What WeChat posts to the gateway, checked and read: the signature (plain mode) or the message
signature and encryption (safe mode), the timestamp's age, and the XML, with wechatpy."""

from __future__ import annotations

import time
from collections.abc import Mapping
from xml.parsers.expat import ExpatError

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.utils import check_signature

MAX_AGE = 300  # seconds: an older (or later) timestamp is refused, a replay
MAX_BODY = 64 * 1024  # bytes: WeChat's messages are a few hundred


class Refused(Exception):
    """Not from WeChat (a bad signature, an old timestamp): answered 403."""


class Unreadable(Exception):
    """From WeChat perhaps, but not a message the gateway can read: answered 400."""


class Inbound:
    """Checks and reads the requests of one account; safe mode when `aes_key` is given."""

    def __init__(self, token: str, app_id: str, aes_key: str | None) -> None:
        self._token = token
        self._crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None

    def echo(self, query: Mapping[str, str], now: float | None = None) -> str:
        """The `echostr` of WeChat's URL check, when the request is WeChat's."""
        self._check(query, now)
        return query.get("echostr", "")

    def message(
        self, query: Mapping[str, str], body: bytes, now: float | None = None
    ) -> BaseMessage:
        """The message or event posted (a wechatpy message; `UnknownMessage` for a new type)."""
        self._check(query, now)
        if len(body) > MAX_BODY:
            raise Unreadable("too large")
        xml = body
        if self._crypto is not None and query.get("encrypt_type") == "aes":
            try:
                xml = self._crypto.decrypt_message(
                    body, query.get("msg_signature", ""), query["timestamp"], query["nonce"]
                ).encode()
            except (InvalidSignatureException, InvalidAppIdException) as error:
                raise Refused(type(error).__name__) from error
            except Exception as error:  # malformed XML or ciphertext
                raise Unreadable(type(error).__name__) from error
        elif self._crypto is not None:
            raise Refused("plain message in safe mode")
        return read_xml(xml)

    def _check(self, query: Mapping[str, str], now: float | None) -> None:
        try:
            check_signature(
                self._token, query.get("signature", ""), query["timestamp"], query["nonce"]
            )
            age = abs((now or time.time()) - int(query["timestamp"]))
        except (InvalidSignatureException, KeyError, ValueError) as error:
            raise Refused(type(error).__name__) from error
        if age > MAX_AGE:
            raise Refused("stale timestamp")


def read_xml(xml: bytes) -> BaseMessage:
    """`xml` as a wechatpy message; `Unreadable` when it is not one."""
    try:
        message = parse_message(xml)
    except (ExpatError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise Unreadable(type(error).__name__) from error
    if message is None or not message.source:
        raise Unreadable("no sender")
    return message
