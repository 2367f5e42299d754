"""Who a seat is: its seat key, kept in the student's data folder, names one user for good.

The host stores only a hash of each key (``seats.json`` in its data folder, written
atomically), so a restarted host gives every returning seat its user back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("bmm.host")


def key_hash(key: str) -> str:
    """What the host keeps of a seat key [hex]."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


@dataclass
class Seat:
    """A known seat: its user id, its last name and room."""

    user: str
    name: str
    room: str = ""


class Registry:
    """Seat keys (hashed) -> users; persisted in ``path`` (None: in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.seats: dict[str, Seat] = {}
        if path is not None and path.is_file():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self.seats = {h: Seat(str(v["user"]), str(v.get("name", "")),
                                      str(v.get("room", ""))) for h, v in raw.items()}
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                log.warning("%s is unreadable (%s): returning seats get new users", path, exc)

    def find(self, key: str) -> Seat | None:
        """The seat of ``key``, if it came before."""
        return self.seats.get(key_hash(key))

    def users(self) -> set[str]:
        """Every user id given out."""
        return {s.user for s in self.seats.values()}

    def remember(self, key: str, seat: Seat) -> None:
        """Keep ``seat`` for ``key`` (and write the file)."""
        self.seats[key_hash(key)] = seat
        self.save()

    def save(self) -> None:
        """Write the registry atomically."""
        if self.path is None:
            return
        data = {h: {"user": s.user, "name": s.name, "room": s.room} for h, s in self.seats.items()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".seats-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)
