"""Reading located YAML into plain values while collecting every problem for the editor.

Editors are community and government staff, not programmers: every problem says in plain
Chinese what to change, and `field_label` names the field as the admin's form shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.yaml_source import LocatedDict, LocatedList

# Residents read no English: a Latin letter in resident text is a problem (URLs are not).
LATIN = re.compile(r"[A-Za-z]+")

# What editors call each field: its label, and the label of its n-th item for lists.
FIELD_LABELS = {
    "slug": "英文标识",
    "name": "名称",
    "category": "分类",
    "aliases": "别名",
    "summary": "简介",
    "eligibility": "谁能办",
    "materials": "要带的材料",
    "caution": "提醒",
    "offline": "线下办理",
    "online": "网上办理",
    "hotline": "热线电话",
    "hotline_name": "热线名称",
    "recap": "最后的小结",
    "recurs": "多久再办一次",
    "last_verified": "核实日期",
    "sources": "信息来源",
    "url": "网址",
    "supports": "证实的内容",
    "steps": "办事步骤",
    "text": "内容",
    "help": "帮助",
    "faqs": "常见问题",
    "question": "问题",
    "answer": "回答",
    "alternatives": "其他问法",
    "categories": "分类",
    "words": "居民常说的词",
    "(file)": "整个文件",
    "(yaml)": "文件格式",
}
ITEM_LABELS = {
    "aliases": "第{n}个别名",
    "materials": "第{n}个材料",
    "sources": "第{n}个信息来源",
    "steps": "第{n}步",
    "faqs": "第{n}个常见问题",
    "alternatives": "第{n}个其他问法",
    "categories": "第{n}个分类",
    "words": "第{n}个词",
}
# The troubles a step's help is for (the keys of `content_schema.TROUBLES`).
TROUBLE_LABELS = {
    "where": "找不到在哪",
    "app": "没有这个软件",
    "code": "验证码",
    "password": "忘了密码",
    "no_response": "点了没反应",
    "plain": "说简单点",
}
_SEGMENT = re.compile(r"^(?P<name>[^\[\]]*)(?:\[(?P<index>\d+)\])?$")


def field_label(field: str) -> str:
    """A field path such as `steps[2].help.where` as editors say it: 第2步的帮助（找不到在哪）."""
    labels: list[str] = []
    previous = ""
    for segment in field.split("."):
        match = _SEGMENT.match(segment)
        name, index = (match["name"], match["index"]) if match else (segment, None)
        if previous == "help" and labels:
            labels[-1] += f"（{TROUBLE_LABELS.get(name, name)}）"
        elif index is not None and name in ITEM_LABELS:
            labels.append(ITEM_LABELS[name].format(n=index))
        elif index is not None:
            labels.append(f"{FIELD_LABELS.get(name, name)}第{index}项")
        else:
            labels.append(FIELD_LABELS.get(name, name))
        previous = name
    return "的".join(labels)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, located for the editor who has to fix it."""

    path: Path
    line: int
    field: str
    message: str

    @property
    def field_label(self) -> str:
        """The field in Chinese, for the admin to show next to the message."""
        return field_label(self.field)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class Checker:
    """Collects problems while reading one file's located YAML into plain values."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, name, message))

    def mapping(self, value: Any, line: int, name: str) -> LocatedDict | None:
        if isinstance(value, LocatedDict):
            return value
        self.fail(line, name, "格式不对：这里应该是一组“字段名: 内容”")
        return None

    def sequence(self, value: Any, line: int, name: str) -> LocatedList | None:
        if isinstance(value, LocatedList):
            return value
        self.fail(line, name, "格式不对：这里应该是一个列表（每行以“- ”开头）")
        return None

    def text(
        self,
        parent: LocatedDict,
        key: str,
        limit: int,
        *,
        required: bool = True,
        resident: bool = True,
        prefix: str = "",
    ) -> str:
        """A non-empty single text field of at most `limit` characters.

        `resident` texts are read by residents, so they may hold no English letters. `prefix`
        is the path of `parent` (such as `steps[2].`), so the problem names the whole field.
        """
        line = parent.lines.get(key, parent.line)
        if key not in parent or parent[key] is None:
            if required:
                self.fail(line, prefix + key, "必须填写")
            return ""
        return self.text_value(parent[key], line, prefix + key, limit, resident=resident)

    def text_value(
        self, value: Any, line: int, name: str, limit: int, *, resident: bool = True
    ) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(line, name, "必须填写，不能空着")
            return ""
        value = value.strip()
        if len(value) > limit:
            self.fail(line, name, f"最多 {limit} 个字，现在有 {len(value)} 个字")
        if resident and (latin := LATIN.search(value)):
            self.fail(line, name, f"有英文字母“{latin.group()}”；居民只看中文（APP → 手机软件）")
        return value

    def texts(
        self, parent: LocatedDict, key: str, limit: int, *, minimum: int = 1, prefix: str = ""
    ) -> list[str]:
        """A list of texts, each at most `limit` characters, at least `minimum` of them."""
        line = parent.lines.get(key, parent.line)
        name = prefix + key
        if key not in parent or parent[key] is None:
            if minimum:
                self.fail(line, name, "必须填写")
            return []
        items = self.sequence(parent[key], line, name)
        if items is None:
            return []
        if len(items) < minimum:
            self.fail(line, name, f"至少要写 {minimum} 个")
        return [
            self.text_value(item, item_line, f"{name}[{index + 1}]", limit)
            for index, (item, item_line) in enumerate(zip(items, items.lines, strict=False))
        ]

    def unknown_keys(self, parent: LocatedDict, allowed: set[str], prefix: str = "") -> None:
        for key in parent.keys() - allowed:
            self.fail(parent.lines[key], prefix + key, "没有这一项，是不是名字写错了？")
