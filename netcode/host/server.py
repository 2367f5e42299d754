"""The lecture-PC host: an aiohttp app with ``/signal`` and ``/rooms``, and the rooms' authority.

Rooms are the solo host's (:class:`~scripts_py.runtime.host.SoloHost`: store, gate, reducer,
wall-clock pacer), kept in ``DATA/rooms.sqlite3`` with their users (``keep_users``): a restarted
host finds its class where it was. Every accepted change of a room goes to the seats in it as
``applied`` (the intent, its sequence number and the state hash), so their replicas follow
with the same reducer. A seat that drops keeps its user, and what it holds, for ``grace_s``;
then it leaves the room.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from netcode.codec import MAX_SNAPSHOT_BYTES, decode
from netcode.host.identity import Registry, Seat
from netcode.host.session import SeatSession
from netcode.messages import AUTHORITY, PROTOCOL, SIGNAL, check, guide_lines
from netcode.panel.app import SAVE_NAME, Panel
from netcode.pose import unpack_pose
from netcode.rtc import PeerLink
from scripts_py.persistence.codec import encode_state
from scripts_py.recipes.load import Recipe
from scripts_py.reducer.intents import OBSERVER, STUDENT
from scripts_py.reducer.room_ops import MAX_USERS
from scripts_py.room.hashing import state_hash
from scripts_py.runtime.authority import JoinRefused
from scripts_py.runtime.host import SoloHost
from scripts_py.wire import WireError, decode_frame

log = logging.getLogger("bmm.host")
HELLO_TIMEOUT_S = 10.0
BEAT_S = 1.0
LOST_AFTER_S = 3.0
PACE_S = 0.1
HOST_LABELS = ("authority", "pose")


@dataclass
class HostConfig:
    """What ``bmm host`` was started with."""

    data_dir: Path
    content_dir: Path
    class_code: str
    rooms: int = 8
    max_users: int = MAX_USERS
    ice_servers: list[dict[str, str]] = field(default_factory=list)
    time_speed: float = 1.0
    grace_s: float = 120.0
    guide_recipe: Recipe | None = None  # guided mode of every room (None: off)
    panel_token: str = ""  # the instructor panel's access token ("": no panel)
    watch_content: bool = False  # reload the content when its files change
    paper_model: bool = False  # new and reset rooms: mistakes give feedback only


class HostServer:
    """The authority of a class's rooms, reachable over HTTP/WebSocket and WebRTC."""

    def __init__(self, config: HostConfig) -> None:
        self.config = config
        ids = tuple(f"room-{i}" for i in range(1, config.rooms + 1))
        self.rooms = SoloHost(config.data_dir / "rooms.sqlite3", content_dir=config.content_dir,
                              time_speed=config.time_speed, rooms=ids, keep_users=True,
                              room_settings={"paper_model": True} if config.paper_model
                              else None)
        self.registry = Registry(config.data_dir / "seats.json")
        self.sessions: dict[str, SeatSession] = {}
        self.rooms.subscribe(self._changed)
        self.app = web.Application()
        self.app.add_routes([web.get("/rooms", self._rooms), web.get("/signal", self._signal)])
        self.panel = Panel(self, config.panel_token) if config.panel_token else None
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._background: set[asyncio.Future[Any]] = set()
        self.port = 0
        for room in self.rooms.rooms.values():  # users of a previous run: their grace begins
            for user in room.state["users"]:
                seat = next((s for s in self.registry.seats.values() if s.user == user), None)
                session = SeatSession(user, seat.name if seat else user, "lab_blue", room.id)
                self.sessions[user] = session
                self._start_grace(session)

    # --- life cycle ------------------------------------------------------------------------
    async def start(self, bind: str, port: int) -> int:
        """Listen on ``bind:port`` (0: any free port); returns the port."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, bind, port)
        await site.start()
        server = site._server
        self.port = server.sockets[0].getsockname()[1] if server is not None else port
        self._tasks = [asyncio.create_task(self._every(PACE_S, self.rooms.tick)),
                       asyncio.create_task(self._every(BEAT_S, self._beat))]
        if self.panel is not None and self.config.watch_content:
            self._tasks.append(asyncio.create_task(self.panel.watch_content()))
        log.info("host listening on %s:%d", bind, self.port)
        return self.port

    async def stop(self) -> None:
        """Close every connection, save every room (users stay for the next start)."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for session in list(self.sessions.values()):
            if session.grace is not None:
                session.grace.cancel()
            with contextlib.suppress(Exception):
                if session.ws is not None:
                    await session.ws.close()
            await session.disconnect()
        if self.panel is not None:
            await self.panel.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self.rooms.close()

    def _spawn(self, coro: Any) -> None:
        """Run ``coro`` in the background; keep it alive, log what it raises."""
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._reap)

    def _reap(self, task: asyncio.Future[Any]) -> None:
        self._background.discard(task)  # type: ignore[arg-type]
        if not task.cancelled() and task.exception() is not None:
            log.error("a background task of the host failed", exc_info=task.exception())

    async def _every(self, interval_s: float, step: Any) -> None:
        while True:
            await asyncio.sleep(interval_s)
            try:
                step()
            except Exception:
                log.exception("a periodic task of the host failed (it goes on)")

    # --- HTTP --------------------------------------------------------------------------------
    async def _rooms(self, request: web.Request) -> web.Response:
        rooms = [{**r, "max_users": min(r["max_users"], self.config.max_users)}
                 for r in self.rooms.directory()]
        return web.json_response({"protocol": PROTOCOL, "rooms": rooms})

    async def _signal(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Origin") is not None:  # a web page, not a seat
            raise web.HTTPForbidden(text="seats only\n")
        ws = web.WebSocketResponse(heartbeat=10.0, max_msg_size=64 * 1024, compress=False)
        await ws.prepare(request)
        session: SeatSession | None = None
        try:
            session = await self._hello(ws)
            if session is not None:
                async for frame in ws:
                    if frame.type != WSMsgType.TEXT:
                        break
                    await self._signal_frame(session, frame.data)
        finally:
            if session is not None and session.ws is ws:
                await self._lost(session)
        return ws

    # --- signalling ---------------------------------------------------------------------------
    async def _hello(self, ws: web.WebSocketResponse) -> SeatSession | None:
        try:
            frame = await ws.receive(timeout=HELLO_TIMEOUT_S)
            msg = check(SIGNAL, decode_frame(frame.data)) if frame.type == WSMsgType.TEXT \
                else None
        except (TimeoutError, WireError) as exc:
            await self._refuse(ws, "bad_message", f"say hello first ({exc})")
            return None
        if msg is None or msg["t"] != "hello":
            await self._refuse(ws, "bad_message", "the first message must be hello")
            return None
        if msg["protocol"] != PROTOCOL:
            await self._refuse(ws, "protocol", f"this host speaks mesh protocol {PROTOCOL}, the "
                                               f"seat {msg['protocol']}: update the game")
            return None
        if not hmac.compare_digest(msg["code"].encode(), self.config.class_code.encode()):
            await self._refuse(ws, "bad_code", "wrong class code: ask your instructor")
            return None
        try:
            session, resumed = self._admit(msg)
        except JoinRefused as refused:
            await self._refuse(ws, refused.code, refused.reason)
            return None
        session.ws = ws
        session.last_heard = time.monotonic()
        peers = [{"user": s.user, "name": s.name, "avatar": s.avatar}
                 for s in self._room_sessions(session.room) if s is not session and s.connected]
        guide = self.config.guide_recipe
        await session.signal({"t": "welcome", "user": session.user, "room": session.room,
                              "resumed": resumed, "peers": peers,
                              "ice_servers": self.config.ice_servers,
                              "guide": guide_lines(guide.text) if guide is not None else []})
        for other in peers:
            await self.sessions[other["user"]].signal({"t": "peer_joined", "user": session.user,
                                                       "name": session.name,
                                                       "avatar": session.avatar})
        log.info("%s %s %s", session.who, "is back in" if resumed else "joined", session.room)
        return session

    def _admit(self, msg: dict[str, Any]) -> tuple[SeatSession, bool]:
        """The seat's session: its old one (within the grace period) or a new user."""
        name = " ".join(msg["name"].split()) or "Student"
        known = self.registry.find(msg["key"])
        session = self.sessions.get(known.user) if known else None
        if session is not None:
            if session.connected:
                raise JoinRefused("in_use", "this seat is connected already (another window?)")
            if session.grace is not None:
                session.grace.cancel()
                session.grace = None
            session.name, session.avatar = name, msg["avatar"] or session.avatar
            return session, True
        room_id = msg["room"] or self.rooms.default_room
        if room_id not in self.rooms.rooms:
            raise JoinRefused("no_such_room", f"there is no room {room_id[:40]!r} on this host")
        role = STUDENT
        if msg.get("observer"):
            token = self.config.panel_token
            if not token or not hmac.compare_digest(msg["observer"].encode(), token.encode()):
                raise JoinRefused("bad_token", "wrong instructor token: observing needs the "
                                               "panel's token (bmm host prints it)")
            role = OBSERVER
        users = self.rooms.room(room_id).directory_entry()["users"]
        if role == STUDENT and users >= self.config.max_users:
            raise JoinRefused("room_full", f"{room_id} already has {users} students")
        taken = self.registry.users() | set(self.sessions)
        user = known.user if known else next(f"u{i}" for i in range(1, 10**6)
                                             if f"u{i}" not in taken)
        self.rooms.join(room_id, user, name, msg["avatar"], role=role)
        self.registry.remember(msg["key"], Seat(user, name, room_id))
        session = SeatSession(user, name, msg["avatar"], room_id, role=role)
        self.sessions[user] = session
        return session, False

    async def _refuse(self, ws: web.WebSocketResponse, code: str, message: str) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_json({"t": "error", "code": code, "message": message})
            await ws.close()

    async def _signal_frame(self, session: SeatSession, text: str) -> None:
        try:
            msg = check(SIGNAL, decode_frame(text))
        except WireError as exc:
            session.dropped += 1
            await session.signal({"t": "error", "code": "bad_message", "message": str(exc)})
            return
        if msg["t"] == "offer" and msg.get("to") == "host":
            await self._connect_peer(session, msg["sdp"])
        elif msg["t"] in ("offer", "answer") and msg.get("to"):
            other = self.sessions.get(msg["to"])
            if other is None or other.room != session.room or not other.connected:
                await session.signal({"t": "error", "code": "no_such_peer",
                                      "message": f"{msg['to']} is not in your room"})
                return
            await other.signal({"t": msg["t"], "from": session.user, "sdp": msg["sdp"]})
        else:
            session.dropped += 1

    async def _connect_peer(self, session: SeatSession, offer_sdp: str) -> None:
        await session.disconnect()  # a seat that offers again starts afresh
        link, answer = await PeerLink.answer(self.config.ice_servers, HOST_LABELS, offer_sdp)
        session.link = link
        link.on_lost = lambda: self._spawn(self._lost(session, link))
        await session.signal({"t": "answer", "from": "host", "sdp": answer})
        self._spawn(self._when_open(session, link))

    async def _when_open(self, session: SeatSession, link: PeerLink) -> None:
        try:
            await link.wait_open(f"seat {session.who}")
        except Exception as exc:
            log.info("%s: %s", session.who, exc)
            return
        if session.link is not link:
            return
        channel = link.channels["authority"]
        channel.on_message = lambda data: self._authority(session, data)
        session.authority = channel
        link.channels["pose"].on_message = lambda data: self._pose(session, data)
        session.last_heard = time.monotonic()
        self._send_snapshot(session)

    # --- the authority channel ------------------------------------------------------------
    def _authority(self, session: SeatSession, data: bytes) -> None:
        session.last_heard = time.monotonic()
        if not session.messages.take():
            session.dropped += 1
            return
        try:
            msg = check(AUTHORITY, decode(data))
        except WireError as exc:
            session.dropped += 1
            log.info("%s: dropped a message: %s", session.who, exc)
            return
        if msg["t"] == "act":
            self._spawn(self._act(session, msg))
        elif msg["t"] == "save":
            self._save(session, msg)
        elif msg["t"] == "resync" and session.resyncs.take():
            self._send_snapshot(session)

    async def _act(self, session: SeatSession, msg: dict[str, Any]) -> None:
        ref = msg["ref"]
        if not session.acts.take():
            session.send({"t": "ack", "ref": ref, "done": 0, "version": self._version(session),
                          "refusal": {"code": "rate_limited",
                                      "reason": "too many actions at once: wait a moment"}})
            return
        intents = [{**i, "sender": session.user, "id": str(i.get("id", ref))[:64]}
                   for i in msg["intents"]]
        try:
            outcome = await self.rooms.act(session.room, intents)
        except Exception:
            log.exception("%s: an action failed in the gate", session.who)
            outcome = None
        answer: dict[str, Any] = {"t": "ack", "ref": ref,
                                  "done": outcome.done if outcome else 0,
                                  "version": self._version(session)}
        if outcome is None or outcome.refusal is not None:
            refusal = outcome.refusal if outcome else {"code": "internal",
                                                       "reason": "the host could not do it"}
            if self.panel is not None and outcome is not None:
                self.panel.refused(session.room, intents[outcome.done],
                                   str(refusal["reason"]))
            answer["refusal"] = {"code": str(refusal["code"])[:64],
                                 "reason": str(refusal["reason"])[:2000]}
        session.send(answer)

    def _save(self, session: SeatSession, msg: dict[str, Any]) -> None:
        """An observer (the instructor in the game) saves the room."""
        answer: dict[str, Any] = {"t": "saved", "ref": msg["ref"]}
        name = " ".join(msg["name"].split())
        if session.role != OBSERVER:
            answer["error"] = "only the instructor (an observer seat) saves rooms"
        elif not SAVE_NAME.match(name):
            answer["error"] = ("a save name is 1-40 letters, digits, spaces and . _ - ( ), "
                               "starting with a letter or digit")
        else:
            self.rooms.save_room(session.room, name)
            answer["name"] = name
            if self.panel is not None:
                self.panel.note(session.room, f"{session.name} saved the room as “{name}” "
                                              "from the game")
        session.send(answer)

    def _pose(self, session: SeatSession, data: bytes) -> None:
        """Where the seat's hands are (a few times a second): where its items go if it
        drops out for good."""
        if not session.messages.take():
            return
        try:
            msg = check(AUTHORITY, decode(data))
        except WireError:
            session.dropped += 1
            return
        pose = unpack_pose(msg.get("p")) if msg["t"] == "pose" else None
        if pose is not None:
            session.hands_seen = {hand: pose[hand][:3] for hand in ("left", "right")}
            session.head_seen = pose["head"][:3]

    def _version(self, session: SeatSession) -> int:
        return int(self.rooms.room_state(session.room)["version"])

    def _send_snapshot(self, session: SeatSession) -> None:
        room = self.rooms.room(session.room)
        blob = encode_state(room.state)
        if len(blob) > MAX_SNAPSHOT_BYTES - 4096:
            log.error("room %s is too large to send (%d bytes)", room.id, len(blob))
            return
        if session.send({"t": "snapshot", "room": room.id, "seq": room.store.seq, "state": blob,
                         "presence": room.presence}):
            session.streaming = True

    def _changed(self, room_id: str, events: list[dict[str, Any]]) -> None:
        """An accepted change of a room: its intent to every seat following the room."""
        room = self.rooms.room(room_id)
        if events and events[0].get("type") == "state_replaced":  # a save loaded, a reset
            for session in self._room_sessions(room_id):
                if session.streaming:
                    self._send_snapshot(session)
            return
        intent = room.store.last_intent
        if intent is None:
            return
        applied = {"t": "applied", "room": room_id, "seq": room.store.seq, "intent": intent,
                   "hash": state_hash(room.state)}
        presence = intent["type"] in ("join", "leave")
        for session in self._room_sessions(room_id):
            if session.streaming:
                session.send(applied)
                if presence:
                    session.send({"t": "presence", "room": room_id, "presence": room.presence})

    def use_guide(self, recipe: Recipe | None) -> None:
        """A new guided recipe: for the seats that join from now on, and at once for those
        in the rooms."""
        self.config.guide_recipe = recipe
        lines = guide_lines(recipe.text) if recipe is not None else []
        for session in self.sessions.values():
            if session.streaming:
                session.send({"t": "guide", "lines": lines})

    def _room_sessions(self, room_id: str) -> list[SeatSession]:
        return [s for s in self.sessions.values() if s.room == room_id]

    # --- liveness and the grace period ------------------------------------------------------
    def _beat(self) -> None:
        now = time.monotonic()
        for session in list(self.sessions.values()):
            if session.authority is None:
                continue
            session.send({"t": "beat", "n": int(now)})
            if now - session.last_heard > LOST_AFTER_S:
                log.info("%s: not heard for %.0f s", session.who, now - session.last_heard)
                self._spawn(self._lost(session))

    async def _lost(self, session: SeatSession, link: PeerLink | None = None) -> None:
        """The seat is gone for now: it keeps its user and what it holds for the grace."""
        if link is not None and session.link is not link:
            return
        ws, session.ws = session.ws, None
        await session.disconnect()
        if ws is not None and not ws.closed:
            with contextlib.suppress(Exception):
                await ws.close()
        if session.grace is None and session.user in self.sessions:
            log.info("%s dropped out; keeping the place for %.0f s", session.who,
                     self.config.grace_s)
            self._start_grace(session)

    def _start_grace(self, session: SeatSession) -> None:
        loop = asyncio.get_event_loop()
        session.grace = loop.call_later(self.config.grace_s, self._expire, session)

    def _expire(self, session: SeatSession) -> None:
        session.grace = None
        if session.connected or self.sessions.get(session.user) is not session:
            return
        del self.sessions[session.user]
        try:
            self.rooms.leave(session.room, session.user, at=session.hands_seen or None)
        except Exception:
            log.exception("%s could not leave %s", session.who, session.room)
        log.info("%s left %s (grace period over)", session.who, session.room)
        for other in self._room_sessions(session.room):
            self._spawn(other.signal({"t": "peer_left", "user": session.user}))
