"""The WeChat gateway stopped between a message and its answer: the next start delivers the
answer, once."""

from __future__ import annotations

import time

import pytest

from tests.e2e.wechat.wechat_setup import WeChatPair, has_menu, said_by_resident
from tools.processes import wait_until
from tools.serve import Stack
from tools.telegram_harness import TcpProxy
from tools.wechat_harness import contents

pytestmark = pytest.mark.e2e


def test_a_message_received_before_a_restart_is_answered_once_after_it(
    wechat: WeChatPair, rasa_proxy: TcpProxy, stack: Stack, resident: str
) -> None:
    rasa_proxy.interrupt()
    try:
        wechat.emulator.text(resident, "养老金资格认证怎么做")
        wait_until(lambda: wechat.logged("rasa_unavailable") > 0, 20, "Rasa to be missed")
        assert wechat.gateway is not None
        wechat.gateway.stop()
        assert "kept_for_next_start" in wechat.log.read_text()
    finally:
        rasa_proxy.resume()
    wechat.start()
    replies = wechat.emulator.replies_until(resident, has_menu, timeout=60)
    time.sleep(3)
    replies += wechat.emulator.replies_until(resident, lambda got: True, timeout=1)
    answers = [m for m in replies if m["msgtype"] == "msgmenu"]
    assert len(answers) == 1, contents(replies)
    assert "养老金资格认证" in answers[0]["msgmenu"]["head_content"]
    assert said_by_resident(stack, resident) == ["养老金资格认证怎么做"]
