"""The authority of the rooms, as the runtime sees it: the seam between solo and class play.

The runtime serves Godot seats; whatever changes a room is decided elsewhere, by one
authority per room. Two implementations:

- :class:`~scripts_py.runtime.host.SoloHost`: in this process (solo play, ``bmm runtime``);
  every call completes at once.
- the remote one of ``netcode/`` (a seat in a class): calls travel to the lecture-PC host,
  which decides; its answers and everything the others do arrive later, as pushes.

The runtime never changes a room itself. It asks (:meth:`Authority.enter`,
:meth:`Authority.act`, ...) and shows what it is told: every accepted change, its own or
anybody else's, reaches it through the listener given to :meth:`Authority.subscribe`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

Events = list[dict[str, Any]]
Listener = Callable[[str, Events], None]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a user action (one or more intents applied in order)."""

    done: int  # how many of the intents were accepted (they stop at the first refusal)
    refusal: dict[str, Any] | None  # the ``rejected`` event of the first refused one
    version: int  # the room's state version after them


class JoinRefused(Exception):
    """A user could not join a room (``code``: room_full, no_such_room, ...)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Authority(Protocol):
    """The rooms' authority: the runtime's only way to change a room."""

    @property
    def default_room(self) -> str:
        """The room a seat joins when it does not pick one."""
        ...

    def directory(self) -> list[dict[str, Any]]:
        """The rooms with their occupancy ``[{id, name, users, max_users}]``."""
        ...

    def room_state(self, room_id: str) -> dict[str, Any]:
        """The current state of a room (KeyError if there is none)."""
        ...

    def view(self, room_id: str) -> dict[str, Any]:
        """The room as Godot shows it (:mod:`scripts_py.runtime.projection`)."""
        ...

    def new_user_id(self) -> str:
        """An id for a new user."""
        ...

    async def enter(self, room_id: str, user_id: str, name: str, avatar: str) -> None:
        """Let a user in (raises :class:`JoinRefused`)."""
        ...

    async def exit(self, room_id: str, user_id: str) -> None:
        """A user leaves; what they held goes to the bench."""
        ...

    async def act(self, room_id: str, intents: list[dict[str, Any]]) -> Outcome:
        """Apply the intents of one user action in order, up to the first refusal."""
        ...

    def send_pose(self, user_id: str, pose: dict[str, list[float]]) -> None:
        """A user's pose to the others of the room who are not served by this runtime."""
        ...

    def remote_poses(self) -> dict[str, tuple[int, dict[str, list[float]]]]:
        """The newest pose of each user elsewhere: ``{user: (sequence, pose)}``."""
        ...

    def tick(self) -> int:
        """Periodic work (the wall-clock pacer); returns how many rooms changed."""
        ...

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(room_id, events)`` after every accepted change of any room."""
        ...

    @property
    def status(self) -> str:
        """A problem the players should see ("" when all is well: e.g. a lost host)."""
        ...

    @property
    def positions(self) -> dict[str, list[float]]:
        """Where the room shows its Easter eggs ``{egg id: [x, y, z]}`` [m]."""
        ...

    def describe(self) -> str:
        """Where the rooms are, for the terminal (``solo room in FILE``, ``room-2 on ...``)."""
        ...

    async def aclose(self) -> None:
        """Save and let go of every room."""
        ...


class ClassAccess(Protocol):
    """How a runtime reaches lecture hosts (the home screen's server field); netcode has it."""

    async def rooms(self, server: str) -> list[dict[str, Any]]:
        """The host's room directory (raises :class:`JoinRefused` saying why not)."""
        ...

    async def join(self, server: str, *, code: str, room: str, name: str,
                   avatar: str) -> Authority:
        """Join a room of the host as this PC's seat (raises :class:`JoinRefused`)."""
        ...
