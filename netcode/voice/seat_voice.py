"""A seat's voice: capture → gate → one Opus encode → the same packets to every peer's
``RTCRtpSender`` (which only packetises an already encoded packet); on receive, each peer's
RTP packets go straight into that speaker's jitter buffer (aiortc's own audio path is
bypassed: its buffer stalls for up to 16 packets on a single loss), and a 20 ms playout clock
hands each speaking peer's PCM to ``on_frame``.

Identity comes from the connection: a packet belongs to the peer whose connection carried it.
Every peer is rate-limited and its packets are bounded before anything decodes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import av
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection
from aiortc.mediastreams import MediaStreamError

from netcode.voice.capture import MODES, Gate, level_of, rms
from netcode.voice.codec import FRAME_MS, MAX_OPUS_BYTES, VoiceDecoder, VoiceEncoder
from netcode.voice.jitter import SpeakerBuffer
from scripts_py.runtime.flow import TokenBucket

log = logging.getLogger("bmm.voice")
TRACK_QUEUE = 10  # encoded packets waiting for one peer's sender (200 ms); older are dropped
STATUS_EVERY_S = 0.2  # the level meter's update rate while it moves
FrameSink = Callable[[str, np.ndarray, bool], None]  # speaker, int16 PCM, concealed


class EncodedVoiceTrack(MediaStreamTrack):
    """An audio track whose frames are already Opus packets (one per peer, same packets)."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._queue: asyncio.Queue[av.Packet] = asyncio.Queue(maxsize=TRACK_QUEUE)
        self.sent = 0
        self.dropped = 0

    def offer(self, packet: av.Packet) -> None:
        """Queue a packet for this peer (the oldest goes when the peer's sender lags)."""
        if self.readyState != "live":
            return
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(packet)

    async def recv(self) -> av.Packet:  # type: ignore[override]
        if self.readyState != "live":
            raise MediaStreamError
        packet = await self._queue.get()
        self.sent += 1
        return packet


class SeatVoice:
    """One seat's microphone out and its peers' voices in."""

    def __init__(self, source: Any | None = None, *, mode: str = "ptt", problem: str = "",
                 bitrate_bps: int = 24_000) -> None:
        self.source = source
        self.gate = Gate(mode)
        self.encoder = VoiceEncoder(bitrate_bps)
        self.problem = problem if source is None else ""
        self.tracks: dict[str, EncodedVoiceTrack] = {}
        self.buffers: dict[str, SpeakerBuffer] = {}
        self._decoders: dict[str, VoiceDecoder] = {}
        self._rates: dict[str, TokenBucket] = {}
        self.on_frame: FrameSink | None = None
        self.on_status: Callable[[dict[str, Any]], None] | None = None
        self.frames_captured = 0
        self.packets_encoded = 0  # distinct Opus packets (each goes to every peer)
        self.bad_packets = 0
        self.live = False
        self.capturing = source is not None
        self.level = 0.0
        self._status_sent: dict[str, Any] = {}
        self._status_at = 0.0
        self._tasks: list[asyncio.Task[None]] = []

    # --- peers ---------------------------------------------------------------------------
    def track_for(self, user: str) -> EncodedVoiceTrack:
        """A new outgoing track for a peer connection to ``user`` (replaces an old one)."""
        old = self.tracks.pop(user, None)
        if old is not None:
            old.stop()
        track = self.tracks[user] = EncodedVoiceTrack()
        return track

    def listen(self, user: str, pc: RTCPeerConnection) -> None:
        """Take ``user``'s voice from ``pc``'s audio receivers into its own buffer."""
        self._decoders[user] = decoder = VoiceDecoder()
        self.buffers[user] = SpeakerBuffer(decoder.decode)
        self._rates[user] = TokenBucket(100.0, 150.0)  # 50 packets/s is a speaker's rate
        for transceiver in pc.getTransceivers():
            if transceiver.kind == "audio":
                _bypass(transceiver.receiver, lambda packet, u=user: self._on_rtp(u, packet))

    def forget(self, user: str) -> None:
        """A peer left: stop its track and drop its buffer."""
        track = self.tracks.pop(user, None)
        if track is not None:
            track.stop()
        self.buffers.pop(user, None)
        self._decoders.pop(user, None)
        self._rates.pop(user, None)

    def _on_rtp(self, user: str, packet: Any) -> None:
        buffer, rate = self.buffers.get(user), self._rates.get(user)
        if buffer is None or rate is None or not rate.take():
            self.bad_packets += 1
            return
        payload = packet.payload
        if not isinstance(payload, bytes) or not 0 < len(payload) <= MAX_OPUS_BYTES:
            self.bad_packets += 1
            return
        buffer.push(packet.sequence_number, packet.timestamp, payload, time.monotonic())

    # --- running ----------------------------------------------------------------------------
    async def start(self) -> None:
        """Start capturing (when there is a source) and the playout clock."""
        if self._tasks:
            return
        self._tasks.append(asyncio.create_task(self._playout()))
        if self.source is not None:
            self._tasks.append(asyncio.create_task(self._capture()))
        self._publish(force=True)

    async def aclose(self) -> None:
        """Stop everything and release the microphone."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        for user in list(self.tracks):
            self.forget(user)
        if self.source is not None:
            self.source.close()

    async def _capture(self) -> None:
        index = 0
        while True:
            try:
                chunk = await self.source.read()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the device failed: say so, keep hearing the others
                log.warning("the microphone failed: %s", exc)
                self.capturing, self.live = False, False
                self.problem = f"the microphone stopped: {exc}"[:200]
                self._publish(force=True)
                return
            if chunk is None:
                self.capturing = self.live = False
                self._publish()
                continue
            index += 1
            self.frames_captured += 1
            level = rms(chunk.pcm)
            self.capturing = level > 2.0
            self.level = level_of(level)
            self.live = self.gate.step(level)
            if self.live and self.tracks:  # nobody to hear it: nothing to encode
                try:
                    packets = self.encoder.encode(chunk.pcm, index)
                except (av.FFmpegError, ValueError) as exc:
                    log.warning("the voice encoder failed: %s", exc)
                    packets = []
                for packet in packets:
                    self.packets_encoded += 1
                    for track in list(self.tracks.values()):
                        track.offer(packet)
            self._publish()

    async def _playout(self) -> None:
        period = FRAME_MS / 1000.0
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            due += period
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.1:  # stalled: start the clock again rather than burst
                due = loop.time()
            for user, buffer in list(self.buffers.items()):
                try:
                    out = buffer.pull()
                    if out is not None and self.on_frame is not None:
                        self.on_frame(user, out[0], out[1])
                except Exception:  # one speaker's trouble never stops the others
                    log.exception("voice playout for %s failed", user)

    # --- controls and status ---------------------------------------------------------------
    def control(self, *, talk: bool | None = None, mute: bool | None = None,
                mode: str | None = None) -> None:
        """Push-to-talk, mute and mode from the seat's user."""
        if talk is not None:
            self.gate.talk_held = talk
        if mute is not None:
            self.gate.muted = mute
        if mode is not None:
            if mode not in MODES:
                raise ValueError(f"mode: {mode!r}; one of {MODES}")
            self.gate.mode = mode
        gate = self.gate  # until the next captured frame decides again
        self.live = self.live and not gate.muted and (gate.mode == "vad" or gate.talk_held)
        self._publish(force=True)

    def status(self) -> dict[str, Any]:
        """The ``voice_status`` message for Godot."""
        return {"t": "voice_status", "available": self.source is not None,
                "device": getattr(self.source, "device", "") if self.source else "",
                "mode": self.gate.mode, "muted": self.gate.muted,
                "talking": self.gate.talking, "live": self.live,
                "capturing": self.capturing, "level": round(self.level * 20) / 20,
                "problem": self.problem}

    def _publish(self, force: bool = False) -> None:
        if self.on_status is None:
            return
        status = self.status()
        now = time.monotonic()
        changed = {k for k, v in status.items() if self._status_sent.get(k) != v}
        if not changed:
            return
        if not force and changed == {"level"} and now - self._status_at < STATUS_EVERY_S:
            return
        self._status_sent, self._status_at = status, now
        try:
            self.on_status(status)
        except Exception:
            log.exception("sending the voice status failed")

    @property
    def stats(self) -> dict[str, Any]:
        """Counters for tests and the benchmark."""
        return {"frames_captured": self.frames_captured, "encodes": self.encoder.encodes,
                "packets_encoded": self.packets_encoded, "bad_packets": self.bad_packets,
                "peers": {u: vars(b.stats).copy() for u, b in self.buffers.items()},
                "tracks": {u: {"sent": t.sent, "dropped": t.dropped}
                           for u, t in self.tracks.items()}}


def _bypass(receiver: Any, on_packet: Callable[[Any], None]) -> None:
    """Route a receiver's RTP packets to ``on_packet`` instead of aiortc's audio path."""
    async def handle(packet: Any, arrival_time_ms: int = 0) -> None:
        try:
            on_packet(packet)
        except Exception:  # never into aiortc: it would close the transport
            log.exception("a voice packet could not be handled")

    receiver._handle_rtp_packet = handle  # aiortc's per-packet entry point
