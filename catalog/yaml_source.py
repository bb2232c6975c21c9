"""Read YAML while remembering the line of every value, so errors can point editors at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LocatedDict(dict):
    """A mapping that also knows its own line and the line of each of its values."""

    def __init__(self, *args: Any, line: int = 1) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: dict[str, int] = {}


class LocatedList(list):
    """A sequence that also knows its own line and the line of each item."""

    def __init__(self, *args: Any, line: int = 1) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: list[int] = []


def read_located_yaml(path: Path) -> Any:
    """Parse one YAML document; mappings and sequences come back located (1-based lines).

    Raises `yaml.YAMLError` (with a `problem_mark`) on invalid YAML.
    """
    with path.open(encoding="utf-8") as stream:
        loader = yaml.SafeLoader(stream)
        try:
            node = loader.get_single_node()
            return None if node is None else _to_python(node, loader)
        finally:
            loader.dispose()


def _to_python(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedDict(line=line)
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node))
            mapping[key] = _to_python(value_node, loader)
            mapping.lines[key] = value_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LocatedList((_to_python(item, loader) for item in node.value), line=line)
        sequence.lines = [item.start_mark.line + 1 for item in node.value]
        return sequence
    return loader.construct_object(node)
