"""A channel between two peers: bytes in, bytes out, a callback per message.

The host and the seats are written against :class:`Channel` only. :func:`memory_pair` makes
two connected in-memory channels (unit tests; ``loss`` drops a share of the messages, as the
unordered pose channel may); :mod:`netcode.rtc` wraps aiortc's data channels.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable

log = logging.getLogger("bmm.mesh")
Receiver = Callable[[bytes], None]


class Channel:
    """One direction-agnostic message channel. Set ``on_message`` and ``on_close``."""

    label = ""

    def __init__(self) -> None:
        self.on_message: Receiver | None = None
        self.on_close: Callable[[], None] | None = None
        self.closed = False
        self.sent = 0
        self.received = 0

    def send(self, data: bytes) -> bool:
        """Send one message; False when the channel is not open (nothing is queued)."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the channel (``on_close`` runs once)."""
        if self.closed:
            return
        self.closed = True
        if self.on_close is not None:
            self._call(self.on_close)

    def deliver(self, data: bytes) -> None:
        """Hand a received message to ``on_message``; a failure there is logged, never
        raised into the transport (aiortc closes a channel whose handler raises)."""
        if self.closed or self.on_message is None:
            return
        self.received += 1
        self._call(self.on_message, data)

    def _call(self, fn: Callable[..., object], *args: object) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("a %s channel handler failed (the channel stays open)", self.label)


class MemoryChannel(Channel):
    """One end of an in-memory channel pair (delivery on the next loop turn)."""

    def __init__(self, label: str, loss: float = 0.0, rng: random.Random | None = None
                 ) -> None:
        super().__init__()
        self.label = label
        self.loss = loss
        self.rng = rng or random.Random(0)
        self.other: MemoryChannel | None = None

    def send(self, data: bytes) -> bool:
        if self.closed or self.other is None or self.other.closed:
            return False
        self.sent += 1
        if self.loss and self.rng.random() < self.loss:
            return True
        asyncio.get_running_loop().call_soon(self.other.deliver, bytes(data))
        return True

    def close(self) -> None:
        was_open = not self.closed
        super().close()
        if was_open and self.other is not None:
            self.other.close()


def memory_pair(label: str, loss: float = 0.0, seed: int = 0
                ) -> tuple[MemoryChannel, MemoryChannel]:
    """Two connected in-memory channels."""
    rng = random.Random(seed)
    a, b = MemoryChannel(label, loss, rng), MemoryChannel(label, loss, rng)
    a.other, b.other = b, a
    return a, b
