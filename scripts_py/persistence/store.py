"""One room's durable history in SQLite (standard library, WAL mode).

Tables: ``rooms`` (the initial state), ``log`` (every accepted intent with its sequence
number, plus ``state`` rows where a save was loaded or the room reset), ``snapshots`` (full
state at a sequence number) and ``saves`` (named states). An intent is acknowledged only after
its log row is committed (``synchronous=FULL``), so a crash loses nothing acknowledged.
Restart = latest snapshot + replay of the log rows after it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from scripts_py.persistence.codec import decode_state, encode_state
from scripts_py.reducer import accepted, apply
from scripts_py.room.session import with_users
from scripts_py.room.state import initial_state

SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, initial BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS log (room TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
                                body BLOB NOT NULL, at REAL, PRIMARY KEY (room, seq));
CREATE TABLE IF NOT EXISTS snapshots (room TEXT NOT NULL, seq INTEGER NOT NULL,
                                      state BLOB NOT NULL, PRIMARY KEY (room, seq));
CREATE TABLE IF NOT EXISTS saves (room TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL,
                                  saved_at REAL NOT NULL, state BLOB NOT NULL,
                                  PRIMARY KEY (room, name));
"""
log = logging.getLogger("bmm.store")


def replay(state: dict[str, Any], rows: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Fold log rows (``("intent", intent)`` or ``("state", state)``) over ``state``."""
    for kind, body in rows:
        if kind == "state":
            state = body
            continue
        state, events = apply(state, body)
        if not accepted(events):
            raise RuntimeError(f"log replay diverged: {events[0]['reason']} for {body!r}")
    return state


class RoomStore:
    """A room backed by an SQLite file; :meth:`submit` is the authority's only door."""

    def __init__(self, path: str | Path, room: str = "room-1", *,
                 initial: dict[str, Any] | None = None, snapshot_every: int = 500) -> None:
        self.path, self.room, self.snapshot_every = str(path), room, snapshot_every
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.db.executescript(SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(log)")}
        if "at" not in columns:  # a file from before wall-clock times were kept
            self.db.execute("ALTER TABLE log ADD COLUMN at REAL")
        row = self.db.execute("SELECT initial FROM rooms WHERE room=?", (room,)).fetchone()
        if row is None:
            start = initial if initial is not None else initial_state()
            with self._tx():
                self.db.execute("INSERT INTO rooms VALUES (?, ?)", (room, encode_state(start)))
                self.db.execute("INSERT INTO snapshots VALUES (?, 0, ?)",
                                (room, encode_state(start)))
        self.state, self.seq = self._restore()
        self.last_intent: dict[str, Any] | None = None
        self.snapshot_seq = self._latest_snapshot_seq()

    # --- plumbing ----------------------------------------------------------------------------
    def _tx(self) -> _Commit:
        self.db.execute("BEGIN IMMEDIATE")
        return _Commit(self.db)

    def _latest_snapshot_seq(self) -> int:
        row = self.db.execute("SELECT MAX(seq) FROM snapshots WHERE room=?",
                              (self.room,)).fetchone()
        return int(row[0] or 0)

    def _rows(self, after: int) -> Iterator[tuple[int, str, Any]]:
        for seq, kind, body in self.db.execute(
                "SELECT seq, kind, body FROM log WHERE room=? AND seq>? ORDER BY seq",
                (self.room, after)):
            yield seq, kind, decode_state(body) if kind == "state" else json.loads(body)

    def _restore(self) -> tuple[dict[str, Any], int]:
        snap = self.db.execute("SELECT seq, state FROM snapshots WHERE room=? ORDER BY seq DESC "
                               "LIMIT 1", (self.room,)).fetchone()
        state, seq = decode_state(snap[1]), int(snap[0])
        tail = list(self._rows(seq))
        if tail:
            state, seq = replay(state, ((k, b) for _, k, b in tail)), tail[-1][0]
        return state, seq

    def _append(self, kind: str, body: bytes | str) -> int:
        seq = self.seq + 1
        with self._tx():
            self.db.execute("INSERT INTO log (room, seq, kind, body, at) VALUES (?, ?, ?, ?, ?)",
                            (self.room, seq, kind, body, time.time()))
        return seq

    # --- the room ----------------------------------------------------------------------------
    def submit(self, intent: Any) -> list[dict[str, Any]]:
        """Apply an intent; if accepted, commit it to the log before returning (the ack)."""
        state, events = apply(self.state, intent)
        if not accepted(events):
            return events
        self.seq = self._append("intent", json.dumps(intent, separators=(",", ":"),
                                                     allow_nan=False))
        self.state = state
        self.last_intent = intent  # what a replica applies to follow (netcode's stream)
        events[0]["seq"] = self.seq
        if self.seq - self.snapshot_seq >= self.snapshot_every:
            try:
                self.snapshot()
            except (ValueError, sqlite3.Error):  # the log still holds every intent
                log.exception("snapshot of %s at %d failed", self.room, self.seq)
        return events

    def snapshot(self) -> int:
        """Write the full state at the current sequence number; returns it."""
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)",
                            (self.room, self.seq, encode_state(self.state)))
        self.snapshot_seq = self.seq
        return self.seq

    def _replace(self, state: dict[str, Any]) -> None:
        state = with_users(state, self.state["users"], min_version=self.state["version"] + 1)
        self.seq = self._append("state", encode_state(state))
        self.state = state
        self.last_intent = None
        self.snapshot()

    def replace(self, state: dict[str, Any]) -> None:
        """Replace the room by ``state`` (the users present stay, empty-handed); logged."""
        self._replace(state)

    def save(self, name: str) -> None:
        """Store the current state under ``name`` (replacing an older save of that name)."""
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO saves VALUES (?, ?, ?, ?, ?)",
                            (self.room, name, self.seq, time.time(),
                             encode_state(self.state)))

    def saves(self) -> list[str]:
        """Names of this room's saves."""
        return [r[0] for r in self.db.execute(
            "SELECT name FROM saves WHERE room=? ORDER BY name", (self.room,))]

    def save_list(self) -> list[dict[str, Any]]:
        """This room's saves: ``{name, saved_at, seq}`` (``saved_at`` [s since the epoch])."""
        return [{"name": n, "saved_at": at, "seq": seq} for n, at, seq in self.db.execute(
            "SELECT name, saved_at, seq FROM saves WHERE room=? ORDER BY saved_at DESC",
            (self.room,))]

    def saved_state(self, name: str) -> dict[str, Any]:
        """The state of a save (KeyError when there is none of that name)."""
        row = self.db.execute("SELECT state FROM saves WHERE room=? AND name=?",
                              (self.room, name)).fetchone()
        if row is None:
            raise KeyError(f"no save called {name!r} in {self.room}")
        return decode_state(row[0])

    def put_save(self, name: str, state: dict[str, Any]) -> None:
        """Store ``state`` (e.g. an uploaded file) as a save called ``name``."""
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO saves VALUES (?, ?, ?, ?, ?)",
                            (self.room, name, -1, time.time(), encode_state(state)))

    def delete_save(self, name: str) -> None:
        """Delete a save (KeyError when there is none of that name)."""
        with self._tx():
            gone = self.db.execute("DELETE FROM saves WHERE room=? AND name=?",
                                   (self.room, name)).rowcount
        if not gone:
            raise KeyError(f"no save called {name!r} in {self.room}")

    def load(self, name: str) -> None:
        """Replace the room by a save (the users present stay, empty-handed)."""
        row = self.db.execute("SELECT state FROM saves WHERE room=? AND name=?",
                              (self.room, name)).fetchone()
        if row is None:
            raise KeyError(f"no save called {name!r} in {self.room}")
        self._replace(decode_state(row[0]))

    def reset(self) -> None:
        """Back to the room's initial state (the users present stay, empty-handed)."""
        row = self.db.execute("SELECT initial FROM rooms WHERE room=?", (self.room,)).fetchone()
        self._replace(decode_state(row[0]))

    def initial(self) -> dict[str, Any]:
        """The state the room was created with."""
        row = self.db.execute("SELECT initial FROM rooms WHERE room=?", (self.room,)).fetchone()
        return decode_state(row[0])

    def log(self, after: int = 0) -> list[tuple[int, str, Any]]:
        """Log rows ``(seq, kind, body)`` after sequence number ``after``."""
        return list(self._rows(after))

    def journal(self, after: int = 0) -> list[tuple[int, str, Any, float | None]]:
        """Log rows with their wall-clock time: ``(seq, kind, body, at)``, ``at`` in seconds
        since the epoch (None for rows written before times were kept)."""
        return [(seq, kind, decode_state(body) if kind == "state" else json.loads(body), at)
                for seq, kind, body, at in self.db.execute(
                    "SELECT seq, kind, body, at FROM log WHERE room=? AND seq>? ORDER BY seq",
                    (self.room, after))]

    def replay_all(self) -> dict[str, Any]:
        """The state rebuilt from the initial state and the whole log (for checks)."""
        return replay(self.initial(), ((k, b) for _, k, b in self._rows(0)))

    def close(self) -> None:
        """Close the database."""
        self.db.close()


class _Commit:
    """Context manager: COMMIT on success, ROLLBACK on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
