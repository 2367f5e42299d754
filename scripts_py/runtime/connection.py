"""One seat's connection: who it is, what it was sent, its outbox and its rate limits.

:meth:`Connection.send` encodes once and queues within the outbox's bounds; a seat whose
outbox overflows is cut at once (:meth:`Connection.drop`) and what was queued is freed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection

from scripts_py.runtime.bindings import Binding
from scripts_py.runtime.flow import Outbox, OutboxFull, SeatLimits, TokenBucket

log = logging.getLogger("bmm.runtime")
AUDIO_BACKLOG = 40  # messages waiting beyond which voice frames are dropped (≈ 0.4 s of 4 voices)


def encode(msg: dict[str, Any]) -> str:
    """One JSON text frame (compact, UTF-8, no NaN; raises ValueError if it cannot be sent)."""
    text = json.dumps(msg, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    if not text.isascii():
        text.encode("utf-8")  # a lone surrogate raises here, not in the writer
    return text


@dataclass(eq=False)
class Connection:
    """One Godot seat: its user, room, machine bindings, what it was last sent, its limits."""

    ws: ServerConnection
    number: int
    limits: SeatLimits = field(default_factory=SeatLimits)
    user_id: str = ""
    name: str = "Student"
    avatar: str = "lab_blue"
    room: str = ""
    scene: str = ""
    said_hello: bool = False
    bindings: list[Binding] = field(default_factory=list)
    sent_version: int = -1
    sent_view: dict[str, Any] | None = None
    pings: dict[int, asyncio.Future[float]] = field(default_factory=dict)
    pose: dict[str, Any] | None = None
    pose_seq: int = 0
    relayed_seq: int = -1
    opened: float = field(default_factory=time.monotonic)
    last_heard: float = field(default_factory=time.monotonic)
    dropped: str = ""
    closing: bool = False
    suppressed: int = 0  # complaints not sent or logged (over the complaint rate)
    audio_dropped: int = 0  # voice frames not sent because the seat was behind

    def __post_init__(self) -> None:
        lim = self.limits
        self.outbox = Outbox(lim.outbox_max_bytes, lim.outbox_max_messages)
        self.messages = TokenBucket(lim.messages_per_s, lim.messages_burst)
        self.intents = TokenBucket(lim.intents_per_s, lim.intents_burst)
        self.ping_rate = TokenBucket(lim.pings_per_s, lim.pings_burst)
        self.resync_rate = TokenBucket(lim.resyncs_per_s, lim.resyncs_burst)
        self.complaints = TokenBucket(lim.complaints_per_s, lim.complaints_burst)
        self.pose_buffer: dict[str, Any] = {}
        self.outbox.on_latest_sent = self.pose_buffer.clear

    @property
    def who(self) -> str:
        """``seat N (user)`` for log lines."""
        return f"seat {self.number} ({self.user_id or '-'})"

    def send(self, msg: dict[str, Any]) -> None:
        """Queue a message (sent in order by the connection's writer task)."""
        if self.dropped:
            return
        try:
            text = encode(msg)
        except ValueError:
            log.exception("%s: a %s message could not be encoded; not sent", self.who,
                          msg.get("t"))
            return
        try:
            self.outbox.put(text)
        except OutboxFull as full:
            self.drop(f"it does not read what it is sent ({full})")

    def send_audio(self, frame: bytes) -> bool:
        """Queue a binary voice frame unless the seat is behind: voice is dropped, never
        queued past ``AUDIO_BACKLOG`` messages, so it cannot block the state or cut a seat."""
        if self.dropped or len(self.outbox) >= AUDIO_BACKLOG:
            self.audio_dropped += 1
            return False
        try:
            self.outbox.put(frame)
        except OutboxFull:
            self.audio_dropped += 1
            return False
        return True

    def send_poses(self, users: dict[str, Any]) -> None:
        """Poses for this seat, merged with those not sent yet (newest per user wins)."""
        if self.dropped:
            return
        self.pose_buffer.update(users)
        try:
            text = encode({"t": "poses", "users": self.pose_buffer})
        except ValueError:
            log.exception("%s: poses could not be encoded", self.who)
            self.pose_buffer.clear()
            return
        self.outbox.put_latest(text)

    def drop(self, reason: str) -> None:
        """Cut the connection now and free what was queued for it."""
        if self.dropped:
            return
        self.dropped = reason
        self.outbox.close()
        log.warning("%s dropped: %s", self.who, reason)
        transport = getattr(self.ws, "transport", None)
        if transport is not None:
            transport.abort()
