"""Flow control for one seat: a bounded outbox and token-bucket rate limits.

The outbox holds what is queued for a seat, in order, up to ``max_bytes`` and ``max_messages``;
a seat that does not read fills it and is dropped by the server (its memory freed). Poses are
not queued: the newest ``poses`` message waits in a single slot and replaces the one before,
so a slow seat never piles them up (PROTOCOL.md: poses may be dropped).
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable
from dataclasses import dataclass

OUTBOX_MAX_BYTES = 2 * 1024 * 1024  # characters of JSON text (about bytes)
OUTBOX_MAX_MESSAGES = 500


class OutboxFull(Exception):
    """The seat stopped reading: its outbox is over its limits."""


class Outbox:
    """Messages waiting for one seat's writer, bounded in bytes and count."""

    def __init__(self, max_bytes: int = OUTBOX_MAX_BYTES,
                 max_messages: int = OUTBOX_MAX_MESSAGES) -> None:
        self.max_bytes = max_bytes
        self.max_messages = max_messages
        self._queue: collections.deque[str | bytes] = collections.deque()
        self._latest: str | None = None
        self.on_latest_sent: Callable[[], None] | None = None  # the slot was taken to send
        self.bytes = 0
        self.closed = False
        self._ready = asyncio.Event()

    def __len__(self) -> int:
        return len(self._queue) + (self._latest is not None)

    def put(self, text: str | bytes) -> None:
        """Queue ``text`` (bytes: a binary frame); raises :class:`OutboxFull` over the
        limits (nothing is queued)."""
        if self.closed:
            return
        size = len(text)
        if len(self._queue) >= self.max_messages or self.bytes + size > self.max_bytes:
            raise OutboxFull(f"{len(self._queue)} messages, {self.bytes / 1e6:.1f} MB unread")
        self._queue.append(text)
        self.bytes += size
        self._ready.set()

    def put_latest(self, text: str) -> None:
        """Offer ``text`` in the single replaceable slot (sent after the queue)."""
        if not self.closed:
            self._latest = text
            self._ready.set()

    async def get(self) -> str | bytes | None:
        """The next message to send; None once the outbox is closed."""
        while True:
            if self.closed:
                return None
            if self._queue:
                text = self._queue.popleft()
                self.bytes -= len(text)
                return text
            if self._latest is not None:
                text, self._latest = self._latest, None
                if self.on_latest_sent is not None:
                    self.on_latest_sent()
                return text
            self._ready.clear()
            await self._ready.wait()

    def drain(self) -> list[str | bytes]:
        """Take everything waiting, in sending order (for callers without a writer)."""
        out = list(self._queue) + ([self._latest] if self._latest is not None else [])
        self._queue.clear()
        self._latest = None
        self.bytes = 0
        return out

    def close(self) -> None:
        """Drop everything queued and wake the writer (it ends)."""
        self.closed = True
        self._queue.clear()
        self._latest = None
        self.bytes = 0
        self._ready.set()


@dataclass(slots=True)
class TokenBucket:
    """``rate_per_s`` tokens a second, at most ``burst`` saved up; one per allowed action."""

    rate_per_s: float
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def take(self, now: float | None = None) -> bool:
        """True (and one token less) when the action is allowed now."""
        now = time.monotonic() if now is None else now
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate_per_s)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


@dataclass(frozen=True, slots=True)
class SeatLimits:
    """Per-seat limits of the runtime (rates per second, bursts, sizes, timeouts [s])."""

    messages_per_s: float = 200.0
    messages_burst: float = 400.0
    intents_per_s: float = 20.0
    intents_burst: float = 40.0
    pings_per_s: float = 10.0
    pings_burst: float = 20.0
    resyncs_per_s: float = 2.0  # a full state is the dearest answer (up to ~20 ms to encode)
    resyncs_burst: float = 5.0
    complaints_per_s: float = 2.0  # error answers and log lines about one seat
    complaints_burst: float = 10.0
    outbox_max_bytes: int = OUTBOX_MAX_BYTES
    outbox_max_messages: int = OUTBOX_MAX_MESSAGES
    hello_timeout_s: float = 10.0  # a connection must say hello within this
    idle_timeout_s: float = 30.0  # a seat that sends nothing this long is closed
    max_connections: int = 32
