"""Mesh frames: one msgpack map per message, with the protocol version, bounded both ways.

:func:`encode` packs ``{"v": VERSION, "t": type, ...}``. :func:`decode` refuses, before
anything reads the message, frames over ``max_bytes``, what is not msgpack, maps with other
than text keys, extension types, another protocol version, and everything the wire layer
refuses (:func:`scripts_py.wire.check_tree`: depth, NaN, numbers out of range, bad strings).
"""

from __future__ import annotations

from typing import Any

import msgpack

from battery_model.errors import shown
from scripts_py.wire import WireError, check_tree
from scripts_py.wire.frame import MAX_KEYS, MAX_LIST, MAX_STRING_CHARS

VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024  # control messages
MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024  # a room's compressed state travels in one message


def encode(msg: dict[str, Any]) -> bytes:
    """One frame: ``msg`` with the protocol version."""
    return msgpack.packb({"v": VERSION, **msg}, use_bin_type=True)


def decode(data: bytes, *, max_bytes: int = MAX_MESSAGE_BYTES) -> dict[str, Any]:
    """A checked message (``{"t": ..., ...}`` without ``v``); raises :class:`WireError`."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise WireError("bad_message", "", "a mesh message is binary msgpack")
    if len(data) > max_bytes:
        raise WireError("too_large", "", f"the message is {len(data)} bytes; at most "
                                         f"{max_bytes}")
    try:
        msg = msgpack.unpackb(bytes(data), raw=False, strict_map_key=True, use_list=True,
                              max_str_len=MAX_STRING_CHARS * 4, max_bin_len=max_bytes,
                              max_array_len=MAX_LIST, max_map_len=MAX_KEYS, max_ext_len=0)
    except (ValueError, TypeError, msgpack.UnpackException) as exc:
        raise WireError("bad_message", "", f"not msgpack: {type(exc).__name__}") from None
    if not isinstance(msg, dict):
        raise WireError("bad_message", "", "a mesh message is a map with \"t\" and \"v\"")
    version = msg.pop("v", None)
    if version != VERSION:
        raise WireError("version", "v", f"this peer speaks mesh protocol {VERSION}, the other "
                                        f"{shown(version)}: update the game")
    check_tree(msg)
    return msg
