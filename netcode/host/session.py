"""One seat as the host sees it: its user, its connections, its limits.

The user is decided by the host (from the seat key) and never read from a message: every
intent that arrives on this seat's authority channel gets ``sender = user`` here.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from netcode.codec import encode
from netcode.rtc import PeerLink
from netcode.transport import Channel
from scripts_py.runtime.flow import TokenBucket

log = logging.getLogger("bmm.host")


@dataclass(eq=False)
class SeatSession:
    """A seat of the class: user, room, signalling socket and peer connection."""

    user: str
    name: str
    avatar: str
    room: str
    role: str = "student"  # "observer": the instructor, signed in with the panel's token
    ws: web.WebSocketResponse | None = None
    link: PeerLink | None = None
    authority: Channel | None = None
    streaming: bool = False  # the snapshot went out: `applied` follows
    last_heard: float = field(default_factory=time.monotonic)
    grace: asyncio.TimerHandle | None = None
    dropped: int = 0  # malformed or throttled messages
    hands_seen: dict[str, list[float]] = field(default_factory=dict)  # from its poses [m]
    head_seen: list[float] | None = None  # [x, y, z] from its poses [m] (the panel's map)
    acts: TokenBucket = field(default_factory=lambda: TokenBucket(20.0, 40.0))
    resyncs: TokenBucket = field(default_factory=lambda: TokenBucket(1.0, 3.0))
    messages: TokenBucket = field(default_factory=lambda: TokenBucket(100.0, 200.0))

    @property
    def who(self) -> str:
        """``user (name)`` for log lines."""
        return f"{self.user} ({self.name})"

    @property
    def connected(self) -> bool:
        """True while its signalling socket is open."""
        return self.ws is not None and not self.ws.closed

    def send(self, msg: dict[str, Any]) -> bool:
        """One message on the authority channel (False when it is not open)."""
        return self.authority is not None and self.authority.send(encode(msg))

    async def signal(self, msg: dict[str, Any]) -> None:
        """One signalling frame (dropped when the socket is gone)."""
        if self.connected:
            assert self.ws is not None
            try:
                await self.ws.send_json(msg)
            except (ConnectionError, RuntimeError):
                log.info("%s: signalling socket gone", self.who)

    async def disconnect(self) -> None:
        """Let go of the peer connection (the socket is closed by its handler)."""
        self.streaming = False
        self.authority = None
        link, self.link = self.link, None
        if link is not None:
            await link.close()
