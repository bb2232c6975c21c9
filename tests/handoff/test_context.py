"""What a worker sees of the conversation before taking over: the last turns, masked."""

from __future__ import annotations

from handoff.context import Line, recent_turns

EVENTS = [
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "交电费"},
    {"event": "bot", "text": "第1步：打开国家电网。"},
    {"event": "user", "text": "/next_step"},
    {"event": "bot", "text": ""},  # data for the gateway, not words
    {"event": "user", "text": "/sent_voice"},
    {"event": "user", "text": "我手机13812345678收不到验证码"},
    {"event": "user", "text": "EXTERNAL: handoff_started"},
]


def test_recent_turns_are_masked_and_readable() -> None:
    assert recent_turns(EVENTS, limit=3) == [
        Line("resident", "（点了按钮）"),
        Line("resident", "（发了一段语音）"),
        Line("resident", "我手机138****5678收不到验证码"),
    ]
    assert recent_turns(EVENTS)[:2] == [
        Line("resident", "交电费"),
        Line("assistant", "第1步：打开国家电网。"),
    ]


def test_turns_before_a_new_session_are_shown_and_a_reading_again_counts_once() -> None:
    events = [
        {"event": "user", "text": "交电费"},
        {"event": "bot", "text": "您想办哪一个？"},
        {"event": "user", "text": "第一个"},
        {"event": "action", "name": "action_read_reply"},
        {"event": "rewind"},
        {"event": "user", "text": "第一个"},
        {"event": "bot", "text": "第1步：打开国家电网。"},
        {"event": "action", "name": "utter_wrong"},
        {"event": "bot", "text": "这句不该出现"},
        {"event": "undo"},
        {"event": "session_started"},
        {"event": "user", "text": "这步不会"},
    ]
    assert recent_turns(events) == [
        Line("resident", "交电费"),
        Line("assistant", "您想办哪一个？"),
        Line("resident", "第一个"),
        Line("assistant", "第1步：打开国家电网。"),
        Line("resident", "这步不会"),
    ]
