"""Intent shapes: the gate's first check (known type, well-formed fields).

Every intent has ``type``, ``sender`` and ``base_version`` (the state version the sender
saw); ``id`` is an optional client reference echoed in events. Unknown fields are refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from battery_model.errors import shown
from scripts_py.reducer.rejection import Rejected
from scripts_py.room.limits import text_problem

Check = Callable[[Any], str | None]
ID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
MAX_MAGNITUDE = 1e15  # no setting of the line is anywhere near this
MAX_SKIP_S = 7 * 24 * 3600.0


def ident(value: Any) -> str | None:
    """An id: 1-64 letters, digits, ``_ . -``."""
    if isinstance(value, str) and ID_RE.match(value):
        return None
    return f"must be an id (1-64 letters, digits, _ . -), got {shown(value)}"


def text(limit: int, *, multiline: bool = False) -> Check:
    """A string of at most ``limit`` characters of valid Unicode, without control characters."""
    def check(value: Any) -> str | None:
        return text_problem(value, limit, multiline=multiline)
    return check


def one_of(*choices: str) -> Check:
    """One of the given strings."""
    def check(value: Any) -> str | None:
        if value in choices:
            return None
        return f"must be one of {', '.join(choices)}, got {shown(value)}"
    return check


def number(value: Any) -> str | None:
    """A finite number (of at most MAX_MAGNITUDE in size: huge ints cannot become floats)."""
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
            or abs(value) > MAX_MAGNITUDE):
        return f"must be a finite number of at most {MAX_MAGNITUDE:g} in size, got {shown(value)}"
    return None


def positive_seconds(value: Any) -> str | None:
    """A duration in (0, 7 days] [s]."""
    problem = number(value)
    if problem:
        return problem
    if not 0 < value <= MAX_SKIP_S:
        return f"must be more than 0 and at most {MAX_SKIP_S:g} s, got {shown(value)}"
    return None


def point(value: Any) -> str | None:
    """A point ``[x, y, z]`` of finite numbers [m]."""
    if isinstance(value, list) and len(value) == 3 and all(number(v) is None for v in value):
        return None
    return f"must be [x, y, z] in metres, got {shown(value)}"


def hand_points(value: Any) -> str | None:
    """``{left?: [x, y, z], right?: [x, y, z]}``: where a user's hands were last seen [m]."""
    if not isinstance(value, dict) or not set(value) <= {"left", "right"}:
        return f"must map left/right to [x, y, z], got {shown(value)}"
    for hand, p in value.items():
        problem = point(p)
        if problem:
            return f"{hand} {problem}"
    return None


def index(count: int) -> Check:
    """An integer in ``[0, count)``."""
    def check(value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count:
            return None
        return f"must be an integer from 0 to {count - 1}, got {shown(value)}"
    return check


def flag(value: Any) -> str | None:
    """True or false."""
    return None if isinstance(value, bool) else f"must be true or false, got {shown(value)}"


def _setting(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return text_problem(value, 64)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number or text, got {shown(value)}"
    return number(value)


def params(value: Any) -> str | None:
    """A mapping of setting name -> number, text or null."""
    if not isinstance(value, dict) or len(value) > 32:
        return "must be a mapping of settings"
    for k, v in value.items():
        if not isinstance(k, str) or text_problem(k, 64):
            return f"setting names must be short text, got {shown(k)}"
        problem = _setting(v)
        if problem:
            return f"setting {k} {problem}"
    return None


COMMON: dict[str, tuple[Check, bool]] = {
    "type": (text(32), True),
    "sender": (ident, True),
    "base_version": (index(1 << 62), True),
    "id": (text(64), False),
}


def check_shape(intent: Any, fields: dict[str, tuple[Check, bool]]) -> None:
    """Raise ``malformed`` unless ``intent`` has exactly the allowed fields, each valid."""
    allowed = {**COMMON, **fields}
    for name in intent:
        if name not in allowed:
            raise Rejected("malformed", f"unknown field {shown(name)} in a {intent['type']} intent")
    for name, (check, required) in allowed.items():
        if name not in intent:
            if required:
                raise Rejected("malformed", f"{intent['type']} needs the field {shown(name)}")
            continue
        problem = check(intent[name])
        if problem:
            raise Rejected("malformed", f"{name} {problem}")
