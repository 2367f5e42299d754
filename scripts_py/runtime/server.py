"""The runtime's WebSocket server: one connection per Godot seat (PROTOCOL.md).

Every incoming message is handled synchronously (no ``await`` between reading it and queueing
the answers), so intents are applied one at a time in arrival order, and each connection's
answers leave in the order they were made (a writer task per connection). After anything
changes a room, every connection in it gets the events and a patch from the view it has to the
new one (``base`` = the version it has).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from scripts_py.reducer import accepted
from scripts_py.reducer.rejection import Rejected
from scripts_py.runtime.bindings import Binding, bind_all
from scripts_py.runtime.host import JoinRefused, SoloHost
from scripts_py.runtime.patch import diff
from scripts_py.runtime.translate import translate

PROTOCOL = 1
DEFAULT_PORT = 8765
PACE_INTERVAL_S = 0.1  # how often the pacing layer looks at the wall clock [s]
POSE_INTERVAL_S = 0.05  # other users' poses go out at about 20 Hz [s]
MAX_MESSAGE_BYTES = 1 << 20
QUIET_EVENTS = frozenset({"accepted", "moved"})
log = logging.getLogger("bmm.runtime")
EventHook = Callable[[str, list[dict[str, Any]], dict[str, Any]], None]


def encode(msg: dict[str, Any]) -> str:
    """One JSON text frame (compact, UTF-8, no NaN)."""
    return json.dumps(msg, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _int(value: Any, default: int = -1) -> int:
    """Godot's numbers are floats: 3.0 -> 3."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    try:
        return int(value)
    except (ValueError, OverflowError):
        return default


@dataclass(eq=False)
class Connection:
    """One Godot seat: its user, room, machine bindings and what it was last sent."""

    ws: ServerConnection
    number: int
    user_id: str = ""
    name: str = "Student"
    avatar: str = "lab_blue"
    room: str = ""
    scene: str = ""
    bindings: list[Binding] = field(default_factory=list)
    sent_version: int = -1
    sent_view: dict[str, Any] | None = None
    outbox: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    pings: dict[int, asyncio.Future[float]] = field(default_factory=dict)
    pose: dict[str, Any] | None = None
    pose_seq: int = 0

    def send(self, msg: dict[str, Any]) -> None:
        """Queue a message (sent in order by the connection's writer task)."""
        self.outbox.put_nowait(encode(msg))


class Runtime:
    """Serves rooms of a host to Godot seats over WebSocket.

    Parameters
    ----------
    host : SoloHost
        The authority of the rooms (an in-process solo host).
    on_events : callable, optional
        ``(room, events, state)`` after every accepted change (progress printing).
    pace_interval_s : float
        How often the wall-clock pacing layer runs [s].
    """

    def __init__(self, host: SoloHost, *, on_events: EventHook | None = None,
                 pace_interval_s: float = PACE_INTERVAL_S) -> None:
        self.host = host
        self.on_events = on_events
        self.pace_interval_s = pace_interval_s
        self.connections: set[Connection] = set()
        self.port = 0
        self.address = ""
        self._numbers = itertools.count(1)
        self._ping_ids = itertools.count(1)
        self._server: Server | None = None
        self._tasks: list[asyncio.Task[None]] = []

    # --- life cycle --------------------------------------------------------------------------
    async def start(self, bind: str = "127.0.0.1", port: int = DEFAULT_PORT) -> int:
        """Listen on ``bind:port`` (0 = any free port); returns the port."""
        self._server = await serve(self._serve, bind, port, compression=None,
                                   max_size=MAX_MESSAGE_BYTES, ping_interval=20,
                                   ping_timeout=20)
        sock = next(iter(self._server.sockets))
        self.address, self.port = sock.getsockname()[:2]
        self._tasks = [asyncio.create_task(self._pace_loop()),
                       asyncio.create_task(self._pose_loop())]
        log.info("runtime listening on ws://%s:%d", self.address, self.port)
        return self.port

    async def stop(self) -> None:
        """Close every connection and stop listening (the host stays open)."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, ws: ServerConnection) -> None:
        conn = Connection(ws, next(self._numbers))
        self.connections.add(conn)
        writer = asyncio.create_task(self._writer(conn))
        log.info("seat %d connected from %s", conn.number, ws.remote_address)
        try:
            async for message in ws:
                if isinstance(message, str):
                    self.handle_text(conn, message)
        except ConnectionClosed:
            pass
        finally:
            self.connections.discard(conn)
            for fut in conn.pings.values():
                fut.cancel()
            self._leave(conn)
            conn.outbox.put_nowait(None)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            log.info("seat %d (%s) disconnected", conn.number, conn.user_id or "-")

    async def _writer(self, conn: Connection) -> None:
        try:
            while True:
                text = await conn.outbox.get()
                if text is None:
                    return
                await conn.ws.send(text)
        except ConnectionClosed:
            return

    # --- dispatch ----------------------------------------------------------------------------
    def handle_text(self, conn: Connection, text: str) -> None:
        """Parse and handle one text frame from a seat."""
        try:
            msg = json.loads(text)
        except ValueError as exc:
            conn.send({"t": "error", "code": "bad_message", "message": f"not JSON: {exc}"})
            return
        kind = msg.get("t") if isinstance(msg, dict) else None
        handler = getattr(self, f"_on_{kind}", None) if isinstance(kind, str) and \
            kind.isidentifier() else None
        if handler is None:
            conn.send({"t": "error", "code": "unknown_message",
                       "message": f"unknown message type {kind!r:.40}"})
            return
        handler(conn, msg)

    def _on_hello(self, conn: Connection, msg: dict[str, Any]) -> None:
        if _int(msg.get("protocol"), 0) != PROTOCOL:
            conn.send({"t": "error", "code": "protocol",
                       "message": f"this runtime speaks bridge protocol {PROTOCOL}, the client "
                                  f"{msg.get('protocol')!r}: update the game"})
            return
        conn.name = str(msg.get("name") or conn.name)[:60]
        conn.avatar = str(msg.get("avatar") or conn.avatar)[:64]
        conn.scene = str(msg.get("scene") or "")
        if not conn.user_id:
            conn.user_id = self.host.new_user_id()
        self._bind(conn, msg.get("machines"))
        if not conn.room and (conn.scene == "dry_room" or conn.bindings):
            self._join(conn, self.host.default_room, reply=False)
        conn.send({"t": "welcome", "protocol": PROTOCOL, "user_id": conn.user_id,
                   "room": conn.room, "bindings": [b.to_dict() for b in conn.bindings]})
        if conn.room:
            self._send_state(conn)

    def _on_bind(self, conn: Connection, msg: dict[str, Any]) -> None:
        self._bind(conn, msg.get("machines"))
        if not conn.room and conn.user_id and conn.bindings:
            self._join(conn, self.host.default_room, reply=False)
            self._send_state(conn)

    def _bind(self, conn: Connection, machines: Any) -> None:
        room = self.host.room(conn.room or self.host.default_room)
        conn.bindings = bind_all(machines, room.state["machines"])
        for b in conn.bindings:
            if not b.ok:
                log.warning("seat %d: %s", conn.number, b.problem)
                conn.send({"t": "error", "code": b.code, "message": b.problem,
                           "machine": b.machine_id})

    def _on_list_rooms(self, conn: Connection, msg: dict[str, Any]) -> None:
        if not self._server_ok(conn, msg):
            return
        conn.send({"t": "rooms", "rooms": self.host.directory()})

    def _on_join(self, conn: Connection, msg: dict[str, Any]) -> None:
        if not self._server_ok(conn, msg):
            return
        conn.name = str(msg.get("name") or conn.name)[:60]
        conn.avatar = str(msg.get("avatar") or conn.avatar)[:64]
        if not conn.user_id:
            conn.user_id = self.host.new_user_id()
        room = str(msg.get("room") or self.host.default_room)
        if conn.room and conn.room != room:
            self._leave(conn)
        if conn.room != room and not self._join(conn, room, reply=True):
            return
        conn.send({"t": "joined", "room": conn.room, "user_id": conn.user_id})
        self._send_state(conn)

    def _on_leave(self, conn: Connection, msg: dict[str, Any]) -> None:
        self._leave(conn)

    def _server_ok(self, conn: Connection, msg: dict[str, Any]) -> bool:
        server = str(msg.get("server") or "").strip()
        if server:
            conn.send({"t": "error", "code": "host_unreachable",
                       "message": f"this runtime plays the rooms on this PC only; a lecture "
                                  f"host at {server} cannot be joined from it yet (leave the "
                                  "server field empty for a solo room)"})
            return False
        return True

    def _join(self, conn: Connection, room_id: str, *, reply: bool) -> bool:
        try:
            events = self.host.join(room_id, conn.user_id, conn.name, conn.avatar)
        except JoinRefused as refused:
            conn.send({"t": "error", "code": refused.code, "message": refused.reason})
            return False
        conn.room = room_id
        conn.sent_view = None
        log.info("seat %d joined %s as %s (%s)", conn.number, room_id, conn.user_id, conn.name)
        self.publish(room_id, events, skip=conn)
        return True

    def _leave(self, conn: Connection) -> None:
        if not conn.room:
            return
        room, conn.room = conn.room, ""
        conn.sent_view = None
        events = self.host.leave(room, conn.user_id)
        if events:
            self.publish(room, events)

    def _on_intent(self, conn: Connection, msg: dict[str, Any]) -> None:
        intent_id = _int(msg.get("id"))
        kind, args = msg.get("type"), msg.get("args", {})
        if not conn.room:
            self._reject(conn, intent_id, kind, args, "not_joined",
                         "join a room first (the home screen's Join)")
            return
        room = self.host.room(conn.room)
        try:
            intents = translate(kind, args, room.state, sender=conn.user_id,
                                base_version=_int(msg.get("version"), 0),
                                ref=f"{conn.user_id}:{intent_id}")
        except Rejected as r:
            self._reject(conn, intent_id, kind, args, r.code, r.reason)
            return
        events: list[dict[str, Any]] = []
        for i, intent in enumerate(intents):
            if i:  # later parts of one user action build on the first
                intent["base_version"] = room.state["version"]
            got = self.host.submit(conn.room, intent)
            if not accepted(got):
                if not events:
                    self._reject(conn, intent_id, kind, args, got[0]["code"], got[0]["reason"])
                    return
                log.info("seat %d: part of %s refused: %s", conn.number, kind, got[0]["reason"])
                break
            events += got
        conn.send({"t": "ack", "id": intent_id, "version": room.state["version"]})
        self.publish(conn.room, events)

    def _reject(self, conn: Connection, intent_id: int, kind: Any, args: Any, code: str,
                reason: str) -> None:
        conn.send({"t": "rejected", "id": intent_id, "type": kind if isinstance(kind, str)
                   else "", "args": args if isinstance(args, dict) else {}, "reason": reason,
                   "code": code})

    def _on_resync(self, conn: Connection, msg: dict[str, Any]) -> None:
        if conn.room:
            self._send_state(conn)

    def _on_ping(self, conn: Connection, msg: dict[str, Any]) -> None:
        conn.send({**msg, "t": "pong"})

    def _on_pong(self, conn: Connection, msg: dict[str, Any]) -> None:
        fut = conn.pings.pop(_int(msg.get("id")), None)
        if fut is not None and not fut.done():
            fut.set_result(time.perf_counter())

    def _on_pose(self, conn: Connection, msg: dict[str, Any]) -> None:
        pose = {k: msg[k] for k in ("head", "left", "right")
                if isinstance(msg.get(k), list) and len(msg[k]) == 7}
        conn.pose = pose
        conn.pose_seq += 1

    # --- outgoing ----------------------------------------------------------------------------
    def _send_state(self, conn: Connection) -> None:
        view = self.host.view(conn.room)
        version = int(self.host.room(conn.room).state["version"])
        conn.send({"t": "state", "version": version, **view})
        conn.sent_view, conn.sent_version = view, version

    def publish(self, room_id: str, events: list[dict[str, Any]], *,
                 skip: Connection | None = None) -> None:
        """Events + a patch to every connection in the room (``skip``: gets a state soon)."""
        room = self.host.room(room_id)
        state = room.state
        version = int(state["version"])
        shown = [e for e in events if e["type"] not in QUIET_EVENTS]
        if self.on_events is not None and events:
            self.on_events(room_id, events, state)
        view = None
        for conn in self.connections:
            if conn.room != room_id or conn is skip or conn.sent_view is None:
                continue
            if view is None:
                view = self.host.view(room_id)
            if shown:
                conn.send({"t": "event", "version": version, "events": shown})
            if conn.sent_version == version:
                continue
            ops = diff(conn.sent_view, view)
            conn.send({"t": "patch", "base": conn.sent_version, "version": version, "ops": ops})
            conn.sent_view, conn.sent_version = view, version

    def pace_once(self) -> int:
        """Run the pacing layer once for every room; returns how many rooms moved."""
        moved = 0
        for room_id in list(self.host.rooms):
            events = self.host.pace(room_id)
            if events and accepted(events):
                moved += 1
                self.publish(room_id, [e for e in events if e["type"] != "time"])
        return moved

    async def _pace_loop(self) -> None:
        while True:
            await asyncio.sleep(self.pace_interval_s)
            try:
                self.pace_once()
            except Exception:  # a pacing bug must not stop the game; it is logged
                log.exception("pacing failed")

    async def _pose_loop(self) -> None:
        seen: dict[int, int] = {}
        while True:
            await asyncio.sleep(POSE_INTERVAL_S)
            fresh = {c: c.pose for c in self.connections
                     if c.room and c.pose and seen.get(c.number) != c.pose_seq}
            for c in fresh:
                seen[c.number] = c.pose_seq
            if not fresh:
                continue
            for conn in self.connections:
                users = {c.user_id: p for c, p in fresh.items()
                         if c is not conn and c.room == conn.room}
                if users:
                    conn.send({"t": "poses", "users": users})

    # --- probes ------------------------------------------------------------------------------
    async def ping(self, conn: Connection, timeout_s: float = 5.0) -> float:
        """Round trip of one ``ping`` to a seat and its ``pong`` [ms]."""
        ping_id = next(self._ping_ids)
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        conn.pings[ping_id] = fut
        sent = time.perf_counter()
        conn.send({"t": "ping", "id": ping_id, "sent_ns": time.perf_counter_ns()})
        try:
            got = await asyncio.wait_for(fut, timeout_s)
        finally:
            conn.pings.pop(ping_id, None)
        return (got - sent) * 1000.0
