"""One remote speaker's jitter buffer with packet-loss concealment.

Packets arrive with their RTP sequence number whenever the network delivers them; the playout
clock pulls one 20 ms frame per tick. A talk spurt starts playing once ``prefetch`` frames are
buffered (more when arrivals are jittery: 2 × the RFC 3550 jitter estimate, 40–120 ms); a
frame that is missing when its turn comes is concealed (the last frame again, fading by half
each time, then silence); a late packet is dropped; a buffer that grows past ``prefetch + 4``
frames skips its oldest frame so the delay cannot creep. When the speaker stops (push-to-talk
released) the buffer conceals a few frames, then goes idle and waits for the next spurt.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from netcode.voice.codec import FRAME_MS, PLAYOUT_SAMPLES

CONCEAL_FRAMES = 3  # concealed frames before a quiet speaker is taken as silent
MIN_PREFETCH, MAX_PREFETCH = 2, 6  # frames buffered before a spurt plays (40–120 ms)
MAX_BUFFERED = 25  # frames kept at most (500 ms); older ones are dropped
RTP_CLOCK_HZ = 48_000


@dataclass
class BufferStats:
    """What happened to one speaker's packets (for tests, the benchmark and logs)."""

    received: int = 0
    played: int = 0
    concealed: int = 0
    late: int = 0
    skipped: int = 0  # dropped to keep the delay bounded
    undecodable: int = 0
    spurts: int = 0


@dataclass
class SpeakerBuffer:
    """Jitter buffer + concealment for one speaker; ``decode`` turns a payload into PCM."""

    decode: Callable[[bytes], np.ndarray | None]
    frame_samples: int = PLAYOUT_SAMPLES
    stats: BufferStats = field(default_factory=BufferStats)
    _packets: dict[int, bytes] = field(default_factory=dict)
    _highest: int | None = None  # highest unwrapped sequence number seen
    _next: int | None = None  # the sequence number the next tick plays (None: idle)
    _misses: int = 0
    _last: np.ndarray | None = None
    _jitter_ms: float = 0.0
    _transit: float | None = None

    def _unwrap(self, seq16: int) -> int:
        if self._highest is None:
            return seq16
        delta = (seq16 - (self._highest & 0xFFFF) + 0x8000) % 0x10000 - 0x8000
        return self._highest + delta

    def push(self, seq16: int, rtp_timestamp: int, payload: bytes, arrival_s: float) -> None:
        """A packet from the network (any order, duplicates and garbage included)."""
        seq = self._unwrap(seq16 & 0xFFFF)
        if self._next is not None and seq < self._next:
            self.stats.late += 1
            return
        if self._highest is not None and seq > self._highest + 1000:  # the sender restarted
            self._packets.clear()
            self._next = None
        self.stats.received += 1
        self._packets[seq] = payload
        self._highest = seq if self._highest is None else max(self._highest, seq)
        transit = arrival_s * 1000.0 - (rtp_timestamp & 0xFFFFFFFF) * 1000.0 / RTP_CLOCK_HZ
        if self._transit is not None:
            d = abs(transit - self._transit)
            if d < 1000.0:  # not a wrap or a new spurt's jump
                self._jitter_ms += (d - self._jitter_ms) / 16.0
        self._transit = transit
        while len(self._packets) > MAX_BUFFERED:
            del self._packets[min(self._packets)]
            self.stats.skipped += 1

    @property
    def prefetch(self) -> int:
        """Frames buffered before a spurt plays."""
        want = math.ceil((2.0 * self._jitter_ms + 5.0) / FRAME_MS)
        return max(MIN_PREFETCH, min(MAX_PREFETCH, want))

    @property
    def depth(self) -> int:
        """Frames waiting."""
        return len(self._packets)

    @property
    def playing(self) -> bool:
        """True during a talk spurt (frames come out each tick)."""
        return self._next is not None

    def pull(self) -> tuple[np.ndarray, bool] | None:
        """The next 20 ms: (int16 PCM, concealed?), or None while the speaker is silent."""
        if self._next is None:
            if not self._packets or self._highest is None:
                return None
            if self._highest - min(self._packets) + 1 < self.prefetch:
                return None
            self._next = min(self._packets)
            self._misses = 0
            self.stats.spurts += 1
        while len(self._packets) > self.prefetch + 4 and min(self._packets) <= self._next:
            # the delay crept up (a burst after a stall): skip the oldest frame
            self._packets.pop(self._next, None)
            self._next += 1
            self.stats.skipped += 1
        payload = self._packets.pop(self._next, None)
        self._next += 1
        pcm = self.decode(payload) if payload is not None else None
        if payload is not None and pcm is None:
            self.stats.undecodable += 1
        if pcm is not None:
            pcm = _fit(pcm, self.frame_samples)
            self._last, self._misses = pcm, 0
            self.stats.played += 1
            return pcm, False
        self._misses += 1
        later = any(s >= self._next for s in self._packets)
        if not later and self._misses > CONCEAL_FRAMES:
            self._next = None  # the spurt ended: silent until the next one
            self._last = None
            return None
        self.stats.concealed += 1
        if self._last is None or self._misses > CONCEAL_FRAMES:
            return np.zeros(self.frame_samples, dtype=np.int16), True
        fade = 0.5 ** self._misses
        return (self._last * fade).astype(np.int16), True


def _fit(pcm: np.ndarray, n: int) -> np.ndarray:
    """Exactly ``n`` samples (a decoder may give another frame length)."""
    if len(pcm) == n:
        return pcm
    if len(pcm) > n:
        return pcm[:n]
    return np.concatenate([pcm, np.zeros(n - len(pcm), dtype=np.int16)])
