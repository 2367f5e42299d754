"""One JSON text frame from another process, parsed within bounds before anything reads it.

:func:`decode_frame` refuses, with a :class:`WireError` that says what is wrong: frames over
``max_bytes``; text that is not JSON; NaN and Infinity; numbers beyond ``MAX_ABS_NUMBER``
(huge integers, 1e400); duplicate keys; nesting deeper than ``max_depth``; more
than ``MAX_NODES`` values; strings that are not valid Unicode (lone surrogates) or longer than
``MAX_STRING_CHARS``. What it returns is plain ``dict``/``list``/``str``/``int``/``float``/
``bool``/``None`` that :mod:`scripts_py.wire.fields` checks field by field.
"""

from __future__ import annotations

import json
from typing import Any

from scripts_py.wire.errors import WireError

MAX_FRAME_BYTES = 64 * 1024
MAX_DEPTH = 8
MAX_NODES = 4096
MAX_KEYS = 64
MAX_LIST = 512
MAX_STRING_CHARS = 4096
MAX_ABS_NUMBER = 1e15


def _constant(name: str) -> Any:
    raise WireError("bad_message", "", f"{name} is not a number this protocol accepts")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_KEYS:
        raise WireError("bad_message", "", f"an object has {len(pairs)} keys; at most "
                                           f"{MAX_KEYS}")
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise WireError("bad_message", "", f"the key {dup[:40]!r} appears twice in one object")
    return out


def _string_problem(value: str) -> str | None:
    if len(value) > MAX_STRING_CHARS:
        return f"is {len(value)} characters long; at most {MAX_STRING_CHARS}"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "is not valid Unicode (a lone UTF-16 surrogate)"
    return None


def _scalar(value: Any) -> None:
    """Numbers within ±MAX_ABS_NUMBER (NaN and Infinity fail the comparison), valid strings.
    (Byte strings, msgpack's bin, are bounded by the size of their frame.)"""
    kind = type(value)
    if kind is int or kind is float:
        if not -MAX_ABS_NUMBER <= value <= MAX_ABS_NUMBER:
            shown = (f"{value:.6g}" if kind is float
                     else f"a whole number of {value.bit_length()} bits")
            raise WireError("bad_message", "", f"{shown} is out of range (|x| <= "
                                               f"{MAX_ABS_NUMBER:g})")
    elif kind is str:
        problem = _string_problem(value)
        if problem:
            raise WireError("bad_message", "", problem)


def _walk(node: Any, depth: int, max_depth: int, nodes: int) -> int:
    """Check ``node`` and everything in it; returns the values counted so far. A refusal
    gets its field path on the way out (only the failing path pays for it)."""
    nodes += 1
    kind = type(node)
    if kind is not dict and kind is not list:
        _scalar(node)
        return nodes
    if depth > max_depth:
        raise WireError("bad_message", "", f"nested deeper than {max_depth} levels")
    if nodes + len(node) > MAX_NODES:
        raise WireError("bad_message", "", f"more than {MAX_NODES} values in one message")
    if kind is list:
        if len(node) > MAX_LIST:
            raise WireError("bad_message", "", f"a list of {len(node)} entries; at most "
                                               f"{MAX_LIST}")
        for i, value in enumerate(node):
            try:
                nodes = _walk(value, depth + 1, max_depth, nodes)
            except WireError as exc:
                raise exc.at(str(i)) from None
        return nodes
    for key, value in node.items():
        problem = _string_problem(key)
        if problem:
            raise WireError("bad_message", "", f"a key {problem}")
        try:
            nodes = _walk(value, depth + 1, max_depth, nodes)
        except WireError as exc:
            raise exc.at(key[:40]) from None
    return nodes


def check_tree(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Depth, size, numbers and strings of a decoded message (raises :class:`WireError`)."""
    try:
        _walk(value, 1, max_depth, 0)
    except WireError as exc:
        kind = value.get("t") if isinstance(value, dict) else None
        if isinstance(kind, str) and kind.isidentifier() and len(kind) <= 32:
            raise exc.at(kind) from None  # "hello.name: ..." like the schema's errors
        raise


def decode_frame(data: str | bytes, *, max_bytes: int = MAX_FRAME_BYTES,
                 max_depth: int = MAX_DEPTH) -> Any:
    """Parse one JSON frame within the bounds above (raises :class:`WireError`)."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise WireError("too_large", "", f"the message is {size} bytes; at most {max_bytes}")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WireError("bad_message", "", f"not UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(data, parse_constant=_constant, object_pairs_hook=_object)
    except RecursionError:
        raise WireError("bad_message", "", f"nested deeper than {max_depth} levels") from None
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        if "integer string conversion" in str(exc):  # Python's own guard: > 4300 digits
            raise WireError("bad_message", "", "a whole number of thousands of digits is out "
                                               f"of range (|x| <= {MAX_ABS_NUMBER:g})") from None
        raise WireError("bad_message", "", f"not JSON: {exc}") from None
    check_tree(value, max_depth)
    return value
