"""Intent shapes: the gate's first check (known type, well-formed fields).

Every intent has ``type``, ``sender`` and ``base_version`` (the state version the sender
saw); ``id`` is an optional client reference echoed in events. Unknown fields are refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from scripts_py.reducer.rejection import Rejected

Check = Callable[[Any], str | None]
ID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
MAX_TEXT = 20_000
MAX_SKIP_S = 7 * 24 * 3600.0


def ident(value: Any) -> str | None:
    """An id: 1-64 letters, digits, ``_ . -``."""
    if isinstance(value, str) and ID_RE.match(value):
        return None
    return f"must be an id (1-64 letters, digits, _ . -), got {value!r}"


def text(limit: int) -> Check:
    """A string of at most ``limit`` characters."""
    def check(value: Any) -> str | None:
        if isinstance(value, str) and len(value) <= limit:
            return None
        return f"must be text of at most {limit} characters"
    return check


def one_of(*choices: str) -> Check:
    """One of the given strings."""
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}, got {value!r}"
    return check


def number(value: Any) -> str | None:
    """A finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"must be a finite number, got {value!r}"
    return None


def positive_seconds(value: Any) -> str | None:
    """A duration in (0, 7 days] [s]."""
    problem = number(value)
    if problem:
        return problem
    if not 0 < value <= MAX_SKIP_S:
        return f"must be more than 0 and at most {MAX_SKIP_S:g} s, got {value!r}"
    return None


def index(count: int) -> Check:
    """An integer in ``[0, count)``."""
    def check(value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count:
            return None
        return f"must be an integer from 0 to {count - 1}, got {value!r}"
    return check


def flag(value: Any) -> str | None:
    """True or false."""
    return None if isinstance(value, bool) else f"must be true or false, got {value!r}"


def params(value: Any) -> str | None:
    """A mapping of setting name -> number, text or null."""
    if not isinstance(value, dict) or len(value) > 32:
        return "must be a mapping of settings"
    for k, v in value.items():
        if not isinstance(k, str) or len(k) > 64:
            return f"setting names must be short text, got {k!r}"
        if v is not None and not isinstance(v, str | int | float):
            return f"setting {k} must be a number or text, got {v!r}"
        if isinstance(v, str) and len(v) > 64:
            return f"setting {k} is too long"
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
            raise Rejected("malformed", f"unknown field {name!r} in a {intent['type']} intent")
    for name, (check, required) in allowed.items():
        if name not in intent:
            if required:
                raise Rejected("malformed", f"{intent['type']} needs the field {name!r}")
            continue
        problem = check(intent[name])
        if problem:
            raise Rejected("malformed", f"{name} {problem}")
