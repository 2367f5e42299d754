"""The in-process solo host: the one authority of the rooms this runtime serves.

Each room is a :class:`~scripts_py.persistence.RoomStore` (reducer + SQLite log, snapshots),
plus a wall-clock pacer (:mod:`scripts_py.sim.pacing`) that runs while someone is in the room
and the room's content (notebooks, Easter eggs with their positions) from ``recipes/``. Solo
play goes through exactly this door, the same one a lecture host puts in front of a room: the
user joins by a ``join`` intent from the host, every action is an intent through ``submit``.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battery_model.errors import shown
from scripts_py.persistence import RoomStore
from scripts_py.recipes.content import load_room_content
from scripts_py.recipes.load import Recipe
from scripts_py.reducer import accepted
from scripts_py.reducer.intents import HOST, PANEL, STUDENT
from scripts_py.reducer.room_ops import MAX_USERS
from scripts_py.room.state import initial_state
from scripts_py.runtime.authority import Events, JoinRefused, Listener, Outcome
from scripts_py.runtime.projection import Projector
from scripts_py.sim.pacing import WallClockPacer

SOLO_ROOM = "solo"
log = logging.getLogger("bmm.host")
__all__ = ["JoinRefused", "SoloHost", "default_db_path"]


def default_db_path() -> Path:
    """Where the solo room is kept between sessions: ``$XDG_DATA_HOME/bmm/solo.sqlite3``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bmm" / "solo.sqlite3"


def egg_positions(content: dict[str, Any]) -> dict[str, list[float]]:
    """``{egg id: [x, y, z]}`` of the eggs that have a ``position`` [m] in the YAML."""
    out: dict[str, list[float]] = {}
    for egg in content.get("easter_eggs") or []:
        pos = egg.get("position") if isinstance(egg, dict) else None
        if (isinstance(pos, list) and len(pos) == 3
                and all(isinstance(v, int | float) and math.isfinite(v) for v in pos)):
            out[str(egg["id"])] = [float(v) for v in pos]
    return out


@dataclass
class Room:
    """One room of the host: its store, pacer, who is present and how it is projected."""

    id: str
    name: str
    store: RoomStore
    projector: Projector
    time_speed: float
    presence: dict[str, dict[str, Any]] = field(default_factory=dict)
    pacer: WallClockPacer | None = None
    loaded_from: str = "its first start"  # what the state last came from (a save, a reset)

    @property
    def state(self) -> dict[str, Any]:
        """The current room state."""
        return self.store.state

    def directory_entry(self) -> dict[str, Any]:
        """``{id, name, users, max_users}`` for the home screen."""
        users = sum(1 for u in self.state["users"].values() if u["role"] != "observer")
        return {"id": self.id, "name": self.name, "users": users, "max_users": MAX_USERS}


class SoloHost:
    """Rooms on this PC, each behind its store: the in-process :class:`Authority`.

    Every accepted change (a join, a leave, an intent, the pacer) is told to the listeners
    given to :meth:`subscribe` before the call that made it returns.

    Parameters
    ----------
    db_path : path or ":memory:"
        SQLite file of the rooms (``:memory:``: forget everything on exit).
    content_dir : path
        Folder with ``notebooks.yaml`` and ``easter_eggs.yaml``.
    time_speed : float
        Sim seconds per wall second while someone is in a room (0: the clock only moves
        when a student skips time).
    rooms : sequence of str
        Room ids to offer; the first is the solo room.
    initial : dict, optional
        State a new room starts from (default: a fresh room with the content's notebooks and
        eggs); a room already in the file keeps its own.
    keep_users : bool
        Users found in the file stay in their rooms, and closing lets nobody leave (a lecture
        host: its seats come back after a restart). Solo play: False, they leave.
    guide_recipe : Recipe, optional
        Guided mode: every student's view says their current step of this recipe.
    room_settings : dict, optional
        Settings every new or reset room starts with (e.g. ``{"paper_model": True}``).
    """

    def __init__(self, db_path: str | Path = ":memory:", *, content_dir: str | Path = "recipes",
                 time_speed: float = 1.0, seed: int = 0,
                 rooms: tuple[str, ...] = (SOLO_ROOM,),
                 initial: dict[str, Any] | None = None, keep_users: bool = False,
                 guide_recipe: Recipe | None = None,
                 room_settings: dict[str, bool] | None = None) -> None:
        if time_speed < 0:
            raise ValueError("time_speed must be >= 0")
        if str(db_path) != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        content = load_room_content(content_dir) if Path(content_dir).is_dir() else {}
        self.content = content
        self.content_dir = Path(content_dir)
        self.seed = seed
        self.room_settings = dict(room_settings or {})
        self.positions = egg_positions(content)
        self.rooms: dict[str, Room] = {}
        self.time_speed = time_speed
        self._user_ids = itertools.count(1)
        self._listeners: list[Listener] = []
        self.db_path = str(db_path)
        self.keep_users = keep_users
        for i, room_id in enumerate(rooms):
            start = initial if initial is not None else self.fresh_state()
            store = RoomStore(db_path, room_id, initial=start)
            name = ("Solo room (this PC)" if i == 0 and room_id == SOLO_ROOM
                    else room_id.replace("-", " ").replace("_", " ").capitalize())
            room = Room(room_id, name, store, Projector(self.positions, guide_recipe),
                        time_speed)
            self.rooms[room_id] = room
            for uid in [] if keep_users else list(store.state["users"]):
                self._submit(room, {"type": "leave", "user": uid})  # left by a crashed session

    # --- directory and people ----------------------------------------------------------------
    @property
    def default_room(self) -> str:
        """The room a seat joins when it does not pick one (the solo room)."""
        return next(iter(self.rooms))

    def directory(self) -> list[dict[str, Any]]:
        """The rooms with their occupancy."""
        return [r.directory_entry() for r in self.rooms.values()]

    def room(self, room_id: str) -> Room:
        """A room by id (KeyError if there is none)."""
        return self.rooms[room_id]

    def new_user_id(self) -> str:
        """A user id no room knows yet (``u1``, ``u2``, ...)."""
        while True:
            uid = f"u{next(self._user_ids)}"
            if all(uid not in r.state["users"] for r in self.rooms.values()):
                return uid

    def join(self, room_id: str, user_id: str, name: str, avatar: str = "lab_blue",
             role: str = STUDENT) -> Events:
        """Let a user in (raises :class:`JoinRefused`)."""
        room = self.rooms.get(room_id)
        if room is None:
            raise JoinRefused("no_such_room", f"there is no room {shown(room_id)} here (rooms: "
                                              f"{', '.join(self.rooms)})")
        clean = " ".join(str(name).split())[:60] or "Student"
        events = self._submit(room, {"type": "join", "user": user_id, "name": clean,
                                     "role": role})
        if not accepted(events):
            raise JoinRefused(events[0]["code"], events[0]["reason"])
        room.presence[user_id] = {"avatar": str(avatar)[:64]}
        if room.pacer is None and self.time_speed > 0:
            room.pacer = WallClockPacer(self.time_speed)
        self._changed(room_id, events)
        return events

    def leave(self, room_id: str, user_id: str,
              at: dict[str, list[float]] | None = None) -> Events:
        """A user leaves; what they held is put down where their hands were last seen
        (``at``: {hand: [x, y, z]}), else on the bench. Pacing stops in an empty room."""
        room = self.rooms[room_id]
        room.presence.pop(user_id, None)
        events: Events = []
        if user_id in room.state["users"]:
            intent: dict[str, Any] = {"type": "leave", "user": user_id}
            if at:
                intent["at"] = at
            events = self._submit(room, intent)
        if not room.state["users"]:
            room.pacer = None
        if events:
            self._changed(room_id, events)
        return events

    # --- the door ----------------------------------------------------------------------------
    def submit(self, room_id: str, intent: dict[str, Any]) -> Events:
        """Apply one intent of a user (``sender`` set by the caller) and log it if accepted."""
        events = self.rooms[room_id].store.submit(intent)
        if accepted(events):
            self._changed(room_id, events)
        return events

    def _submit(self, room: Room, intent: dict[str, Any]) -> Events:
        full = {**intent, "sender": HOST, "base_version": room.state["version"]}
        return room.store.submit(full)

    def pace(self, room_id: str) -> Events:
        """Advance the room's clock by the wall time owed (empty list when nothing is due)."""
        room = self.rooms[room_id]
        if room.pacer is None:
            return []
        intent = room.pacer.due(room.state)
        if intent is None:
            return []
        events = room.store.submit(intent)
        if accepted(events):  # the clock's own "time" event is not news
            self._changed(room_id, [e for e in events if e["type"] != "time"])
        return events

    # --- the Authority interface (scripts_py/runtime/authority.py) --------------------------
    def room_state(self, room_id: str) -> dict[str, Any]:
        """The current state of a room."""
        return self.rooms[room_id].state

    async def enter(self, room_id: str, user_id: str, name: str, avatar: str) -> None:
        """:meth:`join` as the Authority interface has it."""
        self.join(room_id, user_id, name, avatar)

    async def exit(self, room_id: str, user_id: str) -> None:
        """:meth:`leave` as the Authority interface has it."""
        self.leave(room_id, user_id)

    async def act(self, room_id: str, intents: list[dict[str, Any]]) -> Outcome:
        """Apply a user action's intents in order, up to the first refusal."""
        for done, intent in enumerate(intents):
            if done:  # later parts of one action build on the first
                intent = {**intent, "base_version": self.rooms[room_id].state["version"]}
            events = self.submit(room_id, intent)
            if not accepted(events):
                return Outcome(done, events[0], int(self.rooms[room_id].state["version"]))
        return Outcome(len(intents), None, int(self.rooms[room_id].state["version"]))

    def send_pose(self, user_id: str, pose: dict[str, list[float]]) -> None:
        """Nothing: every user of a solo host is served by this runtime."""

    def remote_poses(self) -> dict[str, tuple[int, dict[str, list[float]]]]:
        """None: every user of a solo host is served by this runtime."""
        return {}

    def tick(self) -> int:
        """Run every room's wall-clock pacer once; returns how many rooms moved."""
        moved = 0
        for room_id in self.rooms:
            events = self.pace(room_id)
            moved += bool(events) and accepted(events)
        return moved

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(room_id, events)`` after every accepted change."""
        self._listeners.append(listener)

    @property
    def status(self) -> str:
        """Nothing to report: the rooms are in this process."""
        return ""

    def describe(self) -> str:
        """Where the rooms are kept."""
        where = "in memory" if self.db_path == ":memory:" else f"in {self.db_path}"
        return f"{'room' if len(self.rooms) == 1 else 'rooms'} {', '.join(self.rooms)} {where}"

    async def aclose(self) -> None:
        """:meth:`close`, as the Authority interface has it."""
        self.close()

    # --- the instructor's operations (the panel) ---------------------------------------------
    def instruct(self, room_id: str, intent: dict[str, Any]) -> Events:
        """An intent of the instructor's panel: sent as :data:`PANEL` (the instructor's role)
        and checked by the gate like any other."""
        room = self.rooms[room_id]
        full = {**intent, "sender": PANEL,
                "base_version": intent.get("base_version", room.state["version"])}
        return self.submit(room_id, full)

    def _replace(self, room_id: str, state: dict[str, Any], how: str) -> None:
        room = self.rooms[room_id]
        room.store.replace(state)
        room.loaded_from = how
        self._changed(room_id, [{"type": "state_replaced", "how": how}])

    def fresh_state(self) -> dict[str, Any]:
        """A new room with the current content (notebooks and Easter eggs)."""
        return initial_state(self.seed, notebooks=self.content.get("notebooks"),
                             easter_eggs=self.content.get("easter_eggs"),
                             settings=self.room_settings)

    def reset_room(self, room_id: str) -> None:
        """Start the room again from the current content (the users present stay)."""
        self._replace(room_id, self.fresh_state(), "a reset")

    def save_room(self, room_id: str, name: str) -> None:
        """Keep the room's state under ``name`` (replacing an older save of that name)."""
        self.rooms[room_id].store.save(name)

    def load_room(self, room_id: str, name: str) -> None:
        """Replace the room by a save (KeyError if there is none): the users present are
        moved into it, empty-handed, and everyone's view follows."""
        state = self.rooms[room_id].store.saved_state(name)
        self._replace(room_id, state, f"save “{name}”")

    def use_content(self, content: dict[str, Any]) -> None:
        """New content (checked by the caller): later resets and the eggs' places use it."""
        self.content = content
        self.positions = egg_positions(content)
        for room in self.rooms.values():
            room.projector.set_egg_positions(self.positions)

    def _changed(self, room_id: str, events: Events) -> None:
        for listener in self._listeners:
            try:
                listener(room_id, events)
            except Exception:  # a listener's bug must not undo or block the change
                log.exception("a listener of room %s failed", room_id)

    def view(self, room_id: str) -> dict[str, Any]:
        """The room view Godot shows (see :mod:`scripts_py.runtime.projection`)."""
        room = self.rooms[room_id]
        return room.projector.view(room.state, room.presence)

    def close(self) -> None:
        """Everyone leaves, every room is snapshotted and closed (one failing room does not
        keep the others from being saved)."""
        for room in self.rooms.values():
            try:
                for uid in [] if self.keep_users else list(room.state["users"]):
                    self.leave(room.id, uid)
            except Exception:
                log.exception("room %s: the users could not leave cleanly", room.id)
            try:
                room.store.snapshot()
            except Exception:
                log.exception("room %s: the final snapshot failed (its log is kept)", room.id)
            finally:
                room.store.close()
