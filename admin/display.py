"""How documents and changes read on the admin's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from catalog.content_checker import TROUBLE_LABELS, field_label

KIND_NAMES = {"general_faqs": "通用常见问题", "categories": "菜单分类"}
# What the model made of a message, as editors say it (service_* intents: 问一项具体的服务).
INTENT_LABELS = {
    "greet": "打招呼",
    "goodbye": "说再见",
    "thank": "道谢",
    "help": "问助手能做什么",
    "out_of_scope": "问的不是办事",
    "nlu_fallback": "没听懂",
    "show_menu": "要看菜单",
    "ask_person": "要找人帮忙",
    "broad_need": "说了一个大概的需要",
    "start_guide": "要一步一步教",
    "resume_guide": "接着刚才的步骤",
    "next_step": "下一步",
    "previous_step": "上一步",
    "repeat": "再说一遍",
    "stuck": "这一步卡住了",
    "stop": "不办了",
    "affirm": "是的",
    "deny": "不是",
}


def document_title(kind: str, name: str) -> str:
    """A service's name, or the Chinese name of the general FAQs or the categories."""
    return name if kind == "service" else KIND_NAMES.get(kind, kind)


def shown(value: Any) -> str:
    """A field's value as plain lines of text ("（空）" when there is none)."""
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, list):
        return "\n".join(shown(item) for item in value)
    if isinstance(value, dict) and "text" in value:  # a step with help
        helps = value.get("help", {})
        return "\n".join(
            [value["text"], *(f"  {TROUBLE_LABELS.get(k, k)}：{v}" for k, v in helps.items())]
        )
    if isinstance(value, dict) and "question" in value:
        return f"问：{value['question']}\n答：{value['answer']}"
    if isinstance(value, dict):
        return "；".join(f"{k}：{shown(v)}" for k, v in value.items())
    return str(value)


def intent_label(intent: str | None) -> str:
    """The model's reading of a message in Chinese."""
    if intent and intent.startswith("service_"):
        return "问一项具体的服务"
    return INTENT_LABELS.get(intent or "", "其他")


def local_time(moment: dt.datetime | str, zone: str = "Asia/Shanghai") -> str:
    """A stored moment (UTC; SQLite gives it back naive; or ISO text) as editors' clocks
    show it."""
    moment = dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return aware.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def change_label(field: str) -> str:
    """The changed field in Chinese ("" is the whole document)."""
    return field_label(field) if field else "整份内容"
