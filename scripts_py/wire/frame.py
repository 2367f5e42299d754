"""One JSON text frame from another process, parsed within bounds before anything reads it.

:func:`decode_frame` refuses, with a :class:`WireError` that says what is wrong: frames over
``max_bytes``; text that is not JSON; NaN and Infinity; numbers beyond ``MAX_ABS_NUMBER`` or
with more digits than a double holds; duplicate keys; nesting deeper than ``max_depth``; more
than ``MAX_NODES`` values; strings that are not valid Unicode (lone surrogates) or longer than
``MAX_STRING_CHARS``. What it returns is plain ``dict``/``list``/``str``/``int``/``float``/
``bool``/``None`` that :mod:`scripts_py.wire.fields` checks field by field.
"""

from __future__ import annotations

import json
import math
from typing import Any

from scripts_py.wire.errors import WireError

MAX_FRAME_BYTES = 64 * 1024
MAX_DEPTH = 8
MAX_NODES = 4096
MAX_KEYS = 64
MAX_LIST = 512
MAX_STRING_CHARS = 4096
MAX_INT_DIGITS = 16
MAX_ABS_NUMBER = 1e15


def _int(text: str) -> int:
    digits = len(text) - (text[0] == "-")
    if digits > MAX_INT_DIGITS:
        raise WireError("bad_message", "", f"a number has {digits} digits; at most "
                                           f"{MAX_INT_DIGITS} are accepted")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and abs(value) <= MAX_ABS_NUMBER):
        raise WireError("bad_message", "", f"the number {text[:24]} is out of range "
                                           f"(|x| <= {MAX_ABS_NUMBER:g})")
    return value


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


def _where(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p)[:40] for p in path)


def _check_tree(value: Any, max_depth: int) -> None:
    """Depth, size and string checks over the parsed value (iterative, bounded)."""
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 1, ())]
    nodes = 0
    while stack:
        node, depth, path = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise WireError("bad_message", "", f"more than {MAX_NODES} values in one message")
        if isinstance(node, str):
            problem = _string_problem(node)
            if problem:
                raise WireError("bad_message", _where(path), problem)
            continue
        if not isinstance(node, dict | list):
            continue
        if depth > max_depth:
            raise WireError("bad_message", _where(path), f"nested deeper than {max_depth} "
                                                         "levels")
        if isinstance(node, list):
            if len(node) > MAX_LIST:
                raise WireError("bad_message", _where(path), f"a list of {len(node)} entries; "
                                                             f"at most {MAX_LIST}")
            stack.extend((v, depth + 1, (*path, i)) for i, v in enumerate(node))
            continue
        for k, v in node.items():
            problem = _string_problem(k)
            if problem:
                raise WireError("bad_message", _where(path), f"a key: {problem}")
            stack.append((v, depth + 1, (*path, k)))


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
        value = json.loads(data, parse_int=_int, parse_float=_float,
                           parse_constant=_constant, object_pairs_hook=_object)
    except RecursionError:
        raise WireError("bad_message", "", f"nested deeper than {max_depth} levels") from None
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        raise WireError("bad_message", "", f"not JSON: {exc}") from None
    try:
        _check_tree(value, max_depth)
    except WireError as exc:
        kind = value.get("t") if isinstance(value, dict) else None
        if isinstance(kind, str) and kind.isidentifier() and len(kind) <= 32:
            raise exc.at(kind) from None  # "hello.name: ..." like the schema's errors
        raise
    return value
