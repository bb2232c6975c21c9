"""The account's custom menu (menu.yml): set on WeChat with `make wechat-menu`; its CLICK
events are heard as the entries' payloads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MENU_FILE = Path(__file__).with_name("menu.yml")


@dataclass(frozen=True)
class MenuEntry:
    key: str
    title: str
    payload: str


def load_menu(path: Path = MENU_FILE) -> list[MenuEntry]:
    """The entries of `path`; a missing field is an error at start-up."""
    return [
        MenuEntry(**{name: str(item[name]) for name in ("key", "title", "payload")})
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def payloads(entries: list[MenuEntry]) -> dict[str, str]:
    """Key → what Rasa hears when the entry is clicked."""
    return {entry.key: entry.payload for entry in entries}


def menu_body(entries: list[MenuEntry]) -> dict[str, Any]:
    """The JSON of `/cgi-bin/menu/create`: one click entry each."""
    return {
        "button": [{"type": "click", "name": entry.title, "key": entry.key} for entry in entries]
    }
