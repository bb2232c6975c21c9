"""The WeChat gateway end to end: the WeChat emulator on one side, the real Rasa server and
action server on the other, the gateway in between as `make wechat` runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog import communities
from catalog.database import make_engine, make_session_factory
from tests.e2e.wechat.wechat_setup import (
    WeChatPair,
    has_menu,
    new_openid,
    running_pair,
    said_by_resident,
    sender_of,
)
from tools.processes import wait_until
from tools.serve import ROOT, Stack
from tools.telegram_harness import TcpProxy
from tools.wechat_harness import contents, menu_items

pytestmark = pytest.mark.e2e


def item(message: dict, title: str) -> dict[str, str]:
    return next(entry for entry in menu_items(message) if entry["content"] == title)


def test_following_from_a_community_code_greets_and_counts_the_resident(
    wechat: WeChatPair, stack: Stack, resident: str
) -> None:
    sessions = make_session_factory(make_engine(f"sqlite:///{stack.data_dir / 'app.db'}"))
    community = communities.create(sessions, f"玉林社区{resident[-6:]}")
    scene = f"{communities.LINK_PREFIX}{community.code}"
    wechat.emulator.event(resident, "subscribe", f"qrscene_{scene}")
    greeting = wechat.emulator.replies_until(resident, bool)
    assert "您好" in contents(greeting)[0]
    with sessions() as session:
        assert sender_of(resident) in session.scalars(communities.members(community.id)).all()
    assert said_by_resident(stack, resident) == ["/welcome"]


def test_a_question_by_text_and_by_voice_transcript_is_answered_in_one_msgmenu(
    wechat: WeChatPair, stack: Stack, resident: str
) -> None:
    wechat.emulator.text(resident, "养老金资格认证怎么做")
    replies = wechat.emulator.replies_until(resident, has_menu)
    assert len(replies) == 1, contents(replies)
    assert "「养老金资格认证」" in replies[0]["msgmenu"]["head_content"]
    wechat.emulator.post(resident, "voice", fields={"MediaId": "m1", "Recognition": "水费咋个交嘛"})
    voice = wechat.emulator.replies_until(resident, has_menu)
    assert "缴纳水费" in contents(voice)[-1]
    assert said_by_resident(stack, resident) == ["养老金资格认证怎么做", "水费咋个交嘛"]


def test_a_guide_walked_to_the_end_by_taps_and_typed_answers(
    wechat: WeChatPair, stack: Stack, resident: str
) -> None:
    emulator = wechat.emulator
    emulator.text(resident, "水费咋个交嘛")
    offer = emulator.replies_until(resident, has_menu)
    emulator.tap(resident, item(offer[-1], "一步一步教我办"))
    first = emulator.replies_until(resident, has_menu)
    total = int(re.search(r"第1步（共(\d+)步）", contents(first)[-1]).group(1))
    emulator.text(resident, "好了")  # typed instead of tapping 下一步
    assert f"第2步（共{total}步）" in contents(emulator.replies_until(resident, has_menu))[-1]
    for step in range(3, total + 1):
        emulator.tap(resident, {"id": "/next_step", "content": "下一步"})
        assert f"第{step}步" in contents(emulator.replies_until(resident, has_menu))[-1]
    emulator.tap(resident, {"id": "/next_step", "content": "下一步"})
    end = emulator.replies_until(resident, has_menu)
    assert "办成了吗" in contents(end)[-1]
    heard = said_by_resident(stack, resident)
    assert heard[1] == "/start_guide" and "一步一步教我办" not in heard, "a tap is its payload"
    assert heard[2] == "好了"


def test_voice_without_a_transcript_and_other_kinds_get_kind_replies(
    wechat: WeChatPair, resident: str
) -> None:
    emulator = wechat.emulator
    for kind, fields, expected in [
        ("voice", {"MediaId": "m", "Format": "amr"}, "打字"),
        ("image", {"PicUrl": "http://x/a.jpg", "MediaId": "m"}, "照片"),
        ("location", {"Location_X": "30.66", "Location_Y": "104.06", "Label": "成都"}, "位置"),
        ("hologram", {}, "打字"),
    ]:
        assert emulator.post(resident, kind, fields=fields)["attempts"][-1]["status"] == 200
        replies = emulator.replies_until(resident, has_menu)
        assert expected in contents(replies)[0], (kind, contents(replies))


def test_menu_clicks_are_answered_and_unfollowing_is_not(wechat: WeChatPair, resident: str) -> None:
    wechat.emulator.event(resident, "CLICK", "WORK")
    assert "社保养老" in contents(wechat.emulator.replies_until(resident, has_menu))[-1]
    wechat.emulator.event(resident, "unsubscribe")
    time.sleep(2)
    assert wechat.emulator.replies_until(resident, lambda got: True, timeout=1) == []


def test_forged_stale_malformed_and_huge_posts_are_refused_and_the_gateway_keeps_serving(
    wechat: WeChatPair, resident: str
) -> None:
    emulator = wechat.emulator
    statuses = lambda answer: {a["status"] for a in answer["attempts"]}  # noqa: E731
    assert statuses(emulator.text(resident, "你好", bad_signature=True)) == {403}
    assert statuses(emulator.text(resident, "你好", timestamp=int(time.time()) - 600)) == {403}
    assert statuses(emulator.post(resident, xml="<xml><Content>")) == {400}
    assert statuses(emulator.post(resident, xml="<xml>" + "长" * 30_000 + "</xml>")) == {400}
    assert emulator.received(resident) == []
    emulator.text(resident, "养老金资格认证怎么做")
    assert "养老金资格认证" in contents(emulator.replies_until(resident, has_menu))[-1]


def test_a_message_retried_while_rasa_is_slow_is_answered_once(
    wechat: WeChatPair, rasa_proxy: TcpProxy, stack: Stack, resident: str
) -> None:
    repeated = wechat.logged("update_repeated")
    rasa_proxy.delay = 6.0
    try:
        answer = wechat.emulator.text(resident, "电费怎么交", repeat=3, interval=2.0)
    finally:
        rasa_proxy.delay = 0.0
    assert [a["status"] for a in answer["attempts"]] == [200, 200, 200]
    replies = wechat.emulator.replies_until(resident, has_menu, timeout=40)
    time.sleep(3)
    replies += wechat.emulator.replies_until(resident, lambda got: True, timeout=1)
    assert sum(m["msgtype"] == "msgmenu" for m in replies) == 1, contents(replies)
    assert said_by_resident(stack, resident) == ["电费怎么交"]
    assert wechat.logged("update_repeated") == repeated + 2  # the MsgId is masked as a number


def test_an_expired_token_is_renewed_once_and_the_answer_still_arrives(
    wechat: WeChatPair, resident: str
) -> None:
    fetched = wechat.emulator.state()["token_fetches"]
    wechat.emulator.expire_token()
    wechat.emulator.text(resident, "养老金资格认证怎么做")
    assert wechat.emulator.replies_until(resident, has_menu)
    assert wechat.emulator.state()["token_fetches"] == fetched + 1


def test_an_answer_out_of_the_48_hour_window_is_kept_and_sent_when_the_resident_writes_again(
    wechat: WeChatPair, rasa_proxy: TcpProxy, stack: Stack, resident: str
) -> None:
    rasa_proxy.delay = 3.0
    try:
        wechat.emulator.text(resident, "医保怎么报销")
        wechat.emulator.advance_clock(49 * 3600)  # before the answer goes out
        wait_until(lambda: wechat.logged("answer_kept") > 0, 30, "the refused answer kept")
    finally:
        rasa_proxy.delay = 0.0
        wechat.emulator.advance_clock(-49 * 3600)
    assert {"touser": resident, "errcode": 45015} in wechat.emulator.state()["refusals"]
    assert "errcode=45015" in wechat.log.read_text()
    assert wechat.emulator.received(resident) == []
    assert kept_for(stack, resident) == [(resident,)]  # with whom to send it to
    wechat.emulator.text(resident, "你好")  # WeChat's window opens again
    replies = wechat.emulator.replies_until(resident, lambda got: len(got) >= 2, timeout=40)
    shown = contents(replies)
    assert "医保" in shown[0], shown  # the kept answer first, then the greeting's
    time.sleep(3)
    assert len(wechat.emulator.received(resident)) == len(replies), "the kept answer went once"
    assert kept_for(stack, resident) == []


def kept_for(stack: Stack, openid: str) -> list[tuple[str]]:
    """The recipients of the resident's turns still kept undelivered."""
    with make_engine(f"sqlite:///{stack.data_dir / 'app.db'}").connect() as db:
        return db.exec_driver_sql(
            "SELECT recipient FROM pending_turns WHERE sender_id = ?", (sender_of(openid),)
        ).all()


@pytest.fixture(scope="module")
def safe_mode(stack: Stack, rasa_proxy: TcpProxy, logs: Path) -> Iterator[WeChatPair]:
    yield from running_pair(stack, rasa_proxy, logs, "safe-mode", safe=True)


def test_safe_mode_messages_are_decrypted_and_answered(safe_mode: WeChatPair) -> None:
    resident = new_openid()
    safe_mode.emulator.text(resident, "养老金资格认证怎么做")
    assert "养老金资格认证" in contents(safe_mode.emulator.replies_until(resident, has_menu))[-1]
    forged = safe_mode.emulator.text(resident, "你好", bad_signature=True)
    assert {a["status"] for a in forged["attempts"]} == {403}


def test_make_wechat_menu_sets_the_three_entries(wechat: WeChatPair) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WECHAT_")}
    subprocess.run(
        [sys.executable, "-m", "bot.wechat", "menu"],
        cwd=ROOT,
        env={**clean, **wechat.env},
        check=True,
        capture_output=True,
        timeout=60,
    )
    entries = wechat.emulator.state()["menu"]["button"]
    assert [(e["name"], e["key"]) for e in entries] == [
        ("我要办事", "WORK"),
        ("找人帮忙", "HELP"),
        ("使用说明", "GUIDE"),
    ]
