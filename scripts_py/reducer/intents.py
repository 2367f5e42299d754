"""What an intent handler is: its fields, who may send it, its check and its effect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scripts_py.reducer.schema import Check
from scripts_py.room.draft import Draft

Ref = tuple[str, str]  # ("items" | "machines" | "users" | "clock", key)
Event = dict[str, Any]
STUDENT, INSTRUCTOR, OBSERVER, HOST = "student", "instructor", "observer", "host"
ROLES = (STUDENT, INSTRUCTOR, OBSERVER)
ACTORS = frozenset({STUDENT, INSTRUCTOR})
# The instructor's panel acts under this sender, with the instructor's role. No seat can be
# it: senders are set by the host from the connection, and users are never called this.
PANEL = "instructor"


def student_skip(state: dict[str, Any]) -> bool:
    """May students skip time in this room (the instructor's setting; default yes)."""
    return bool(state.get("settings", {}).get("student_skip", True))


@dataclass(slots=True)
class Plan:
    """What a successful check found: the objects touched (for staleness) and a payload."""

    refs: list[Ref] = field(default_factory=list)
    payload: Any = None


@dataclass(frozen=True, slots=True)
class Handler:
    """One intent type.

    ``check(state, intent)`` raises :class:`Rejected` or returns a :class:`Plan`;
    ``do(draft, intent, plan)`` applies it and returns events. ``do`` never rejects.
    """

    fields: dict[str, tuple[Check, bool]]
    roles: frozenset[str]
    check: Callable[[dict[str, Any], dict[str, Any]], Plan]
    do: Callable[[Draft, dict[str, Any], Plan], list[Event]]
    help: str = ""
