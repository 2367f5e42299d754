"""Schemas of the mesh protocol (PROTOCOL.md): signalling frames and authority messages.

:func:`check` returns a clean message with only the declared fields, each checked, or raises
:class:`~scripts_py.wire.WireError` naming the field. Intents inside ``act`` are only bounded
here (a list of small maps); the host's gate checks them as it checks any intent.
"""

from __future__ import annotations

import json
from typing import Any

from scripts_py.room.limits import (
    AVATAR_MAX_CHARS,
    EGG_MESSAGE_MAX_CHARS,
    EGGS_MAX,
    RECIPE_FILE_MAX_CHARS,
    USER_NAME_MAX_CHARS,
    text_problem,
)
from scripts_py.wire import WireError
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

PROTOCOL = 1
MAX_INT = (1 << 53) - 1
KEY_RE_CHARS = "22-64 letters, digits, - and _"
SDP_MAX_CHARS = 16_000


def seat_key(value: Any) -> str:
    """A seat key: the secret a seat keeps in its data folder to be recognised again."""
    if isinstance(value, str) and 22 <= len(value) <= 64 and all(
            c.isascii() and (c.isalnum() or c in "-_") for c in value):
        return value
    raise WireError("bad_message", "", f"must be a seat key ({KEY_RE_CHARS})")


def sdp(value: Any) -> str:
    """A session description: text of CRLF-separated lines, no other control characters."""
    problem = text_problem(value.replace("\r\n", "\n") if isinstance(value, str) else value,
                           SDP_MAX_CHARS, multiline=True)
    if problem:
        raise WireError("bad_message", "", problem)
    return str(value)


PEER = record({"user": Field(ident, required=True), "name": Field(text(USER_NAME_MAX_CHARS)),
               "avatar": Field(text(AVATAR_MAX_CHARS))})
ICE_SERVER = record({"urls": Field(text(256), required=True), "username": Field(text(128)),
                     "credential": Field(text(128))})
# a reducer intent's fields: short texts, numbers, flags, null, small maps (params) or lists
INTENT_VALUE = any_of(text(20_000, multiline=True), number(-1e15, 1e15), flag, nothing,
                      numbers(-1e15, 1e15, 16),
                      mapping(text(64), any_of(text(64), number(-1e15, 1e15), flag, nothing,
                                               numbers(-1e15, 1e15, 16), what="a setting"),
                              32),
                      # Easter eggs of new content (set_eggs): short texts per egg
                      list_of(mapping(text(16), any_of(text(EGG_MESSAGE_MAX_CHARS),
                                                       numbers(-1e3, 1e3, 3), what="an egg field"),
                                      8), EGGS_MAX),
                      what="an intent field")
INTENT = mapping(ident, INTENT_VALUE, 16)

GUIDE_MAX_LINES = 500  # a recipe sent in the welcome (a frame's lists hold at most 512)
GUIDE_LINE_MAX_CHARS = 4000  # (a frame's strings hold at most 4096)
GUIDE_MAX_BYTES = 48 * 1024  # the lines as JSON: the welcome stays under a frame's 64 KiB


def guide_lines(yaml_text: str) -> list[str]:
    """A recipe's YAML as the welcome's ``guide`` lines (raises ValueError when it cannot
    be sent: too many lines, or one too long)."""
    lines = yaml_text.split("\n")
    if len(yaml_text) > RECIPE_FILE_MAX_CHARS or len(json.dumps(lines)) > GUIDE_MAX_BYTES:
        raise ValueError(f"it is {len(yaml_text)} characters; a guided recipe fits in "
                         f"{GUIDE_MAX_BYTES // 1024} KiB as sent (about "
                         f"{RECIPE_FILE_MAX_CHARS} characters of plain text)")
    if len(lines) > GUIDE_MAX_LINES:
        raise ValueError(f"it has {len(lines)} lines; a guided recipe has at most "
                         f"{GUIDE_MAX_LINES}")
    for i, line in enumerate(lines, 1):
        if len(line) > GUIDE_LINE_MAX_CHARS:
            raise ValueError(f"line {i} has {len(line)} characters; at most "
                             f"{GUIDE_LINE_MAX_CHARS}")
    return lines


SIGNAL: dict[str, Check] = {
    "hello": record({"protocol": Field(integer(0, 1_000_000), required=True),
                     "code": Field(text(64), default=""),
                     "key": Field(seat_key, required=True),
                     "name": Field(text(USER_NAME_MAX_CHARS), default="Student"),
                     "avatar": Field(text(AVATAR_MAX_CHARS), default="lab_blue"),
                     "room": Field(text(64), default=""),
                     # the instructor panel's token: join as an observer (not counted)
                     "observer": Field(text(128), default="")}),
    "welcome": record({"user": Field(ident, required=True), "room": Field(ident, required=True),
                       "resumed": Field(flag, default=False),
                       "peers": Field(list_of(PEER, 16), default=[]),
                       "ice_servers": Field(list_of(ICE_SERVER, 8), default=[]),
                       # guided mode of the room: the recipe's YAML as lines ([]: none)
                       "guide": Field(list_of(text(GUIDE_LINE_MAX_CHARS), GUIDE_MAX_LINES),
                                      default=[])}),
    "offer": record({"to": Field(ident), "from": Field(ident), "sdp": Field(sdp, required=True)}),
    "answer": record({"to": Field(ident), "from": Field(ident),
                      "sdp": Field(sdp, required=True)}),
    "peer_joined": PEER,
    "peer_left": record({"user": Field(ident, required=True)}),
    "error": record({"code": Field(text(32), required=True),
                     "message": Field(text(1000), default="")}),
}

AUTHORITY: dict[str, Check] = {
    "act": record({"ref": Field(integer(0, MAX_INT), required=True),
                   "intents": Field(list_of(INTENT, 16, min_len=1), required=True)}),
    "ack": record({"ref": Field(integer(0, MAX_INT), required=True),
                   "done": Field(integer(0, 16), required=True),
                   "version": Field(integer(0, MAX_INT), required=True),
                   "refusal": Field(record({"code": Field(text(64), required=True),
                                            "reason": Field(text(2000), required=True)}))}),
    "save": record({"ref": Field(integer(0, MAX_INT), required=True),
                    "name": Field(text(40), required=True)}),
    "saved": record({"ref": Field(integer(0, MAX_INT), required=True),
                     "name": Field(text(40), default=""),
                     "error": Field(text(300), default="")}),
    "guide": record({"lines": Field(list_of(text(GUIDE_LINE_MAX_CHARS), GUIDE_MAX_LINES),
                                    default=[])}),
    "applied": record({"room": Field(ident, required=True),
                       "seq": Field(integer(1, MAX_INT), required=True),
                       "intent": Field(INTENT, required=True),
                       "hash": Field(text(64), required=True)}),
    "snapshot": record({"room": Field(ident, required=True),
                        "seq": Field(integer(0, MAX_INT), required=True),
                        "state": Field(lambda v: _blob(v), required=True),
                        "presence": Field(mapping(ident, record({"avatar": Field(
                            text(AVATAR_MAX_CHARS))}), 16), default={})}),
    "presence": record({"room": Field(ident, required=True),
                        "presence": Field(mapping(ident, record({"avatar": Field(
                            text(AVATAR_MAX_CHARS))}), 16), required=True)}),
    "resync": record({}),
    "pose": record({"n": Field(integer(0, MAX_INT), required=True),
                    "p": Field(lambda v: _blob(v), required=True)}),
    "beat": record({"n": Field(integer(0, MAX_INT), default=0)}),
}


def _blob(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    raise WireError("bad_message", "", "must be binary data")


def check(schemas: dict[str, Check], msg: Any) -> dict[str, Any]:
    """A clean message of one of ``schemas`` (raises :class:`WireError`)."""
    if not isinstance(msg, dict):
        raise WireError("bad_message", "", "a message is a map with a field \"t\"")
    kind = msg.get("t")
    schema = schemas.get(kind) if isinstance(kind, str) else None
    if schema is None:
        raise WireError("unknown_message", "t", f"unknown message type (known: "
                                                f"{', '.join(schemas)})")
    try:
        return {"t": kind, **schema(msg)}
    except WireError as exc:
        raise exc.at(kind) from None


DIRECTORY: dict[str, Check] = {
    "rooms": record({"protocol": Field(integer(0, 1_000_000)),
                     "rooms": Field(list_of(record({
                         "id": Field(ident, required=True),
                         "name": Field(text(64), default=""),
                         "users": Field(integer(0, 64), default=0),
                         "max_users": Field(integer(0, 64), default=0)}), 64), required=True)}),
}
