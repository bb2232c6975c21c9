"""The layout's rules, checked on the imports: the data layer knows no channel, action or tool;
capabilities (the handoff, teaching, editing, insights) know no channel or web page; gateways,
the admin and the actions meet only through Rasa."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "catalog": {
        *("bot", "actions", "handoff", "teaching", "insights", "editing", "admin", "tools"),
        *("rasa_addons", "telegram", "rasa_sdk", "sqladmin", "starlette"),
    },
    "handoff": {"bot", "actions", "teaching", "tools", "rasa_addons", "telegram", "rasa_sdk"},
    "teaching": {"bot", "actions", "tools", "rasa_addons", "telegram", "rasa_sdk"},
    "insights": {"bot", "actions", "tools", "rasa_addons", "telegram", "rasa_sdk"},
    "editing": {
        *("bot", "actions", "admin", "tools", "rasa_addons", "telegram", "rasa_sdk"),
        *("sqladmin", "starlette"),
    },
    "admin": {"bot", "actions", "tools", "rasa_addons", "telegram", "rasa_sdk"},
    "lifecycle": {
        *("catalog", "bot", "actions", "handoff", "teaching", "insights", "editing", "admin"),
        *("tools", "rasa_addons", "telegram", "rasa_sdk", "sqladmin", "starlette"),
    },
    "bot": {"actions", "admin", "rasa_addons", "rasa_sdk"},
    "actions": {"bot", "admin", "editing", "telegram", "tools"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_layer_may(package: str) -> None:
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: names for path, names in offending.items() if names} == {}
