"""Which trouble a resident stuck on a guide step has.

The kinds are the content's help keys (`catalog.content_schema.TROUBLES`): each step may carry
help for them. Words that name the thing in trouble decide first, checked in this order, so
"验证码没收到" is about the code, not a missing thing; otherwise the trained model tells:
`stuck` is a retrieval intent whose sub-intents are the kinds (stuck/where, stuck/code, …),
chosen by Rasa's ResponseSelector.

Some words only ask (在哪里, 咋个弄): next to a service's name they are a new question
("交电费在哪里交"), not trouble with the step. The others say something went wrong (找不到,
刷不过, 太复杂), and hold whatever else the message names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from actions.text_normalization import normalize

STUCK = "stuck"
MIN_SELECTED = 0.5  # the ResponseSelector's confidence at which its kind is taken


@dataclass(frozen=True)
class _Kind:
    name: str
    failing: re.Pattern[str]  # words that say the step went wrong
    asking: re.Pattern[str] | None = None  # words that only ask how or where


_KINDS: tuple[_Kind, ...] = (
    _Kind(
        "code",
        re.compile(
            r"验.码|验证马|校验码|动态码|短信|几位数字|(?<![密蜜秘])码.{0,8}(没|不|收|过期)|"
            r"(没|莫得|没得)收到.{0,2}码"
        ),
    ),
    _Kind("password", re.compile(r"[密蜜秘]码|密马|密吗|口令")),
    _Kind(
        "app",
        re.compile(
            r"(没|没有|没得|莫得|找不到|搜不到|装不上|下不了)"
            r".{0,4}(软[件见建]|应用|程序|app)|(软[件见建]|应用|app).{0,4}(没有|没得|莫得|找不到|搜不到|装不上|下不了)|"
            r"没有?(?:按|安)?装|下载|下在|哪里下|哪儿下|咋个下|怎么下|去下|(?:咋个|怎么|要)装|应用商店|应用市场"
        ),
    ),
    _Kind(
        "no_response",
        re.compile(
            r"没.{0,4}反[应映]|没.{0,2}翻应|一点反应|不动|转圈|卡死|死机|点不开|打不开|闪退|白屏|黑屏|"
            r"屏幕白了|啥都不出来|进不去|一直在等|一直加载|半天出不来|点了没用|没.{0,2}动静"
        ),
    ),
    _Kind(
        "where",
        re.compile(
            r"找不到|找不着|没看到|看不到|看不见|没有这个|没得这个|莫得这个|"
            r"没有那个|没得那个|没有这一项|没有按钮|屏幕上没有|是哪一个|是哪个|什么位置|啥子位置|哪个位置"
        ),
        re.compile(r"在哪|哪儿|哪里"),
    ),
    _Kind(
        "plain",
        re.compile(
            r"不会|不太会|跟不上|卡住|卡起|弄不来|整不来|搞不来|弄不懂|看不懂|搞不懂|不晓得|不知道|不懂|"
            r"不明白|弄不好|搞不定|弄不成|做不来|难得很|太难|"
            r"失败|不成功|没成功|通不过|过不了|刷不过|认不出|识别不|不通过|报错|出错|提示错误|"
            r"复杂|搞昏|头昏|头都大|晕了|看不清|字太小|字好小|字小了|眼睛花"
        ),
        re.compile(r"咋个整|咋个弄|咋弄|怎么弄|怎么搞"),
    ),
)


def trouble_in(text: str) -> str | None:
    """The kind of trouble the words describe, or None when they describe none."""
    words = normalize(text)
    return next(
        (
            kind.name
            for kind in _KINDS
            if kind.failing.search(words) or (kind.asking and kind.asking.search(words))
        ),
        None,
    )


def failing_in(text: str) -> str | None:
    """The kind of trouble the words say went wrong (not merely asked about), or None."""
    words = normalize(text)
    return next((kind.name for kind in _KINDS if kind.failing.search(words)), None)


def selected_trouble(parse_data: dict[str, Any]) -> tuple[str, float] | None:
    """The kind of trouble the model selects for a message (Rasa's parse data), with its
    confidence; None when the model has no stuck sub-intents."""
    selected = ((parse_data.get("response_selector") or {}).get(STUCK) or {}).get("response")
    key = str((selected or {}).get("intent_response_key") or "")
    if not key.startswith(STUCK + "/"):
        return None
    return key.removeprefix(STUCK + "/"), float(selected.get("confidence") or 0.0)


def trouble_of(text: str, selected: tuple[str, float] | None) -> str:
    """The kind of trouble: the one its own words name (验证码, 密码, 软件, 转圈, 找不到), else
    the model's when it is sure, else plain. A named thing is near certain; the model reads the
    many ways of saying it without the word."""
    named = trouble_in(text)
    if named is not None and named != "plain":
        return named
    if selected is not None and selected[1] >= MIN_SELECTED:
        return selected[0]
    return "plain"
