"""Field checks for wire messages: each returns the clean value or raises :class:`WireError`.

A check is a function ``value -> clean value``. :func:`record` builds the check of an object
from its fields; it returns a new dict holding only the declared fields, so what is passed on
(and echoed or broadcast) is built from validated data alone. Godot sends every number as a
float, so :func:`integer` accepts ``3.0`` for 3.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scripts_py.room.limits import text_problem
from scripts_py.wire.errors import WireError

Check = Callable[[Any], Any]
IDENT_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


def _bad(message: str) -> WireError:
    return WireError("bad_message", "", message)


def text(max_chars: int, *, multiline: bool = False, empty: bool = True) -> Check:
    """A string of valid Unicode, at most ``max_chars``, no control characters."""
    def check(value: Any) -> str:
        problem = text_problem(value, max_chars, multiline=multiline)
        if problem:
            raise _bad(problem)
        if not empty and not value.strip():
            raise _bad("must not be empty")
        return str(value)
    return check


def ident(value: Any) -> str:
    """An id: 1-64 letters, digits, ``_ . -``."""
    if isinstance(value, str) and IDENT_RE.match(value):
        return value
    raise _bad(f"must be an id (1-64 letters, digits, _ . -), got {_show(value)}")


def integer(lo: int, hi: int) -> Check:
    """A whole number in ``[lo, hi]`` (``3.0`` counts as 3)."""
    def check(value: Any) -> int:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise _bad(f"must be a whole number from {lo} to {hi}, got {_show(value)}")
        return value
    return check


def number(lo: float, hi: float) -> Check:
    """A finite number in ``[lo, hi]``."""
    def check(value: Any) -> float | int:
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not (math.isfinite(value) and lo <= value <= hi)):
            raise _bad(f"must be a number from {lo:g} to {hi:g}, got {_show(value)}")
        return value
    return check


def flag(value: Any) -> bool:
    """True or false."""
    if isinstance(value, bool):
        return value
    raise _bad(f"must be true or false, got {_show(value)}")


def nothing(value: Any) -> None:
    """Only null."""
    if value is None:
        return None
    raise _bad(f"must be null, got {_show(value)}")


def list_of(item: Check, max_len: int, *, min_len: int = 0) -> Check:
    """A list of ``min_len``..``max_len`` entries, each passing ``item``."""
    def check(value: Any) -> list[Any]:
        if not isinstance(value, list) or not min_len <= len(value) <= max_len:
            span = f"{max_len}" if min_len == max_len else f"{min_len} to {max_len}"
            raise _bad(f"must be a list of {span} entries, got {_show(value)}")
        out = []
        for i, entry in enumerate(value):
            try:
                out.append(item(entry))
            except WireError as exc:
                raise exc.at(str(i)) from None
        return out
    return check


def numbers(lo: float, hi: float, max_len: int, *, min_len: int = 0) -> Check:
    """A list of ``min_len``..``max_len`` finite numbers in ``[lo, hi]`` (poses: one pass)."""
    slow = list_of(number(lo, hi), max_len, min_len=min_len)

    def check(value: Any) -> list[Any]:
        if (type(value) is list and min_len <= len(value) <= max_len
                and all((type(v) is float or type(v) is int) and lo <= v <= hi for v in value)):
            return list(value)
        return slow(value)  # refuses, naming the entry
    return check


def any_of(*checks: Check, what: str) -> Check:
    """The first check that passes (``what`` names the accepted kinds in the error)."""
    def check(value: Any) -> Any:
        for c in checks:
            try:
                return c(value)
            except WireError:
                continue
        raise _bad(f"must be {what}, got {_show(value)}")
    return check


def mapping(key: Check, value_check: Check, max_len: int) -> Check:
    """An object of at most ``max_len`` entries with checked keys and values."""
    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or len(value) > max_len:
            raise _bad(f"must be an object of at most {max_len} entries, got {_show(value)}")
        out = {}
        for k, v in value.items():
            try:
                clean_key = key(k)
            except WireError as exc:
                raise WireError(exc.code, str(k)[:40], f"bad key: {exc.message}") from None
            try:
                out[clean_key] = value_check(v)
            except WireError as exc:
                raise exc.at(clean_key) from None
        return out
    return check


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its check, whether it must be there, its default."""

    check: Check
    required: bool = False
    default: Any = None


def record(fields: dict[str, Field]) -> Check:
    """An object with the declared fields (unknown ones are dropped, as PROTOCOL.md says)."""
    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _bad(f"must be an object, got {_show(value)}")
        out: dict[str, Any] = {}
        for name, f in fields.items():
            if name not in value or value[name] is None:
                if f.required:
                    raise WireError("bad_message", name, "is required")
                if f.default is not None:
                    out[name] = f.default
                continue
            try:
                out[name] = f.check(value[name])
            except WireError as exc:
                raise exc.at(name) from None
        return out
    return check


def _show(value: Any) -> str:
    """A short, printable description of a refused value."""
    if isinstance(value, str):
        shown = value[:24].encode("ascii", "backslashreplace").decode("ascii")
        return repr(shown) + ("…" if len(value) > 24 else "")
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:.6g}" if isinstance(value, float) else str(value)[:24]
    return repr(value)[:24]
