"""The runtime's WebSocket server: one connection per Godot seat (PROTOCOL.md).

Every incoming frame passes the wire layer first (:mod:`scripts_py.runtime.messages`): bounded
size, depth, Unicode and numbers, then the message's schema; a refused frame is answered with
an ``error`` (or ``rejected`` for an intent) and changes nothing. Frames are handled
synchronously (no ``await`` between reading one and queueing its answers), so intents are
applied one at a time in arrival order, and each connection's answers leave in order through
its bounded outbox (:mod:`scripts_py.runtime.flow`): a seat that stops reading is dropped.
After anything changes a room, every connection in it gets the events and a patch from the
view it has to the new one (``base`` = the version it has). Background tasks (pacing, poses,
the watchdog) log a failure and go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from scripts_py.reducer.intents import INSTRUCTOR, OBSERVER
from scripts_py.reducer.rejection import Rejected
from scripts_py.room import names
from scripts_py.runtime import voice_frame
from scripts_py.runtime.admission import gatekeeper
from scripts_py.runtime.authority import Authority, ClassAccess, JoinRefused
from scripts_py.runtime.bindings import bind_all
from scripts_py.runtime.connection import Connection
from scripts_py.runtime.flow import SeatLimits
from scripts_py.runtime.messages import check_message, refused_intent_id
from scripts_py.runtime.patch import diff
from scripts_py.runtime.translate import translate
from scripts_py.runtime.voice_frame import PLAYOUT_RATE_HZ
from scripts_py.wire import WireError, decode_frame

PROTOCOL = 1
DEFAULT_PORT = 8765
PACE_INTERVAL_S = 0.1  # how often the pacing layer looks at the wall clock [s]
POSE_INTERVAL_S = 1 / 30  # other users' poses go out at 30 Hz [s]
WATCH_INTERVAL_S = 1.0  # how often hello/idle timeouts are checked [s]
# frames up to this size are read and answered (the wire layer refuses those over 64 KiB
# with an error); larger ones close the connection (1009) before they are buffered [bytes]
SOCKET_MAX_FRAME_BYTES = 256 * 1024
BEFORE_HELLO = frozenset({"hello", "ping", "pong", "intent"})  # intent: not_joined
QUIET_EVENTS = frozenset({"accepted", "moved"})
log = logging.getLogger("bmm.runtime")
EventHook = Callable[[str, list[dict[str, Any]], dict[str, Any]], None]



def welcome_message(user_id: str, room: str, bindings: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``welcome`` a seat gets after its hello (PROTOCOL.md)."""
    return {"t": "welcome", "protocol": PROTOCOL, "user_id": user_id, "room": room,
            "bindings": bindings}


def state_message(version: int, view: dict[str, Any]) -> dict[str, Any]:
    """A full ``state`` message: the room's view at ``version``."""
    return {"t": "state", "version": version, **view}

class Runtime:
    """Serves rooms of a host to Godot seats over WebSocket.

    Parameters
    ----------
    host : Authority
        The authority of the rooms: the in-process :class:`SoloHost`, or a lecture host's
        (``netcode/``). Every change it reports is published to the seats in that room.
    on_events : callable, optional
        ``(room, events, state)`` after every accepted change (progress printing).
    pace_interval_s : float
        How often the wall-clock pacing layer runs [s].
    limits : SeatLimits
        Per-seat rates, outbox bounds and timeouts.
    token : str, optional
        Access token seats must present (``?token=`` in the URL); None: none needed.
    classes : ClassAccess, optional
        How to reach lecture hosts when a seat's home screen names a server; None: only
        this runtime's own rooms.
    """

    def __init__(self, host: Authority, *, on_events: EventHook | None = None,
                 pace_interval_s: float = PACE_INTERVAL_S,
                 limits: SeatLimits | None = None, token: str | None = None,
                 classes: ClassAccess | None = None) -> None:
        self.host = host
        self.classes = classes
        self.on_events = on_events
        self.pace_interval_s = pace_interval_s
        self.limits = limits or SeatLimits()
        self.token = token
        self.connections: set[Connection] = set()
        self.port = 0
        self.address = ""
        self.refused_frames = 0
        self._numbers = itertools.count(1)
        self._ping_ids = itertools.count(1)
        self._server: Server | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._relayed_remote: dict[str, int] = {}
        self._status = ""
        self._retired: list[Authority] = []  # the solo host after joining a class
        self._owned: list[Authority] = []  # authorities this runtime made: it closes them
        self._flush_due = False
        self._voice_seq: dict[str, int] = {}
        host.subscribe(self.publish)
        self._wire_voice(host)

    # --- life cycle --------------------------------------------------------------------------
    async def start(self, bind: str = "127.0.0.1", port: int = DEFAULT_PORT) -> int:
        """Listen on ``bind:port`` (0 = any free port); returns the port."""
        check = gatekeeper(self.token, lambda: len(self.connections),
                           self.limits.max_connections)
        self._server = await serve(self._serve, bind, port, compression=None,
                                   max_size=SOCKET_MAX_FRAME_BYTES, max_queue=4, ping_interval=10,
                                   ping_timeout=10, origins=[None], process_request=check,
                                   open_timeout=10)
        sock = next(iter(self._server.sockets))
        self.address, self.port = sock.getsockname()[:2]
        self._tasks = [asyncio.create_task(self._forever("pacing", self.pace_interval_s,
                                                         self.pace_once)),
                       asyncio.create_task(self._forever("poses", POSE_INTERVAL_S,
                                                         self.relay_poses)),
                       asyncio.create_task(self._forever("watchdog", WATCH_INTERVAL_S,
                                                         self.watch_once))]
        log.info("runtime listening on ws://%s:%d", self.address, self.port)
        return self.port

    async def stop(self) -> None:
        """Close every connection and stop listening (the host stays open). Never raises."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None
        for owned in self._owned:
            try:
                await owned.aclose()
            except Exception:
                log.exception("closing %s failed", owned.describe())
        self._owned = []

    async def _serve(self, ws: ServerConnection) -> None:
        conn = Connection(ws, next(self._numbers), self.limits)
        self.connections.add(conn)
        writer = asyncio.create_task(self._writer(conn))
        log.info("seat %d connected from %s", conn.number, ws.remote_address)
        try:
            async for frame in ws:
                await self.handle_frame(conn, frame)
                if conn.dropped:
                    break
        except ConnectionClosed:
            pass
        finally:
            self.connections.discard(conn)
            for fut in conn.pings.values():
                fut.cancel()
            try:
                await self._leave(conn)
            except Exception:
                log.exception("%s: leaving the room failed", conn.who)
            conn.outbox.close()
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            why = conn.dropped or (f"{ws.close_code} {ws.close_reason}".strip()
                                   if ws.close_code is not None else "")
            log.info("%s disconnected%s%s", conn.who, f" ({why})" if why else "",
                     f"; {conn.suppressed} complaints not logged" if conn.suppressed else "")

    async def _writer(self, conn: Connection) -> None:
        try:
            while True:
                text = await conn.outbox.get()
                if text is None:
                    return
                await conn.ws.send(text)
        except ConnectionClosed:
            return
        except Exception:
            log.exception("%s: sending failed", conn.who)
            conn.drop("sending failed")

    async def _forever(self, name: str, interval_s: float, step: Callable[[], object]) -> None:
        """Run ``step`` every ``interval_s``; a failure is logged and the loop goes on."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                step()
            except Exception:
                log.exception("%s failed (the runtime goes on)", name)

    # --- dispatch ----------------------------------------------------------------------------
    async def handle_frame(self, conn: Connection, frame: str | bytes) -> None:
        """Rate-limit, validate and handle one frame from a seat; never raises."""
        now = time.monotonic()
        conn.last_heard = now
        if not conn.messages.take(now):
            self._complain(conn, "rate_limited", "too many messages: this one was dropped")
            return
        if isinstance(frame, bytes):
            self._complain(conn, "bad_message", "binary frames are not used by this runtime")
            return
        await self.handle_text(conn, frame)

    async def handle_text(self, conn: Connection, text: str) -> None:
        """Validate and handle one text frame (no rate limit; tests and benchmarks call it)."""
        raw: Any = None
        try:
            raw = decode_frame(text)
            msg = check_message(raw)
        except WireError as exc:
            self._refuse(conn, text, raw, exc)
            return
        kind = msg["t"]
        if not conn.said_hello and kind not in BEFORE_HELLO:
            self._complain(conn, "hello_first", f"send hello before {kind}")
            return
        try:
            await getattr(self, f"_on_{kind}")(conn, msg)
        except Exception:
            log.exception("%s: handling a %s message failed", conn.who, kind)
            conn.send({"t": "error", "code": "internal",
                       "message": f"the runtime could not handle this {kind}; nothing changed"})

    def _refuse(self, conn: Connection, frame: str, raw: Any, exc: WireError) -> None:
        self.refused_frames += 1
        intent_id = refused_intent_id(frame, raw)
        if intent_id is not None:
            self._reject(conn, intent_id, "", {}, "malformed", str(exc))
            return
        self._complain(conn, exc.code, str(exc))

    def _complain(self, conn: Connection, code: str, message: str) -> None:
        """An ``error`` to the seat and a log line, at most at the complaint rate."""
        if not conn.complaints.take():
            conn.suppressed += 1
            return
        log.info("%s: %s: %s", conn.who, code, message)
        conn.send({"t": "error", "code": code, "message": message})

    async def _on_hello(self, conn: Connection, msg: dict[str, Any]) -> None:
        if msg["protocol"] != PROTOCOL:
            conn.send({"t": "error", "code": "protocol",
                       "message": f"this runtime speaks bridge protocol {PROTOCOL}, the client "
                                  f"{msg['protocol']}: update the game"})
            return
        conn.said_hello = True
        self._identity(conn, msg)
        conn.scene = msg.get("scene", "")
        if not conn.user_id:
            conn.user_id = self.host.new_user_id()
        self._bind(conn, msg.get("machines", []))
        if not conn.room and (conn.scene == "dry_room" or conn.bindings):
            await self._join(conn, self.host.default_room)
        conn.send(welcome_message(conn.user_id, conn.room, [b.to_dict() for b in conn.bindings]))
        if conn.room:
            self._send_state(conn)

    @staticmethod
    def _identity(conn: Connection, msg: dict[str, Any]) -> None:
        name = " ".join(msg.get("name", "").split())
        conn.name = name or conn.name
        conn.avatar = msg.get("avatar", "").strip() or conn.avatar

    async def _on_bind(self, conn: Connection, msg: dict[str, Any]) -> None:
        self._bind(conn, msg["machines"])
        joining = not conn.room and conn.user_id and conn.bindings
        if joining and await self._join(conn, self.host.default_room):
            self._send_state(conn)

    def _bind(self, conn: Connection, machines: list[dict[str, Any]]) -> None:
        state = self.host.room_state(conn.room or self.host.default_room)
        conn.bindings = bind_all(machines, state["machines"])
        for b in conn.bindings:
            if not b.ok:
                log.warning("seat %d: %s", conn.number, b.problem)
                conn.send({"t": "error", "code": b.code, "message": b.problem,
                           "machine": b.machine_id})

    async def _on_list_rooms(self, conn: Connection, msg: dict[str, Any]) -> None:
        server = msg.get("server", "").strip()
        if not server:
            conn.send({"t": "rooms", "rooms": self.host.directory()})
            return
        if self.classes is None:
            self._no_classes(conn, server)
            return
        try:
            rooms = await self.classes.rooms(server)
        except JoinRefused as refused:
            conn.send({"t": "error", "code": refused.code, "message": refused.reason})
            return
        conn.send({"t": "rooms", "rooms": rooms})

    async def _on_join(self, conn: Connection, msg: dict[str, Any]) -> None:
        self._identity(conn, msg)
        server = msg.get("server", "").strip()
        if server:
            await self._join_class(conn, server, msg)
            return
        room = msg.get("room") or self.host.default_room
        if conn.room and conn.room != room:
            await self._leave(conn)
        if conn.room != room and not await self._join(conn, room):
            return
        conn.send({"t": "joined", "room": conn.room, "user_id": conn.user_id})
        self._send_state(conn)

    async def _on_leave(self, conn: Connection, msg: dict[str, Any]) -> None:
        await self._leave(conn)

    async def _join_class(self, conn: Connection, server: str, msg: dict[str, Any]) -> None:
        """The home screen joins a lecture host: this runtime becomes that class's seat."""
        if self.classes is None:
            self._no_classes(conn, server)
            return
        others = [c for c in self.connections if c is not conn and c.room]
        if others:
            conn.send({"t": "error", "code": "one_seat", "message": "another seat of this "
                       "runtime is in a room: a runtime is one seat of a class"})
            return
        try:
            remote = await self.classes.join(server, code=msg.get("code", ""),
                                             room=msg.get("room", ""), name=conn.name,
                                             avatar=conn.avatar)
        except JoinRefused as refused:
            conn.send({"t": "error", "code": refused.code, "message": refused.reason})
            return
        await self._leave(conn)
        old, self.host = self.host, remote
        remote.subscribe(self.publish)
        self._wire_voice(remote)
        self._retired.append(old)
        self._owned.append(remote)
        conn.user_id = remote.new_user_id()
        conn.room = remote.default_room
        conn.sent_view = None
        log.info("%s joined the class at %s: %s", conn.who, server, remote.describe())
        conn.send({"t": "joined", "room": conn.room, "user_id": conn.user_id})
        self._send_state(conn)

    def _no_classes(self, conn: Connection, server: str) -> None:
        conn.send({"t": "error", "code": "host_unreachable",
                   "message": f"this runtime plays the rooms on this PC only; a lecture "
                              f"host at {server} cannot be joined from it (leave the server "
                              "field empty for a solo room)"})

    async def _join(self, conn: Connection, room_id: str) -> bool:
        """Join a room (the others hear of it through the authority; this seat gets a full
        state from the caller)."""
        try:
            await self.host.enter(room_id, conn.user_id, conn.name, conn.avatar)
        except JoinRefused as refused:
            conn.send({"t": "error", "code": refused.code, "message": refused.reason})
            return False
        conn.room = room_id
        conn.sent_view = None
        log.info("%s joined %s as %s", conn.who, room_id, conn.name)
        return True

    async def _leave(self, conn: Connection) -> None:
        if not conn.room:
            return
        room, conn.room = conn.room, ""
        conn.sent_view = None
        await self.host.exit(room, conn.user_id)

    async def _on_intent(self, conn: Connection, msg: dict[str, Any]) -> None:
        intent_id, kind, args = msg["id"], msg["type"], msg["args"]
        if not conn.intents.take():
            self._reject(conn, intent_id, kind, args, "rate_limited",
                         "too many actions at once: wait a moment and try again")
            return
        if not conn.room:
            self._reject(conn, intent_id, kind, args, "not_joined",
                         "join a room first (the home screen's Join)")
            return
        try:
            intents = translate(kind, args, self.host.room_state(conn.room),
                                sender=conn.user_id, base_version=msg["version"],
                                ref=f"{conn.user_id}:{intent_id}")
        except Rejected as r:
            self._reject(conn, intent_id, kind, args, r.code, r.reason)
            return
        outcome = await self.host.act(conn.room, intents)
        refusal = outcome.refusal
        if refusal is not None and not outcome.done:
            self._reject(conn, intent_id, kind, args, refusal["code"], refusal["reason"])
            return
        if refusal is not None:
            log.info("%s: part of %s refused: %s", conn.who, kind, refusal["reason"])
        conn.send({"t": "ack", "id": intent_id, "version": outcome.version})

    def _reject(self, conn: Connection, intent_id: int, kind: str, args: dict[str, Any],
                code: str, reason: str) -> None:
        """Refuses an intent; the reason names items as the student reads them."""
        try:
            state = self.host.room_state(conn.room) if conn.room else None
        except KeyError:
            state = None
        conn.send({"t": "rejected", "id": intent_id, "type": kind, "args": args,
                   "reason": names.plain(reason, state), "code": code})

    async def _on_resync(self, conn: Connection, msg: dict[str, Any]) -> None:
        if not conn.resync_rate.take():
            self._complain(conn, "rate_limited", "too many resyncs: this one was dropped")
            return
        if conn.room:
            self._send_state(conn)

    async def _on_ping(self, conn: Connection, msg: dict[str, Any]) -> None:
        if not conn.ping_rate.take():
            self._complain(conn, "rate_limited", "too many pings: this one was dropped")
            return
        conn.send({**msg, "t": "pong"})

    async def _on_pong(self, conn: Connection, msg: dict[str, Any]) -> None:
        fut = conn.pings.pop(msg["id"], None)
        if fut is not None and not fut.done():
            fut.set_result(time.perf_counter())

    async def _on_pose(self, conn: Connection, msg: dict[str, Any]) -> None:
        conn.pose = {k: msg[k] for k in ("head", "left", "right") if k in msg}
        conn.pose_seq += 1
        if conn.room:
            self.host.send_pose(conn.user_id, conn.pose)

    # --- outgoing ----------------------------------------------------------------------------
    def _send_state(self, conn: Connection) -> None:
        view = self.host.view(conn.room)
        version = int(self.host.room_state(conn.room)["version"])
        conn.send(state_message(version, view))
        first = conn.sent_view is None
        conn.sent_view, conn.sent_version = view, version
        voice = getattr(self.host, "voice", None)
        if first and voice is not None:
            conn.send(voice.status())

    # --- voice -------------------------------------------------------------------------------
    def _wire_voice(self, host: Authority) -> None:
        voice = getattr(host, "voice", None)
        if voice is not None:
            voice.on_frame = self._voice_out
            voice.on_status = self._voice_status

    def _voice_out(self, speaker: str, pcm: Any, concealed: bool) -> None:
        """A remote speaker's 20 ms to every seat of this runtime in the room but the
        speaker's own; the instructor's voice is room-wide (their role, from the state)."""
        data = b""
        for conn in list(self.connections):
            if not conn.room or conn.user_id == speaker:
                continue
            if not data:
                user = self.host.room_state(conn.room)["users"].get(speaker, {})
                seq = self._voice_seq[speaker] = self._voice_seq.get(speaker, -1) + 1
                data = voice_frame.pack(voice_frame.VoiceFrame(
                    speaker, seq, PLAYOUT_RATE_HZ, pcm.tobytes(),
                    room_wide=user.get("role") in (INSTRUCTOR, OBSERVER), concealed=concealed))
            conn.send_audio(data)

    def _voice_status(self, status: dict[str, Any]) -> None:
        for conn in list(self.connections):
            if conn.room:
                conn.send(status)

    async def _on_save_room(self, conn: Connection, msg: dict[str, Any]) -> None:
        save = getattr(self.host, "save_room", None)
        if save is None or not conn.room:
            conn.send({"t": "error", "code": "not_observer", "message": "saving from the "
                       "game is for the instructor observing a class (bmm play --observe); in "
                       "a solo room the room is kept by itself"})
            return
        try:
            name = await save(msg["name"])
        except Exception as exc:  # the host's refusal or a lost connection, in words
            conn.send({"t": "error", "code": "save_refused",
                       "message": f"the room was not saved: {exc}"[:300]})
            return
        conn.send({"t": "room_saved", "name": name})

    async def _on_voice(self, conn: Connection, msg: dict[str, Any]) -> None:
        voice = getattr(self.host, "voice", None)
        if voice is None:
            conn.send({"t": "voice_status", "available": False, "device": "", "mode":
                       msg.get("mode", "ptt"), "muted": bool(msg.get("mute", False)),
                       "talking": False, "live": False, "capturing": False, "level": 0.0,
                       "problem": "voice works in a class (a lecture host), not in a solo "
                                  "room"})
            return
        voice.control(talk=msg.get("talk"), mute=msg.get("mute"), mode=msg.get("mode"))

    def publish(self, room_id: str, events: list[dict[str, Any]]) -> None:
        """The authority's listener, called after every accepted change: the seats in the room
        get the events and a patch. Changes of one turn of the event loop (the parts of one
        action, a burst from the host) go out together, after the acks of that turn."""
        self._pending.setdefault(room_id, []).extend(events)
        if self._flush_due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (shutdown): at once
            self.flush()
            return
        self._flush_due = True
        loop.call_soon(self.flush)

    def flush(self) -> None:
        """Publish every pending change now."""
        self._flush_due = False
        pending, self._pending = self._pending, {}
        for room_id, events in pending.items():
            try:
                self._publish_now(room_id, events)
            except Exception:
                log.exception("publishing a change of room %s failed", room_id)

    def _publish_now(self, room_id: str, events: list[dict[str, Any]]) -> None:
        try:
            state = self.host.room_state(room_id)
        except KeyError:  # a room of the authority this runtime left (it joined a class)
            return
        version = int(state["version"])
        shown = [e for e in events if e["type"] not in QUIET_EVENTS]
        if self.on_events is not None and events:
            try:
                self.on_events(room_id, events, state)
            except Exception:
                log.exception("the progress hook failed")
        view = None
        for conn in list(self.connections):
            if conn.room != room_id or conn.sent_view is None:
                continue
            if conn.sent_version == version:  # it got a full state of this version already
                continue
            if view is None:
                view = self.host.view(room_id)
            if shown:
                conn.send({"t": "event", "version": version, "events": shown})
            ops = diff(conn.sent_view, view)
            conn.send({"t": "patch", "base": conn.sent_version, "version": version, "ops": ops})
            conn.sent_view, conn.sent_version = view, version

    def pace_once(self) -> int:
        """The authority's periodic work (the wall-clock pacer); returns how many rooms moved."""
        return self.host.tick()

    def relay_poses(self) -> None:
        """Send every seat the poses that changed since last time: of the others on this
        runtime in its room, and of the users elsewhere (the authority's mesh)."""
        fresh = [c for c in self.connections if c.room and c.pose and c.pose_seq != c.relayed_seq]
        for c in fresh:
            c.relayed_seq = c.pose_seq
        remote = {user: pose for user, (seq, pose) in self.host.remote_poses().items()
                  if self._relayed_remote.get(user) != seq}
        for user, (seq, _) in self.host.remote_poses().items():
            self._relayed_remote[user] = seq
        if not fresh and not remote:
            return
        for conn in list(self.connections):
            if not conn.room:
                continue
            users = {c.user_id: c.pose for c in fresh if c is not conn and c.room == conn.room}
            users.update((u, p) for u, p in remote.items() if u != conn.user_id)
            if users:
                conn.send_poses(users)

    def watch_once(self, now: float | None = None) -> None:
        """Close connections that never said hello, or went silent (they free their place);
        tell the seats when the authority's status changes (a lost lecture host)."""
        now = time.monotonic() if now is None else now
        status = self.host.status
        if status != self._status:
            self._status = status
            for conn in list(self.connections):
                if conn.said_hello:
                    conn.send({"t": "status", "text": status})
        lim = self.limits
        for conn in list(self.connections):
            if conn.closing:
                continue
            if not conn.said_hello and now - conn.opened > lim.hello_timeout_s:
                self._close(conn, f"no hello within {lim.hello_timeout_s:g} s")
            elif now - conn.last_heard > lim.idle_timeout_s:
                self._close(conn, f"nothing heard for {lim.idle_timeout_s:g} s")

    def _close(self, conn: Connection, reason: str) -> None:
        log.info("%s closed: %s", conn.who, reason)
        conn.closing = True
        task = asyncio.ensure_future(conn.ws.close(1008, reason[:100]))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

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
