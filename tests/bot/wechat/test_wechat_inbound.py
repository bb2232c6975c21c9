"""What WeChat posts is checked (signature, age, safe-mode encryption) and read with wechatpy."""

from __future__ import annotations

import time

import pytest
import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bot.wechat.inbound import MAX_BODY, Inbound, Refused, Unreadable

TOKEN, APP_ID = "unit-token", "wx0123456789"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
TEXT = (
    "<xml><ToUserName>gh_a</ToUserName><FromUserName>o-resident</FromUserName>"
    "<CreateTime>1700000000</CreateTime><MsgType>text</MsgType>"
    "<Content>养老金认证怎么弄</Content><MsgId>1234567890123456</MsgId></xml>"
)


def signed(timestamp: int | None = None, token: str = TOKEN) -> dict[str, str]:
    stamp, nonce = str(timestamp or int(time.time())), "n0nce"
    signer = WeChatSigner()
    signer.add_data(token, stamp, nonce)
    return {"timestamp": stamp, "nonce": nonce, "signature": signer.signature}


def test_a_signed_plain_message_is_read() -> None:
    message = Inbound(TOKEN, APP_ID, None).message(signed(), TEXT.encode())
    assert (message.type, message.source, message.content) == (
        "text",
        "o-resident",
        "养老金认证怎么弄",
    )
    assert message.id == 1234567890123456


def test_the_url_check_echoes_only_for_wechat() -> None:
    inbound = Inbound(TOKEN, APP_ID, None)
    assert inbound.echo({**signed(), "echostr": "abc"}) == "abc"
    with pytest.raises(Refused):
        inbound.echo({**signed(token="other"), "echostr": "abc"})


@pytest.mark.parametrize(
    "query",
    [signed(token="not-ours"), signed(timestamp=int(time.time()) - 301), {}, {"timestamp": "x"}],
)
def test_a_bad_signature_or_an_old_timestamp_is_refused(query: dict[str, str]) -> None:
    with pytest.raises(Refused):
        Inbound(TOKEN, APP_ID, None).message(query, TEXT.encode())


@pytest.mark.parametrize(
    "body",
    [b"<xml><Content>", b"plain words", b"<xml></xml>", b"<xml><MsgType>text</MsgType></xml>"],
)
def test_malformed_xml_is_unreadable(body: bytes) -> None:
    with pytest.raises(Unreadable):
        Inbound(TOKEN, APP_ID, None).message(signed(), body)


def test_a_huge_body_is_unreadable() -> None:
    body = TEXT.replace("养老金", "养" * MAX_BODY).encode()
    with pytest.raises(Unreadable):
        Inbound(TOKEN, APP_ID, None).message(signed(), body)


def test_safe_mode_decrypts_what_wechat_encrypted_and_refuses_a_forged_signature() -> None:
    query = signed()
    encrypted = WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(
        TEXT, query["nonce"], query["timestamp"]
    )
    signature = xmltodict.parse(encrypted)["xml"]["MsgSignature"]
    safe = {**query, "encrypt_type": "aes", "msg_signature": signature}
    inbound = Inbound(TOKEN, APP_ID, AES_KEY)
    assert inbound.message(safe, encrypted.encode()).content == "养老金认证怎么弄"
    with pytest.raises(Refused):
        inbound.message({**safe, "msg_signature": "0" * 40}, encrypted.encode())
    with pytest.raises(Refused):  # safe mode takes no plain messages
        inbound.message(query, TEXT.encode())
