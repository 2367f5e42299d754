"""Collecting the errors of one content file, each located at its field's line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from battery_model.errors import SpecError, unknown_field
from battery_model.yamlio import LineMap, line_of
from scripts_py.room.limits import text_problem


class Problems:
    """Errors found in one file: ``file:line: field: message`` each."""

    def __init__(self, path: str, lines: LineMap) -> None:
        self.path, self.lines = path, lines
        self.found: list[SpecError] = []

    def add(self, field: str, message: str) -> None:
        """Record an error at ``field`` (a dotted path)."""
        self.found.append(SpecError(field, message, file=self.path,
                                    line=line_of(self.lines, field)))

    def unknown_keys(self, d: dict[Any, Any], known: Iterable[str], field: str) -> None:
        """An error for each key of ``d`` not in ``known`` ("did you mean")."""
        known = tuple(known)
        for key in d:
            if key not in known:
                e = unknown_field(field, key, known)
                self.add(e.field, e.message)

    def text(self, d: dict[Any, Any], key: str, field: str, max_chars: int, *,
             multiline: bool = False, required: bool = False) -> bool:
        """Check ``d[key]`` is a text of at most ``max_chars`` [characters]; True if it is.

        Missing counts as an empty text, which ``required`` refuses.
        """
        value = d.get(key, "")
        at = f"{field}.{key}" if field else key
        problem = text_problem(value, max_chars, multiline=multiline)
        if problem is None and required and not value.strip():
            problem = "is required text"
        if problem:
            self.add(at, problem)
        return problem is None
