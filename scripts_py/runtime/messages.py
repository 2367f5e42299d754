"""The messages a seat may send the runtime (PROTOCOL.md, "Godot → runtime"), as schemas.

:func:`parse_message` turns one text frame into a clean message: ``{"t": type, ...}`` with only
the declared fields, each checked (bounded Unicode text, finite numbers in range, bounded
lists). Anything else raises :class:`~scripts_py.wire.WireError` naming the field.
"""

from __future__ import annotations

import json
from typing import Any

from scripts_py.room.limits import AVATAR_MAX_CHARS, USER_NAME_MAX_CHARS
from scripts_py.wire import WireError, decode_frame
from scripts_py.wire.fields import (
    Check,
    Field,
    any_of,
    flag,
    ident,
    integer,
    list_of,
    mapping,
    nothing,
    number,
    numbers,
    record,
    text,
)
from scripts_py.wire.frame import MAX_FRAME_BYTES

MAX_ID = (1 << 53) - 1  # the largest whole number a Godot float holds exactly
MAX_BINDINGS = 64
MAX_INTENT_ARGS = 16
ROOM_M = 100.0  # poses and positions stay within this many metres of the origin [m]

BINDING = record({
    "id": Field(text(64), required=True),
    "py_script": Field(text(256)),
    "kind": Field(text(64)),
    "node_path": Field(text(512)),
})
BINDINGS = list_of(BINDING, MAX_BINDINGS)
NAME = text(USER_NAME_MAX_CHARS)
AVATAR = text(AVATAR_MAX_CHARS)
SERVER = text(256)
# one intent argument: a short text, a number, true/false, null or a short list of numbers
ARG = any_of(text(256), number(-1e12, 1e12), flag, nothing, numbers(-1e12, 1e12, 16),
             what="text (at most 256 characters), a finite number, true/false, null or a "
                  "list of up to 16 numbers")
POSE = numbers(-ROOM_M, ROOM_M, 7, min_len=7)

def one_of_text(*choices: str) -> Check:
    """One of a few words."""
    def check(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return value
        raise WireError("bad_message", "", f"must be one of {', '.join(choices)}")
    return check


SCHEMAS: dict[str, Check] = {
    "hello": record({
        "protocol": Field(integer(0, 1_000_000), required=True),
        "client": Field(text(32)),
        "engine": Field(text(64)),
        "name": Field(NAME),
        "avatar": Field(AVATAR),
        "scene": Field(text(64)),
        "xr": Field(text(64)),
        "machines": Field(BINDINGS),
    }),
    "bind": record({"machines": Field(BINDINGS, default=[])}),
    "intent": record({
        "id": Field(integer(-1, MAX_ID), required=True),
        "type": Field(text(32), required=True),
        "args": Field(mapping(ident, ARG, MAX_INTENT_ARGS), default={}),
        "version": Field(integer(-1, MAX_ID), default=0),
    }),
    "resync": record({"have": Field(integer(-1, MAX_ID))}),
    "ping": record({"id": Field(integer(0, MAX_ID), required=True),
                    "sent_ms": Field(number(-1e15, 1e15))}),
    "pong": record({"id": Field(integer(0, MAX_ID), required=True)}),
    "pose": record({"head": Field(POSE), "left": Field(POSE), "right": Field(POSE)}),
    "list_rooms": record({"server": Field(SERVER)}),
    "join": record({"room": Field(text(64)), "name": Field(NAME), "avatar": Field(AVATAR),
                    "server": Field(SERVER), "code": Field(text(64))}),
    "leave": record({}),
    # the instructor's observer seat saves the room on the lecture host
    "save_room": record({"name": Field(text(40, empty=False), required=True)}),
    # voice controls: push-to-talk held/released, mute, push-to-talk or voice activity
    "voice": record({"talk": Field(flag), "mute": Field(flag), "mode": Field(one_of_text(
        "ptt", "vad"))}),
}


def check_message(msg: Any) -> dict[str, Any]:
    """Check one decoded frame from a seat (raises :class:`WireError`)."""
    if not isinstance(msg, dict):
        raise WireError("bad_message", "", "a message is a JSON object with a field \"t\"")
    kind = msg.get("t")
    schema = SCHEMAS.get(kind) if isinstance(kind, str) else None
    if schema is None:
        shown = kind[:32].encode("ascii", "backslashreplace").decode() if isinstance(
            kind, str) else type(kind).__name__
        raise WireError("unknown_message", "t", f"unknown message type {shown!r} (known: "
                                                f"{', '.join(SCHEMAS)})")
    try:
        clean = schema(msg)
    except WireError as exc:
        raise exc.at(str(kind)) from None
    return {"t": kind, **clean}


def refused_intent_id(frame: str | bytes, decoded: Any = None) -> int | None:
    """The ``id`` of an intent that was refused, so its rejection can name it.

    ``decoded`` is the frame as the wire layer decoded it, when it got that far; otherwise
    the frame is read again leniently (NaN, huge numbers and such become null). Only a
    top-level ``"t": "intent"`` with a whole-number ``id`` gives an id.
    """
    msg = decoded
    if not isinstance(msg, dict):
        if len(frame) > MAX_FRAME_BYTES:
            return None
        try:
            msg = json.loads(frame, parse_constant=lambda _: None,
                             parse_int=lambda s: int(s) if len(s) <= 17 else None,
                             parse_float=lambda _: None)
        except (ValueError, RecursionError):
            return None
    if not isinstance(msg, dict) or msg.get("t") != "intent":
        return None
    try:
        return integer(-1, MAX_ID)(msg.get("id"))
    except WireError:
        return None


def parse_message(frame: str | bytes) -> dict[str, Any]:
    """Decode and check one frame from a seat (raises :class:`WireError`)."""
    return check_message(decode_frame(frame))
