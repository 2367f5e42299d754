"""Argument types of ``bmm play`` / ``bmm runtime``: each value is checked with a clear message.

argparse turns an ``ArgumentTypeError`` into ``bmm play: error: argument --port: ...`` and
exit code 2, so bad command lines never end in a traceback.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import re
from pathlib import Path

from scripts_py.room.limits import AVATAR_MAX_CHARS, USER_NAME_MAX_CHARS, text_problem

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})"
                         r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")
MAX_TIME_SPEED = 10_000.0  # sim seconds per wall second
HOST_PORT = 8800  # the lecture host's default port


def port(text: str) -> int:
    """A TCP port 0..65535 (0: any free one)."""
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0 to 65535)")
    return value


def bind_address(text: str) -> str:
    """An IP address or a host name to listen on."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if HOSTNAME_RE.match(text) and not re.fullmatch(r"[\d.]+", text):
        return text
    raise argparse.ArgumentTypeError(f"{text!r} is not an IP address or host name (e.g. "
                                     "127.0.0.1, 0.0.0.0 or a LAN address of this PC)")


def number_in(lo: float, hi: float, what: str) -> type[float] | object:
    """A finite number in ``[lo, hi]``."""
    def check(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number ({what})") from None
        if not (math.isfinite(value) and lo <= value <= hi):
            raise argparse.ArgumentTypeError(f"{text} is out of range: {what} must be from "
                                             f"{lo:g} to {hi:g}")
        return value
    return check


def whole_in(lo: int, hi: int, what: str) -> object:
    """A whole number in ``[lo, hi]``."""
    def check(text: str) -> int:
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number ({what})") \
                from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range: {what} must be from "
                                             f"{lo} to {hi}")
        return value
    return check


time_speed = number_in(0.0, MAX_TIME_SPEED, "sim seconds per wall second")


def db_file(text: str) -> str:
    """``:memory:`` or a file path whose folder can hold it (not a folder itself)."""
    if text == ":memory:":
        return text
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty file name")
    if "\x00" in text:
        raise argparse.ArgumentTypeError("a file name cannot hold a NUL character")
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file in it, e.g. "
                                         f"{path / 'rooms.sqlite3'}")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: {parent} is a file, not a folder")
    return str(path)


def player_name(text: str) -> str:
    """A user's name: one line of at most USER_NAME_MAX_CHARS characters."""
    problem = text_problem(text, USER_NAME_MAX_CHARS) or (None if text.strip() else "is empty")
    if problem:
        raise argparse.ArgumentTypeError(f"the name {problem}")
    return " ".join(text.split())


def avatar(text: str) -> str:
    """An avatar id."""
    if not re.match(rf"^[A-Za-z0-9_\-]{{1,{AVATAR_MAX_CHARS}}}$", text):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not an avatar id (letters, digits, "
                                         "_ and -; e.g. lab_blue)")
    return text


def token(text: str) -> str:
    """An access token: 8-128 letters, digits, ``_`` and ``-``."""
    if not TOKEN_RE.match(text):
        raise argparse.ArgumentTypeError("a token is 8 to 128 letters, digits, _ and -")
    return text


def panel_token(text: str) -> str:
    """The instructor panel's token (``bmm host --panel-token``, ``bmm play --observe``):
    16-128 letters, digits, ``_`` and ``-``."""
    if not (len(text) >= 16 and TOKEN_RE.match(text)):
        raise argparse.ArgumentTypeError("the panel token is the one `bmm host` prints in the "
                                         "panel link: 16 to 128 letters, digits, _ and -")
    return text


def server_address(text: str) -> str:
    """``HOST[:PORT]`` of a lecture host (the port defaults to HOST_PORT)."""
    host, _, port_text = text.strip().rpartition(":") if ":" in text else (text.strip(), "", "")
    port_value = port(port_text) if port_text else HOST_PORT
    bind_address(host)  # the same rules: an IP address or a host name
    return f"{host}:{port_value}"


def class_code(text: str) -> str:
    """A class code: 1-64 printable characters, no spaces at the ends."""
    problem = text_problem(text, 64)
    if problem:
        raise argparse.ArgumentTypeError(f"the class code {problem}")
    return text.strip()


def room_id(text: str) -> str:
    """A room id (letters, digits, ``_ . -``)."""
    if text and not re.match(r"^[A-Za-z0-9_.\-]{1,64}$", text):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a room id (e.g. room-2)")
    return text
