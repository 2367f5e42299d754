"""A seat in a class: the :class:`~scripts_py.runtime.authority.Authority` its runtime asks.

:class:`RemoteAuthority` joins a lecture host (``/signal``, then a peer connection with the
``authority`` channel), keeps a replica of its room and follows the host's ``applied`` stream
with the same reducer, checking the state hash after each intent (a gap or a different hash
asks for a snapshot). Actions go up as ``act`` and come back as ``ack``. When the host goes
quiet for 3 s the seat reconnects by itself with its seat key and gets its user back.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

from netcode.codec import MAX_SNAPSHOT_BYTES, decode, encode
from netcode.messages import AUTHORITY, DIRECTORY, PROTOCOL, SIGNAL, check
from netcode.pose import pack_pose, unpack_pose
from netcode.rtc import ConnectTimeout, PeerLink
from netcode.transport import Channel
from netcode.voice.seat_voice import EncodedVoiceTrack, SeatVoice
from scripts_py.recipes.load import Recipe, read_recipe_text
from scripts_py.reducer import accepted, apply
from scripts_py.room.hashing import state_hash
from scripts_py.room.limits import RECIPE_FILE_MAX_CHARS
from scripts_py.runtime.authority import Events, JoinRefused, Listener, Outcome
from scripts_py.runtime.flow import TokenBucket
from scripts_py.runtime.projection import Projector
from scripts_py.wire import WireError, decode_frame

log = logging.getLogger("bmm.seat")
BEAT_S = 1.0
LOST_AFTER_S = 3.0
ACT_TIMEOUT_S = 10.0
HOST_POSE_S = 0.5  # how often the host hears where this seat's hands are [s]
MAX_STATE_BYTES = 32 * 1024 * 1024  # a snapshot may not inflate beyond this


class HostError(Exception):
    """The lecture host cannot be joined (the message says why, for the student)."""


def seat_key_path() -> Path:
    """Where this PC keeps its seat key: ``$XDG_DATA_HOME/bmm/seat.key``."""
    from scripts_py.runtime.host import default_db_path

    return default_db_path().with_name("seat.key")


def load_seat_key(path: Path | None = None) -> str:
    """This PC's seat key (made on first use, readable only by the user)."""
    import secrets

    path = path or seat_key_path()
    if path.is_file():
        key = path.read_text(encoding="ascii", errors="replace").strip()
        if 22 <= len(key) <= 64 and all(c.isalnum() or c in "-_" for c in key):
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(24)
    path.write_text(key + "\n", encoding="ascii")
    path.chmod(0o600)
    return key


def inflate(blob: bytes) -> dict[str, Any]:
    """A snapshot's state, inflating at most MAX_STATE_BYTES (a zlib bomb is refused)."""
    unzip = zlib.decompressobj()
    text = unzip.decompress(blob, MAX_STATE_BYTES)
    if unzip.unconsumed_tail:
        raise WireError("too_large", "state", f"inflates beyond {MAX_STATE_BYTES} bytes")
    state = json.loads(text)
    if not isinstance(state, dict) or not isinstance(state.get("version"), int):
        raise WireError("bad_message", "state", "is not a room state")
    return state


class RemoteAuthority:
    """The rooms of a lecture host, as one seat sees them (one user, one room)."""

    def __init__(self, server: str, *, code: str, key: str, name: str, avatar: str,
                 room: str = "", relay_only: bool = False,
                 positions: dict[str, list[float]] | None = None,
                 guide: bool = True, voice: SeatVoice | None = None,
                 observer_token: str = "") -> None:
        self.server = server
        self.observer_token = observer_token  # the panel's token: join as the observer
        self.voice = voice  # the seat's microphone out, the others' voices in (None: off)
        self.guide = guide  # follow the room's guided mode (False: the student turned it off)
        self.code, self.key, self.name, self.avatar = code, key, name, avatar
        self.wanted_room = room
        self.relay_only = relay_only
        self.user_id = ""
        self.room_id = ""
        self.state: dict[str, Any] = {}
        self.seq = -1
        self.presence: dict[str, dict[str, Any]] = {}
        self.projector = Projector(positions or {})
        self.resyncs = 0
        self.reconnects = 0
        self._listeners: list[Listener] = []
        self._acks: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._refs = itertools.count(1)
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._link: PeerLink | None = None
        self._channel: Channel | None = None
        self._ready = asyncio.Event()
        self._answers: asyncio.Queue[str] = asyncio.Queue()
        self._heard = time.monotonic()
        self._tasks: list[asyncio.Task[None]] = []
        self._reader: asyncio.Task[None] | None = None
        self._closing = False
        self._ice: list[dict[str, str]] = []
        self._peers: dict[str, PeerLink] = {}  # the other seats of the room (poses)
        self._peer_answers: dict[str, asyncio.Future[str]] = {}
        self._remote: dict[str, tuple[int, dict[str, list[float]]]] = {}
        self._pose_rate: dict[str, TokenBucket] = {}
        self._pose_n = 0
        self._host_pose_at = 0.0
        self._background: set[asyncio.Future[Any]] = set()
        self.status = ""

    # --- connecting -------------------------------------------------------------------------
    async def connect(self, timeout_s: float = 15.0) -> None:
        """Join the host (raises :class:`HostError` with a message for the student)."""
        self._http = self._http or aiohttp.ClientSession()
        try:
            await asyncio.wait_for(self._join(), timeout_s)
        except TimeoutError:
            raise HostError(f"the lecture host at {self.server} did not answer within "
                            f"{timeout_s:g} s") from None
        except ConnectTimeout as exc:
            raise HostError(str(exc)) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise HostError(f"cannot reach the lecture host at {self.server}: {exc}") from None
        if not self._tasks:
            self._tasks = [asyncio.create_task(self._keepalive())]
            if self.voice is not None:
                await self.voice.start()

    async def _join(self) -> None:
        assert self._http is not None
        self._ready.clear()
        self._ws = await self._http.ws_connect(f"http://{self.server}/signal", heartbeat=10.0,
                                               max_msg_size=64 * 1024)
        await self._ws.send_json({"t": "hello", "protocol": PROTOCOL, "code": self.code,
                                  "key": self.key, "name": self.name, "avatar": self.avatar,
                                  "room": self.wanted_room, "observer": self.observer_token})
        welcome = await self._signal_frame()
        if welcome["t"] == "error":
            raise JoinRefused(welcome["code"], welcome["message"])
        if welcome["t"] != "welcome":
            raise HostError(f"the host at {self.server} answered {welcome['t']!r}, not welcome")
        self.user_id, self.room_id = welcome["user"], welcome["room"]
        self._ice = ice = welcome["ice_servers"]
        self.projector.guide_recipe = self._room_guide("\n".join(welcome["guide"]))
        self._reader = asyncio.create_task(self._read_signals())
        link, offer = await PeerLink.offer(ice, ("authority", "pose"),
                                           relay_only=self.relay_only)
        await self._ws.send_json({"t": "offer", "to": "host", "sdp": offer})
        await link.accept(await self._answers.get())
        await link.wait_open(f"the lecture host at {self.server}")
        old, self._link = self._link, link
        if old is not None:
            await old.close()
        channel = link.channels["authority"]
        channel.on_message = self._on_authority
        self._channel = channel
        self._heard = time.monotonic()
        await self._ready.wait()  # the snapshot
        self.status = ""
        log.info("joined %s on %s as %s", self.room_id, self.server, self.user_id)
        for peer in welcome["peers"]:  # the newcomer offers to everyone already there
            self._spawn(self._offer_to(peer["user"]))

    def _room_guide(self, text: str) -> Recipe | None:
        """The recipe the host guides this room with (None: no guide, or a broken one)."""
        if not text or not self.guide:
            return None
        recipe, errors = read_recipe_text(text, f"the host's recipe ({self.server})",
                                          max_chars=RECIPE_FILE_MAX_CHARS)
        if errors:  # content from another machine: shown as a problem, never trusted
            log.warning("the room's guided recipe is broken, no guide: %s", errors[0])
        return recipe

    async def _signal_frame(self) -> dict[str, Any]:
        assert self._ws is not None
        frame = await self._ws.receive()
        if frame.type != aiohttp.WSMsgType.TEXT:
            raise HostError(f"the lecture host at {self.server} closed the connection")
        return check(SIGNAL, decode_frame(frame.data))

    async def _read_signals(self) -> None:
        """Answers and presence from the host, while the socket is open."""
        while self._ws is not None and not self._ws.closed:
            try:
                msg = await self._signal_frame()
            except HostError:
                return
            except WireError as exc:
                log.info("dropped a signalling frame: %s", exc)
                continue
            sender = msg.get("from", "")
            if msg["t"] == "answer" and sender == "host":
                self._answers.put_nowait(msg["sdp"])
            elif msg["t"] == "answer" and sender in self._peer_answers:
                fut = self._peer_answers.pop(sender)
                if not fut.done():
                    fut.set_result(msg["sdp"])
            elif msg["t"] == "offer" and sender and sender != "host":
                self._spawn(self._answer_peer(sender, msg["sdp"]))
            elif msg["t"] == "peer_left":
                self._spawn(self._forget_peer(msg["user"]))
            elif msg["t"] == "error":
                log.warning("the host says: %s (%s)", msg["message"], msg["code"])

    # --- the mesh: poses straight between seats ---------------------------------------------
    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._reap)

    def _reap(self, task: asyncio.Future[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.info("a mesh connection failed: %s", task.exception())

    def _voice_track(self, user: str) -> EncodedVoiceTrack | None:
        return self.voice.track_for(user) if self.voice is not None else None

    async def _offer_to(self, user: str) -> None:
        link, offer = await PeerLink.offer(self._ice, ("pose",), relay_only=self.relay_only,
                                           audio=self._voice_track(user))
        fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._peer_answers[user] = fut
        try:
            assert self._ws is not None
            await self._ws.send_json({"t": "offer", "to": user, "sdp": offer})
            await link.accept(await asyncio.wait_for(fut, 10.0))
            await link.wait_open(f"seat {user}")
        except BaseException:
            self._peer_answers.pop(user, None)
            await link.close()
            raise
        await self._attach(user, link)

    async def _answer_peer(self, user: str, offer_sdp: str) -> None:
        link, answer = await PeerLink.answer(self._ice, ("pose",), offer_sdp,
                                             relay_only=self.relay_only,
                                             audio=self._voice_track(user))
        try:
            assert self._ws is not None
            await self._ws.send_json({"t": "answer", "to": user, "sdp": answer})
            await link.wait_open(f"seat {user}")
        except BaseException:
            await link.close()
            raise
        await self._attach(user, link)

    async def _attach(self, user: str, link: PeerLink) -> None:
        old, self._peers[user] = self._peers.get(user), link
        if old is not None:
            await old.close()
        link.channels["pose"].on_message = lambda data: self._on_pose(user, data)
        if self.voice is not None:
            self.voice.listen(user, link.pc)
        log.info("pose link to %s open", user)

    async def _forget_peer(self, user: str) -> None:
        self._remote.pop(user, None)
        if self.voice is not None:
            self.voice.forget(user)
        link = self._peers.pop(user, None)
        if link is not None:
            await link.close()

    def _on_pose(self, user: str, data: bytes) -> None:
        rate = self._pose_rate.setdefault(user, TokenBucket(120.0, 240.0))
        if not rate.take():
            return
        try:
            msg = check(AUTHORITY, decode(data))
        except WireError:
            return
        pose = unpack_pose(msg.get("p")) if msg["t"] == "pose" else None
        if pose is None:
            return
        last = self._remote.get(user, (-1, {}))[0]
        if msg["n"] > last or msg["n"] < last - 1000:  # newer, or the peer started again
            self._remote[user] = (msg["n"], pose)

    def send_pose(self, user_id: str, pose: dict[str, list[float]]) -> None:
        """This seat's pose to every other seat of the room, and a few times a second to the
        host (where this seat's items go if it drops out for good)."""
        if user_id != self.user_id:
            return
        self._pose_n += 1
        data = encode({"t": "pose", "n": self._pose_n, "p": pack_pose(pose)})
        now = time.monotonic()
        if self._link is not None and now - self._host_pose_at >= HOST_POSE_S:
            self._host_pose_at = now
            channel = self._link.channels.get("pose")
            if channel is not None:
                channel.send(data)
        for link in list(self._peers.values()):
            channel = link.channels.get("pose")
            if channel is not None:
                channel.send(data)

    def remote_poses(self) -> dict[str, tuple[int, dict[str, list[float]]]]:
        """The newest pose of each other seat."""
        return self._remote

    # --- the replica --------------------------------------------------------------------------
    def _on_authority(self, data: bytes) -> None:
        self._heard = time.monotonic()
        try:
            msg = check(AUTHORITY, decode(data, max_bytes=MAX_SNAPSHOT_BYTES))
        except WireError as exc:
            log.info("dropped a message from the host: %s", exc)
            if self._ready.is_set():  # it may have been part of the stream
                self._resync("a message from the host could not be read")
            return
        handler = getattr(self, f"_on_{msg['t']}", None)
        if handler is not None:
            handler(msg)

    def _on_snapshot(self, msg: dict[str, Any]) -> None:
        try:
            state = inflate(msg["state"])
        except (WireError, ValueError, RecursionError, zlib.error) as exc:
            log.warning("the host sent a snapshot that cannot be read: %s", exc)
            return
        self.room_id = msg["room"]
        self.state, self.seq, self.presence = state, msg["seq"], msg["presence"]
        self._ready.set()
        self._notify([])

    def _on_applied(self, msg: dict[str, Any]) -> None:
        if not self._ready.is_set() or msg["room"] != self.room_id:
            return
        if msg["seq"] != self.seq + 1:
            self._resync(f"a gap in the stream ({self.seq} then {msg['seq']})")
            return
        try:
            state, events = apply(self.state, msg["intent"])
        except Exception:  # a malformed intent from the host must not stop the seat
            log.exception("the host's intent %s could not be applied", msg["seq"])
            self._resync("an intent could not be applied")
            return
        if not accepted(events):
            self._resync(f"the replica refused seq {msg['seq']}: {events[0]['reason']}")
            return
        self.state, self.seq = state, msg["seq"]
        if state_hash(state) != msg["hash"]:
            self._resync(f"the state hash differs at seq {self.seq}")
            return
        if msg["intent"].get("pace"):  # the clock's own "time" event is not news
            events = [e for e in events if e["type"] != "time"]
        self._notify(events)

    def _on_presence(self, msg: dict[str, Any]) -> None:
        if msg["room"] == self.room_id:
            self.presence = msg["presence"]
            self._notify([])

    def _on_ack(self, msg: dict[str, Any]) -> None:
        fut = self._acks.pop(msg["ref"], None)
        if fut is not None and not fut.done():
            fut.set_result(msg)

    def _on_beat(self, msg: dict[str, Any]) -> None:
        pass

    def _on_guide(self, msg: dict[str, Any]) -> None:
        """The instructor reloaded the content: the room's new guided recipe."""
        self.projector.guide_recipe = self._room_guide("\n".join(msg["lines"]))
        self._notify([])

    def _resync(self, why: str) -> None:
        log.warning("replica out of step (%s): asking for a snapshot", why)
        self.resyncs += 1
        self._ready.clear()
        if self._channel is not None:
            self._channel.send(encode({"t": "resync"}))

    def _notify(self, events: Events) -> None:
        for listener in self._listeners:
            try:
                listener(self.room_id, events)
            except Exception:
                log.exception("a listener of the replica failed")

    # --- liveness -----------------------------------------------------------------------------
    async def _keepalive(self) -> None:
        """A beat every second; silence for LOST_AFTER_S, or the host closing the signalling
        socket, starts a reconnect."""
        n = 0
        while not self._closing:
            await asyncio.sleep(BEAT_S)
            n += 1
            if self._channel is not None:
                self._channel.send(encode({"t": "beat", "n": n}))
            socket_gone = self._ws is None or self._ws.closed
            if socket_gone or time.monotonic() - self._heard > LOST_AFTER_S:
                await self._reconnect("the connection closed" if socket_gone
                                      else f"no word for {LOST_AFTER_S:.0f} s")

    async def _reconnect(self, why: str) -> None:
        self.status = f"Lost the lecture host at {self.server}: reconnecting…"
        log.warning("lost the host (%s): reconnecting", why)
        await self._drop_connection()
        delay = 0.5
        while not self._closing:
            try:
                await asyncio.wait_for(self._join(), 15.0)
                self.reconnects += 1
                return
            except Exception as exc:
                log.info("reconnect failed (%s); again in %.1f s", exc, delay)
                await self._drop_connection()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _drop_connection(self) -> None:
        self._ready.clear()
        for fut in self._acks.values():
            if not fut.done():
                fut.set_exception(HostError("the connection to the host was lost"))
        self._acks.clear()
        self._channel = None
        link, self._link = self._link, None
        if link is not None:
            await link.close()
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
        for user in list(self._peers):
            await self._forget_peer(user)
        while not self._answers.empty():
            self._answers.get_nowait()

    @property
    def connected(self) -> bool:
        """True while the replica follows the host (False while reconnecting)."""
        return self._ready.is_set() and self._channel is not None

    # --- the Authority interface ----------------------------------------------------------
    @property
    def default_room(self) -> str:
        """The room this seat is in."""
        return self.room_id

    def directory(self) -> list[dict[str, Any]]:
        """This seat's room (the host's full list is its ``/rooms``)."""
        users = sum(1 for u in self.state.get("users", {}).values() if u["role"] != "observer")
        return [{"id": self.room_id, "name": self.room_id, "users": users, "max_users": 6}]

    def room_state(self, room_id: str) -> dict[str, Any]:
        """The replica (KeyError for any other room)."""
        if room_id != self.room_id:
            raise KeyError(room_id)
        return self.state

    def view(self, room_id: str) -> dict[str, Any]:
        """The replica as Godot shows it."""
        return self.projector.view(self.room_state(room_id), self.presence)

    def new_user_id(self) -> str:
        """This seat's user, as the host named it."""
        return self.user_id

    async def enter(self, room_id: str, user_id: str, name: str, avatar: str) -> None:
        """The seat is in its room already; anything else is refused."""
        if room_id != self.room_id or user_id != self.user_id:
            raise JoinRefused("one_seat", f"this seat is {self.user_id} in {self.room_id}")

    async def exit(self, room_id: str, user_id: str) -> None:
        """Leaving happens when the seat closes (the host keeps the place for a while)."""

    async def act(self, room_id: str, intents: list[dict[str, Any]]) -> Outcome:
        """Send one action to the host and wait for its ack."""
        if self._channel is None or not self._ready.is_set():
            return Outcome(0, {"code": "host_unreachable",
                               "reason": self.status or "not connected to the lecture host"},
                           int(self.state.get("version", 0)))
        ref = next(self._refs)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[ref] = fut
        clean = [{k: v for k, v in i.items() if k != "sender"} for i in intents]
        self._channel.send(encode({"t": "act", "ref": ref, "intents": clean}))
        try:
            ack = await asyncio.wait_for(fut, ACT_TIMEOUT_S)
        except (TimeoutError, HostError) as exc:
            self._acks.pop(ref, None)
            return Outcome(0, {"code": "host_unreachable", "reason": f"the lecture host did "
                               f"not answer ({exc or 'timeout'})"},
                           int(self.state.get("version", 0)))
        refusal = ack.get("refusal")
        return Outcome(ack["done"], refusal, int(self.state["version"]))

    async def save_room(self, name: str) -> str:
        """Save the room on the host (observers only); returns the name it was saved as.
        Raises :class:`HostError` with the host's reason."""
        if self._channel is None or not self._ready.is_set():
            raise HostError(self.status or "not connected to the lecture host")
        ref = next(self._refs)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[ref] = fut
        self._channel.send(encode({"t": "save", "ref": ref, "name": name}))
        try:
            answer = await asyncio.wait_for(fut, ACT_TIMEOUT_S)
        except TimeoutError:
            raise HostError("the lecture host did not answer") from None
        finally:
            self._acks.pop(ref, None)
        if answer.get("error"):
            raise HostError(str(answer["error"]))
        return str(answer.get("name", name))

    def _on_saved(self, msg: dict[str, Any]) -> None:
        self._on_ack(msg)

    def tick(self) -> int:
        """Nothing: the host paces the clock."""
        return 0

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(room_id, events)`` after every change the replica follows."""
        self._listeners.append(listener)

    async def aclose(self) -> None:
        """Leave the host (it keeps this seat's place for its grace period)."""
        self._closing = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for task in list(self._background):
            task.cancel()
        await self._drop_connection()
        if self.voice is not None:
            await self.voice.aclose()
        if self._http is not None:
            await self._http.close()

    def describe(self) -> str:
        """This seat's room and user on the host."""
        return f"{self.room_id} on the lecture host {self.server}, as {self.user_id}"

    @property
    def positions(self) -> dict[str, list[float]]:
        """Where the Easter eggs are [m]."""
        return self.projector.egg_positions


class Classes:
    """:class:`~scripts_py.runtime.authority.ClassAccess`: the home screen's way into a class."""

    def __init__(self, key: str | None = None,
                 positions: dict[str, list[float]] | None = None,
                 guide: bool = True,
                 voice: Callable[[], Awaitable[SeatVoice | None]] | None = None,
                 observer_token: str = "") -> None:
        self.observer_token = observer_token  # join as the instructor's observer seat
        self.key = key
        self.positions = positions
        self.guide = guide  # False: the student's --no-guide (the host chooses the recipe)
        self.voice = voice  # makes the seat's voice when it joins (None: no voice)

    async def rooms(self, server: str) -> list[dict[str, Any]]:
        """``GET /rooms`` of the host, checked."""
        try:
            async with aiohttp.ClientSession() as http, http.get(
                    f"http://{server}/rooms", timeout=aiohttp.ClientTimeout(total=5)) as got:
                body = await got.content.read(64 * 1024)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise JoinRefused("host_unreachable", f"no lecture host at {server}: "
                                                  f"{exc or 'no answer'}") from None
        try:
            rooms = check(DIRECTORY, {"t": "rooms", **json.loads(body)})["rooms"]
        except (ValueError, WireError) as exc:
            raise JoinRefused("bad_host", f"{server} does not answer like a lecture host "
                                          f"({exc})") from None
        return rooms

    async def join(self, server: str, *, code: str, room: str, name: str,
                   avatar: str) -> RemoteAuthority:
        """Join ``room`` of the host (raises JoinRefused with a reason for the student)."""
        if self.positions is None:  # where this checkout's Easter eggs are
            from scripts_py.recipes.content import load_room_content
            from scripts_py.runtime.host import egg_positions
            from scripts_py.runtime.play import repo_root

            self.positions = egg_positions(load_room_content(repo_root() / "recipes"))
        seat = RemoteAuthority(server, code=code, key=self.key or load_seat_key(), name=name,
                               avatar=avatar, room=room, positions=self.positions,
                               guide=self.guide,
                               voice=await self.voice() if self.voice is not None else None,
                               observer_token=self.observer_token)
        try:
            await seat.connect()
        except JoinRefused:
            await seat.aclose()
            raise
        except HostError as exc:
            await seat.aclose()
            raise JoinRefused("host_unreachable", str(exc)) from None
        return seat
