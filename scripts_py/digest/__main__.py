"""``python -m scripts_py.digest DB_FILE [--room ROOM] [-o OUT.html]``: write a room's digest.

Errors (no such file, not a room database, unknown room) print one line and exit with 2.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import time
from pathlib import Path

from scripts_py.digest import build_digest
from scripts_py.persistence import RoomStore


class DigestError(Exception):
    """A problem with the command line's input, shown as one line."""


def room_names(path: Path) -> list[str]:
    """The rooms stored in a room database (opened read-only, nothing is created)."""
    if not path.is_file():
        raise DigestError(f"{path}: no such file")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return [r[0] for r in db.execute("SELECT room FROM rooms ORDER BY room")]
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise DigestError(f"{path}: not a room database ({exc})") from None


def pick_room(path: Path, room: str | None) -> str:
    """``room`` if the file has it, else the file's only room."""
    rooms = room_names(path)
    if room is not None:
        if room not in rooms:
            known = ", ".join(rooms) or "none"
            raise DigestError(f"{path}: no room called {room!r} (rooms: {known})")
        return room
    if len(rooms) != 1:
        known = ", ".join(rooms) or "none"
        raise DigestError(f"{path}: choose a room with --room (rooms: {known})")
    return rooms[0]


def write_digest(path: Path, room: str | None, out: Path | None) -> Path:
    """Build the digest of a room of ``path`` and write it; returns the file written."""
    name = pick_room(path, room)
    store = RoomStore(path, name)
    try:
        page = build_digest(name, store.state, store.journal(), generated_at_s=time.time(),
                            initial=store.initial())
    finally:
        store.close()
    target = out or Path(f"digest-{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.html")
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise DigestError(f"{target}: cannot write ({exc.strerror})") from None
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m scripts_py.digest",
                                     description="Write a room's digest as one HTML file.")
    parser.add_argument("db_file", type=Path, help="the host's room database (SQLite)")
    parser.add_argument("--room", help="the room (default: the file's only room)")
    parser.add_argument("-o", "--output", type=Path, help="the HTML file to write")
    args = parser.parse_args(argv)
    try:
        target = write_digest(args.db_file, args.room, args.output)
    except DigestError as exc:
        print(f"digest: {exc}", file=sys.stderr)
        return 2
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
