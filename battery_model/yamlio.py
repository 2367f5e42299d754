"""Safe YAML loading that remembers the line of every field, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from battery_model.errors import SpecError

LineMap = dict[tuple[str | int, ...], int]


def _walk(node: yaml.Node, path: tuple[str | int, ...], lines: LineMap) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*path, key)
            _walk(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def load_yaml_text(text: str, file: str = "<string>") -> tuple[Any, LineMap]:
    """Parse YAML with ``yaml.safe_load`` and map each field path to its line [1-based]."""
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError("(yaml)", f"not valid YAML: {problem}", file=file, line=line) from exc
    lines: LineMap = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def load_yaml_file(path: str | Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML file; see :func:`load_yaml_text`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError("(file)", f"cannot read: {exc.strerror}", file=str(p)) from exc
    return load_yaml_text(text, str(p))


def line_of(lines: LineMap, field: str) -> int | None:
    """Line of a dotted field path (``a.b.0.c``), or of its nearest parent present."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in field.split(".") if p]
    while parts:
        found = lines.get(tuple(parts))
        if found is not None:
            return found
        parts.pop()
    return lines.get(())
